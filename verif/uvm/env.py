"""The environment: control, input and output agents, reference model, scoreboard,
coverage, register model, watchdog.

Connections:
    inp.mon.ap  -> ref (frames the DUT accepted)
    out.mon.ap  -> sb.out_imp (frames the DUT produced); sb compares with ref.expected()
    ctl.mon.ap  -> cov.axil_imp, pred.bus_in (explicit prediction, mirror check on every read)
    ctl.irq.ap  -> cov.irq_imp
    regs.map    -> ctl.seqr through AxilRegAdapter (auto-predict off: pred owns the mirror)
The run folder (ConfigDB "RUN_DIR") holds images/ for back-door loads, the RTL traces
(trace.txt, mactrace.txt), the run's perf.json and coverage.yml, and on a failure
divergence.json (verif/uvm/recorder.py).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from pyuvm import ConfigDB, uvm_env

from golden.config import HwConfig

from . import coverage as cov
from .agents import ControlAgent, InputAgent, OutputAgent
from .coverage import CoverageCollector
from .recorder import FailureRecorder
from .refmodel import RefModel
from .predictor import RegMirror, RegPredictor
from .regmodel import AxilRegAdapter, HcgsRegBlock
from .scoreboard import Imp, Scoreboard
from .watchdog import Watchdog


def run_dir() -> Path:
    return Path(os.environ.get("HCGS_RUN_DIR", ".")).resolve()


def hw_from_dut(dut) -> HwConfig:
    """The build's parameters, read from the toplevel's parameters (fallback: HCGS_HW env)."""
    names = tuple(HwConfig().verilog_params())
    env = os.environ.get("HCGS_HW")
    if env:
        return HwConfig(**json.loads(env))
    vals = {}
    for n in names:
        vals[n.lower()] = int(getattr(dut, n).value)
    return HwConfig(**vals)


class HcgsEnv(uvm_env):
    def build_phase(self):
        self.bench = ConfigDB().get(self, "", "BENCH")
        self.hw: HwConfig = ConfigDB().get(self, "", "HW")
        ConfigDB().set(None, "*", "ENV", self)
        self.ctl = ControlAgent("ctl", self)
        self.inp = InputAgent("inp", self)
        self.out = OutputAgent("out", self)
        self.ref = RefModel.create("ref", self)
        self.sb = Scoreboard("sb", self)
        self.cov = CoverageCollector("cov", self)
        self.run_dir = run_dir()
        self.regs = HcgsRegBlock("regs", self.hw, self.run_dir / "ral")
        self.pred = RegPredictor("pred", self)
        self.adapter = AxilRegAdapter("adapter")
        self.watchdog = Watchdog(self.bench.cr.period_ns, self.logger)
        self.images_dir = self.run_dir / "images"
        self.perf: dict = {}
        self.knobs: dict = getattr(self, "knobs", None) or {}   # set by the test (for the failure record)
        self.recorder = FailureRecorder(self)
        self.watchdog.on_fire = self.recorder.watchdog
        self.watchdog.before_fire = self.bench.flush_trace     # the record reads the traces

    def connect_phase(self):
        self.regs.map.set_sequencer(self.ctl.seqr, self.adapter)
        self.ref_imp = Imp("ref_imp", self, self.ref.write)
        self.inp.mon.ap.connect(self.ref_imp)
        self.out.mon.ap.connect(self.sb.out_imp)
        self.ctl.mon.ap.connect(self.cov.axil_imp)
        self.pred.mirror = RegMirror(self.regs)
        self.ctl.mon.ap.connect(self.pred.bus_in)
        self.ctl.irq.ap.connect(self.cov.irq_imp)
        self.sb.ref = self.ref
        trace = self.run_dir / "trace.txt"
        self.sb.trace_path = trace
        self.sb.recorder = self.recorder

    def check_phase(self):
        """End of test: no frame half-seen on either stream, both streams idle, no
        interrupt left pending that nobody cleared (IrqCheckSeq clears FRAME_DONE)."""
        from verif.bfm.xcheck import ctrl
        dut = self.bench.dut
        problems = []
        for name, mon in (("s_axis", self.inp.mon), ("m_axis", self.out.mon)):
            pend = getattr(getattr(mon, "mon", None), "pending", None)
            if pend is not None:
                problems.append(f"{name}: a partial frame of {len(pend)} beat(s) without TLAST at the end of the test")
        for sig in ("s_axis_tvalid", "m_axis_tvalid"):
            if ctrl(getattr(dut, sig)):
                problems.append(f"{sig} still high at the end of the test (stream not idle)")
        if ctrl(dut.irq):
            problems.append("irq high at the end of the test (an interrupt nobody expected or cleared)")
        if problems:
            msg = "end of test: " + "; ".join(problems)
            self.logger.error(msg)
            raise AssertionError(msg)

    def extract_phase(self):
        cov.export(self.run_dir / "coverage.yml")
        if self.perf:
            (self.run_dir / "perf.json").write_text(json.dumps(self.perf, indent=1, default=str))
