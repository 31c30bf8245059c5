"""`make lint`: Verilator --lint-only -Wall over the RTL (hdl/gen and hdl/) with the top
hcgs_lstm_top, for the default (chip) parameters and every preset's build.

No warning is waived here: dropped bits go to signals named *unused* in the RTL, and the
generated package carries its own lint_off for the constants a design does not use.
Exits non-zero on any warning or error.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP = "hcgs_lstm_top"


def sources() -> list[Path]:
    gen = ROOT / "hdl" / "gen"
    pkg = gen / "hcgs_pkg.sv"
    rest = sorted(p for p in gen.glob("*.sv") if p != pkg) + sorted((ROOT / "hdl").glob("*.sv"))
    return [pkg, *rest]


def param_sets() -> list[tuple[str, dict[str, int]]]:
    sys.path.insert(0, str(ROOT))
    from golden.config import PRESETS, HwConfig
    sets = [("default", {})]
    seen = {tuple(sorted(HwConfig().verilog_params().items()))}
    for name, p in PRESETS.items():
        params = p.hw.verilog_params()
        key = tuple(sorted(params.items()))
        if key not in seen:
            seen.add(key)
            sets.append((name, params))
    return sets


def verilator() -> str:
    exe = shutil.which("verilator")
    if not exe:
        sys.exit("lint: verilator not on PATH (source scripts/env.sh, or use make lint)")
    return exe


def lint(name: str, params: dict[str, int], srcs: list[Path]) -> tuple[bool, str]:
    mdir = ROOT / "build" / "lint" / name
    mdir.mkdir(parents=True, exist_ok=True)
    cmd = [verilator(), "--lint-only", "-Wall", "--top-module", TOP, "-Mdir", str(mdir)]
    cmd += [f"-G{k}={v}" for k, v in params.items()]
    cmd += [str(p) for p in srcs]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    out = (r.stdout + r.stderr).strip()
    bad = r.returncode != 0 or "%Warning" in out or "%Error" in out
    return not bad, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", action="append", help="only these parameter sets (default, tiny, ...)")
    args = ap.parse_args(argv)
    srcs = sources()
    missing = [p for p in srcs if not p.is_file()]
    if missing:
        sys.exit(f"lint: missing {', '.join(map(str, missing))} (make gen)")
    failed = 0
    for name, params in param_sets():
        if args.config and name not in args.config:
            continue
        ok, out = lint(name, params, srcs)
        desc = " ".join(f"{k}={v}" for k, v in params.items()) or "chip defaults"
        print(f"lint {name:8s} ({desc}): {'clean' if ok else 'FAILED'}")
        if not ok:
            failed += 1
            print("\n".join(l for l in out.splitlines() if not l.startswith("- V e r i l a t i o n")
                            and not l.startswith("- Verilator:")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
