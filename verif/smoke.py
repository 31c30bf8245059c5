"""`make smoke`: the quick "did I break anything" command.

    python -m verif.smoke --sim icarus|verilator [--config tiny,mid] [--level smoke] [--jobs J]

Runs the level's planned runs (verif/testplan.yaml, base seed 1) for one simulator, JOBS at
a time, one build per configuration (built once before the runs start), through the
regression engine's run_one (Verilator runs use the code-coverage build, so every run
leaves its coverage.dat). Without --config it runs every configuration the level plans for
that simulator, plus the runs of any configuration the level plans only on the other one:
at the smoke level tiny (16 lanes, 2 layers) and mid (64 lanes, 3 layers), whose union
reaches every line of hdl/. Exits non-zero when any run fails, printing the
command that replays each failure. `make mutate` reuses run_set() for its baseline.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import sys
import time
from dataclasses import replace
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from golden.config import PRESETS

from . import regress, runner, testlist


def runs_for(level: str, sim: str, configs: list[str] | None = None, base: int = 1,
             every_config: bool = True) -> list[regress.Run]:
    """The level's planned runs for one simulator (optionally only some configurations).
    `every_config`: a configuration the level plans only on the other simulator (mid is
    Verilator-only in the plan) gets those runs on this one too, so the union of the
    configurations still reaches every line of hdl/ (must-fail runs excepted: one simulator
    proves those)."""
    planned = regress.planned_runs(level, base)
    runs = [r for r in planned if r.sim == sim]
    if every_config:
        mine = {r.config for r in runs}
        extra = {replace(r, sim=sim) for r in planned if r.config not in mine and not r.expect_fail}
        runs += sorted(extra, key=lambda r: (r.config, r.test, r.seed))
    if configs:
        bad = [c for c in configs if c not in PRESETS]
        if bad:
            raise SystemExit(f"CONFIG={','.join(bad)}: allowed {', '.join(PRESETS)}")
        planned = {r.config for r in runs}
        missing = [c for c in configs if c not in planned]
        if missing:
            raise SystemExit(f"CONFIG={','.join(missing)}: the {level} level runs nothing on {sim} there; "
                             f"planned configurations: {', '.join(sorted(planned))}")
        runs = [r for r in runs if r.config in configs]
    return runs


def run_set(runs: list[regress.Run], out: Path, jobs: int, log=print) -> list[dict]:
    """Build each (sim, config) once, then run everything `jobs` at a time; the records."""
    if out.exists():
        shutil.rmtree(out)
    (out / "runs").mkdir(parents=True)
    regress._prebuild({(r.sim, r.config) for r in runs})
    t0 = time.time()
    records = []
    queue = list(runs)
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=mp.get_context("fork")) as pool:
        pending = set()
        while queue or pending:
            while queue and len(pending) < jobs:
                pending.add(pool.submit(regress.run_one, queue.pop(0), out))
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fu in done:
                rec = fu.result()
                records.append(rec)
                log(f"[{len(records)}/{len(runs)}] {rec['status'].upper():4s} {rec['name']} "
                    f"({rec['seconds']:.0f} s) | {time.time() - t0:.0f} s")
                if rec["status"] != "pass":
                    log(f"    {(rec['message'].splitlines() or [''])[0][:300]}\n    replay: {rec['replay']}")
    return records


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m verif.smoke", description=__doc__.splitlines()[0])
    p.add_argument("--sim", choices=runner.SIMS, required=True)
    p.add_argument("--config", default=None, help="comma-separated configurations (default: the level's)")
    p.add_argument("--level", choices=testlist.LEVELS, default="smoke")
    p.add_argument("--jobs", type=int, default=2)
    a = p.parse_args(argv)
    configs = a.config.split(",") if a.config else None
    runs = runs_for(a.level, a.sim, configs)
    out = regress.OUT_ROOT / f"make-smoke-{a.level}-{a.sim}"
    cfgs = sorted({r.config for r in runs})
    print(f"smoke: {len(runs)} runs of the {a.level} level on {a.sim}, configurations {', '.join(cfgs)}, "
          f"{a.jobs} at a time; outputs in {out}", flush=True)
    t0 = time.time()
    records = run_set(runs, out, a.jobs, log=lambda s: print(s, flush=True))
    fails = [r for r in records if r["status"] != "pass"]
    print(f"\nsmoke: {len(records)} runs, {len(fails)} failed, {(time.time() - t0) / 60:.1f} min")
    for r in fails:
        print(f"  FAIL {r['name']}: {(r['message'].splitlines() or [''])[0][:200]}\n       replay: {r['replay']}")
    return 1 if fails or not records else 0


if __name__ == "__main__":
    sys.exit(main())
