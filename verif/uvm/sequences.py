"""Sequences: configure, front-door load, back-door load, start, run frames, stop, read
the performance counters, and the virtual sequence that runs a whole plan.

Register accesses go through the pyuvm register model (env.regs); bulk memory loads send
AxilItems straight to the control sequencer (golden.images.axi_writes gives the writes).
"""
from __future__ import annotations

import time
from pathlib import Path

from pyuvm import ConfigDB, uvm_sequence
from pyuvm._reg.uvm_reg_model import uvm_status_e

from golden import images, regmap
from verif.bfm.axil import Resp

from . import coverage as cov
from . import cycles
from .items import AxilBurstItem, AxilItem, ConfigItem, FrameSeqItem, ModelImageItem
from .regmodel import window_words

REG = regmap.by_name()


def field_value(reg: str, **fields) -> int:
    v = 0
    for f in REG[reg].fields:
        if f.name in fields:
            v |= (int(fields[f.name]) << f.lsb) & f.mask
    return v


class SeqError(AssertionError):
    pass


class HcgsSeq(uvm_sequence):
    """Base: handles to the env and helpers for register and raw bus access."""

    def __init__(self, name="seq"):
        super().__init__(name)
        self.env = ConfigDB().get(None, "", "ENV")

    async def wr(self, name: str, value: int, expect_ok: bool = True):
        status = await self.env.regs[name].write(value)
        if expect_ok and status != uvm_status_e.UVM_IS_OK:
            raise SeqError(f"write {name} = {value:#x}: SLVERR")
        return status

    async def rd(self, name: str) -> int:
        status, value = await self.env.regs[name].read()
        if status != uvm_status_e.UVM_IS_OK:
            raise SeqError(f"read {name}: SLVERR")
        return value

    async def raw(self, write: bool, addr: int, data: int = 0, **kw) -> AxilItem:
        item = AxilItem("raw", write, addr, data, **kw)
        await self.start_item(item)
        await self.finish_item(item)
        return item


class ConfigureSeq(HcgsSeq):
    """Write the configuration registers from a ConfigItem and read them back."""

    def __init__(self, name="configure", cfg: ConfigItem | None = None):
        super().__init__(name)
        self.cfg = cfg

    async def body(self):
        s = self.cfg.shape
        want = {"CFG_LAYERS": s.layers, "CFG_ISIZE": s.isize, "CFG_HSIZE": s.hsize,
                "CTRL": int(self.cfg.out_all), "IRQ_ENABLE": self.cfg.irq_enable}
        for l, k in enumerate(s.keep[:s.layers]):
            want[f"CFG_KEEP_L{l}"] = regmap.pack_keep(k.k1_ih, k.k2_ih, k.k1_hh, k.k2_hh)
        for name, v in want.items():
            await self.wr(name, v)
        for name, v in want.items():
            got = await self.rd(name)
            if got != v:
                raise SeqError(f"read-back of {name}: {got:#x}, wrote {v:#x}")


class FrontDoorLoadSeq(HcgsSeq):
    """Every used memory word over AXI4-Lite, each write answered OKAY."""

    def __init__(self, name="frontdoor_load", model: ModelImageItem | None = None):
        super().__init__(name)
        self.model = model

    async def body(self):
        img = images.build(self.model.qmodel, self.env.hw)
        burst = AxilBurstItem("load", images.axi_writes(img))     # back to back, one item
        await self.start_item(burst)
        await self.finish_item(burst)
        for (addr, _), resp in zip(burst.writes, burst.resps):
            if resp != Resp.OKAY:
                raise SeqError(f"front-door load: write {addr:#x} answered {resp.name}")


class BackDoorLoadSeq(HcgsSeq):
    """Write the $readmemh images into the run folder's images/ and pulse bd_load; then read
    back the first and last used word of every memory over AXI4-Lite to prove they landed."""

    def __init__(self, name="backdoor_load", model: ModelImageItem | None = None):
        super().__init__(name)
        self.model = model

    async def body(self):
        hw = self.env.hw
        img = images.build(self.model.qmodel, hw)
        images.write_hex(img, self.env.images_dir)
        await self.env.bench.backdoor_load()
        self.env.pred.mirror.forget_memories()
        for m in images.MEMS:
            base, stride = regmap.MEM_WINDOWS[m]
            reach = window_words(m)
            for a in sorted({0, min(reach - 1, max(0, img.used[m] - 1))}):
                word = img.words[m][a]
                for s in range(images.slots(hw, m)):
                    item = await self.raw(False, base + stride * a + 4 * s)
                    exp = (word >> (32 * s)) & 0xFFFFFFFF
                    if item.resp != Resp.OKAY or item.data != exp:
                        raise SeqError(f"back-door load: {m}[{a}] slot {s} reads {item.data:#x} "
                                       f"({item.resp.name}), image has {exp:#x} (images in {self.env.images_dir})")


