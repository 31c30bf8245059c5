"""The mutator (verif.mutants) and the mutation campaign's pieces (verif.mutate), without a
campaign: mutants are deterministic for a seed and parse, a known mutant of the MAC is killed
by its unit test in a scratch copy of hdl/ (the worktree's hdl/ untouched), and each check of
the campaign fires: a mutant that does not lint is discarded, an equivalence entry without a
reason is refused, a run past its budget is stopped, unknown modules are named."""
from __future__ import annotations

import hashlib
import shutil
import sys
import time

import pytest

from verif import mutants as M
from verif import mutate, runner

UNIT = runner.ROOT / "verif" / "unit"


def _hdl_digest() -> str:
    h = hashlib.sha256()
    for p in sorted(M.HDL.rglob("*.sv")):
        h.update(p.read_bytes())
    return h.hexdigest()


def test_mutants_are_deterministic_and_unique():
    pop = M.all_sites()
    assert len({m.id for m in pop}) == len(pop), "mutant ids must be unique"
    assert {m.kind for m in pop} == set(M.KINDS), "every mutation kind occurs in hdl/"
    assert not any("/gen/" in m.file or m.file.startswith("gen") for m in pop)
    a = [m.id for m in M.select(pop, 40, 7)]
    b = [m.id for m in M.select(M.all_sites(), 40, 7)]
    c = [m.id for m in M.select(pop, 40, 8)]
    assert a == b and len(a) == 40
    assert a != c, "another seed must draw other mutants"
    assert len({m.file for m in M.select(pop, 40, 7)}) >= 10, "a draw spreads over the modules"


def test_mutants_parse_and_change_one_place():
    for m in M.select(M.all_sites(), 60, 3):
        src = (M.HDL / m.file).read_bytes()
        new = m.apply(src)
        assert new != src
        assert M.parse_errors(new.decode(), m.file) == [], m.id
        # exactly one contiguous edit, at the mutant's offsets
        assert new[:m.start] == src[:m.start] and new[m.start + len(m.repl.encode()):] == src[m.end:]


def test_select_modules_and_errors():
    assert {m.file for m in M.all_sites(["mac", "hcgs_fifo"])} == {"hcgs_mac.sv", "hcgs_fifo.sv"}
    with pytest.raises(ValueError, match="MODULES: unknown hcgs_nope; allowed hcgs_act"):
        M.all_sites(["nope"])


def _mac_adder() -> M.Mutant:
    """acc_q[e] <= base + sum  ->  base - sum: the accumulate of hcgs_mac."""
    ms = [m for m in M.sites(M.HDL / "hcgs_mac.sv") if m.kind == "binop" and m.orig == "+" and m.repl == "-"
          and "acc_q[e] <= (first_q ? bias : `HCGS_MAC_PREV(e)) + 32'(sum_q[e]);"
          in (M.HDL / "hcgs_mac.sv").read_text().splitlines()[m.line - 1]]
    assert len(ms) == 1
    return ms[0]


def test_known_mutant_is_killed_by_the_mac_unit_test(tmp_path):
    """The mutant built from a scratch copy fails verif/unit/test_mac on Icarus with the
    scoreboard's message; the unmutated scratch copy passes the same run (the harness is
    not what fails), and hdl/ itself is never modified."""
    before = _hdl_digest()
    m = _mac_adder()
    outcome = {}
    for tag, mut in (("mutant", m), ("control", None)):
        work = tmp_path / tag
        hdl = mutate.make_scratch(mut, work) if mut else mutate.make_scratch(
            M.Mutant("none", m.file, m.line, m.line, m.line, "binop", m.start, m.end, m.orig, m.orig), work)
        b = mutate.MutantBuild("icarus", "hcgs_mac_tb", (("LANES", 16),),
                               sources=tuple(mutate.scratch_sources(hdl) + [UNIT / "hcgs_mac_tb.sv"]), root=work)
        d = work / "run"
        try:
            runner.run(b, "verif.unit.test_mac", test_dir=d, seed=1,
                       plusargs=[f"+stim={d / 'stim.hex'}", f"+trace={d / 'trace.txt'}", "+hold=0"],
                       extra_env={"HCGS_LANES": "16"})
            outcome[tag] = "pass"
        except runner.SimFailure as e:
            outcome[tag] = str(e)
    assert outcome["control"] == "pass"
    assert outcome["mutant"] != "pass" and "tests failed" in outcome["mutant"], outcome["mutant"]
    assert _hdl_digest() == before


