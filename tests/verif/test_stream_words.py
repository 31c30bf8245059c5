"""Python side of the SV stream components: player buffer words, backpressure run lengths,
and their input checks (verif/bfm/player.py, verif/bfm/collector.py)."""
from __future__ import annotations

import numpy as np
import pytest

from verif.bfm import player
from verif.bfm.axis import AxisFrame
from verif.bfm.collector import MAX_RUN, pattern_runs, run_lengths
from verif.bfm.patterns import Pattern


def test_words_fields():
    f = AxisFrame([0x1234, 0xFFFF_FFFF_FFFF_FFFF], [1, 0], [False, True])
    w = player.words(f, [3, 0])
    D = player.DATA_W
    assert w[0] & ((1 << D) - 1) == 0x1234 and (w[0] >> D) & 1 == 1
    assert (w[0] >> (D + 2)) & 0xFFFF == 3 and not w[0] >> (D + 2 + player.GAP_W)      # gap 3, no mark
    assert (w[1] >> (D + 1)) & 1 == 1 and w[1] >> (D + 2 + player.GAP_W) == 1          # TLAST, mark


def test_words_gap_out_of_range():
    f = AxisFrame([0], [0], [True])
    with pytest.raises(ValueError, match=r"idle gap 65536 before beat 0: the player takes 0\.\.65535"):
        player.words(f, [player.MAX_GAP + 1])


def test_run_lengths_round_trip_and_split():
    rng = np.random.default_rng(5)
    bits = rng.random(5000) < 0.3
    runs = run_lengths(bits)
    back = np.concatenate([np.full(n, bool(r)) for r, n in runs])
    assert (back == bits).all()
    long = run_lengths(np.ones(MAX_RUN + 10, dtype=bool))
    assert long == [(1, MAX_RUN), (1, 10)]


def test_pattern_runs_are_the_patterns_bits():
    p = Pattern.level("heavy")
    runs = pattern_runs(p, np.random.default_rng(7), max_runs=100)
    bits = p.ready_bits(np.random.default_rng(7), 4096)
    back = np.concatenate([np.full(n, bool(r)) for r, n in runs])
    assert len(runs) == 100 and (back == bits[:len(back)]).all()


class _H:
    def __init__(self, v=0):
        self.value = v


class _Player:
    def __init__(self):
        self.enable, self.fill, self.load, self.taken, self.marks = _H(), _H(), _H(), _H(), _H()


def test_player_refuses_a_frame_larger_than_its_ring(tmp_path):
    import asyncio
    src = player.PlayerSource(_Player(), tmp_path / "play.hex", ring_bits=2)
    f = AxisFrame([0] * 5, [0] * 5, [False] * 4 + [True])
    with pytest.raises(ValueError, match="frame of 5 beats: the player's ring holds 4"):
        asyncio.run(src.send(f))