class StartSeq(HcgsSeq):
    """Clear ERR and IRQ_STATUS, START, and check the engine accepted the configuration."""

    async def body(self):
        await self.wr("ERR", 0xFFFFFFFF)
        await self.wr("IRQ_STATUS", 0xFFFFFFFF)
        await self.wr("CMD", field_value("CMD", CLR_CNT=1))
        await self.wr("CMD", field_value("CMD", START=1))
        err = await self.rd("ERR")
        if err:
            bits = [f.name for f in regmap.ERR_FIELDS if err & f.mask]
            raise SeqError(f"START refused the configuration: ERR={err:#x} ({', '.join(bits)})")
        st = await self.rd("STATUS")
        if not st & REG["STATUS"].fields[0].mask:
            raise SeqError(f"STATUS.RUNNING not set after START (STATUS={st:#x})")


class FramesSeq(uvm_sequence):
    """The FrameSeqItems of a plan on the input sequencer, in order."""

    def __init__(self, name="frames", items: list[FrameSeqItem] | None = None):
        super().__init__(name)
        self.items = items or []

    async def body(self):
        for it in self.items:
            await self.start_item(it)
            await self.finish_item(it)


class StopSeq(HcgsSeq):
    """STOP, then wait (watchdog) until STATUS.RUNNING falls."""

    def __init__(self, name="stop", watchdog=None, cycles: int = 10000):
        super().__init__(name)
        self.watchdog, self.cycles = watchdog, cycles

    async def body(self):
        await self.wr("CMD", field_value("CMD", STOP=1))
        start = self.env.bench.now()
        while True:
            st = await self.rd("STATUS")
            if not st & 1:
                return
            if self.env.bench.now() - start > self.cycles:
                raise SeqError(f"watchdog: STATUS.RUNNING still 1 {self.cycles} cycles after STOP (STATUS={st:#x})")


class PerfSeq(HcgsSeq):
    """Read the performance counters into `self.counters`."""

    async def body(self):
        self.counters = {n: await self.rd(n) for n in ("CNT_BUSY", "CNT_MAC", "CNT_STALL_IN", "CNT_STALL_OUT", "CNT_FRAMES")}


class IrqCheckSeq(HcgsSeq):
    """After frames: IRQ_STATUS.FRAME_DONE set, ERROR clear, irq high (enabled); W1C clears it."""

    def __init__(self, name="irq_check", frames: int = 1):
        super().__init__(name)
        self.frames = frames

    async def body(self):
        st = await self.rd("IRQ_STATUS")
        if self.frames and not st & 1:
            raise SeqError(f"IRQ_STATUS.FRAME_DONE not set after {self.frames} frames (IRQ_STATUS={st:#x})")
        if st & 2:
            err = await self.rd("ERR")
            raise SeqError(f"IRQ_STATUS.ERROR set during a legal run (ERR={err:#x})")
        if self.frames:
            cov.sample_irq("frame_done")
            if not self.env.bench.dut.irq.value:
                raise SeqError("irq low while IRQ_STATUS.FRAME_DONE and IRQ_ENABLE.FRAME_DONE are set")
        await self.wr("IRQ_STATUS", st)
        await self.env.bench.clk_cycles(2)
        if int(self.env.bench.dut.irq.value):
            raise SeqError("irq still high after IRQ_STATUS was cleared")


