"""Golden model speed on the timit shape (2 x 512, 16x, 440 inputs padded to 512):
frames per second of the fixed-point and float models, one sequence and a batch,
median of several repeats in one run."""
from __future__ import annotations

import os
import statistics
import time

import numpy as np

from golden import config, fixed, float_ref, model, quant

T = 100
CASES = (  # (label, model kind, batch, intermediates, repeats)
    ("fixed, all intermediates", "fixed", 1, True, 7),
    ("fixed, h only", "fixed", 1, False, 7),
    ("fixed, h only", "fixed", 64, False, 3),
    ("float", "float", 1, False, 7),
    ("float", "float", 64, False, 3),
)


def _median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> dict:
    p = config.preset("timit")
    m = model.random_model(p.shape, seed=0)
    q = quant.quantise_model(m)
    x = m.pad_input(np.random.default_rng(0).normal(size=(64, T, p.shape.raw_isize)))
    xc = quant.quantise_input(x)
    print(f"model: {p.shape.layers} x {p.shape.hsize}, I={p.shape.raw_isize} padded to {p.shape.isize}, "
          f"16x (K1={p.shape.keep[0].k1_ih}, K2={p.shape.keep[0].k2_ih}); T={T} frames per sequence; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    print(f"{'model':<26} {'B':>3} {'repeats':>7} {'median s':>9} {'frames/s':>10}")
    rows = []
    for label, kind, b, inter, repeats in CASES:
        if kind == "fixed":
            fn = lambda: fixed.run(q, xc[:b], intermediates=inter)
        else:
            fn = lambda: float_ref.run(m, x[:b])
        fn()  # warm-up
        s = _median_seconds(fn, repeats)
        print(f"{label:<26} {b:>3} {repeats:>7} {s:>9.3f} {b * T / s:>10.0f}", flush=True)
        rows.append({"model": label, "batch": b, "seconds": round(s, 4), "frames_per_s": round(b * T / s, 1)})
    return {"timit_frames_per_sequence": T, "rows": rows}
