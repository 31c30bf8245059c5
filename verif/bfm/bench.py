"""The signal-level bench: every BFM of the HCGS toplevel (verif/tb/hcgs_tb.sv) in one place.

Built once per test from `cocotb.top`; the pyuvm components and the directed tests both
take their BFMs from here. Back-door loading (contract section 11): the images are written
into the run folder and `bd_load` is pulsed, with `+images=DIR` given on the command line.
"""
from __future__ import annotations

from pathlib import Path

from cocotb.triggers import ClockCycles, ReadWrite, RisingEdge

from .axil import AxiLiteMaster
from .axis import AxisMonitor, AxisSink, AxisSource
from .clock import ClockReset
from .collector import CollectorMonitor, CollectorSink
from .player import PlayerSource
from .sv_files import SV_FILES


class HcgsBench:
    def __init__(self, dut):
        self.dut = dut
        self.clk = dut.clk      # cocotb's clock: the BFMs sample right after its rising edges
        self.cr = ClockReset(dut.clk, dut.rst_n)
        self.axil = AxiLiteMaster(dut, self.clk, "s_axil")
        self.src = AxisSource(dut, self.clk, "s_axis")
        self.sink = AxisSink(dut, self.clk, "m_axis")
        dut.bd_load.value = 0
        self.started = False
        self.sv_dir: Path | None = None

    def use_sv_streams(self, folder: Path):
        """Stream through the SV player and collector (verif/tb) instead of the Python BFMs:
        `src` and `sink` keep their interface, `monitor()` reads the SV recorders. `folder`
        is the run folder that the plusargs of `sv_plusargs` point into."""
        self.sv_dir = Path(folder)
        self.dut.s_axis_sv.value = 1
        self.dut.m_axis_sv.value = 1
        self.src = PlayerSource(self.dut.u_play, self.sv_dir / SV_FILES["play_s_axis"])
        self.sink = CollectorSink(self.dut.u_col, self.sv_dir / SV_FILES["pattern_m_axis"])

    def monitor(self, prefix: str, callback):
        """A started passive monitor of `prefix` ("s_axis" or "m_axis") reporting whole frames:
        the SV recorder's reader when the SV streams are in use, else the Python monitor."""
        if self.sv_dir is None:
            return AxisMonitor(self.dut, self.clk, callback, prefix, now=self.now).start()
        col = {"s_axis": self.dut.u_rec_in, "m_axis": self.dut.u_col}[prefix]
        return CollectorMonitor(col, self.sv_dir / SV_FILES[f"collect_{prefix}"], callback, prefix).start()

    async def flush_trace(self):
        """Flush the buffered probe trace (hcgs_tb) so that it can be read now."""
        self.dut.trace_flush.value = 1 - int(self.dut.trace_flush.value)
        await ReadWrite()

    def start_clock(self):
        if not self.started:
            self.cr.start()
            self.started = True

    @property
    def design_clk(self):
        """The clock the design runs on now (hcgs_tb `tb_clk`): for counting cycles in any phase."""
        return self.dut.tb_clk

    @property
    def has_sv_clock(self) -> bool:
        """The build has the testbench's own clock (hcgs_tb HCGS_SV_CLOCK)."""
        return int(self.dut.sv_clock.value) == 1

    async def sv_clock_on(self):
        """From the next rising edge on, the testbench's own clock drives the design and
        cocotb's stops: no Python call per edge. Python BFMs that sample right after an edge
        (the AXI4-Lite master, the Python stream BFMs) must not run until `cocotb_clock_on`:
        Verilator shows them the values after the edge with this clock."""
        if not self.has_sv_clock or int(self.dut.clk_sel.value) == 1:
            return
        await RisingEdge(self.clk)
        self.dut.clk_sel.value = 1
        self.cr.stop()

    async def cocotb_clock_on(self):
        """Back to cocotb's clock, started in phase at a rising edge of the testbench's."""
        if not self.has_sv_clock or int(self.dut.clk_sel.value) == 0:
            return
        await RisingEdge(self.dut.tb_clk)
        self.cr.start()
        self.dut.clk_sel.value = 0

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

    def pipe_stalls(self) -> dict[str, int] | None:
        """Cycles the MAC pipeline stood still since reset, by cause ("act": the activation
        unit busy; "credit": no output beat reserved), counted by hcgs_tb; None on a netlist."""
        if not hasattr(self.dut, "pipe_stall_act"):
            return None
        return {"act": int(self.dut.pipe_stall_act.value), "credit": int(self.dut.pipe_stall_credit.value)}

    def probe(self, path: str):
        """A handle below the toplevel by dotted path (e.g. "u_dut.u_core.u_act.probe_valid")."""
        h = self.dut
        for p in path.split("."):
            h = getattr(h, p)
        return h