def test_a_mutant_that_does_not_lint_is_discarded():
    m = _mac_adder()
    bad = M.Mutant(m.id + "-bad", m.file, m.line, m.line, m.line, "binop", m.start, m.end, m.orig, "+ no_such_signal +")
    r = mutate.evaluate(bad, [], "verilator", {})
    assert r["status"] == "invalid" and r["why"].startswith("lint: %Error"), r
    assert not (mutate.OUT / "work" / bad.id).exists(), "the scratch folder is removed"


def test_uncovered_mutant(tmp_path):
    r = mutate.evaluate(_mac_adder(), [], "verilator", {})
    assert r["status"] == "uncovered"


def test_equivalent_file_needs_reasons(tmp_path):
    f = tmp_path / "eq.yaml"
    f.write_text("- {id: hcgs_mac.99.binop.148b6f5d, reason: ''}\n")
    with pytest.raises(ValueError, match="entry 1 needs an id and a non-empty reason"):
        mutate.load_equivalent(f)
    f.write_text("- {id: a.1.binop.0, reason: because}\n")
    assert mutate.load_equivalent(f) == {"a.1.binop.0": "because"}
    assert all(r.strip() for r in mutate.load_equivalent().values())


def test_a_run_past_its_budget_is_stopped():
    t0 = time.time()
    code, _ = mutate._child([], 1.0, prog=[sys.executable, "-c", "import time; time.sleep(60)"])
    assert code is None and time.time() - t0 < 20
    assert mutate._child([], 30, prog=[sys.executable, "-c", "print('ok')"]) == (0, "ok\n")


def test_covering_runs_by_line_statement_and_module():
    m = M.Mutant("x", "hcgs_mac.sv", 10, 12, 9, "binop", 0, 1, "+", "-")
    hits = {"r1": {"hcgs_mac.sv": {10: 3, 11: 0}}, "r2": {"hcgs_mac.sv": {10: 0, 11: 5}}, "r3": {}}
    assert mutate.covering_runs(m, hits) == (["r1"], "line")
    m2 = M.Mutant("y", "hcgs_mac.sv", 20, 21, 19, "binop", 0, 1, "+", "-")
    hits2 = {"r1": {"hcgs_mac.sv": {19: 1}}, "r2": {"hcgs_mac.sv": {19: 0, 40: 2}}}
    assert mutate.covering_runs(m2, hits2) == (["r1"], "statement")
    m3 = M.Mutant("z", "hcgs_mac.sv", 50, 50, 50, "binop", 0, 1, "+", "-")
    assert mutate.covering_runs(m3, hits2) == (["r1", "r2"], "module")
    assert mutate.covering_runs(m3, {"r1": {"hcgs_mac.sv": {50: 0}}}) == ([], "line")
    top = M.Mutant("t", "hcgs_lstm_top.sv", 119, 119, 119, "stuck", 0, 1, "a", "'1")
    assert mutate.covering_runs(top, hits2) == (["r1", "r2"], "design")


def test_score_line():
    res = [{"file": "a.sv", "status": s} for s in ("killed", "killed", "survived", "uncovered", "equivalent", "invalid")]
    s = mutate.summarise(res)
    assert mutate.score_line(s["total"]) == "mutation score: 2/4 = 50.0% (1 equivalent, 1 uncovered)"


def test_generate_blocks_a_build_does_not_elaborate():
    """The adder tree's branches per LANES: a mutant of the 32-lane tree is unreachable in the
    16-lane tiny and the 64-lane mid builds, reachable in small (32 lanes)."""
    from golden.config import preset
    src = (M.HDL / "hcgs_mac.sv").read_text().splitlines()
    c2 = [m for m in M.sites(M.HDL / "hcgs_mac.sv") if "2*e + 1" in src[m.line - 1]]
    c4 = [m for m in M.sites(M.HDL / "hcgs_mac.sv") if "4*e + 1" in src[m.line - 1]]
    assert c2 and c4
    reach = {c: M.dead_blocks(preset(c).hw.verilog_params()) for c in ("tiny", "mid", "small")}
    assert [M.reachable(c2[0], reach[c]) for c in ("tiny", "mid", "small")] == [False, False, True]
    assert [M.reachable(c4[0], reach[c]) for c in ("tiny", "mid", "small")] == [False, True, False]


