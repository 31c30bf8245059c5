"""The fixed-point model: an independent scalar implementation of contract section 4, the
documented error bound against float, sequence starts and batching."""
import math

import numpy as np
import pytest

from golden import config, fixed, float_ref, hcgs, model, quant
from golden.config import LayerKeep, ModelShape

# ---- an independent, scalar, Python-int implementation of section 4 -----------------------


def _rsr(v, s):                 # round half up: (v + 2^(s-1)) >> s
    return (v + (1 << (s - 1))) >> s


def _sat(v, w):
    return max(-(1 << (w - 1)), min((1 << (w - 1)) - 1, v))


def _signed12(a):
    return a - 4096 if a >= 2048 else a


SIG = [min(4095, round(4096 / (1 + math.exp(-_signed12(a) / 256)))) for a in range(4096)]
TANH = [max(-4096, min(4095, round(4096 * math.tanh(_signed12(a) / 256)))) for a in range(4096)]


def _scalar_layer(w_ih, w_hh, bias, xs, starts):
    """Lists of ints in, a dict of per-timestep lists out; one cell at a time."""
    h_size = len(w_hh[0])
    h, c = [0] * h_size, [0] * h_size
    out = {k: [] for k in ("acc", "z", "act", "c", "tc", "h")}
    for t, x in enumerate(xs):
        if starts[t]:
            h, c = [0] * h_size, [0] * h_size
        acc = [[(bias[g * h_size + r] << 5)
                + sum(w * u for w, u in zip(w_ih[g * h_size + r], x))
                + sum(w * u for w, u in zip(w_hh[g * h_size + r], h))
                for r in range(h_size)] for g in range(4)]
        z = [[_sat(_rsr(a, 7), 12) for a in row] for row in acc]
        act = [[(TANH if g == 2 else SIG)[v & 0xFFF] for v in z[g]] for g in range(4)]
        i, f, gg, o = act
        c = [_sat(_rsr(((f[r] * c[r]) << 2) + i[r] * gg[r], 14), 16) for r in range(h_size)]
        tc = [TANH[_sat(_rsr(c[r], 2), 12) & 0xFFF] for r in range(h_size)]
        h = [_sat(_rsr(o[r] * tc[r], 14), 13) for r in range(h_size)]
        for k, v in (("acc", acc), ("z", z), ("act", act), ("c", c), ("tc", tc), ("h", h)):
            out[k].append(v)
    return out


def _dense_qmodel(w_ih, w_hh, bias):
    p = hcgs.from_mask(np.ones((32, 32), bool))
    return quant.QModel((quant.QLayer(np.array(w_ih), np.array(w_hh), np.array(bias), p, p),), 32)


def _compare(w_ih, w_hh, bias, xs, starts):
    want = _scalar_layer(w_ih, w_hh, bias, xs, starts)
    got = fixed.run(_dense_qmodel(w_ih, w_hh, bias), np.array(xs), seq_start=np.array(starts))
    tr = got.layers[0]
    for k in want:
        assert np.array_equal(getattr(tr, k), np.array(want[k])), k
    assert np.array_equal(got.h, np.array(want["h"]))
    return want


def test_scalar_reference_full_range():
    rng = np.random.default_rng(11)
    w_ih = rng.integers(-32, 32, (128, 32)).tolist()
    w_hh = rng.integers(-32, 32, (128, 32)).tolist()
    bias = rng.integers(-32768, 32768, 128).tolist()
    xs = rng.integers(-4096, 4096, (8, 32)).tolist()
    want = _compare(w_ih, w_hh, bias, xs, [True, False, False, False, True, False, False, False])
    z = np.array(want["z"])
    assert (z == 2047).any() and (z == -2048).any()         # both saturation ends exercised


def test_scalar_reference_cell_saturates():
    # i, f, g driven to their maxima by the bias: c grows by ~1 per step and saturates at +32.
    rng = np.random.default_rng(12)
    w_ih = rng.integers(-2, 3, (128, 32)).tolist()
    w_hh = rng.integers(-2, 3, (128, 32)).tolist()
    bias = [32767] * 96 + rng.integers(-4096, 4096, 32).tolist()
    xs = rng.integers(-1024, 1024, (40, 32)).tolist()
    want = _compare(w_ih, w_hh, bias, xs, [True] + [False] * 39)
    assert np.array(want["c"])[-1].max() == 32767


