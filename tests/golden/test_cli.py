"""`python -m golden` smoke tests, run as a user would (subprocess, temporary folder)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from golden import images, model
from golden.config import preset

ROOT = Path(__file__).resolve().parents[2]


def golden(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "golden", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True)


def ok(*args, cwd):
    r = golden(*args, cwd=cwd)
    assert r.returncode == 0, r.stderr
    return r.stdout


def fails(*args, cwd, match):
    r = golden(*args, cwd=cwd)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert match in r.stderr, r.stderr
    return r.stderr


def test_mask_run_export(tmp_path):
    ok("mask", "--layers", 2, "--isize", 40, "--hsize", 64, "--k1", 1, "--k2", 2, "--seed", 3, "--out", "m.npz",
       cwd=tmp_path)
    m = model.load_npz(tmp_path / "m.npz")
    assert (m.raw_isize, m.isize, m.hsize) == (40, 64, 64)
    ok("mask", "--model", "m.npz", "--k1", 2, "--k2", 1, "--seed", 4, "--out", "m2.npz", cwd=tmp_path)
    assert model.load_npz(tmp_path / "m2.npz").shape().keep[0].k1_ih == 2
    x = np.random.default_rng(0).normal(size=(2, 4, 40))
    np.save(tmp_path / "x.npy", x)
    ok("run", "--model", "m.npz", "--input", "x.npy", "--mode", "fixed", "--out", "yq.npy", "--trace", "t.txt",
       cwd=tmp_path)
    ok("run", "--model", "m.npz", "--input", "x.npy", "--mode", "float", "--out", "yf.npy", cwd=tmp_path)
    yq, yf = np.load(tmp_path / "yq.npy"), np.load(tmp_path / "yf.npy")
    assert yq.shape == yf.shape == (2, 4, 64) and np.abs(yq - yf).max() < 0.1
    assert len((tmp_path / "t.txt").read_text().splitlines()) == 2 * 4 * 2 * 64
    np.save(tmp_path / "x1.npy", x[0])
    ok("run", "--model", "m.npz", "--input", "x1.npy", "--mode", "fixed", "--out", "y1.npy", cwd=tmp_path)
    # fixed point is bit-exact: compare the Q2.10 codes as integers
    codes = lambda y: np.rint(np.asarray(y) * 1024).astype(np.int64)
    assert np.array_equal(codes(np.load(tmp_path / "y1.npy")), codes(yq[0]))

    ok("mask", "--config", "tiny", "--seed", 1, "--out", "tiny.npz", cwd=tmp_path)
    ok("export", "--model", "tiny.npz", "--config", "tiny", "--out", "img", cwd=tmp_path)
    regs = json.loads((tmp_path / "img" / "regs.json").read_text())
    assert regs["registers"] == {"CFG_LAYERS": 2, "CFG_ISIZE": 64, "CFG_HSIZE": 64,
                                 "CFG_KEEP_L0": 0x02010201, "CFG_KEEP_L1": 0x02010201}
    words = images.read_hex(tmp_path / "img", preset("tiny").hw)
    assert len(words["wmem"]) == 4096 and regs["used_words"]["wmem"] == 512


def test_budget_defaults_to_the_chip(tmp_path):
    out = ok("budget", cwd=tmp_path)
    assert "chip 2-layer" in out and "chip 3-layer   3x512     512     288.00" in out and "0.85%" in out
    out = ok("budget", "--layers", 3, "--isize", 440, "--hsize", 512, "--k1", 4, "--k2", 2, "--pad-to", 512,
             cwd=tmp_path)
    assert "288.00" in out


def test_gen_rtl_reports_unchanged(tmp_path):
    out = ok("gen-rtl", cwd=tmp_path)
    assert "unchanged hdl/gen/hcgs_pkg.sv" in out


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    ok("mask", "--config", "tiny", "--seed", 1, "--out", "tiny.npz", cwd=d)
    ok("mask", "--config", "small", "--seed", 1, "--out", "small.npz", cwd=d)
    np.save(d / "x.npy", np.zeros((3, 40)))
    np.save(d / "nan.npy", np.full((3, 64), np.nan))
    (d / "bad.npz").write_text("not a zip")
    return d


RUN = ("run", "--input", "x.npy", "--mode", "fixed", "--out", "y.npy", "--model")
NEW = ("mask", "--seed", 1, "--out", "a.npz")
USER_ERRORS = [
    (RUN + ("nope.npz",), "nope.npz: No such file or directory"),
    (RUN + ("bad.npz",), "bad.npz: not a readable .npz archive"),
    (RUN + ("tiny.npz",), "input has 40 features per frame, the model takes 64"),
    (("run", "--model", "tiny.npz", "--input", "nan.npy", "--mode", "fixed", "--out", "y.npy"),
     "nan.npy: has non-finite values"),
    (("run", "--model", "tiny.npz", "--input", "x.npy", "--mode", "float", "--trace", "t", "--out", "y.npy"),
     "--trace needs --mode fixed"),
    (NEW + ("--layers", 1, "--isize", 64, "--hsize", 64, "--k1", 3, "--k2", 1), "mask_ih_l0: K1=3 must be in 1 .. 2"),
    (NEW, "a new random model needs --layers, --isize, --hsize, --k1, --k2"),
    (NEW + ("--layers", 1, "--isize", 40, "--hsize", 32, "--k1", 1, "--k2", 1, "--pad-to", 48),
     "--pad-to 48: must be a multiple of 32"),
    (("mask", "--model", "tiny.npz", "--config", "timit", "--seed", 1, "--out", "a.npz"),
     "--config timit is 2 x 512 with 512 inputs; the model is 2 x 64 with 64"),
    (("export", "--model", "small.npz", "--config", "tiny", "--out", "e"),
     "configuration does not fit the build: CFG_LAYERS=3 is outside 1 .. MAX_LAYERS=2"),
    (("budget", "--layers", 5, "--isize", 64, "--hsize", 64, "--k1", 1, "--k2", 1), "MAX_LAYERS=5: allowed 1 .. 4"),
]


@pytest.mark.parametrize("args,match", USER_ERRORS, ids=[m[:30] for _, m in USER_ERRORS])
def test_user_errors_are_one_line(files, args, match):
    fails(*args, cwd=files, match=match)


def test_argparse_errors_exit_2(tmp_path):
    r = golden("run", "--mode", "exact", cwd=tmp_path)
    assert r.returncode == 2 and "invalid choice" in r.stderr