class RunPlanSeq(HcgsSeq):
    """The whole flow of one pyuvm test: draw, configure, load, start, stream, stop, check."""

    def __init__(self, name="run_plan", plan=None):
        super().__init__(name)
        self.plan = plan

    async def body(self):
        env, plan, hw = self.env, self.plan, self.env.hw
        wd = env.watchdog
        cfg = plan.config()
        model = plan.model(cfg)
        seqs = plan.sequences(cfg)
        n_frames = sum(s.length for s in seqs)
        load = plan.knobs.get("load", "auto")
        img = images.build(model.qmodel, hw)
        n_writes = len(images.axi_writes(img))
        beyond = [m for m in images.MEMS if img.used[m] > window_words(m)]
        model.backdoor = (load == "back" or bool(beyond)
                          or (load == "auto" and n_writes > int(plan.knobs.get("frontdoor_max", 12000))))
        if beyond and load == "front":
            self.logger.warning(f"front-door load asked for, but {beyond} words lie beyond the AXI window: back-door")
        env.ref.set_model(model.qmodel, cfg.shape, cfg.out_all)
        env.inp.mon.beats_expected = cfg.shape.isize // 4
        idle = seqs[0].idle if seqs else None
        bp = env.out.drv.pattern
        budget = (cycles.stream_budget(cfg.shape, hw, n_frames, cfg.out_all,
                                       cycles.pattern_factor(idle.prob, idle.max_run) if idle else 1,
                                       cycles.pattern_factor(bp.prob, bp.max_run))
                  + (0 if model.backdoor else 12 * n_writes) + 20000)
        budget = int(budget * float(plan.knobs.get("watchdog_scale", 1.0)))
        wd.guard(budget, f"{type(plan).__name__} ({n_frames} frames, budget from the cycle model)")
        self.logger.info(f"config: {cfg}; {model}; {len(seqs)} sequences, {n_frames} frames "
                         f"(lengths {[s.length for s in seqs]}); idle={idle.name if idle else '-'} "
                         f"backpressure={bp.name}; watchdog {budget} cycles")
        cov.sample_config(cfg.shape, hw, cfg.out_all, model.backdoor)
        cov.sample_backpressure(bp.name)
        for s in seqs:
            cov.sample_sequence(s.length, s.idle.name)

        ctl = env.ctl.seqr
        t0 = time.time()
        wd.stage = "configuration register writes and read-back"
        await ConfigureSeq("configure", cfg).start(ctl)
        load_seq = (BackDoorLoadSeq if model.backdoor else FrontDoorLoadSeq)("load", model)
        c0 = env.bench.now()
        wd.stage = f"{'back' if model.backdoor else 'front'}-door load of the model"
        await load_seq.start(ctl)
        env.perf["load_cycles"] = env.bench.now() - c0
        env.perf["load"] = "back" if model.backdoor else f"front ({n_writes} writes)"
        wd.stage = "START and its checks"
        await StartSeq("start").start(ctl)
        if env.bench.sv_dir is not None:   # only whole frames cross to Python from here on
            await env.bench.sv_clock_on()
        c0, w0, p0 = env.bench.now(), time.time(), time.process_time()
        wd.stage = f"{n_frames} input frames accepted on s_axis"
        await FramesSeq("frames", seqs).start(env.inp.seqr)
        await env.sb.wait_frames(n_frames, wd, budget)
        c1, w1, p1 = env.bench.now(), time.time(), time.process_time()
        env.perf["stream_cpu_s"] = p1 - p0      # simulator and Python: one process
        await env.bench.cocotb_clock_on()
        await env.bench.flush_trace()      # the scoreboard may read it
        env.perf["stream_wall_s"] = w1 - w0
        wd.stage = "STOP and STATUS.RUNNING falling"
        await StopSeq("stop", wd).start(ctl)
        wd.stage = "performance counter and IRQ reads"
        perf = PerfSeq("perf")
        await perf.start(ctl)
        if plan.knobs.get("leave_irq"):     # deliberate violation: the end-of-test check must fail
            self.logger.warning("knob leave_irq: IRQ_STATUS left set, irq left high")
        else:
            await IrqCheckSeq("irq", n_frames).start(ctl)
        cnt = perf.counters
        if cnt["CNT_FRAMES"] != n_frames:
            raise SeqError(f"CNT_FRAMES={cnt['CNT_FRAMES']}, {n_frames} frames were computed")
        if plan.knobs.get("expect_stall_out") and cnt["CNT_STALL_OUT"] == 0:
            raise SeqError("CNT_STALL_OUT=0: the output buffer never filled, so this run did not stall "
                           "the MAC pipeline it exists to stall (backpressure too light for the pattern?)")
        wd.cancel_guard()
        cov.sample_counters(cnt)
        cov.sample_pipe_stalls(env.bench.pipe_stalls())
        for e in env.ref.expected():
            cov.sample_stages(e.stages)
        env.perf.update(frames=n_frames, stream_cycles=c1 - c0, counters=cnt,
                        ideal_cycles_per_frame=cycles.ideal_cycles(cfg.shape, hw),
                        shape=str(cfg), wall_s=time.time() - t0)


class RegTestSeq(HcgsSeq):
    """The standard register tests from the map (verif.uvm.regtests) over raw AxilItems on
    the control sequencer; the register predictor checks every read on top."""

    class _Port:
        def __init__(self, seq):
            self.seq = seq

        async def read(self, addr):
            item = await self.seq.raw(False, addr)
            return item.data, item.resp

        async def write(self, addr, data):
            return (await self.seq.raw(True, addr, data)).resp

    async def _provoke(self):
        """Set W1C bits the way the hardware does: START with CFG_LAYERS, CFG_ISIZE and
        CFG_HSIZE = 0 (ERR.LAYERS, ISIZE, HSIZE, KEEP; IRQ_STATUS.ERROR), then the three back
        to their reset values."""
        port = self._Port(self)
        bad = ("CFG_LAYERS", "CFG_ISIZE", "CFG_HSIZE")
        for name in bad:
            await port.write(REG[name].offset, 0)
        await port.write(REG["CMD"].offset, field_value("CMD", START=1))
        for name in bad:
            await port.write(REG[name].offset, REG[name].reset)

    async def body(self):
        from . import regtests
        self.done = await regtests.run_all(self._Port(self), self.env.hw, self._provoke,
                                           {"CMD": field_value("CMD", CLR_CNT=1)}, log=lambda m: None)

