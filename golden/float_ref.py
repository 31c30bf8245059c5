"""Float64 reference of the stacked LSTM (PyTorch `nn.LSTM` semantics, masks applied)."""
from __future__ import annotations

import numpy as np

from .model import GATES, Model
from .seq import batch_view, seq_starts


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))   # no overflow for large |x|


def run(model: Model, x, seq_start=None, all_layers: bool = False) -> np.ndarray:
    """h of the last layer for inputs x (T, I) or (B, T, I): (T, H) or (B, T, H).

    Inputs may be unpadded (see `Model.pad_input`). `seq_start` as in `golden.fixed.run`.
    With `all_layers`, h of every layer: (L, [B,] T, H).
    """
    u, squeeze = batch_view(model.pad_input(x))
    starts = seq_starts(seq_start, u.shape[:2], squeeze)
    b, t_len = u.shape[:2]
    h_size = model.hsize
    out = []
    for l in model.layers:
        w_ih, w_hh = l.weight_ih, l.weight_hh
        if l.mask_ih is not None:
            w_ih = w_ih * np.tile(l.mask_ih, (GATES, 1))
            w_hh = w_hh * np.tile(l.mask_hh, (GATES, 1))
        pre = u @ w_ih.T + (l.bias_ih + l.bias_hh)
        h = np.zeros((b, h_size))
        c = np.zeros((b, h_size))
        hs = np.empty((b, t_len, h_size))
        for t in range(t_len):
            h[starts[:, t]] = 0.0
            c[starts[:, t]] = 0.0
            z = pre[:, t] + h @ w_hh.T
            i, f, g, o = (z[:, k * h_size:(k + 1) * h_size] for k in range(GATES))
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            hs[:, t] = h
        out.append(hs)
        u = hs
    res = np.stack(out)[:, 0] if squeeze else np.stack(out)
    return res if all_layers else res[-1]