def test_scalar_reference_small_values_round_half_up():
    # Products that land exactly on rounding ties in every shift of the datapath.
    w_ih = [[1] + [0] * 31 for _ in range(128)]
    w_hh = [[0] * 32 for _ in range(128)]
    bias = [0] * 128
    xs = [[v] + [0] * 31 for v in (64, -64, 192, -192, 1, -1)]
    _compare(w_ih, w_hh, bias, xs, [True] * 6)


# ---- properties of golden.fixed --------------------------------------------------------------

SHAPE = ModelShape(2, 64, 32, (LayerKeep(2, 3, 1, 2), LayerKeep(1, 5, 1, 8)), raw_isize=40)


def _qmodel(seed=0, shape=SHAPE, gain=1.0):
    return quant.quantise_model(model.random_model(shape, seed, gain=gain))


def test_batch_equals_one_by_one():
    q = _qmodel()
    x = quant.quantise_input(np.random.default_rng(0).normal(size=(3, 6, 40)))
    starts = np.zeros((3, 6), bool)
    starts[1, 2] = True
    res = fixed.run(q, x, seq_start=starts)
    for b in range(3):
        one = fixed.run(q, x[b], seq_start=starts[b])
        assert np.array_equal(one.h, res.h[b])
        for lb, lo in zip(res.layers, one.layers):
            assert all(np.array_equal(getattr(lb, k)[b], getattr(lo, k)) for k in ("acc", "z", "act", "c", "tc", "h"))
    assert np.array_equal(fixed.run(q, x, seq_start=starts, intermediates=False).h, res.h)


def test_seq_start_zeroes_every_layer():
    q = _qmodel()
    x = quant.quantise_input(np.random.default_rng(1).normal(size=(7, 40)))
    starts = np.zeros(7, bool)
    starts[4] = True
    res, tail = fixed.run(q, x, seq_start=starts), fixed.run(q, x[4:])
    for lr, lt in zip(res.layers, tail.layers):
        assert np.array_equal(lr.c[4:], lt.c) and np.array_equal(lr.h[4:], lt.h)
    assert res.seq_start.tolist() == [True, False, False, False, True, False, False]


def test_intermediates_are_consistent():
    q = _qmodel()
    res = fixed.run(q, quant.quantise_input(np.random.default_rng(2).normal(size=(2, 5, 40))))
    for k, l in enumerate(res.layers):
        assert l.acc.shape == (2, 5, 4, 32) and l.h.shape == (2, 5, 32)
        assert np.array_equal(l.z, np.clip((l.acc + 64) >> 7, -2048, 2047))
        assert l.act[..., [0, 1, 3], :].min() >= 0 and l.act.max() <= 4095
        assert np.abs(l.h).max() <= 1024
    assert np.array_equal(res.layers[1].h, res.h)


def test_input_checks():
    q = _qmodel()
    with pytest.raises(ValueError, match="integer Q2.10 codes"):
        fixed.run(q, np.zeros((2, 40)))
    with pytest.raises(ValueError, match=r"input codes must be in -4096 \.\. 4095"):
        fixed.run(q, np.full((2, 40), 5000))
    with pytest.raises(ValueError, match=r"inputs must be \(T, features\) or \(B, T, features\)"):
        fixed.run(q, np.zeros(40, dtype=int))


# The bound documented in docs/architecture.md section 4 (fixed point against float).
BOUND_MAX, BOUND_MEAN = 2.0**-6, 2.0**-10
BOUND_SHAPES = [config.preset("tiny").shape, config.preset("small").shape,
                ModelShape(2, 64, 128, (LayerKeep(2, 8, 4, 8),) * 2),
                ModelShape(1, 32, 256, (LayerKeep(1, 2, 2, 2),))]


@pytest.mark.parametrize("gain", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("shape", BOUND_SHAPES, ids=["tiny", "small", "dense128", "sparse256"])
def test_fixed_against_float_bound(shape, gain):
    for seed in range(2):
        q = _qmodel(seed, shape, gain)
        x = np.random.default_rng(seed).normal(size=(4, 120, shape.raw_isize or shape.isize)) * (1 + seed)
        xc = quant.quantise_input(x)
        err = np.abs(quant.dequantise_h(fixed.run(q, xc, intermediates=False).h)
                     - float_ref.run(quant.dequantise_model(q), quant.dequantise_h(xc)))
        assert err.max() < BOUND_MAX and err.mean() < BOUND_MEAN
