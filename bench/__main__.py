"""`python -m bench [NAME...]`: run benchmark sections (see bench.SECTIONS)."""
import argparse
import importlib
import os
import sys

# Single-threaded BLAS: figures that do not depend on what else the machine runs
# (threaded BLAS slows down several-fold when the cores are shared). Set before numpy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from . import SECTIONS  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("names", nargs="*", metavar="NAME", help=f"sections to run: {', '.join(SECTIONS)} (default: all)")
    ap.add_argument("--list", action="store_true", help="list the sections and exit")
    args = ap.parse_args(argv)
    if args.list:
        for name, (_, what) in SECTIONS.items():
            print(f"{name:<10} {what}")
        return 0
    unknown = [n for n in args.names if n not in SECTIONS]
    if unknown:
        ap.error(f"unknown section(s) {', '.join(unknown)}: allowed {', '.join(SECTIONS)}")
    for name in args.names or list(SECTIONS):
        print(f"== bench {name}: {SECTIONS[name][1]}", flush=True)
        importlib.import_module(SECTIONS[name][0]).main()
    return 0


sys.exit(main())
