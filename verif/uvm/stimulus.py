"""Constrained-random stimulus: run-time shapes, integer models and input sequences.

Everything is drawn from a NumPy Generator passed in (never global state). The model is
built directly as integer codes (golden.quant.QModel) so each profile controls exactly
which corner it reaches:

- normal     weights and biases spread so z covers most of the table, a few tails
- saturate   weights at +-full scale and inputs at +-full scale: accumulators far beyond
             the z range on both sides (z saturation), both tails of sigmoid and tanh
- tails      large random biases: both tails of sigmoid and tanh, little saturation of z
- cell_sat   f ~ 1 and i ~ 1 by bias, g = +-1 per cell: c grows by ~1 per step and
             saturates at +-32 in sequences longer than 32 frames
- zero       all-zero weights and biases (with zero or full-scale inputs)
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from golden import budget, hcgs
from golden import formats as F
from golden.config import B1, HwConfig, LayerKeep, ModelShape
from golden.quant import QLayer, QModel, gate_rows

PROFILES = ("normal", "saturate", "tails", "cell_sat", "zero")
KEEP_MODES = ("dense", "sparsest", "random")
W_MIN, W_MAX = F.smin(F.W_W), F.smax(F.W_W)
X_MIN, X_MAX = F.smin(F.X_W), F.smax(F.X_W)
B_MIN, B_MAX = F.smin(F.B_W), F.smax(F.B_W)


# ------------------------------------------------------------------ shapes
def _keep(cols_ih: int, hsize: int, mode: str, rng) -> LayerKeep:
    n_ih, n_hh = cols_ih // B1, hsize // B1
    if mode == "dense":
        return LayerKeep(n_ih, 8, n_hh, 8)
    if mode == "sparsest":
        return LayerKeep(1, 1, 1, 1)
    return LayerKeep(int(rng.integers(1, n_ih + 1)), int(rng.integers(1, 9)),
                     int(rng.integers(1, n_hh + 1)), int(rng.integers(1, 9)))


def fits(shape: ModelShape, hw: HwConfig) -> bool:
    return not budget.start_errors(shape, hw)


def shrink_to_fit(shape: ModelShape, hw: HwConfig, rng) -> ModelShape:
    """Halve keep counts (largest first, at random among layers) until START accepts it."""
    keep = list(shape.keep)
    for _ in range(200):
        s = replace(shape, keep=tuple(keep))
        if fits(s, hw):
            return s
        l = int(rng.integers(0, shape.layers))
        k = keep[l]
        vals = [k.k1_ih, k.k2_ih, k.k1_hh, k.k2_hh]
        j = int(np.argmax(vals))
        vals[j] = max(1, vals[j] // 2)
        keep[l] = LayerKeep(*vals)
    raise AssertionError(f"cannot shrink {shape} to fit {hw}")


def random_shape(hw: HwConfig, rng, layers=None, isize=None, hsize=None, keep_mode=None,
                 max_kept_per_frame: int | None = None) -> ModelShape:
    """Layers 1..MAX_LAYERS, sizes multiples of 32 up to the build's maxima, keep counts from
    dense to the sparsest legal (shrunk to fit WMEM/T1 depth). `max_kept_per_frame` bounds
    the kept weights per frame (simulation time)."""
    from .cycles import kept_weights
    layers = layers or int(rng.integers(1, hw.max_layers + 1))
    isize = isize or B1 * int(rng.integers(1, hw.max_i // B1 + 1))
    hsize = hsize or B1 * int(rng.integers(1, hw.max_h // B1 + 1))
    keep = []
    for l in range(layers):
        mode = keep_mode or KEEP_MODES[int(rng.integers(0, len(KEEP_MODES)))]
        keep.append(_keep(isize if l == 0 else hsize, hsize, mode, rng))
    s = shrink_to_fit(ModelShape(layers, isize, hsize, tuple(keep)), hw, rng)
    while max_kept_per_frame and kept_weights(s) > max_kept_per_frame:
        k = list(s.keep)
        l = int(np.argmax([kk.k1_ih * kk.k2_ih + kk.k1_hh * kk.k2_hh for kk in k]))
        vals = [k[l].k1_ih, k[l].k2_ih, k[l].k1_hh, k[l].k2_hh]
        if max(vals) == 1:
            break
        j = int(np.argmax(vals))
        vals[j] = max(1, vals[j] // 2)
        k[l] = LayerKeep(*vals)
        s = replace(s, keep=tuple(k))
    return s


# ------------------------------------------------------------------ models
def _weights(rng, shape, profile: str, n_kept_row: int) -> np.ndarray:
    if profile == "zero":
        return np.zeros(shape, dtype=np.int64)
    if profile == "saturate":
        return np.where(rng.random(shape) < 0.5, W_MIN, W_MAX).astype(np.int64)
    if profile == "cell_sat":
        return rng.integers(-2, 3, size=shape)
    # normal / tails: std of z about 3 (in value) for inputs of std ~0.5
    sigma = min(16.0, 192.0 / np.sqrt(max(1, n_kept_row)))
    return np.clip(np.rint(rng.normal(0, sigma, shape)), W_MIN, W_MAX).astype(np.int64)


def _bias(rng, hsize: int, profile: str) -> np.ndarray:
    n = 4 * hsize
    one = 1 << F.B_FRAC
    if profile == "zero":
        return np.zeros(n, dtype=np.int64)
    if profile == "tails":
        mag = rng.integers(8 * one, B_MAX + 1, size=n)
        return np.where(rng.random(n) < 0.5, -mag, mag).astype(np.int64)
    if profile == "cell_sat":
        b = np.empty((4, hsize), dtype=np.int64)
        b[0] = 30 * one                                             # i ~ 1
        b[1] = 30 * one                                             # f ~ 1
        b[2] = np.where(rng.random(hsize) < 0.5, -30 * one, 30 * one)  # g = +-1
        b[3] = rng.integers(-4 * one, 4 * one, size=hsize)          # o anywhere
        return b.reshape(-1)
    if profile == "saturate":
        return rng.integers(B_MIN, B_MAX + 1, size=n).astype(np.int64)
    return np.clip(np.rint(rng.normal(0, one, n)), B_MIN, B_MAX).astype(np.int64)


def random_qmodel(shape: ModelShape, rng, profile: str = "normal") -> QModel:
    if profile not in PROFILES:
        raise ValueError(f"profile {profile!r}: allowed {', '.join(PROFILES)}")
    h = shape.hsize
    layers = []
    for l, kk in enumerate(shape.keep[:shape.layers]):
        cols = shape.isize if l == 0 else h
        p_ih = hcgs.random_pattern(h, cols, kk.k1_ih, kk.k2_ih, rng)
        p_hh = hcgs.random_pattern(h, h, kk.k1_hh, kk.k2_hh, rng)
        n_row = 4 * (kk.k1_ih * kk.k2_ih + kk.k1_hh * kk.k2_hh)
        w_ih = _weights(rng, (4 * h, cols), profile, n_row) * gate_rows(p_ih.to_mask())
        w_hh = _weights(rng, (4 * h, h), profile, n_row) * gate_rows(p_hh.to_mask())
        layers.append(QLayer(w_ih.astype(np.int64), w_hh.astype(np.int64), _bias(rng, h, profile), p_ih, p_hh))
    return QModel(tuple(layers), shape.isize)


# ------------------------------------------------------------------ inputs
def random_inputs(rng, frames: int, isize: int, profile: str = "normal") -> np.ndarray:
    """(frames, isize) Q2.10 codes."""
    shp = (frames, isize)
    if profile == "zero":
        return np.zeros(shp, dtype=np.int64)
    if profile in ("saturate", "full_scale"):
        return np.where(rng.random(shp) < 0.5, X_MIN, X_MAX).astype(np.int64)
    return np.clip(np.rint(rng.normal(0, 0.5 * (1 << F.X_FRAC), shp)), X_MIN, X_MAX).astype(np.int64)


def sequence_lengths(rng, total: int, kind: str = "mixed") -> list[int]:
    """Split `total` frames into sequences: "one" (one long), "ones" (all length 1),
    "mixed" (lengths 1..8, including 1), "long" (lengths 9..16, the last one shorter)."""
    if total <= 0:
        return []
    if kind == "one":
        return [total]
    if kind == "ones":
        return [1] * total
    if kind == "long":
        out = []
        while sum(out) < total:
            out.append(int(min(total - sum(out), rng.integers(9, 17))))
        return out
    out = [1] if total > 1 else []
    while sum(out) < total:
        out.append(int(min(total - sum(out), rng.integers(1, 9))))
    return out
