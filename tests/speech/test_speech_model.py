"""Speech model files (speech/modelfile.py, contract section 12): round trip, the golden tools
read their LSTM part, and every check fires with a message naming the array."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from golden import model as gm
from golden.config import LayerKeep, ModelShape
from speech import classify, features, modelfile

ROOT = Path(__file__).resolve().parents[2]


def _arrays(h=32, seed=0):
    shape = ModelShape(2, 448, h, (LayerKeep(1, 2, 1, 2),) * 2, 440)
    m = gm.random_model(shape, seed)
    rng = np.random.default_rng(seed)
    sm = modelfile.SpeechModel(m, rng.normal(size=(10, h)), rng.normal(size=10), rng.normal(size=40),
                               rng.uniform(1, 2, 40))
    return modelfile.to_arrays(sm)


def _save(tmp_path, arrays, name="m.npz"):
    p = tmp_path / name
    np.savez_compressed(p, **arrays)
    return p


def test_round_trip_and_golden_reads_the_lstm(tmp_path):
    a = _arrays()
    p = _save(tmp_path, a)
    sm = modelfile.load(p)
    assert sm.classifier_weight.shape == (10, 32) and sm.lstm.raw_isize == 440 and sm.lstm.isize == 448
    assert np.array_equal(sm.feature_std, a["feature_std"].astype(np.float64))
    lstm = gm.load_npz(p)    # the golden tools skip the host arrays
    assert np.array_equal(lstm.layers[1].weight_hh, sm.lstm.layers[1].weight_hh)
    # an unknown name is still an error, naming the host arrays as allowed
    with pytest.raises(gm.ModelError, match="unexpected array 'fc_weight'.*classifier_weight"):
        gm.from_arrays({**a, "fc_weight": np.zeros(3)})


@pytest.mark.parametrize("edit, message", [
    (lambda a: a.pop("classifier_weight"), "classifier_weight is missing: a speech model carries"),
    (lambda a: a.update(classifier_bias=np.zeros(9, np.float32)), r"classifier_bias: expected a floating-point array of shape \(10,\)"),
    (lambda a: a.update(classifier_weight=np.zeros((10, 32), np.int64)), "classifier_weight: expected a floating-point"),
    (lambda a: a.update(feature_mean=np.full(40, np.nan, np.float32)), "feature_mean: has non-finite values"),
    (lambda a: a.update(feature_std=np.zeros(40, np.float32)), "feature_std: every standard deviation must be positive"),
    (lambda a: a.pop("frontend"), r"frontend: expected the integers \[8000, 40, 25, 10, 5\].*got missing"),
    (lambda a: a.update(frontend=np.array([16000, 40, 25, 10, 5])), r"frontend: expected .* got int64 \[16000"),
    (lambda a: a.update(weight_ih_l0=a["weight_ih_l0"][:, :400]), "weight_ih_l0 takes 400 inputs, the front end gives 440"),
    (lambda a: a.update(weight_hh_l1=a["weight_hh_l1"][:64]), r"weight_hh_l1: expected shape \(128, 32\)"),
])
def test_malformed_files_get_clear_errors(tmp_path, edit, message):
    a = _arrays()
    edit(a)
    with pytest.raises(gm.ModelError, match=message):
        modelfile.load(_save(tmp_path, a))


def test_cli_error_is_one_line(tmp_path):
    a = _arrays()
    a.pop("feature_mean")
    p = _save(tmp_path, a)
    (tmp_path / "0_x_0.wav").write_bytes(b"")
    r = subprocess.run([sys.executable, "-m", "speech", "eval", "--data", str(tmp_path), "--model", str(p)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "error:" in r.stderr and "feature_mean is missing" in r.stderr, r.stderr
    r = subprocess.run([sys.executable, "-m", "speech", "eval", "--data", str(tmp_path), "--model",
                        str(tmp_path / "nope.npz")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "no such file" in r.stderr, r.stderr


def test_classifier_and_report_lines():
    h = np.zeros((3, 4))
    h[:, 2] = 1.0
    w = np.zeros((10, 4))
    w[7, 2] = 1.0
    assert classify.digit(h, w, np.zeros(10)) == 7
    m = classify.confusion([1, 1, 2, 3], [1, 2, 2, 3])
    assert m[1, 2] == 1 and m.trace() == 3
    assert classify.accuracy_line(m) == "accuracy: 75.0% (3/4)"
    assert classify.format_confusion(m).splitlines()[2].split()[:4] == ["1", "0", "1", "1"]


def test_committed_models_load_and_match_their_compression():
    for name, k2 in (("hcgs4x", 8), ("hcgs8x", 4), ("hcgs16x", 2)):
        sm = modelfile.load(ROOT / "models" / "fsdd" / f"{name}.npz")
        for p_ih, p_hh in sm.lstm.patterns():
            assert (p_ih.k1, p_ih.k2, p_hh.k1, p_hh.k2) == (4, k2, 4, k2)
        # the file holds 6-bit weights: k / 32, k in -32 .. 31, zero outside the mask
        for l in sm.lstm.layers:
            for w, m in ((l.weight_ih, l.mask_ih), (l.weight_hh, l.mask_hh)):
                k = w * 32
                assert np.array_equal(k, np.round(k)) and k.min() >= -32 and k.max() <= 31
                assert not w[~np.tile(m, (4, 1))].any()
