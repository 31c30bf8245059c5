"""The chip's front end, on the host: Kaldi-compatible log-mel filterbanks, normalised,
spliced, quantised to the input format of the contract (docs/architecture.md, section 12).

40 mel bins, 25 ms windows every 10 ms (kaldi-native-fbank, no dither, so the features of a
file are always the same), mean and standard deviation per bin from the training set (stored
in the model file), 5 frames of context on each side (edge frames repeated): 440 values per
frame. The models take 440 inputs; the tools zero-pad them to the build's padded size (512 on
`timit`) and quantise them to Q2.10 codes (saturating at +-4 standard deviations).
"""
from __future__ import annotations

import numpy as np

from golden import quant

from .data import SAMPLE_RATE

NUM_BINS = 40
FRAME_LENGTH_MS = 25
FRAME_SHIFT_MS = 10
CONTEXT = 5
SPLICED = NUM_BINS * (2 * CONTEXT + 1)   # 440
#: What a model file records of its front end (`frontend` array): checked when it is loaded.
FRONTEND = np.array([SAMPLE_RATE, NUM_BINS, FRAME_LENGTH_MS, FRAME_SHIFT_MS, CONTEXT], dtype=np.int64)


def _options():
    import kaldi_native_fbank as knf
    o = knf.FbankOptions()
    o.frame_opts.samp_freq = SAMPLE_RATE
    o.frame_opts.frame_length_ms = FRAME_LENGTH_MS
    o.frame_opts.frame_shift_ms = FRAME_SHIFT_MS
    o.frame_opts.dither = 0.0
    o.mel_opts.num_bins = NUM_BINS
    return knf, o


def fbank(samples: np.ndarray) -> np.ndarray:
    """(T, 40) float64 log-mel energies of int16-scaled samples at 8 kHz; T >= 1."""
    knf, o = _options()
    fb = knf.OnlineFbank(o)
    fb.accept_waveform(SAMPLE_RATE, np.asarray(samples, dtype=np.float32).tolist())
    fb.input_finished()
    n = fb.num_frames_ready
    if n < 1:
        raise ValueError(f"{len(samples)} samples are shorter than one {FRAME_LENGTH_MS} ms window")
    return np.array([fb.get_frame(i) for i in range(n)], dtype=np.float64)


def splice(f: np.ndarray, context: int = CONTEXT) -> np.ndarray:
    """(T, D) -> (T, D * (2 context + 1)): frames t-context .. t+context, edges repeated."""
    t = f.shape[0]
    idx = np.clip(np.arange(t)[:, None] + np.arange(-context, context + 1)[None, :], 0, t - 1)
    return f[idx].reshape(t, -1)


def stats(fbanks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per-bin mean and standard deviation over every frame of `fbanks` (the training set)."""
    a = np.concatenate(fbanks)
    return a.mean(axis=0), a.std(axis=0)


def normalise(f: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    return (f - mean) / std


def frames(samples: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """(T, 440) float features of an utterance: fbank, normalised, spliced."""
    return splice(normalise(fbank(samples), mean, std))


def codes(x: np.ndarray, isize: int) -> np.ndarray:
    """(T, isize) int64 Q2.10 codes of (T, 440) float features, zero-padded to `isize`."""
    if x.shape[-1] > isize:
        raise ValueError(f"{x.shape[-1]} features per frame do not fit an input size of {isize}")
    pad = np.zeros(x.shape[:-1] + (isize - x.shape[-1],))
    return quant.quantise_input(np.concatenate([x, pad], axis=-1))
