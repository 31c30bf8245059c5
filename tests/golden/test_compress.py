"""Layer compression into walk-order memory entries: layout per contract section 5, round trips."""
import numpy as np
import pytest

from golden import compress as C
from golden import hcgs
from golden.config import HwConfig, LayerKeep

LANES = (16, 32, 64)


def _layer(h, cols, keep, seed):
    rng = np.random.default_rng(seed)
    pi = hcgs.random_pattern(h, cols, keep[0], keep[1], rng)
    ph = hcgs.random_pattern(h, h, keep[2], keep[3], rng)
    w_ih = rng.integers(-32, 32, (4 * h, cols)) * np.tile(pi.to_mask(), (4, 1))
    w_hh = rng.integers(-32, 32, (4 * h, h)) * np.tile(ph.to_mask(), (4, 1))
    bias = rng.integers(-32768, 32768, 4 * h)
    return w_ih, w_hh, bias, pi, ph


SHAPES = [(32, 32, (1, 1, 1, 1)), (64, 96, (2, 3, 1, 2)), (96, 64, (2, 8, 3, 8)), (64, 160, (5, 2, 1, 7))]


@pytest.mark.parametrize("lanes", LANES)
@pytest.mark.parametrize("h,cols,keep", SHAPES)
def test_round_trip(lanes, h, cols, keep):
    hw = HwConfig(lanes=lanes)
    w_ih, w_hh, bias, pi, ph = _layer(h, cols, keep, seed=h + cols + lanes)
    e = C.compress_layer(w_ih, w_hh, bias, pi, ph, hw)
    back = C.decompress_layer(e, h, cols, LayerKeep(*keep), hw)
    assert np.array_equal(back[0], w_ih) and np.array_equal(back[1], w_hh) and np.array_equal(back[2], bias)
    assert np.array_equal(back[3].to_mask(), pi.to_mask()) and np.array_equal(back[4].to_mask(), ph.to_mask())
    words = C.pack_fields(e.wlanes, 6)
    assert np.array_equal(C.unpack_fields(words, lanes, 6), e.wlanes)
    assert all(0 <= w < 1 << (6 * lanes) for w in words)


