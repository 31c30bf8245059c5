"""Recognise utterances with a speech model in one of three modes.

- `float`: golden.float_ref (PyTorch nn.LSTM semantics, float64) on the float features and the
  file's weights (an HCGS file holds its 6-bit weights, so only the datapath is float).
- `fixed`: golden.fixed, the bit-exact model of the chip: 6-bit weights, Q2.10 input codes.
- `rtl`: the RTL on Verilator (`timit` build), every output beat checked against `fixed` bit
  for bit, classified from the RTL's own h.
The classifier (off chip) is the same float function in every mode.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from golden import fixed, float_ref, quant

from . import classify, corpus, data, features
from .modelfile import SpeechModel

MODES = ("float", "fixed", "rtl")


@dataclass
class Outcome:
    truth: list[int]
    pred: list[int]
    frames: int
    counters: dict = field(default_factory=dict)

    @property
    def confusion(self) -> np.ndarray:
        return classify.confusion(self.truth, self.pred)

    @property
    def correct(self) -> int:
        return int(np.sum(np.array(self.truth) == np.array(self.pred)))


def batched(fn, xs: list[np.ndarray], size: int = 32) -> list[np.ndarray]:
    """fn over (B, T, I) batches of utterances of similar length, zero-padded at the end (the
    LSTM is unidirectional: frames after an utterance's end do not change its h), sliced back."""
    order = np.argsort([len(x) for x in xs], kind="stable")
    out: list[np.ndarray | None] = [None] * len(xs)
    for i in range(0, len(order), size):
        idx = order[i:i + size]
        t = max(len(xs[j]) for j in idx)
        b = np.zeros((len(idx), t, xs[idx[0]].shape[1]), dtype=xs[idx[0]].dtype)
        for k, j in enumerate(idx):
            b[k, :len(xs[j])] = xs[j]
        h = fn(b)
        for k, j in enumerate(idx):
            out[j] = h[k, :len(xs[j])]
    return out


def recognise(sm: SpeechModel, utts: list[data.Utterance], mode: str, log=print, rtl_folder=None) -> Outcome:
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: allowed {', '.join(MODES)}")
    xs = corpus.frames(utts, sm.feature_mean, sm.feature_std)
    w, b = sm.classifier_weight, sm.classifier_bias
    if mode == "float":
        hs = batched(lambda x: float_ref.run(sm.lstm, x), [sm.lstm.pad_input(x) for x in xs])
    else:
        q = quant.quantise_model(sm.lstm)
        codes = [features.codes(x, q.isize) for x in xs]
        if mode == "fixed":
            hs_codes = batched(lambda c: fixed.run(q, c, intermediates=False).h, codes)
            counters = {}
        else:
            from . import rtl   # needs the simulator toolchain
            hs_codes, counters = rtl.run(q, codes, folder=rtl_folder, log=log)
        hs = [quant.dequantise_h(h) for h in hs_codes]
    out = Outcome([u.digit for u in utts], [classify.digit(h, w, b) for h in hs], sum(len(x) for x in xs))
    if mode == "rtl":
        out.counters = counters
    return out
