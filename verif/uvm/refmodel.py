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
    """Gives the scoreboard a model with one parameter changed: the run must fail.

    A single changed weight can leave every output beat as it was (its input small, or its
    gate saturated either way): a nightly seed showed it. So the corruption is chosen
    against the frames the DUT accepted: the first of layer 0's nonzero weights, then its
    biases, whose change alters the expected beats. A run where no such change exists fails
    with a message instead of passing by accident."""

    def prepare(self, qmodel):
        self.original = qmodel
        return qmodel

    def _candidates(self, q):
        from dataclasses import replace
        l0 = q.layers[0]
        for r, c in np.argwhere(l0.w_ih != 0)[:64]:
            w = l0.w_ih.copy()
            w[r, c] = -32 if w[r, c] > 0 else 31
            yield f"layer 0 W_ih[{r},{c}] -> {w[r, c]}", replace(l0, w_ih=w)
        for g in range(min(len(l0.bias), 64)):
            b = l0.bias.copy()
            b[g] = b[g] + 4096 if b[g] < 0 else b[g] - 4096
            yield f"layer 0 bias[{g}] -> {b[g]}", replace(l0, bias=b)

    def expected(self) -> list[Expected]:
        from dataclasses import replace
        if self._cache is None and self.frames:
            if self.qmodel is None:
                raise AssertionError("reference model: no model was loaded")
            good = golden_run(self.original, self.frames, self.out_all)
            for what, l0 in self._candidates(self.original):
                q = replace(self.original, layers=(l0,) + tuple(self.original.layers[1:]))
                exp = golden_run(q, self.frames, self.out_all)
                if any(e.data != g.data for e, g in zip(exp, good)):
                    self.logger.info(f"corrupting the reference model: {what} (changes the expected beats)")
                    self.qmodel, self._cache = q, exp
                    break
            else:
                raise AssertionError("CorruptRefModel: no single weight or bias change of layer 0 alters the expected "
                                     "beats of these frames: this run could not show the scoreboard failing")
        return super().expected()
