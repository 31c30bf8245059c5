"""Number formats and the integer operations of the datapath (contract section 4).

Every function works on Python ints and on integer NumPy arrays (computed in int64);
a Python int in gives a Python int out.
"""
from __future__ import annotations

import numpy as np

# (width, fraction bits) of every quantity; names match hdl/gen/hcgs_pkg.sv.
W_W, W_FRAC = 6, 5          # weight Q0.5
X_W, X_FRAC = 13, 10        # input x and hidden h, Q2.10
B_W, B_FRAC = 16, 10        # bias b_ih + b_hh, Q5.10
P_W, P_FRAC = 19, 15        # product w*u, Q3.15 (exact; -32 * -4096 = 2^17 needs bit 18)
ACC_W, ACC_FRAC = 32, 15    # accumulator, Q16.15 (exact)
Z_W, Z_FRAC = 12, 8         # activation input, Q3.8
SIG_W, SIG_FRAC = 12, 12    # sigmoid output, UQ0.12
TANH_W, TANH_FRAC = 13, 12  # tanh output, Q0.12
C_W, C_FRAC = 16, 10        # cell state, Q5.10

#: Shifts of the datapath, derived from the formats above.
BIAS_SHIFT = ACC_FRAC - B_FRAC                          # 5: bias code into the accumulator
Z_SHIFT = ACC_FRAC - Z_FRAC                             # 7: accumulator -> z
CELL_SHIFT = SIG_FRAC + TANH_FRAC - C_FRAC              # 14: i*g (frac 24) -> c
FC_SHIFT = SIG_FRAC + TANH_FRAC - (SIG_FRAC + C_FRAC)   # 2: f*c (frac 22) -> frac 24
C2Z_SHIFT = C_FRAC - Z_FRAC                             # 2: c -> tanh address
H_SHIFT = SIG_FRAC + TANH_FRAC - X_FRAC                 # 14: o*tanh(c) (frac 24) -> h


def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _as_int64(v, what: str) -> np.ndarray:
    a = np.asarray(v)
    if a.dtype.kind not in "iu":
        raise TypeError(f"{what}: expected integer codes, got dtype {a.dtype}")
    return a.astype(np.int64, copy=False)


def smin(width: int) -> int:
    """Smallest code of a `width`-bit two's-complement number."""
    return -(1 << (width - 1))


def smax(width: int) -> int:
    """Largest code of a `width`-bit two's-complement number."""
    return (1 << (width - 1)) - 1


def rshift_round(v, s: int):
    """`(v + 2^(s-1)) >> s`, arithmetic shift: round half up (towards +infinity)."""
    if s < 1:
        raise ValueError(f"rshift_round: shift {s} must be >= 1")
    if _is_int(v):
        return (int(v) + (1 << (s - 1))) >> s
    return (_as_int64(v, "rshift_round") + (1 << (s - 1))) >> s


def sat(v, width: int):
    """Clamp to the `width`-bit two's-complement range [-2^(width-1), 2^(width-1)-1]."""
    lo, hi = smin(width), smax(width)
    if _is_int(v):
        return min(max(int(v), lo), hi)
    return np.clip(_as_int64(v, "sat"), lo, hi)


def quantise(v, frac: int, width: int):
    """`sat(round_half_even(v * 2^frac), width)` of floats: the tools' quantiser.

    Non-finite values are rejected (ValueError); returns int64 codes (an int for a scalar).
    """
    a = np.asarray(v, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise ValueError("quantise: input has non-finite values (nan or inf)")
    # Clip before the int conversion so huge values cannot overflow int64.
    codes = np.clip(np.rint(a * float(1 << frac)), smin(width), smax(width)).astype(np.int64)
    return int(codes) if codes.ndim == 0 else codes


def dequantise(codes, frac: int) -> np.ndarray:
    """Value of integer codes with `frac` fraction bits, as float64."""
    return _as_int64(codes, "dequantise").astype(np.float64) / float(1 << frac)


def to_unsigned(v, width: int):
    """The `width`-bit two's-complement bit pattern of signed codes (`v & (2^width-1)`)."""
    if _is_int(v):
        return int(v) & ((1 << width) - 1)
    return _as_int64(v, "to_unsigned") & ((1 << width) - 1)


def to_signed(v, width: int):
    """Signed value of `width`-bit two's-complement bit patterns."""
    half = 1 << (width - 1)
    if _is_int(v):
        u = int(v) & ((1 << width) - 1)
        return u - (u & half) * 2
    u = _as_int64(v, "to_signed") & ((1 << width) - 1)
    return u - (u & half) * 2
