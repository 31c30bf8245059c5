"""Shared pytest options, and the smoke level's coverage gate.

`--regress` turns the simulation smoke level (tests/sim) into the nightly level's planned
runs (verif/testplan.yaml says which tests, configurations and seeds). After a session that
ran every run of the level, the coverage of its passing runs is merged and checked against
the level's goals (functional, and line/toggle of the Verilator runs); falling short, or
hitting an illegal bin, fails the session with a line saying what and by how much.
"""
import os

import pytest


def pytest_addoption(parser):
    parser.addoption("--regress", action="store_true", default=False,
                     help="run the nightly level's planned simulation runs instead of the smoke level")
    parser.addoption("--sim-seed", type=int, default=None,
                     help="base seed of the simulation runs (default: SEED from the environment, else 1)")


def base_seed(config) -> int:
    s = config.getoption("--sim-seed")
    return s if s is not None else int(os.environ.get("SEED", "1"))


_SIM_RUNS_SEEN: set = set()


def pytest_runtest_logreport(report):
    """The simulation runs this session executed (reports reach the xdist controller too)."""
    if report.when == "call" and "test_sim.py::test_sim[" in report.nodeid:
        _SIM_RUNS_SEEN.add(report.nodeid.split("[", 1)[1].rstrip("]"))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput") or not _SIM_RUNS_SEEN:   # workers; sessions without sims
        return
    from tests.sim.test_sim import level, out_dir
    from verif import covdb, regress, testlist
    lv = level(session.config)
    planned = {r.name for r in regress.planned_runs(lv, base_seed(session.config))}
    recs = [r for r in regress.read_records([out_dir(session.config)]) if r["name"] in planned & _SIM_RUNS_SEEN]
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    say = tr.write_line if tr else print
    if len(recs) < len(planned):
        say(f"coverage gate: skipped, {len(recs)} of the {len(planned)} {lv} runs ran in this session")
        return
    plan = testlist.load()
    out = out_dir(session.config)
    code = 0
    try:
        code = regress.finish(out, recs, plan, lv, base_seed(session.config), (1, 1), 0.0, waves_on_fail=0,
                              tally=False)
    except Exception as e:       # the gate must say why it could not judge, and fail
        say(f"coverage gate: could not merge the coverage: {type(e).__name__}: {e}")
        code = 1
    if code and session.exitstatus == 0:
        say(f"coverage gate: the {lv} level misses its goals or hit an illegal bin (see above); "
            f"summary in {out / 'summary.json'}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
