"""A picture of the signals around a failure's first divergence: divergence.png.

Reads the run's FST with pywellen and draws with matplotlib (Agg, no display): clock,
stream handshakes, the layer / frame / walker-group / cell counters, MAC and probe
valids, and the diverging value as the RTL produced it with the model's expected value
beside it at the cycle where they part (red where they differ). The window is WINDOW
cycles before and AFTER cycles after the divergence.
"""
from __future__ import annotations

from pathlib import Path

WINDOW, AFTER = 24, 8
GATES = ("i", "f", "g", "o")


def _signed(v: int, w: int) -> int:
    return v - (1 << w) if v >> (w - 1) & 1 else v


class Wave:
    """Values of named signals at sample times (pywellen)."""

    def __init__(self, fst):
        import pywellen
        self.w = pywellen.Waveform(str(fst))
        self.vars = {v.full_name: v for v in self.w.all_vars()}
        ts = str(self.w.timescale)          # e.g. "1ps"
        num = int("".join(c for c in ts if c.isdigit()) or 1)
        unit = ts.lstrip("0123456789").strip()
        self.per_ns = {"fs": 1e6, "ps": 1e3, "ns": 1.0, "us": 1e-3}[unit] / num

    def has(self, name: str) -> bool:
        return name in self.vars

    def at(self, name: str, t_ns: float):
        v = self.vars.get(name)
        if v is None:
            return None
        x = v.signal.value_at(int(round(t_ns * self.per_ns)))
        return x if isinstance(x, int) else None


def _value_spec(d: dict):
    """(signal, decode(int) -> int, label) of the diverging value in the probe."""
    act = "hcgs_tb.u_dut.u_core.u_act"
    st, gate = d.get("observed"), d.get("gate")
    if st == "z":
        gi = GATES.index(gate)
        return f"{act}.probe_z", lambda v: _signed(v >> (12 * gi) & 0xFFF, 12), f"z_{gate} (Q3.8)"
    if st == "act":
        gi = GATES.index(gate)
        if gate == "g":
            return f"{act}.probe_act", lambda v: _signed(v >> (13 * gi) & 0x1FFF, 13), "tanh(z_g)"
        return f"{act}.probe_act", lambda v: v >> (13 * gi) & 0xFFF, f"sigmoid(z_{gate})"
    if st == "c":
        return f"{act}.probe_c", lambda v: _signed(v, 16), "c' (Q5.10)"
    if st == "h":
        return f"{act}.probe_h", lambda v: _signed(v, 13), "h' (Q2.10)"
    return None


