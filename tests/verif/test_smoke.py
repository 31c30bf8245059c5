"""make smoke's run selection (verif/smoke.py), without simulating: every configuration the
smoke level plans is run on either simulator, and a CONFIG it cannot run is refused."""
import pytest

from verif import smoke


@pytest.mark.parametrize("sim", ("icarus", "verilator"))
def test_smoke_runs_every_planned_configuration(sim):
    runs = smoke.runs_for("smoke", sim)
    assert {r.config for r in runs} == {"tiny", "mid", "mid2"}
    assert all(r.sim == sim for r in runs)
    assert len({r.name for r in runs}) == len(runs)


def test_smoke_config_errors():
    assert {r.config for r in smoke.runs_for("smoke", "verilator", ["mid"])} == {"mid"}
    with pytest.raises(SystemExit, match="CONFIG=nope: allowed tiny, small, mid"):
        smoke.runs_for("smoke", "icarus", ["nope"])
    with pytest.raises(SystemExit, match="CONFIG=timit: the smoke level runs nothing on icarus there"):
        smoke.runs_for("smoke", "icarus", ["timit"])