@pytest.mark.parametrize("lanes", LANES)
def test_layout_matches_contract_word_by_word(lanes):
    """An independent scalar walk of contract section 5, compared with every entry and word bit."""
    h, cols, keep = 64, 96, (2, 3, 1, 2)
    hw = HwConfig(lanes=lanes)
    w_ih, w_hh, bias, pi, ph = _layer(h, cols, keep, seed=5)
    e = C.compress_layer(w_ih, w_hh, bias, pi, ph, hw)
    words = C.pack_fields(e.wlanes, 6)
    c = lanes // 16
    wps = 4 // c
    masks = {"ih": (pi.to_mask(), w_ih), "hh": (ph.to_mask(), w_hh)}
    sub, word = 0, 0
    for g in range(h // 4):
        for m in ("ih", "hh"):
            mask, w = masks[m]
            row = mask[4 * g]                                   # the group's first row: its sub-blocks
            for t1 in [b for b in range(mask.shape[1] // 32) if row[32 * b:32 * b + 32].any()]:
                for t2 in [s for s in range(8) if row[32 * t1 + 4 * s]]:
                    assert e.t2[sub] == t2
                    sub += 1
                    for p in range(wps):
                        for gate in range(4):
                            for r in range(4):
                                for j in range(c):
                                    n = (gate * 4 + r) * c + j
                                    want = w[gate * h + 4 * g + r, 32 * t1 + 4 * t2 + p * c + j]
                                    assert (words[word] >> (6 * n)) & 63 == want & 63
                        word += 1
    assert sub == len(e.t2) and word == len(words)
    t1 = []
    for b in range(h // 32):
        for mask in (pi.to_mask(), ph.to_mask()):
            t1 += [k for k in range(mask.shape[1] // 32) if mask[32 * b, 32 * k:32 * k + 32].any()]
    assert e.t1.tolist() == t1
    bwords = C.pack_fields(e.bias, 16)
    for g in range(h // 4):
        for gate in range(4):
            for r in range(4):
                assert (bwords[g] >> (16 * (gate * 4 + r))) & 0xFFFF == bias[gate * h + 4 * g + r] & 0xFFFF


def test_weights_outside_the_pattern_are_not_stored():
    hw = HwConfig(lanes=16)
    w_ih, w_hh, bias, pi, ph = _layer(32, 32, (1, 1, 1, 1), 0)
    noisy = w_ih + 1 * ~np.tile(pi.to_mask(), (4, 1))
    e = C.compress_layer(noisy, w_hh, bias, pi, ph, hw)
    assert np.array_equal(C.decompress_layer(e, 32, 32, LayerKeep(1, 1, 1, 1), hw)[0], w_ih)


def test_pack_fields_bit_positions():
    assert C.pack_fields(np.array([[1, -1, 0]]), 6) == [1 | (63 << 6)]
    assert C.pack_fields(np.array([[-32768, 32767]]), 16) == [0x8000 | (0x7FFF << 16)]
    assert C.unpack_fields([0xFC1], 2, 6).tolist() == [[1, -1]]


@pytest.mark.parametrize("which,value,msg", [
    ("w_ih", 32, r"weight_ih: codes must be in -32 \.\. 31"),
    ("w_hh", -33, r"weight_hh: codes must be in -32 \.\. 31"),
    ("bias", 40000, r"bias: codes must be in -32768 \.\. 32767"),
])
def test_compress_rejects_out_of_range_codes(which, value, msg):
    args = dict(zip(("w_ih", "w_hh", "bias", "pi", "ph"), _layer(32, 32, (1, 1, 1, 1), 0)))
    args[which] = args[which].copy()
    args[which].flat[0] = value
    with pytest.raises(ValueError, match=msg):
        C.compress_layer(args["w_ih"], args["w_hh"], args["bias"], args["pi"], args["ph"], HwConfig())


def test_compress_rejects_float_and_wrong_shapes():
    w_ih, w_hh, bias, pi, ph = _layer(32, 64, (1, 1, 1, 1), 0)
    with pytest.raises(ValueError, match="integer codes"):
        C.compress_layer(w_ih * 1.0, w_hh, bias, pi, ph, HwConfig())
    with pytest.raises(ValueError, match=r"weight_ih: expected shape \(128, 64\)"):
        C.compress_layer(w_ih[:, :32], w_hh, bias, pi, ph, HwConfig())


def _entries():
    hw = HwConfig(lanes=64)
    w_ih, w_hh, bias, pi, ph = _layer(64, 96, (2, 3, 1, 2), 1)
    return C.compress_layer(w_ih, w_hh, bias, pi, ph, hw), hw


def _set(i, v):
    def f(a):
        a[i] = v
    return f


def _repeat_first(a):
    a[1] = a[0]


@pytest.mark.parametrize("field,corrupt,msg", [
    ("t1", _set(0, 7), r"W_ih: tier-1 index 7 out of range 0 \.\. 2"),
    ("t1", _repeat_first, r"W_ih: tier-1 indices of block-row 0 are not strictly ascending"),
    ("t2", _set(0, 9), r"tier-2 index 9 out of range 0 \.\. 7"),
    ("t2", _repeat_first, r"W_ih: tier-2 indices of group 0, kept block 0 are not strictly ascending"),
])
def test_decompress_rejects_bad_index(field, corrupt, msg):
    e, hw = _entries()
    arr = getattr(e, field).copy()
    corrupt(arr)
    bad = C.LayerEntries(**{**e.__dict__, field: arr})
    with pytest.raises(C.ImageError, match=msg):
        C.decompress_layer(bad, 64, 96, LayerKeep(2, 3, 1, 2), hw)


def test_decompress_rejects_wrong_sizes():
    e, hw = _entries()
    with pytest.raises(C.ImageError, match=r"t1 has shape \(6,\), the keep counts need \(8,\)"):
        C.decompress_layer(e, 64, 96, LayerKeep(3, 3, 1, 2), hw)
