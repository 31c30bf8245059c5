"""One layer's integer weights, biases and patterns <-> its memory entries (contract section 5).

Entries are listed in walk order: group g (cells 4g..4g+3) visits the kept sub-blocks of
W_ih then of W_hh, each k1 then k2 ascending. Weight words are kept as lane codes
(signed 6-bit weight per lane); `pack_lanes` and `unpack_lanes` give the memory words.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import formats as F
from .config import B1, B2, SUB_PER_BLOCK, HwConfig, LayerKeep
from .hcgs import Pattern

GATES = 4
BIAS_PER_WORD = GATES * B2   # 16 biases per bmem word: entry e = gate*4 + r


class ImageError(ValueError):
    """Memory contents that do not decode to a legal layer."""


@dataclass(frozen=True)
class LayerEntries:
    wlanes: np.ndarray  # (sub-blocks * WPS, LANES) signed weight codes, lane n = (gate*4 + r)*C + j
    t2: np.ndarray      # (sub-blocks,) sub-block column inside its tier-1 block, 0..7
    t1: np.ndarray      # (H/32 * (K1_ih + K1_hh),) kept block-columns: per block-row, W_ih then W_hh
    bias: np.ndarray    # (H/4, 16) signed Q5.10 codes, entry e = gate*4 + r


def _check_codes(a: np.ndarray, width: int, shape: tuple, what: str) -> np.ndarray:
    a = np.asarray(a)
    if a.shape != shape:
        raise ValueError(f"{what}: expected shape {shape}, got {a.shape}")
    if a.dtype.kind not in "iu":
        raise ValueError(f"{what}: expected integer codes, got dtype {a.dtype}")
    if a.size and (a.min() < F.smin(width) or a.max() > F.smax(width)):
        raise ValueError(f"{what}: codes must be in {F.smin(width)} .. {F.smax(width)} ({width}-bit), "
                         f"got {a.min()} .. {a.max()}")
    return a.astype(np.int64)


def _walk_subcols(p: Pattern) -> np.ndarray:
    """(H/4, K1*K2) sub-block columns (t1*8 + t2) of every group, in walk order."""
    sc = p.t1[:, :, None, None] * SUB_PER_BLOCK + p.t2            # (nbr, k1, 8, k2)
    return sc.transpose(0, 2, 1, 3).reshape(p.rows // B2, p.k1 * p.k2)


def _gather(w: np.ndarray, sc: np.ndarray, hsize: int) -> np.ndarray:
    """(G, n, gate, r, col) weights of the sub-blocks `sc` (G, n) of a (4H, cols) matrix."""
    g = hsize // B2
    wr = w.reshape(GATES, g, B2, w.shape[1] // B2, B2).transpose(1, 3, 0, 2, 4)
    return wr[np.arange(g)[:, None], sc]


def compress_layer(w_ih, w_hh, bias, p_ih: Pattern, p_hh: Pattern, hw: HwConfig) -> LayerEntries:
    """Memory entries of one layer. Weights outside the patterns are ignored (not stored)."""
    h, cols = p_hh.rows, p_ih.cols
    if p_hh.cols != h or p_ih.rows != h:
        raise ValueError(f"patterns: W_ih pattern {p_ih.rows}x{p_ih.cols} and W_hh pattern {p_hh.rows}x{p_hh.cols} "
                         f"must have H rows and W_hh must be H x H")
    w_ih = _check_codes(w_ih, F.W_W, (GATES * h, cols), "weight_ih")
    w_hh = _check_codes(w_hh, F.W_W, (GATES * h, h), "weight_hh")
    bias = _check_codes(bias, F.B_W, (GATES * h,), "bias")
    sc_ih, sc_hh = _walk_subcols(p_ih), _walk_subcols(p_hh)
    sub = np.concatenate([_gather(w_ih, sc_ih, h), _gather(w_hh, sc_hh, h)], axis=1)  # (G, n, 4, 4, 4)
    c, wps = hw.cols_per_cycle, hw.wps
    lanes = sub.reshape(-1, GATES, B2, wps, c).transpose(0, 3, 1, 2, 4).reshape(-1, hw.lanes)
    t2 = np.concatenate([sc_ih, sc_hh], axis=1).ravel() % SUB_PER_BLOCK
    t1 = np.concatenate([p_ih.t1, p_hh.t1], axis=1).ravel()
    b = bias.reshape(GATES, h // B2, B2).transpose(1, 0, 2).reshape(-1, BIAS_PER_WORD)
    return LayerEntries(lanes, t2.astype(np.int64), t1.astype(np.int64), b)


def _pattern_from_entries(t1: np.ndarray, t2: np.ndarray, rows: int, cols: int, what: str) -> Pattern:
    """Pattern from t1 (nbr, K1) and walk-order t2 (G, K1, K2), checked for legal, ascending indices."""
    nbr, k1 = t1.shape
    k2 = t2.shape[2]
    nb = cols // B1
    if t1.min() < 0 or t1.max() >= nb:
        raise ImageError(f"{what}: tier-1 index {t1.max()} out of range 0 .. {nb - 1}")
    if (np.diff(t1, axis=1) <= 0).any():
        b = np.argwhere(np.diff(t1, axis=1) <= 0)[0][0]
        raise ImageError(f"{what}: tier-1 indices of block-row {b} are not strictly ascending: {t1[b].tolist()}")
    if (np.diff(t2, axis=2) <= 0).any():
        g, j = np.argwhere((np.diff(t2, axis=2) <= 0).any(axis=2))[0]
        raise ImageError(f"{what}: tier-2 indices of group {g}, kept block {j} are not strictly ascending: "
                         f"{t2[g, j].tolist()}")
    return Pattern(rows, cols, t1, t2.reshape(nbr, SUB_PER_BLOCK, k1, k2).transpose(0, 2, 1, 3).copy())


def decompress_layer(e: LayerEntries, hsize: int, cols: int, keep: LayerKeep, hw: HwConfig, what: str = "layer"):
    """(w_ih, w_hh, bias, p_ih, p_hh) of memory entries: dense int64 weights, zero outside the patterns."""
    k1_ih, k2_ih, k1_hh, k2_hh = keep.k1_ih, keep.k2_ih, keep.k1_hh, keep.k2_hh
    g, nbr = hsize // B2, hsize // B1
    n_ih, n_hh = k1_ih * k2_ih, k1_hh * k2_hh
    want = {"t1": (nbr * (k1_ih + k1_hh),), "t2": (g * (n_ih + n_hh),),
            "wlanes": (g * (n_ih + n_hh) * hw.wps, hw.lanes), "bias": (g, BIAS_PER_WORD)}
    for name, shape in want.items():
        if getattr(e, name).shape != shape:
            raise ImageError(f"{what}: {name} has shape {getattr(e, name).shape}, the keep counts need {shape}")
    t2 = np.asarray(e.t2, dtype=np.int64)
    if t2.size and (t2.min() < 0 or t2.max() >= SUB_PER_BLOCK):
        raise ImageError(f"{what}: tier-2 index {t2.max()} out of range 0 .. {SUB_PER_BLOCK - 1}")
    t1 = np.asarray(e.t1, dtype=np.int64).reshape(nbr, k1_ih + k1_hh)
    t2 = t2.reshape(g, n_ih + n_hh)
    p_ih = _pattern_from_entries(t1[:, :k1_ih], t2[:, :n_ih].reshape(g, k1_ih, k2_ih), hsize, cols, f"{what} W_ih")
    p_hh = _pattern_from_entries(t1[:, k1_ih:], t2[:, n_ih:].reshape(g, k1_hh, k2_hh), hsize, hsize, f"{what} W_hh")
    c, wps = hw.cols_per_cycle, hw.wps
    sub = e.wlanes.reshape(-1, wps, GATES, B2, c).transpose(0, 2, 3, 1, 4).reshape(g, n_ih + n_hh, GATES, B2, B2)
    w_ih = _scatter(sub[:, :n_ih], _walk_subcols(p_ih), hsize, cols)
    w_hh = _scatter(sub[:, n_ih:], _walk_subcols(p_hh), hsize, hsize)
    bias = e.bias.reshape(g, GATES, B2).transpose(1, 0, 2).reshape(-1).astype(np.int64)
    return w_ih, w_hh, bias, p_ih, p_hh


def _scatter(sub: np.ndarray, sc: np.ndarray, hsize: int, cols: int) -> np.ndarray:
    g = hsize // B2
    wr = np.zeros((g, cols // B2, GATES, B2, B2), dtype=np.int64)
    wr[np.arange(g)[:, None], sc] = sub
    return wr.transpose(2, 0, 3, 1, 4).reshape(GATES * hsize, cols)


def pack_fields(codes, width: int) -> list[int]:
    """Words (Python ints) of rows of signed codes, field n at bits [width*n + width-1 : width*n]."""
    u = F.to_unsigned(np.asarray(codes, dtype=np.int64), width)
    rows, n = u.shape
    bits = ((u[:, :, None] >> np.arange(width)) & 1).astype(np.uint8).reshape(rows, n * width)
    data = np.packbits(bits, axis=1, bitorder="little")
    return [int.from_bytes(r.tobytes(), "little") for r in data]


def unpack_fields(words, n: int, width: int) -> np.ndarray:
    """Inverse of `pack_fields`: (len(words), n) signed codes; bits above n*width are ignored."""
    nbytes = (n * width + 7) // 8
    mask = (1 << (8 * nbytes)) - 1
    data = np.frombuffer(b"".join((int(w) & mask).to_bytes(nbytes, "little") for w in words), dtype=np.uint8)
    bits = np.unpackbits(data.reshape(-1, nbytes), axis=1, bitorder="little")[:, :n * width]
    u = (bits.reshape(-1, n, width).astype(np.int64) << np.arange(width)).sum(axis=2)
    return F.to_signed(u, width)
