"""The signal-level bench: every BFM of the HCGS toplevel (verif/tb/hcgs_tb.sv) in one place.

Built once per test from `cocotb.top`; the pyuvm components and the directed tests both
take their BFMs from here. Back-door loading (contract section 11): the images are written
into the run folder and `bd_load` is pulsed, with `+images=DIR` given on the command line.
"""
from __future__ import annotations

from pathlib import Path

from cocotb.triggers import ClockCycles, RisingEdge

from .axil import AxiLiteMaster
from .axis import AxisSink, AxisSource
from .clock import ClockReset


class HcgsBench:
    def __init__(self, dut):
        self.dut = dut
        self.clk = dut.clk
        self.cr = ClockReset(dut.clk, dut.rst_n)
        self.axil = AxiLiteMaster(dut, dut.clk, "s_axil")
        self.src = AxisSource(dut, dut.clk, "s_axis")
        self.sink = AxisSink(dut, dut.clk, "m_axis")
        dut.bd_load.value = 0
        self.started = False

    def start_clock(self):
        if not self.started:
            self.cr.start()
            self.started = True

    def now(self) -> int:
        return self.cr.now_cycles()

    async def clk_cycles(self, n: int):
        await ClockCycles(self.clk, n)

    async def reset(self, cycles: int = 4):
        self.src.idle()
        await self.cr.reset(cycles)

    async def backdoor_load(self):
        """Pulse `bd_load`: the tb $readmemh's the images from its +images folder."""
        self.dut.bd_load.value = 1
        await RisingEdge(self.clk)
        await RisingEdge(self.clk)
        self.dut.bd_load.value = 0
        await RisingEdge(self.clk)

    def probe(self, path: str):
        """A handle below the toplevel by dotted path (e.g. "u_dut.u_core.u_act.probe_valid")."""
        h = self.dut
        for p in path.split("."):
            h = getattr(h, p)
        return h
