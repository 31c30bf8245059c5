"""HcgsSpeechTest's stimulus plan (verif/uvm/plans.py SpeechPlan) without a simulator: the
committed model and utterances, and its errors for a missing data folder or a bad knob."""
from __future__ import annotations

import pytest

from golden.config import PRESETS
from verif.uvm import plans


def _plan(knobs):
    p = plans.SpeechPlan("plan")
    p.setup(PRESETS["timit"].hw, PRESETS["timit"].shape, knobs, 1)
    return p


def test_samples_plan_streams_the_committed_utterances():
    p = _plan({"speech": "samples"})
    cfg = p.config()
    assert cfg.shape == PRESETS["timit"].shape
    seqs = p.sequences(cfg)
    assert len(seqs) == 5 and all(s.start and s.x.shape[1] == 512 for s in seqs)
    assert p.model(cfg).qmodel.shape() == cfg.shape


def test_testset_needs_the_data_folder(monkeypatch):
    monkeypatch.delenv("HCGS_SPEECH_DATA", raising=False)
    with pytest.raises(ValueError, match="set HCGS_SPEECH_DATA=<folder of FSDD wav files>"):
        _plan({"speech": "testset"}).shape()
    with pytest.raises(ValueError, match="knob speech='wav': allowed samples, testset"):
        _plan({"speech": "wav"}).shape()
