"""Plots of bench.json (matplotlib, no display): simulation speed per simulator, config and
harness; RTL cycles per frame and MAC utilisation against compression."""
from __future__ import annotations

from pathlib import Path


def write(result: dict, out: Path) -> list[Path]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = []
    rows = result.get("simulation")
    if rows:
        keys = sorted({(r["sim"], r["config"]) for r in rows}, key=lambda k: (k[0] != "verilator", k))
        hs = [h for h in ("raw", "cocotb", "cocotb-before") if any(r["harness"] == h for r in rows)]
        fig, ax = plt.subplots(figsize=(8, 4))
        w = 0.8 / len(hs)
        for i, h in enumerate(hs):
            vals = [next((r["cycles_per_s"] for r in rows if (r["sim"], r["config"], r["harness"]) == (*k, h)), 0)
                    for k in keys]
            ax.bar([j + i * w for j in range(len(keys))], vals, w, label=h)
        ax.set_xticks([j + w * (len(hs) - 1) / 2 for j in range(len(keys))], [f"{s}\n{c}" for s, c in keys])
        ax.set_yscale("log")
        ax.set_ylabel("simulated cycles / s (streaming phase)")
        ax.set_title("Simulation speed (median of runs)")
        ax.legend()
        fig.tight_layout()
        p = out / "speed.png"
        fig.savefig(p, dpi=100)
        plt.close(fig)
        paths.append(p)
    sweep = (result.get("rtl") or {}).get("sweep")
    if sweep:
        fig, ax1 = plt.subplots(figsize=(7, 4))
        ax2 = ax1.twinx()
        for cfg in sorted({r["config"] for r in sweep}):
            rs = sorted((r for r in sweep if r["config"] == cfg), key=lambda r: r["compression"])
            x = [r["compression"] for r in rs]
            ax1.plot(x, [r["cycles_per_frame"] for r in rs], "o-", label=f"{cfg}: cycles/frame")
            ax1.plot(x, [r["ideal"] for r in rs], "k:", lw=0.8)
            ax2.plot(x, [100 * r["utilisation"] for r in rs], "s--", label=f"{cfg}: MAC utilisation")
        ax1.set_xscale("log", base=2)
        ax1.set_yscale("log", base=2)
        ax1.set_xlabel("compression (dense kept weights / kept weights)")
        ax1.set_ylabel("cycles per frame (dotted: ideal)")
        ax2.set_ylabel("MAC utilisation %")
        ax2.set_ylim(0, 105)
        h1, l1 = ax1.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        ax1.legend(h1 + h2, l1 + l2, fontsize=8, loc="lower left")
        ax1.set_title("RTL cycles per frame against compression")
        fig.tight_layout()
        p = out / "rtl_sweep.png"
        fig.savefig(p, dpi=100)
        plt.close(fig)
        paths.append(p)
    return paths
