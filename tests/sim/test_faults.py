"""Fault injection proves the failure record and `make repro` (issue 8).

For each fault of verif/faults.py: the fault-injection build fails HcgsSmokeTest
(CONFIG=tiny), the run prints `make repro FAIL=...`, its failure.json names the layer,
gate and datapath stage the fault breaks, and the repro (waves on) shows the same first
mismatch bit for bit, with a GTKWave save file whose every signal is in the FST and a
picture. `make test` injects faults.SMOKE on Icarus; `--regress` injects every fault on
Icarus and a few on Verilator, and one Icarus record is replayed on Verilator.
"""
from __future__ import annotations

import json

import pytest

from verif import faults, record, repro, runner, waves
from verif import run as vrun

SEED = 1


def pytest_generate_tests(metafunc):
    if "fault_case" not in metafunc.fixturenames:
        return
    regress = metafunc.config.getoption("--regress")
    cases = [("icarus", f.name) for f in faults.FAULTS if regress or f.name in faults.SMOKE]
    if regress:
        cases += [("verilator", n) for n in ("mac_lane", "drop_beat", "layer_switch")]
    metafunc.parametrize("fault_case", cases, ids=[f"{s}-{n}" for s, n in cases])


def run_fault(sim: str, name: str):
    """The fault's run with the traces from the start (the default, tracing only on a failure's
    rerun, is exercised by test_watchdog_record; this halves the cost in make test)."""
    folder = vrun.RUNS / "pytest" / f"fault-{sim}-{name}"
    with pytest.raises(runner.SimFailure) as exc:
        vrun.simulate(sim, "tiny", "HcgsSmokeTest", SEED, folder=folder, fault=name, trace=True)
    return folder, str(exc.value)


def test_fault(fault_case):
    sim, name = fault_case
    f = faults.by_name(name)
    folder, msg = run_fault(sim, name)
    assert f"repro: make repro FAIL={folder / 'failure.json'}" in msg, msg
    rec = record.load(folder / "failure.json")
    assert rec["fault"] == name and rec["build"]["defines"] == [f.define]
    assert rec["simulator"]["name"] == sim and rec["simulator"]["version"].lower() != "unknown"
    assert rec["replay"].endswith(f"FAULT={name}") and rec["repro"] == f"make repro FAIL={folder / 'failure.json'}"
    d = rec["divergence"]
    assert d is not None, rec
    got = (d["stage"], d["layer"], d["gate"] if f.gate else None)
    assert got == (f.stage, f.layer, f.gate), f"{name}: the record names {got}, the fault breaks " \
                                              f"{(f.stage, f.layer, f.gate)}:\n{json.dumps(d, indent=1)}"
    assert d["cycle"] is not None and d["time_ns"] is not None
    assert rec["output"] and rec["output"]["expected"], "no beats around the first mismatch"
    assert (folder / "failure_inputs" / "inputs.npy").is_file()

    r = repro.repro(folder / "failure.json", log=lambda s: None)
    assert r.reproduced, "\n".join(r.lines)
    assert r.picture is not None and r.picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    new = record.load(r.record)
    assert new["files"]["picture"] == str(r.picture) and new["files"]["waves"].endswith("waves.fst")
    fst = new["files"]["waves"]
    assert waves.check_gtkw(r.gtkw, fst) == []
    if name == "mac_lane":
        check_the_checks(folder, r, fst)


def check_the_checks(folder, r, fst):
    """Each check of the repro fires on a deliberate violation."""
    # a save file naming a signal the FST lacks, or a wrong range, is reported
    bad = r.gtkw.with_name("bad.gtkw")
    text = r.gtkw.read_text()
    probe_h = next(s for s in waves.gtkw_signals(r.gtkw) if ".probe_h[" in s)
    bad.write_text(text.replace(probe_h, probe_h.replace("[12:0]", "[13:0]")) + "@28\nhcgs_tb.no_such_signal\n")
    problems = waves.check_gtkw(bad, fst)
    assert any("no_such_signal: not in" in p for p in problems), problems
    assert any(".probe_h[13:0]: not in" in p for p in problems), problems
    # one bit of one expected beat changed: not the same mismatch, and the field is named
    rec = record.load(folder / "failure.json")
    other = json.loads(json.dumps(rec))
    b = other["output"]["expected"][0]
    b["tdata"] = f"{int(b['tdata'], 16) ^ 1:#018x}"
    same, diffs = record.same_mismatch(rec, other)
    assert not same and any(x.startswith("output.expected") for x in diffs), diffs
    # the record without its fault: the rerun passes, and repro says it did not reproduce
    nofault = dict(rec, fault=None, run_dir=str(folder.with_name(folder.name + "-nofault")))
    p = folder / "nofault.json"
    p.write_text(json.dumps(nofault))
    r2 = repro.repro(p, log=lambda s: None)
    sim = rec["simulator"]["name"]
    assert not r2.reproduced and any(f"NOT REPRODUCED: the rerun on {sim} passed" in x for x in r2.lines), r2.lines


@pytest.mark.skipif("not config.getoption('--regress')")
def test_repro_on_the_other_simulator():
    """An Icarus record replayed on Verilator shows the same first mismatch."""
    folder, _ = run_fault("icarus", "z_round")
    r = repro.repro(folder / "failure.json", sim="verilator", log=lambda s: None)
    assert r.reproduced, "\n".join(r.lines)
    assert waves.check_gtkw(r.gtkw, record.load(r.record)["files"]["waves"]) == []


def test_watchdog_record():
    """A watchdog failure gets a record too: where the flow stopped, what was pending, the
    DUT's state, and the make repro line (a budget cut to 2% fires during the model load)."""
    folder = vrun.RUNS / "pytest" / "watchdog-icarus"
    with pytest.raises(runner.SimFailure) as exc:
        vrun.simulate("icarus", "tiny", "HcgsSmokeTest", SEED, folder=folder, knobs={"watchdog_scale": 0.02})
    assert "watchdog:" in str(exc.value) and "repro: make repro FAIL=" in str(exc.value)
    rec = record.load(folder / "failure.json")
    assert rec["kind"] == "watchdog" and rec["knobs"] == {"watchdog_scale": 0.02}
    assert rec["watchdog"]["stopped_in"] == "front-door load of the model", rec["watchdog"]
    assert rec["watchdog"]["pending"] and "ERR" in rec["dut"] and "out_credit" in rec["dut"]
    assert "KNOB=watchdog_scale=0.02" in rec["replay"]
