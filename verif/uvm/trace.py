"""Per-cell intermediates of the RTL (its trace file) and of the golden model, and the
search for the first place they part (EdgeDRNN-style staged comparison).

RTL trace (contract section 11), one line per finished cell:
`<frame> <layer> <cell> <z_i> <z_f> <z_g> <z_o> <i> <f> <g> <o> <c> <h> [<time_ps>]`, signed
decimal (the simulation time of the probe, in ps, is optional so older traces still read).
`Stages` holds the same quantities as arrays for one (frame, layer).
MAC trace (`+mactrace=`): one line per group, `<frame> <layer> <group> <acc_0..15>
<lane_0..LANES-1> <time_ps>` (see verif/tb/hcgs_tb.sv); `read_mac_trace` reads it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

GATES = ("i", "f", "g", "o")


@dataclass
class Stages:
    z: np.ndarray      # (4, H) activation inputs, gates i f g o
    act: np.ndarray    # (4, H) sigmoid / tanh outputs
    c: np.ndarray      # (H,) new cell state
    h: np.ndarray      # (H,) new hidden state
    seen: np.ndarray | None = None  # (H,) bool: cells present (RTL trace may be partial)
    time: np.ndarray | None = None  # (H,) int: simulation time (ps) of the cell's probe, -1 unknown
    acc: np.ndarray | None = None   # (4, H) accumulators before rounding (model only)


def read_rtl_trace(path, hsize: int) -> dict[tuple[int, int], Stages]:
    """(frame, layer) -> Stages from an RTL trace file; missing cells have seen=False."""
    out: dict[tuple[int, int], Stages] = {}
    p = Path(path)
    if not p.is_file():
        return out
    text = p.read_text()
    for line in text[:text.rfind("\n") + 1].splitlines():   # buffered: a cut last line is dropped
        parts = line.split()
        if len(parts) not in (13, 14):
            continue
        try:
            v = [int(x) for x in parts]
        except ValueError:
            continue
        fr, layer, cell = v[0], v[1], v[2]
        if not 0 <= cell < hsize:
            continue
        s = out.get((fr, layer))
        if s is None:
            s = Stages(np.zeros((4, hsize), np.int64), np.zeros((4, hsize), np.int64),
                       np.zeros(hsize, np.int64), np.zeros(hsize, np.int64), np.zeros(hsize, bool),
                       np.full(hsize, -1, np.int64))
            out[(fr, layer)] = s
        s.z[:, cell] = v[3:7]
        s.act[:, cell] = v[7:11]
        s.c[cell] = v[11]
        s.h[cell] = v[12]
        s.seen[cell] = True
        if len(v) == 14:
            s.time[cell] = v[13]
    return out


@dataclass
class MacGroup:
    acc: np.ndarray     # (16,) accumulators, entry e = gate*4 + r
    lanes: np.ndarray   # (LANES,) product sums per lane, lane n = e*C + j
    time: int           # ps


def read_mac_trace(path, lanes: int) -> dict[tuple[int, int, int], MacGroup]:
    """(frame, layer, group) -> MacGroup from a MAC trace file (the last line wins)."""
    out: dict[tuple[int, int, int], MacGroup] = {}
    p = Path(path)
    if not p.is_file():
        return out
    n = 3 + 16 + lanes + 1
    for line in p.read_text().splitlines():
        parts = line.split()
        if len(parts) != n:
            continue
        try:
            v = [int(x) for x in parts]
        except ValueError:
            continue
        out[(v[0], v[1], v[2])] = MacGroup(np.array(v[3:19], np.int64), np.array(v[19:19 + lanes], np.int64), v[-1])
    return out


@dataclass
class Divergence:
    frame: int
    layer: int
    cell: int
    stage: str          # "z", "act", "c", "h" or "missing"
    gate: str | None    # i f g o for z/act
    rtl: int | None
    model: int | None
    time_ps: int = -1   # when the RTL's probe showed the value (-1: unknown)

    def describe(self, where: str = "") -> str:
        g = f" gate {self.gate}" if self.gate else ""
        if self.stage == "missing":
            return f"frame {self.frame}{where}, layer {self.layer}, cell {self.cell}: no RTL trace line"
        name = {"z": "z (activation input, Q3.8)", "act": "activation output", "c": "cell state c' (Q5.10)",
                "h": "hidden state h' (Q2.10)"}[self.stage]
        return (f"frame {self.frame}{where}, layer {self.layer}, cell {self.cell}{g}: {name} "
                f"RTL={self.rtl} model={self.model}")


def first_divergence(rtl: dict[tuple[int, int], Stages], model: dict[tuple[int, int], Stages],
                     frames: list[int], layers: int) -> Divergence | None:
    """The first (frame, layer, cell) in computation order where RTL and model differ,
    and the earliest stage of that cell that differs (z, then activations, then c, then h)."""
    for fr in frames:
        for layer in range(layers):
            m = model.get((fr, layer))
            if m is None:
                continue
            r = rtl.get((fr, layer))
            if r is None:
                return Divergence(fr, layer, 0, "missing", None, None, None)
            h = m.h.shape[0]
            for cell in range(h):
                if not r.seen[cell]:
                    return Divergence(fr, layer, cell, "missing", None, None, None)
                tm = int(r.time[cell]) if r.time is not None else -1
                for gi, g in enumerate(GATES):
                    if r.z[gi, cell] != m.z[gi, cell]:
                        return Divergence(fr, layer, cell, "z", g, int(r.z[gi, cell]), int(m.z[gi, cell]), tm)
                for gi, g in enumerate(GATES):
                    if r.act[gi, cell] != m.act[gi, cell]:
                        return Divergence(fr, layer, cell, "act", g, int(r.act[gi, cell]), int(m.act[gi, cell]), tm)
                if r.c[cell] != m.c[cell]:
                    return Divergence(fr, layer, cell, "c", None, int(r.c[cell]), int(m.c[cell]), tm)
                if r.h[cell] != m.h[cell]:
                    return Divergence(fr, layer, cell, "h", None, int(r.h[cell]), int(m.h[cell]), tm)
    return None
