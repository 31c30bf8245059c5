"""The strict testbench, each rule shown firing: unknown knob names and --frames 0 are
errors (on the command line and inside the simulation), and the end-of-test check fails
a run that leaves an interrupt pending, and a run meant to stall the engine fails when
CNT_STALL_OUT stays 0. (X/Z on a control signal: the bad-driver test bad_x_on_bready of
the testplan.)"""
from __future__ import annotations

import os

import pytest

from verif import run as vrun
from verif import runner
from verif.uvm import knobs


def _folder(name):
    wid = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return vrun.RUNS / "pytest-strict" / f"{name}-{wid}"


def test_unknown_knob_on_the_command_line(capsys):
    assert vrun.main(["sim", "--test", "HcgsSmokeTest", "--knob", "backpresure=heavy"]) == 2
    out = capsys.readouterr().out
    assert "unknown knob(s) backpresure" in out and "backpressure" in out.split("known", 1)[1], out


def test_frames_zero_on_the_command_line(capsys):
    assert vrun.main(["sim", "--test", "HcgsSmokeTest", "--frames", "0"]) == 2
    assert "frames=0: at least 1" in capsys.readouterr().out


def test_knob_check_lists_the_known_names():
    with pytest.raises(knobs.KnobError, match="unknown knob.* bogus.*known backpressure, .*watchdog_scale"):
        knobs.check({"bogus": 1, "frames": 2})
    knobs.check({"frames": 1, "idle": "heavy"})


def test_unknown_knob_inside_the_simulation():
    """The knob reaches the test through HCGS_KNOBS (as from pytest or a script), not the CLI."""
    with pytest.raises(runner.SimFailure) as exc:
        vrun.simulate("icarus", "tiny", "HcgsSmokeTest", 1, knobs={"bogus": 1}, folder=_folder("knob"))
    assert "unknown knob(s) bogus" in str(exc.value), str(exc.value)


def test_end_of_test_check_fires():
    with pytest.raises(runner.SimFailure) as exc:
        vrun.simulate("icarus", "tiny", "HcgsSmokeTest", 1, frames=1, knobs={"leave_irq": True},
                      folder=_folder("irq"))
    assert "end of test: irq high" in str(exc.value), str(exc.value)


def test_stall_check_fires():
    """A run that exists to stall the engine (knob expect_stall_out, as HcgsEngineStallTest
    and HcgsStreamStressTest set it) fails when CNT_STALL_OUT stays 0: here no
    backpressure at all, so the output buffer never fills."""
    with pytest.raises(runner.SimFailure) as exc:
        vrun.simulate("icarus", "tiny", "HcgsSmokeTest", 1, frames=1,
                      knobs={"expect_stall_out": True, "backpressure": "none"}, folder=_folder("stall"))
    assert "CNT_STALL_OUT=0" in str(exc.value), str(exc.value)
