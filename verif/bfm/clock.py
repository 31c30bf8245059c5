"""Clock, reset and simulated-cycle arithmetic."""
from __future__ import annotations

from dataclasses import dataclass

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge
from cocotb.utils import get_sim_time

from . import xcheck

CLK_PERIOD_NS = 10


@dataclass
class ClockReset:
    """Drives `clk` and the synchronous active-low `rst_n` of the toplevel."""
    clk: object
    rst_n: object
    period_ns: int = CLK_PERIOD_NS

    def start(self) -> None:
        self._clock = Clock(self.clk, self.period_ns, unit="ns", impl="gpi")
        self._clock.start()

    def stop(self) -> None:
        """Stop driving `clk` (it keeps its last value)."""
        self._clock.stop()

    async def reset(self, cycles: int = 4) -> None:
        """Hold reset low for `cycles` rising edges, release it right after an edge."""
        xcheck.arm(False)
        self.rst_n.value = 0
        await ClockCycles(self.clk, cycles)
        self.rst_n.value = 1
        await RisingEdge(self.clk)
        xcheck.arm(True)             # from here on X/Z on a control signal is an error

    def now_cycles(self) -> int:
        """Rising edges since time 0 (from simulated time: no per-cycle coroutine)."""
        return int(get_sim_time("ns")) // self.period_ns

    def cycles_to_ns(self, cycles: int) -> int:
        return int(cycles) * self.period_ns
