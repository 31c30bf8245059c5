"""Helpers shared by the RTL unit tests (verif/unit): the regression-seeded rng, build
parameters, the unit toplevels' idle inputs and the unit tests' AXI4-Lite master policy.

The signal-level drivers themselves (clock and reset, AXI4-Lite master, AXI4-Stream
source, sink and monitor) are the project's BFMs in verif/bfm.
"""
from __future__ import annotations

import os

import cocotb
import numpy as np

from golden.config import HwConfig
from verif.bfm.axil import AxiLiteMaster, Resp
from verif.bfm.clock import ClockReset

OKAY, SLVERR = Resp.OKAY, Resp.SLVERR


def rng_for(name: str) -> np.random.Generator:
    """A numpy Generator seeded from the regression seed and a name (per-test stream)."""
    return np.random.default_rng([cocotb.RANDOM_SEED & 0xFFFFFFFF, sum(map(ord, name))])


def param(name: str, default: int) -> int:
    """A build parameter the pytest driver passed through the environment."""
    return int(os.environ.get(f"HCGS_{name}", default))


def hw_from_env() -> HwConfig:
    """The build under test, from the parameters the pytest driver passed (chip defaults)."""
    return HwConfig(**{name.lower(): param(name, v) for name, v in HwConfig().verilog_params().items()})


#: Inputs of the unit toplevels (hcgs_tb and the block-level tops), driven 0 before reset.
IDLE_INPUTS = ("s_axil_awaddr", "s_axil_awprot", "s_axil_awvalid", "s_axil_wdata", "s_axil_wstrb",
               "s_axil_wvalid", "s_axil_bready", "s_axil_araddr", "s_axil_arprot", "s_axil_arvalid",
               "s_axil_rready", "s_axis_tdata", "s_axis_tuser", "s_axis_tlast", "s_axis_tvalid",
               "m_axis_tready", "bd_load", "load", "start", "stall_en")


async def start_clock_and_reset(dut, cycles: int = 4) -> ClockReset:
    """Drive the top's inputs idle (no X reaches the design, as a gate netlist would show),
    start the clock and hold rst_n low for `cycles` rising edges (verif.bfm.clock)."""
    for name in IDLE_INPUTS:
        if hasattr(dut, name):
            getattr(dut, name).value = 0
    cr = ClockReset(dut.clk, dut.rst_n)
    cr.start()
    await cr.reset(cycles)
    return cr


def axil_master(dut) -> AxiLiteMaster:
    """The unit tests' AXI4-Lite master: BREADY/RREADY raised only after the request was
    accepted (plus any per-call delay), a read may overlap a write."""
    return AxiLiteMaster(dut, dut.clk, "s_axil", bready_delay=0, rready_delay=0, rw_overlap=True)
