"""Top-level smoke test of the RTL (hcgs_tb around hcgs_lstm_top): load a small random
model, configure, stream a few frames, and compare every output beat and every probe
trace line bit for bit with golden.fixed. Also measures cycles per frame.

Build parameters come from the environment (HCGS_<PARAM>, set by tests/sim/test_unit.py),
the run-time shape from the preset named by HCGS_CONFIG (default tiny).
"""
from __future__ import annotations

import os
from pathlib import Path

import cocotb
import numpy as np
from cocotb.triggers import ClockCycles, Event, First, ReadOnly, ReadWrite, RisingEdge

from golden import fixed, images, regmap, stream
from golden.config import LayerKeep, ModelShape, preset
from golden.model import random_model
from golden.quant import quantise_model

from verif.bfm.axil import AxiLiteMaster
from verif.bfm.axis import AxisFrame, AxisMonitor, AxisSink, AxisSource
from verif.bfm.clock import ClockReset
from verif.bfm.patterns import Pattern

from .common import OKAY, axil_master, hw_from_env, rng_for, start_clock_and_reset

REG = regmap.by_name()




def plusarg(name: str, default: str | None = None) -> str | None:
    return cocotb.plusargs.get(name, default)


async def wr(axil: AxiLiteMaster, name: str, value: int):
    resp = await axil.write(REG[name].offset, value)
    assert resp == OKAY, f"write {name}: resp {resp}"


async def rd(axil: AxiLiteMaster, name: str) -> int:
    data, resp = await axil.read(REG[name].offset)
    assert resp == OKAY, f"read {name}: resp {resp}"
    return data


async def configure(axil: AxiLiteMaster, shape, out_all: bool = False):
    await wr(axil, "CFG_LAYERS", shape.layers)
    await wr(axil, "CFG_ISIZE", shape.isize)
    await wr(axil, "CFG_HSIZE", shape.hsize)
    for l, kk in enumerate(shape.keep[:shape.layers]):
        await wr(axil, f"CFG_KEEP_L{l}", regmap.pack_keep(kk.k1_ih, kk.k2_ih, kk.k1_hh, kk.k2_hh))
    await wr(axil, "CTRL", int(out_all))
    await wr(axil, "IRQ_ENABLE", 3)
    await wr(axil, "CMD", 0b101)            # CLR_CNT | START
    err = await rd(axil, "ERR")
    assert err == 0, f"START refused: ERR={err:#x}"
    assert await rd(axil, "STATUS") & 1, "not RUNNING after START"


