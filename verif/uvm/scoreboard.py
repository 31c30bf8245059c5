"""Scoreboard: every output beat compared bit for bit with the reference model.

On the first mismatch (or a missing/extra frame) it names the first layer, timestep, gate
and cell where the RTL and the golden model part, from the RTL's trace file (contract
section 11) against the model's intermediates, not only the output beat that differed.
"""
from __future__ import annotations

import cocotb
from cocotb.triggers import Event
from pyuvm import ConfigDB, uvm_analysis_export, uvm_component

from verif.bfm.axis import unpack_beats

from . import diagnose
from .items import OutFrame
from .trace import first_divergence, read_rtl_trace


class Imp(uvm_analysis_export):
    """An analysis export calling `write_fn` (a component can have several)."""

    def __init__(self, name, parent, write_fn):
        super().__init__(name, parent)
        self.write_fn = write_fn

    def write(self, tt):
        self.write_fn(tt)


class ScoreboardError(AssertionError):
    pass


class Scoreboard(uvm_component):
    def build_phase(self):
        self.out_imp = Imp("out_imp", self, self.write_out)
        self.actual: list[OutFrame] = []
        self.ref = None              # set by the env
        self.trace_path = None       # set by the env from the ConfigDB ("TRACE")
        self._target = None
        self._event = Event()
        self.checked = 0
        self.failure: str | None = None
        self.frames_expected = True
        self.recorder = None         # set by the env: writes the failure record

    def write_out(self, f: OutFrame):
        self.actual.append(f)
        if self._target is not None and len(self.actual) >= self._target:
            self._event.set()

    def reset(self):
        self.actual.clear()

    async def wait_frames(self, n: int, watchdog, cycles: int):
        """Wait until `n` output frames arrived (watchdog: `cycles`)."""
        if len(self.actual) >= n:
            return
        self._target = n
        self._event = Event()
        await watchdog.wait(self._event.wait(), cycles,
                            f"output frame {len(self.actual) + 1} of {n} on m_axis "
                            f"({len(self.actual)} received)")
        self._target = None

    def compare(self) -> str | None:
        """None when every beat matches; else the message naming where RTL and model part
        (and the failure record is written)."""
        msg, self.checked = compare_frames(self.ref.expected(), self.actual, self.ref.shape, None)
        if msg is None:
            if self.trace_path is not None and cocotb.plusargs.get("trace"):
                return trace_disagrees(self.ref.expected(), self.ref.shape, self.trace_path)
            return None
        env = self.recorder.env if self.recorder else None
        a = diagnose.analyse(self.ref.expected(), self.actual, self.ref.shape, self.trace_path,
                             mac_path=env.run_dir / "mactrace.txt" if env else None,
                             qmodel=self.ref.qmodel, frames=self.ref.frames,
                             lanes=env.hw.lanes if env else None,
                             period_ns=env.bench.cr.period_ns if env else 10)
        msg = diagnose.message(a, self.ref.shape.hsize)
        if self.recorder:
            self.recorder.write("scoreboard", msg, a)
        return msg

    def check_phase(self):
        if not self.frames_expected:     # a test without a model (register tests): no output at all
            self.failure = (f"{len(self.actual)} output frame(s) in a test that streams no frames"
                            if self.actual else None)
        else:
            self.failure = self.compare()
            if not self.failure and not self.actual:
                self.failure = "scoreboard: no output frame was compared: the run checked nothing"
        if self.failure:
            self.logger.error(self.failure)
            raise ScoreboardError(self.failure)

    def report_phase(self):
        if not self.failure and not self.frames_expected:
            self.logger.info("scoreboard: no output frame expected, none produced")
        elif not self.failure:
            self.logger.info(f"scoreboard: {self.checked} output frames, every beat matched the golden model")


# ------------------------------------------------------------------ pure comparison
def compare_frames(exp, act, shape, trace_path=None) -> tuple[str | None, int]:
    """Compare expected (refmodel.Expected) and actual (items.OutFrame) output frames beat by
    beat. Returns (None, frames checked) or (message, frames checked before the mismatch)."""
    n = min(len(exp), len(act))
    for k in range(n):
        e, a = exp[k], act[k]
        if a.data == e.data and a.user == e.user and a.last == e.last:
            continue
        return explain(exp, k, beat_diff(k, e, a, shape.hsize), shape, trace_path), k
    if len(act) != len(exp):
        what = "missing" if len(act) < len(exp) else "extra"
        return explain(exp, n, f"{abs(len(exp) - len(act))} {what} output frame(s): "
                               f"{len(exp)} expected, {len(act)} received", shape, trace_path), n
    return None, n


def beat_diff(k, e, a, hsize) -> str:
    where = f"output frame {k} (sequence {e.seq}, timestep {e.t})"
    if len(a.data) != len(e.data):
        return f"{where}: {len(a.data)} beats, expected {len(e.data)}"
    for b, (da, de, ua, ue, la, le) in enumerate(zip(a.data, e.data, a.user, e.user, a.last, e.last)):
        if (da, ua, la) != (de, ue, le):
            cell0 = (b * 4) % hsize
            return (f"{where}, beat {b} (layer {ue}, cells {cell0}..{cell0 + 3}): "
                    f"RTL h={unpack_beats([da]).tolist()} tuser={ua} tlast={int(la)}, "
                    f"model h={unpack_beats([de]).tolist()} tuser={ue} tlast={int(le)}")
    return where


def trace_disagrees(exp, shape, trace_path) -> str | None:
    """After every output beat matched: None when the RTL probe trace agrees with the model's
    intermediates (z, activations, c, h) at every cell of every layer of every frame, else
    the message. The trace is what names the first divergence of a failing run; a trace that
    is wrong on a passing run would misplace the next failure (a probe's layer stuck at 1
    passed every run before this check: make mutate)."""
    rtl = read_rtl_trace(trace_path, shape.hsize)
    if not rtl:
        return f"scoreboard: the probe trace was requested but {trace_path} is empty or missing"
    base = min(fr for fr, _ in rtl)
    model = {(e.index + base, l): st for e in exp for l, st in enumerate(e.stages)}
    d = first_divergence(rtl, model, [e.index + base for e in exp], shape.layers)
    if d is None:
        return None
    e = exp[d.frame - base]
    return ("scoreboard: every output beat matched, but the probe trace disagrees with the model: "
            + d.describe(f" (sequence {e.seq}, timestep {e.t})") + f" ({trace_path})")


def explain(exp, k, head: str, shape, trace_path) -> str:
    msg = [f"scoreboard: {head}"]
    if trace_path is None:
        msg.append("(no RTL trace file to locate the first divergence)")
        return "\n".join(msg)
    rtl = read_rtl_trace(trace_path, shape.hsize)
    if not rtl:
        msg.append(f"(RTL trace {trace_path} is empty or missing)")
        return "\n".join(msg)
    base = min(fr for fr, _ in rtl)       # <frame> counts from 0 (or 1) after reset
    model = {(e.index + base, l): st for e in exp for l, st in enumerate(e.stages)}
    d = first_divergence(rtl, model, [e.index + base for e in exp], shape.layers)
    if d is None:
        msg.append("RTL trace and model intermediates agree on every cell: the difference is on the "
                   "output path (packing, ordering, TUSER/TLAST)")
    else:
        e = exp[d.frame - base]
        msg.append("first divergence: " + d.describe(f" (sequence {e.seq}, timestep {e.t})"))
    return "\n".join(msg)
