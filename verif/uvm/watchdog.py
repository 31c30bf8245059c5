"""Watchdogs in simulated cycles: a hang fails with a message naming what was awaited.

`Watchdog.wait(x, cycles, what)` wraps one await; `Watchdog.guard(cycles, what)` starts a
whole-test budget that fails the test when it runs out. Both use simulated time only
(a Timer), so they cost nothing per cycle.
"""
from __future__ import annotations

import cocotb
from cocotb.triggers import SimTimeoutError, Timer, with_timeout


class WatchdogTimeout(AssertionError):
    """Something awaited did not happen within its cycle budget."""


class Watchdog:
    def __init__(self, period_ns: int, log=None):
        self.period_ns = period_ns
        self.log = log
        self.waiting_for: list[str] = []
        self._guard = None
        self.fired: str | None = None
        self.stage = ""          # what the test is doing now (set by the sequences)
        self.on_fire = None      # called with the message before a watchdog raises (failure record)
        self.before_fire = None  # awaited first (e.g. flush the tb's buffered traces)

    async def wait(self, awaitable, cycles: int, what: str):
        """Await `awaitable` (a trigger, coroutine or task) for at most `cycles` cycles."""
        self.waiting_for.append(what)
        try:
            return await with_timeout(awaitable, int(cycles) * self.period_ns, "ns")
        except SimTimeoutError:
            msg = f"watchdog: {what} did not happen within {int(cycles)} cycles"
            self.fired = msg
            await self._before()
            self._fire(msg)
            raise WatchdogTimeout(msg) from None
        finally:
            self.waiting_for.pop()

    def guard(self, cycles: int, what: str):
        """Fail the test if it is still running `cycles` cycles from now."""
        self.cancel_guard()
        self._guard = cocotb.start_soon(self._expire(int(cycles), what))
        return self._guard

    def cancel_guard(self):
        if self._guard is not None and not self._guard.done():
            self._guard.cancel()
        self._guard = None

    async def _expire(self, cycles: int, what: str):
        await Timer(cycles * self.period_ns, "ns")
        now = self.waiting_for[-1] if self.waiting_for else self.stage
        inner = f" (was waiting for: {now})" if now else ""
        msg = f"watchdog: {what} not finished within {cycles} cycles{inner}"
        self.fired = msg
        if self.log:
            self.log.error(msg)
        await self._before()
        self._fire(msg)
        raise WatchdogTimeout(msg)

    async def _before(self):
        if self.before_fire is not None:
            try:
                await self.before_fire()
            except Exception as e:      # never hide the watchdog behind a flush error
                if self.log:
                    self.log.error(f"before the failure record: {e!r}")

    def _fire(self, msg: str):
        if self.on_fire is not None:
            try:
                self.on_fire(msg)
            except Exception as e:      # never hide the watchdog behind a recording error
                if self.log:
                    self.log.error(f"failure record not written: {e!r}")
