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


# --- the RTL's stored halves (contract section 4, "Table ROMs") ---------------------------

def _stored(name):
    h = lut.half_rom(name)
    return h, [int(v) for v in h.rom]


def test_every_entry_rebuilt_from_the_stored_half_of_sigmoid():
    # The rule written out per address, apart from HalfRom.expand: a >= 0 reads 2048 + d,
    # a < 0 reads 2048 - d, d = rom[|z|] below the cut, else the constant.
    h, rom = _stored("sigmoid")
    assert len(rom) == h.cut and h.width == 11 and all(0 <= v < 2048 for v in rom)
    for a in range(4096):
        z = a - 4096 if a >= 2048 else a
        d = rom[abs(z)] if abs(z) < h.cut else h.sat
        assert lut.SIGMOID[a] == (2048 + d if z >= 0 else 2048 - d), a


def test_every_entry_rebuilt_from_the_stored_half_of_tanh():
    # a >= 0 reads d, a < 0 reads -d below the cut and -4096 from it on (where the
    # positive side is clamped to 4095 but 4096*tanh rounds to 4096).
    h, rom = _stored("tanh")
    assert len(rom) == h.cut and h.width == 12 and all(0 <= v < 4096 for v in rom)
    for a in range(4096):
        z = a - 4096 if a >= 2048 else a
        if abs(z) < h.cut:
            want = rom[abs(z)] if z >= 0 else -rom[abs(z)]
        else:
            want = h.sat if z >= 0 else -4096
        assert lut.TANH[a] == want, a


def test_the_cut_is_where_the_tables_turn_constant():
    # Nothing constant is stored, nothing that varies is cut: the last stored entry differs
    # from the constant, and every address with |z| >= cut reads the table's end value.
    for name, full in (("sigmoid", lut.SIGMOID), ("tanh", lut.TANH)):
        h = lut.half_rom(name)
        z = F.to_signed(np.arange(4096), 12)
        beyond = np.abs(z) >= h.cut
        assert len(set(full[beyond & (z >= 0)].tolist())) == 1 and len(set(full[beyond & (z < 0)].tolist())) == 1
        last = np.abs(z) == h.cut - 1         # one side or the other differs there
        assert (full[last & (z >= 0)][0], full[last & (z < 0)][0]) != \
            (full[beyond & (z >= 0)][0], full[beyond & (z < 0)][0])
    assert (lut.half_rom("sigmoid").cut, lut.half_rom("tanh").cut) == (2026, 1243)
    assert lut.half_rom("sigmoid").bits + lut.half_rom("tanh").bits == 2026 * 11 + 1243 * 12


def test_the_generator_refuses_a_rule_that_misses_an_entry(monkeypatch):
    # A table where the symmetry does not hold at one address (as a rounding tie could make
    # it): half_rom must refuse it, naming the address, rather than generate a wrong ROM.
    broken = lut.SIGMOID.copy()
    broken[(-100) & 0xFFF] += 1
    broken.flags.writeable = False
    monkeypatch.setattr(lut, "SIGMOID", broken)
    import pytest
    with pytest.raises(ValueError, match=r"sigmoid: the symmetry rule misses 1 entries, first address 100"):
        lut.half_rom("sigmoid")
