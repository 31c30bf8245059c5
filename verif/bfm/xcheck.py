"""Strict reading of control signals: after reset, X or Z on a VALID, READY, LAST, USER
or interrupt line is an error that names the signal (a missing reset or an undriven
wire must not read as 0). Before the first reset has been released X reads as 0.

`ClockReset.reset()` disarms the check while reset is held and arms it when reset is
released; every BFM and monitor reads its control signals through `ctrl()`.
"""
from __future__ import annotations


class XError(AssertionError):
    """A control signal was X or Z after reset."""


_state = {"armed": False}


def arm(on: bool = True) -> None:
    _state["armed"] = bool(on)


def armed() -> bool:
    return _state["armed"]


def signal_name(handle) -> str:
    return getattr(handle, "_path", None) or getattr(handle, "_name", None) or repr(handle)


def ctrl(handle) -> int:
    """A control bit as 0/1; X/Z raises XError naming the signal once reset is released."""
    v = handle.value
    if v.is_resolvable:
        return int(v)
    if _state["armed"]:
        raise XError(f"{signal_name(handle)} is {v} (X/Z) after reset: a control signal must be 0 or 1")
    return 0
