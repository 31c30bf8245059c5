"""RTL through the simulators: cycles per frame against the ideal (kept weights / LANES),
MAC utilisation from the performance counters, and simulation speed (simulated cycles per
second of the streaming phase) on Icarus and Verilator. Runs the pyuvm smoke test with a
fixed seed; the first run of a configuration includes its (cached) build."""
from __future__ import annotations

import time

from golden.config import preset
from verif import run as vrun

CASES = (  # (simulator, CONFIG, frames)
    ("icarus", "tiny", 8),
    ("verilator", "tiny", 8),
    ("icarus", "small", 4),
    ("verilator", "small", 8),
    ("verilator", "timit", 3),
)
SEED = 1


def main() -> None:
    print(f"{'sim':<10} {'config':<6} {'frames':>6} {'cyc/frame':>10} {'ideal':>7} {'of ideal':>8} "
          f"{'MAC util':>8} {'stream cyc/s':>12} {'wall s':>7}")
    for sim, cfg, frames in CASES:
        folder = vrun.RUNS / "bench" / f"{sim}-{cfg}"
        t0 = time.time()
        _, perf, _ = vrun.simulate(sim, cfg, "HcgsSmokeTest", SEED, frames=frames, folder=folder,
                                   knobs={"seq_kind": "one", "load": "back"})
        wall = time.time() - t0
        c = perf["counters"]
        busy = c["CNT_BUSY"] / perf["frames"]
        ideal = perf["ideal_cycles_per_frame"]
        util = c["CNT_MAC"] / c["CNT_BUSY"] if c["CNT_BUSY"] else 0.0
        speed = perf["stream_cycles"] / perf["stream_wall_s"]
        print(f"{sim:<10} {cfg:<6} {perf['frames']:>6} {busy:>10,.0f} {ideal:>7,.0f} {ideal / busy:>8.1%} "
              f"{util:>8.1%} {speed:>12,.0f} {wall:>7.1f}", flush=True)
    print(f"(LANES: {', '.join(f'{n}={preset(n).hw.lanes}' for n in ('tiny', 'small', 'timit'))}; "
          f"seed {SEED}; one sequence per run, back-door loaded)")
