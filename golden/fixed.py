"""The fixed-point model: contract section 4 "Datapath, step by step", bit-exact.

Integer arithmetic on int64 codes, vectorised over a batch. The matrix products run in
float64 BLAS on integer-valued arrays, which is exact (|sum| < 2^28 << 2^53).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import formats as F
from . import lut
from .model import GATES, pad_input
from .quant import QModel
from .seq import batch_view, seq_starts


@dataclass(frozen=True)
class LayerTrace:
    """One layer's intermediates, hardware codes, shape ([B,] T, ...); gates in order i, f, g, o."""
    acc: np.ndarray   # ([B,] T, 4, H) accumulator, Q16.15
    z: np.ndarray     # ([B,] T, 4, H) activation input, Q3.8 (12-bit signed)
    act: np.ndarray   # ([B,] T, 4, H) i, f, o: UQ0.12 sigmoid; g: Q0.12 tanh
    c: np.ndarray     # ([B,] T, H) cell state after the step, Q5.10
    tc: np.ndarray    # ([B,] T, H) tanh(c), Q0.12
    h: np.ndarray     # ([B,] T, H) hidden state after the step, Q2.10


@dataclass(frozen=True)
class Result:
    h_layers: tuple[np.ndarray, ...]  # per layer ([B,] T, H) h, Q2.10 codes
    layers: tuple[LayerTrace, ...]    # every layer's intermediates (empty without `intermediates`)
    seq_start: np.ndarray             # ([B,] T) bool, the sequence starts used (True at t = 0)

    @property
    def h(self) -> np.ndarray:
        """([B,] T, H) h of the last layer."""
        return self.h_layers[-1]


def check_input_codes(x, raw_isize: int, isize: int) -> np.ndarray:
    """Integer Q2.10 input codes (..., raw_isize or isize) as int64 (..., isize), range-checked."""
    a = np.asarray(x)
    if a.dtype.kind not in "iu":
        raise ValueError(f"inputs must be integer Q2.10 codes, got dtype {a.dtype} (see quant.quantise_input)")
    if a.size and (a.min() < F.smin(F.X_W) or a.max() > F.smax(F.X_W)):
        raise ValueError(f"input codes must be in {F.smin(F.X_W)} .. {F.smax(F.X_W)}, got {a.min()} .. {a.max()}")
    return pad_input(a, raw_isize, isize).astype(np.int64)


def step(acc: np.ndarray, c: np.ndarray):
    """Steps 2 to 6 of the datapath: accumulators (..., 4, H) and cell state (..., H) in,
    (z, act, c', tc, h') out."""
    z = F.sat(F.rshift_round(acc, F.Z_SHIFT), F.Z_W)                                   # 2.
    zu = F.to_unsigned(z, F.Z_W)                                                        # 3.
    act = lut.SIGMOID[zu]
    act[..., 2, :] = lut.TANH[zu[..., 2, :]]
    i, f, g, o = (act[..., k, :] for k in range(GATES))
    c = F.sat(F.rshift_round(((f * c) << F.FC_SHIFT) + i * g, F.CELL_SHIFT), F.C_W)   # 4.
    tc = lut.TANH[F.to_unsigned(F.sat(F.rshift_round(c, F.C2Z_SHIFT), F.Z_W), F.Z_W)]  # 5.
    h = F.sat(F.rshift_round(o * tc, F.H_SHIFT), F.X_W)                                # 6.
    return z, act, c, tc, h


def run(q: QModel, x, seq_start=None, intermediates: bool = True) -> Result:
    """Run the integer model on Q2.10 input codes x (T, I) or (B, T, I) (I unpadded or padded).

    `seq_start` (bool (T,) or (B, T)): frames where h and c of every layer restart from zero
    (contract section 7); frame 0 always does. Returns every layer's h and, with
    `intermediates`, every layer's acc, z, act, c, tc per timestep too.
    """
    u, squeeze = batch_view(check_input_codes(x, q.raw_isize, q.isize))
    starts = seq_starts(seq_start, u.shape[:2], squeeze)
    b, t_len = u.shape[:2]
    hs = q.hsize
    traces = []
    for layer in q.layers:
        w_hh = np.ascontiguousarray(layer.w_hh.T, dtype=np.float64)
        # 1. acc = bias << 5 + W_ih u + W_hh h; the input part for every timestep at once
        pre = (u.astype(np.float64) @ layer.w_ih.T.astype(np.float64)).astype(np.int64)
        pre += layer.bias << F.BIAS_SHIFT
        pre = pre.reshape(b, t_len, GATES, hs)
        out = {k: np.empty((b, t_len, GATES, hs) if k in ("acc", "z", "act") else (b, t_len, hs), dtype=np.int64)
               for k in (("acc", "z", "act", "c", "tc", "h") if intermediates else ("h",))}
        h = np.zeros((b, hs), dtype=np.int64)
        c = np.zeros((b, hs), dtype=np.int64)
        for t in range(t_len):
            h[starts[:, t]] = 0
            c[starts[:, t]] = 0
            acc = pre[:, t] + (h.astype(np.float64) @ w_hh).astype(np.int64).reshape(b, GATES, hs)
            z, act, c, tc, h = step(acc, c)
            out["h"][:, t] = h
            if intermediates:
                out["acc"][:, t], out["z"][:, t], out["act"][:, t], out["c"][:, t], out["tc"][:, t] = acc, z, act, c, tc
        traces.append(out)
        u = out["h"]
    if squeeze:
        traces = [{k: v[0] for k, v in tr.items()} for tr in traces]
        starts = starts[0]
    layers = tuple(LayerTrace(**tr) for tr in traces) if intermediates else ()
    return Result(tuple(tr["h"] for tr in traces), layers, starts)
