"""Shared pytest options, and the smoke level's coverage gate.

`--regress` turns the simulation smoke level (tests/sim) into the nightly level's planned
runs (verif/testplan.yaml says which tests, configurations and seeds). After a session that
ran every run of the level, the coverage of its passing runs is merged and checked against
the level's goals (functional, and line/toggle of the Verilator runs); falling short, or
hitting an illegal bin, fails the session with a line saying what and by how much.
"""
import os
import shutil
import tempfile
from pathlib import Path

import pytest

#: disk the suite needs beyond the venv, measured on a fresh clone (`make test`, 2 workers):
#: build/ peaks at 450 MB while two Verilator builds hold their precompiled headers, pytest's
#: temp folders take 60 MB, YoWASP's compiled tools 220 MB (~/.cache/YoWASP, first use only).
DISK_NEED_MB = 750
#: below this the run cannot finish: stop at once with the figures instead of hundreds of
#: "No space left on device" errors.
DISK_FLOOR_MB = 500


def _free_mb(path: Path) -> int:
    while not path.exists():
        path = path.parent
    return shutil.disk_usage(path).free // 2**20


def disk_report() -> tuple[str, int]:
    """A line naming the free space where the suite writes, and the least of those figures."""
    from verif import runner
    where = {"build/": runner.BUILD_ROOT, "temp": Path(tempfile.gettempdir())}
    free = {k: _free_mb(Path(p)) for k, p in where.items()}
    return (", ".join(f"{v} MB free for {k}" for k, v in free.items())
            + f" (the suite needs about {DISK_NEED_MB} MB)", min(free.values()))


def pytest_report_header(config):
    return "disk: " + disk_report()[0]


def pytest_sessionstart(session):
    if hasattr(session.config, "workerinput"):
        return
    line, least = disk_report()
    if least < DISK_FLOOR_MB:
        pytest.exit(f"disk: {line}; fewer than {DISK_FLOOR_MB} MB cannot finish the suite. Free some "
                    f"space (make clean drops build/) and run again", returncode=1)
    if least < 2 * DISK_NEED_MB:
        tr = session.config.pluginmanager.get_plugin("terminalreporter")
        (tr.write_line if tr else print)(f"disk: warning, {line}")


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
