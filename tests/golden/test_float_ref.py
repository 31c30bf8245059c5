"""The float reference against an independent per-element loop, and against PyTorch when present."""
import math

import numpy as np
import pytest

from golden import float_ref, model
from golden.config import LayerKeep, ModelShape

SHAPE = ModelShape(2, 64, 32, (LayerKeep(2, 3, 1, 2), LayerKeep(1, 5, 1, 8)), raw_isize=40)


def _loop(m: model.Model, x, starts):
    """Plain Python: one multiply-add at a time, masks applied element by element."""
    h_size = m.hsize
    sig = lambda v: 1 / (1 + math.exp(-v))
    out = []
    for seq, st in zip(x, starts):
        u_seq = [list(frame) + [0.0] * (m.isize - len(frame)) for frame in seq]
        for l in m.layers:
            h, c, hs = [0.0] * h_size, [0.0] * h_size, []
            for t, u in enumerate(u_seq):
                if st[t]:
                    h, c = [0.0] * h_size, [0.0] * h_size
                z = []
                for row in range(4 * h_size):
                    r = row % h_size
                    s = l.bias_ih[row] + l.bias_hh[row]
                    for k, v in enumerate(u):
                        if l.mask_ih[r, k]:
                            s += l.weight_ih[row, k] * v
                    for k, v in enumerate(h):
                        if l.mask_hh[r, k]:
                            s += l.weight_hh[row, k] * v
                    z.append(s)
                c = [sig(z[h_size + r]) * c[r] + sig(z[r]) * math.tanh(z[2 * h_size + r]) for r in range(h_size)]
                h = [sig(z[3 * h_size + r]) * math.tanh(c[r]) for r in range(h_size)]
                hs.append(h)
            u_seq = hs
        out.append(u_seq)
    return np.array(out)


def test_matches_plain_loop():
    m = model.random_model(SHAPE, 5, gain=2.0)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 5, 40))
    starts = np.array([[True, False, False, True, False], [True, False, False, False, False]])
    want = _loop(m, x, starts)
    assert np.abs(float_ref.run(m, x, seq_start=starts) - want).max() < 1e-12
    assert np.abs(float_ref.run(m, x[1]) - want[1]).max() < 1e-12
    layers = float_ref.run(m, x, seq_start=starts, all_layers=True)
    assert layers.shape == (2, 2, 5, 32)
    np.testing.assert_allclose(layers[-1], float_ref.run(m, x, seq_start=starts), rtol=0, atol=1e-12)


def test_seq_start_restarts_the_state():
    m = model.random_model(SHAPE, 5)
    x = np.random.default_rng(2).normal(size=(6, 40))
    starts = np.zeros(6, bool)
    starts[3] = True
    out = float_ref.run(m, x, seq_start=starts)
    # Float runs of different batch shapes take different BLAS paths: equal to rounding, not to the bit.
    np.testing.assert_allclose(out[3:], float_ref.run(m, x[3:]), rtol=0, atol=1e-12)
    assert np.abs(out[3:] - float_ref.run(m, x)[3:]).max() > 1e-3


def test_bad_seq_start():
    m = model.random_model(SHAPE, 5)
    with pytest.raises(ValueError, match=r"seq_start must be a bool array of shape \(4,\)"):
        float_ref.run(m, np.zeros((4, 40)), seq_start=np.zeros(5, bool))


def test_matches_torch():
    torch = pytest.importorskip("torch")
    m = model.random_model(SHAPE, 7, gain=2.0)
    lstm = torch.nn.LSTM(m.isize, m.hsize, num_layers=len(m.layers), batch_first=True, dtype=torch.float64)
    state = {}
    for k, l in enumerate(m.layers):
        state[f"weight_ih_l{k}"] = torch.from_numpy(l.weight_ih * np.tile(l.mask_ih, (4, 1)))
        state[f"weight_hh_l{k}"] = torch.from_numpy(l.weight_hh * np.tile(l.mask_hh, (4, 1)))
        state[f"bias_ih_l{k}"] = torch.from_numpy(l.bias_ih)
        state[f"bias_hh_l{k}"] = torch.from_numpy(l.bias_hh)
    lstm.load_state_dict(state)
    x = np.random.default_rng(3).normal(size=(3, 7, 40))
    with torch.no_grad():
        want = lstm(torch.from_numpy(m.pad_input(x)))[0].numpy()
    assert np.abs(float_ref.run(m, x) - want).max() < 1e-12