def test_equivalent_marks_survivors_and_refuses_killed_ones():
    res = [{"id": "a", "file": "x.sv", "status": "survived"}, {"id": "b", "file": "x.sv", "status": "killed",
                                                                "by": "HcgsSmokeTest (tiny, seed 1)", "why": "scoreboard"}]
    wrong = mutate.apply_equivalent(res, {"a": "output unused", "b": "thought so"})
    assert res[0]["status"] == "equivalent" and res[0]["why"] == "output unused"
    assert res[1]["status"] == "killed"
    assert wrong == ["b is marked equivalent but HcgsSmokeTest (tiny, seed 1) killed it: the entry is wrong (scoreboard)"]


def test_every_equivalent_entry_names_an_existing_mutant():
    ids = {m.id for m in M.all_sites()}
    stale = sorted(set(mutate.load_equivalent()) - ids)
    assert not stale, f"verif/mutants_equivalent.yaml names mutants that no longer exist: {stale}"


def test_covering_runs_are_ordered_one_per_test_first_counting_builds():
    """One run of every test before any test's second; among them the least cost (a new
    configuration's build counted) per execution of the mutated module; runs that execute
    the mutated line before those that only execute its module."""
    m = M.Mutant("x", "hcgs_mac.sv", 10, 10, 10, "binop", 0, 1, "+", "-")
    rec = lambda test, cfg, s, sec: {"name": f"verilator-{cfg}-{test}-s{s}", "test": test, "config": cfg,
                                     "seconds": sec}
    runs = [rec("A", "tiny", 1, 10), rec("A", "tiny", 2, 10), rec("B", "small", 1, 5), rec("C", "tiny", 1, 30),
            rec("D", "tiny", 1, 1)]
    hits = {r["name"]: {"hcgs_mac.sv": {10: 100, 11: 100}} for r in runs}
    hits["verilator-tiny-D-s1"] = {"hcgs_mac.sv": {10: 0, 11: 5}}        # its module, not the line
    order = [r["name"] for r in mutate.order_runs(m, runs, hits, "verilator")]
    # B first (5 s + a build of small), A next (10 s + a build of tiny) and C on tiny's build
    # (30 s; 90 s had it come before A), D last of the first round (it does not execute the
    # line), then A's second seed
    assert order == ["verilator-small-B-s1", "verilator-tiny-A-s1", "verilator-tiny-C-s1", "verilator-tiny-D-s1",
                     "verilator-tiny-A-s2"]
    runs[3]["seconds"] = 100        # C now costs more than B's build: still after A on tiny's build
    hits["verilator-small-B-s1"] = {"hcgs_mac.sv": {10: 1}}     # but B exercises the module 200x less
    order = [r["name"] for r in mutate.order_runs(m, runs, hits, "verilator")]
    assert order[:3] == ["verilator-tiny-A-s1", "verilator-tiny-C-s1", "verilator-small-B-s1"]
    assert sorted(order) == sorted(r["name"] for r in runs), "a survivor still runs every covering run"


def test_baseline_reruns_only_the_runs_whose_stamp_changed(tmp_path, monkeypatch):
    """A run is reused while its stamp (common files, its test module, its plan entry) holds;
    a changed test module re-runs its own runs only."""
    from verif import regress, smoke
    planned = [regress.Run("HcgsSmokeTest", "verilator", "tiny", 1), regress.Run("test_stop", "verilator", "tiny", 1)]
    ran = []

    def fake_run_set(todo, out, jobs, log=print):
        for r in todo:
            d = out / "runs" / r.name
            d.mkdir(parents=True)
            (d / "result.json").write_text(f'{{"name": "{r.name}", "status": "pass", "config": "tiny"}}')
            ran.append(r.name)
    monkeypatch.setattr(mutate, "OUT", tmp_path)
    monkeypatch.setattr(smoke, "runs_for", lambda *a, **k: planned)
    monkeypatch.setattr(smoke, "run_set", fake_run_set)
    stamps = {"verif.tests.test_uvm": "u1", "verif.tests.test_directed": "d1"}
    monkeypatch.setattr(mutate, "_run_stamp", lambda common, test: stamps["verif.tests.test_uvm" if test.startswith("Hcgs")
                                                                          else "verif.tests.test_directed"])
    assert [r["name"] for r in mutate.baseline("nightly", 1, log=lambda s: None)] == [r.name for r in planned]
    assert len(ran) == 2
    ran.clear()
    assert len(mutate.baseline("nightly", 1, log=lambda s: None)) == 2 and ran == [], "nothing changed: all reused"
    stamps["verif.tests.test_directed"] = "d2"
    recs = mutate.baseline("nightly", 1, log=lambda s: None)
    assert ran == ["verilator-tiny-test_stop-s1"] and [r["name"] for r in recs] == [r.name for r in planned]


