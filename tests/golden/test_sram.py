"""Physical parameter memories (contract section 5): macro shapes, the tier-2 entries in
the weight words, and the per-macro back-door images."""
import pytest

from golden import config, images, model, quant, sram


def test_chip_macros():
    hw = config.preset("timit").hw
    w, t1, b = (sram.geometry(hw, m) for m in sram.PHYS)
    assert (w.width, w.depth, w.nrow, w.ncol, w.col_width) == (387, 6144, 3, 3, 135)
    assert [bits for r, _, _, _, _, bits in w.macros() if r == 0] == [135, 135, 117]   # 15 x 9 + 15 x 9 + 13 x 9
    assert (w.masked, t1.masked, b.masked) == (False, False, True)
    assert (t1.nrow, t1.ncol, t1.width, t1.depth) == (1, 1, 4, 1536)
    assert (b.nrow, b.ncol, b.col_width) == (1, 2, 128)
    assert sram.macro_bits(hw) == {"wmem": 6144 * 387, "t1mem": 1536 * 4, "bmem": 384 * 256}


@pytest.mark.parametrize("preset", ["tiny", "small", "mid", "timit"])
def test_every_macro_fits_the_limits_and_the_columns_tile_the_word(preset):
    hw = config.preset(preset).hw
    for m in sram.PHYS:
        g = sram.geometry(hw, m)
        ms = g.macros()
        assert all(n <= sram.SRAM_MAX_D and 1 <= bits <= sram.SRAM_MAX_W for _, _, _, n, _, bits in ms)
        assert sum(bits for r, _, _, _, _, bits in ms if r == 0) == g.width
        assert sum(n for _, c, _, n, _, _ in ms if c == 0) == g.depth


@pytest.mark.parametrize("preset", ["tiny", "small", "mid", "timit", "tedlium"])
def test_writes_are_whole_segments(preset):
    """What the front door writes into a masked memory is whole write-enable segments of
    every macro: a 32-bit slot is SPS segments, every column starts on one, and a full-width
    macro is whole segments (so a macro needs no per-bit write mask). The unmasked memories
    are written a word at a time; their columns start on SRAM_COL_W multiples."""
    seg = sram.SRAM_SEG_W
    assert 32 % seg == 0 and sram.SRAM_MAX_W % seg == 0 and sram.SRAM_MAX_W % sram.SRAM_COL_W == 0
    hw = config.preset(preset).hw
    for m in sram.PHYS:
        g = sram.geometry(hw, m)
        assert all(lsb % g.align == 0 for _, _, _, _, lsb, _ in g.macros())
        if g.masked:
            assert sum(sram.segments(bits) for r, _, _, _, _, bits in g.macros() if r == 0) == sram.segments(g.width)


@pytest.mark.parametrize("preset", ["tiny", "small", "timit"])
def test_macro_images_hold_the_windows(preset, tmp_path):
    """The per-macro files put back together give the weights, and the tier-2 entry a in the
    top bits of word a*WPS; the window images are unchanged."""
    p = config.preset(preset)
    hw = p.hw
    img = images.build(quant.quantise_model(model.random_model(p.shape, 5)), hw)
    images.write_hex(img, tmp_path)
    ww = hw.lanes * 6
    for m in sram.PHYS:
        g = sram.geometry(hw, m)
        words = [0] * g.depth
        for r, c, first, n, lsb, bits in g.macros():
            lines = (tmp_path / sram.macro_file(m, r, c)).read_text().split()
            assert len(lines) == n and {len(x) for x in lines} == {(bits + 3) // 4}
            for i, x in enumerate(lines):
                words[first + i] |= int(x, 16) << lsb
        if m == "wmem":
            assert [w & ((1 << ww) - 1) for w in words] == list(img.words["wmem"])
            assert [words[a * hw.wps] >> ww for a in range(hw.t2_depth)] == list(img.words["t2mem"])
            assert all(words[a] >> ww == 0 for a in range(hw.wmem_depth) if a % hw.wps)
        else:
            assert words == list(img.words[m])
