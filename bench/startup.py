"""Wall time of one short run, where the fixed cost of a run decides how many seeds a nightly
budget affords: `python -m verif.run sim --config tiny` (HcgsSmokeTest, a few frames, its
build in place) per simulator, with the simulator's Python rewriting the assertions of the
cocotb test modules only (verif.runner.REWRITE_ASSERTION_FILES, in use) and of every module
it imports (cocotb's default, "*.py"). Median of REPEATS runs taken in turns, and each run's
own figure for the test itself (cocotb's REAL TIME), so that what is left is the start-up.
With --before DIR, the same command in another checkout (its own settings) in the same turns."""
from __future__ import annotations

import os
import re
import statistics
from pathlib import Path

from verif import runner

from .speed import timed_sim

ROOT = Path(__file__).resolve().parents[1]
SIMS = ("verilator", "icarus")
REPEATS = 5
VARIANTS = (("test modules (in use)", runner.REWRITE_ASSERTION_FILES), ("every module (cocotb default)", "*.py"))
REAL_RE = re.compile(r"\*\* TESTS=\d+ PASS=\d+ FAIL=0 SKIP=\d+\s+\S+\s+(\S+)")


def one(sim: str, rewrite: str | None, root: Path = ROOT) -> tuple[float, float]:
    """(wall seconds of the whole command, seconds of the test itself) in checkout `root`;
    `rewrite` None: the checkout's own setting."""
    env = {k: v for k, v in os.environ.items() if k != "COCOTB_REWRITE_ASSERTION_FILES"}
    if rewrite is not None:
        env["COCOTB_REWRITE_ASSERTION_FILES"] = rewrite
    wall, folder = timed_sim(root, ["--sim", sim, "--config", "tiny", "--seed", "1"], env)
    real = REAL_RE.search((folder / "sim.log").read_text())
    return wall, float(real.group(1)) if real else float("nan")


def main(repeats: int = REPEATS, before: str | None = None) -> dict:
    variants = [(label, rewrite, ROOT) for label, rewrite in VARIANTS]
    if before:
        variants.append((f"before ({Path(before).name})", None, Path(before)))
    for sim in SIMS:                 # builds (and caches) outside the timed runs
        for _, rewrite, root in variants:
            one(sim, rewrite, root)
    runs = {(sim, label): [] for sim in SIMS for label, _, _ in variants}
    for _ in range(repeats):
        for sim in SIMS:
            for label, rewrite, root in variants:
                runs[(sim, label)].append(one(sim, rewrite, root))
    rows = []
    print(f"one run of `python -m verif.run sim --config tiny` (build in place), median of {repeats} in turns")
    print(f"  {'sim':<10} {'assertion rewriting':<32} {'wall s':>7} {'test s':>7} {'rest s':>7}")
    for (sim, label), v in runs.items():
        wall = statistics.median(w for w, _ in v)
        test = statistics.median(t for _, t in v)
        rows.append({"sim": sim, "rewrite": label, "wall_s": round(wall, 2), "test_s": round(test, 2)})
        print(f"  {sim:<10} {label:<32} {wall:>7.2f} {test:>7.2f} {wall - test:>7.2f}")
    for sim in SIMS:
        wall = {r["rewrite"]: r["wall_s"] for r in rows if r["sim"] == sim}
        now = wall[VARIANTS[0][0]]
        print(f"  {sim}: " + ", ".join(f"{w / now:.2f}x runs per hour against {lab}" for lab, w in wall.items()
                                      if lab != VARIANTS[0][0]))
    return {"repeats": repeats, "rows": rows}
