"""Verilator build flags by measurement: the raw harness on CONFIG (default small: a chip-size
build takes minutes per variant) built with each variant, simulated cycles/s of the streaming
phase (median of REPEATS, in turns). The flags in use (verif/raw.py OPT_LEVEL/THREADS,
verif/runner.py for cocotb) come from this table; X flags (--x-assign/--x-initial unique) are
fixed by the X rules and not varied. Icarus has no optimisation flags to vary (iverilog -g2012,
vvp -n)."""
from __future__ import annotations

import statistics

from verif import raw

CONFIG, FRAMES, REPEATS = "small", 60, 3
VARIANTS = (  # (label, RawBuild keyword arguments)
    ("-O3, 1 thread (in use)", {}),
    ("-O0", {"opt_level": "-O0"}),
    ("-O3 --threads 2", {"threads": 2}),
    ("-O3, OPT_FAST=-O2", {"opt_fast": "-O2"}),
)


def main() -> dict:
    builds = {label: raw.RawBuild(CONFIG, **kw) for label, kw in VARIANTS}
    for b in builds.values():
        raw.build(b, log=lambda s: None)
    speeds = {label: [] for label in builds}
    for _ in range(REPEATS):
        for label, b in builds.items():
            r = raw.run(CONFIG, FRAMES, 1, build_opts=b, log=lambda s: None,
                        folder=raw.runner.BUILD_ROOT / "runs" / "bench" / f"flags-{b.dir.name}")
            speeds[label].append(r.cycles_per_s)
    rows = []
    base = statistics.median(speeds[VARIANTS[0][0]])
    print(f"raw harness, CONFIG={CONFIG}, {FRAMES} frames, median of {REPEATS}")
    for label, v in speeds.items():
        m = statistics.median(v)
        rows.append({"flags": label, "cycles_per_s": round(m, 1), "relative": round(m / base, 3)})
        print(f"  {label:<26} {m:>11,.0f} cycles/s  {m / base:>5.2f}x")
    return {"config": CONFIG, "frames": FRAMES, "rows": rows}
