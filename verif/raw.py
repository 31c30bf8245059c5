"""`make sim HARNESS=raw`: the native harness, no Python and no VPI in the simulation.

    python -m verif.raw --config tiny|small|timit|tedlium --frames N --seed S
        [--idle LEVEL] [--backpressure LEVEL] [--keep K1,K2] [--out-all] [--opt-level -O3]
        [--threads N] [--cflags -O2] [--folder DIR] [--trace] [--max-cycles N]

Builds verif/raw/hcgs_raw_tb.sv with `verilator --binary` (once per parameter set and flags,
under build/raw/), writes the golden images, the register writes, the input frames and the
backpressure pattern (all drawn from the seed) into the run folder, runs the binary, and
checks every output beat bit for bit against golden.fixed. Prints the streaming phase's
simulated cycles per second (timed from the harness's own "stream start/end" lines), cycles
per frame against the ideal and the replay command. The same SV player and collector as the
cocotb testbench (verif/tb) stream the data.

It is the yardstick for the cocotb testbench's speed, and a fast mode for long soaks.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from golden import export, fixed, images, regmap, stream
from golden.config import PRESETS, LayerKeep, ModelShape, preset

from . import runner
from .bfm.axis import AxisFrame
from .bfm.collector import pattern_runs
from .bfm.patterns import LEVELS, Pattern
from .bfm.player import words
from .uvm import cycles, stimulus
from .uvm.seeding import derive

ROOT = runner.ROOT
RAW_BUILD = runner.BUILD_ROOT / "raw"
TOP = "hcgs_raw_tb"
RING_AW = 17                  # the player's ring: 2**17 input beats per run
#: Verilator flags chosen by measurement (bench/speed section, README figures): -O3, one
#: thread (the design's parallelism does not pay for --threads 2 on 2 shared cores), X rules
#: as in the cocotb build (unique X values, assertions on).
OPT_LEVEL, THREADS, CFLAGS = "-O3", 1, ""
REG = regmap.by_name()


class RawFailure(AssertionError):
    """The raw harness failed; the message says how and gives the replay command."""


def sources() -> list[Path]:
    return runner.hdl_sources() + [ROOT / "verif" / "tb" / "hcgs_axis_player.sv",
                                   ROOT / "verif" / "tb" / "hcgs_axis_collector.sv",
                                   ROOT / "verif" / "raw" / "hcgs_raw_tb.sv"]


@dataclass(frozen=True)
class RawBuild:
    config: str
    sim: str = "verilator"
    opt_level: str = OPT_LEVEL
    threads: int = THREADS
    cflags: str = CFLAGS
    opt_fast: str = ""            # make's OPT_FAST for the model's hot code (verilated.mk default -Os)

    @property
    def params(self) -> dict[str, int]:
        return preset(self.config).hw.verilog_params()

    def args(self) -> list[str]:
        if self.sim == "icarus":
            return ["-g2012", "-s", TOP] + [f"-P{TOP}.{k}={v}" for k, v in self.params.items()] + \
                [f"-P{TOP}.RING_AW={RING_AW}"]
        a = ["--binary", "--timescale", "1ns/1ps", "--top-module", TOP, self.opt_level, "--x-assign", "unique", "--x-initial", "unique",
             "--assert", "-Wno-fatal", "-Wno-WIDTHEXPAND", "-Wno-WIDTHTRUNC", "--timing"]
        if self.threads > 1:
            a += ["--threads", str(self.threads)]
        if self.cflags:
            a += ["-CFLAGS", self.cflags]
        a += [f"-G{k}={v}" for k, v in self.params.items()] + [f"-GRING_AW={RING_AW}"]
        return a

    def stamp(self) -> str:
        h = hashlib.sha256(repr((self.args(), self.opt_fast)).encode())
        for p in sources():
            h.update(p.read_bytes())
        return h.hexdigest()

    @property
    def dir(self) -> Path:
        key = hashlib.sha256(repr((self.args(), self.opt_fast)).encode()).hexdigest()[:8]  # presets share it
        return RAW_BUILD / f"{self.sim}-{'-'.join(f'{k}{v}' for k, v in self.params.items())}-{key}"

    @property
    def exe(self) -> Path:
        return self.dir / (f"{TOP}.vvp" if self.sim == "icarus" else f"V{TOP}")

    def run_cmd(self) -> list[str]:
        return ["vvp", "-n", str(self.exe)] if self.sim == "icarus" else [str(self.exe)]


def build(b: RawBuild, log=print) -> Path:
    """`verilator --binary` unless an identical build exists; returns the executable."""
    stamp = b.dir / ".stamp"
    with runner._locked(RAW_BUILD / f".{b.dir.name}.lock"):
        want = b.stamp()
        if stamp.is_file() and stamp.read_text() == want and b.exe.is_file():
            return b.exe
        if b.dir.exists():
            shutil.rmtree(b.dir)
        b.dir.mkdir(parents=True)
        log(f"build: raw harness {b.dir.name} ({'iverilog' if b.sim == 'icarus' else 'verilator'} "
            f"{' '.join(b.args()[:12])} ...)")
        if b.sim == "icarus":
            (b.dir / "cmds.f").write_text("+timescale+1ns/1ps\n")
            cmd = ["iverilog", *b.args(), "-c", str(b.dir / "cmds.f"), "-o", str(b.exe), *map(str, sources())]
        else:
            cmd = ["verilator", *b.args(), "-Mdir", str(b.dir), "--build-jobs", "2", *map(str, sources())]
        env = dict(os.environ)
        env["MAKEFLAGS"] = (env.get("MAKEFLAGS", "") + " " + runner.VERILATOR_MAKEFLAGS
                            + (f" OPT_FAST={b.opt_fast}" if b.opt_fast else "")).strip()
        r = subprocess.run(cmd, cwd=b.dir, env=env, capture_output=True, text=True)
        (b.dir / "build.log").write_text(r.stdout + r.stderr)
        if r.returncode or not b.exe.is_file():
            raise RawFailure(f"raw harness build failed ({b.dir / 'build.log'}):\n{(r.stdout + r.stderr)[-3000:]}")
        if b.sim == "verilator":
            runner.slim(b.dir)
        stamp.write_text(want)
    return b.exe


def keep_shape(shape: ModelShape, keep: tuple[int, int] | None) -> ModelShape:
    """`shape` with every matrix of every layer at K1=keep[0], K2=keep[1]."""
    if keep is None:
        return shape
    k1, k2 = keep
    return replace(shape, keep=tuple(LayerKeep(k1, k2, k1, k2) for _ in range(shape.layers)))


def replay(a) -> str:
    extra = "".join(f" --{k.replace('_', '-')} {v}" for k, v in (("idle", a.idle), ("backpressure", a.backpressure))
                    if v != "none")
    if a.keep:
        extra += f" --keep {a.keep}"
    if a.out_all:
        extra += " --out-all"
    if a.sim != "verilator":
        extra += f" --sim {a.sim}"
    if extra:
        return f"python -m verif.raw --config {a.config} --frames {a.frames} --seed {a.seed}{extra}"
    return f"make sim HARNESS=raw CONFIG={a.config} FRAMES={a.frames} SEED={a.seed}"


@dataclass
class RawResult:
    frames: int
    stream_cycles: int
    stream_wall_s: float
    wall_s: float
    counters: dict
    ideal_cycles_per_frame: float
    folder: Path

    @property
    def cycles_per_s(self) -> float:
        return self.stream_cycles / self.stream_wall_s if self.stream_wall_s > 0 else 0.0


def prepare(folder: Path, config: str, frames: int, seed: int, idle: str = "none", backpressure: str = "none",
            keep: tuple[int, int] | None = None, out_all: bool = False, given=None):
    """Write everything the harness reads into `folder`; returns (qmodel, shape, x, pattern runs).
    `given` = (qmodel, x codes (frames, ISIZE), seq_start (frames,) bool): stream these instead of a
    random model and random inputs (speech utterances back to back, each starting a sequence)."""
    p = preset(config)
    seq_start = None
    if given is None:
        shape = keep_shape(p.shape, keep)
    else:
        q, x, seq_start = given
        shape = q.shape()
    errs = stimulus.budget.start_errors(shape, p.hw)
    if errs:
        raise RawFailure(f"CONFIG={config} with keep {keep}: START would refuse it ({errs})")
    if given is None:
        q = stimulus.random_qmodel(shape, derive(seed, "raw.model"))
        x = stimulus.random_inputs(derive(seed, "raw.inputs"), frames, shape.isize)
    img = images.build(q, p.hw)
    images.write_hex(img, folder)
    regs = export.registers(shape)
    cmd = {f.name: f.mask for f in REG["CMD"].fields}
    writes = [(REG[n].offset, v) for n, v in regs.items()]
    writes += [(REG["CTRL"].offset, int(out_all)), (REG["ERR"].offset, 0xFFFFFFFF),
               (REG["IRQ_STATUS"].offset, 0xFFFFFFFF), (REG["CMD"].offset, cmd["CLR_CNT"]),
               (REG["CMD"].offset, cmd["START"])]
    (folder / "regs.txt").write_text("".join(f"{a:x} {d:x}\n" for a, d in writes))
    beats = stream.input_beats(x, seq_start)
    f = AxisFrame([b.tdata for b in beats], [b.tuser for b in beats], [bool(b.tlast) for b in beats])
    gaps = Pattern.level(idle).gaps(derive(seed, "raw.idle"), len(f))
    ws = words(f, gaps)
    if len(ws) > (1 << RING_AW):
        per = len(ws) // frames
        raise RawFailure(f"{frames} frames are {len(ws)} input beats; the raw harness holds {1 << RING_AW} "
                         f"(at most {(1 << RING_AW) // per} frames of CONFIG={config})")
    (folder / "s_axis_play.hex").write_text("@0\n" + "\n".join(f"{w:x}" for w in ws) + "\n")
    bp = Pattern.level(backpressure)
    runs = [] if bp.idle else pattern_runs(bp, derive(seed, "raw.backpressure"))
    (folder / "m_axis_pattern.hex").write_text("\n".join(f"{(r << 16) | n:x}" for r, n in runs) + "\n")
    return q, shape, x, runs, len(ws)


def corrupt(q):
    """`q` with one weight of layer 0 changed (the check must then fail: tests/sim/test_raw.py)."""
    l0 = q.layers[0]
    w = l0.w_ih.copy()
    r, c = np.argwhere(w != 0)[0]
    w[r, c] = -32 if w[r, c] > 0 else 31
    return replace(q, layers=(replace(l0, w_ih=w),) + tuple(q.layers[1:]))


def collected(folder: Path) -> list[tuple[int, int, bool]]:
    """The recorded output beats (tdata, tuser, tlast) of a run; RawFailure on X/Z."""
    got = []
    for line in (folder / "m_axis_beats.txt").read_text().splitlines():
        _, d, u, l = line.split()
        try:
            got.append((int(d, 16), int(u, 16), l == "1"))
        except ValueError:
            raise RawFailure(f"output beat {len(got)} holds X/Z: {line}") from None
    return got


def rtl_h(folder: Path, hsize: int) -> np.ndarray:
    """(frames, H) Q2.10 codes of the last layer's h as the RTL sent them (CTRL.OUT_ALL = 0)."""
    codes = [v for d, _, _ in collected(folder) for v in stream.unpack_beat(d)]
    return np.array(codes, dtype=np.int64).reshape(-1, hsize)


