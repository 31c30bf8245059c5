"""The scoreboard's probe-trace check (verif.uvm.scoreboard.trace_disagrees), without a
simulator: a trace written from the golden model's own intermediates agrees; the same
trace with one field wrong (a layer, a cell state) or with lines missing is named."""
from __future__ import annotations

import numpy as np
import pytest

from golden.config import preset
from verif.uvm.items import InFrame
from verif.uvm.refmodel import golden_run
from verif.uvm.scoreboard import trace_disagrees
from verif.uvm.stimulus import random_qmodel

SEED = 11


@pytest.fixture(scope="module")
def run():
    shape = preset("tiny").shape
    rng = np.random.default_rng(SEED)
    q = random_qmodel(shape, rng)
    frames = [InFrame(rng.integers(-4096, 4096, shape.isize), i == 0, shape.isize // 4, True, 0) for i in range(3)]
    return shape, golden_run(q, frames, False)


def write_trace(path, exp, shape, layer_of=lambda l: l, c_delta=None, drop=()):
    """hcgs_tb's trace format: frame layer cell z0..z3 a0..a3 c h time (frame counts from 1 here)."""
    lines = []
    for e in exp:
        for l, st in enumerate(e.stages):
            for cell in range(shape.hsize):
                if (e.index, l, cell) in drop:
                    continue
                c = int(st.c[cell])
                if c_delta and (e.index, l, cell) == c_delta[1:]:
                    c = int(st.c[cell]) + c_delta[0]
                vals = [e.index + 1, layer_of(l), cell, *map(int, st.z[:, cell]), *map(int, st.act[:, cell]),
                        c, int(st.h[cell]), 1000 * cell]
                lines.append(" ".join(map(str, vals)))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_trace_from_the_model_agrees(run, tmp_path):
    shape, exp = run
    assert trace_disagrees(exp, shape, write_trace(tmp_path / "t.txt", exp, shape)) is None


def test_layer_stuck_at_one_is_named(run, tmp_path):
    """The mutant that made this check: hcgs_act's probe layer stuck at 1."""
    shape, exp = run
    msg = trace_disagrees(exp, shape, write_trace(tmp_path / "t.txt", exp, shape, layer_of=lambda l: 1))
    assert msg is not None and "layer 0, cell 0" in msg and "disagrees" in msg, msg


def test_wrong_cell_state_is_named(run, tmp_path):
    shape, exp = run
    msg = trace_disagrees(exp, shape, write_trace(tmp_path / "t.txt", exp, shape, c_delta=(1, 2, 1, 17)))
    assert msg is not None and "layer 1, cell 17" in msg, msg


def test_missing_or_empty_trace_is_named(run, tmp_path):
    shape, exp = run
    msg = trace_disagrees(exp, shape, write_trace(tmp_path / "t.txt", exp, shape, drop={(1, 0, 5)}))
    assert msg is not None and "layer 0, cell 5" in msg, msg
    (tmp_path / "e.txt").write_text("")
    assert "empty or missing" in trace_disagrees(exp, shape, tmp_path / "e.txt")
