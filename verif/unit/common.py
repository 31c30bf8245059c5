"""Small cocotb helpers shared by the RTL unit tests (verif/unit): clock and reset, an
AXI4-Lite master with controllable channel order and response backpressure, an
AXI4-Stream source and sink.

Every driver follows one rule so it behaves the same on Icarus and Verilator: outputs
change right after a rising edge, handshakes are sampled in the ReadOnly phase before
the next edge (both valid and ready are settled there).
"""
from __future__ import annotations

import os

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import ReadOnly, RisingEdge

OKAY, SLVERR = 0, 2


def rng_for(name: str) -> np.random.Generator:
    """A numpy Generator seeded from the regression seed and a name (per-test stream)."""
    return np.random.default_rng([cocotb.RANDOM_SEED & 0xFFFFFFFF, sum(map(ord, name))])


def param(name: str, default: int) -> int:
    """A build parameter the pytest driver passed through the environment."""
    return int(os.environ.get(f"HCGS_{name}", default))


IDLE_INPUTS = ("s_axil_awaddr", "s_axil_awprot", "s_axil_awvalid", "s_axil_wdata", "s_axil_wstrb",
               "s_axil_wvalid", "s_axil_bready", "s_axil_araddr", "s_axil_arprot", "s_axil_arvalid",
               "s_axil_rready", "s_axis_tdata", "s_axis_tuser", "s_axis_tlast", "s_axis_tvalid",
               "m_axis_tready", "bd_load", "load", "start", "stall_en")


async def start_clock_and_reset(dut, cycles: int = 4):
    """Drive the top's inputs idle (no X reaches the design, as a gate netlist would show),
    start a 100 MHz clock and hold rst_n low for `cycles` rising edges."""
    for name in IDLE_INPUTS:
        if hasattr(dut, name):
            getattr(dut, name).value = 0
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst_n.value = 0
    for _ in range(cycles):
        await RisingEdge(dut.clk)
    dut.rst_n.value = 1
    await RisingEdge(dut.clk)


class AxilMaster:
    """Sequential AXI4-Lite master on the s_axil_* ports of `dut`."""

    def __init__(self, dut):
        self.dut = dut
        d = dut
        for s in ("awvalid", "wvalid", "bready", "arvalid", "rready"):
            getattr(d, f"s_axil_{s}").value = 0
        d.s_axil_awaddr.value = 0
        d.s_axil_awprot.value = 0
        d.s_axil_wdata.value = 0
        d.s_axil_wstrb.value = 0
        d.s_axil_araddr.value = 0
        d.s_axil_arprot.value = 0

    async def write(self, addr: int, data: int, strb: int = 0xF, order: str = "together",
                    gap: int = 0, bready_delay: int = 0) -> int:
        """One write; `order`: together | aw_first | w_first (the other follows `gap`
        cycles after the first is accepted); BREADY held low `bready_delay` cycles."""
        d = self.dut
        d.s_axil_awaddr.value = addr
        d.s_axil_wdata.value = data & 0xFFFFFFFF
        d.s_axil_wstrb.value = strb
        aw_pending = order in ("together", "aw_first")
        w_pending = order in ("together", "w_first")
        aw_done = w_done = False
        wait = 0
        d.s_axil_awvalid.value = int(aw_pending)
        d.s_axil_wvalid.value = int(w_pending)
        d.s_axil_bready.value = 0
        cycles = 0
        while not (aw_done and w_done):
            await ReadOnly()
            aw_fire = bool(d.s_axil_awvalid.value) and bool(d.s_axil_awready.value)
            w_fire = bool(d.s_axil_wvalid.value) and bool(d.s_axil_wready.value)
            await RisingEdge(d.clk)
            cycles += 1
            assert cycles < 1000, f"AXI write {addr:#x}: AW/W never accepted"
            if aw_fire:
                aw_done = True
                d.s_axil_awvalid.value = 0
            if w_fire:
                w_done = True
                d.s_axil_wvalid.value = 0
            if (aw_done or w_done) and not (aw_done and w_done) and not (aw_pending and w_pending):
                if wait >= gap:
                    d.s_axil_awvalid.value = int(not aw_done)
                    d.s_axil_wvalid.value = int(not w_done)
                    aw_pending = w_pending = True
                else:
                    wait += 1
        for _ in range(bready_delay):
            await RisingEdge(d.clk)
        d.s_axil_bready.value = 1
        while True:
            await ReadOnly()
            if bool(d.s_axil_bvalid.value):
                resp = int(d.s_axil_bresp.value)
                await RisingEdge(d.clk)
                d.s_axil_bready.value = 0
                return resp
            await RisingEdge(d.clk)
            cycles += 1
            assert cycles < 1000, f"AXI write {addr:#x}: no B response"

    async def read(self, addr: int, rready_delay: int = 0) -> tuple[int, int]:
        d = self.dut
        d.s_axil_araddr.value = addr
        d.s_axil_arvalid.value = 1
        d.s_axil_rready.value = 0
        cycles = 0
        while True:
            await ReadOnly()
            fire = bool(d.s_axil_arready.value)
            await RisingEdge(d.clk)
            cycles += 1
            assert cycles < 1000, f"AXI read {addr:#x}: AR never accepted"
            if fire:
                d.s_axil_arvalid.value = 0
                break
        for _ in range(rready_delay):
            await RisingEdge(d.clk)
        d.s_axil_rready.value = 1
        while True:
            await ReadOnly()
            if bool(d.s_axil_rvalid.value):
                data, resp = int(d.s_axil_rdata.value), int(d.s_axil_rresp.value)
                await RisingEdge(d.clk)
                d.s_axil_rready.value = 0
                return data, resp
            await RisingEdge(d.clk)
            cycles += 1
            assert cycles < 1000, f"AXI read {addr:#x}: no R response"