def test_a_verdict_is_kept_only_while_its_runs_are_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(mutate, "OUT", tmp_path)
    m = M.Mutant("hcgs_mac.10.binop.0", "hcgs_mac.sv", 10, 10, 10, "binop", 0, 1, "+", "-")
    runs = [{"name": "a", "stamp": "s1"}, {"name": "b", "stamp": "s2"}]
    killed = {"id": m.id, "status": "killed", "runs": [{"run": "a", "status": "pass"}, {"run": "b", "status": "fail"}]}
    mutate.store_verdict(m, runs, killed, "verilator", "c1")
    assert mutate.cached_verdict(m, runs, "verilator", "c1")["status"] == "killed"
    assert mutate.cached_verdict(m, runs, "icarus", "c1")["status"] == "killed", "a verdict holds on any simulator"
    # only the killing run matters: a changed passing run keeps the kill, a changed killer does not
    assert mutate.cached_verdict(m, [{"name": "a", "stamp": "x"}, runs[1]], "verilator", "c1") is not None
    assert mutate.cached_verdict(m, [runs[0], {"name": "b", "stamp": "x"}], "verilator", "c1") is None
    assert mutate.cached_verdict(m, [runs[0]], "verilator", "c1") is None, "the killer is no longer a covering run"
    survived = {"id": m.id, "status": "survived", "runs": [{"run": "a"}, {"run": "b"}]}
    mutate.store_verdict(m, runs, survived, "verilator", "c1")
    assert mutate.cached_verdict(m, runs, "verilator", "c1")["status"] == "survived"
    assert mutate.cached_verdict(m, runs, "auto", "c1")["status"] == "survived", "on any simulator"
    assert mutate.cached_verdict(m, [*runs, {"name": "new", "stamp": "s3"}], "verilator", "c1") is None, \
        "a new covering run (a test added) may kill a survivor: simulate again"
    assert mutate.cached_verdict(m, [runs[0], {"name": "b", "stamp": "x"}], "verilator", "c1") is None
    mutate.store_verdict(m, runs, {"id": m.id, "status": "invalid", "runs": []}, "verilator", "c1")
    assert mutate.cached_verdict(m, runs, "verilator", "c1") is not None
    assert mutate.cached_verdict(m, runs, "verilator", "c2") is None, "the RTL changed: lint again"


def test_no_mutant_in_the_rtl_checkers():
    """`ifndef SYNTHESIS blocks (assertions and their bookkeeping) are the suite's checks, not
    hardware: no mutant there; `ifdef blocks around them and `else branches are told apart."""
    text = b"Qa\n`ifndef SYNTHESIS\nQb\n`ifdef X\nQc\n`endif\nQd\n`else\nQe\n`endif\nQf\n`ifdef SYNTHESIS\nQg\n`endif\n"
    regions = M.checker_regions(text)
    inside = lambda ch: any(s <= text.index(ch) < e for s, e in regions)
    assert [inside(ch) for ch in (b"Qa", b"Qb", b"Qc", b"Qd", b"Qe", b"Qf", b"Qg")] == \
        [False, True, True, True, False, False, False]
    with pytest.raises(ValueError, match="`endif without `ifdef"):
        M.checker_regions(b"`endif\n")
    core = M.HDL / "hcgs_core.sv"
    chk = M.checker_regions(core.read_bytes())
    assert chk, "hcgs_core.sv has checkers"
    assert not [m.id for m in M.sites(core) if any(s <= m.start < e for s, e in chk)]
    assert any("chk_" in (core.read_text()[s:e]) for s, e in chk)


