"""RTL cycles per frame against the ideal (kept weights / LANES), through the raw harness
(Verilator): every preset, and a sweep of keep counts from dense to the sparsest pattern on
the tiny and small builds (K1 = K2-block keep per row, same for every matrix and layer), with
the compression (dense kept weights / kept weights) and the MAC utilisation
(CNT_MAC / CNT_BUSY). Cycles per frame = CNT_BUSY / frames."""
from __future__ import annotations

from golden import budget
from golden.config import PRESETS, B1, preset
from verif import raw
from verif.uvm import cycles

FRAMES = 4
SEED = 1
SWEEP_CONFIGS = ("tiny", "small")


def sweep_keeps(config: str) -> list[tuple[int, int]]:
    """(K1, K2) from dense to (1, 1): K2 and K1 halved in turns, only those START accepts."""
    p = preset(config)
    n = min(p.shape.isize, p.shape.hsize) // B1
    k1, k2, out = n, 8, []
    while True:
        out.append((k1, k2))
        if (k1, k2) == (1, 1):
            break
        if k2 > 1 and (k2 >= k1 or k1 == 1):
            k2 //= 2
        else:
            k1 = max(1, k1 // 2)
    return [k for k in out if not budget.start_errors(raw.keep_shape(p.shape, k), p.hw)]


def measure(config: str, keep=None) -> dict:
    p = preset(config)
    shape = raw.keep_shape(p.shape, keep)
    r = raw.run(config, FRAMES, SEED, keep=keep, log=lambda s: None,
                folder=raw.runner.BUILD_ROOT / "runs" / "bench" / f"rtl-{config}-{keep}")
    c = r.counters
    dense = raw.keep_shape(p.shape, (min(p.shape.isize, p.shape.hsize) // B1, 8))
    busy = c["CNT_BUSY"] / FRAMES
    return {"config": config, "keep": list(keep) if keep else None, "layers": shape.layers,
            "compression": round(cycles.kept_weights(dense) / cycles.kept_weights(shape), 3),
            "cycles_per_frame": busy, "ideal": r.ideal_cycles_per_frame,
            "of_ideal": round(r.ideal_cycles_per_frame / busy, 4),
            "utilisation": round(c["CNT_MAC"] / c["CNT_BUSY"], 4)}


def main() -> dict:
    presets = [measure(name) for name in PRESETS]
    print(f"{'config':<8} {'keep':<8} {'compr.':>6} {'cyc/frame':>10} {'ideal':>8} {'of ideal':>8} {'MAC util':>8}")
    for r in presets:
        print(f"{r['config']:<8} {'preset':<8} {r['compression']:>5.0f}x {r['cycles_per_frame']:>10,.0f} "
              f"{r['ideal']:>8,.0f} {r['of_ideal']:>8.1%} {r['utilisation']:>8.1%}", flush=True)
    sweep = []
    for cfg in SWEEP_CONFIGS:
        for k in sweep_keeps(cfg):
            r = measure(cfg, k)
            sweep.append(r)
            print(f"{cfg:<8} {f'{k[0]},{k[1]}':<8} {r['compression']:>5.0f}x {r['cycles_per_frame']:>10,.0f} "
                  f"{r['ideal']:>8,.0f} {r['of_ideal']:>8.1%} {r['utilisation']:>8.1%}", flush=True)
    ratios = {}
    for cfg in SWEEP_CONFIGS:
        rows = [r for r in sweep if r["config"] == cfg]
        d = next((r for r in rows if r["compression"] == 1), None)
        s16 = next((r for r in rows if r["compression"] == 16), None)
        if d and s16:
            ratios[cfg] = round(d["cycles_per_frame"] / s16["cycles_per_frame"], 3)
            print(f"{cfg}: dense / 16x cycles per frame = {d['cycles_per_frame']:,.0f} / "
                  f"{s16['cycles_per_frame']:,.0f} = {ratios[cfg]:.2f} (ideal 16)")
    return {"presets": presets, "sweep": sweep, "dense_over_16x": ratios}
