"""Whole-model images: hex files, read back, decode, AXI writes; memory limits."""
import numpy as np
import pytest

from golden import compress, config, images, model, quant, regmap
from golden.config import ConfigError, HwConfig, LayerKeep, ModelShape


def _q(preset, seed=0):
    p = config.preset(preset)
    return quant.quantise_model(model.random_model(p.shape, seed)), p.hw


def _same(a, b):
    return all(np.array_equal(x.w_ih, y.w_ih) and np.array_equal(x.w_hh, y.w_hh) and np.array_equal(x.bias, y.bias)
               and np.array_equal(x.p_ih.to_mask(), y.p_ih.to_mask()) for x, y in zip(a.layers, b.layers))


@pytest.mark.parametrize("preset", ["tiny", "small", "timit"])
def test_hex_round_trip(preset, tmp_path):
    q, hw = _q(preset)
    img = images.build(q, hw)
    images.write_hex(img, tmp_path)
    for m in images.MEMS:
        lines = (tmp_path / f"{m}.hex").read_text().splitlines()
        assert len(lines) == images.depth(hw, m)
        assert {len(x) for x in lines} == {images.hex_digits(hw, m)}
        assert all(set(x) <= set("0123456789abcdef") for x in lines)
    words = images.read_hex(tmp_path, hw)
    assert words == {m: list(img.words[m]) for m in images.MEMS}
    assert _same(images.decode(words, hw, q.shape()), q)


def test_word_widths_and_depths():
    hw = config.preset("timit").hw
    assert [images.word_width(hw, m) for m in images.MEMS] == [384, 4, 3, 256]
    assert [images.depth(hw, m) for m in images.MEMS] == [6144, 1536, 6144, 384]
    tiny = config.preset("tiny").hw
    assert images.word_width(tiny, "wmem") == 96 and images.depth(tiny, "t2mem") == 1024


def test_dense_pattern_fills_tiny():
    hw = config.preset("tiny").hw
    dense = LayerKeep(hw.max_i // 32, 8, hw.max_h // 32, 8)
    shape = ModelShape(hw.max_layers, hw.max_i, hw.max_h, (dense,) * hw.max_layers)
    img = images.build(quant.quantise_model(model.random_model(shape, 3)), hw)
    assert img.used["wmem"] == hw.wmem_depth and img.used["t1mem"] == hw.t1_depth


def test_small_holds_two_dense_layers_not_three():
    hw = config.preset("small").hw
    dense = LayerKeep(hw.max_i // 32, 8, hw.max_h // 32, 8)
    two = ModelShape(2, hw.max_i, hw.max_h, (dense,) * 2)
    img = images.build(quant.quantise_model(model.random_model(two, 3)), hw)
    assert img.used["wmem"] == 2 * (hw.max_h // 4) * (4 * 8 + 4 * 8) * hw.wps <= hw.wmem_depth
    three = ModelShape(3, hw.max_i, hw.max_h, (dense,) * 3)
    with pytest.raises(ConfigError, match=r"weights need 12288 wmem words, WMEM_DEPTH=8192"):
        images.build(quant.quantise_model(model.random_model(three, 3)), hw)


def test_too_big_for_the_build():
    shape = ModelShape(2, 64, 64, (LayerKeep(2, 8, 2, 8),) * 2)
    q = quant.quantise_model(model.random_model(shape, 0))
    with pytest.raises(ConfigError, match=r"weights need 4096 wmem words, WMEM_DEPTH=2048"):
        images.build(q, HwConfig(2, 64, 64, 16, 2048, 16))
    with pytest.raises(ConfigError, match=r"tier-1 index needs 16 entries, T1_DEPTH=8"):
        images.build(q, HwConfig(2, 64, 64, 16, 4096, 8))
    with pytest.raises(ConfigError, match=r"CFG_HSIZE=64: allowed a multiple of 32 in 32 \.\. MAX_H=32"):
        images.build(q, HwConfig(2, 32, 64, 16, 4096, 16))


def test_axi_writes_cover_the_used_words():
    q, hw = _q("tiny")
    img = images.build(q, hw)
    writes = images.axi_writes(img)
    assert len(writes) == sum(img.used[m] * images.slots(hw, m) for m in images.MEMS)
    got = {m: {} for m in images.MEMS}
    for addr, value in writes:
        assert 0 <= value <= 0xFFFFFFFF and addr % 4 == 0 and addr < 1 << regmap.ADDR_W
        m = next(m for m, (base, _) in sorted(regmap.MEM_WINDOWS.items(), key=lambda kv: -kv[1][0]) if addr >= base)
        base, stride = regmap.MEM_WINDOWS[m]
        a, s = divmod(addr - base, stride)
        assert s // 4 < images.slots(hw, m)
        got[m][a] = got[m].get(a, 0) | value << (32 * (s // 4))
    for m in images.MEMS:
        assert [got[m][a] for a in range(img.used[m])] == list(img.words[m][:img.used[m]])
    assert images.slots(hw, "wmem") == 3 and images.slots(hw, "bmem") == 8
    assert len(images.axi_writes(img, used_only=False)) == sum(
        images.depth(hw, m) * images.slots(hw, m) for m in images.MEMS)


def test_read_hex_errors(tmp_path):
    q, hw = _q("tiny")
    images.write_hex(images.build(q, hw), tmp_path)
    t1 = tmp_path / "t1mem.hex"
    t1.write_text("0\nzz\n")
    with pytest.raises(compress.ImageError, match=r"t1mem.hex:2: 'zz' is not a hex word"):
        images.read_hex(tmp_path, hw)
    t1.write_text("2\n")
    with pytest.raises(compress.ImageError, match=r"t1mem.hex:1: 2 is wider than the 1-bit word"):
        images.read_hex(tmp_path, hw)
    t1.write_text("0\n" * 17)
    with pytest.raises(compress.ImageError, match=r"17 words, the memory holds 16"):
        images.read_hex(tmp_path, hw)
    t1.write_text("1\n")      # short files are zero-filled
    assert images.read_hex(tmp_path, hw)["t1mem"] == [1] + [0] * 15


def test_decode_rejects_corrupt_index(tmp_path):
    q, hw = _q("tiny")
    img = images.build(q, hw)
    words = {m: list(img.words[m]) for m in images.MEMS}
    words["t1mem"][0] = 3
    with pytest.raises(compress.ImageError, match=r"layer 0 W_ih: tier-1 index 3 out of range 0 \.\. 1"):
        images.decode(words, hw, q.shape())
