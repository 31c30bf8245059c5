"""`python -m bench [NAME...] [--before DIR]`: run benchmark sections (see bench.SECTIONS),
write build/bench/bench.json (with a `simulation` list of {"sim", "config", "harness",
"cycles", "seconds", "cycles_per_s"} rows) and the plots build/bench/*.png."""
import argparse
import importlib
import json
import os
import sys
import time
from pathlib import Path

# Single-threaded BLAS: figures that do not depend on what else the machine runs
# (threaded BLAS slows down several-fold when the cores are shared). Set before numpy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from . import SECTIONS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "build" / "bench"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("names", nargs="*", metavar="NAME",
                    help=f"sections to run: {', '.join(SECTIONS)} (default: "
                         f"{', '.join(n for n, s in SECTIONS.items() if s[2])})")
    ap.add_argument("--list", action="store_true", help="list the sections and exit")
    ap.add_argument("--before", default=None, metavar="DIR",
                    help="another checkout (e.g. `git worktree add DIR <commit>`): speed, smoke and startup measure it too")
    ap.add_argument("--repeats", type=int, default=None, help="runs per speed case (default 3)")
    ap.add_argument("--sims", default=None, metavar="S[,S]",
                    help="simulators of the speed section's cases (icarus, verilator; default both)")
    args = ap.parse_args(argv)
    if args.list:
        for name, (_, what, default) in SECTIONS.items():
            print(f"{name:<8} {'(default) ' if default else ''}{what}")
        return 0
    unknown = [n for n in args.names if n not in SECTIONS]
    if unknown:
        ap.error(f"unknown section(s) {', '.join(unknown)}: allowed {', '.join(SECTIONS)}")
    sims = args.sims.split(",") if args.sims else None
    if sims and any(x not in ("icarus", "verilator") for x in sims):
        ap.error(f"--sims {args.sims}: allowed icarus, verilator (comma-separated)")
    if args.before and not (Path(args.before) / "verif" / "run.py").is_file():
        ap.error(f"--before {args.before}: not a checkout of this project (no verif/run.py)")
    OUT.mkdir(parents=True, exist_ok=True)
    out_json = OUT / "bench.json"
    result = json.loads(out_json.read_text()) if out_json.is_file() else {}
    t0 = time.time()
    for name in args.names or [n for n, s in SECTIONS.items() if s[2]]:
        print(f"== bench {name}: {SECTIONS[name][1]}", flush=True)
        mod = importlib.import_module(SECTIONS[name][0])
        kw = {}
        if name in ("speed", "smoke", "startup") and args.before:
            kw["before"] = args.before
        if name == "speed" and args.repeats:
            kw["repeats"] = args.repeats
        if name == "speed" and sims:
            kw["cases"] = tuple(c for c in mod.CASES if c[0] in sims)
        data = mod.main(**kw)
        if name == "speed":
            result["simulation"] = data["simulation"]
            result["golden_share"] = data["golden_share"]
        else:
            result[name] = data
        out_json.write_text(json.dumps(result, indent=1) + "\n")
    from . import plots
    for p in plots.write(result, OUT):
        print(f"plot: {p}")
    print(f"wrote {out_json} ({time.time() - t0:.0f} s)")
    return 0


sys.exit(main())
