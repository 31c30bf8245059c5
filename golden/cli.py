"""Command line of the golden model: `python -m golden <command> --help`.

User mistakes (bad files, illegal configurations) end with one line on stderr and
exit code 2; a traceback means a bug.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import genrtl

REPO = Path(__file__).resolve().parent.parent


class UsageError(Exception):
    """A user mistake: reported as one line, exit code 2."""


def cmd_gen_rtl(args) -> None:
    changed = genrtl.write(args.root)
    for p in genrtl.generate(args.root):
        print(f"{'wrote' if p in changed else 'unchanged'} {p}")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m golden", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("gen-rtl", help="write hdl/gen/*.sv and the doc's register table")
    p.add_argument("--root", type=Path, default=REPO, help="repository root (default: this checkout)")
    p.set_defaults(func=cmd_gen_rtl)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (UsageError, ValueError, OSError) as e:
        print(f"python -m golden {args.command}: error: {e}", file=sys.stderr)
        return 2
    return 0
