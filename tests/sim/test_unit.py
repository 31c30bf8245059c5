"""RTL unit tests (verif/unit) on Icarus and Verilator: the activation unit over every
table input, the accumulate path at its saturation corners, the HCGS index walker, the
AXI4-Lite slave, and a top-level smoke test against golden.fixed.

Each test builds once per (simulator, toplevel, parameters) through verif.runner and
runs its cocotb module in a folder of its own under build/unit/. The chip-size cases and
the gate-level run are part of `--regress` only (`make regress`); seed: --sim-seed, else
SEED from the environment, else 1.
"""
from __future__ import annotations

import os

import pytest

from golden.config import preset
from verif import runner
from verif.unit.benches import act_plusargs, unit_build

SIMS = ("icarus", "verilator")


def _params(config: str) -> tuple[tuple[str, int], ...]:
    return tuple(preset(config).hw.verilog_params().items())


def _env(config: str, params) -> dict[str, str]:
    return {"HCGS_CONFIG": config, **{f"HCGS_{k}": str(v) for k, v in params}}


def _dir(sim: str, name: str):
    wid = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return runner.BUILD_ROOT / "unit" / sim / f"{name}-{wid}"


_OPTS = {}


@pytest.fixture(autouse=True)
def _options(request):
    _OPTS["regress"] = request.config.getoption("--regress", default=False)
    _OPTS["seed"] = request.config.getoption("--sim-seed", default=None)


def _seed() -> int:
    return _OPTS.get("seed") or int(os.environ.get("SEED", "1"))


def _regress_only():
    if not _OPTS.get("regress"):
        pytest.skip("regression only (--regress)")


@pytest.mark.parametrize("config", ("timit", "tedlium"))
@pytest.mark.parametrize("sim", SIMS)
def test_top_throughput_chip(sim, config):
    """The chip build and model (16x, 512 cells): cycles per frame, bit-exact outputs."""
    _regress_only()
    params = _params(config)
    b = runner.Build(sim, "hcgs_tb", params)
    d = _dir(sim, f"throughput-{config}")
    d.mkdir(parents=True, exist_ok=True)
    runner.run(b, "verif.unit.test_top_smoke", test_dir=d, seed=_seed(), testcase="test_back_door_throughput",
               plusargs=[f"+images={d / 'images'}", f"+perf={d / 'perf.txt'}"], extra_env=_env(config, params))


#: (build preset, run-time shape override "layers,isize,hsize,k1ih,k2ih,k1hh,k2hh" or "")
SMOKE = {
    "tiny": ("tiny", ""),
    "small": ("small", ""),
    # the chip build with a small model of 2-cycle groups: the activation floor, stalls
    "chip-short-groups": ("timit", "3,64,64,1,1,1,1"),
    "chip-mixed": ("timit", "2,96,64,3,3,1,2"),
}


@pytest.mark.parametrize("case", SMOKE)
@pytest.mark.parametrize("sim", SIMS)
def test_top_smoke(sim, case):
    if case != "tiny":
        _regress_only()
    config, shape = SMOKE[case]
    params = _params(config)
    b = runner.Build(sim, "hcgs_tb", params)
    d = _dir(sim, f"top_smoke-{case}")
    d.mkdir(parents=True, exist_ok=True)
    env = _env(config, params)
    if shape:
        env["HCGS_SHAPE"] = shape
    runner.run(b, "verif.unit.test_top_smoke", test_dir=d, seed=_seed(),
               plusargs=[f"+trace={d / 'trace.txt'}", f"+images={d / 'images'}", f"+perf={d / 'perf.txt'}"],
               extra_env=env)


