"""The activation tables: definition and the error claims of contract section 4."""
import math

import numpy as np

from golden import formats as F
from golden import lut

X = lut.inputs()


def test_table_shapes_and_ranges():
    assert lut.SIGMOID.shape == lut.TANH.shape == (4096,)
    assert lut.SIGMOID.min() >= 0 and lut.SIGMOID.max() <= 4095
    assert lut.TANH.min() >= -4096 and lut.TANH.max() <= 4095
    assert not lut.SIGMOID.flags.writeable and not lut.TANH.flags.writeable


def test_addresses_are_twos_complement_z():
    assert X[0] == 0 and X[2047] == 2047 / 256 and X[2048] == -8.0 and X[4095] == -1 / 256
    assert lut.SIGMOID[0] == 2048 and lut.TANH[0] == 0


def test_tables_match_an_independent_scalar_definition():
    for a in range(4096):
        x = (a - 4096 if a >= 2048 else a) / 256
        assert lut.SIGMOID[a] == min(4095, round(4096 / (1 + math.exp(-x)))), a
        assert lut.TANH[a] == max(-4096, min(4095, round(4096 * math.tanh(x)))), a


def test_no_entry_is_near_a_rounding_tie():
    # Far from ties, so every libm gives the same table.
    for scaled in (lut.sigmoid_exact(X) * 4096, np.tanh(X) * 4096):
        assert np.min(np.abs(scaled - np.floor(scaled) - 0.5)) > 1e-6


def test_entry_error_claims():
    sig_err = np.abs(lut.SIGMOID / 4096 - lut.sigmoid_exact(X))
    tanh_err = np.abs(lut.TANH / 4096 - np.tanh(X))
    assert sig_err.max() <= 2.0**-13
    clamped = np.rint(np.tanh(X) * 4096) > 4095   # the top, where 4096 does not fit Q0.12
    assert tanh_err[~clamped].max() <= 2.0**-13
    assert tanh_err[clamped].max() <= 2.0**-12


def test_error_against_unquantised_input():
    # z = rshift_round of a Q16.15 accumulator: the input is off by at most half a step.
    acc = np.arange(-(8 << 15), 8 << 15, 37, dtype=np.int64)
    x = acc / 2.0**15
    z = F.sat(F.rshift_round(acc, F.Z_SHIFT), F.Z_W)
    sig_err = np.abs(lut.sigmoid_lut(z) / 4096 - lut.sigmoid_exact(x))
    tanh_err = np.abs(lut.tanh_lut(z) / 4096 - np.tanh(x))
    assert sig_err.max() <= 2.0**-11 + 2.0**-13
    assert tanh_err.max() <= 2.0**-9 + 2.0**-12


def test_lookup_takes_signed_codes():
    assert lut.sigmoid_lut(np.array([-2048, 0, 2047])).tolist() == [lut.SIGMOID[2048], 2048, lut.SIGMOID[2047]]
    assert lut.tanh_lut(-1) == lut.TANH[4095]
