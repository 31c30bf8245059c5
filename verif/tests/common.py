"""What every cocotb test module here shares: the bench, the build's HwConfig, the run
folder, knobs from the command line (HCGS_KNOBS, JSON) and the replay line."""
from __future__ import annotations

import json
import os

import cocotb

from golden.config import HwConfig
from verif.bfm.bench import HcgsBench
from verif.uvm.env import hw_from_dut, run_dir


def cli_knobs() -> dict:
    return json.loads(os.environ.get("HCGS_KNOBS", "{}"))


def replay_line(test: str) -> str:
    return os.environ.get("HCGS_REPLAY", f"(replay: run test {test} with seed {cocotb.RANDOM_SEED})")


def make_bench() -> tuple[HcgsBench, HwConfig]:
    dut = cocotb.top
    bench = HcgsBench(dut)
    return bench, hw_from_dut(dut)
