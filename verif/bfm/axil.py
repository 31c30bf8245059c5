"""AXI4-Lite master and passive monitor on the `s_axil_*` ports (contract section 6).

cocotb-bus provides the signal bundle (`Bus`). Its `AXI4LiteMaster` is not used: it raises
on SLVERR instead of returning the response, always reports OKAY for writes, and cannot
send W before AW. The register tests (verif/tests, verif/unit) need the response as data,
both channel orders with a gap between them, and backpressure on B and R.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import IntEnum

import cocotb
from cocotb.triggers import First, Lock, ReadOnly, RisingEdge
from cocotb_bus.bus import Bus

from .axis import bit

SIGNALS = ["awaddr", "awprot", "awvalid", "awready", "wdata", "wstrb", "wvalid", "wready",
           "bresp", "bvalid", "bready", "araddr", "arprot", "arvalid", "arready",
           "rdata", "rresp", "rvalid", "rready"]


class Resp(IntEnum):
    OKAY = 0
    EXOKAY = 1
    SLVERR = 2
    DECERR = 3


@dataclass
class AxilTxn:
    """One AXI4-Lite transaction as seen on the bus (monitor output) or done (master result)."""
    write: bool
    addr: int
    data: int = 0
    strb: int = 0xF
    resp: Resp = Resp.OKAY
    start_cycle: int = 0
    end_cycle: int = 0
    order: str | None = None      # writes: "aw_first", "together" or "w_first" (the handshakes' order)

    def __str__(self):
        kind = "W" if self.write else "R"
        return f"{kind} {self.addr:#07x} {self.data:#010x} {self.resp.name}"


class AxiLiteTimeout(AssertionError):
    """The slave did not answer within the master's handshake limit."""


