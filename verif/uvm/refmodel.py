"""Reference model component: turns the frames the DUT accepted into the output frames it
must produce, by calling the bit-exact golden model (golden.fixed).

It listens to the input monitor (what really entered the DUT, TUSER and malformed frames
included), splits the frames into sequences at TUSER start-of-sequence, runs each sequence
through golden.fixed and keeps every intermediate (z, activations, c, h per layer and
timestep) for the scoreboard's divergence search. `CorruptRefModel` (factory override)
flips one weight of the model it is given: the scoreboard must then fail.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from pyuvm import uvm_component

from golden import fixed, stream

from .items import InFrame
from .trace import Stages


@dataclass
class Expected:
    """One expected output frame."""
    index: int            # frames computed since reset (the RTL trace's <frame>)
    seq: int              # sequence number since reset
    t: int                # timestep inside the sequence
    data: list[int]
    user: list[int]
    last: list[bool]
    stages: list[Stages]  # per layer


def golden_run(q, frames: list[InFrame], out_all: bool) -> list[Expected]:
    """Expected output frames of the accepted frames, one golden.fixed run with the TUSER
    starts (the first frame after reset always starts a sequence)."""
    if not frames:
        return []
    x = np.stack([f.x for f in frames])
    starts = np.array([f.start for f in frames], dtype=bool)
    starts[0] = True
    res = fixed.run(q, x, seq_start=starts)
    beats = stream.output_beats(res, out_all)
    per = len(beats) // len(frames)
    out, seq, t = [], -1, 0
    for i in range(len(frames)):
        if starts[i]:
            seq, t = seq + 1, 0
        b = beats[i * per:(i + 1) * per]
        st = [Stages(lt.z[i], lt.act[i], lt.c[i], lt.h[i]) for lt in res.layers]
        out.append(Expected(i, seq, t, [x.tdata for x in b], [x.tuser for x in b], [bool(x.tlast) for x in b], st))
        t += 1
    return out


class RefModel(uvm_component):
    def build_phase(self):
        self.qmodel = None
        self.shape = None
        self.out_all = False
        self.frames: list[InFrame] = []      # accepted, well-formed frames since reset
        self.dropped: list[InFrame] = []
        self._cache: list[Expected] | None = None

    # --- configuration, from the sequences through the env
    def set_model(self, qmodel, shape, out_all: bool):
        self.qmodel = self.prepare(qmodel)
        self.shape = shape
        self.out_all = out_all
        self._cache = None

    def prepare(self, qmodel):
        """Hook for overrides (CorruptRefModel)."""
        return qmodel

    def reset(self):
        """The DUT was reset: frames before it produce nothing more."""
        self.frames.clear()
        self.dropped.clear()
        self._cache = None

    # --- input monitor
    def write(self, f: InFrame):
        if not f.ok:
            self.dropped.append(f)
            return
        self.frames.append(f)
        self._cache = None

    @property
    def n_expected(self) -> int:
        return len(self.frames)

    def expected(self) -> list[Expected]:
        if self._cache is None:
            if self.qmodel is None:
                raise AssertionError("reference model: no model was loaded")
            self._cache = golden_run(self.qmodel, self.frames, self.out_all)
        return self._cache


class CorruptRefModel(RefModel):
    """Gives the scoreboard a model with one weight changed: the run must fail."""

    def prepare(self, qmodel):
        from dataclasses import replace
        l0 = qmodel.layers[0]
        nz = np.argwhere(l0.w_ih != 0)
        if len(nz):
            w = l0.w_ih.copy()
            r, c = nz[0]
            w[r, c] = -32 if w[r, c] > 0 else 31
            self.logger.info(f"corrupting the reference model: layer 0 W_ih[{r},{c}] -> {w[r, c]}")
            l0 = replace(l0, w_ih=w)
        else:
            b = l0.bias.copy()
            b[0] = b[0] + 4096 if b[0] < 0 else b[0] - 4096
            self.logger.info(f"corrupting the reference model: layer 0 bias[0] -> {b[0]}")
            l0 = replace(l0, bias=b)
        return replace(qmodel, layers=(l0,) + tuple(qmodel.layers[1:]))
