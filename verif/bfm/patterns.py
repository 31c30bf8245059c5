"""Idle (source) and backpressure (sink) patterns, drawn from a NumPy Generator.

A pattern answers "how many cycles to wait before the next beat" (source idle) or
"is TREADY high this cycle" (sink). Patterns are pre-drawn in blocks so the per-cycle
path does no random-number calls.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Named levels, from none to heavy: (probability of a gap/stall cycle, longest run).
LEVELS = {
    "none": (0.0, 0),
    "light": (0.1, 2),
    "medium": (0.3, 4),
    "heavy": (0.7, 16),
    "choke": (0.9, 32),     # slower than the engine on sparse patterns: fills the output buffer
}


@dataclass(frozen=True)
class Pattern:
    """`prob` chance that a cycle is idle (source) / not ready (sink), in runs up to `max_run`.

    `per_cycle`: memoryless instead, every cycle idle / not ready with probability `prob`
    on its own (geometric runs, `max_run` unused); see `Pattern.per_cycle_prob`."""
    name: str = "none"
    prob: float = 0.0
    max_run: int = 0
    per_cycle: bool = False

    @classmethod
    def per_cycle_prob(cls, busy: float) -> "Pattern":
        """Each cycle idle (source) / not ready (sink) with probability `busy`, independently."""
        if not 0.0 <= busy < 1.0:
            raise ValueError(f"per-cycle idle probability {busy}: must be in [0, 1)")
        return cls(f"per-cycle {busy:g}", busy, 0, per_cycle=True)

    @classmethod
    def level(cls, name: str) -> "Pattern":
        try:
            p, r = LEVELS[name]
        except KeyError:
            raise ValueError(f"pattern {name!r}: allowed {', '.join(LEVELS)}") from None
        return cls(name, p, r)

    @property
    def idle(self) -> bool:
        return self.prob <= 0.0 or (self.max_run <= 0 and not self.per_cycle)

    def gaps(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Idle cycles before each of `n` beats (int array)."""
        if self.idle:
            return np.zeros(n, dtype=np.int64)
        if self.per_cycle:      # idle cycles before a beat: failures before the first success
            return (rng.geometric(1.0 - self.prob, size=n) - 1).astype(np.int64)
        hit = rng.random(n) < self.prob
        runs = rng.integers(1, self.max_run + 1, size=n)
        return np.where(hit, runs, 0).astype(np.int64)

    def ready_bits(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """`n` per-cycle TREADY values (bool array): runs of stalls between ready cycles."""
        if self.idle:
            return np.ones(n, dtype=bool)
        if self.per_cycle:
            return rng.random(n) >= self.prob
        out = np.ones(n, dtype=bool)
        i = 0
        gaps = self.gaps(rng, n)
        for g in gaps:              # one ready cycle after each run of `g` stalls
            if i >= n:
                break
            out[i:i + g] = False
            i += g + 1
        return out
