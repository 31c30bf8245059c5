"""The raw harness (verif/raw.py, `make sim HARNESS=raw`): it builds, its output matches the
golden model on tiny (Verilator), and its checks fire: a corrupted model, a watchdog too
short, more frames than the player holds."""
from __future__ import annotations

import pytest

from verif import raw, runner


def _folder(name):
    return runner.BUILD_ROOT / "runs" / "pytest" / f"raw-{name}"


def test_raw_tiny_matches_golden():
    r = raw.run("tiny", 6, seed=3, backpressure="medium", idle="light", folder=_folder("tiny"))
    assert r.frames == 6 and r.counters["CNT_FRAMES"] == 6
    assert r.stream_cycles >= 6 * r.ideal_cycles_per_frame


def test_raw_check_fires_on_corrupt_model():
    with pytest.raises(raw.RawFailure) as e:
        raw.run("tiny", 2, seed=3, folder=_folder("corrupt"), corrupt_model=True, replay_cmd="REPLAY")
    msg = str(e.value)
    assert "output frame 0, beat" in msg and "model h=" in msg and "replay: REPLAY" in msg, msg


def test_raw_watchdog_fires():
    with pytest.raises(raw.RawFailure) as e:
        raw.run("tiny", 4, seed=3, folder=_folder("watchdog"), max_cycles=300)
    assert "watchdog: 0 output frames of 4 after" in str(e.value), str(e.value)


def test_raw_too_many_frames():
    _folder("big").mkdir(parents=True, exist_ok=True)
    with pytest.raises(raw.RawFailure) as e:
        raw.prepare(_folder("big"), "tiny", (1 << raw.RING_AW) // 16 + 1, 1)
    assert "the raw harness holds" in str(e.value)