class AxiLiteMaster:
    """Drives one transaction at a time. `max_wait` bounds every handshake in cycles.

    `bready_delay` / `rready_delay`: the default response-channel policy. None holds
    BREADY/RREADY high from the request on; a number d keeps it low until d cycles after
    the last address/data handshake (backpressure on B and R). `rw_overlap` lets a read
    run while a write is in progress (one lock per direction instead of one for both).
    """

    ORDERS = ("together", "aw_first", "w_first")

    def __init__(self, dut, clk, prefix: str = "s_axil", max_wait: int = 1000,
                 bready_delay: int | None = None, rready_delay: int | None = None, rw_overlap: bool = False):
        self.bus = Bus(dut, prefix, SIGNALS)
        self.clk = clk
        self.max_wait = max_wait
        self.bready_delay = bready_delay
        self.rready_delay = rready_delay
        self._lock = Lock()
        self._rlock = Lock() if rw_overlap else self._lock
        b = self.bus
        for s in (b.awvalid, b.wvalid, b.arvalid):
            s.value = 0
        b.awaddr.value = 0
        b.araddr.value = 0
        b.awprot.value = 0
        b.arprot.value = 0
        b.wdata.value = 0
        b.wstrb.value = 0
        b.bready.value = 0
        b.rready.value = 0

    async def _ready_after(self, ready, delay: int | None) -> None:
        """Raise `ready` `delay` cycles after the edge that took the request (None: already high)."""
        if delay is None:
            return
        for _ in range(delay):
            await RisingEdge(self.clk)
        ready.value = 1

    async def write(self, addr: int, data: int, strb: int = 0xF, aw_delay: int = 0, w_delay: int = 0,
                    *, order: str | None = None, gap: int = 0, bready_delay: int | None = None) -> Resp:
        """Write `data` to byte address `addr`; AW goes out `aw_delay` and W `w_delay` cycles late.

        `order` ("together", "aw_first", "w_first") instead of the delays: with aw_first /
        w_first the other channel goes out `gap` cycles after the first one was accepted.
        `bready_delay` overrides the master's BREADY policy for this write."""
        if order is not None and order not in self.ORDERS:
            raise ValueError(f"order {order!r}: allowed {', '.join(self.ORDERS)}")
        if order is not None and (aw_delay or w_delay):
            raise ValueError("give either order/gap or aw_delay/w_delay")
        bd = self.bready_delay if bready_delay is None else bready_delay
        async with self._lock:
            b = self.bus
            b.awaddr.value = addr
            b.wdata.value = data & 0xFFFFFFFF
            b.wstrb.value = strb
            b.bready.value = int(bd is None)
            aw_on = aw_delay == 0 and order != "w_first"
            w_on = w_delay == 0 and order != "aw_first"
            second = {"aw_first": "w", "w_first": "aw"}.get(order)
            first_at = None          # cycle the first channel of an ordered write was accepted
            aw_done = w_done = False
            b.awvalid.value = int(aw_on)
            b.wvalid.value = int(w_on)
            cyc = 0
            while not (aw_done and w_done):
                await RisingEdge(self.clk)
                cyc += 1
                if aw_on and not aw_done and bit(b.awready):
                    aw_done = True
                    b.awvalid.value = 0
                if w_on and not w_done and bit(b.wready):
                    w_done = True
                    b.wvalid.value = 0
                if second is not None and first_at is None and (aw_done or w_done):
                    first_at = cyc
                if second is not None and first_at is not None and cyc - first_at >= gap:
                    if second == "w" and not w_on:
                        w_on = True
                        b.wvalid.value = 1
                    if second == "aw" and not aw_on:
                        aw_on = True
                        b.awvalid.value = 1
                if second is None and not aw_on and cyc >= aw_delay:
                    aw_on = True
                    b.awvalid.value = 1
                if second is None and not w_on and cyc >= w_delay:
                    w_on = True
                    b.wvalid.value = 1
                if cyc > self.max_wait + aw_delay + w_delay + gap:
                    b.awvalid.value = 0
                    b.wvalid.value = 0
                    b.bready.value = 0
                    raise AxiLiteTimeout(f"AXI4-Lite write {addr:#x}: AWREADY/WREADY not seen in {self.max_wait} cycles")
            await self._ready_after(b.bready, bd)
            for _ in range(self.max_wait):
                await RisingEdge(self.clk)
                if bit(b.bvalid):
                    b.bready.value = 0
                    return Resp(int(b.bresp.value))
            b.bready.value = 0
            raise AxiLiteTimeout(f"AXI4-Lite write {addr:#x}: BVALID not seen in {self.max_wait} cycles")

    async def read(self, addr: int, *, rready_delay: int | None = None) -> tuple[int, Resp]:
        """Read byte address `addr`: (data, response). `rready_delay` overrides the master's
        RREADY policy for this read."""
        rd = self.rready_delay if rready_delay is None else rready_delay
        async with self._rlock:
            b = self.bus
            b.araddr.value = addr
            b.arvalid.value = 1
            b.rready.value = int(rd is None)
            for _ in range(self.max_wait):
                await RisingEdge(self.clk)
                if bit(b.arready):
                    break
            else:
                b.arvalid.value = 0
                b.rready.value = 0
                raise AxiLiteTimeout(f"AXI4-Lite read {addr:#x}: ARREADY not seen in {self.max_wait} cycles")
            b.arvalid.value = 0
            await self._ready_after(b.rready, rd)
            for _ in range(self.max_wait):
                await RisingEdge(self.clk)
                if bit(b.rvalid):
                    b.rready.value = 0
                    return int(b.rdata.value), Resp(int(b.rresp.value))
            b.rready.value = 0
            raise AxiLiteTimeout(f"AXI4-Lite read {addr:#x}: RVALID not seen in {self.max_wait} cycles")

    async def write_burst(self, writes) -> list[Resp]:
        """Write every `(addr, data)` back to back; returns the responses in order.

        AW and W of a write go out together, and the next write's AW and W are presented right
        after both of the previous one were taken (the slave holds an address and a data beat
        while it answers: contract section 6), with BREADY held high. One wake-up per clock
        edge for the whole burst, none per channel. `max_wait` cycles without any handshake
        raise AxiLiteTimeout."""
        writes = list(writes)
        resps: list[Resp] = []
        if not writes:
            return resps
        async with self._lock:
            b = self.bus

            def present(k):
                addr, data = writes[k]
                b.awaddr.value = addr
                b.wdata.value = data & 0xFFFFFFFF
                b.wstrb.value = 0xF
                b.awvalid.value = 1
                b.wvalid.value = 1

            b.bready.value = 1
            present(0)
            nxt, aw_done, w_done, quiet = 1, False, False, 0
            while len(resps) < len(writes):
                await RisingEdge(self.clk)
                moved = False
                if not aw_done and bit(b.awready):
                    aw_done, moved = True, True
                    b.awvalid.value = 0
                if not w_done and bit(b.wready):
                    w_done, moved = True, True
                    b.wvalid.value = 0
                if bit(b.bvalid):                  # BREADY was high: taken at this edge
                    resps.append(Resp(int(b.bresp.value)))
                    moved = True
                if aw_done and w_done and nxt < len(writes):
                    present(nxt)
                    nxt, aw_done, w_done = nxt + 1, False, False
                quiet = 0 if moved else quiet + 1
                if quiet > self.max_wait:
                    b.awvalid.value = 0
                    b.wvalid.value = 0
                    b.bready.value = 0
                    k = len(resps)
                    raise AxiLiteTimeout(f"AXI4-Lite write burst: no handshake in {self.max_wait} cycles "
                                         f"({k} of {len(writes)} answered; next write {writes[k][0]:#x})")
            b.bready.value = 0
            return resps

    async def write_many(self, writes, stop_on_error: bool = True) -> list[tuple[int, int, Resp]]:
        """Write each `(addr, data)`; returns the ones not answered OKAY (all of them if asked)."""
        bad = []
        for addr, data in writes:
            r = await self.write(addr, data)
            if r != Resp.OKAY:
                bad.append((addr, data, r))
                if stop_on_error:
                    break
        return bad


