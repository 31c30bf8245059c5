"""Format corners of contract section 4: rshift_round, sat, quantise."""
import numpy as np
import pytest

from golden import formats as F


@pytest.mark.parametrize("v,s,want", [
    (1, 1, 1), (3, 1, 2), (-1, 1, 0), (-3, 1, -1),        # ties +0.5, +1.5, -0.5, -1.5: half up
    (2, 2, 1), (-2, 2, 0), (6, 2, 2), (-6, 2, -1),        # ties at quarter shifts
    (1, 2, 0), (-1, 2, 0), (3, 2, 1), (-3, 2, -1),        # below / above a half
    (64, 7, 1), (-64, 7, 0), (63, 7, 0), (-65, 7, -1),    # the z shift
])
def test_rshift_round_ties_go_up(v, s, want):
    assert F.rshift_round(v, s) == want
    assert F.rshift_round(np.array([v]), s)[0] == want


def test_rshift_round_matches_floor_of_half_up():
    v = np.arange(-5000, 5000, dtype=np.int64)
    for s in (1, 2, 7, 14):
        assert np.array_equal(F.rshift_round(v, s), np.floor(v / 2.0**s + 0.5).astype(np.int64))


def test_rshift_round_rejects_bad_args():
    with pytest.raises(ValueError, match="shift 0"):
        F.rshift_round(5, 0)
    with pytest.raises(TypeError, match="integer codes"):
        F.rshift_round(np.array([1.5]), 1)


@pytest.mark.parametrize("w", [6, 12, 13, 16, 32])
def test_sat_both_ends(w):
    lo, hi = -(1 << (w - 1)), (1 << (w - 1)) - 1
    assert F.sat(hi, w) == hi and F.sat(hi + 1, w) == hi and F.sat(10**12, w) == hi
    assert F.sat(lo, w) == lo and F.sat(lo - 1, w) == lo and F.sat(-10**12, w) == lo
    assert F.sat(0, w) == 0
    a = np.array([lo - 1, lo, 0, hi, hi + 1])
    assert F.sat(a, w).tolist() == [lo, lo, 0, hi, hi]


def test_python_int_in_int_out():
    assert type(F.rshift_round(5, 1)) is int and type(F.sat(5, 6)) is int
    assert type(F.quantise(0.25, 5, 6)) is int and type(F.to_signed(0xFFF, 12)) is int


def test_quantise_ties_half_even():
    # 0.5, 1.5, 2.5, -0.5, -1.5, -2.5 LSB -> 0, 2, 2, 0, -2, -2
    lsb = 2.0**-10
    v = np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5]) * lsb
    assert F.quantise(v, 10, 13).tolist() == [0, 2, 2, 0, -2, -2]


def test_quantise_saturates_and_clips_weights():
    assert F.quantise([1.0, 31 / 32, -1.0, -2.0, 1e300, -1e300], 5, 6).tolist() == [31, 31, -32, -32, 31, -32]
    assert F.quantise([4.0, -4.0, 3.9995], 10, 13).tolist() == [4095, -4096, 4095]


def test_quantise_rejects_non_finite():
    with pytest.raises(ValueError, match="non-finite"):
        F.quantise([0.0, np.nan], 10, 13)
    with pytest.raises(ValueError, match="non-finite"):
        F.quantise(np.inf, 10, 13)


def test_signed_unsigned_round_trip():
    v = np.arange(-2048, 2048)
    u = F.to_unsigned(v, 12)
    assert u.min() == 0 and u.max() == 4095
    assert np.array_equal(F.to_signed(u, 12), v)
    assert F.to_unsigned(-1, 13) == 0x1FFF and F.to_signed(0x1000, 13) == -4096


def test_dequantise():
    assert F.dequantise(np.array([-32, 31]), 5).tolist() == [-1.0, 31 / 32]


def test_shifts_follow_formats():
    assert (F.BIAS_SHIFT, F.Z_SHIFT, F.FC_SHIFT, F.CELL_SHIFT, F.C2Z_SHIFT, F.H_SHIFT) == (5, 7, 2, 14, 2, 14)
    # The accumulator never overflows: 1024 products of the extreme codes plus the extreme bias.
    worst = 1024 * (1 << (F.W_W - 1)) * (1 << (F.X_W - 1)) + (1 << (F.B_W - 1 + F.BIAS_SHIFT))
    assert worst < (1 << (F.ACC_W - 1))