def check(folder: Path, q, x, out_all: bool, hsize: int, seq_start=None) -> int:
    """Every output beat of the run against golden.fixed; returns the frames checked."""
    res = fixed.run(q, x, seq_start)
    exp = stream.output_beats(res, out_all)
    got = collected(folder)
    per = len(exp) // len(x)
    for k, (e, g) in enumerate(zip(exp, got)):
        if (e.tdata, e.tuser, bool(e.tlast)) != g:
            fr, b = divmod(k, per)
            cell0 = (b * 4) % hsize
            raise RawFailure(f"output frame {fr}, beat {b} (layer {e.tuser}, cells {cell0}..{cell0 + 3}): "
                             f"RTL h={stream.unpack_beat(g[0])} tuser={g[1]} tlast={int(g[2])}, "
                             f"model h={stream.unpack_beat(e.tdata)} tuser={e.tuser} tlast={int(e.tlast)}")
    if len(got) != len(exp):
        raise RawFailure(f"{len(got)} output beats, the model gives {len(exp)}")
    return len(x)


def run(config: str, frames: int, seed: int = 1, idle: str = "none", backpressure: str = "none",
        keep: tuple[int, int] | None = None, out_all: bool = False, folder: Path | None = None,
        build_opts: RawBuild | None = None, max_cycles: int | None = None, check_golden: bool = True,
        replay_cmd: str = "", log=print, corrupt_model: bool = False, given=None) -> RawResult:
    """Build (once), prepare the folder, run, check against golden.fixed. Raises RawFailure.
    `corrupt_model` checks against a model with one weight changed: the run must fail.
    `given` = (qmodel, x codes, seq_start): stream these (see `prepare`); `frames` = len(x)."""
    if given is not None and frames != len(given[1]):
        raise RawFailure(f"frames={frames} but {len(given[1])} input frames are given")
    b = build_opts or RawBuild(config)
    exe = build(b, log)
    folder = Path(folder or runner.BUILD_ROOT / "runs" / f"raw-{config}-s{seed}").resolve()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    q, shape, x, runs, n_beats = prepare(folder, config, frames, seed, idle, backpressure, keep, out_all, given)
    seq_start = given[2] if given is not None else None
    hw = preset(config).hw
    out_per = cycles.output_beats(shape, out_all)
    if max_cycles is None:
        max_cycles = cycles.stream_budget(shape, hw, frames, out_all,
                                          cycles.pattern_factor(*LEVELS[idle]),
                                          cycles.pattern_factor(*LEVELS[backpressure])) + 20000
    cmd = [*b.run_cmd(), f"+dir={folder}", f"+beats={n_beats}", f"+frames_out={frames}", f"+pat_n={len(runs)}",
           f"+max_cycles={max_cycles}", f"+collect_m_axis={folder / 'm_axis_beats.txt'}",
           f"+play_s_axis={folder / 's_axis_play.hex'}", f"+pattern_m_axis={folder / 'm_axis_pattern.hex'}"]
    (folder / "cmd.txt").write_text(" ".join(cmd) + "\n")
    how = f"\nreplay: {replay_cmd}" if replay_cmd else ""
    t0 = time.perf_counter()
    t_start = t_end = None
    out = []
    with subprocess.Popen(cmd, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as p:
        for line in p.stdout:
            now = time.perf_counter()
            out.append(line)
            if line.startswith("raw: stream start"):
                t_start = now
            elif line.startswith("raw: stream end"):
                t_end = now
        code = p.wait()
    wall = time.perf_counter() - t0
    (folder / "sim.log").write_text("".join(out))
    if code or t_end is None:
        tail = "".join(out[-15:])
        raise RawFailure(f"raw harness exited with {code} (log {folder / 'sim.log'}):\n{tail}{how}")
    res = dict(l.split() for l in (folder / "result.txt").read_text().splitlines())
    counters = {k: int(v) for k, v in res.items()}
    if check_golden:
        try:
            check(folder, corrupt(q) if corrupt_model else q, x, out_all, shape.hsize, seq_start)
        except RawFailure as e:
            raise RawFailure(f"{e}\nrun folder: {folder}{how}") from None
    if counters["CNT_FRAMES"] != frames:
        raise RawFailure(f"CNT_FRAMES={counters['CNT_FRAMES']}, {frames} frames were streamed{how}")
    r = RawResult(frames, counters["stream_cycles"], t_end - t_start, wall, counters,
                  cycles.ideal_cycles(shape, hw), folder)
    (folder / "perf.json").write_text(json.dumps({
        "frames": frames, "stream_cycles": r.stream_cycles, "stream_wall_s": r.stream_wall_s, "wall_s": wall,
        "counters": counters, "ideal_cycles_per_frame": r.ideal_cycles_per_frame, "shape": str(shape),
        "out_beats_per_frame": out_per}, indent=1))
    return r


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m verif.raw", description=__doc__.splitlines()[0])
    ap.add_argument("--sim", choices=runner.SIMS, default="verilator")
    ap.add_argument("--config", choices=list(PRESETS), default="tiny")
    ap.add_argument("--frames", type=int, default=None, help="frames in one sequence (default 20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--idle", choices=list(LEVELS), default="none", help="input idle pattern")
    ap.add_argument("--backpressure", choices=list(LEVELS), default="none", help="output backpressure pattern")
    ap.add_argument("--keep", default=None, help="K1,K2 for every matrix of every layer (default: the preset's)")
    ap.add_argument("--out-all", action="store_true", help="CTRL.OUT_ALL: every layer's h per frame")
    ap.add_argument("--opt-level", default=OPT_LEVEL, help=f"Verilator optimisation (default {OPT_LEVEL})")
    ap.add_argument("--threads", type=int, default=THREADS)
    ap.add_argument("--cflags", default=CFLAGS, help="C++ compiler flags (-CFLAGS)")
    ap.add_argument("--max-cycles", type=int, default=None, help="watchdog (default: from the cycle model)")
    ap.add_argument("--folder", default=None)
    a = ap.parse_args(argv)
    a.frames = 20 if a.frames is None else a.frames
    if a.frames < 1:
        ap.error(f"--frames {a.frames}: must be at least 1")
    keep = None
    if a.keep:
        try:
            keep = tuple(int(v) for v in a.keep.split(","))
            assert len(keep) == 2
        except (ValueError, AssertionError):
            ap.error(f"--keep {a.keep!r}: give K1,K2 (e.g. 2,8)")
    rp = replay(a)
    hw = preset(a.config).hw
    print(f"raw: {a.sim}, CONFIG={a.config} ({hw.verilog_params()}), {a.frames} frames, SEED={a.seed}", flush=True)
    try:
        r = run(a.config, a.frames, a.seed, a.idle, a.backpressure, keep, a.out_all,
                Path(a.folder) if a.folder else None,
                RawBuild(a.config, a.sim, a.opt_level, a.threads, a.cflags), a.max_cycles, replay_cmd=rp)
    except RawFailure as e:
        print(f"FAIL: {e}")
        if "replay:" not in str(e):
            print(f"replay: {rp}")
        return 1
    c = r.counters
    busy = c["CNT_BUSY"] / r.frames
    print(f"streaming phase: {r.stream_cycles} cycles in {r.stream_wall_s:.2f} s: {r.cycles_per_s:,.0f} simulated cycles/s "
          f"(process {r.wall_s:.2f} s)")
    print(f"cycles per frame: {busy:,.0f} busy (CNT_BUSY/frames) vs ideal {r.ideal_cycles_per_frame:,.0f} = "
          f"{r.ideal_cycles_per_frame / busy:.1%} of ideal; stream {r.stream_cycles / r.frames:,.0f}/frame")
    print(f"MAC utilisation: {c['CNT_MAC'] / c['CNT_BUSY']:.1%}; stalls: input {c['CNT_STALL_IN']}, "
          f"output {c['CNT_STALL_OUT']}; frames {c['CNT_FRAMES']}")
    print(f"PASS: {r.frames} frames, every output beat matches the golden model ({r.folder})")
    print(f"replay: {rp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
