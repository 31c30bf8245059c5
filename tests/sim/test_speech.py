"""Real speech on the RTL (issue 12): the committed test utterances' input codes through the
`timit` build on Verilator (the native harness, verif/raw.py), every output beat bit for bit
against the fixed-point model, and the committed 16x model recognises every one of them from
the RTL's own h. The check fires on a model with one weight changed."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from golden import fixed, quant
from speech import classify, cli, modelfile, rtl, samples
from verif import raw, runner

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "models" / "fsdd" / "test_utterances.npz"


def _load():
    sm = modelfile.load(cli.DEFAULT_MODEL)
    q = quant.quantise_model(sm.lstm)
    parts, digits, names = samples.read(SAMPLES)
    return sm, q, [sm.lstm.pad_input(p).astype("int64") for p in parts], digits, names


def test_committed_utterances_on_the_rtl_are_recognised():
    sm, q, codes, digits, names = _load()
    hs, counters = rtl.run(q, codes, folder=runner.BUILD_ROOT / "runs" / "pytest" / "speech", log=lambda *_: None)
    assert counters["CNT_FRAMES"] == sum(len(c) for c in codes)
    errors = _misrecognised(sm, hs, digits, names)
    assert not errors, "; ".join(errors)


def _misrecognised(sm, hs, digits, names) -> list[str]:
    """One line per utterance whose digit, classified from `hs` (h codes per frame), is not
    the one its file name says was spoken."""
    got = [classify.digit(quant.dequantise_h(h), sm.classifier_weight, sm.classifier_bias) for h in hs]
    return [f"{n}: recognised {g}, spoken {d}" for n, g, d in zip(names, got, digits.tolist()) if g != d]


def test_recognition_check_fires_on_a_wrong_classifier():
    """The recognition check above can fail: with the classifier's rows rolled by one digit it
    names every utterance. On the fixed-point model's h (what the RTL must give bit for bit),
    so no simulator is needed."""
    sm, q, codes, digits, names = _load()
    hs = [fixed.run(q, c[None], intermediates=False).h[0] for c in codes]
    assert not _misrecognised(sm, hs, digits, names)
    wrong = dataclasses.replace(sm, classifier_weight=np.roll(sm.classifier_weight, 1, axis=0),
                                classifier_bias=np.roll(sm.classifier_bias, 1))
    errors = _misrecognised(wrong, hs, digits, names)
    assert len(errors) == len(names) and "recognised" in errors[0], errors


def test_rtl_check_fires_on_a_changed_weight():
    sm, q, codes, _, _ = _load()
    x = codes[0]
    starts = [True] + [False] * (len(x) - 1)
    import numpy as np
    with pytest.raises(raw.RawFailure) as e:
        raw.run(rtl.CONFIG, len(x), folder=runner.BUILD_ROOT / "runs" / "pytest" / "speech-corrupt",
                given=(q, x, np.array(starts)), corrupt_model=True, log=lambda *_: None)
    assert "output frame " in str(e.value) and "model h=" in str(e.value), str(e.value)
