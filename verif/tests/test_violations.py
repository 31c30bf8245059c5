"""Bad drivers: cocotb tests that break a bus protocol on purpose. Each MUST fail with
the RTL assertion that catches the violation (testlist `expect_fail`), proving the
assertion fires; they are not models of correct use.
"""
from __future__ import annotations

import cocotb
import numpy as np
from cocotb.triggers import ClockCycles, RisingEdge

from verif.bfm.axis import AxisFrame
from verif.uvm import stimulus as S

from .harness import Harness


async def _idle_bench(dut):
    h = Harness("violation")
    await h.start(20000)
    return h


@cocotb.test()
async def bad_axil_aw_drop(dut):
    """AWVALID withdrawn before AWREADY: the slave's axil_aw_stable assertion must fire."""
    h = await _idle_bench(dut)
    dut.s_axil_awaddr.value = 0x28
    dut.s_axil_awvalid.value = 1          # taken at once (holding register free), W withheld
    await RisingEdge(dut.clk)
    dut.s_axil_awaddr.value = 0x2C        # a second AW: not ready while the first is held
    await RisingEdge(dut.clk)
    dut.s_axil_awvalid.value = 0          # ... and withdrawn: a protocol violation
    await ClockCycles(dut.clk, 5)
    raise AssertionError("bad_axil_aw_drop: the violation was not caught by the RTL")


@cocotb.test()
async def bad_axis_in_tvalid_drop(dut):
    """TVALID withdrawn before TREADY (TREADY is low while not running): axis_in_stable."""
    h = await _idle_bench(dut)
    dut.s_axis_tdata.value = 0x1234
    dut.s_axis_tvalid.value = 1
    await RisingEdge(dut.clk)
    await RisingEdge(dut.clk)
    dut.s_axis_tvalid.value = 0
    await ClockCycles(dut.clk, 5)
    raise AssertionError("bad_axis_in_tvalid_drop: the violation was not caught by the RTL")


@cocotb.test()
async def bad_axis_in_tuser_mid(dut):
    """TUSER[0] on the third beat of a frame: axis_in_tuser_first."""
    h = await _idle_bench(dut)
    from verif.tests.test_directed import preset_shape
    shape = preset_shape()
    await h.configure(shape)
    await h.start_ok()
    x = S.random_inputs(h.rng, 1, shape.isize, "normal")[0]
    f = AxisFrame.from_elements(x, user_first=1)
    f.user[2] = 1
    await h.b.src.send(f)
    await ClockCycles(dut.clk, 5)
    raise AssertionError("bad_axis_in_tuser_mid: the violation was not caught by the RTL")


@cocotb.test()
async def elaborate_only(dut):
    """Let the design elaborate and run its time-0 checks (parameter legality on Icarus),
    touching nothing (tests/sim/test_checks.py builds illegal parameter sets with it)."""
    from cocotb.triggers import Timer
    await Timer(10, unit="ns")


@cocotb.test()
async def bad_x_on_bready(dut):
    """BREADY driven X while BVALID waits, after reset: the AXI4-Lite monitor must fail
    naming s_axil_bready (X is never read as 0 after reset). Icarus only (4-state)."""
    from cocotb.types import LogicArray
    h = await _idle_bench(dut)
    dut.s_axil_awaddr.value = 0x28
    dut.s_axil_wdata.value = 1
    dut.s_axil_wstrb.value = 0xF
    dut.s_axil_awvalid.value = 1
    dut.s_axil_wvalid.value = 1
    await RisingEdge(dut.clk)
    dut.s_axil_awvalid.value = 0
    dut.s_axil_wvalid.value = 0
    for _ in range(10):
        await RisingEdge(dut.clk)
        if int(dut.s_axil_bvalid.value):
            break
    dut.s_axil_bready.value = LogicArray("X")
    await ClockCycles(dut.clk, 5)
    raise AssertionError("bad_x_on_bready: X on BREADY was not caught by the monitor")
