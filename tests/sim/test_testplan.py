"""The testplan (verif/testplan.yaml) against what exists: every test in it exists in its
module and every test in the modules is in it; every cover point it names exists in the
coverage model and every point of the model is measured by a testpoint; every exclusion and
illegal bin names a real bin; the smoke and shard arithmetic of the regression engine."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from verif import covdb, regress, testlist

ROOT = Path(__file__).resolve().parents[2]


def _module_tests(module: str) -> set[str]:
    """cocotb tests (@cocotb.test functions) and pyuvm tests (@pyuvm.test classes) of a module file."""
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text())
    out = set()
    for node in tree.body:
        if isinstance(node, (ast.AsyncFunctionDef, ast.FunctionDef, ast.ClassDef)):
            for d in node.decorator_list:
                f = d.func if isinstance(d, ast.Call) else d
                if isinstance(f, ast.Attribute) and f.attr == "test" and getattr(f.value, "id", "") in ("cocotb", "pyuvm"):
                    out.add(node.name)
    return out


def _model_bins() -> covdb.Hits:
    """Every cover point of verif/uvm/coverage.py with its bins (no simulator needed)."""
    import verif.uvm.coverage  # noqa: F401  (defines the points)
    from cocotb_coverage.coverage import coverage_db
    out = {}
    for name, item in coverage_db.items():
        if hasattr(item, "detailed_coverage") and name.startswith("hcgs.") and name.count(".") >= 2:
            out[name] = {str(b): 0 for b in item.detailed_coverage}
    return out


def test_every_planned_test_exists_and_every_test_is_planned():
    plan = testlist.load()
    for mod in testlist.MODULES.values():
        have = _module_tests(mod)
        planned = {t.name for t in plan.tests if t.module == mod}
        assert planned - have == set(), f"{mod}: planned but missing: {sorted(planned - have)}"
        assert have - planned == set(), f"{mod}: tests not in verif/testplan.yaml: {sorted(have - planned)}"


def test_every_test_is_in_a_testpoint():
    plan = testlist.load()
    covered = {n for tp in plan.testpoints for n in tp.tests}
    assert {t.name for t in plan.tests} - covered == set()


def test_cover_points_match_the_model():
    plan = testlist.load()
    model = _model_bins()
    named = {p for tp in plan.testpoints for p in tp.coverpoints}
    assert named - set(model) == set(), f"testplan names unknown cover points {sorted(named - set(model))}"
    assert set(model) - named == set(), f"cover points no testpoint measures: {sorted(set(model) - named)}"
    bins = {f"{p}: {b}" for p, bs in model.items() for b in bs}
    for r in (*plan.exclusions, *plan.illegal):
        assert r.bin in bins, f"{r.bin!r} is not a bin of the coverage model (bins of {r.point}: {sorted(model.get(r.point, {}))})"


def test_plan_errors_say_what_is_wrong():
    doc = {"goals": {"smoke": {"functional": 90, "line": 1, "toggle": 1},
                     "nightly": {"functional": 100, "line": 1, "toggle": 1}},
           "testpoints": [], "tests": [{"name": "T", "module": "vhdl", "why": "x"}]}
    with pytest.raises(testlist.PlanError, match=r"module 'vhdl': allowed uvm, directed"):
        testlist.parse(doc)
    doc["tests"] = [{"name": "T", "module": "uvm", "why": "x", "smoke": {"configs": ["huge"]}}]
    with pytest.raises(testlist.PlanError, match=r"unknown configuration\(s\) \['huge'\]"):
        testlist.parse(doc)
    doc["tests"] = [{"name": "T", "module": "uvm", "why": "x"}]
    doc["exclusions"] = [{"bin": "hcgs.cfg.layers: 3", "reason": "r"}]
    with pytest.raises(testlist.PlanError, match="names the configurations"):
        testlist.parse(doc)


def test_shards_partition_the_plan():
    runs = regress.planned_runs("nightly", 17)
    for n in (1, 2, 3, 5):
        parts = [regress.shard(runs, i, n) for i in range(1, n + 1)]
        flat = [r for p in parts for r in p]
        assert sorted(flat, key=repr) == sorted(runs, key=repr) and len(set(flat)) == len(runs)
    assert regress.planned_runs("smoke", 1) == regress.planned_runs("smoke", 1)


def test_exclusion_is_per_configuration_and_illegal_fails():
    plan = testlist.load()
    model = _model_bins()
    hits = {p: {b: 1 for b in bs} for p, bs in model.items()}
    illegal = {r.bin for r in plan.illegal}
    for r in plan.illegal:
        hits[r.point][r.value] = 0
    full = covdb.summarise(hits, plan, {"tiny", "small", "timit"})
    assert full.pct == 100.0 and not full.holes()
    # a bin excluded on tiny only: a hole when small also runs, excluded when only tiny runs
    hits["hcgs.cfg.layers"]["3"] = 0
    assert "hcgs.cfg.layers: 3" in covdb.summarise(hits, plan, {"tiny", "small"}).holes()
    assert "hcgs.cfg.layers: 3" not in covdb.summarise(hits, plan, {"tiny"}).holes()
    # an illegal bin hit is reported, and never counts towards the goal
    r = plan.illegal[0]
    hits[r.point][r.value] = 2
    assert covdb.illegal_hits(hits, plan) and r.value not in covdb.summarise(hits, plan, {"tiny"}).holes()
    assert illegal


def _fake_run(tmp_path, name, hits, status="pass"):
    folder = tmp_path / "runs" / name
    folder.mkdir(parents=True)
    import yaml
    (folder / "coverage.yml").write_text(yaml.safe_dump(
        {p: {"type": "<class 'cocotb_coverage.coverage.CoverPoint'>", "bins:_hits": bins} for p, bins in hits.items()}))
    return {"test": "HcgsSmokeTest", "sim": "icarus", "config": "tiny", "seed": 1, "expect_fail": None,
            "name": name, "status": status, "message": "", "seconds": 1.0, "replay": "make sim", "folder": str(folder),
            "coverage_ok": status == "pass", "functional": str(folder / "coverage.yml"), "code": None}


def test_gate_fails_below_goal_on_illegal_bins_and_ignores_failing_runs(tmp_path, capsys):
    plan = testlist.load()
    full = {p: {b: 1 for b in bs} for p, bs in _model_bins().items()}
    for r in plan.illegal:
        full[r.point][r.value] = 0
    ok = _fake_run(tmp_path, "a", full)
    assert regress.finish(tmp_path, [ok], plan, "smoke", 1, (1, 1), 0.0) == 0
    # a failing run's coverage is not merged: the holes it would fill stay holes
    half = {p: {b: (1 if i % 2 else 0) for i, b in enumerate(bs)} for p, bs in full.items()}
    part = _fake_run(tmp_path, "b", half)
    bad = _fake_run(tmp_path, "c", full, status="fail")
    assert regress.finish(tmp_path, [part, bad], plan, "smoke", 1, (1, 1), 0.0) == 1
    assert "below the goal" in capsys.readouterr().out
    # an illegal bin hit fails the run that hit it
    r = plan.illegal[0]
    ill = {p: dict(bs) for p, bs in full.items()}
    ill[r.point][r.value] = 1
    rec = _fake_run(tmp_path, "d", ill)
    assert regress.finish(tmp_path, [rec], plan, "smoke", 1, (1, 1), 0.0) == 1
    assert rec["status"] == "fail" and "illegal coverage bin" in rec["message"]
