"""Every RTL check shown firing: the design built with a deliberate fault (HCGS_BREAK_*,
a define that breaks one thing in hdl/) or with illegal parameters must fail the run
with the named check, its time and its values (verif.runner puts the HCGS-ASSERT /
HCGS-PARAM lines first in the failure message). Bad-driver violations (a protocol
broken by the testbench) are testlist entries with `expect_fail` (tests/sim/test_sim.py).
"""
from __future__ import annotations

import os

import pytest

from golden.config import preset
from verif import run as vrun
from verif import runner

#: (simulator, define, test, seed, the check that must fire)
FAULTS = [
    ("icarus", "HCGS_BREAK_NO_CREDIT", "HcgsEngineStallTest", 1, "HCGS-ASSERT core_credit_underflow"),
    ("icarus", "HCGS_BREAK_FIFO_DEPTH", "HcgsEngineStallTest", 1, "HCGS-ASSERT fifo_write_full"),
    ("icarus", "HCGS_BREAK_OUT_UNSTABLE", "HcgsEngineStallTest", 1, "HCGS-ASSERT axis_out_stable"),
    ("icarus", "HCGS_BREAK_H_PARITY", "HcgsSmokeTest", 1, "HCGS-ASSERT core_drain_margin"),
    ("icarus", "HCGS_BREAK_TAG_GROUP", "HcgsSmokeTest", 1, "HCGS-ASSERT core_tag_order"),
    ("icarus", "HCGS_BREAK_TAG_FLAGS", "HcgsSmokeTest", 1, "HCGS-ASSERT core_tag_flags"),
    ("icarus", "HCGS_BREAK_HH_PARITY", "HcgsSmokeTest", 1, "HCGS-ASSERT core_recurrent_h"),
    ("icarus", "HCGS_BREAK_OUT_TLAST", "HcgsSmokeTest", 1, "HCGS-ASSERT out_tlast_framing"),
    ("icarus", "HCGS_BREAK_OUT_TUSER", "HcgsSmokeTest", 1, "HCGS-ASSERT out_tuser_layer"),
    # a missing reset: X on Icarus (the no-X check), random bits on Verilator (+verilator+rand+reset+2)
    # (on Icarus the BFMs' X check sees X on BVALID/RVALID in the cycle reset ends, before the
    # RTL assertion's clock edge: either names the signal)
    ("icarus", "HCGS_BREAK_NO_RESET", "test_reset_values", 1, "HCGS-ASSERT axil_ctrl_known|valid is X (X/Z) after reset"),
    ("verilator", "HCGS_BREAK_NO_RESET", "test_reset_values", 1, "HCGS-ASSERT axil_"),
]


def _folder(sim, name):
    wid = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return vrun.RUNS / "pytest-checks" / f"{sim}-{name}-{wid}"


@pytest.mark.parametrize("sim,define,test,seed,expect", FAULTS,
                         ids=[f"{f[0]}-{f[1]}" for f in FAULTS])
def test_fault_fires(sim, define, test, seed, expect):
    with pytest.raises(runner.SimFailure) as exc:
        vrun.simulate(sim, "tiny", test, seed, folder=_folder(sim, define), defines=(define,))
    msg = str(exc.value)
    hit = [e for e in expect.split("|") if e in msg]
    assert hit, f"{define}: expected {expect!r} in the failure:\n{msg}"
    if hit[0].startswith("HCGS-ASSERT"):
        assert " at " in msg.split(hit[0], 1)[1].splitlines()[0], f"no time in the assertion message:\n{msg}"


@pytest.mark.parametrize("sim", ("icarus", "verilator"))
def test_illegal_parameters_rejected(sim):
    """LANES=24 is not a legal build (16, 32 or 64): the elaboration check names it."""
    params = dict(preset("tiny").hw.verilog_params())
    params["LANES"] = 24
    b = runner.Build(sim, "hcgs_tb", tuple(params.items()))
    with pytest.raises(runner.SimFailure) as exc:
        runner.run(b, "verif.tests.test_violations", test_dir=_folder(sim, "lanes24"), testcase="elaborate_only")
    msg = str(exc.value)
    assert "HCGS-PARAM" in msg and "LANES=24" in msg, msg
