"""Batch and sequence-start conventions shared by the float and fixed models.

Inputs are (T, ...) for one stream or (B, T, ...) for B independent streams. `seq_start`
(bool, shape (T,) or, for a batch, (B, T)) marks the frames that start a new sequence: h and c of
every layer read as zero there (contract section 7). Frame 0 always starts one.
"""
from __future__ import annotations

import numpy as np


def batch_view(x: np.ndarray) -> tuple[np.ndarray, bool]:
    """(B, T, F) view of x (T, F) or (B, T, F), and whether a batch axis was added."""
    if x.ndim == 2:
        return x[None], True
    if x.ndim == 3:
        return x, False
    raise ValueError(f"inputs must be (T, features) or (B, T, features), got shape {x.shape}")


def seq_starts(seq_start, bt: tuple[int, int], squeezed: bool) -> np.ndarray:
    """(B, T) bool sequence starts, True at t = 0; default: only there."""
    b, t = bt
    out = np.zeros((b, t), dtype=bool)
    if seq_start is not None:
        s = np.asarray(seq_start)
        want = [(t,)] if squeezed else [(t,), (b, t)]
        if s.shape not in want or s.dtype != bool:
            raise ValueError(f"seq_start must be a bool array of shape {' or '.join(map(str, want))}, "
                             f"got {s.dtype} {s.shape}")
        out[:] = s
    out[:, 0] = True
    return out
