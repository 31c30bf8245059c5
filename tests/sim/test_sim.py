"""The simulation tests: the smoke set (make test) or, with --regress, the full regression
(make regress), on Icarus and Verilator, from verif/testlist.py.

One build per (simulator, parameter set), shared by every case through verif.runner; one
fresh folder per case under build/runs/pytest/; every results file checked (a missing one
fails). The case id names simulator, configuration, test and seed; a failure prints the
`make sim ...` line that replays it.
"""
from __future__ import annotations

import os

import pytest

from verif import run as vrun
from verif import runner, testlist


def _base_seed(config) -> int:
    s = config.getoption("--sim-seed")
    return s if s is not None else int(os.environ.get("SEED", "1"))


def pytest_generate_tests(metafunc):
    if "case" not in metafunc.fixturenames:
        return
    regress = metafunc.config.getoption("--regress")
    base = _base_seed(metafunc.config)
    cases, ids = [], []
    for entry, sim, cfg, k in testlist.cases(regress):
        seed = base + k
        cases.append((entry, sim, cfg, seed))
        ids.append(f"{sim}-{cfg}-{entry.name}-s{seed}")
    metafunc.parametrize("case", cases, ids=ids)


def test_sim(case):
    entry, sim, cfg, seed = case
    folder = vrun.RUNS / "pytest" / f"{sim}-{cfg}-{entry.name}-s{seed}"
    if entry.expect_fail:
        with pytest.raises(runner.SimFailure) as exc:
            vrun.simulate(sim, cfg, entry.name, seed, folder=folder)
        msg = str(exc.value)
        assert entry.expect_fail in msg, f"{entry.name} failed, but not as expected ({entry.expect_fail!r}):\n{msg}"
        print(f"{entry.name} failed as it must: {msg.splitlines()[1] if len(msg.splitlines()) > 1 else msg}")
        return
    res, perf, _ = vrun.simulate(sim, cfg, entry.name, seed, folder=folder)
    assert res.tests >= 1 and res.failed == 0