def draw(fst, rec: dict, out, period_ns: int = 10) -> Path:
    """Draw the divergence of failure record `rec` from wave file `fst` into `out` (PNG)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out)
    wv = Wave(fst)
    d = rec.get("divergence") or {}
    o = rec.get("output") or {}
    t_div = d.get("time_ns")
    if t_div is None and o.get("cycle") is not None:
        t_div = o["cycle"] * period_ns
    if t_div is None:
        raise ValueError("the record has no divergence time to draw around")
    c0 = int(t_div // period_ns)
    cycles = list(range(max(0, c0 - WINDOW), c0 + AFTER + 1))
    mid = [c * period_ns + period_ns / 2 for c in cycles]       # sample inside each cycle

    tb, core = "hcgs_tb", "hcgs_tb.u_dut.u_core"
    rows = [("clk", None, "clock")]
    for n in ("s_axis_tvalid", "s_axis_tready", "m_axis_tvalid", "m_axis_tready"):
        # the DUT's own ports: with the SV stream components the toplevel ports are bypassed
        rows.append((f"{tb}.u_dut.{n}", n, "bit"))
    for n, lab in ((f"{core}.layer_q", "layer"), (f"{core}.u_act.frame_q", "frame"),
                   (f"{core}.u_walker.g_q", "walker group"), (f"{core}.u_act.probe_cell", "probe cell")):
        rows.append((n, lab, "bus"))
    for n in (f"{core}.u_mac.dv_q", f"{core}.u_mac.load", f"{core}.u_act.probe_valid"):
        rows.append((n, None, "bit"))

    spec = _value_spec(d)
    exp_val, rtl_val, vlabel = d.get("model"), d.get("rtl"), None
    val_sig, dec = None, None
    if spec is not None:
        val_sig, dec, vlabel = spec
    elif d.get("observed") == "output" and o.get("expected") and o.get("actual"):
        b = o["beat"] - o.get("window_first_beat", 0)
        if 0 <= b < len(o["expected"]) and b < len(o["actual"]):
            eh, ah = o["expected"][b]["h"], o["actual"][b]["h"]
            k = next((i for i in range(4) if eh[i] != ah[i]), 0)
            val_sig = f"{tb}.u_dut.m_axis_tdata"
            dec = (lambda kk: (lambda v: _signed(v >> (16 * kk) & 0xFFFF, 16)))(k)
            vlabel, exp_val, rtl_val = f"m_axis h[{k}]", eh[k], ah[k]
    rows = [r for r in rows if r[0] == "clk" or wv.has(r[0])]
    nrows = len(rows) + (2 if val_sig else 0)

    fig, ax = plt.subplots(figsize=(15, 0.42 * nrows + 1.6))
    x0, x1 = cycles[0], cycles[-1] + 1
    labels = []
    y = nrows

    def bus(yy, vals, colour="black", bad_at=None):
        start = 0
        for i in range(1, len(vals) + 1):
            if i == len(vals) or vals[i] != vals[start]:
                xa, xb = cycles[start], cycles[i - 1] + 1
                col = "red" if bad_at is not None and xa <= bad_at < xb else colour
                ax.plot([xa + 0.1, xa, xa + 0.1], [yy + 0.35, yy + 0.05 + 0.15, yy + 0.05], color=col, lw=0.8)
                ax.plot([xa + 0.1, xb - 0.1], [yy + 0.35, yy + 0.35], color=col, lw=0.8)
                ax.plot([xa + 0.1, xb - 0.1], [yy + 0.05, yy + 0.05], color=col, lw=0.8)
                v = vals[start]
                ax.text((xa + xb) / 2, yy + 0.2, "x" if v is None else str(v), ha="center", va="center",
                        fontsize=7, color=col, clip_on=True)
                start = i

    for name, lab, kind in rows:
        y -= 1
        labels.append((y, lab or name.split(".")[-1]))
        if kind == "clock":
            xs, ys = [], []
            for c in cycles:
                xs += [c, c, c + 0.5, c + 0.5]
                ys += [y + 0.05, y + 0.35, y + 0.35, y + 0.05]
            ax.plot(xs + [x1], ys + [y + 0.05], color="green", lw=0.8)
        elif kind == "bit":
            vals = [wv.at(name, t) for t in mid]
            xs, ys = [], []
            for c, v in zip(cycles, vals):
                yy = y + (0.35 if v == 1 else 0.05)
                xs += [c, c + 1]
                ys += [yy, yy]
            ax.plot(xs, ys, color="navy", lw=1)
            ax.fill_between(xs, [y + 0.05] * len(xs), ys, color="navy", alpha=0.15, lw=0)   # shaded: 1
        else:
            bus(y, [wv.at(name, t) for t in mid])
    if val_sig:
        y -= 1
        labels.append((y, f"RTL {vlabel}"))
        vals = [(dec(v) if v is not None else None) for v in (wv.at(val_sig, t) for t in mid)]
        bus(y, vals, "black", bad_at=c0)
        y -= 1
        labels.append((y, f"model {vlabel}"))
        ax.add_patch(plt.Rectangle((c0, y + 0.05), 1, 0.3, fill=False, color="darkgreen", lw=1.2))
        ax.text(c0 + 0.5, y + 0.2, str(exp_val), ha="center", va="center", fontsize=7, color="darkgreen")
        ax.text(c0 + 1.3, y + 0.2, f"expected {exp_val}, RTL {rtl_val}", ha="left", va="center", fontsize=8,
                color="red")
    ax.axvline(c0, color="red", lw=0.8, ls="--")
    ax.set_yticks([yy + 0.2 for yy, _ in labels], [lab for _, lab in labels], fontsize=8)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y - 0.2, nrows + 0.1)
    ax.set_xlabel(f"clock cycle ({period_ns} ns); red line: cycle {c0}, {c0 * period_ns} ns")
    title = d.get("describe") or d.get("detail") or rec.get("message", "").splitlines()[0]
    ax.set_title(f"{rec.get('test')} {rec.get('simulator', {}).get('name')} CONFIG={rec.get('config')} "
                 f"SEED={rec.get('seed')}" + (f" FAULT={rec['fault']}" if rec.get("fault") else "")
                 + f"\n{title}\nstage {d.get('stage')}: {d.get('stage_means', '')}", fontsize=9)
    for s in ("top", "right", "left"):
        ax.spines[s].set_visible(False)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
