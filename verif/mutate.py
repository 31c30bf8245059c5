"""`make mutate`: how many RTL bugs does the suite catch? Mutation testing of hdl/*.sv.

    python -m verif.mutate [--level smoke|nightly] [--n N] [--seed S] [--modules mac,fifo]
                           [--sim verilator|icarus] [--jobs J]

1. Baseline: the level's planned Verilator runs (make smoke's run_set, code-coverage build,
   base seed 1), reused while the RTL, tests and plan are unchanged. Each run's coverage.dat
   says which lines of hdl/*.sv it executed (verif.cov.summarise); runs that fail unmutated
   are never used to kill a mutant.
2. Mutants: verif.mutants makes them on pyslang's syntax tree; --n of them drawn with --seed
   (same seed, same mutants); ids listed in verif/mutants_equivalent.yaml are excused.
3. Per mutant, in a scratch copy of hdl/ under build/mutate/work/ (the worktree's hdl/ is never
   touched): verilator --lint-only (errors only; a mutant that does not lint or build is
   discarded and counted apart), then only the runs that executed the mutated line (its
   statement's lines when the line itself carries no coverage point), on their
   configurations (only those whose elaboration instantiates the mutated generate block),
   most active first, each on a build of the mutant of its own; the first failing
   run kills it. A run past its wall-clock budget is killed and reported as a hang (a defect
   of the suite: the watchdogs must fire first), not as a kill. No run executes the line:
   'uncovered'. The scratch folder is removed afterwards.
4. Report: score per module and overall, survivors (file, line, diff), uncovered mutants,
   hangs, wall time and time per mutant, in the terminal and in build/mutate/report.json
   (make report shows it); the last line is
       mutation score: K/N = X% (E equivalent, U uncovered)
   N counts every valid non-equivalent mutant (uncovered and hangs count as not killed).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import yaml

from golden.config import HwConfig, preset

from . import formal, regress, runner, smoke
from . import mutants as M

OUT = runner.BUILD_ROOT / "mutate"
EQUIV_FILE = runner.ROOT / "verif" / "mutants_equivalent.yaml"
TOP = "hcgs_lstm_top"
STATUSES = ("killed", "survived", "uncovered", "hang", "equivalent", "invalid")


# ------------------------------------------------------------------ equivalent mutants
def load_equivalent(path: Path = EQUIV_FILE) -> dict[str, str]:
    """{mutant id: reason} from verif/mutants_equivalent.yaml (a list of {id, reason})."""
    if not path.is_file():
        return {}
    doc = yaml.safe_load(path.read_text()) or []
    if not isinstance(doc, list):
        raise ValueError(f"{path.name}: expected a list of {{id: ..., reason: ...}}")
    out = {}
    for i, e in enumerate(doc):
        if not isinstance(e, dict) or not e.get("id") or not str(e.get("reason", "")).strip():
            raise ValueError(f"{path.name}: entry {i + 1} needs an id and a non-empty reason, got {e!r}")
        out[str(e["id"])] = str(e["reason"])
    return out


# ------------------------------------------------------------------ baseline and coverage
def _hash_files(files) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.relative_to(runner.ROOT)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _stamp() -> str:
    """What every run's outcome depends on: the RTL, the testbench, the environment, the model,
    the harness (a run's own test module and plan entry are added by _run_stamp)."""
    root = runner.ROOT
    return _hash_files(sorted([*root.glob("hdl/**/*.sv"), *root.glob("verif/tb/*"), *root.glob("verif/bfm/*.py"),
                               *root.glob("verif/uvm/*.py"), *root.glob("golden/*.py"),
                               *(root / "verif" / "tests" / n for n in ("common.py", "harness.py", "__init__.py")),
                               *(root / "verif" / n for n in ("runner.py", "run.py", "regress.py", "testlist.py"))]))


def _formal_stamp() -> str:
    """What a proof's outcome depends on besides the RTL: the harnesses and their scripts."""
    return _hash_files(sorted([*formal.FORMAL.glob("*.sv"), *formal.FORMAL.glob("*.sby"),
                               runner.ROOT / "verif" / "formal.py"]))


def _run_stamp(common: str, test: str) -> str:
    """One baseline run's stamp: the common stamp, its test's module file and its plan entry
    (a test added to one module re-runs that module's runs only, not the whole level)."""
    from . import testlist
    e = next(t for t in testlist.load().tests if t.name == test)
    mod = runner.ROOT / (e.module.replace(".", "/") + ".py")
    return hashlib.sha256((common + _hash_files([mod]) + repr(e)).encode()).hexdigest()


def baseline(level: str, jobs: int, log=print) -> list[dict]:
    """The level's Verilator runs with code coverage. A run is reused from the last baseline
    while nothing it depends on changed (its stamp: the RTL, testbench, environment, model,
    its test module and plan entry); only the others are run again."""
    out = OUT / f"baseline-{level}"
    common = _stamp()
    runs = smoke.runs_for(level, "verilator", every_config=False)
    runs = [r for r in runs if not r.expect_fail]       # a must-fail run cannot kill anything
    stamps = {r.name: _run_stamp(common, r.test) for r in runs}
    keep = {}
    for rec in regress.read_records([out]) if (out / "runs").is_dir() else []:
        sf = Path(rec["folder"]) / "stamp"
        if rec["name"] in stamps and sf.is_file() and sf.read_text() == stamps[rec["name"]]:
            keep[rec["name"]] = rec
    todo = [r for r in runs if r.name not in keep]
    if not todo:
        log(f"mutate: baseline of the {level} level reused ({len(keep)} Verilator runs in {out})")
        return [_with_stamp(keep[r.name]) for r in runs]
    log(f"mutate: baseline: {len(todo)} Verilator runs of the {level} level with code coverage"
        + (f" ({len(keep)} reused)" if keep else ""))
    fresh = out.with_name(out.name + ".new")
    smoke.run_set(todo, fresh, jobs, log=log)
    (out / "runs").mkdir(parents=True, exist_ok=True)
    for d in (out / "runs").iterdir():          # runs no longer planned or out of date
        if d.name not in keep:
            shutil.rmtree(d)
    for r in todo:
        src = fresh / "runs" / r.name
        if src.is_dir():
            (src / "stamp").write_text(stamps[r.name])
            shutil.move(str(src), str(out / "runs" / r.name))
    shutil.rmtree(fresh, ignore_errors=True)
    recs = {rec["name"]: rec for rec in regress.read_records([out])}
    return [_with_stamp(recs[r.name]) for r in runs if r.name in recs]


def _with_stamp(rec: dict) -> dict:
    sf = Path(rec["folder"]) / "stamp"
    return {**rec, "stamp": sf.read_text() if sf.is_file() else None}


def executed_lines(dat: Path) -> dict[str, dict[int, int]]:
    """{hdl file name: {line: count}} of one coverage.dat, where a line's count is the largest
    of its line and branch points: a line ran when any of them counted (coverage reports take
    the smallest, "every branch taken"; a mutant of `c ? a : b` matters whenever it is
    evaluated, whichever way it goes)."""
    from .cov import _lines_of, read_points
    hdl = {p.name for p in M.HDL.glob("*.sv")}
    out: dict[str, dict[int, int]] = {}
    for keys, count in read_points(dat):
        f = Path(keys.get("f", ""))
        if keys.get("t") not in ("line", "branch") or f.name not in hdl or f.parent.name != "hdl":
            continue
        d = out.setdefault(f.name, {})
        for ln in _lines_of(keys):
            d[ln] = max(d.get(ln, 0), count)
    return out


def line_hits(records) -> dict[str, dict[str, dict[int, int]]]:
    """{run name: {hdl file name: {line: count}}} from each passing run's coverage.dat."""
    return {r["name"]: executed_lines(Path(r["code"])) for r in records if r["status"] == "pass" and r.get("code")}


def covering_runs(m: M.Mutant, hits) -> tuple[list[str], str]:
    """The runs that execute the mutant's line (how they were chosen)."""
    on_line = [r for r, f in hits.items() if f.get(m.file, {}).get(m.line, 0) > 0]
    if on_line or any(m.line in f.get(m.file, {}) for f in hits.values()):
        return on_line, "line"
    span = range(m.stmt_line, m.end_line + 1)
    in_stmt = [r for r, f in hits.items() if any(f.get(m.file, {}).get(ln, 0) > 0 for ln in span)]
    if in_stmt or any(ln in f.get(m.file, {}) for f in hits.values() for ln in span):
        return in_stmt, "statement"
    # no coverage point on the statement (a continuous assignment): every run in which the
    # module executed anything
    mod = [r for r, f in hits.items() if any(c > 0 for c in f.get(m.file, {}).values())]
    if mod or any(f.get(m.file) for f in hits.values()):
        return mod, "module"
    # a module with no line point at all (the top's wiring and glue): every run
    return list(hits), "design"


#: SIM=auto: the configurations whose mutant runs go to Icarus (a build in a second, and a
#: 64-wide design runs about as fast as on Verilator, whose C++ build takes a minute or two);
#: larger builds run several times slower on Icarus, so Verilator builds them
AUTO_ICARUS_MAX_H = 64


def sim_for(sim: str, config: str) -> str:
    """The simulator of a mutant's runs on `config` (SIM=auto: Icarus up to 64 wide)."""
    if sim != "auto":
        return sim
    return "icarus" if preset(config).hw.max_h <= AUTO_ICARUS_MAX_H else "verilator"


def run_cost(rec: dict, hits, sim: str) -> float:
    """What a covering run costs on `sim`: its baseline seconds on Verilator (mostly the
    harness's fixed cost); on Icarus, whose time follows the simulated events, the number of
    line executions its coverage counted in hdl/ (a chip-size run is hundreds of times a
    tiny one's)."""
    if sim_for(sim, rec["config"]) == "verilator":
        return rec["seconds"]
    # start-up plus line executions, scaled to about seconds of an Icarus run
    return ICARUS_START_S + float(sum(sum(f.values()) for f in hits[rec["name"]].values())) / ICARUS_LINES_PER_S


#: Icarus speed in Verilator line-coverage counts per second and a run's fixed start-up
#: (tiny HcgsSmokeTest: 4.8M counts, about 10 s); only the order of runs depends on them
ICARUS_LINES_PER_S = 5e5
ICARUS_START_S = 6.0


#: what building a mutant for one more configuration costs, in seconds of a run (Verilator:
#: a C++ compile of about a minute on 2 shared cores; Icarus: nothing to speak of)
BUILD_COST = {"verilator": 60.0, "icarus": 0.5}


def kills_by_test() -> dict[str, int]:
    """How many kept verdicts (any simulator) each test delivered: the prior of which test
    kills (a campaign learns from the ones before it)."""
    out: dict[str, int] = {}
    for f in OUT.glob("verdicts-*/*.json"):
        r = json.loads(f.read_text())["result"]
        if r["status"] == "killed" and r.get("by"):
            t = r["by"].split(" (")[0]
            out[t] = out.get(t, 0) + 1
    return out


def order_runs(m: M.Mutant, runs: list[dict], hits, sim: str, prior: dict[str, int] | None = None) -> list[dict]:
    """The order in which a mutant's covering runs are tried (the first failure kills it, so
    what matters is how soon a killing run comes; a survivor runs them all anyway). First
    one run of every test, then the other runs; each time the cheapest next run counting
    the build of its configuration when no earlier run needed it, runs that execute the
    mutated line itself before those that only execute its statement or module, and the
    least cost per execution of the mutated module's lines first, except that the tests with
    the most kills in earlier campaigns (`prior`) come first; of a test, its cheapest run.
    Different tests check
    different things, while a test's other configurations and seeds seldom fail where its
    first passed."""
    prior = prior or {}
    def on_line(r):
        return hits[r["name"]].get(m.file, {}).get(m.line, 0) > 0
    cost = {r["name"]: run_cost(r, hits, sim) for r in runs}
    # how much a run exercises the mutated module (its line executions): a run that drives
    # more of it is likelier to carry the mutant's effect to a check; cost per activity, least first
    breadth = {r["name"]: 1 + sum(hits[r["name"]].get(m.file, {}).values()) for r in runs}
    built, seen, out = set(), set(), []
    rest = list(runs)

    def price(r):           # its cost, with a build when its configuration is new on its simulator
        return cost[r["name"]] + (0 if r["config"] in built else BUILD_COST[sim_for(sim, r["config"])])
    while rest:
        fresh = [r for r in rest if r["test"] not in seen]
        if fresh:           # the next test: executes the line, kills most, most activity per cost...
            best = min(fresh, key=lambda r: (not on_line(r), -prior.get(r["test"], 0),
                                             price(r) / breadth[r["name"]], r["name"]))
            # ... and that test's cheapest run
            r = min((x for x in fresh if x["test"] == best["test"] and on_line(x) == on_line(best)),
                    key=lambda x: (price(x), x["name"]))
        else:
            r = min(rest, key=lambda r: (not on_line(r), price(r), r["name"]))
        out.append(r)
        rest.remove(r)
        seen.add(r["test"])
        built.add(r["config"])
    return out


# ------------------------------------------------------------------ one mutant
@dataclass(frozen=True)
class MutantBuild(runner.Build):
    """A build of a mutant's scratch hdl/: its own folder (and lock) under the scratch folder."""
    root: Path = OUT

    @property
    def name(self) -> str:
        return f"{self.sim}-{'-'.join(f'{k}{v}' for k, v in self.parameters)}"

    @property
    def dir(self) -> Path:
        return self.root / self.name


def scratch_sources(hdl: Path) -> list[Path]:
    gen = hdl / "gen"
    pkg = gen / "hcgs_pkg.sv"
    return [pkg, *sorted(p for p in gen.glob("*.sv") if p != pkg), *sorted(hdl.glob("*.sv"))]


def make_scratch(m: M.Mutant | None, work: Path) -> Path:
    """work/hdl: a copy of hdl/*.sv and hdl/gen with the mutant applied (None: unmutated)."""
    if work.exists():
        shutil.rmtree(work)
    hdl = work / "hdl"
    (hdl / "gen").mkdir(parents=True)
    for p in M.HDL.glob("*.sv"):
        shutil.copy2(p, hdl / p.name)
    for p in (M.HDL / "gen").glob("*.sv"):
        shutil.copy2(p, hdl / "gen" / p.name)
    if m is not None:
        dst = hdl / m.file
        dst.write_bytes(m.apply(dst.read_bytes()))
    return hdl


def control_passes(r: dict, sim: str) -> tuple[bool, str]:
    """Does baseline run `r` pass unmutated on `sim`? The baseline ran on Verilator; a mutant
    simulated on Icarus is only killed by a run that passes there unmutated. Run once per
    run name (a lock and a cached answer under build/mutate/control-<sim>/)."""
    if sim == "verilator":
        return True, ""
    o = control(r, sim)
    return o["status"] == "pass", o.get("message", "")


def control(r: dict, sim: str) -> dict:
    """Baseline run `r` unmutated on `sim` (not Verilator): its outcome and wall seconds, cached."""
    import fcntl
    ctl = OUT / f"control-{sim}"
    ctl.mkdir(parents=True, exist_ok=True)
    with open(ctl / ".lock", "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        hdl = ctl / "src" / "hdl"
        if not (ctl / "stamp").is_file() or (ctl / "stamp").read_text() != _stamp():
            shutil.rmtree(ctl / "runs", ignore_errors=True)
            make_scratch(None, ctl / "src")
            (ctl / "stamp").write_text(_stamp())
    cache = ctl / "runs" / r["name"] / "outcome.json"
    with open(ctl / f".{r['name']}.lock", "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        if not cache.is_file():
            _child(["--_build", json.dumps({"hdl": str(hdl), "sim": sim, "config": r["config"]})], 1800)
            t0 = time.time()
            _child(["--_run", json.dumps({"hdl": str(hdl), "sim": sim, "config": r["config"], "test": r["test"],
                                          "seed": r["seed"], "folder": str(cache.parent)})], 3600)
            if cache.is_file():
                cache.write_text(json.dumps({**json.loads(cache.read_text()), "seconds": time.time() - t0}))
        o = json.loads(cache.read_text()) if cache.is_file() else {"status": "fail", "message": "no outcome"}
    return o


def lint(hdl: Path, config: str) -> str | None:
    """verilator --lint-only of the scratch RTL with `config`'s parameters, then make lint's
    latch rule: None or the errors (the mutant is then discarded, counted apart)."""
    params = preset(config).hw.verilog_params()
    cmd = [shutil.which("verilator") or "verilator", "--lint-only", "-Wno-fatal", "-Wno-WIDTHEXPAND",
           "-Wno-WIDTHTRUNC", "--top-module", TOP, "-Mdir", str(hdl.parent / "lint"),
           *[f"-G{k}={v}" for k, v in params.items()], *map(str, scratch_sources(hdl))]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        errs = [ln for ln in (r.stdout + r.stderr).splitlines() if ln.startswith("%Error")]
        return "\n".join(errs[:5]) or (r.stdout + r.stderr)[-1000:]
    # make lint's latch rule: a mutant whose always_comb leaves a path unassigned (a dropped
    # default) is a latch, which make lint and make synth refuse; in simulation it behaves as
    # if the variable held its value, so no run can tell
    # (checked with the chip build's parameters too: whether a partial case is a latch can
    # depend on a width, e.g. a layer index with values beyond MAX_LAYERS)
    from verif import lint as project_lint
    chip = HwConfig().verilog_params()
    for p in ([params] if params == chip else [params, chip]):
        ok, out = project_lint.latches(p, scratch_sources(hdl))
        if not ok:
            return f"infers a latch (make lint): {out[:500]}"
    return None


def _run_child(spec: dict) -> int:
    """In a subprocess of its own: one run of a mutant build; writes outcome.json."""
    from . import run as vrun
    hdl = Path(spec["hdl"])
    params = tuple(preset(spec["config"]).hw.verilog_params().items())
    b = MutantBuild(spec["sim"], vrun.TOPLEVEL, params, sources=tuple(scratch_sources(hdl) + runner.tb_sources()),
                    root=hdl.parent)
    folder = Path(spec["folder"])
    try:
        # no probe-trace rerun after a scoreboard failure: a kill needs the failure, not its diagnosis
        vrun.simulate(spec["sim"], spec["config"], spec["test"], spec["seed"], folder=folder, build=b, trace=False)
        res = {"status": "pass", "message": ""}
    except runner.SimFailure as e:
        res = {"status": "fail", "message": str(e)[:3000]}
    except Exception as e:
        res = {"status": "fail", "message": f"{type(e).__name__}: {e}"[:3000]}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "outcome.json").write_text(json.dumps(res))
    return 0


def _build_child(spec: dict) -> int:
    """In a subprocess: build the mutant for one configuration; exit 1 with the log tail."""
    from . import run as vrun
    hdl = Path(spec["hdl"])
    params = tuple(preset(spec["config"]).hw.verilog_params().items())
    b = MutantBuild(spec["sim"], vrun.TOPLEVEL, params, sources=tuple(scratch_sources(hdl) + runner.tb_sources()),
                    root=hdl.parent)
    if spec["sim"] == "verilator":
        # a mutant build serves a few runs of seconds each: its C++ is compiled unoptimised
        # (the build is most of a killed mutant's time; the runs are mostly Python)
        os.environ["MAKEFLAGS"] = (os.environ.get("MAKEFLAGS", "") + " OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0").strip()
    try:
        runner.build(b, log=lambda s: None)
    except runner.SimFailure as e:
        print(str(e)[-2000:])
        return 1
    return 0


def _child(args: list[str], timeout: float, prog: list[str] | None = None) -> tuple[int | None, str]:
    """python -m verif.mutate <args> (or `prog`) in its own process group; returns (exit code,
    output), or (None, "") when it ran past `timeout` seconds (the whole group is killed:
    cocotb's simulator is a child of the child)."""
    cmd = prog or [sys.executable, "-m", "verif.mutate", *args]
    p = subprocess.Popen(cmd, cwd=runner.ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None, ""
    finally:        # stopped ourselves (SIGTERM, Ctrl-C): take the child's session with us
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)


def evaluate(m: M.Mutant, runs: list[dict], sim: str, budget: dict[str, float], keep: bool = False) -> dict:
    """Lint, build and run one mutant against its covering runs (records of the baseline, in
    the order to try them); the scratch folder is removed afterwards unless `keep`."""
    t0 = time.time()
    work = OUT / "work" / m.id
    try:
        out = _evaluate_in(m, runs, sim, budget, work)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    out["seconds"] = time.time() - t0
    return out


def _evaluate_in(m: M.Mutant, runs: list[dict], sim: str, budget: dict[str, float], work: Path) -> dict:
    res = {"id": m.id, "file": m.file, "line": m.line, "kind": m.kind, "diff": m.diff(), "runs": []}
    hdl = make_scratch(m, work)
    configs = list(dict.fromkeys(r["config"] for r in runs)) or ["tiny"]
    err = lint(hdl, configs[0])
    if err:
        return {**res, "status": "invalid", "why": "lint: " + err.splitlines()[0][:300]}
    if not runs:
        return _formal_verdict(m, hdl, {**res, "status": "uncovered"})
    built = set()
    campaign_sim = sim
    for r in runs:
        sim = sim_for(campaign_sim, r["config"])
        if (sim, r["config"]) not in built:
            spec = json.dumps({"hdl": str(hdl), "sim": sim, "config": r["config"]})
            code, out = _child(["--_build", spec], 1800)
            if code != 0:
                return {**res, "status": "invalid", "why": "build: " + (out.strip().splitlines() or ["timeout"])[0][:300]}
            built.add((sim, r["config"]))
        folder = work / "runs" / r["name"]
        spec = json.dumps({"hdl": str(hdl), "sim": sim, "config": r["config"], "test": r["test"],
                           "seed": r["seed"], "folder": str(folder)})
        code, _ = _child(["--_run", spec], budget[r["name"]])
        if code is None and sim != "verilator":
            # the budget comes from the Verilator baseline: measure the unmutated run on this
            # simulator before calling it a hang, and give the mutant 6x that
            c = control(r, sim)
            more = max(300.0, 6 * c.get("seconds", 0.0))
            if c["status"] != "pass":
                res["runs"].append({"run": r["name"], "status": "fails-unmutated"})
                continue
            if more > budget[r["name"]]:
                shutil.rmtree(folder, ignore_errors=True)
                budget = {**budget, r["name"]: more}
                code, _ = _child(["--_run", spec], more)
        if code is None:
            res["runs"].append({"run": r["name"], "status": "hang"})
            res.update(status="hang", why=f"{r['name']} ran past its {budget[r['name']]:.0f} s budget "
                                           f"without a watchdog firing")
            return res
        oc = folder / "outcome.json"
        o = json.loads(oc.read_text()) if oc.is_file() else {"status": "fail", "message": "no outcome (crash)"}
        res["runs"].append({"run": f"{sim}-{r['config']}-{r['test']}-s{r['seed']}", "status": o["status"]})
        if o["status"] == "fail":
            ok, why = control_passes(r, sim)
            if not ok:      # the run fails on this simulator anyway: it cannot judge
                res["runs"][-1]["status"] = "fails-unmutated"
                continue
            lines = [ln for ln in o["message"].splitlines() if ln.strip() and not ln.startswith(("log:", "replay:"))]
            msg = lines[1] if len(lines) > 1 else (lines or [""])[0]     # the failing test's message
            return {**res, "status": "killed", "by": f"{r['test']} ({r['config']}, seed {r['seed']})", "why": msg[:300]}
    return _formal_verdict(m, hdl, {**res, "status": "survived"})


#: a formal kill's "by" starts with this (its cached verdict depends on the RTL, not on runs)
FORMAL_BY = "formal "


def _formal_verdict(m: M.Mutant, hdl: Path, res: dict) -> dict:
    """A mutant no simulation killed, in a module a proof of `make formal` reads (the bus
    slaves, the register file, the stream modules): the suite runs those proofs too
    (tests/formal), so a failed proof on the mutated RTL kills it."""
    for job in formal.prove_jobs_reading(m.file):
        tag = "_mut_" + hashlib.sha1(m.id.encode()).hexdigest()[:10]
        r = formal.run_job(job, tag=tag, timeout=600, hdl=hdl)
        shutil.rmtree(r.folder, ignore_errors=True)
        res["runs"].append({"run": f"formal-{job}", "status": "fail" if r.status == "FAIL" else "pass"})
        if r.status == "FAIL":
            why = next((d for d in r.detail if "failed assertion" in d), (r.detail or ["proof failed"])[0])
            return {**res, "status": "killed", "by": f"{FORMAL_BY}{job}", "why": why[:300]}
    return res


# ------------------------------------------------------------------ verdicts kept between campaigns
def _cache_file(m: M.Mutant, sim: str) -> Path:
    return OUT / f"verdicts-{sim}" / f"{m.id}.json"


def cached_verdict(m: M.Mutant, runs: list[dict], sim: str, common: str) -> dict | None:
    """A verdict of an earlier campaign that still holds: a kill while the killing run is
    still one of the mutant's covering runs with the same stamp (the same RTL, environment,
    test and plan entry: the same run, which fails the same way); a survivor or hang while
    the covering runs are the same runs with the same stamps; a discarded mutant while the
    common stamp (the RTL among it) is the same. Anything else is simulated again."""
    f = _cache_file(m, sim)
    if f.is_file():
        c = json.loads(f.read_text())
    else:
        # a verdict holds whichever simulator reached it: a kill's run passes unmutated
        # there, a survivor passed every covering run there
        others = [json.loads(g.read_text()) for g in (_cache_file(m, s) for s in (*runner.SIMS, "auto"))
                  if g.is_file()]
        if not others:
            return None
        c = others[0]
    now = {r["name"]: r.get("stamp") for r in runs}
    st = c["result"]["status"]
    if st == "killed" and c["result"].get("by", "").startswith(FORMAL_BY):
        # a proof of the same RTL with the same harnesses fails the same way
        ok = c.get("common") == common and c["deps"] == {"formal": _formal_stamp()}
    elif st == "killed":
        ok = all(now.get(n) == stp and stp for n, stp in c["deps"].items())
    elif st in ("survived", "hang"):
        ok = c["deps"] == now and all(now.values())
    elif st == "invalid":
        ok = c.get("common") == common
    else:
        ok = False
    return {**c["result"], "cached": True} if ok else None


def store_verdict(m: M.Mutant, runs: list[dict], res: dict, sim: str, common: str) -> None:
    st = res["status"]
    if st == "killed" and res.get("by", "").startswith(FORMAL_BY):
        deps = {"formal": _formal_stamp()}
    elif st == "killed":
        killer = runs[len(res["runs"]) - 1]
        deps = {killer["name"]: killer.get("stamp")}
    elif st in ("survived", "hang"):
        deps = {r["name"]: r.get("stamp") for r in runs}
    elif st == "invalid":
        deps = {}
    else:
        return
    f = _cache_file(m, sim)
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(json.dumps({"result": {k: v for k, v in res.items() if k != "cached"}, "deps": deps,
                             "common": common}))


def _evaluate(args):
    m, runs, sim, budget, keep = args
    out = evaluate(m, runs, sim, budget, keep)
    out.setdefault("seconds", 0.0)
    return out


# ------------------------------------------------------------------ report
def apply_equivalent(results: list[dict], equiv: dict[str, str]) -> list[str]:
    """Mark the results listed in verif/mutants_equivalent.yaml equivalent (also after the
    fact: --rescore); returns the contradictions, entries whose mutant a test killed."""
    wrong = []
    for r in results:
        if r["id"] in equiv:
            if r["status"] == "killed":
                wrong.append(f"{r['id']} is marked equivalent but {r.get('by', 'a run')} killed it: "
                             f"the entry is wrong ({r.get('why', '')[:120]})")
            elif r["status"] != "invalid":
                r.update(status="equivalent", why=equiv[r["id"]])
    return wrong


def summarise(results: list[dict]) -> dict:
    per = {}
    for r in results:
        d = per.setdefault(r["file"], {s: 0 for s in STATUSES})
        d[r["status"]] += 1
    tot = {s: sum(d[s] for d in per.values()) for s in STATUSES}
    for d in [*per.values(), tot]:
        d["scored"] = d["killed"] + d["survived"] + d["uncovered"] + d["hang"]
        d["score_pct"] = 100.0 * d["killed"] / d["scored"] if d["scored"] else None
    return {"modules": dict(sorted(per.items())), "total": tot}


def score_line(tot: dict) -> str:
    pct = tot["score_pct"] if tot["score_pct"] is not None else 0.0
    return (f"mutation score: {tot['killed']}/{tot['scored']} = {pct:.1f}% "
            f"({tot['equivalent']} equivalent, {tot['uncovered']} uncovered)")


def print_report(rep: dict) -> None:
    s = rep["summary"]
    print(f"\n{'module':22s} {'killed':>6s} {'surv':>5s} {'uncov':>5s} {'hang':>4s} {'equiv':>5s} {'invalid':>7s} {'score':>7s}")
    for f, d in [*s["modules"].items(), ("total", s["total"])]:
        sc = "-" if d["score_pct"] is None else f"{d['score_pct']:.1f}%"
        print(f"{f:22s} {d['killed']:6d} {d['survived']:5d} {d['uncovered']:5d} {d['hang']:4d} {d['equivalent']:5d} "
              f"{d['invalid']:7d} {sc:>7s}")
    res = rep["mutants"]
    for title, st in (("survivors (no covering run failed)", "survived"), ("uncovered (no run executes the line)", "uncovered"),
                      ("hangs (a defect of the suite: no watchdog fired)", "hang")):
        items = [r for r in res if r["status"] == st]
        if items:
            print(f"\n{title}:")
            for r in items:
                extra = f"  [{len(r['runs'])} runs]" if st == "survived" else (f"  {r.get('why', '')}" if st == "hang" else "")
                print(f"  {r['id']}  {r['diff']}{extra}")
                if st == "survived":
                    print(f"      replay: {r['replay']}")
    inv = [r for r in res if r["status"] == "invalid"]
    if inv:
        print(f"\ndiscarded (do not lint or build): {len(inv)}")
        for r in inv[:10]:
            print(f"  {r['id']}  {r.get('why', '')[:160]}")
    ran = [r for r in res if r.get("seconds") and not r.get("cached")]
    cached = [r for r in res if r.get("cached")]
    print(f"\nlevel {rep['level']}, simulator {rep['sim']}, seed {rep['seed']}, {len(res)} mutants of "
          f"{rep['population']}; baseline {rep['baseline_s'] / 60:.1f} min ({rep['baseline_runs']} runs), "
          f"{len(ran)} mutants simulated in {rep['wall_s'] / 60:.1f} min wall = {rep['wall_s'] / max(1, len(ran)):.0f} s "
          f"per mutant with {rep['jobs']} at a time ({sum(r['seconds'] for r in ran) / max(1, len(ran)):.0f} s each "
          f"on average)" + (f"; {len(cached)} verdicts kept from earlier campaigns (their runs unchanged; they took "
                            f"{sum(r.get('seconds', 0) for r in cached) / max(1, len(cached)):.0f} s each then)"
                            if cached else ""))
    print(f"replay: {rep['replay']}")
    for w in rep.get("wrong_equivalent", []):
        print(f"WRONG EQUIVALENT: {w}")
    print(score_line(s["total"]))


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 2 and sys.argv[1] in ("--_run", "--_build"):
        return (_run_child if sys.argv[1] == "--_run" else _build_child)(json.loads(sys.argv[2]))
    p = argparse.ArgumentParser(prog="python -m verif.mutate", description=__doc__.splitlines()[0])
    p.add_argument("--level", choices=("smoke", "nightly"), default="smoke")
    p.add_argument("--n", type=int, default=None, help="number of mutants (default: all)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--modules", default=None, help="comma-separated modules (hcgs_mac or mac)")
    p.add_argument("--sim", choices=(*runner.SIMS, "auto"), default="verilator",
                   help="simulator of the mutants' runs (auto: Icarus up to 64 wide, Verilator above)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep", action="store_true", help="keep the scratch folders")
    p.add_argument("--ids", default=None, help="comma-separated mutant ids: only these (replay)")
    p.add_argument("--fresh", action="store_true",
                   help="simulate every mutant, also those whose earlier verdict still holds")
    p.add_argument("--rescore", action="store_true",
                   help="no simulation: apply verif/mutants_equivalent.yaml to build/mutate/report.json and print it")
    a = p.parse_args(argv)
    if a.rescore:
        return rescore(OUT / "report.json")
    if a.n is not None and a.n < 1:
        raise SystemExit(f"N={a.n}: must be at least 1")
    try:
        population = M.all_sites(a.modules.split(",") if a.modules else None)
        equiv = load_equivalent()
    except ValueError as e:
        raise SystemExit(f"mutate: {e}") from None
    if a.ids:
        want = a.ids.split(",")
        unknown = sorted(set(want) - {m.id for m in population})
        if unknown:
            raise SystemExit(f"mutate: no mutant {', '.join(unknown)} in hdl/*.sv (ids change when their file does)")
        chosen = [m for m in population if m.id in want]
    else:
        chosen = M.select(population, a.n, a.seed)
    replay = (f"make mutate LEVEL={a.level} SEED={a.seed}" + (f" N={a.n}" if a.n else "")
              + (f" MODULES={a.modules}" if a.modules else "") + f" SIM={a.sim}")
    print(f"mutate: {len(chosen)} of {len(population)} mutants of hdl/*.sv (seed {a.seed}), level {a.level}, "
          f"runs on {a.sim}, {a.jobs} at a time", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    # a SIGTERM (also to the pool's workers, forked after this) unwinds like Ctrl-C, so each
    # child simulation, which runs in a session of its own, is stopped with us
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t0 = time.time()
    base = baseline(a.level, a.jobs, log=lambda s: print(s, flush=True))
    base_s = time.time() - t0
    bad = [r for r in base if r["status"] != "pass"]
    for r in bad:
        print(f"mutate: baseline run {r['name']} FAILS unmutated: not used to kill mutants\n    replay: {r['replay']}")
    hits = line_hits(base)
    recs = {r["name"]: r for r in base if r["name"] in hits}
    common = _stamp()
    # a run's wall-clock budget: generous against its baseline time (the watchdogs must fire first)
    budget = {n: max(300.0, 6 * r["seconds"]) for n, r in recs.items()}
    dead = {c: M.dead_blocks(preset(c).hw.verilog_params()) for c in {r["config"] for r in recs.values()}}
    jobs_args, results = [], []
    prior = kills_by_test()
    for m in chosen:
        if m.id in equiv:
            results.append({"id": m.id, "file": m.file, "line": m.line, "kind": m.kind, "diff": m.diff(),
                            "status": "equivalent", "why": equiv[m.id], "runs": [], "seconds": 0.0})
            continue
        names, how = covering_runs(m, hits)
        # only the builds that elaborate the mutated code (a 32-lane adder tree is in no 16- or
        # 64-lane build, though its module runs there)
        names = [n for n in names if M.reachable(m, dead[recs[n]["config"]])]
        runs = order_runs(m, [recs[n] for n in names], hits, a.sim, prior)
        old = None if a.fresh else cached_verdict(m, runs, a.sim, common)
        if old is not None:
            results.append(old)
            continue
        jobs_args.append((m, runs, a.sim, budget, a.keep))
    ncached = sum(bool(r.get("cached")) for r in results)
    if ncached:
        print(f"mutate: {ncached} verdicts of earlier campaigns still hold (their runs are unchanged); "
              f"{len(jobs_args)} mutants to simulate (--fresh: all)", flush=True)
    runs_of = {x[0].id: x[1] for x in jobs_args}
    t1 = time.time()
    pool = ProcessPoolExecutor(max_workers=max(1, a.jobs), mp_context=mp.get_context("fork"))
    try:
        pending = {pool.submit(_evaluate, x) for x in jobs_args}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fu in done:
                r = fu.result()
                store_verdict(next(m for m in chosen if m.id == r["id"]), runs_of[r["id"]], r, a.sim, common)
                results.append(r)
                print(f"[{len(results)}/{len(chosen)}] {r['status'].upper():9s} {r['id']} {r['diff'][:90]} "
                      f"({r['seconds']:.0f} s, {len(r['runs'])} runs)"
                      + (f" by {r['by']}" if r.get("by") else "") + f" | {time.time() - t1:.0f} s", flush=True)
    except BaseException:
        # stopped (SIGTERM, Ctrl-C): no further mutants; the workers, whose children stop with
        # them (SIGTERM unwinds _child), are terminated; kept verdicts stay for the next campaign
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for w in workers:
            w.terminate()
        raise
    pool.shutdown()
    shutil.rmtree(OUT / "work", ignore_errors=True)
    for r in results:
        r["replay"] = f"python -m verif.mutate --level {a.level} --sim {a.sim} --ids {r['id']} --keep --fresh"
    results.sort(key=lambda r: (r["file"], r["line"], r["id"]))
    wrong = apply_equivalent(results, equiv)
    rep = {"level": a.level, "sim": a.sim, "seed": a.seed, "n": a.n, "modules": a.modules, "jobs": a.jobs,
           "population": len(population), "baseline_s": base_s, "baseline_runs": len(base),
           "baseline_failures": [r["name"] for r in bad], "wall_s": time.time() - t1, "replay": replay,
           "summary": summarise(results), "mutants": results, "wrong_equivalent": wrong}
    (OUT / "report.json").write_text(json.dumps(rep, indent=1))
    print_report(rep)
    print(f"report: {OUT / 'report.json'}")
    return 1 if wrong else 0


def rescore(path: Path) -> int:
    """Re-apply the equivalence file to a finished campaign's report and print it again."""
    if not path.is_file():
        raise SystemExit(f"mutate --rescore: no {path}: run make mutate first")
    rep = json.loads(path.read_text())
    rep["wrong_equivalent"] = apply_equivalent(rep["mutants"], load_equivalent())
    rep["summary"] = summarise(rep["mutants"])
    path.write_text(json.dumps(rep, indent=1))
    print_report(rep)
    return 1 if rep["wrong_equivalent"] else 0


if __name__ == "__main__":
    sys.exit(main())