def _mutant_and_control(tmp_path, module: str, mutant_id: str, test: str) -> dict[str, str]:
    """Run `test` (Icarus, tiny) on the mutant and on an unmutated scratch copy: 'pass' or
    the failure message of each."""
    from verif import run as vrun
    from golden.config import preset
    m = next(x for x in M.sites(M.HDL / f"{module}.sv") if x.id == mutant_id)
    params = tuple(preset("tiny").hw.verilog_params().items())
    outcome = {}
    for tag, mut in (("mutant", m), ("control", None)):
        hdl = mutate.make_scratch(mut, tmp_path / tag)
        b = mutate.MutantBuild("icarus", vrun.TOPLEVEL, params,
                               sources=tuple(mutate.scratch_sources(hdl) + runner.tb_sources()), root=tmp_path / tag)
        try:
            vrun.simulate("icarus", "tiny", test, 1, folder=tmp_path / tag / "run", build=b, trace=False)
            outcome[tag] = "pass"
        except runner.SimFailure as e:
            outcome[tag] = str(e)
    return outcome


def test_cell_edge_test_kills_the_saturation_bound_moved_by_one(tmp_path):
    """HcgsCellEdgeTest exists because the lower cell saturation bound moved by one
    (cshift < -32769) survived every nightly run: on Icarus the mutant fails it in the
    scoreboard (h of a cell whose c' is -32769 flips sign), the unmutated scratch copy passes."""
    outcome = _mutant_and_control(tmp_path, "hcgs_act", "hcgs_act.421.const.c302d654", "HcgsCellEdgeTest")
    assert outcome["control"] == "pass", outcome["control"]
    assert "scoreboard: output frame 36" in outcome["mutant"], outcome["mutant"]


def test_irq_and_counters_kills_stall_out_counting_a_full_buffer(tmp_path):
    """CNT_STALL_OUT counting cycles of a full output buffer ('d_last && need_credit ||
    credit == 0') instead of cycles a finished group waits for room survived the nightly level
    (tests checked the counter non-zero only); test_irq_and_counters now expects exactly 0
    after one frame into the held-back buffer. The mutant fails it, the scratch copy passes."""
    outcome = _mutant_and_control(tmp_path, "hcgs_ctrl", "hcgs_ctrl.236.binop.abaedd24", "test_irq_and_counters")
    assert outcome["control"] == "pass", outcome["control"]
    assert "no group waited for room" in outcome["mutant"], outcome["mutant"]


def test_irq_and_counters_kills_busy_without_the_output_buffer(tmp_path):
    """STATUS.BUSY as 'engine busy AND output buffer not empty' (for OR) survived the smoke
    level of December 1 (no test read BUSY while the engine was idle with output held back);
    test_irq_and_counters now does, and since the nightly level's survivor below it also
    compares CNT_BUSY with CNT_MAC after a frame whose output left at once, which this mutant
    fails first. The mutant fails, the scratch copy passes."""
    outcome = _mutant_and_control(tmp_path, "hcgs_lstm_top", "hcgs_lstm_top.125.binop.50c7408e", "test_irq_and_counters")
    assert outcome["control"] == "pass", outcome["control"]
    assert ("BUSY 0 with a finished frame held in the output buffer" in outcome["mutant"] or
            "the cycles the engine computed were not counted as busy" in outcome["mutant"]), outcome["mutant"]


def test_irq_and_counters_kills_busy_without_the_engine(tmp_path):
    """The engine's busy stuck at 0 (STATUS.BUSY and CNT_BUSY then only see the output buffer)
    survived the nightly level of December 1; test_irq_and_counters now compares CNT_BUSY with
    CNT_MAC after a frame whose output left at once. The mutant fails it, the copy passes."""
    outcome = _mutant_and_control(tmp_path, "hcgs_ctrl", "hcgs_ctrl.232.stuck.8186e47b", "test_irq_and_counters")
    assert outcome["control"] == "pass", outcome["control"]
    assert "the cycles the engine computed were not counted as busy" in outcome["mutant"], outcome["mutant"]


