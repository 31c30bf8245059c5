"""`make speech-table`: the paper's kind of table, measured on the FSDD test set, and the plot.

Rows: the dense float model and the HCGS 4x, 8x, 16x models. Columns: accuracy with the float
datapath (golden.float_ref), with the chip's fixed-point datapath and 6-bit weights
(golden.fixed), on the RTL (Verilator, `timit` build, first LIMIT test utterances; only models
that fit the build's memories), weight and index memory, cycles per frame (ideal = kept weights
/ 64 lanes; measured CNT_BUSY / frames where the RTL ran). Writes build/speech/table.md and
build/speech/accuracy.png.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from golden import budget, hcgs
from golden.config import PRESETS, LayerKeep, ModelShape
from golden.model import ModelError

from . import data, evaluate, modelfile

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "build" / "speech"


@dataclass(frozen=True)
class Row:
    name: str
    path: Path
    compression: int


ROWS = (Row("dense float", OUT / "models" / "dense.npz", 1),
        Row("HCGS 4x (K1=4, K2=8)", REPO / "models" / "fsdd" / "hcgs4x.npz", 4),
        Row("HCGS 8x (K1=4, K2=4)", REPO / "models" / "fsdd" / "hcgs8x.npz", 8),
        Row("HCGS 16x (K1=4, K2=2)", REPO / "models" / "fsdd" / "hcgs16x.npz", 16))


def dense_masks(sm: modelfile.SpeechModel) -> modelfile.SpeechModel:
    """The dense model with all-ones masks (the dense HCGS pattern), so it can be quantised."""
    m = sm.lstm
    masks = [(np.ones((m.hsize, m.isize if k == 0 else m.hsize), dtype=bool), np.ones((m.hsize, m.hsize), dtype=bool))
             for k in range(len(m.layers))]
    return modelfile.SpeechModel(m.with_masks(masks), sm.classifier_weight, sm.classifier_bias,
                                 sm.feature_mean, sm.feature_std)


def memory_and_cycles(sm: modelfile.SpeechModel):
    """(weight KiB, index KiB, ideal cycles per frame, fits the timit build)."""
    shape = sm.lstm.shape()
    timit = PRESETS["timit"].hw
    fits = not budget.start_errors(shape, timit)
    hw = timit    # storage counts the words a model needs on the chip's organisation, fitting or not
    s = budget.storage(shape, hw)
    kept = sum(4 * shape.hsize * (p.to_mask()[0].sum() + q.to_mask()[0].sum()) for p, q in sm.lstm.patterns())
    return s.weight_bits / 8 / 1024, s.index_bits / 8 / 1024, kept / hw.lanes, fits


def main_table(a) -> int:
    test = data.find(a.data, "test")
    rtl_utts = test[:a.rtl_limit] if a.rtl_limit is not None else test
    rows, plot = [], []
    for r in ROWS:
        path = Path(a.models) / r.path.name if a.models else r.path
        if not path.is_file():
            rows.append(f"| {r.name} | {r.compression}x | - | - | - | - | - | model not found: {path} "
                        f"(`make train-speech`) |")
            continue
        sm = modelfile.load(path)
        note = ""
        if not sm.lstm.has_masks:
            sm = dense_masks(sm)
            note = "6-bit: post-training quantisation (trained in float)"
        t0 = time.perf_counter()
        fl = evaluate.recognise(sm, test, "float", log=lambda *_: None)
        fx = evaluate.recognise(sm, test, "fixed", log=lambda *_: None)
        w_kib, i_kib, ideal, fits = memory_and_cycles(sm)
        rtl = "-"
        cyc = f"{ideal:,.0f} ideal"
        if fits and rtl_utts:
            rt = evaluate.recognise(sm, rtl_utts, "rtl", log=print)
            rtl = f"{100 * rt.correct / len(rtl_utts):.1f}% ({rt.correct}/{len(rtl_utts)}), bit-exact"
            cyc += f", {rt.counters['CNT_BUSY'] / rt.frames:,.0f} measured"
        elif not fits:
            rtl = "does not fit the `timit` build"
        acc = lambda o: f"{100 * o.correct / len(test):.1f}% ({o.correct}/{len(test)})"
        rows.append(f"| {r.name} | {r.compression}x | {acc(fl)} | {acc(fx)} | {rtl} | {w_kib:,.0f} | {i_kib:.1f} | "
                    f"{cyc} | {note}".rstrip(" |") + " |")
        plot.append((r.compression, 100 * fl.correct / len(test), 100 * fx.correct / len(test)))
        print(f"{r.name}: float {acc(fl)}, fixed {acc(fx)}, rtl {rtl} ({time.perf_counter() - t0:.0f} s)", flush=True)
    head = ("| model | compression | float datapath | 6-bit, fixed point (golden) | RTL (Verilator, first "
            f"{len(rtl_utts)} test utterances) | weights KiB | index KiB | cycles per frame | note |\n"
            "|---|---|---|---|---|---|---|---|---|")
    text = head + "\n" + "\n".join(rows) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "table.md").write_text(text)
    print(text)
    if plot:
        _plot(plot, OUT / "accuracy.png")
        print(f"wrote {OUT / 'table.md'}, {OUT / 'accuracy.png'}")
    return 0


def _plot(points, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    c, fl, fx = zip(*sorted(points))
    fig, ax = plt.subplots(figsize=(5, 3.4))
    ax.plot(c, fl, "o-", label="float datapath")
    ax.plot(c, fx, "s--", label="6-bit weights, fixed point")
    ax.set_ylim(min(90.0, min(fl + fx) - 2), 100.5)
    ax.set_xscale("log", base=2)
    ax.set_xticks(c, [f"{v}x" for v in c])
    ax.set_xlabel("compression (weights kept: 1 / x)")
    ax.set_ylabel("FSDD test accuracy (%)")
    ax.set_title("Spoken digits, 2 x 512 LSTM")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def add_parser(sub) -> None:
    p = sub.add_parser("table", help="accuracy against compression: table (build/speech/table.md) and plot")
    p.add_argument("--data", required=True)
    p.add_argument("--rtl-limit", type=int, default=None, help="test utterances through the RTL (default: all, 0: none)")
    p.add_argument("--models", help="folder holding hcgs4x/8x/16x.npz (default models/fsdd) and dense.npz "
                                    "(default build/speech/models)")
    p.set_defaults(func=main_table)
