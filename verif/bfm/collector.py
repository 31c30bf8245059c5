"""Python side of the SV stream collector (verif/tb/hcgs_axis_collector.sv): TREADY from a
backpressure pattern handed over once as run lengths, and every beat read back a frame at
a time from the collector's record file (one wake-up per TLAST, none per cycle).

`CollectorSink` replaces `AxisSink` (start / stop with the same meaning); `CollectorMonitor`
replaces `AxisMonitor` (callback(AxisFrame) per frame, `flush()`, `stop()`).
"""
from __future__ import annotations

from pathlib import Path

import cocotb
import numpy as np
from cocotb.triggers import ReadWrite

from .axis import AxisFrame, reporting_errors
from .patterns import Pattern

PAT_BITS = 12          # hcgs_axis_collector PAW: up to 4096 runs
MAX_RUN = (1 << 16) - 1


def run_lengths(bits: np.ndarray) -> list[tuple[int, int]]:
    """[(ready, length)] of a TREADY bit sequence, runs split at MAX_RUN."""
    bits = np.asarray(bits, dtype=bool)
    if bits.size == 0:
        return []
    edges = np.flatnonzero(np.diff(bits.astype(np.int8))) + 1
    starts = np.concatenate(([0], edges))
    ends = np.concatenate((edges, [bits.size]))
    out = []
    for s, e in zip(starts, ends):
        n = int(e - s)
        while n > 0:
            out.append((int(bits[s]), min(n, MAX_RUN)))
            n -= MAX_RUN
    return out


def pattern_runs(pattern: Pattern, rng: np.random.Generator, max_runs: int = 1 << PAT_BITS) -> list[tuple[int, int]]:
    """Up to `max_runs` runs of the pattern's TREADY bits, drawn from `rng` in blocks."""
    runs: list[tuple[int, int]] = []
    while len(runs) < max_runs:
        runs += run_lengths(pattern.ready_bits(rng, 4096))
    return runs[:max_runs]


class CollectorSink:
    """TREADY of m_axis from `col` (the hcgs_axis_collector instance); `path` is the file
    named by its +pattern_<NAME>= plusarg."""

    def __init__(self, col, path: Path, pattern: Pattern | None = None, rng: np.random.Generator | None = None):
        self.c = col
        self.path = Path(path)
        self.pattern = pattern or Pattern()
        self.rng = rng or np.random.default_rng(0)
        self.c.rmode.value = 0
        self._loaded = False

    def start(self):
        if self.pattern.idle:
            self.c.rmode.value = 1
            return self
        if not self._loaded:     # drawn once: a restart after stop() goes on with the same pattern
            runs = pattern_runs(self.pattern, self.rng)
            self.path.write_text("\n".join(f"{(r << 16) | n:x}" for r, n in runs) + "\n")
            self.c.pat_n.value = len(runs)
            self.c.pat_load.value = 1 - int(self.c.pat_load.value)
            self._loaded = True
        self.c.rmode.value = 2
        return self

    def stop(self, ready: int = 0):
        self.c.rmode.value = 1 if ready else 0


class CollectorMonitor:
    """Reports every frame (beats up to TLAST) recorded by `col` to `callback(AxisFrame)`.
    `path` is the collector's record file (+collect_<NAME>=)."""

    def __init__(self, col, path: Path, callback, prefix: str):
        self.c = col
        self.path = Path(path)
        self.callback = callback
        self.prefix = prefix
        self.pending: AxisFrame | None = None
        self._fh = None
        self._buf = ""
        self._task = None
        self._frames_seen = 0
        self.on_error = None             # called with the message before a check raises

    def start(self):
        self._task = cocotb.start_soon(self._run())
        return self

    def stop(self):
        """Stop reporting (the task ends with the test, as AxiLiteMonitor's)."""
        self.callback = lambda f: None

    def _read(self) -> list[AxisFrame]:
        if self._fh is None:
            if not self.path.is_file():
                return []
            self._fh = open(self.path)
        self._buf += self._fh.read()
        if "\n" not in self._buf:
            return []
        cut = self._buf.rindex("\n") + 1
        text, self._buf = self._buf[:cut], self._buf[cut:]
        done = []
        for line in text.splitlines():
            cyc, data, user, last = line.split()
            if self.pending is None:
                self.pending = AxisFrame([], [], [], start_cycle=int(cyc))
            f = self.pending
            try:
                f.data.append(int(data, 16))
                f.user.append(int(user, 16))
            except ValueError:
                raise AssertionError(f"{self.prefix}_tdata/tuser is {data}/{user} (X/Z) on a handshake "
                                     f"at cycle {cyc}") from None
            f.last.append(last == "1")
            f.cycles.append(int(cyc))
            if last == "1":
                f.end_cycle = int(cyc)
                done.append(f)
                self.pending = None
        return done

    def check_x(self):
        bad = int(self.c.xbad.value)
        if bad:
            raise AssertionError(f"{self.prefix}: X/Z on TVALID (or on TDATA/TUSER/TLAST with TVALID) "
                                 f"after reset on {bad} clock edge(s); the simulator log names the first")

    async def flush(self) -> AxisFrame | None:
        """Report the frames recorded so far, then drop and return the beats of an unfinished
        frame (after a reset)."""
        self.c.flush.value = 1 - int(self.c.flush.value)
        await ReadWrite()
        for f in self._read():
            self.callback(f)
        p, self.pending = self.pending, None
        return p

    async def _run(self):
        await reporting_errors(self._watch(), self)

    async def _watch(self):
        frames = self.c.frames
        while True:
            await frames.value_change
            for f in self._read():
                self.check_x()
                self.callback(f)
