"""The structured first mismatch of a run (pure: no simulator): the output beats around
it, expected and actual, and the first divergence inside the datapath (frame, sequence,
timestep, layer, cell, gate, datapath stage, clock cycle and simulation time).

`analyse()` is what the failure record (verif/uvm/recorder.py) stores; `message()` the
scoreboard's one-paragraph summary of it.
"""
from __future__ import annotations

import numpy as np

from golden import fixed
from verif.bfm.axis import unpack_beats

from . import localise
from .trace import first_divergence, read_mac_trace, read_rtl_trace

WINDOW = 3     # beats either side of the first differing beat in the record


def _beat(data, user, last, cycle=None) -> dict:
    b = {"tdata": f"{int(data):#018x}", "h": unpack_beats([int(data)]).tolist(), "tuser": int(user),
         "tlast": int(bool(last))}
    if cycle is not None:
        b["cycle"] = int(cycle)
    return b


def _first_beat(e, a) -> int | None:
    n = min(len(e.data), len(a.data))
    for b in range(n):
        if (a.data[b], a.user[b], a.last[b]) != (e.data[b], e.user[b], e.last[b]):
            return b
    return None if len(e.data) == len(a.data) else n


def output_mismatch(exp, act) -> dict | None:
    """The first output frame and beat where RTL and model differ, with WINDOW beats around
    it; None when every frame matches."""
    n = min(len(exp), len(act))
    for k in range(n):
        e, a = exp[k], act[k]
        b = _first_beat(e, a)
        if b is None:
            continue
        lo, hi = max(0, b - WINDOW), b + WINDOW + 1
        cyc = getattr(a, "cycles", None) or []
        # a frame of the wrong length is a missing or extra beat, wherever values first differ
        return {"kind": "beat_count" if len(e.data) != len(a.data) else "beat_value",
                "frame": k, "sequence": e.seq, "timestep": e.t, "beat": b,
                "beats_expected": len(e.data), "beats_actual": len(a.data),
                "layer": int(e.user[min(b, len(e.user) - 1)]),
                "cycle": int(cyc[b]) if b < len(cyc) else int(a.start_cycle),
                "window_first_beat": lo,
                "expected": [_beat(e.data[i], e.user[i], e.last[i]) for i in range(lo, min(hi, len(e.data)))],
                "actual": [_beat(a.data[i], a.user[i], a.last[i], cyc[i] if i < len(cyc) else None)
                           for i in range(lo, min(hi, len(a.data)))]}
    if len(act) != len(exp):
        k = n
        e = exp[k] if k < len(exp) else None
        return {"kind": "frames_missing" if len(act) < len(exp) else "frames_extra", "frame": k,
                "sequence": e.seq if e else None, "timestep": e.t if e else None,
                "frames_expected": len(exp), "frames_actual": len(act),
                "layer": int(e.user[0]) if e else None,
                "expected": [_beat(e.data[i], e.user[i], e.last[i]) for i in range(min(len(e.data), 2 * WINDOW + 1))]
                if e else [], "actual": []}
    return None


def model_inputs(exp, frames, q, layer: int, index: int):
    """(u_ih, u_hh) the model's vectors for frame `index` (0-based among `exp`), `layer`."""
    if layer == 0:
        u_ih = q.pad_input(np.asarray(frames[index].x, np.int64)[None, :])[0]
    else:
        u_ih = exp[index].stages[layer - 1].h
    hs = q.layers[layer].w_hh.shape[1]
    start = index == 0 or frames[index].start
    u_hh = np.zeros(hs, np.int64) if start else exp[index - 1].stages[layer].h
    return u_ih, u_hh


