"""Python side of the SV stream player (verif/tb/hcgs_axis_player.sv): hands over a whole
frame at a time, so no Python code runs per clock cycle while it streams.

`PlayerSource.send(frame, gaps)` has the signature and timing of `AxisSource.send`: the
frame's beats go into the player's ring with `gaps[i]` idle cycles before beat i, and the
call returns right after the edge that took the last beat (one wake-up per frame, on the
player's `marks` counter).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .axis import AxisFrame

DATA_W, USER_W, GAP_W = 64, 1, 16
MAX_GAP = (1 << GAP_W) - 1


def words(frame: AxisFrame, gaps) -> list[int]:
    """Buffer words {mark, gap, last, user, data} of `frame`; the last beat carries the mark."""
    n = len(frame)
    out = []
    for i in range(n):
        g = int(gaps[i])
        if not 0 <= g <= MAX_GAP:
            raise ValueError(f"idle gap {g} before beat {i}: the player takes 0..{MAX_GAP} cycles")
        w = (frame.data[i] & ((1 << DATA_W) - 1)) | ((frame.user[i] & 1) << DATA_W) \
            | (int(bool(frame.last[i])) << (DATA_W + USER_W)) | (g << (DATA_W + USER_W + 1)) \
            | (int(i == n - 1) << (DATA_W + USER_W + 1 + GAP_W))
        out.append(w)
    return out


class PlayerSource:
    """Drives s_axis through `player` (the hcgs_axis_player instance); `path` is the file
    named by its +play_<NAME>= plusarg."""

    def __init__(self, player, path: Path, ring_bits: int = 12):
        self.p = player
        self.path = Path(path)
        self.depth = 1 << ring_bits
        self.fill = 0
        self.sent_marks = 0
        self.beats_sent = 0
        self.p.enable.value = 1
        self._fh = open(self.path, "w")
        self._size = 0

    def _write(self, text: str):
        """Rewrite the hand-over file in place. Never truncated: a truncation makes ext4 flush
        the file to disk (5 ms per frame here); shorter contents are padded with blanks, which
        $readmemh skips."""
        fh = self._fh
        fh.seek(0)
        fh.write(text)
        if len(text) < self._size:
            fh.write(" " * (self._size - len(text)))
        self._size = max(self._size, len(text))
        fh.flush()

    def idle(self):
        """Drop every beat not yet offered (TVALID falls)."""
        self.fill = int(self.p.taken.value)
        self.p.fill.value = self.fill

    async def send(self, frame: AxisFrame, gaps=None) -> None:
        n = len(frame)
        if n == 0:
            return
        if n > self.depth:
            raise ValueError(f"frame of {n} beats: the player's ring holds {self.depth}")
        gaps = np.zeros(n, dtype=np.int64) if gaps is None else gaps
        ws = words(frame, gaps)
        lines, at = [], None
        for k, w in enumerate(ws):
            a = (self.fill + k) % self.depth
            if a != at:
                lines.append(f"@{a:x}")
            lines.append(f"{w:x}")
            at = a + 1
        self._write("\n".join(lines) + "\n")
        self.p.load.value = 1 - int(self.p.load.value)
        self.fill = (self.fill + n) & 0xFFFFFFFF
        self.p.fill.value = self.fill
        self.sent_marks += 1
        target = self.sent_marks
        while int(self.p.marks.value) < target:
            await self.p.marks.value_change
        self.beats_sent += n