def run_shape():
    """The preset's run-time shape, or HCGS_SHAPE=layers,isize,hsize,k1ih,k2ih,k1hh,k2hh."""
    spec = os.environ.get("HCGS_SHAPE")
    if not spec:
        return preset(os.environ.get("HCGS_CONFIG", "tiny")).shape
    layers, isize, hsize, k1i, k2i, k1h, k2h = (int(v) for v in spec.split(","))
    return ModelShape(layers, isize, hsize, tuple(LayerKeep(k1i if l == 0 else min(k1i, hsize // 32), k2i, k1h, k2h)
                                                  for l in range(layers)))


def floor_cycles(shape, hw) -> int:
    """Cycles per frame of the walk with the activation unit's floor per group (hw.act_floor)."""
    return sum(shape.hsize // 4 * max(hw.act_floor, hw.wps * (kk.k1_ih * kk.k2_ih + kk.k1_hh * kk.k2_hh))
               for kk in shape.keep[:shape.layers])


def make_model(name: str):
    shape = run_shape()
    hw = hw_from_env()
    seed = int(rng_for(name).integers(1 << 30))
    q = quantise_model(random_model(shape, seed))
    return hw, shape, q, images.build(q, hw)


async def no_x_on_outputs(dut):
    """After reset, every output of the top must be 0/1 on every cycle (Icarus is 4-state)."""
    outs = [getattr(dut, n) for n in ("s_axil_awready", "s_axil_wready", "s_axil_bresp", "s_axil_bvalid",
                                      "s_axil_arready", "s_axil_rdata", "s_axil_rresp", "s_axil_rvalid",
                                      "s_axis_tready", "m_axis_tdata", "m_axis_tuser", "m_axis_tlast",
                                      "m_axis_tvalid", "irq")]
    while True:
        await RisingEdge(dut.clk)
        await ReadOnly()
        for h in outs:
            assert h.value.is_resolvable, f"{h._name} = {h.value} after reset"


class Outputs:
    """m_axis through verif.bfm: the sink holds TREADY high with probability `p_ready` each
    cycle, the monitor records. `beats`: every beat seen so far, an unfinished frame's too,
    as (tdata, tuser, tlast); `last_cycles`: the cycle of each TLAST beat."""

    def __init__(self, dut, rng, p_ready: float):
        self.clk = dut.clk
        self.frames: list[AxisFrame] = []
        self._want, self._done = 0, Event()
        now = ClockReset(dut.clk, dut.rst_n).now_cycles
        self.mon = AxisMonitor(dut, dut.clk, self._frame, "m_axis", now=now).start()
        AxisSink(dut, dut.clk, "m_axis", Pattern.per_cycle_prob(1.0 - p_ready), rng).start()

    def _frame(self, f: AxisFrame):
        self.frames.append(f)
        if len(self.frames) >= self._want:
            self._done.set()

    async def wait_frames(self, n: int, cycles: int):
        """Until `n` frames (TLAST beats) have been seen, or `cycles` clock cycles have passed."""
        self._want = n
        if len(self.frames) < n:
            self._done.clear()
            await First(self._done.wait(), ClockCycles(self.clk, cycles))

    @property
    def beats(self) -> list[tuple[int, int, int]]:
        fs = self.frames + ([self.mon.pending] if self.mon.pending is not None else [])
        return [(d, u, int(l)) for f in fs for d, u, l in zip(f.data, f.user, f.last)]

    @property
    def last_cycles(self) -> list[int]:
        return [f.end_cycle for f in self.frames]


async def send_beats(dut, rng, beats, p_valid: float):
    """Drive (tdata, tuser, tlast) beats on s_axis through verif.bfm, valid with probability
    `p_valid` each cycle. Returns after the last handshake."""
    frame = AxisFrame([int(d) for d, _, _ in beats], [int(u) for _, u, _ in beats], [bool(l) for _, _, l in beats])
    await AxisSource(dut, dut.clk, "s_axis").send(frame, Pattern.per_cycle_prob(1.0 - p_valid).gaps(rng, len(frame)))


def inputs(rng, frames: int, isize: int) -> np.ndarray:
    return np.clip(np.round(rng.normal(0, 1.5, (frames, isize)) * 1024), -4096, 4095).astype(np.int64)


async def run_frames(dut, axil, shape, q, x, seq_start, out_all=False, p_valid=1.0, p_ready=1.0, name=""):
    """Stream x, collect the outputs, compare with golden.fixed; returns the sink's beats."""
    rng = rng_for(name + "stream")
    res = fixed.run(q, x, seq_start)
    want = stream.output_beats(res, out_all=out_all)
    sink = Outputs(dut, rng, p_ready)
    await send_beats(dut, rng, stream.input_beats(x, seq_start), p_valid)
    await sink.wait_frames(sum(w.tlast for w in want), 200000)
    got = sink.beats
    assert len(got) == len(want), f"{len(got)} output beats, expected {len(want)}"
    for n, (g, w) in enumerate(zip(got, want)):
        if g != (w.tdata, w.tuser, int(w.tlast)):
            per = len(want) // len(x)
            raise AssertionError(f"beat {n} (frame {n // per}): got tdata={g[0]:#018x} tuser={g[1]} "
                                 f"tlast={g[2]}, expected {w.tdata:#018x} {w.tuser} {int(w.tlast)}; "
                                 f"got {stream.unpack_beat(g[0])} expected {stream.unpack_beat(w.tdata)}")
    return sink, res


async def flush_trace(dut):
    """The tb buffers the probe trace: flush it before reading (contract section 11). A
    gate-level build (GATE_LEVEL: the netlist has no probe) has no trace to flush."""
    if not hasattr(dut, "trace_flush"):
        return
    dut.trace_flush.value = 1 - int(dut.trace_flush.value)
    await ReadWrite()


def check_trace(res, first_frame: int = 0):
    path = plusarg("trace")
    if not path:
        return
    text = Path(path).read_text()
    text = text[:text.rfind("\n") + 1]       # the trace is buffered: drop a line cut in the middle
    actual = [l for l in text.splitlines() if l.strip()]
    expected = stream.trace_lines(res, first_frame)
    actual = [l for l in actual if int(l.split()[0]) >= first_frame][:len(expected)]
    bad = stream.first_trace_mismatch(expected, actual)
    assert bad is None, f"probe trace: {bad}"


async def start(dut, backdoor_img=None) -> AxiLiteMaster:
    """Reset, watch the outputs for X from then on, back-door load `backdoor_img` if given
    (hex files into the +images folder, one pulse of bd_load); returns the AXI4-Lite master."""
    dut.bd_load.value = 0
    await start_clock_and_reset(dut)
    cocotb.start_soon(no_x_on_outputs(dut))
    if backdoor_img is not None:
        images.write_hex(backdoor_img, plusarg("images", "."))
        dut.bd_load.value = 1
        await RisingEdge(dut.clk)
        dut.bd_load.value = 0
    return axil_master(dut)


@cocotb.test()
async def test_front_door_smoke(dut):
    """Front-door load, 3 frames (sequence restarts at frames 0 and 2), random backpressure."""
    hw, shape, q, img = make_model("front")
    axil = await start(dut)
    for addr, data in images.axi_writes(img):
        resp = await axil.write(addr, data)
        assert resp == OKAY, f"front-door write {addr:#x}: resp {resp}"
    # read back the first and last used word of every memory
    for m in images.MEMS:
        base, stride = regmap.MEM_WINDOWS[m]
        for a in sorted({0, img.used[m] - 1}):
            for s in range(images.slots(hw, m)):
                data, resp = await axil.read(base + stride * a + 4 * s)
                exp = (img.words[m][a] >> (32 * s)) & 0xFFFFFFFF
                assert resp == OKAY and data == exp, f"{m}[{a}] slot {s}: {data:#x} resp {resp}, want {exp:#x}"
    await configure(axil, shape)
    rng = rng_for("front-x")
    x = inputs(rng, 3, shape.isize)
    seq = np.array([True, False, True])
    _, res = await run_frames(dut, axil, shape, q, x, seq, p_valid=0.8, p_ready=0.6, name="front")
    await flush_trace(dut)
    check_trace(res)
    assert int(dut.irq.value) == 1, "irq not raised after frames"
    assert await rd(axil, "CNT_FRAMES") == 3


@cocotb.test()
async def test_back_door_throughput(dut):
    """Back-door load, OUT_ALL off, streams without backpressure: cycles per frame."""
    hw, shape, q, img = make_model("back")
    axil = await start(dut, img)
    await configure(axil, shape)
    rng = rng_for("back-x")
    frames = 5
    x = inputs(rng, frames, shape.isize)
    seq = np.zeros(frames, bool)
    seq[0] = True
    sink, res = await run_frames(dut, axil, shape, q, x, seq, name="back")
    # cycles between consecutive frames' last beats (steady state)
    lasts = sink.last_cycles
    gaps = np.diff(lasts)
    busy, mac = await rd(axil, "CNT_BUSY"), await rd(axil, "CNT_MAC")
    nfr = await rd(axil, "CNT_FRAMES")
    ideal = mac / nfr
    floor = floor_cycles(shape, hw)
    assert ideal == sum(shape.hsize // 4 * hw.wps * (kk.k1_ih * kk.k2_ih + kk.k1_hh * kk.k2_hh)
                        for kk in shape.keep[:shape.layers]), "CNT_MAC is not the kept weights / LANES"
    per_layer = (gaps.max() - floor) / shape.layers
    dut._log.info(f"cycles per frame {[int(g) for g in gaps]} (steady), ideal {ideal:.0f} (kept weights / LANES "
                  f"= CNT_MAC/frames), with the {hw.act_floor}-cycle group floor {floor}, overhead {gaps.max() - floor:.0f} "
                  f"cycles = {per_layer:.1f} per layer; CNT_BUSY {busy} CNT_FRAMES {nfr}")
    report = plusarg("perf")
    if report:
        Path(report).write_text(f"{int(gaps.max())} {ideal:.0f} {floor} {shape.layers}\n")
    assert gaps.max() <= 1.05 * floor + 15 * shape.layers, "cycles per frame above budget"


@cocotb.test()
async def test_out_all_and_stop(dut):
    """OUT_ALL: every layer's h per frame; then STOP ends RUNNING once drained."""
    hw, shape, q, img = make_model("outall")
    axil = await start(dut, img)
    await configure(axil, shape, out_all=True)
    rng = rng_for("outall-x")
    x = inputs(rng, 2, shape.isize)
    seq = np.array([True, False])
    await run_frames(dut, axil, shape, q, x, seq, out_all=True, p_ready=0.3, name="outall")
    await wr(axil, "CMD", 0b010)            # STOP
    await ClockCycles(dut.clk, 20)
    st = await rd(axil, "STATUS")
    assert st == 0, f"STATUS={st:#x} after STOP, expected idle"
    assert int(dut.s_axis_tready.value) == 0


@cocotb.test()
async def test_frame_errors(dut):
    """A short frame and a long frame are dropped with ERR bits and IRQ; the frames around
    them are computed as if the dropped ones never came (the first good one starts the
    sequence, as the first frame after reset)."""
    hw, shape, q, img = make_model("errors")
    axil = await start(dut, img)
    await configure(axil, shape)
    rng = rng_for("errors-x")
    n = shape.isize // 4
    x = inputs(rng, 4, shape.isize)
    good = stream.input_beats(x[:3], np.array([False, False, True]))
    bad_short = [(b.tdata, b.tuser, b.tlast) for b in stream.input_beats(x[3:4], np.array([True]))][:n - 2]
    bad_short[-1] = (bad_short[-1][0], 0, True)                     # TLAST two beats early
    bad_long = [(b.tdata, b.tuser, False) for b in stream.input_beats(x[3:4], np.array([True]))]
    bad_long += [(123, 1, False), (456, 0, False), (789, 1, True)]  # three extra beats, TLAST on the last
    beats = bad_short + [(b.tdata, b.tuser, b.tlast) for b in good[:n]] + bad_long + \
        [(b.tdata, b.tuser, b.tlast) for b in good[n:]]
    sink = Outputs(dut, rng, 0.7)
    await send_beats(dut, rng, beats, 0.8)
    res = fixed.run(q, x[:3], np.array([True, False, True]))
    want = stream.output_beats(res)
    await sink.wait_frames(sum(w.tlast for w in want), 100000)
    await ClockCycles(dut.clk, 50)
    got = sink.beats
    assert got == [(w.tdata, w.tuser, int(w.tlast)) for w in want], "outputs around dropped frames differ"
    err = await rd(axil, "ERR")
    bits = {f.name: f.lsb for f in regmap.ERR_FIELDS}
    assert err == (1 << bits["FRAME_SHORT"]) | (1 << bits["FRAME_LONG"]), f"ERR {err:#x}"
    assert await rd(axil, "IRQ_STATUS") == 3
    assert await rd(axil, "CNT_FRAMES") == 3