def analyse(exp, act, shape, trace_path=None, *, mac_path=None, qmodel=None, frames=None,
            lanes: int | None = None, period_ns: int = 10) -> dict:
    """Everything the failure record says about where RTL and model part."""
    out = {"output": output_mismatch(exp, act), "divergence": None, "note": None}
    if trace_path is None:
        out["note"] = "no RTL trace file to locate the first divergence"
        return out
    rtl = read_rtl_trace(trace_path, shape.hsize)
    if not rtl:
        out["note"] = f"RTL trace {trace_path} is empty or missing"
        if not exp:
            return out
    base = min((fr for fr, _ in rtl), default=0)     # <frame> counts from 0 (or 1) after reset
    model = {(e.index + base, l): st for e in exp for l, st in enumerate(e.stages)}
    d = first_divergence(rtl, model, [e.index + base for e in exp], shape.layers)
    if d is None:
        o = out["output"]
        if o is not None:
            stage = {"beat_value": "stream_pack", "beat_count": "output_beats"}.get(o["kind"], "output_frames")
            out["divergence"] = {"stage": stage, "stage_means": localise.STAGES[stage],
                                 "frame": o["frame"], "sequence": o["sequence"], "timestep": o["timestep"],
                                 "layer": o["layer"], "cell": None, "gate": None, "observed": "output",
                                 "cycle": o.get("cycle"),
                                 "time_ns": o["cycle"] * period_ns if o.get("cycle") is not None else None,
                                 "detail": "RTL trace and model intermediates agree on every cell: the "
                                           "difference is on the output path"}
        return out
    e = exp[d.frame - base]
    stage, detail = None, ""
    if d.stage == "z":
        mg = None
        if qmodel is not None and frames is not None and lanes:
            u_ih, u_hh = model_inputs(exp, frames, qmodel, d.layer, d.frame - base)
            mg = localise.model_group(qmodel, u_ih, u_hh, d.layer, d.cell // 4, lanes)
            macs = read_mac_trace(mac_path, lanes) if mac_path else {}
            stage, detail = localise.refine_z(d, macs.get((d.frame - base, d.layer, d.cell // 4)), mg, lanes)
        else:
            stage, detail = "mac", "no model or MAC trace given"
    else:
        stage = localise.stage_of(d, (d.frame, d.layer) in rtl)
        r = rtl.get((d.frame, d.layer))
        if d.stage == "missing" and r is not None and r.time is not None and (r.time >= 0).any():
            # the probe moved on without the cell: place it after the layer's last cell that came
            last = int(np.argmax(np.where(r.seen, r.time, -1)))
            d.time_ps = int(r.time[last])
            detail = f"the layer's last cell on the probe was cell {last}; cell {d.cell} never came"
    # the tb prints at the rising edge after the probe register took the value: the
    # value was produced (and shows in the waves) from the edge one period earlier
    tns = d.time_ps / 1000 - period_ns if d.time_ps is not None and d.time_ps >= 0 else None
    out["divergence"] = {
        "frame": d.frame, "sequence": e.seq, "timestep": e.t, "layer": d.layer, "cell": d.cell,
        "gate": d.gate, "observed": d.stage, "stage": stage, "stage_means": localise.STAGES[stage],
        "rtl": d.rtl, "model": d.model, "detail": detail,
        "time_ns": tns, "cycle": int(tns // period_ns) if tns is not None else None,
        "describe": d.describe(f" (sequence {e.seq}, timestep {e.t})"),
    }
    return out


def message(a: dict, hsize: int) -> str | None:
    """The scoreboard's summary of `analyse()`'s result (None: nothing differs)."""
    o, d = a["output"], a["divergence"]
    if o is None and d is None:
        return None
    if o is None:
        head = "every output beat matched, but the RTL trace parts from the model"
    elif o["kind"] in ("frames_missing", "frames_extra"):
        what = "missing" if o["kind"] == "frames_missing" else "extra"
        head = (f"{abs(o['frames_expected'] - o['frames_actual'])} {what} output frame(s): "
                f"{o['frames_expected']} expected, {o['frames_actual']} received")
    else:
        where = f"output frame {o['frame']} (sequence {o['sequence']}, timestep {o['timestep']})"
        if o["kind"] == "beat_count":
            head = f"{where}: {o['beats_actual']} beats, expected {o['beats_expected']}"
        else:
            b = o["beat"]
            ex = o["expected"][b - o["window_first_beat"]]
            ac = o["actual"][b - o["window_first_beat"]]
            cell0 = (b * 4) % hsize
            head = (f"{where}, beat {b} (layer {ex['tuser']}, cells {cell0}..{cell0 + 3}): "
                    f"RTL h={ac['h']} tuser={ac['tuser']} tlast={ac['tlast']}, "
                    f"model h={ex['h']} tuser={ex['tuser']} tlast={ex['tlast']}")
    msg = [f"scoreboard: {head}"]
    if a.get("note"):
        msg.append(f"({a['note']})")
    if d is not None:
        if d.get("observed") == "output":
            msg.append(d["detail"] + f" [stage {d['stage']}]")
        else:
            when = f" at cycle {d['cycle']} ({d['time_ns']:.0f} ns)" if d.get("cycle") is not None else ""
            msg.append(f"first divergence: {d['describe']}{when} [stage {d['stage']}: {d['stage_means']}"
                       + (f"; {d['detail']}" if d["detail"] else "") + "]")
    return "\n".join(msg)