#: Cycles per frame (steady state, no backpressure) of the 64-lane build `mid` (3 layers of
#: 16 groups, WPS = 1) at every keep count from dense to the sparsest, per activation
#: choice: (K1, K2) -> {choice: cycles}, choice "1", "2" (ACT_CELLS) or "1s" (ACT_CELLS = 1
#: with shared tables, ACT_SHARE = 1). Per layer (contract section 9):
#:   (groups - 1) * max(walk, floor) + walk + tail
#: walk = K1*K2 + K1*K2 cycles of a group's MAC walk; floor = the activation unit's cycles
#: per group, its rows (4 / ACT_CELLS) times the cycles between rows (1, 3 with shared
#: tables); tail = from the last group's bundle to the next layer's start: PIPE, plus the
#: last row's offset in its group ((rows - 1) * spacing), plus ACT_EXTRA for the stages
#: E3-E7 added for the clock, OPERAND_EXTRA for the operand register B2, SUM_EXTRA for the
#: MAC's adder-tree register S, VECTOR_EXTRA for the walker's vector-address register B0,
#: SHARE_EXTRA for the stages P1, P2 of the shared tables. The
#: first group's walk is never hidden.
PIPE = 5
ACT_EXTRA = 5
OPERAND_EXTRA = 1
SUM_EXTRA = 1
VECTOR_EXTRA = 1
SHARE_EXTRA = 2
MID_LAYERS, MID_GROUPS = 3, 16
#: the activation choices: name -> (ACT_CELLS, ACT_SHARE)
ACT_CHOICES = {"1": (1, 0), "2": (2, 0), "1s": (1, 1)}


def _mid_cycles(k1: int, k2: int, choice: str) -> int:
    cells, share = ACT_CHOICES[choice]
    walk = 2 * k1 * k2
    rows, spacing = 4 // cells, 3 if share else 1
    floor = rows * spacing
    tail = PIPE + (rows - 1) * spacing + ACT_EXTRA + OPERAND_EXTRA + SUM_EXTRA + VECTOR_EXTRA + (SHARE_EXTRA if share else 0)
    return MID_LAYERS * ((MID_GROUPS - 1) * max(walk, floor) + walk + tail)


MID_KEEPS = {(k1, k2): {a: _mid_cycles(k1, k2, a) for a in ACT_CHOICES}
             for k1, k2 in ((2, 8), (2, 4), (2, 2), (1, 2), (1, 1))}


@pytest.mark.parametrize("choice", ACT_CHOICES)
@pytest.mark.parametrize("sim", SIMS)
def test_top_cycles_per_keep(sim, choice):
    """The `mid` build (LANES = 64, 3 x 64) with ACT_CELLS 1 and 2, and 1 with shared tables,
    over the keep counts (K1, K2) = (2, 8) .. (1, 1): bit-exact outputs and the exact cycles
    per frame."""
    cells, share = ACT_CHOICES[choice]
    params = tuple({**dict(_params("mid")), "ACT_CELLS": cells, "ACT_SHARE": share}.items())
    b = runner.Build(sim, "hcgs_tb", params)
    got = {}
    for k1, k2 in ((2, 8), (2, 4), (2, 2), (1, 2), (1, 1)):
        d = _dir(sim, f"cycles-act{choice}-{k1}-{k2}")
        d.mkdir(parents=True, exist_ok=True)
        env = _env("mid", params)
        env["HCGS_SHAPE"] = f"3,64,64,{k1},{k2},{k1},{k2}"
        runner.run(b, "verif.unit.test_top_smoke", test_dir=d, seed=_seed(), testcase="test_back_door_throughput",
                   plusargs=[f"+images={d / 'images'}", f"+perf={d / 'perf.txt'}"], extra_env=env)
        got[(k1, k2)] = int((d / "perf.txt").read_text().split()[0])
    print(f"mid ACT_CELLS, ACT_SHARE = {cells}, {share}: cycles per frame {got}")
    assert got == {k: v[choice] for k, v in MID_KEEPS.items()}


