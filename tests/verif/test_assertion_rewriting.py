"""The simulator's Python rewrites the `assert` statements of the cocotb test modules, for
failure messages that show the compared values, and of nothing else: rewriting every
imported module (cocotb's default) doubles a short run's wall time (bench/startup.py)."""
from __future__ import annotations

import re
from pathlib import Path

import numpy
import pyuvm
from _pytest.pathlib import fnmatch_ex

from verif import runner

TEST_DECORATOR = re.compile(r"^@(cocotb|pyuvm)\.test\b", re.M)


def _rewritten(path: Path) -> bool:
    """pytest's own test of a file against the patterns cocotb hands it (python_files)."""
    return any(fnmatch_ex(p, path) for p in runner.REWRITE_ASSERTION_FILES.split())


def test_every_cocotb_test_module_is_rewritten():
    modules = [p for p in (runner.ROOT / "verif").rglob("*.py") if TEST_DECORATOR.search(p.read_text())]
    assert len(modules) >= 6, modules          # the test modules exist where this test looks
    missed = [str(p.relative_to(runner.ROOT)) for p in modules if not _rewritten(p)]
    assert not missed, f"cocotb test modules outside REWRITE_ASSERTION_FILES={runner.REWRITE_ASSERTION_FILES!r}: {missed}"


def test_libraries_and_the_environment_are_not_rewritten():
    others = [Path(numpy.__file__), Path(pyuvm.__file__), runner.ROOT / "verif" / "uvm" / "scoreboard.py",
              runner.ROOT / "golden" / "fixed.py", runner.ROOT / "verif" / "tests" / "common.py"]
    rewritten = [str(p) for p in others if _rewritten(p)]
    assert not rewritten, f"REWRITE_ASSERTION_FILES={runner.REWRITE_ASSERTION_FILES!r} also rewrites {rewritten}"


def test_the_runner_hands_the_setting_to_the_simulator(monkeypatch, tmp_path):
    """runner.run passes the variable (an override from the caller's environment wins)."""
    seen = {}

    class FakeRunner:
        def test(self, **kw):
            seen.update(kw["extra_env"])
            raise SystemExit(0)

    monkeypatch.setattr(runner, "build", lambda b, log=print: b.dir)
    monkeypatch.setattr(runner, "_runner", lambda sim, vlt=None: FakeRunner())
    monkeypatch.delenv("COCOTB_REWRITE_ASSERTION_FILES", raising=False)
    b = runner.Build("icarus", "hcgs_tb", ())
    try:
        runner.run(b, "verif.tests.test_uvm", test_dir=tmp_path)
    except runner.SimFailure:
        pass                                  # no results.xml: the fake ran nothing
    assert seen.get("COCOTB_REWRITE_ASSERTION_FILES") == runner.REWRITE_ASSERTION_FILES
    monkeypatch.setenv("COCOTB_REWRITE_ASSERTION_FILES", "*.py")
    seen.clear()
    try:
        runner.run(b, "verif.tests.test_uvm", test_dir=tmp_path)
    except runner.SimFailure:
        pass
    assert seen.get("COCOTB_REWRITE_ASSERTION_FILES") == "*.py"
