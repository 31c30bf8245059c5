"""Passive interrupt monitor: every edge of `irq` with the cycle it happened in."""
from __future__ import annotations

from dataclasses import dataclass, field

import cocotb

from .xcheck import ctrl
# value_change: any edge of the signal (cocotb 2.x; Edge() is deprecated)


@dataclass
class IrqEvent:
    cycle: int
    level: int


class IrqMonitor:
    def __init__(self, irq, now, callback=None):
        self.irq = irq
        self.now = now
        self.callback = callback
        self.events: list[IrqEvent] = []
        self._task = None

    def start(self):
        self._task = cocotb.start_soon(self._run())
        return self

    def stop(self):
        if self._task is not None:
            self._task.cancel()

    @property
    def level(self) -> int:
        return ctrl(self.irq)

    def rises(self) -> int:
        return sum(1 for e in self.events if e.level)

    async def _run(self):
        while True:
            await self.irq.value_change
            ev = IrqEvent(self.now(), self.level)
            self.events.append(ev)
            if self.callback is not None:
                self.callback(ev)
