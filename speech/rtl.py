"""Utterances through the RTL: the native Verilator harness (verif/raw.py) on the `timit` build
streams the input codes of several utterances back to back (TUSER sequence start at each one's
first frame), every output beat is checked bit for bit against the fixed-point model, and the
RTL's own h is returned for the classifier."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from golden.quant import QModel
from verif import raw, runner

CONFIG = "timit"
#: Input frames per harness run: the player's ring holds 2**17 beats = 1024 timit frames.
MAX_FRAMES = (1 << raw.RING_AW) // (512 // 4)


class RtlError(AssertionError):
    """The RTL disagreed with the fixed-point model, or the harness failed: a bug to report."""


def batches(lengths: list[int], limit: int = MAX_FRAMES) -> list[list[int]]:
    """Consecutive utterance indices grouped so that each group has at most `limit` frames."""
    out, cur, n = [], [], 0
    for i, t in enumerate(lengths):
        if t > limit:
            raise RtlError(f"utterance {i} has {t} frames; one harness run holds at most {limit}")
        if cur and n + t > limit:
            out.append(cur)
            cur, n = [], 0
        cur.append(i)
        n += t
    if cur:
        out.append(cur)
    return out


def run(q: QModel, codes: list[np.ndarray], folder: Path | None = None, log=print):
    """RTL h (T_u, H) codes of every utterance's input codes (T_u, ISIZE), each checked bit for bit
    against golden.fixed; returns (list of h, counters summed over the runs)."""
    folder = Path(folder or runner.BUILD_ROOT / "speech" / "rtl")
    hs: list[np.ndarray] = []
    totals: dict[str, int] = {}
    groups = batches([len(c) for c in codes])
    for g, idx in enumerate(groups):
        x = np.concatenate([codes[i] for i in idx])
        starts = np.zeros(len(x), dtype=bool)
        starts[np.cumsum([0] + [len(codes[i]) for i in idx[:-1]])] = True
        try:
            r = raw.run(CONFIG, len(x), folder=folder / f"run{g}", given=(q, x, starts), log=log,
                        replay_cmd=f"python -m speech eval ... --mode rtl (harness run {g}: {folder / f'run{g}'})")
        except raw.RawFailure as e:
            raise RtlError(f"RTL run {g} ({len(idx)} utterances, {len(x)} frames): {e}") from None
        h = raw.rtl_h(r.folder, q.hsize)
        for k, v in r.counters.items():
            totals[k] = totals.get(k, 0) + v
        hs.extend(np.split(h, np.cumsum([len(codes[i]) for i in idx[:-1]])))
        log(f"rtl: run {g + 1}/{len(groups)}: {len(idx)} utterances, {len(x)} frames, every beat bit-exact")
    return hs, totals
