"""AXI4-Stream source, sink and passive monitor (contract section 7).

A frame is a list of beats; the source sends a whole frame per call, the monitor reports
a whole frame (up to TLAST) per callback. Elements are packed four to a 64-bit beat,
element k in bits [16k+15:16k], sign-extended from 13 bits.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cocotb
import numpy as np
from cocotb.triggers import ReadOnly, RisingEdge
from cocotb_bus.bus import Bus

from .patterns import Pattern
from .xcheck import ctrl

ELEMS_PER_BEAT = 4
ELEM_BITS = 16


def as_int(handle, what: str) -> int:
    """int() of a signal, with a message naming the signal when it holds X or Z."""
    try:
        return int(handle.value)
    except ValueError:
        raise AssertionError(f"{what} is {handle.value} (X/Z) where a value is required") from None


def bit(handle) -> int:
    """A control bit: X/Z reads as 0 only before the first reset is released; after it,
    X/Z is an error naming the signal (verif.bfm.xcheck)."""
    return ctrl(handle)


def pack_elements(codes) -> list[int]:
    """Signed element codes (length a multiple of 4) -> 64-bit beats."""
    a = np.asarray(codes, dtype=np.int64).reshape(-1, ELEMS_PER_BEAT) & 0xFFFF
    words = np.zeros(a.shape[0], dtype=np.uint64)
    for k in range(ELEMS_PER_BEAT):
        words |= a[:, k].astype(np.uint64) << np.uint64(ELEM_BITS * k)
    return [int(w) for w in words]


def unpack_beats(beats, elem_width: int = 13) -> np.ndarray:
    """64-bit beats -> signed element codes of `elem_width` bits (the low bits of each 16-bit slot)."""
    w = np.asarray([int(b) for b in beats], dtype=np.uint64)
    out = np.empty((len(w), ELEMS_PER_BEAT), dtype=np.int64)
    mask = np.uint64((1 << elem_width) - 1)
    half = 1 << (elem_width - 1)
    for k in range(ELEMS_PER_BEAT):
        u = ((w >> np.uint64(ELEM_BITS * k)) & mask).astype(np.int64)
        out[:, k] = u - ((u & half) << 1)
    return out.reshape(-1)



async def reporting_errors(watch, monitor) -> None:
    """Await a monitor's watch loop; a check that fails in it (AssertionError) is handed to
    `monitor.on_error` (the failure record), as set when it fails, before it fails the test."""
    try:
        await watch
    except AssertionError as e:
        if monitor.on_error is not None:
            monitor.on_error(str(e))
        raise

@dataclass
class AxisFrame:
    """Beats up to and including TLAST (or what was sent, for a malformed frame)."""
    data: list[int]
    user: list[int]
    last: list[bool]
    start_cycle: int = 0
    end_cycle: int = 0
    cycles: list[int] = field(default_factory=list)   # per beat, monitors only

    def __len__(self):
        return len(self.data)

    @classmethod
    def from_elements(cls, codes, user_first: int = 0, last_at: int | None = None) -> "AxisFrame":
        """A frame of the element codes; TUSER=`user_first` on beat 0; TLAST on beat `last_at`
        (default: the last beat; None past the end means no TLAST at all)."""
        data = pack_elements(codes)
        n = len(data)
        la = n - 1 if last_at is None else last_at
        return cls(data, [user_first] + [0] * (n - 1), [i == la for i in range(n)])

    def elements(self, elem_width: int = 13) -> np.ndarray:
        return unpack_beats(self.data, elem_width)


class AxisSource:
    """Drives `<prefix>_tdata/tuser/tlast/tvalid`, honours `<prefix>_tready`."""

    def __init__(self, dut, clk, prefix: str = "s_axis"):
        self.bus = Bus(dut, prefix, ["tdata", "tuser", "tlast", "tvalid", "tready"])
        self.clk = clk
        self.idle()
        self.beats_sent = 0

    def idle(self):
        b = self.bus
        b.tvalid.value = 0
        b.tdata.value = 0
        b.tuser.value = 0
        b.tlast.value = 0

    async def send(self, frame: AxisFrame, gaps=None) -> None:
        """Send every beat of `frame`, `gaps[i]` idle cycles before beat i. Returns after the
        last handshake (right after the edge that took it)."""
        b, clk = self.bus, self.clk
        n = len(frame)
        gaps = np.zeros(n, dtype=np.int64) if gaps is None else gaps
        for i in range(n):
            g = int(gaps[i])
            if g:
                b.tvalid.value = 0
                for _ in range(g):
                    await RisingEdge(clk)
            b.tdata.value = frame.data[i]
            b.tuser.value = frame.user[i]
            b.tlast.value = int(frame.last[i])
            b.tvalid.value = 1
            while True:
                await RisingEdge(clk)
                if bit(b.tready):
                    break
            self.beats_sent += 1
        b.tvalid.value = 0
        b.tlast.value = 0
        b.tuser.value = 0


class AxisSink:
    """Drives `<prefix>_tready` from a backpressure pattern; the monitor records the beats.

    With no backpressure TREADY is simply held high (no coroutine at all).
    """

    def __init__(self, dut, clk, prefix: str = "m_axis", pattern: Pattern | None = None,
                 rng: np.random.Generator | None = None):
        self.bus = Bus(dut, prefix, ["tdata", "tuser", "tlast", "tvalid", "tready"])
        self.clk = clk
        self.pattern = pattern or Pattern()
        self.rng = rng or np.random.default_rng(0)
        self._task = None
        self.bus.tready.value = 0

    def start(self):
        self.stop()
        if self.pattern.idle:
            self.bus.tready.value = 1
        else:
            self._task = cocotb.start_soon(self._run())
        return self

    def stop(self, ready: int = 0):
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.bus.tready.value = ready

    def _bits(self):
        while True:
            yield from self.pattern.ready_bits(self.rng, 1024)

    async def _run(self):
        b, clk = self.bus, self.clk
        bits = self._bits()
        b.tready.value = int(next(bits))
        while True:
            await RisingEdge(clk)
            if not bit(b.tvalid):
                await ReadOnly()
                if not bit(b.tvalid):
                    await RisingEdge(b.tvalid)   # sleep while the DUT has nothing to send
                else:
                    continue
            b.tready.value = int(next(bits))


class AxisMonitor:
    """Passive: reports every frame (beats up to TLAST) to `callback(AxisFrame)`."""

    def __init__(self, dut, clk, callback, prefix: str, now=lambda: 0):
        self.bus = Bus(dut, prefix, ["tdata", "tuser", "tlast", "tvalid", "tready"])
        self.prefix = prefix
        self.clk = clk
        self.callback = callback
        self.now = now
        self._task = None
        self.pending: AxisFrame | None = None   # beats of a frame not yet closed by TLAST
        self.on_error = None                    # called with the message before a check raises

    def start(self):
        self._task = cocotb.start_soon(self._run())
        return self

    def stop(self):
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def flush(self) -> AxisFrame | None:
        """Drop and return the beats of an unfinished frame (after a reset)."""
        p, self.pending = self.pending, None
        return p

    async def _run(self):
        await reporting_errors(self._watch(), self)

    async def _watch(self):
        b, clk, p = self.bus, self.clk, self.prefix
        while True:
            await ReadOnly()
            if not bit(b.tvalid):
                await RisingEdge(b.tvalid)
                continue
            if bit(b.tready):
                if self.pending is None:
                    self.pending = AxisFrame([], [], [], start_cycle=self.now())
                f = self.pending
                f.data.append(as_int(b.tdata, f"{p}_tdata"))
                f.user.append(as_int(b.tuser, f"{p}_tuser"))
                last = bool(as_int(b.tlast, f"{p}_tlast"))
                f.last.append(last)
                f.cycles.append(self.now())
                if last:
                    f.end_cycle = self.now()
                    self.pending = None
                    await RisingEdge(clk)   # report outside ReadOnly: listeners may drive signals
                    self.callback(f)
                    continue
            await RisingEdge(clk)
