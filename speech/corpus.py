"""Features of a list of utterances (data.py files through features.py), and the training set's
normalisation."""
from __future__ import annotations

import numpy as np

from . import data, features


def fbanks(utts: list[data.Utterance]) -> list[np.ndarray]:
    out = []
    for u in utts:
        try:
            out.append(features.fbank(data.read_wav(u.path)))
        except ValueError as e:
            raise data.DataError(f"{u.path}: {e}") from None
    return out


def normalisation(train: list[data.Utterance]) -> tuple[np.ndarray, np.ndarray]:
    """Per-bin mean and standard deviation of the training set's filterbanks."""
    return features.stats(fbanks(train))


def frames(utts: list[data.Utterance], mean: np.ndarray, std: np.ndarray) -> list[np.ndarray]:
    """(T, 440) float features of every utterance."""
    return [features.splice(features.normalise(f, mean, std)) for f in fbanks(utts)]
