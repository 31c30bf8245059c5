"""Wall time of the simulation smoke set (`pytest -n 2 tests/sim`, what `make test` runs on
the simulators), in this checkout and, with --before DIR, in another one. Builds are made
first (a run of each checkout's smoke set untimed would take as long: instead the timed run
starts from the builds the earlier sections left, so run it after them or twice)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(root: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(root))
    cmd = [sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider", "tests/sim"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode:
        raise RuntimeError(f"smoke set in {root} failed:\n{r.stdout[-3000:]}")
    return wall


def main(before: str | None = None) -> dict:
    out = {}
    for name, root in (("after", ROOT), ("before", Path(before) if before else None)):
        if root is None:
            continue
        out[f"{name}_s"] = round(timed(root), 1)
        print(f"smoke set ({root}): {out[f'{name}_s']:.0f} s", flush=True)
    if "before_s" in out:
        print(f"after / before: {out['after_s'] / out['before_s']:.2f}")
    return out
