"""Functional coverage (cocotb-coverage): configuration, sequences, stream patterns,
datapath corners (from the reference model's intermediates), errors and interrupts.

Sampling functions are plain module functions so directed tests sample them too.
`CoverageCollector` is the pyuvm subscriber that samples from the env's monitors. Each run
exports YAML (`coverage.yml` in its folder); `merge()` merges YAML (XML merging breaks on
item names containing "bin", see TOOLCHAIN).
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


@coverage_section(
    CoverPoint("hcgs.cfg.layers", xf=lambda c: c.layers, bins=[1, 2, 3]),
    CoverPoint("hcgs.cfg.isize", xf=lambda c: c.isize_bin, bins=["min", "mid", "max"]),
    CoverPoint("hcgs.cfg.hsize", xf=lambda c: c.hsize_bin, bins=["min", "mid", "max"]),
    CoverPoint("hcgs.cfg.keep", xf=lambda c: c.keep_mode, bins=["dense", "sparsest", "mixed"]),
    CoverPoint("hcgs.cfg.out_all", xf=lambda c: c.out_all, bins=[False, True]),
    CoverPoint("hcgs.cfg.load", xf=lambda c: c.load, bins=["front", "back"]),
    CoverCross("hcgs.cfg.layers_x_keep", items=["hcgs.cfg.layers", "hcgs.cfg.keep"]),
)
def sample_cfg(c: CfgSample):
    pass


def sample_config(shape, hw, out_all: bool, backdoor: bool):
    sample_cfg(CfgSample(shape.layers, _size_bin(shape.isize, hw.max_i), _size_bin(shape.hsize, hw.max_h),
                         keep_mode(shape), bool(out_all), "back" if backdoor else "front"))


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


def sample_stages(stages):
    """Datapath corners reached in one frame (list of trace.Stages per layer)."""
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


def sample_err(value: int):
    for f in regmap.ERR_FIELDS:
        if value & f.mask:
            _sample_err(f.name)


@coverage_section(
    CoverPoint("hcgs.axil.resp", xf=lambda write, region, resp: resp, bins=["OKAY", "SLVERR"]),
    CoverPoint("hcgs.axil.region", xf=lambda write, region, resp: region,
               bins=["regs", "t1mem", "bmem", "t2mem", "wmem", "unmapped"]),
    CoverPoint("hcgs.axil.kind", xf=lambda write, region, resp: write, bins=[True, False]),
    CoverCross("hcgs.axil.region_x_resp", items=["hcgs.axil.region", "hcgs.axil.resp"]),
)
def _sample_axil(write: bool, region: str, resp: str):
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
    _sample_axil(bool(txn.write), region_of(txn.addr), txn.resp.name if txn.resp.name in ("OKAY", "SLVERR") else "SLVERR")


@coverage_section(CoverPoint("hcgs.irq.rise", xf=lambda cause: cause, bins=["frame_done", "error"]))
def sample_irq(cause: str):
    pass


def export(path) -> None:
    """Write this simulation's coverage as YAML."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    coverage_db.export_to_yaml(str(path))


def merge(files, out) -> None:
    """Merge per-run YAML files into `out` (YAML)."""
    import logging
    from cocotb_coverage.coverage import merge_coverage
    merge_coverage(logging.getLogger("coverage").info, str(out), *[str(f) for f in files])


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
