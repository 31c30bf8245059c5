"""Functional coverage (cocotb-coverage): configuration, sequences, stream patterns,
datapath corners, errors and interrupts, resets, bus accesses and performance events.

Where each point is sampled from (verif/testplan.yaml names the points per testpoint):
- the DUT's ports, through the monitors: stream gaps and stalls, sequence starts, h signs
  (output beats), AXI4-Lite kind/region/response/AW-W order, error bits (ERR reads), irq;
- the DUT's counters (CNT_STALL_IN/OUT) read at the end of a run: performance events;
- the configuration the DUT accepted at START (the test's register writes): cfg.*;
- the reference model, only for values inside the datapath that no port shows (z, the
  activation table segments, c saturation): hcgs.datapath.*; those runs passed the
  bit-exact scoreboard, and a mismatch is located by the RTL probe trace.

Sampling functions are plain module functions so directed tests sample them too.
`CoverageCollector` is the pyuvm subscriber that samples from the env's monitors. Each run
exports YAML (`coverage.yml` in its folder); verif/covdb.py merges the YAML (XML merging breaks on
item names containing "bin", see docs/toolchain.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from cocotb_coverage.coverage import CoverCross, CoverPoint, coverage_db, coverage_section
from pyuvm import uvm_component

from golden import formats as F
from golden import lut
from golden import regmap

from .scoreboard import Imp


@dataclass
class CfgSample:
    layers: int
    isize_bin: str
    hsize_bin: str
    keep_mode: str
    out_all: bool
    load: str


def _size_bin(v: int, vmax: int) -> str:
    return "min" if v == 32 else "max" if v == vmax else "mid"


def keep_mode(shape) -> str:
    modes = set()
    for l, k in enumerate(shape.keep[:shape.layers]):
        cols = shape.isize if l == 0 else shape.hsize
        if (k.k1_ih, k.k2_ih, k.k1_hh, k.k2_hh) == (cols // 32, 8, shape.hsize // 32, 8):
            modes.add("dense")
        elif (k.k1_ih, k.k2_ih, k.k1_hh, k.k2_hh) == (1, 1, 1, 1):
            modes.add("sparsest")
        else:
            modes.add("mixed")
    return modes.pop() if len(modes) == 1 else "mixed"


def _k1_bin(k1: int, cols: int) -> str:
    return "1" if k1 == 1 else "all" if k1 == cols // 32 else "mid"


def _k2_bin(k2: int) -> str:
    return "1" if k2 == 1 else "8" if k2 == 8 else "2-7"


# K1 and K2 per layer and matrix: "L<layer>.<ih|hh>:<bin>" (the third layer's bins only on
# builds with MAX_LAYERS = 3; the testplan excludes them elsewhere).
_LM = [f"L{l}.{m}" for l in range(3) for m in ("ih", "hh")]


@coverage_section(
    CoverPoint("hcgs.cfg.k1", xf=lambda lm, k1, k2: f"{lm}:{k1}",
               bins=[f"{lm}:{b}" for lm in _LM for b in ("1", "mid", "all")]),
    CoverPoint("hcgs.cfg.k2", xf=lambda lm, k1, k2: f"{lm}:{k2}",
               bins=[f"{lm}:{b}" for lm in _LM for b in ("1", "2-7", "8")]),
)
def _sample_keep(layer_matrix: str, k1: str, k2: str):
    pass


@coverage_section(
    CoverPoint("hcgs.cfg.layers", xf=lambda c: c.layers, bins=[1, 2, 3]),
    CoverPoint("hcgs.cfg.isize", xf=lambda c: c.isize_bin, bins=["min", "mid", "max"]),
    CoverPoint("hcgs.cfg.hsize", xf=lambda c: c.hsize_bin, bins=["min", "mid", "max"]),
    CoverPoint("hcgs.cfg.keep", xf=lambda c: c.keep_mode, bins=["dense", "sparsest", "mixed"]),
    CoverPoint("hcgs.cfg.out_all", xf=lambda c: c.out_all, bins=[False, True]),
    CoverPoint("hcgs.cfg.load", xf=lambda c: c.load, bins=["front", "back"]),
    CoverCross("hcgs.cfg.layers_x_keep", items=["hcgs.cfg.layers", "hcgs.cfg.keep"]),
    CoverCross("hcgs.cfg.keep_x_out_all", items=["hcgs.cfg.keep", "hcgs.cfg.out_all"]),
    CoverCross("hcgs.cfg.keep_x_load", items=["hcgs.cfg.keep", "hcgs.cfg.load"]),
)
def sample_cfg(c: CfgSample):
    pass


def sample_config(shape, hw, out_all: bool, backdoor: bool):
    sample_cfg(CfgSample(shape.layers, _size_bin(shape.isize, hw.max_i), _size_bin(shape.hsize, hw.max_h),
                         keep_mode(shape), bool(out_all), "back" if backdoor else "front"))
    for l, k in enumerate(shape.keep[:shape.layers]):
        _sample_keep(f"L{l}.ih", _k1_bin(k.k1_ih, shape.isize if l == 0 else shape.hsize), _k2_bin(k.k2_ih))
        _sample_keep(f"L{l}.hh", _k1_bin(k.k1_hh, shape.hsize), _k2_bin(k.k2_hh))


def _len_bin(t: int) -> str:
    return "1" if t == 1 else "2-8" if t <= 8 else "9-32" if t <= 32 else ">32"


@coverage_section(
    CoverPoint("hcgs.seq.length", xf=lambda t, idle: _len_bin(t), bins=["1", "2-8", "9-32", ">32"]),
    CoverPoint("hcgs.seq.idle", xf=lambda t, idle: idle, bins=["none", "light", "medium", "heavy"]),
)
def sample_sequence(t: int, idle: str):
    pass


@coverage_section(
    CoverPoint("hcgs.out.backpressure", xf=lambda bp: bp, bins=["none", "light", "medium", "heavy", "choke"]),
)
def sample_backpressure(bp: str):
    pass


CORNERS = ["z_sat_lo", "z_sat_hi", "sig_min", "sig_max", "tanh_min", "tanh_max", "c_sat_lo", "c_sat_hi",
           "h_neg", "h_pos"]
# The tables' extreme outputs (SIGMOID never reaches 0: its smallest entry is at z = -8).
SIG_MIN, SIG_MAX = int(lut.SIGMOID.min()), int(lut.SIGMOID.max())
TANH_MIN, TANH_MAX = int(lut.TANH.min()), int(lut.TANH.max())


@coverage_section(CoverPoint("hcgs.datapath.corner", xf=lambda name: name, bins=CORNERS))
def _sample_corner(name: str):
    pass


SEGMENTS = ["<-4", "-4..-1", "-1..0", "0..1", "1..4", ">=4"]


def _segment(z: int) -> str:
    """The activation table segment of a Q3.8 z code."""
    v = z / 256
    return ("<-4" if v < -4 else "-4..-1" if v < -1 else "-1..0" if v < 0 else "0..1" if v < 1
            else "1..4" if v < 4 else ">=4")


@coverage_section(CoverPoint("hcgs.datapath.sig_segment", xf=lambda seg: seg, bins=SEGMENTS))
def _sample_sig_segment(seg: str):
    pass


@coverage_section(CoverPoint("hcgs.datapath.tanh_segment", xf=lambda seg: seg, bins=SEGMENTS))
def _sample_tanh_segment(seg: str):
    pass


def sample_stages(stages):
    """Datapath corners and table segments reached in one frame (list of trace.Stages per layer)."""
    for s in stages:
        for seg in {_segment(int(v)) for v in np.asarray(s.z)[[0, 1, 3]].ravel()}:
            _sample_sig_segment(seg)
        for seg in {_segment(int(v)) for v in np.asarray(s.z)[2].ravel()}:
            _sample_tanh_segment(seg)
    _sample_corners(stages)


def _sample_corners(stages):
    zlo, zhi = F.smin(F.Z_W), F.smax(F.Z_W)
    clo, chi = F.smin(F.C_W), F.smax(F.C_W)
    for s in stages:
        z, a = s.z, s.act
        sig = a[[0, 1, 3]]
        hits = {"z_sat_lo": (z == zlo).any(), "z_sat_hi": (z == zhi).any(),
                "sig_min": (sig == SIG_MIN).any(), "sig_max": (sig == SIG_MAX).any(),
                "tanh_min": (a[2] == TANH_MIN).any(), "tanh_max": (a[2] == TANH_MAX).any(),
                "c_sat_lo": (s.c == clo).any(), "c_sat_hi": (s.c == chi).any(),
                "h_neg": (s.h < 0).any(), "h_pos": (s.h > 0).any()}
        for k, v in hits.items():
            if v:
                _sample_corner(k)


ERR_NAMES = [f.name for f in regmap.ERR_FIELDS]


@coverage_section(CoverPoint("hcgs.err.bit", xf=lambda name: name, bins=ERR_NAMES))
def _sample_err(name: str):
    pass


#: the state each error arrives in: START checks while stopped, the rest while running
ERR_STATES = {"LAYERS": "idle", "ISIZE": "idle", "HSIZE": "idle", "KEEP": "idle", "MEM": "idle",
              "BUSY": "running", "FRAME_SHORT": "running", "FRAME_LONG": "running"}


@coverage_section(CoverPoint("hcgs.err.bit_x_state", xf=lambda name, state: f"{name}@{state}",
                             bins=[f"{n}@{st}" for n in ERR_NAMES for st in ("idle", "running")]))
def _sample_err_state(name: str, state: str):
    pass


def sample_err(value: int, running: bool | None = None):
    """The ERR bits of a read; `running`: STATUS.RUNNING when the error arrived (read from the DUT)."""
    for f in regmap.ERR_FIELDS:
        if value & f.mask:
            _sample_err(f.name)
            if running is not None:
                _sample_err_state(f.name, "running" if running else "idle")


@coverage_section(CoverPoint("hcgs.ctl.reset_in_state", xf=lambda st: st,
                             bins=["idle", "receiving", "computing", "sending"]))
def sample_reset(state: str):
    """A reset asserted while the engine was in `state` (the test checks the state on the ports first)."""


@coverage_section(
    CoverPoint("hcgs.in.frame_gap", xf=lambda gap, stall, tuser, prev_tuser: _gap_bin(gap), bins=["0", "1-7", "8+"]),
    CoverPoint("hcgs.in.stall_cycles", xf=lambda gap, stall, tuser, prev_tuser: _stall_bin(stall),
               bins=["0", "1-15", "16+"]),
    CoverPoint("hcgs.in.seq_start", xf=lambda gap, stall, tuser, prev_tuser:
               None if not tuser else "after_start" if prev_tuser else "after_continue",
               bins=["after_continue", "after_start"]),
)
def _sample_in_frame(gap, stall, tuser, prev_tuser):
    pass


def _gap_bin(gap: int | None):
    return None if gap is None else "0" if gap <= 0 else "1-7" if gap < 8 else "8+"


def _stall_bin(stall: int) -> str:
    return "0" if stall <= 0 else "1-15" if stall < 16 else "16+"


@coverage_section(
    # An output frame leaves as its cells finish (a beat every few cycles at best), so it is
    # back to back only when backpressure held it in the buffer: "burst" says the buffer
    # filled and drained, "paced" that the frame streamed out as it was computed.
    CoverPoint("hcgs.out.frame_span", xf=lambda stall, signs: "burst" if stall <= 0 else "paced",
               bins=["burst", "paced"]),
)
def _sample_out_frame(stall, signs):
    pass


@coverage_section(CoverPoint("hcgs.datapath.h_sign", xf=lambda sign: sign, bins=["neg", "zero", "pos"]))
def _sample_h_sign(sign: str):
    pass


class StreamCoverage:
    """Samples s_axis and m_axis frames as the monitors saw them (AxisFrame)."""

    def __init__(self):
        self.prev_in = None

    def in_frame(self, f):
        prev = self.prev_in
        gap = None if prev is None else f.start_cycle - prev.end_cycle - 1
        stall = (f.end_cycle - f.start_cycle + 1) - len(f)
        _sample_in_frame(gap, stall, bool(f.user[0] & 1) if f.user else False,
                         bool(prev.user[0] & 1) if prev is not None and prev.user else False)
        self.prev_in = f

    def out_frame(self, f, elem_width: int = 13):
        _sample_out_frame((f.end_cycle - f.start_cycle + 1) - len(f), None)
        h = f.elements(elem_width)
        for name, hit in (("neg", (h < 0).any()), ("zero", (h == 0).any()), ("pos", (h > 0).any())):
            if hit:
                _sample_h_sign(name)


@coverage_section(CoverPoint("hcgs.perf.stall", xf=lambda kind: kind, bins=["input", "output"]))
def _sample_stall(kind: str):
    pass


@coverage_section(CoverPoint("hcgs.perf.pipe_stall", xf=lambda cause: cause, bins=["act", "credit"]))
def _sample_pipe_stall(cause: str):
    pass


def sample_pipe_stalls(stalls: dict | None):
    """The MAC pipeline stood still mid-walk (hcgs_tb's stall counters, by cause); a netlist
    build has none to read."""
    for cause, n in (stalls or {}).items():
        if n:
            _sample_pipe_stall(cause)


def sample_counters(cnt: dict):
    """Performance events from the DUT's counters at the end of a run."""
    if cnt.get("CNT_STALL_IN", 0):
        _sample_stall("input")
    if cnt.get("CNT_STALL_OUT", 0):
        _sample_stall("output")


@coverage_section(
    CoverPoint("hcgs.axil.resp", xf=lambda write, region, resp, order: resp, bins=["OKAY", "SLVERR"]),
    CoverPoint("hcgs.axil.region", xf=lambda write, region, resp, order: region,
               bins=["regs", "t1mem", "bmem", "t2mem", "wmem", "unmapped"]),
    CoverPoint("hcgs.axil.kind", xf=lambda write, region, resp, order: "write" if write else "read",
               bins=["write", "read"]),
    CoverPoint("hcgs.axil.aw_w_order", xf=lambda write, region, resp, order: order if write else None,
               bins=["aw_first", "together", "w_first"]),
    CoverCross("hcgs.axil.region_x_resp", items=["hcgs.axil.region", "hcgs.axil.resp"]),
    CoverCross("hcgs.axil.kind_x_region", items=["hcgs.axil.kind", "hcgs.axil.region"]),
    CoverCross("hcgs.axil.kind_x_region_x_resp", items=["hcgs.axil.kind", "hcgs.axil.region", "hcgs.axil.resp"]),
)
def _sample_axil(write: bool, region: str, resp: str, order: str | None):
    pass


def region_of(addr: int) -> str:
    """The AXI4-Lite region an address falls in (a memory's window runs to the next base)."""
    if addr < 0x1000:
        return "regs"
    for name, (base, _) in sorted(regmap.MEM_WINDOWS.items(), key=lambda kv: -kv[1][0]):
        if addr >= base:
            return name
    return "unmapped"


def sample_axil(txn):
    _sample_axil(bool(txn.write), region_of(txn.addr), txn.resp.name if txn.resp.name in ("OKAY", "SLVERR") else "SLVERR",
                 getattr(txn, "order", None))


@coverage_section(CoverPoint("hcgs.irq.rise", xf=lambda cause: cause, bins=["frame_done", "error"]))
def sample_irq(cause: str):
    pass


def export(path) -> None:
    """Write this simulation's coverage as YAML."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    coverage_db.export_to_yaml(str(path))


class CoverageCollector(uvm_component):
    """Subscribes to the AXI4-Lite monitor and the irq monitor; the env calls
    `sample_run` with the configuration and the reference model after the run."""

    def build_phase(self):
        self.axil_imp = Imp("axil_imp", self, self.write_axil)
        self.irq_imp = Imp("irq_imp", self, self.write_irq)

    def write_axil(self, txn):
        sample_axil(txn)
        if not txn.write and txn.addr == regmap.by_name()["ERR"].offset:
            sample_err(txn.data)

    def write_irq(self, ev):
        pass   # causes are sampled when IRQ_STATUS is read (see sequences.IrqCheckSeq)
