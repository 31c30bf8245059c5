"""The Free Spoken Digit Dataset (FSDD) layout: `{digit}_{speaker}_{take}.wav`, 8 kHz mono.

Labels come from the file names. The dataset's own split: takes 0-4 of every speaker and
digit are the test set, the rest the training set. Reading WAV files uses the standard
library only.
"""
from __future__ import annotations

import re
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 8000
TEST_TAKES = range(0, 5)
_NAME = re.compile(r"^(\d)_([A-Za-z0-9-]+)_(\d+)\.wav$")


class DataError(ValueError):
    """A missing folder, a file name without a label, or a WAV file the front end cannot take."""


@dataclass(frozen=True)
class Utterance:
    path: Path
    digit: int
    speaker: str
    take: int

    @property
    def is_test(self) -> bool:
        return self.take in TEST_TAKES

    @property
    def name(self) -> str:
        return self.path.stem


def parse_name(path: Path) -> Utterance:
    m = _NAME.match(path.name)
    if not m:
        raise DataError(f"{path}: file name must be <digit>_<speaker>_<take>.wav (FSDD), e.g. 7_jackson_12.wav")
    return Utterance(path, int(m.group(1)), m.group(2), int(m.group(3)))


def find(folder, split: str = "all", limit: int | None = None) -> list[Utterance]:
    """Every `*.wav` in `folder` (or its `recordings/`), sorted by name; `split` = all|train|test.

    `limit` takes the first n of the sorted list after interleaving digits and speakers, so
    a small LIMIT still covers every digit: sorted by (take, speaker, digit)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"DATA={folder}: not a folder (point DATA= at a folder of FSDD wav files, "
                        f"e.g. free-spoken-digit-dataset/recordings)")
    if not any(folder.glob("*.wav")) and (folder / "recordings").is_dir():
        folder = folder / "recordings"
    files = sorted(folder.glob("*.wav"))
    if not files:
        raise DataError(f"DATA={folder}: no .wav files there")
    utts = [parse_name(p) for p in files]
    if split not in ("all", "train", "test"):
        raise DataError(f"split {split!r}: allowed all, train, test")
    if split != "all":
        utts = [u for u in utts if u.is_test == (split == "test")]
        if not utts:
            raise DataError(f"DATA={folder}: no {split} files (test = takes {TEST_TAKES.start}-{TEST_TAKES.stop - 1})")
    utts.sort(key=lambda u: (u.take, u.speaker, u.digit))
    if limit is not None:
        if limit < 1:
            raise DataError(f"LIMIT={limit}: must be at least 1")
        utts = utts[:limit]
    return utts


def read_wav(path) -> np.ndarray:
    """Samples of an 8 kHz mono 16-bit WAV file as float32 in int16 units (what Kaldi expects)."""
    try:
        with wave.open(str(path), "rb") as w:
            rate, ch, width, n = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
            raw = w.readframes(n)
    except (wave.Error, EOFError) as e:
        raise DataError(f"{path}: not a readable PCM WAV file ({e})") from None
    if rate != SAMPLE_RATE or ch != 1 or width != 2:
        raise DataError(f"{path}: {rate} Hz, {ch} channel(s), {8 * width}-bit; the front end takes "
                        f"{SAMPLE_RATE} Hz mono 16-bit PCM")
    return np.frombuffer(raw, dtype="<i2").astype(np.float32)