class AxiLiteMonitor:
    """Passive: reports every completed transaction to `callback(AxilTxn)`.

    Sleeps while no VALID is high; samples in ReadOnly while one is.
    """

    def __init__(self, dut, clk, callback, prefix: str = "s_axil", now=lambda: 0):
        self.bus = Bus(dut, prefix, SIGNALS)
        # while the bus is idle the monitor sleeps until a VALID rises: on the testbench's
        # OR of them when it has one (hcgs_tb s_axil_any_valid: one simulator callback, not five)
        try:
            self.any_valid = getattr(dut, f"{prefix}_any_valid")
        except AttributeError:
            self.any_valid = None
        self.clk = clk
        self.callback = callback
        self.now = now
        self._task = None

    def start(self):
        self._task = cocotb.start_soon(self._run())
        return self

    def stop(self):
        """Stop reporting. The task is not cancelled: cancelling it inside First() makes
        cocotb 2.1 fail the test ("Task was cancelled, but continued running"); cocotb ends
        it with the test."""
        self.callback = lambda txn: None

    async def _run(self):
        b = self.bus
        aw, w, ar = deque(), deque(), deque()     # accepted, waiting for their responses (in order)
        valids = (b.awvalid, b.wvalid, b.arvalid, b.bvalid, b.rvalid)
        while True:
            await ReadOnly()
            if not any(bit(v) for v in valids) and not aw and not w and not ar:
                if self.any_valid is not None:
                    await RisingEdge(self.any_valid)
                else:
                    await First(*(RisingEdge(v) for v in valids))
                continue
            # values of this cycle, captured at the next edge
            if bit(b.awvalid) and bit(b.awready):
                aw.append((int(b.awaddr.value), self.now()))
            if bit(b.wvalid) and bit(b.wready):
                w.append((int(b.wdata.value), int(b.wstrb.value), self.now()))
            done = []
            if bit(b.bvalid) and bit(b.bready) and aw and w:
                a, d = aw.popleft(), w.popleft()
                order = "together" if a[1] == d[2] else "aw_first" if a[1] < d[2] else "w_first"
                done.append(AxilTxn(True, a[0], d[0], d[1], Resp(int(b.bresp.value)), min(a[1], d[2]),
                                    self.now(), order))
            if bit(b.arvalid) and bit(b.arready):
                ar.append((int(b.araddr.value), self.now()))
            if bit(b.rvalid) and bit(b.rready) and ar:
                a = ar.popleft()
                done.append(AxilTxn(False, a[0], int(b.rdata.value), 0xF, Resp(int(b.rresp.value)), a[1], self.now()))
            await RisingEdge(self.clk)
            for t in done:          # reported outside ReadOnly: listeners may drive signals
                self.callback(t)
