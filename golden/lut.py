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
