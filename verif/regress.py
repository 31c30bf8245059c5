"""`make regress`: coverage-driven regressions from the testplan (verif/testplan.yaml).

    python -m verif.regress --level smoke|nightly [--seeds N] [--shard i/n] [--budget MIN]
                            [--seed BASE] [--jobs J] [--out DIR] [--waves-on-fail N]

smoke    the planned runs with base seed 1: the same runs every time.
nightly  a fresh base seed (printed, stored in summary.json; --seed replays a night), the
         planned runs, then new seeds for the tests whose cover points still have holes,
         until the nightly goal is met or --budget minutes are spent; names the empty bins.
--seeds N    overrides every test's reseed count at the level.
--shard i/n  runs every n-th planned run starting at the i-th (the plan is sorted, so the n
             shards together make the whole plan exactly once); top-up seeds of shard i are
             drawn from their own stream, so shards never repeat a run.

Every run writes result.json beside its sim.log; Verilator runs use the code-coverage build.
A failing run's coverage is not merged. The output folder (default build/regress/<level>
[-shard-i-of-n]) gets summary.json, functional.yml and, with Verilator runs, merged.dat;
`make report` merges one or many such folders.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import covdb, runner, testlist

OUT_ROOT = runner.BUILD_ROOT / "regress"


@dataclass(frozen=True)
class Run:
    test: str
    sim: str
    config: str
    seed: int
    expect_fail: str | None = None

    @property
    def name(self) -> str:
        return f"{self.sim}-{self.config}-{self.test}-s{self.seed}"

    def replay(self) -> str:
        return runner.replay_command(sim=self.sim, config=self.config, test=self.test, seed=self.seed)


def planned_runs(level: str, base_seed: int, seeds: int | None = None) -> list[Run]:
    """The level's planned runs (test, sim, config, base + k) for k < reseed count, in the
    order they start: every test's first seed before anyone's second (the breadth that
    fills coverage comes first when a budget cuts a night short), the chip build first
    within a round (its runs are the longest), then the short directed tests."""
    runs = {Run(t.name, sim, cfg, base_seed + k, t.expect_fail)
            for t, sim, cfg, k in testlist.cases(level=level)
            if k < (seeds if seeds is not None else t.reseeds(level))}
    if seeds is not None:     # an override can raise the count above the plan's
        runs |= {Run(t.name, sim, cfg, base_seed + k, t.expect_fail)
                 for t in testlist.load().tests for sim in t.sims for cfg in t.configs(level) for k in range(seeds)}
    directed = {t.name for t in testlist.load().tests if t.module == testlist.DIRECTED}
    return sorted(runs, key=lambda r: (r.seed, r.config not in ("timit", "tedlium"), r.test not in directed,
                                       r.test, r.config, r.sim))


def parse_shard(s: str | None) -> tuple[int, int]:
    if not s:
        return 1, 1
    try:
        i, n = (int(v) for v in s.split("/"))
    except ValueError:
        raise SystemExit(f"SHARD={s!r}: expected i/n with whole numbers, e.g. 1/2") from None
    if not (n >= 1 and 1 <= i <= n):
        raise SystemExit(f"SHARD={s!r}: expected 1 <= i <= n")
    return i, n


def shard(runs: list[Run], i: int, n: int) -> list[Run]:
    return runs[i - 1::n]


def run_one(run: Run, out: Path) -> dict:
    """Simulate one run (Verilator: coverage build) in out/runs/<name>; returns its record,
    also written to result.json there. Runs in a worker process."""
    from . import run as vrun
    folder = Path(out) / "runs" / run.name
    t0 = time.time()
    status, msg = "pass", ""
    try:
        vrun.simulate(run.sim, run.config, run.test, run.seed, folder=folder, coverage=run.sim == "verilator")
        if run.expect_fail:
            status, msg = "fail", f"passed, but must fail with {run.expect_fail!r}"
    except runner.SimFailure as e:
        msg = str(e)
        if run.expect_fail and run.expect_fail in msg:
            status, msg = "pass", f"failed as it must ({run.expect_fail!r})"
        else:
            status = "fail"
    except Exception as e:      # a harness error is a failure of this run, not of the regression
        status, msg = "fail", f"{type(e).__name__}: {e}"
    folder.mkdir(parents=True, exist_ok=True)
    rec = {**asdict(run), "name": run.name, "status": status, "message": msg[:4000], "seconds": time.time() - t0,
           "replay": run.replay(), "folder": str(folder),
           # a failing run's coverage is not merged; nor is a must-fail run's (its model is corrupt)
           "coverage_ok": status == "pass" and not run.expect_fail,
           "functional": str(folder / "coverage.yml") if (folder / "coverage.yml").is_file() else None,
           "code": str(folder / "coverage.dat") if (folder / "coverage.dat").is_file() else None}
    (folder / "result.json").write_text(json.dumps(rec, indent=1))
    return rec


def read_records(dirs) -> list[dict]:
    """Every run record under the folders; paths taken from where the record lies now (a
    shard's outputs may have been downloaded to another machine)."""
    out = []
    for d in dirs:
        for f in sorted(Path(d).glob("runs/*/result.json")):
            r = json.loads(f.read_text())
            r["folder"] = str(f.parent)
            for key, name in (("functional", "coverage.yml"), ("code", "coverage.dat")):
                r[key] = str(f.parent / name) if (f.parent / name).is_file() else None
            out.append(r)
    return out


def functional(records) -> covdb.Hits:
    return covdb.merge([r["functional"] for r in records if r["coverage_ok"] and r.get("functional")
                        and Path(r["functional"]).is_file()])


def merge_code(records, dst: Path) -> Path | None:
    """verilator_coverage --write of the passing runs' coverage.dat into dst; None without any."""
    from .cov import merge_dat
    dats = [r["code"] for r in records if r["coverage_ok"] and r.get("code") and Path(r["code"]).is_file()]
    return merge_dat(dats, dst) if dats else None


def level_configs(records, level: str) -> set[str]:
    return {r["config"] for r in records} or testlist.load().level_configs(level)


def status_line(records, hits: covdb.Hits, plan, level: str) -> str:
    """Progress: failures so far and the functional coverage of `hits` (the passing runs merged)."""
    s = covdb.summarise(hits, plan, level_configs(records, level))
    fails = sum(r["status"] != "pass" for r in records)
    return f"failures {fails}, functional {s.pct:.1f}% ({s.hit}/{s.total} bins)"


def _topups(holes_points: set[str], plan, level: str, sims: set[str], rng: np.random.Generator, n: int,
            used: set[str]) -> list[Run]:
    """n new runs of tests whose testpoints measure a cover point with holes."""
    cands = [(t, sim, cfg) for t in plan.tests if not t.expect_fail and any(t.name in plan.tests_measuring(p)
                                                                           for p in holes_points)
             for cfg in t.configs(level) for sim in t.sims
             if sim in sims and sim in plan.level_sims(level).get(cfg, t.sims)]
    out = []
    while cands and len(out) < n:
        t, sim, cfg = cands[int(rng.integers(len(cands)))]
        r = Run(t.name, sim, cfg, int(rng.integers(1, 2**31 - 1)))
        if r.name not in used:
            used.add(r.name)
            out.append(r)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m verif.regress", description=__doc__.splitlines()[0])
    p.add_argument("--level", choices=testlist.LEVELS, default="smoke")
    p.add_argument("--seeds", type=int, default=None, help="reseed count of every test (default: the plan's)")
    p.add_argument("--shard", default=None, help="i/n: run one deterministic slice")
    p.add_argument("--budget", type=float, default=None, help="minutes (nightly top-ups stop when spent)")
    p.add_argument("--seed", type=int, default=None, help="base seed (smoke: 1; nightly: fresh)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--sims", default="icarus,verilator", help="comma-separated simulators to run")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--waves-on-fail", type=int, default=3, help="rerun the first N failures with waves")
    a = p.parse_args(argv)
    plan = testlist.load()
    i, n = parse_shard(a.shard)
    sims = set(a.sims.split(","))
    if sims - set(runner.SIMS):
        raise SystemExit(f"--sims {a.sims}: allowed {', '.join(runner.SIMS)}")
    if a.seed is not None:
        base = a.seed
    elif a.level == "smoke":
        base = int(plan.levels.get("smoke", {}).get("base_seed", 1))
    else:
        base = int.from_bytes(os.urandom(4), "little") % 1_000_000 + 1
    out = a.out or OUT_ROOT / (a.level + ("" if sims == set(runner.SIMS) else "-" + "-".join(sorted(sims)))
                               + (f"-shard-{i}-of-{n}" if n > 1 else ""))
    if out.exists():
        shutil.rmtree(out)
    (out / "runs").mkdir(parents=True)
    todo = [r for r in shard(planned_runs(a.level, base, a.seeds), i, n) if r.sim in sims]
    goal = plan.goals[a.level]["functional"]
    print(f"regress: level {a.level}, base seed {base} (replay this night: --seed {base}), shard {i}/{n}, "
          f"{len(todo)} planned runs, {a.jobs} at a time"
          + (f", budget {a.budget:g} min" if a.budget else ""), flush=True)
    t0 = time.time()
    deadline = t0 + 60 * a.budget if a.budget else None
    _prebuild({(r.sim, r.config) for r in todo})
    rng = np.random.default_rng([base, i, n])
    used = {r.name for r in todo}
    records: list[dict] = []
    hits: covdb.Hits = {}       # the passing runs' functional coverage, merged as each run ends
    topups = 0
    queue = list(todo)
    with ProcessPoolExecutor(max_workers=a.jobs, mp_context=mp.get_context("fork")) as pool:
        pending = set()
        while queue or pending:
            while queue and len(pending) < a.jobs and not (deadline and time.time() > deadline):
                pending.add(pool.submit(run_one, queue.pop(0), out))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fu in done:
                rec = fu.result()
                records.append(rec)
                hits = covdb.merge([hits, functional([rec])])     # each run's YAML read once
                total = len(todo) + topups
                print(f"[{len(records)}/{total}] {rec['status'].upper():4s} {rec['name']} ({rec['seconds']:.0f} s) | "
                      f"{status_line(records, hits, plan, a.level)} | {time.time() - t0:.0f} s", flush=True)
                if rec["status"] != "pass":
                    print(f"    {rec['message'].splitlines()[0] if rec['message'] else ''}\n    replay: {rec['replay']}",
                          flush=True)
            if a.level == "nightly" and not queue and len(pending) < a.jobs and not (deadline and time.time() > deadline):
                s = covdb.summarise(hits, plan, level_configs(records, a.level))
                if s.pct < goal:
                    new = _topups({p.name for p in s.points if p.holes}, plan, a.level, sims, rng,
                                  a.jobs - len(pending), used)
                    topups += len(new)
                    queue.extend(new)
    wall = time.time() - t0
    if deadline and len(records) < len(todo):
        print(f"regress: budget spent before {len(todo) - len(records)} planned run(s) could start")
    return finish(out, records, plan, a.level, base, (i, n), wall, a.waves_on_fail)


def _prebuild(keys) -> None:
    """Compile each (sim, config) once here, not in every worker at the same time."""
    from . import run as vrun
    for sim, cfg in sorted(keys):
        runner.build(vrun.build_for(sim, cfg, coverage=sim == "verilator"))


def finish(out: Path, records, plan, level: str, base: int, shard_: tuple[int, int], wall: float,
           waves_on_fail: int = 0, tally: bool = True) -> int:
    """Merge, write summary.json / functional.yml / merged.dat, print the holes; exit code."""
    hits = functional(records)
    covdb.dump(hits, out / "functional.yml")
    dat = merge_code(records, out / "merged.dat")
    s = covdb.summarise(hits, plan, level_configs(records, level))
    illegal = []
    for r in records:
        if r["coverage_ok"] and r.get("functional"):
            bad = covdb.illegal_hits(covdb.load_yaml(r["functional"]), plan)
            if bad:
                r["status"] = "fail"
                r["message"] = "illegal coverage bin hit: " + "; ".join(bad)
                illegal += [f"{r['name']}: {b}" for b in bad]
                Path(r["folder"], "result.json").write_text(json.dumps(r, indent=1))
    fails = [r for r in records if r["status"] != "pass"]
    line = toggle = None
    if dat:
        from .cov import totals
        line, toggle = totals(dat)
    summary = {"level": level, "base_seed": base, "shard": list(shard_), "wall_s": wall, "runs": len(records),
               "failed": len(fails), "functional_pct": s.pct, "functional_hit": s.hit, "functional_total": s.total,
               "line_pct": line, "toggle_pct": toggle,
               "goal": plan.goals[level], "holes": s.holes(), "merged_dat": str(dat) if dat else None}
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    print(f"\nregress: {len(records)} runs, {len(fails)} failed" + (f", {wall / 60:.1f} min" if wall else "")
          + f"; base seed {base}")
    for r in fails:
        print(f"  FAIL {r['name']}: {(r['message'].splitlines() or [''])[0][:200]}\n       replay: {r['replay']}")
    for b in illegal:
        print(f"  ILLEGAL {b}")
    if s.holes():
        print("  empty bins: " + ", ".join(s.holes()))
    if fails and waves_on_fail:
        _rerun_with_waves(fails, waves_on_fail)
    short = [] if shard_[1] > 1 else goal_misses(plan.goals[level], s.pct, line, toggle)
    for m in short:
        print(f"  GOAL {m}")
    if shard_[1] > 1:
        print("(one shard: goals are checked on the merged shards by make report)")
    print(coverage_line(s.pct, plan.goals[level], line, toggle))
    if tally:
        print(f"{len(records) - len(fails)} passed, {len(fails)} failed")
    return 1 if fails or short else 0


def goal_misses(goal: dict, functional_pct: float, line: float | None, toggle: float | None) -> list[str]:
    """What falls short of a level's goals (code coverage only where Verilator ran)."""
    out = []
    if functional_pct + 1e-9 < goal["functional"]:
        out.append(f"functional coverage {functional_pct:.1f}% below the goal {goal['functional']}%")
    if line is not None and line + 1e-9 < goal["line"]:
        out.append(f"line coverage {line:.1f}% below the goal {goal['line']}%")
    if toggle is not None and toggle + 1e-9 < goal["toggle"]:
        out.append(f"toggle coverage {toggle:.1f}% below the goal {goal['toggle']}%")
    return out


def coverage_line(functional_pct: float, goal: dict, line: float | None, toggle: float | None) -> str:
    of_goal = 100.0 * functional_pct / goal["functional"] if goal["functional"] else 100.0
    fmt = lambda v: "-" if v is None else f"{v:.1f}%"
    return f"functional coverage: {of_goal:.1f}% of goal, line {fmt(line)}, toggle {fmt(toggle)}"


def _rerun_with_waves(fails, n: int) -> None:
    """The first n failures again with waves (verif.repro, when present)."""
    try:
        from . import repro
    except ImportError:
        return
    fn = getattr(repro, "rerun_with_waves", None)
    if fn:
        fn([Path(r["folder"]) for r in fails], n)


if __name__ == "__main__":
    sys.exit(main())
