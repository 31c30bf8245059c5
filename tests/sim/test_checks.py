"""Every RTL check shown firing: the design built with a deliberate fault (HCGS_BREAK_*,
a define that breaks one thing in hdl/) or with illegal parameters must fail the run
with the named check, its time and its values (verif.runner puts the HCGS-ASSERT /
HCGS-PARAM lines first in the failure message). Bad-driver violations (a protocol
broken by the testbench) are testlist entries with `expect_fail` (tests/sim/test_sim.py).
Checks whose state no stimulus of the whole design reaches cheaply fire in
verif/unit/hcgs_checks_tb.sv, a self-running Icarus bench (one build, a fraction of a
second per case): a bad driver or a forced register per case, each named after the check
that must fire first. test_every_check_is_shown_firing keeps the list complete.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from golden.config import preset
from verif import run as vrun
from verif import runner
from verif import testlist
from verif.unit.benches import act_plusargs, unit_build

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


#: Checks of a build option the presets under test do not have, shown on a unit bench:
#: (define, unit bench, its parameters, its cocotb module, the check that must fire); the
#: bench's files are the activation bench's (the only entry)
UNIT_BREAKS = [
    # shared activation tables (ACT_SHARE = 1) without the take rule: the bench's idle gaps
    # put a row 5 cycles after another, and E4's tanh(c') read meets P1's tanh(z_g) read
    ("HCGS_BREAK_ACT_SHARE", "hcgs_act_tb", (("ACT_CELLS", 1), ("ACT_SHARE", 1)), "verif.unit.test_act",
     "HCGS-ASSERT act_tanh_one_read"),
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
@pytest.mark.parametrize("define,top,params,module,expect", UNIT_BREAKS, ids=[u[0] for u in UNIT_BREAKS])
def test_unit_break_fires(sim, define, top, params, module, expect):
    b = unit_build(sim, top, params, build_args=(f"-D{define}",))
    d = _folder(sim, define)
    d.mkdir(parents=True, exist_ok=True)
    with pytest.raises(runner.SimFailure) as exc:
        runner.run(b, module, test_dir=d, seed=1, plusargs=act_plusargs(d))
    msg = str(exc.value)
    assert expect in msg, f"{define}: expected {expect!r} in the failure:\n{msg}"
    assert " at " in msg.split(expect, 1)[1].splitlines()[0], f"no time in the assertion message:\n{msg}"


@pytest.mark.parametrize("bad,named", (({"LANES": 24}, "LANES=24"),
                                       ({"ACT_CELLS": 2, "ACT_SHARE": 1}, "ACT_SHARE=1 with ACT_CELLS=2")),
                         ids=("lanes24", "share-with-2-cells"))
@pytest.mark.parametrize("sim", ("icarus", "verilator"))
def test_illegal_parameters_rejected(sim, bad, named):
    """Illegal builds: LANES=24 (16, 32 or 64 allowed); shared activation tables with two
    cells per cycle (ACT_SHARE=1 needs ACT_CELLS=1). The elaboration check names them."""
    params = {**preset("tiny").hw.verilog_params(), **bad}
    b = runner.Build(sim, "hcgs_tb", tuple(params.items()))
    with pytest.raises(runner.SimFailure) as exc:
        runner.run(b, "verif.tests.test_violations", test_dir=_folder(sim, named.split("=")[0].lower()),
                   testcase="elaborate_only")
    msg = str(exc.value)
    assert "HCGS-PARAM" in msg and named in msg, msg


# ------------------------------------------------------------------ the check bench
BENCH = runner.ROOT / "verif" / "unit" / "hcgs_checks_tb.sv"

#: +case of verif/unit/hcgs_checks_tb.sv = the check that must fire first
BENCH_CASES = [
    "axil_w_stable", "axil_ar_stable", "axil_b_stable", "axil_r_stable", "axil_in_known",
    "axil_b_without_request", "axil_r_without_request", "axil_outstanding", "axil_one_response",
    "axil_fsm_legal", "axil_backend_rsp",
    "regs_one_request", "regs_start_checked", "regs_stop_running", "regs_counter_up", "regs_counter_clear", "regs_ctrl_known",
    "axis_in_write_full", "axis_in_release_empty", "axis_in_beat_range", "axis_in_ready_idle",
    "axis_in_ctrl_known", "axis_out_ctrl_known",
    "fifo_read_empty", "fifo_count_range", "fifo_ctrl_known",
    "act_cmem_one_port",
    "core_fsm_legal", "core_ctrl_known", "core_seq_known", "walker_ctrl_known", "core_credit_range", "core_layer_range", "core_step_count", "core_stall_registered", "params_port_shared", "params_rmw_port", "params_ctrl_known", "params_row_enable",
    "out_credit_room", "top_irq_known",
]

needs_icarus = pytest.mark.skipif(shutil.which("iverilog") is None, reason="iverilog missing (make setup)")


@pytest.fixture(scope="module")
def bench():
    """One Icarus build of the check bench per pytest worker."""
    folder = _folder("icarus", "bench")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cmd.f").write_text("+timescale+1ns/1ps\n")
    vvp = folder / "hcgs_checks_tb.vvp"
    r = subprocess.run(["iverilog", "-g2012", "-c", str(folder / "cmd.f"), "-s", "hcgs_checks_tb",
                        "-o", str(vvp), *map(str, runner.hdl_sources()), str(BENCH)],
                       capture_output=True, text=True)
    assert r.returncode == 0, f"the check bench does not build:\n{r.stdout}{r.stderr}"
    return vvp


def _bench_run(vvp: Path, case: str) -> subprocess.CompletedProcess:
    return subprocess.run(["vvp", "-n", str(vvp), f"+case={case}"], capture_output=True, text=True,
                          timeout=60, cwd=vvp.parent)


@needs_icarus
def test_bench_without_violation(bench):
    """The bench's own traffic (an AXI4-Lite write and read, the FIFO filled and emptied) and
    idle cycles fire nothing: each case's failure is its violation's."""
    r = _bench_run(bench, "none")
    assert r.returncode == 0 and "HCGS-CHECKS-TB none: no check fired" in r.stdout, r.stdout + r.stderr
    assert "HCGS-ASSERT" not in r.stdout, r.stdout
    # hcgs_regs' pipelined configuration check needs 4 cycles between a CFG_* write and
    # START (regs_start_checked); the AXI4-Lite slave, driven as fast as a master can, gives 5
    assert "register requests at least 5 cycles apart" in r.stdout, r.stdout


@needs_icarus
@pytest.mark.parametrize("check", BENCH_CASES)
def test_bench_check_fires(bench, check):
    r = _bench_run(bench, check)
    out = r.stdout + r.stderr
    fired = re.findall(r"HCGS-ASSERT (\w+) at \d+", out)
    assert r.returncode != 0 and fired, f"+case={check}: no check fired (exit {r.returncode}):\n{out}"
    assert fired[0] == check, f"+case={check}: {fired[0]} fired instead:\n{out}"
    line = next(ln for ln in out.splitlines() if f"HCGS-ASSERT {check} at" in ln)
    assert "(hcgs_checks_tb." in line, f"no instance path in the message: {line}"


def test_bench_cases_match_the_bench():
    in_bench = set(re.findall(r'name == "(\w+)"', BENCH.read_text())) - {"none"}
    assert in_bench == set(BENCH_CASES), (sorted(in_bench - set(BENCH_CASES)), sorted(set(BENCH_CASES) - in_bench))


def test_every_check_is_shown_firing():
    """Every HCGS-ASSERT name in hdl/ is the expected failure of a deliberate violation: a
    bench case, an HCGS_BREAK_* build above, or a testplan entry with expect_fail; and every
    HCGS_BREAK_* define in hdl/ is used by a test (here or tests/formal)."""
    hdl = "".join(p.read_text() for p in runner.hdl_sources())
    checks = set(re.findall(r"HCGS-ASSERT (\w+) at", hdl))
    expected = " ".join(f[4] for f in FAULTS + UNIT_BREAKS) + " " + " ".join(
        t.expect_fail or "" for t in testlist.load().tests)
    shown = set(BENCH_CASES) | set(re.findall(r"HCGS-ASSERT (\w+)", expected))
    assert not checks - shown, f"checks never shown firing: {sorted(checks - shown)}"
    breaks = set(re.findall(r"`ifdef (HCGS_BREAK_\w+)", hdl))
    used = {f[1] for f in FAULTS} | {u[0] for u in UNIT_BREAKS} | set(re.findall(r"HCGS_BREAK_\w+", (runner.ROOT / "tests" / "formal" / "test_formal.py").read_text()))
    assert not breaks - used, f"HCGS_BREAK_* defines no test uses: {sorted(breaks - used)}"
