"""Wall time of the simulation smoke set (`pytest -n 2 tests/sim`, what `make test` runs on
the simulators), in this checkout and, with --before DIR, in another one, one after the
other. Run it after the other sections (or twice): the builds of both checkouts should
exist, else their compile time is in the figure. The two sets need not hold the same tests:
the passed/skipped counts are printed and stored beside the times."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"(\d+) passed(?:, (\d+) skipped)?")


def timed(root: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(root))
    cmd = [sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider", "tests/sim"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode:
        raise RuntimeError(f"smoke set in {root} failed:\n{r.stdout[-3000:]}")
    m = SUMMARY.search(r.stdout.splitlines()[-1] if r.stdout else "")
    return {"seconds": round(wall, 1), "passed": int(m.group(1)) if m else None,
            "skipped": int(m.group(2) or 0) if m else None}


def main(before: str | None = None) -> dict:
    out = {}
    for name, root in (("after", ROOT), ("before", Path(before) if before else None)):
        if root is None:
            continue
        out[name] = timed(root)
        o = out[name]
        print(f"smoke set {name:<6} ({root}): {o['seconds']:.0f} s, {o['passed']} passed, {o['skipped']} skipped",
              flush=True)
    if "before" in out:
        print(f"after / before wall time: {out['after']['seconds'] / out['before']['seconds']:.2f}")
    return out
