"""A speech model file: the LSTM in the accelerator's model-file format plus the host's
arrays (contract section 12): the off-chip classifier and the front end's normalisation.

| array | shape | |
|---|---|---|
| LSTM arrays (`weight_ih_l0`, ..., `mask_hh_l{k}`) | contract section 3 / README | what the chip runs |
| `classifier_weight`, `classifier_bias` | (10, H), (10,) | digit scores from the mean of the last layer's h over the utterance |
| `feature_mean`, `feature_std` | (40,), (40,) | per mel bin, measured on the training set |
| `frontend` | (5,) int | sample rate, mel bins, window ms, shift ms, context: must equal `features.FRONTEND` |
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from golden import model as gm

from . import features

CLASSES = 10


@dataclass(frozen=True)
class SpeechModel:
    lstm: gm.Model
    classifier_weight: np.ndarray   # (10, H) float64
    classifier_bias: np.ndarray     # (10,)
    feature_mean: np.ndarray        # (40,)
    feature_std: np.ndarray         # (40,)


def _float(path, name, arrays, shape) -> np.ndarray:
    if name not in arrays:
        raise gm.ModelError(f"{path}: {name} is missing: a speech model carries {', '.join(gm.HOST_ARRAYS)} "
                            f"besides the LSTM (docs/architecture.md section 12)")
    a = arrays[name]
    if a.dtype.kind != "f" or a.shape != shape:
        raise gm.ModelError(f"{path}: {name}: expected a floating-point array of shape {shape}, got {a.dtype} {a.shape}")
    if not np.isfinite(a).all():
        raise gm.ModelError(f"{path}: {name}: has non-finite values (nan or inf)")
    return a.astype(np.float64)


def from_arrays(arrays: dict, path="model") -> SpeechModel:
    try:
        lstm = gm.from_arrays(arrays)
    except gm.ModelError as e:
        raise gm.ModelError(f"{path}: {e}") from None
    if lstm.raw_isize != features.SPLICED:
        raise gm.ModelError(f"{path}: weight_ih_l0 takes {lstm.raw_isize} inputs, the front end gives "
                            f"{features.SPLICED} (40 mel bins x 11 frames)")
    fe = arrays.get("frontend")
    if fe is None or fe.shape != features.FRONTEND.shape or fe.dtype.kind not in "iu" \
            or not np.array_equal(fe, features.FRONTEND):
        got = "missing" if fe is None else f"{fe.dtype} {fe.tolist()}"
        raise gm.ModelError(f"{path}: frontend: expected the integers {features.FRONTEND.tolist()} (sample rate, "
                            f"mel bins, window ms, shift ms, context), got {got}")
    std = _float(path, "feature_std", arrays, (features.NUM_BINS,))
    if (std <= 0).any():
        raise gm.ModelError(f"{path}: feature_std: every standard deviation must be positive")
    return SpeechModel(lstm,
                       _float(path, "classifier_weight", arrays, (CLASSES, lstm.hsize)),
                       _float(path, "classifier_bias", arrays, (CLASSES,)),
                       _float(path, "feature_mean", arrays, (features.NUM_BINS,)), std)


def load(path) -> SpeechModel:
    """Read and check a speech model file (never unpickles); ModelError names what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise gm.ModelError(f"MODEL={path}: no such file")
    return from_arrays(gm.read_arrays(path), path)


def _six_bit(a: np.ndarray) -> bool:
    """All values k / 32 with k in -32 .. 31 (then float16 holds them exactly)."""
    k = a * 32
    return bool(np.array_equal(k, np.round(k)) and k.min() >= -32 and k.max() <= 31)


def to_arrays(m: SpeechModel) -> dict[str, np.ndarray]:
    """Float32 arrays; weights that are 6-bit values as float16 (exact, a third of the file)."""
    arrays = {k: (v.astype(np.float16) if k.startswith("weight") and _six_bit(v) else v.astype(np.float32))
              if v.dtype.kind == "f" else v for k, v in gm.to_arrays(m.lstm).items()}
    arrays.update(classifier_weight=m.classifier_weight.astype(np.float32),
                  classifier_bias=m.classifier_bias.astype(np.float32),
                  feature_mean=m.feature_mean.astype(np.float32), feature_std=m.feature_std.astype(np.float32),
                  frontend=features.FRONTEND.copy())
    return arrays


def save(m: SpeechModel, path) -> None:
    """Compressed .npz (`numpy.savez_compressed`)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(Path(path), **to_arrays(m))
