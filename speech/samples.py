"""The committed test utterances (models/fsdd/test_utterances.npz): Q2.10 input codes of a few
FSDD test files, made with a model's normalisation, for `make test` (no dataset needed).

Arrays: `codes` (frames, 440) int16, the utterances back to back; `lengths` (n,) int64;
`digits` (n,) int64; `names` (n,) unicode file stems. Derived from FSDD recordings:
CC BY-SA 4.0, attribution in models/fsdd/README.md.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from golden import quant

from . import corpus, data
from .modelfile import SpeechModel


def write(sm: SpeechModel, utts: list[data.Utterance], out) -> None:
    xs = corpus.frames(utts, sm.feature_mean, sm.feature_std)
    codes = np.concatenate([quant.quantise_input(x) for x in xs]).astype(np.int16)
    np.savez_compressed(Path(out), codes=codes, lengths=np.array([len(x) for x in xs], dtype=np.int64),
                        digits=np.array([u.digit for u in utts], dtype=np.int64),
                        names=np.array([u.name for u in utts]))


def read(path) -> tuple[list[np.ndarray], np.ndarray, list[str]]:
    """(codes per utterance (T, 440) int64, digits, names)."""
    with np.load(Path(path), allow_pickle=False) as f:
        codes, lengths, digits, names = f["codes"], f["lengths"], f["digits"], f["names"]
    parts = np.split(codes.astype(np.int64), np.cumsum(lengths)[:-1])
    return parts, digits, [str(n) for n in names]
