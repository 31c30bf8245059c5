"""Training pieces that must agree with the golden model (PyTorch: skipped without it)."""
from __future__ import annotations

import numpy as np
import pytest

from golden import formats as F
from golden import float_ref, hcgs
from speech import rtl

torch = pytest.importorskip("torch")
from speech import train  # noqa: E402


def test_ste_quantiser_is_the_golden_weight_quantiser():
    v = np.concatenate([np.arange(-70, 70) / 64, np.random.default_rng(1).uniform(-1.2, 1.2, 2000)])
    w = torch.tensor(v, dtype=torch.float32, requires_grad=True)
    q = train._ste(w, torch)
    assert np.array_equal(q.detach().numpy().astype(np.float64) * 32, F.quantise(v.astype(np.float32), F.W_FRAC, F.W_W))
    q.sum().backward()
    assert torch.all(w.grad == 1)    # straight through


def test_masks_are_balanced_hcgs():
    (mi, mh), _ = train.masks_for(4, 2, seed=3)
    assert mi.shape == (512, 512) and hcgs.from_mask(mi).k1 == 4 and hcgs.from_mask(mh).k2 == 2


def test_torch_forward_is_the_golden_float_model():
    """The network PyTorch trains (masked, quantised weights through torch's LSTM) computes what
    golden.float_ref computes on the exported model file."""
    torch.manual_seed(0)
    net = train._Net("hcgs", train.masks_for(4, 2, seed=1), torch)
    net.eval()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, 6, 440)).astype(np.float32)
    with torch.no_grad():
        ref = net(torch.from_numpy(x), torch.tensor([6])).numpy()[0]
    sm = net.export(np.zeros(40), np.ones(40))
    h = float_ref.run(sm.lstm, x[0].astype(np.float64))
    got = sm.classifier_weight @ h.mean(axis=0) + sm.classifier_bias
    assert np.allclose(got, ref, atol=1e-4), (got, ref)


def test_rtl_batches_respect_the_player_ring():
    assert rtl.batches([500, 500, 30, 1000, 1]) == [[0, 1], [2], [3, 4]]
    with pytest.raises(rtl.RtlError, match="one harness run holds at most 1024"):
        rtl.batches([1025])
