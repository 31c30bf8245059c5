"""The directed tests' harness: the same BFMs, reference model, comparison and register
predictor as the pyuvm env, driven step by step from plain cocotb tests.
"""
from __future__ import annotations

from dataclasses import replace

import cocotb
import numpy as np
from cocotb.triggers import ClockCycles, Event

from golden import budget, images, regmap
from golden.config import ModelShape
from verif.bfm.axil import AxiLiteMonitor, Resp
from verif.bfm.axis import AxisFrame, AxisMonitor
from verif.uvm import coverage as cov
from verif.uvm import cycles, diagnose, recorder
from verif.uvm.env import run_dir
from verif.uvm.items import InFrame, OutFrame
from verif.uvm.refmodel import golden_run
from verif.uvm.predictor import RegMirror
from verif.uvm.regmodel import HcgsRegBlock, window_words
from verif.uvm.scoreboard import compare_frames, trace_disagrees
from verif.uvm.seeding import derive, test_seed
from verif.uvm.watchdog import Watchdog

from .common import make_bench

REG = regmap.by_name()
CMD = {f.name: f.mask for f in REG["CMD"].fields}
ERR = {f.name: f.mask for f in regmap.ERR_FIELDS}
IRQ = {f.name: f.mask for f in REG["IRQ_STATUS"].fields}
STATUS = {f.name: f.mask for f in REG["STATUS"].fields}
RUNNING = STATUS["RUNNING"]


