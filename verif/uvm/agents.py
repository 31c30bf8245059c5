"""Agents: control (AXI4-Lite + irq), input (AXI4-Stream source) and output (AXI4-Stream sink).

Each agent owns its driver and passive monitor; the monitors publish transactions on
analysis ports (`ap`). BFMs come from the bench in the ConfigDB ("BENCH"); random draws
come from a Generator derived from the component's own path (verif.uvm.seeding).
"""
from __future__ import annotations

import numpy as np
from pyuvm import UVMConfigItemNotFound, ConfigDB, uvm_agent, uvm_analysis_port, uvm_component, uvm_driver, uvm_sequencer

from verif.bfm.axil import AxiLiteMonitor
from verif.bfm.axis import AxisFrame
from verif.bfm.irq import IrqMonitor
from verif.bfm.patterns import Pattern

from .coverage import StreamCoverage
from .items import AxilBurstItem, FrameSeqItem, InFrame, OutFrame
from .knobs import KNOWN, KnobError
from .seeding import derive, test_seed


def knob(comp, name, default=None):
    """A ConfigDB knob visible to `comp`, or `default` when it was not set. Only a missing
    item falls back; a name outside verif.uvm.knobs.KNOWN is an error."""
    if name not in KNOWN:
        raise KnobError(f"knob {name!r} read by {comp.get_full_name()}: known {', '.join(sorted(KNOWN))}")
    try:
        return ConfigDB().get(comp, "", name)
    except UVMConfigItemNotFound:
        return default


def comp_rng(comp) -> np.random.Generator:
    return derive(test_seed(), comp.get_full_name())


# ---------------------------------------------------------------- control
class AxilDriver(uvm_driver):
    def build_phase(self):
        self.bench = ConfigDB().get(self, "", "BENCH")

    async def run_phase(self):
        m = self.bench.axil
        while True:
            item = await self.seq_item_port.get_next_item()
            if isinstance(item, AxilBurstItem):
                item.resps = await m.write_burst(item.writes)
            elif item.write:
                item.resp = await m.write(item.addr, item.data, item.strb, item.aw_delay, item.w_delay)
            else:
                item.data, item.resp = await m.read(item.addr)
            self.seq_item_port.item_done()


class AxilMonitorComp(uvm_component):
    """Passive AXI4-Lite monitor: every completed transaction (verif.bfm.axil.AxilTxn)."""

    def build_phase(self):
        self.ap = uvm_analysis_port("ap", self)
        self.bench = ConfigDB().get(self, "", "BENCH")

    def start_of_simulation_phase(self):
        b = self.bench
        self.mon = AxiLiteMonitor(b.dut, b.clk, self.ap.write, "s_axil", now=b.now).start()


class IrqMonitorComp(uvm_component):
    def build_phase(self):
        self.ap = uvm_analysis_port("ap", self)
        self.bench = ConfigDB().get(self, "", "BENCH")

    def start_of_simulation_phase(self):
        self.mon = IrqMonitor(self.bench.dut.irq, self.bench.now, self.ap.write).start()


class ControlAgent(uvm_agent):
    def build_phase(self):
        self.seqr = uvm_sequencer("seqr", self)
        self.drv = AxilDriver("drv", self)
        self.mon = AxilMonitorComp("mon", self)
        self.irq = IrqMonitorComp("irq", self)

    def connect_phase(self):
        self.drv.seq_item_port.connect(self.seqr.seq_item_export)


def record_failure(message: str):
    """A monitor's check failed: the env's failure recorder writes the record first."""
    try:
        env = ConfigDB().get(None, "", "ENV")
    except Exception:       # no env (a directed test): run.py writes the run-level record
        return
    env.recorder.write("monitor", message)


# ---------------------------------------------------------------- input
class AxisSourceDriver(uvm_driver):
    """Sends each FrameSeqItem frame by frame, TUSER on frame 0 when it starts a sequence,
    idle cycles from the item's pattern (drawn from this driver's own Generator)."""

    def build_phase(self):
        self.bench = ConfigDB().get(self, "", "BENCH")
        self.rng = comp_rng(self)

    async def run_phase(self):
        src, clk = self.bench.src, self.bench.design_clk
        while True:
            item: FrameSeqItem = await self.seq_item_port.get_next_item()
            if item.gap_before:
                from cocotb.triggers import ClockCycles
                await ClockCycles(clk, item.gap_before)
            for t in range(item.length):
                f = AxisFrame.from_elements(item.x[t], user_first=int(item.start and t == 0))
                await src.send(f, item.idle.gaps(self.rng, len(f)))
            self.seq_item_port.item_done()


class InMonitor(uvm_component):
    """Passive monitor of s_axis: every frame the DUT took (InFrame)."""

    def build_phase(self):
        self.ap = uvm_analysis_port("ap", self)
        self.bench = ConfigDB().get(self, "", "BENCH")
        self.beats_expected = None   # set by the env once the configuration is known

    def start_of_simulation_phase(self):
        b = self.bench
        self.stream_cov = StreamCoverage()
        self.mon = b.monitor("s_axis", self._frame)
        self.mon.on_error = record_failure

    def _frame(self, f: AxisFrame):
        self.stream_cov.in_frame(f)
        n = self.beats_expected
        ok = n is None or (len(f) == n and f.last[-1])
        self.ap.write(InFrame(f.elements(13), bool(f.user[0] & 1), len(f), ok, f.end_cycle))


class InputAgent(uvm_agent):
    def build_phase(self):
        self.seqr = uvm_sequencer("seqr", self)
        self.drv = AxisSourceDriver("drv", self)
        self.mon = InMonitor("mon", self)

    def connect_phase(self):
        self.drv.seq_item_port.connect(self.seqr.seq_item_export)


# ---------------------------------------------------------------- output
class AxisSinkDriver(uvm_component):
    """Reactive: drives m_axis_tready from the "backpressure" knob's pattern."""

    def build_phase(self):
        self.bench = ConfigDB().get(self, "", "BENCH")
        self.pattern = Pattern.level(knob(self, "backpressure", "none"))

    def start_of_simulation_phase(self):
        sink = self.bench.sink
        sink.pattern = self.pattern
        sink.rng = comp_rng(self)
        sink.start()


class OutMonitor(uvm_component):
    """Passive monitor of m_axis: every output frame (OutFrame)."""

    def build_phase(self):
        self.ap = uvm_analysis_port("ap", self)
        self.bench = ConfigDB().get(self, "", "BENCH")

    def start_of_simulation_phase(self):
        b = self.bench
        self.stream_cov = StreamCoverage()
        self.mon = b.monitor("m_axis", self._frame)
        self.mon.on_error = record_failure

    def _frame(self, f: AxisFrame):
        self.stream_cov.out_frame(f)
        self.ap.write(OutFrame(f.data, f.user, f.last, f.end_cycle, f.start_cycle, f.cycles))


class OutputAgent(uvm_agent):
    def build_phase(self):
        self.drv = AxisSinkDriver("drv", self)
        self.mon = OutMonitor("mon", self)
