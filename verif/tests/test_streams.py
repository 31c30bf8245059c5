"""cocotb tests of the SV stream components themselves (verif/tb/hcgs_axis_player.sv,
hcgs_axis_collector.sv): their checks must fire.

- test_stream_x_check (Icarus: Verilator is 2-state): X on s_axis_tvalid after reset must be
  counted by the s_axis recorder and reported by CollectorMonitor.check_x with the signal's
  name; a clean cycle before it must not be.
"""
from __future__ import annotations

import cocotb
from cocotb.triggers import ClockCycles
from cocotb.types import LogicArray

from verif.bfm.collector import CollectorMonitor
from verif.uvm.env import run_dir

from .common import make_bench


@cocotb.test()
async def test_stream_x_check(dut):
    bench, _ = make_bench()
    bench.start_clock()
    await bench.reset()
    mon = CollectorMonitor(dut.u_rec_in, run_dir() / "s_axis_beats.txt", lambda f: None, "s_axis")
    await ClockCycles(bench.clk, 3)
    mon.check_x()                                   # clean so far: must not raise
    dut.s_axis_tvalid.value = LogicArray("X")
    await ClockCycles(bench.clk, 2)
    dut.s_axis_tvalid.value = 0
    await ClockCycles(bench.clk, 1)
    try:
        mon.check_x()
    except AssertionError as e:
        assert "s_axis: X/Z on TVALID" in str(e) and "on 2 clock edge(s)" in str(e), str(e)
        dut._log.info(f"X check fired as it must: {e}")
    else:
        raise AssertionError("X on s_axis_tvalid after reset was not reported by the s_axis recorder")
