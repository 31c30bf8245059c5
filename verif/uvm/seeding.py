"""Hierarchical seeding (forastero style): every component draws from its own NumPy
Generator, derived from the test's seed and the component's path, so adding a component
or a draw in one component never changes another's stimulus. Never global random state.
"""
from __future__ import annotations

import hashlib

import numpy as np


def _key(part: str) -> int:
    return int.from_bytes(hashlib.sha256(part.encode()).digest()[:4], "little")


def derive(seed: int, *path: str) -> np.random.Generator:
    """The Generator of `path` (e.g. "uvm_test_top.env.inp.drv") under `seed`."""
    return np.random.default_rng(np.random.SeedSequence(int(seed) & 0xFFFFFFFFFFFFFFFF,
                                                        spawn_key=tuple(_key(p) for p in path)))


def derive_int(seed: int, *path: str) -> int:
    """A 31-bit integer seed for APIs that take one (e.g. golden's model generator)."""
    return int(derive(seed, *path).integers(0, 2**31 - 1))


def test_seed() -> int:
    """cocotb's per-test seed (the regression seed cocotb prints, plus the test name's hash)."""
    import cocotb
    return int(cocotb.RANDOM_SEED)
