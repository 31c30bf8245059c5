"""The front end (speech/features.py) and the FSDD file layout (speech/data.py)."""
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from speech import data, features, samples

ROOT = Path(__file__).resolve().parents[2]
FSDD = Path("/work/shared/data/fsdd")   # tests may read the shared data; skipped where it is absent


def _wav(path: Path, samples_: np.ndarray, rate: int = 8000, width: int = 2, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(np.asarray(samples_, dtype="<i2" if width == 2 else "u1").tobytes())
    return path


def _tone(n=4000, f=440.0):
    return (3000 * np.sin(2 * np.pi * f * np.arange(n) / 8000)).astype(np.int16)


def test_fbank_shape_and_determinism():
    f = features.fbank(_tone())
    assert f.shape == (1 + (4000 - 200) // 80, 40)      # 25 ms windows every 10 ms, edges snipped
    assert np.array_equal(f, features.fbank(_tone()))   # no dither
    # the 440 Hz tone's energy sits in the mel bins around 440 Hz, not at the top
    assert f[5].argmax() < 20


def test_fbank_too_short():
    with pytest.raises(ValueError, match="shorter than one 25 ms window"):
        features.fbank(np.zeros(100))


def test_splice_repeats_edges():
    f = np.arange(3.0)[:, None]
    assert features.splice(f, 1).tolist() == [[0, 0, 1], [0, 1, 2], [1, 2, 2]]
    assert features.splice(np.zeros((7, 40))).shape == (7, 440)


def test_codes_pad_and_saturate():
    x = np.zeros((2, 440))
    x[0, 0], x[0, 1], x[0, 2], x[1, 439] = 5.0, -5.0, 0.5, 1 / 1024
    c = features.codes(x, 512)
    assert c.shape == (2, 512) and c.dtype.kind == "i"
    assert c[0, :3].tolist() == [4095, -4096, 512] and c[1, 439] == 1 and not c[:, 440:].any()
    with pytest.raises(ValueError, match="440 features per frame do not fit an input size of 256"):
        features.codes(x, 256)


def test_find_split_limit_and_labels(tmp_path):
    for d in range(3):
        for take in (0, 4, 5, 9):
            _wav(tmp_path / f"{d}_ann_{take}.wav", _tone(800))
    assert len(data.find(tmp_path)) == 12
    test = data.find(tmp_path, "test")
    assert {u.take for u in test} == {0, 4} and len(test) == 6
    assert [u.take for u in data.find(tmp_path, "train")].count(5) == 3
    # LIMIT takes the first takes of every digit first
    assert [u.digit for u in data.find(tmp_path, "test", limit=3)] == [0, 1, 2]



def test_find_takes_the_recordings_subfolder(tmp_path):
    (tmp_path / "recordings").mkdir()
    _wav(tmp_path / "recordings" / "3_bob_2.wav", _tone(800))
    u = data.find(tmp_path)[0]
    assert (u.digit, u.speaker, u.take, u.is_test) == (3, "bob", 2, True)


@pytest.mark.parametrize("make, message", [
    (lambda p: _wav(p / "seven.wav", _tone(800)), "file name must be <digit>_<speaker>_<take>.wav"),
    (lambda p: _wav(p / "1_ann_0.wav", _tone(800), rate=16000), "16000 Hz, 1 channel"),
    (lambda p: (p / "1_ann_0.wav").write_bytes(b"RIFF0000"), "not a readable PCM WAV file"),
])
def test_bad_files_get_clear_errors(tmp_path, make, message):
    make(tmp_path)
    with pytest.raises(data.DataError, match=message):
        for u in data.find(tmp_path):
            data.read_wav(u.path)


def test_bad_folders_and_limits(tmp_path):
    with pytest.raises(data.DataError, match="not a folder"):
        data.find(tmp_path / "missing")
    with pytest.raises(data.DataError, match="no .wav files"):
        data.find(tmp_path)
    _wav(tmp_path / "1_ann_7.wav", _tone(800))
    with pytest.raises(data.DataError, match="no test files"):
        data.find(tmp_path, "test")
    with pytest.raises(data.DataError, match="LIMIT=0: must be at least 1"):
        data.find(tmp_path, limit=0)


@pytest.mark.skipif(not FSDD.is_dir(), reason="the FSDD recordings are not on this machine")
def test_committed_utterances_are_the_front_ends_codes():
    """models/fsdd/test_utterances.npz holds exactly what the front end makes of those files
    with the committed model's normalisation."""
    from speech import cli, corpus, modelfile
    from golden import quant
    sm = modelfile.load(cli.DEFAULT_MODEL)
    parts, digits, names = samples.read(ROOT / "models" / "fsdd" / "test_utterances.npz")
    utts = [data.parse_name(FSDD / "recordings" / f"{n}.wav") for n in names]
    xs = corpus.frames(utts, sm.feature_mean, sm.feature_std)
    assert [u.digit for u in utts] == digits.tolist()
    for p, x in zip(parts, xs):
        assert np.array_equal(p, quant.quantise_input(x))