class StreamSource:
    """AXI4-Stream source on s_axis_*: beats (tdata, tuser, tlast), valid with probability p."""

    def __init__(self, dut, rng: np.random.Generator, p_valid: float = 1.0):
        self.dut, self.rng, self.p = dut, rng, p_valid
        dut.s_axis_tvalid.value = 0
        dut.s_axis_tdata.value = 0
        dut.s_axis_tuser.value = 0
        dut.s_axis_tlast.value = 0

    async def send(self, beats):
        """Send every beat; call right after a rising edge. Returns after the last handshake."""
        d = self.dut
        i, valid = 0, False
        while i < len(beats):
            if not valid and self.rng.random() < self.p:
                tdata, tuser, tlast = beats[i]
                d.s_axis_tdata.value = tdata
                d.s_axis_tuser.value = int(tuser)
                d.s_axis_tlast.value = int(tlast)
                valid = True
            d.s_axis_tvalid.value = int(valid)
            await ReadOnly()
            fire = valid and bool(d.s_axis_tready.value)
            await RisingEdge(d.clk)
            if fire:
                i += 1
                valid = False
        d.s_axis_tvalid.value = 0


class StreamSink:
    """AXI4-Stream sink on m_axis_*: TREADY high with probability p; records (tdata, tuser, tlast, cycle)."""

    def __init__(self, dut, rng: np.random.Generator, p_ready: float = 1.0):
        self.dut, self.rng, self.p = dut, rng, p_ready
        self.beats: list[tuple[int, int, int, int]] = []
        self.cycle = 0
        dut.m_axis_tready.value = 0
        cocotb.start_soon(self._run())

    async def _run(self):
        d = self.dut
        while True:
            await RisingEdge(d.clk)
            self.cycle += 1
            d.m_axis_tready.value = int(self.rng.random() < self.p)
            await ReadOnly()
            if bool(d.m_axis_tvalid.value) and bool(d.m_axis_tready.value):
                self.beats.append((int(d.m_axis_tdata.value), int(d.m_axis_tuser.value),
                                   int(d.m_axis_tlast.value), self.cycle))
