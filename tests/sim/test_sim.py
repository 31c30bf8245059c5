"""The simulation smoke level (make test) or, with --regress, the nightly level's planned
runs, on Icarus and Verilator, from the testplan (verif/testplan.yaml) through the same
engine as `make regress` (verif/regress.py).

One build per (simulator, parameter set), shared by every case through verif.runner; one
fresh folder per run under build/regress/pytest-<level>/runs/; every results file checked
(a missing one fails). The case id names simulator, configuration, test and seed; a failure
prints the `make sim ...` line that replays it. After the session, tests/conftest.py merges
the coverage of the passing runs and fails `make test` below the smoke level's goals.
"""
from __future__ import annotations

from verif import regress


def level(config) -> str:
    return "nightly" if config.getoption("--regress") else "smoke"


def out_dir(config):
    return regress.OUT_ROOT / f"pytest-{level(config)}"


def pytest_generate_tests(metafunc):
    if "run" not in metafunc.fixturenames:
        return
    from tests.conftest import base_seed
    runs = regress.planned_runs(level(metafunc.config), base_seed(metafunc.config))
    metafunc.parametrize("run", runs, ids=[r.name for r in runs])


def test_sim(run, request):
    rec = regress.run_one(run, out_dir(request.config))
    assert rec["status"] == "pass", f"{rec['message']}\nreplay: {rec['replay']}"
    if run.expect_fail:
        print(f"{run.test} {rec['message']}")
