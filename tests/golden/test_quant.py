"""Quantisation of models and inputs into the hardware formats."""
import numpy as np
import pytest

from golden import model, quant
from golden.config import LayerKeep, ModelShape

SHAPE = ModelShape(1, 32, 32, (LayerKeep(1, 8, 1, 8),))


def _model(w_ih=None, b_ih=0.0, b_hh=0.0):
    a = model.to_arrays(model.random_model(SHAPE, 0))
    if w_ih is not None:
        a["weight_ih_l0"] = np.full((128, 32), w_ih)
    a["bias_ih_l0"] = np.full(128, b_ih)
    a["bias_hh_l0"] = np.full(128, b_hh)
    return model.from_arrays(a)


@pytest.mark.parametrize("w,code", [(1.0, 31), (31 / 32, 31), (-1.0, -32), (-1.5, -32), (1 / 64, 0), (3 / 64, 2),
                                    (-1 / 64, 0), (-3 / 64, -2), (0.1, 3)])
def test_weights(w, code):
    assert (quant.quantise_model(_model(w_ih=w)).layers[0].w_ih == code).all()


def test_bias_is_summed_then_rounded_once():
    q = quant.quantise_model(_model(b_ih=1 / 2048, b_hh=1 / 2048 + 1e-9))
    assert (q.layers[0].bias == 1).all()
    assert (quant.quantise_model(_model(b_ih=40.0, b_hh=0.0)).layers[0].bias == 32767).all()


def test_weights_outside_the_mask_are_zero():
    shape = ModelShape(1, 64, 32, (LayerKeep(1, 2, 1, 3),))
    m = model.random_model(shape, 1, gain=8.0)
    q = quant.quantise_model(m)
    keep = np.tile(m.layers[0].mask_ih, (4, 1))
    assert not q.layers[0].w_ih[~keep].any() and q.layers[0].w_ih[keep].any()


def test_dequantise_is_exact():
    q = quant.quantise_model(model.random_model(ModelShape(2, 64, 32, (LayerKeep(1, 2, 1, 3),) * 2), 2))
    back = quant.quantise_model(quant.dequantise_model(q))
    for a, b in zip(q.layers, back.layers):
        assert np.array_equal(a.w_ih, b.w_ih) and np.array_equal(a.w_hh, b.w_hh) and np.array_equal(a.bias, b.bias)
    assert back.shape() == q.shape()


def test_inputs():
    assert quant.quantise_input([0.5 / 1024, 1.5 / 1024, 4.0, -5.0]).tolist() == [0, 2, 4095, -4096]
    assert quant.dequantise_h(np.array([1024, -4096])).tolist() == [1.0, -4.0]


def test_needs_masks():
    a = {k: v for k, v in model.to_arrays(model.random_model(SHAPE, 0)).items() if not k.startswith("mask")}
    with pytest.raises(model.ModelError, match="no masks"):
        quant.quantise_model(model.from_arrays(a))
