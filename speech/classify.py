"""The off-chip classifier: digit scores from the mean of the last layer's h over an utterance."""
from __future__ import annotations

import numpy as np


def scores(h: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """(10,) scores of h (T, H) (floats; fixed-point h dequantised first)."""
    return weight @ h.mean(axis=0) + bias


def digit(h: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> int:
    return int(np.argmax(scores(h, weight, bias)))


def confusion(truth, pred, classes: int = 10) -> np.ndarray:
    """(classes, classes) counts: rows = spoken digit, columns = recognised digit."""
    m = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(m, (np.asarray(truth), np.asarray(pred)), 1)
    return m


def format_confusion(m: np.ndarray) -> str:
    n = m.shape[0]
    lines = ["spoken \\ recognised " + " ".join(f"{j:>4}" for j in range(n))]
    lines += [f"{i:>19} " + " ".join(f"{v:>4}" for v in m[i]) for i in range(n)]
    return "\n".join(lines)


def accuracy_line(m: np.ndarray) -> str:
    k, n = int(np.trace(m)), int(m.sum())
    return f"accuracy: {100 * k / n:.1f}% ({k}/{n})"
