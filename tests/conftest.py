"""Shared pytest options. `--regress` turns the simulation smoke set (tests/sim) into the
full regression (verif/testlist.py says which tests, configurations and seeds)."""


def pytest_addoption(parser):
    parser.addoption("--regress", action="store_true", default=False,
                     help="run the full simulation regression instead of the smoke set")
    parser.addoption("--sim-seed", type=int, default=None,
                     help="base seed of the simulation tests (default: SEED from the environment, else 1)")
