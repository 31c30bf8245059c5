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
- cell_edge  (cell_edge_model) the cell state driven into saturation by one input, then
             held there by biases alone so that its value before saturation lands
             exactly on and next to both limits (-32770 .. -32767, 32766 .. 32769)
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


# ------------------------------------------------------------------ the cell's saturation edges
#: the values of c before saturation that cell_edge_model reaches: on, one inside and one
#: and two outside each limit of the 16-bit cell (contract section 4, step 4)
CELL_EDGES = (-32770, -32769, -32768, -32767, 32766, 32767, 32768, 32769)
CELL_EDGE_DRIVE = 36        # frames of drive (c moves ~1000 codes a frame) before the hold


def _act(bias: int, tanh: bool = False) -> int:
    """The activation a gate with zero weights (or zero input) and this bias gets."""
    from golden import lut
    z = F.sat(F.rshift_round(bias << F.BIAS_SHIFT, F.Z_SHIFT), F.Z_W)
    return int((lut.TANH if tanh else lut.SIGMOID)[F.to_unsigned(z, F.Z_W)])


def cell_edge_biases() -> dict[int, tuple[int, int]]:
    """{edge value: (bias of i, bias of g)}: with f at its largest (bias B_MAX) and c at its
    limit (-32768 below zero, 32767 above), c' before saturation is exactly the edge value."""
    f = _act(B_MAX)
    out = {}
    for bi in range(0, 1024, 4):
        i = _act(bi)
        for bg in range(-64, 65):
            g = _act(bg, tanh=True)
            for c in (-32768, 32767):
                v = int(F.rshift_round(((f * c) << F.FC_SHIFT) + i * g, F.CELL_SHIFT))
                if v in CELL_EDGES and v not in out:
                    out[v] = (bi, bg)
    missing = sorted(set(CELL_EDGES) - set(out))
    if missing:
        raise AssertionError(f"cell_edge: no (i, g) bias pair gives c' = {missing} (activation tables changed?)")
    return out


def cell_edge_model(isize: int, hsize: int, rng) -> QModel:
    """One layer; input element 0 drives i (weight +31) and g (weight -32 for the cells that
    go to the lower limit, +31 for the upper) while it is full scale; every other weight is
    zero. f has the largest bias (f = 4095/4096), o a random one; i and g have the biases
    that put c' exactly on cell_edge_biases()'s edge, the cells taking the eight edges in
    turn (from a random first one)."""
    edges = cell_edge_biases()
    order = list(CELL_EDGES)
    first = int(rng.integers(0, len(order)))
    order = order[first:] + order[:first]
    p_ih = hcgs.random_pattern(hsize, isize, isize // B1, 8, rng)       # dense: column 0 kept
    p_hh = hcgs.random_pattern(hsize, hsize, 1, 1, rng)
    w_ih = np.zeros((4 * hsize, isize), dtype=np.int64)
    w_hh = np.zeros((4 * hsize, hsize), dtype=np.int64)
    bias = np.zeros((4, hsize), dtype=np.int64)
    for cell in range(hsize):
        v = order[cell % len(order)]
        bi, bg = edges[v]
        w_ih[0 * hsize + cell, 0] = W_MAX
        w_ih[2 * hsize + cell, 0] = W_MIN if v < 0 else W_MAX
        bias[0, cell], bias[1, cell], bias[2, cell] = bi, B_MAX, bg
        bias[3, cell] = int(rng.integers(-2 << F.B_FRAC, 2 << F.B_FRAC))
    return QModel((QLayer(w_ih, w_hh, bias.reshape(-1), p_ih, p_hh),), isize)


def cell_edge_inputs(frames: int, isize: int) -> np.ndarray:
    """Input element 0 at full scale for CELL_EDGE_DRIVE frames, then zero; the rest zero."""
    if frames <= CELL_EDGE_DRIVE:
        raise ValueError(f"cell_edge: {frames} frames, needs more than {CELL_EDGE_DRIVE} (the drive) to reach the edges")
    x = np.zeros((frames, isize), dtype=np.int64)
    x[:CELL_EDGE_DRIVE, 0] = X_MAX
    return x


def cell_edges_reached(q: QModel, x: np.ndarray) -> set[int]:
    """The edge values c' takes before saturation when the golden model runs `x` as one
    sequence (the stimulus checks itself: a test that misses an edge says so)."""
    from golden import fixed
    tr = fixed.run(q, x).layers[0]
    c_prev = np.vstack([np.zeros((1, q.hsize), dtype=np.int64), tr.c[:-1]])
    i, f, g = tr.act[:, 0], tr.act[:, 1], tr.act[:, 2]
    v = F.rshift_round(((f * c_prev) << F.FC_SHIFT) + i * g, F.CELL_SHIFT)
    return set(int(e) for e in np.unique(v)) & set(CELL_EDGES)
