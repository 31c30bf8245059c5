"""HCGS patterns (contract section 3): random masks from a seed, and the index of a mask.

A `Pattern` is the index form of one matrix's mask: the kept tier-1 block-columns of
every block-row and, inside each kept block, the kept sub-block-columns of every
4-row sub-block-row, all ascending. `to_mask` and `from_mask` convert exactly.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import B1, B2, SUB_PER_BLOCK


class MaskError(ValueError):
    """A mask that is not a balanced HCGS pattern, or illegal pattern parameters."""


@dataclass(frozen=True)
class Pattern:
    rows: int
    cols: int
    t1: np.ndarray  # (rows/32, K1) kept block-columns per block-row, ascending
    t2: np.ndarray  # (rows/32, K1, 8, K2) kept sub-block-columns per kept block and sub-block-row

    @property
    def k1(self) -> int:
        return self.t1.shape[1]

    @property
    def k2(self) -> int:
        return self.t2.shape[3]

    def to_mask(self) -> np.ndarray:
        """The boolean mask, shape (rows, cols)."""
        nbr = self.rows // B1
        sub = np.zeros((nbr, SUB_PER_BLOCK, self.cols // B2), dtype=bool)   # per sub-block-row
        b = np.arange(nbr)[:, None, None, None]
        s = np.arange(SUB_PER_BLOCK)[None, None, :, None]
        cols = self.t1[:, :, None, None] * SUB_PER_BLOCK + self.t2          # (nbr, k1, 8, k2)
        sub[np.broadcast_to(b, cols.shape), np.broadcast_to(s, cols.shape), cols] = True
        return np.repeat(np.repeat(sub.reshape(self.rows // B2, -1), B2, axis=0), B2, axis=1)


def density(cols: int, k1: int, k2: int) -> float:
    """Fraction of weights kept: (K1 / (cols/32)) * (K2 / 8)."""
    return (k1 / (cols // B1)) * (k2 / SUB_PER_BLOCK)


def check_params(rows: int, cols: int, k1: int, k2: int, what: str = "pattern") -> None:
    """Raise MaskError unless (rows, cols, K1, K2) describe a legal pattern."""
    for name, v in (("rows", rows), ("cols", cols)):
        if v < B1 or v % B1:
            raise MaskError(f"{what}: {name}={v} must be a positive multiple of {B1}")
    nb = cols // B1
    if not 1 <= k1 <= nb:
        raise MaskError(f"{what}: K1={k1} must be in 1 .. {nb} (cols/{B1} = {cols}/{B1} tier-1 blocks per block-row)")
    if not 1 <= k2 <= SUB_PER_BLOCK:
        raise MaskError(f"{what}: K2={k2} must be in 1 .. {SUB_PER_BLOCK} (sub-blocks per tier-1 sub-block-row)")


def random_pattern(rows: int, cols: int, k1: int, k2: int, rng: np.random.Generator,
                   what: str = "pattern") -> Pattern:
    """A uniformly random balanced pattern drawn from `rng` (tier 1 first, then tier 2)."""
    check_params(rows, cols, k1, k2, what)
    nbr, nb = rows // B1, cols // B1
    t1 = rng.permuted(np.broadcast_to(np.arange(nb), (nbr, nb)), axis=-1)[:, :k1]
    t2 = rng.permuted(np.broadcast_to(np.arange(SUB_PER_BLOCK), (nbr, k1, SUB_PER_BLOCK, SUB_PER_BLOCK)),
                      axis=-1)[..., :k2]
    return Pattern(rows, cols, np.sort(t1, axis=-1).astype(np.int64), np.sort(t2, axis=-1).astype(np.int64))


def random_mask(rows: int, cols: int, k1: int, k2: int, seed: int) -> np.ndarray:
    """The boolean (rows, cols) mask of `random_pattern` drawn from `default_rng(seed)`."""
    return random_pattern(rows, cols, k1, k2, np.random.default_rng(seed)).to_mask()


def _mode(counts: np.ndarray) -> int:
    """The most common value (the smallest of equally common ones)."""
    return int(np.bincount(counts.ravel()).argmax())


def from_mask(mask, what: str = "mask") -> Pattern:
    """The pattern of a boolean mask; MaskError naming the first place it is not balanced HCGS."""
    m = np.asarray(mask)
    if m.ndim != 2:
        raise MaskError(f"{what}: expected a 2-D mask, got shape {m.shape}")
    if m.dtype != bool:
        if m.dtype.kind not in "iuf" or not np.isin(m, (0, 1)).all():
            raise MaskError(f"{what}: expected a boolean (or 0/1) mask, got dtype {m.dtype}")
        m = m.astype(bool)
    rows, cols = m.shape
    for name, v in (("rows", rows), ("cols", cols)):
        if v < B1 or v % B1:
            raise MaskError(f"{what}: shape {m.shape}: {name} must be a positive multiple of {B1}")
    nbr, nb, nsr, nsc = rows // B1, cols // B1, rows // B2, cols // B2

    # Every 4x4 sub-block is kept whole or not at all.
    subs = m.reshape(nsr, B2, nsc, B2).sum(axis=(1, 3))
    partial = np.argwhere((subs > 0) & (subs < B2 * B2))
    if len(partial):
        sr, sc = partial[0]
        raise MaskError(f"{what}: the 4x4 sub-block at rows {B2 * sr}..{B2 * sr + 3}, cols {B2 * sc}..{B2 * sc + 3} "
                        f"is partly kept ({subs[sr, sc]} of 16); sub-blocks are kept whole")
    sub = (subs > 0).reshape(nbr, SUB_PER_BLOCK, nb, SUB_PER_BLOCK)  # [b, s, block col, sub col]

    # Tier 1: the same number of kept blocks in every block-row.
    kept_blocks = sub.any(axis=(1, 3))                                  # (nbr, nb)
    per_row = kept_blocks.sum(axis=1)
    k1 = _mode(per_row)
    if k1 == 0:
        raise MaskError(f"{what}: keeps no tier-1 block in most block-rows; K1 must be at least 1")
    bad = np.flatnonzero(per_row != k1)
    if len(bad):
        b = bad[0]
        raise MaskError(f"{what}: block-row {b} (rows {B1 * b}..{B1 * b + B1 - 1}) keeps {per_row[b]} tier-1 block(s), "
                        f"expected K1={k1} like most block-rows")
    t1 = np.array([np.flatnonzero(r) for r in kept_blocks], dtype=np.int64).reshape(nbr, k1)

    # Tier 2: inside every kept block, the same number of kept sub-blocks in every sub-block-row.
    inner = np.take_along_axis(sub, t1[:, None, :, None], axis=2)       # (nbr, 8, k1, 8)
    counts = inner.sum(axis=3)                                          # (nbr, 8, k1)
    k2 = _mode(counts)
    if k2 == 0:
        raise MaskError(f"{what}: most sub-block-rows of the kept tier-1 blocks keep nothing; K2 must be at least 1")
    bad = np.argwhere(counts != k2)
    if len(bad):
        b, s, j = bad[0]
        raise MaskError(f"{what}: block-row {b}, tier-1 block-column {t1[b, j]}, sub-block-row {s} "
                        f"(rows {B1 * b + B2 * s}..{B1 * b + B2 * s + 3}) keeps {counts[b, s, j]} sub-block(s), "
                        f"expected K2={k2} like most sub-block-rows")
    order = np.argsort(~inner, axis=3, kind="stable")[..., :k2]         # kept sub-columns, ascending
    t2 = order.transpose(0, 2, 1, 3).astype(np.int64)                   # (nbr, k1, 8, k2)
    return Pattern(rows, cols, t1, t2)