@pytest.mark.parametrize("act_cells,act_share", ((1, 0), (2, 0), (1, 1)))
@pytest.mark.parametrize("sim", SIMS)
def test_act(sim, act_cells, act_share):
    b = unit_build(sim, "hcgs_act_tb", (("ACT_CELLS", act_cells), ("ACT_SHARE", act_share)))
    d = _dir(sim, f"act{act_cells}" + ("s" if act_share else ""))
    d.mkdir(parents=True, exist_ok=True)
    runner.run(b, "verif.unit.test_act", test_dir=d, seed=_seed(), plusargs=act_plusargs(d))


@pytest.mark.parametrize("lanes", (16, 32, 64))
@pytest.mark.parametrize("sim", SIMS)
def test_mac(sim, lanes):
    if lanes == 32:
        _regress_only()
    b = unit_build(sim, "hcgs_mac_tb", (("LANES", lanes),))
    for hold in (0, 3):
        d = _dir(sim, f"mac{lanes}-hold{hold}")
        d.mkdir(parents=True, exist_ok=True)
        runner.run(b, "verif.unit.test_mac", test_dir=d, seed=_seed(),
                   plusargs=[f"+stim={d / 'stim.hex'}", f"+trace={d / 'trace.txt'}", f"+hold={hold}"],
                   extra_env={"HCGS_LANES": str(lanes)})


@pytest.mark.parametrize("lanes", (16, 32, 64))
@pytest.mark.parametrize("sim", SIMS)
def test_walker(sim, lanes):
    b = unit_build(sim, "hcgs_walker_tb", (("LANES", lanes),))
    d = _dir(sim, f"walker{lanes}")
    d.mkdir(parents=True, exist_ok=True)
    runner.run(b, "verif.unit.test_walker", test_dir=d, seed=_seed(),
               plusargs=[f"+trace={d / 'trace.txt'}", f"+t1={d / 't1.hex'}", f"+t2={d / 't2.hex'}"],
               extra_env={"HCGS_LANES": str(lanes)})


@pytest.mark.parametrize("config", ("tiny", "small", "tiny-smallmem"))
@pytest.mark.parametrize("sim", SIMS)
def test_axil(sim, config):
    """tiny-smallmem: the tiny build with memories too small for its dense pattern, so the
    MEM check of START is reachable."""
    if config == "small":
        _regress_only()
    params = _params(config.split("-")[0])
    plus = []
    if config.endswith("smallmem"):
        params = tuple((k, {"WMEM_DEPTH": 1024, "T1_DEPTH": 10}.get(k, v)) for k, v in params)
        plus = ["+expect_mem=1"]
    b = runner.Build(sim, "hcgs_tb", params)
    d = _dir(sim, f"axil-{config}")
    d.mkdir(parents=True, exist_ok=True)
    runner.run(b, "verif.unit.test_axil", test_dir=d, seed=_seed(), plusargs=plus,
               extra_env=_env(config.split("-")[0], params))


@pytest.mark.parametrize("share", (0, 1))
def test_gate_level_smoke(share):
    """Yosys' gate netlist of the tiny build (make synth CONFIG=tiny), with five activation
    tables per lane and with the tables shared in time (ACT_SHARE=1, the chip build's form),
    passes the front-door smoke test bit-exactly on Icarus: synthesis reads the RTL as the
    simulators do."""
    _regress_only()
    import subprocess
    import sys
    subprocess.run([sys.executable, "-m", "verif.synth", "--config", "tiny", "--set", f"ACT_SHARE={share}"],
                   check=True, cwd=runner.ROOT, stdout=subprocess.DEVNULL)
    netlist = runner.BUILD_ROOT / "synth" / f"tiny-act_share{share}" / "netlist.v"
    params = tuple({**dict(_params("tiny")), "ACT_SHARE": share}.items())
    b = runner.Build("icarus", "hcgs_tb", (), sources=(netlist, *runner.tb_sources()), build_args=("-DGATE_LEVEL",))
    d = _dir("icarus", f"gate_level-share{share}")
    d.mkdir(parents=True, exist_ok=True)
    runner.run(b, "verif.unit.test_top_smoke", test_dir=d, seed=_seed(), testcase="test_front_door_smoke",
               extra_env=_env("tiny", params))
