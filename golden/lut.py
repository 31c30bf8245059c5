"""The sigmoid and tanh tables of the activation unit (contract section 4).

Address `a` in 0..4095 is a 12-bit two's-complement z code (Q3.8), `x = signed12(a) / 256`:
`SIGMOID[a] = min(4095, round_half_even(4096 * sigmoid(x)))` (UQ0.12) and
`TANH[a] = clamp(round_half_even(4096 * tanh(x)), -4096, 4095)` (Q0.12, signed codes).
"""
from __future__ import annotations

import numpy as np

from . import formats as F

ADDR_W = F.Z_W
SIZE = 1 << ADDR_W


def inputs() -> np.ndarray:
    """The exact input value of every table address, float64 of shape (4096,)."""
    return F.to_signed(np.arange(SIZE, dtype=np.int64), ADDR_W) / float(1 << F.Z_FRAC)


def sigmoid_exact(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def _sigmoid_table() -> np.ndarray:
    t = np.minimum(np.rint(sigmoid_exact(inputs()) * (1 << F.SIG_FRAC)), (1 << F.SIG_W) - 1)
    return t.astype(np.int64)


def _tanh_table() -> np.ndarray:
    t = np.clip(np.rint(np.tanh(inputs()) * (1 << F.TANH_FRAC)), F.smin(F.TANH_W), F.smax(F.TANH_W))
    return t.astype(np.int64)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


#: SIGMOID[a]: UQ0.12 codes 0..4095, int64 of shape (4096,), read-only.
SIGMOID = _frozen(_sigmoid_table())
#: TANH[a]: Q0.12 signed codes -4096..4095, int64 of shape (4096,), read-only.
TANH = _frozen(_tanh_table())


def sigmoid_lut(z):
    """SIGMOID of 12-bit signed z codes (any integer array shape)."""
    return SIGMOID[F.to_unsigned(np.asarray(z, dtype=np.int64), ADDR_W)]


def tanh_lut(z):
    """TANH of 12-bit signed z codes (any integer array shape)."""
    return TANH[F.to_unsigned(np.asarray(z, dtype=np.int64), ADDR_W)]


# ---------------------------------------------------------------------------------------
# The RTL's storage of the tables (contract section 4, "Table ROMs"): the generator's
# view only, the model above is unchanged. Each table is stored for magnitudes
# m = |signed12(a)| below a cut, beyond which it is constant; the other sign follows
# from a symmetry rule. `half_rom` builds it and refuses (ValueError) to return a ROM that
# does not give back every one of the 4096 entries.
# ---------------------------------------------------------------------------------------

SIG_HALF = 1 << (F.SIG_W - 1)     # 2048 = SIGMOID[0]; SIGMOID[a] for a >= 0 is 2048 + rom


class HalfRom:
    """`rom[m]` for m in 0..cut-1, `sat` for m >= cut (m = 2048 too: address -2048).

    sigmoid: a >= 0: 2048 + d; a < 0: 2048 - d  (4096*sigmoid(-x) = 4096 - 4096*sigmoid(x),
             round_half_even keeps it because 4096 is even; checked entry by entry)
    tanh:    a >= 0: d;        a < 0: -d, except -4096 where m >= cut (the clamp to 4095 is
             one-sided: round(4096*tanh) = 4096 there)
    with d = rom[m] if m < cut else sat. `width` bits per entry.
    """

    def __init__(self, name: str, rom: np.ndarray, width: int, cut: int, sat: int):
        self.name, self.rom, self.width, self.cut, self.sat = name, rom, width, cut, sat

    @property
    def bits(self) -> int:
        return self.cut * self.width

    def expand(self) -> np.ndarray:
        """The 4096 entries the rule gives (what the RTL computes), int64 codes."""
        s = F.to_signed(np.arange(SIZE, dtype=np.int64), ADDR_W)
        m = np.abs(s)
        inside = m < self.cut
        d = np.where(inside, self.rom[np.minimum(m, self.cut - 1)], self.sat)
        if self.name == "sigmoid":
            return np.where(s >= 0, SIG_HALF + d, SIG_HALF - d)
        return np.where(s >= 0, d, np.where(inside, -d, F.smin(F.TANH_W)))


def _cut(values_by_m: np.ndarray) -> int:
    """Smallest c such that values_by_m[c:] is constant (values_by_m has 2049 entries)."""
    c = len(values_by_m) - 1
    while c > 0 and values_by_m[c - 1] == values_by_m[-1]:
        c -= 1
    return c


def half_rom(name: str) -> HalfRom:
    """The stored half of SIGMOID or TANH, verified against the full table."""
    full = {"sigmoid": SIGMOID, "tanh": TANH}[name]
    m = np.arange(SIZE // 2 + 1)
    pos = full[np.minimum(m, SIZE // 2 - 1)]      # m = 2048 has no positive address:
    neg = full[(-m) & (SIZE - 1)]                  # take the negative side's rule there
    if name == "sigmoid":
        d = SIG_HALF - neg                         # = pos - 2048 wherever both exist
        width = F.SIG_W - 1
    else:
        d = -neg                                   # unclamped: 4096 where the negative side is -4096
        width = F.TANH_W - 1
    cut = _cut(d)
    rom = HalfRom(name, d[:cut].astype(np.int64), width, cut, int(min(d[-1], (1 << width) - 1)))
    if rom.rom.min() < 0 or rom.rom.max() >= (1 << width) or not 0 <= rom.sat < (1 << width):
        raise ValueError(f"{name}: half table does not fit {width} bits")
    bad = np.nonzero(rom.expand() != full)[0]
    if len(bad):
        raise ValueError(f"{name}: the symmetry rule misses {len(bad)} entries, first address {bad[0]}")
    return rom