class Harness:
    def __init__(self, name: str):
        self.name = name
        self.bench, self.hw = make_bench()
        self.b = self.bench
        self.wd = Watchdog(self.bench.cr.period_ns, self.bench.dut._log)
        self.log = self.bench.dut._log
        self.rng = derive(test_seed(), name)
        self.out: list[OutFrame] = []
        self.inp: list[InFrame] = []
        self.shape: ModelShape | None = None
        self.out_all = False
        self.trace = run_dir() / "trace.txt"
        self.trace_skip = 0
        self._target = None
        self._event = Event()
        self.wd.on_fire = self._record_watchdog
        self.wd.before_fire = self.bench.flush_trace       # the record reads the traces

    def _analysis(self):
        if getattr(self, "q", None) is None or self.shape is None:
            return None
        good = [f for f in self.inp if f.ok]
        return diagnose.analyse(golden_run(self.q, good, self.out_all), self.out, self.shape, self._trace_tail(),
                                period_ns=self.bench.cr.period_ns)

    def _record_watchdog(self, msg: str):
        """Failure record of a watchdog: where the test was and a search over what arrived."""
        try:
            a = self._analysis()
        except Exception as e:  # noqa: BLE001 - the watchdog's own failure comes first
            a = {"record_error": repr(e)}
        recorder.write_part(run_dir(), "watchdog", msg, a, {"watchdog": {
            "pending": list(self.wd.waiting_for), "frames_accepted": sum(f.ok for f in self.inp),
            "frames_received": len(self.out)}})

    async def start(self, guard_cycles: int = 200000):
        self.b.start_clock()
        self.stream_cov = cov.StreamCoverage()
        self.mon_in = AxisMonitor(self.b.dut, self.b.clk, self._in, "s_axis", now=self.b.now).start()
        self.mon_out = AxisMonitor(self.b.dut, self.b.clk, self._out, "m_axis", now=self.b.now).start()
        # the register predictor of the pyuvm env: every read checked against the mirror
        self.mirror = RegMirror(HcgsRegBlock("regs", self.hw, run_dir() / "ral"))
        self.mon_axil = AxiLiteMonitor(self.b.dut, self.b.clk, self._axil, "s_axil", now=self.b.now).start()
        self.b.sink.start()
        self.wd.guard(guard_cycles, f"directed test {self.name}")
        await self.b.reset()

    def _axil(self, txn):
        cov.sample_axil(txn)
        for e in self.mirror.observe(txn):
            self.log.error(e)

    def _in(self, f: AxisFrame):
        self.stream_cov.in_frame(f)
        n = self.shape.isize // 4 if self.shape else None
        ok = n is not None and len(f) == n and f.last[-1]
        self.inp.append(InFrame(f.elements(13), bool(f.user[0] & 1), len(f), ok, f.end_cycle))

    def _out(self, f: AxisFrame):
        self.stream_cov.out_frame(f)
        self.out.append(OutFrame(f.data, f.user, f.last, f.end_cycle, f.start_cycle, f.cycles))
        if self._target is not None and len(self.out) >= self._target:
            self._event.set()

    # --- registers
    async def wr(self, name_or_addr, value: int, **kw) -> Resp:
        addr = REG[name_or_addr].offset if isinstance(name_or_addr, str) else name_or_addr
        return await self.b.axil.write(addr, value, **kw)

    async def rd(self, name_or_addr) -> tuple[int, Resp]:
        addr = REG[name_or_addr].offset if isinstance(name_or_addr, str) else name_or_addr
        return await self.b.axil.read(addr)

    async def wr_ok(self, name, value):
        r = await self.wr(name, value)
        assert r == Resp.OKAY, f"write {name} = {value:#x} answered {r.name}"

    async def rd_ok(self, name) -> int:
        v, r = await self.rd(name)
        assert r == Resp.OKAY, f"read {name} answered {r.name}"
        return v

    async def cmd(self, *names):
        await self.wr_ok("CMD", sum(CMD[n] for n in names))

    async def reset(self):
        """Pulse reset: the DUT forgets frames in flight; so do we."""
        await self.b.reset()
        self.mirror.reset()
        self.mon_in.flush()
        self.mon_out.flush()
        self.inp.clear()
        self.out.clear()
        await self.b.flush_trace()
        self.trace_skip = len(self.trace.read_text().splitlines()) if self.trace.is_file() else 0

    async def abort(self):
        """CMD.ABORT: the DUT drops partial and buffered frames and flushes its output; the
        monitors drop their unfinished frames, and the records start again (as after reset)."""
        await self.cmd("ABORT")
        await self.idle_cycles(2)
        self.mon_in.flush()
        self.mon_out.flush()
        self.inp.clear()
        self.out.clear()
        self.trace_skip = len(self.trace.read_text().splitlines()) if self.trace.is_file() else 0

    # --- configuration and model
    async def configure(self, shape: ModelShape, out_all: bool = False, irq_enable: int = 3):
        self.shape, self.out_all = shape, out_all
        await self.wr_ok("CFG_LAYERS", shape.layers)
        await self.wr_ok("CFG_ISIZE", shape.isize)
        await self.wr_ok("CFG_HSIZE", shape.hsize)
        for l, k in enumerate(shape.keep[:shape.layers]):
            await self.wr_ok(f"CFG_KEEP_L{l}", regmap.pack_keep(k.k1_ih, k.k2_ih, k.k1_hh, k.k2_hh))
        await self.wr_ok("CTRL", int(out_all))
        await self.wr_ok("IRQ_ENABLE", irq_enable)

    async def load(self, q, backdoor: bool | None = None):
        img = images.build(q, self.hw)
        writes = images.axi_writes(img)
        if backdoor is None:
            backdoor = len(writes) > 6000 or any(img.used[m] > window_words(m) for m in images.MEMS)
        if backdoor:
            images.write_hex(img, run_dir() / "images")
            await self.b.backdoor_load()
            self.mirror.forget_memories()
        else:
            resps = await self.wd.wait(self.b.axil.write_burst(writes), 20 * len(writes) + 1000,
                                       f"front-door load of {len(writes)} words")
            bad = [(w, r) for w, r in zip(writes, resps) if r != Resp.OKAY]
            assert not bad, f"front-door load: {bad[0][0][0]:#x} answered {bad[0][1].name}"
        self.q = q

    async def start_ok(self):
        await self.wr_ok("ERR", 0xFFFFFFFF)
        await self.wr_ok("IRQ_STATUS", 0xFFFFFFFF)
        await self.cmd("START")
        err = await self.rd_ok("ERR")
        assert err == 0, f"START refused a legal configuration: ERR={err:#x}"
        st = await self.rd_ok("STATUS")
        assert st & RUNNING, f"STATUS.RUNNING not set after START (STATUS={st:#x})"

    # --- frames
    async def send(self, x, starts=None, idle=None):
        """Send frames x (T, ISIZE); starts[t] puts TUSER on frame t (default: frame 0 only)."""
        x = np.asarray(x)
        starts = [t == 0 for t in range(len(x))] if starts is None else starts
        for t in range(len(x)):
            f = AxisFrame.from_elements(x[t], user_first=int(starts[t]))
            await self.wd.wait(self.b.src.send(f, None if idle is None else idle.gaps(self.rng, len(f))),
                               self.frame_budget() + 50 * len(f), f"input frame {t} accepted on s_axis (TREADY)")

    def frame_budget(self) -> int:
        return cycles.frame_budget(self.shape, self.hw, self.out_all) if self.shape else 10000

    async def wait_outputs(self, n: int, what: str = "", budget: int | None = None):
        """Wait (watchdog) until `n` output frames have arrived since the last reset."""
        if len(self.out) >= n:
            await self.b.flush_trace()
            return
        budget = budget or self.frame_budget() * (n - len(self.out)) + 2000
        self._target, self._event = n, Event()
        await self.wd.wait(self._event.wait(), budget,
                           f"output frame {len(self.out) + 1} of {n} on m_axis{' ' + what if what else ''} "
                           f"({len(self.out)} arrived)")
        self._target = None
        await self.b.flush_trace()      # buffered in the tb; check() may read it

    def check(self, q=None):
        """Every output frame since the last reset against golden.fixed on the accepted frames."""
        q = q or self.q
        good = [f for f in self.inp if f.ok]
        exp = golden_run(q, good, self.out_all)
        msg, n = compare_frames(exp, self.out, self.shape, self._trace_tail())
        if msg is not None:
            mac = run_dir() / "mactrace.txt" if not self.trace_skip else None   # no reset since: frames agree
            recorder.write_part(run_dir(), "scoreboard", msg,
                                diagnose.analyse(exp, self.out, self.shape, self._trace_tail(), mac_path=mac,
                                                 qmodel=q, frames=good, lanes=self.hw.lanes,
                                                 period_ns=self.bench.cr.period_ns))
        assert msg is None, msg
        if cocotb.plusargs.get("trace"):
            bad = trace_disagrees(exp, self.shape, self._trace_tail())
            assert bad is None, bad
        self.log.info(f"{n} output frames match the golden model")
        return n

    def _trace_tail(self):
        if not self.trace.is_file() or not self.trace_skip:
            return self.trace
        tail = self.trace.with_name("trace_since_reset.txt")
        tail.write_text("\n".join(self.trace.read_text().splitlines()[self.trace_skip:]) + "\n")
        return tail

    async def idle_cycles(self, n):
        await ClockCycles(self.b.clk, n)

    def done(self):
        self.wd.cancel_guard()
        self.mon_in.stop()
        self.mon_out.stop()
        self.mon_axil.stop()
        cov.export(run_dir() / "coverage.yml")
        errs = self.mirror.errors
        assert not errs, f"register predictor: {'; '.join(errs[:3])}" + (f" (+{len(errs) - 3} more)" if len(errs) > 3 else "")
        self.log.info(f"register predictor: {self.mirror.reads_checked} reads checked against the mirror")


def small_shape(hw, preset_shape) -> ModelShape:
    """The preset shape (the default model of the build)."""
    return preset_shape