def test_stall_check_kills_a_wrong_release_prediction(tmp_path):
    """The activation unit's next-cycle release (hcgs_act release_next_o, which the registered
    stall is computed from) stuck at 'no take' in the five-table branch survived the smoke
    level: no smoke build with five tables per lane is ever limited by the activation unit,
    so the bundle is always free when a group ends. The 64-lane build at K1 = K2 = 1 with
    ACT_CELLS = 1 (tests/sim/test_unit.py::test_top_cycles_per_keep, in make test) is: the
    mutant predicts a stall in a cycle the condition does not have one, and
    core_stall_registered stops the run; the unmutated scratch copy passes."""
    from golden.config import preset
    m = next(x for x in M.sites(M.HDL / "hcgs_act.sv") if x.id == "hcgs_act.134.stuck.0081d8cc")
    assert m.orig == "grp_valid_next_i" and m.repl == "'0"
    params = tuple({**preset("mid").hw.verilog_params(), "ACT_CELLS": 1, "ACT_SHARE": 0}.items())
    env = {"HCGS_CONFIG": "mid", **{f"HCGS_{k}": str(v) for k, v in params}, "HCGS_SHAPE": "3,64,64,1,1,1,1"}
    outcome = {}
    for tag, mut in (("mutant", m), ("control", None)):
        hdl = mutate.make_scratch(mut, tmp_path / tag)
        b = mutate.MutantBuild("icarus", "hcgs_tb", params,
                               sources=tuple(mutate.scratch_sources(hdl) + runner.tb_sources()), root=tmp_path / tag)
        d = tmp_path / tag / "run"
        d.mkdir(parents=True)
        try:
            runner.run(b, "verif.unit.test_top_smoke", test_dir=d, seed=1, testcase="test_back_door_throughput",
                       plusargs=[f"+images={d / 'images'}", f"+perf={d / 'perf.txt'}"], extra_env=env)
            outcome[tag] = "pass"
        except runner.SimFailure as e:
            outcome[tag] = str(e)
    assert outcome["control"] == "pass", outcome["control"]
    assert "HCGS-ASSERT core_stall_registered" in outcome["mutant"], outcome["mutant"]


def test_cell_edge_plan_checks_it_reaches_every_edge(monkeypatch):
    """The plan refuses a stimulus that no longer reaches the eight edge values (here: a
    drive too short to saturate the cells)."""
    import numpy as np
    from verif.uvm import stimulus as S
    q = S.cell_edge_model(32, 32, np.random.default_rng(3))
    assert S.cell_edges_reached(q, S.cell_edge_inputs(42, 32)) == set(S.CELL_EDGES)
    monkeypatch.setattr(S, "CELL_EDGE_DRIVE", 20)
    assert S.cell_edges_reached(q, S.cell_edge_inputs(42, 32)) == set(), "20 frames do not reach the limits"
    with pytest.raises(ValueError, match="needs more than 20"):
        S.cell_edge_inputs(20, 32)


def test_formal_proofs_kill_what_simulation_misses(tmp_path):
    """The AXI4-Lite slave leaving its response state on RREADY alone ('rvalid_q ||
    s_axil_rready_i') passes every smoke simulation (no run holds BREADY low with RREADY
    high), but make formal's proof of the slave fails on it: the mutation campaign runs the
    proofs that read a mutant's file and counts that failure as a kill. The unmutated scratch
    copy proves (the proof the suite runs in tests/formal)."""
    from verif import formal
    assert formal.prove_jobs_reading("hcgs_axil_slave.sv") == ["fv_axil:prove", "fv_regs:prove"]
    assert formal.prove_jobs_reading("hcgs_act.sv") == []
    m = next(x for x in M.sites(M.HDL / "hcgs_axil_slave.sv") if x.id == "hcgs_axil_slave.138.binop.9ddecda5")
    res = mutate._formal_verdict(m, mutate.make_scratch(m, tmp_path / "mutant"), {"runs": [], "status": "survived"})
    assert res["status"] == "killed" and res["by"] == "formal fv_axil:prove", res
    assert "failed assertion" in res["why"], res
    ctl = formal.run_job("fv_axil:prove", tag="_mut_control", hdl=mutate.make_scratch(None, tmp_path / "control"))
    shutil.rmtree(ctl.folder, ignore_errors=True)
    assert ctl.ok, ctl.detail
