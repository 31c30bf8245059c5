"""What the RTL's ports show: AXI4-Stream beats (contract section 7) and probe trace lines (section 11).

A batch (B, T, ...) is one stream of B*T frames, sequence b after sequence b-1
(frame number b*T + t), each starting a sequence at its t = 0.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import formats as F
from .fixed import Result
from .seq import seq_starts

ELEMS = 4          # elements per 64-bit beat
ELEM_BITS = 16


class Beat(NamedTuple):
    tdata: int
    tuser: int
    tlast: bool


def pack_beat(codes) -> int:
    """TDATA of 4 signed codes: element k sign-extended to 16 bits at bits [16k+15:16k]."""
    return sum((int(v) & 0xFFFF) << (ELEM_BITS * k) for k, v in enumerate(codes))


def unpack_beat(tdata: int, width: int = F.X_W) -> list[int]:
    """The 4 signed codes of a beat, each from the low `width` bits of its 16-bit element."""
    return [F.to_signed((tdata >> (ELEM_BITS * k)) & 0xFFFF, width) for k in range(ELEMS)]


def _frames(a: np.ndarray) -> np.ndarray:
    """(frames, features) of a ([B,] T, features) array."""
    return a.reshape((-1,) + a.shape[-1:])


def input_beats(x_codes, seq_start=None) -> list[Beat]:
    """Input stream of Q2.10 codes (T, I) or (B, T, I), already padded: TUSER[0] = sequence start."""
    x = np.asarray(x_codes, dtype=np.int64)
    squeezed = x.ndim == 2
    xb = x[None] if squeezed else x
    starts = seq_starts(seq_start, xb.shape[:2], squeezed).ravel()
    frames = xb.reshape(-1, xb.shape[-1])
    n = frames.shape[1] // ELEMS
    beats = []
    for f, s in zip(frames, starts):
        for k in range(n):
            beats.append(Beat(pack_beat(f[ELEMS * k:ELEMS * k + ELEMS]), int(s and k == 0), k == n - 1))
    return beats


def output_beats(res: Result, out_all: bool = False) -> list[Beat]:
    """Expected output stream: per frame h of the last layer (TUSER = its index), or with
    `out_all` (CTRL.OUT_ALL) every layer, layer 0 first; TLAST on the frame's last beat."""
    n_layers = len(res.h_layers)
    layers = list(range(n_layers)) if out_all else [n_layers - 1]
    hs = [_frames(res.h_layers[l]) for l in layers]
    per = hs[0].shape[1] // ELEMS
    beats = []
    for f in range(hs[0].shape[0]):
        for j, (l, h) in enumerate(zip(layers, hs)):
            for k in range(per):
                last = j == len(layers) - 1 and k == per - 1
                beats.append(Beat(pack_beat(h[f, ELEMS * k:ELEMS * k + ELEMS]), l, last))
    return beats


def trace_lines(res: Result, first_frame: int = 0) -> list[str]:
    """Probe trace lines `<frame> <layer> <cell> <z_i> <z_f> <z_g> <z_o> <i> <f> <g> <o> <c> <h>`,
    frame by frame, layer by layer, cell by cell (the order the activation unit finishes them)."""
    if not res.layers:
        raise ValueError("trace lines need a fixed.run result with intermediates")
    z = [l.z.reshape((-1,) + l.z.shape[-2:]) for l in res.layers]
    act = [l.act.reshape((-1,) + l.act.shape[-2:]) for l in res.layers]
    c = [_frames(l.c) for l in res.layers]
    h = [_frames(l.h) for l in res.layers]
    lines = []
    for f in range(c[0].shape[0]):
        for l in range(len(res.layers)):
            rows = np.concatenate([z[l][f], act[l][f], c[l][f][None], h[l][f][None]]).T   # (H, 10)
            lines.extend(f"{first_frame + f} {l} {cell} " + " ".join(map(str, r))
                         for cell, r in enumerate(rows.tolist()))
    return lines


TRACE_FIELDS = ("frame", "layer", "cell", "z_i", "z_f", "z_g", "z_o", "i", "f", "g", "o", "c", "h")


def first_trace_mismatch(expected: list[str], actual: list[str]) -> str | None:
    """None when the traces agree, else where they first part: line, frame, layer, cell, fields.
    An RTL line may carry a 14th field, the simulation time (contract section 11): not compared."""
    for n, (e, a) in enumerate(zip(expected, actual), start=1):
        ev, av = e.split(), a.split()
        if len(av) == len(TRACE_FIELDS) + 1:
            av = av[:len(TRACE_FIELDS)]
        if ev != av:
            diff = [f"{name} {x} != {y}" for name, x, y in zip(TRACE_FIELDS, av, ev) if x != y]
            where = dict(zip(TRACE_FIELDS[:3], ev))
            return (f"line {n}: frame {where.get('frame')} layer {where.get('layer')} cell {where.get('cell')}: "
                    f"got vs expected: {', '.join(diff) or 'field count differs'}")
    if len(expected) != len(actual):
        return f"{len(actual)} trace lines, expected {len(expected)}"
    return None
