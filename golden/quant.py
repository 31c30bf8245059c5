"""Float model and inputs <-> the integer formats of the hardware (contract section 4).

Weights `q(w, 5, 6)` (clipped to [-1, 31/32], step 1/32) and zero outside the mask,
inputs `q(x, 10, 13)`, biases `q(b_ih + b_hh, 10, 16)`, with `q` = `formats.quantise`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import formats as F
from . import hcgs
from .config import LayerKeep, ModelShape
from .model import GATES, Layer, Model, pad_input


@dataclass(frozen=True)
class QLayer:
    w_ih: np.ndarray       # (4H, I_l) int64 Q0.5 codes, zero outside p_ih
    w_hh: np.ndarray       # (4H, H) int64 Q0.5 codes, zero outside p_hh
    bias: np.ndarray       # (4H,) int64 Q5.10 codes of bias_ih + bias_hh
    p_ih: hcgs.Pattern
    p_hh: hcgs.Pattern


@dataclass(frozen=True)
class QModel:
    layers: tuple[QLayer, ...]
    raw_isize: int

    @property
    def isize(self) -> int:
        return self.layers[0].w_ih.shape[1]

    @property
    def hsize(self) -> int:
        return self.layers[0].w_hh.shape[1]

    def pad_input(self, x) -> np.ndarray:
        return pad_input(x, self.raw_isize, self.isize)

    def shape(self) -> ModelShape:
        keep = tuple(LayerKeep(l.p_ih.k1, l.p_ih.k2, l.p_hh.k1, l.p_hh.k2) for l in self.layers)
        return ModelShape(len(self.layers), self.isize, self.hsize, keep, self.raw_isize)


def gate_rows(mask: np.ndarray) -> np.ndarray:
    """A (H, cols) mask repeated for the four gates: (4H, cols)."""
    return np.tile(mask, (GATES, 1))


def quantise_model(model: Model) -> QModel:
    """Integer model of a float model with masks."""
    layers = []
    for l, (pi, ph) in zip(model.layers, model.patterns()):
        layers.append(QLayer(F.quantise(l.weight_ih, F.W_FRAC, F.W_W) * gate_rows(pi.to_mask()),
                             F.quantise(l.weight_hh, F.W_FRAC, F.W_W) * gate_rows(ph.to_mask()),
                             F.quantise(l.bias_ih + l.bias_hh, F.B_FRAC, F.B_W), pi, ph))
    return QModel(tuple(layers), model.raw_isize)


def dequantise_model(q: QModel) -> Model:
    """Float model whose values are exactly the codes' values (bias all in bias_ih)."""
    layers = tuple(Layer(F.dequantise(l.w_ih, F.W_FRAC), F.dequantise(l.w_hh, F.W_FRAC),
                         F.dequantise(l.bias, F.B_FRAC), np.zeros(l.bias.shape),
                         l.p_ih.to_mask(), l.p_hh.to_mask()) for l in q.layers)
    return Model(layers, q.raw_isize)


def quantise_input(x) -> np.ndarray:
    """Q2.10 codes of float inputs (already padded, see `Model.pad_input`)."""
    return F.quantise(x, F.X_FRAC, F.X_W)


def dequantise_h(codes) -> np.ndarray:
    """Float values of Q2.10 codes (inputs or hidden state)."""
    return F.dequantise(codes, F.X_FRAC)
