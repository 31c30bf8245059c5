"""The activation unit's throughput (ACT_CELLS, ACT_SHARE, contract section 9) against
compression: cycles per frame of the 64-lane build `mid` (3 x 64; LANES = 64 is where groups
can be shorter than 4 cycles) at every legal keep count (K1, K2) from dense to the sparsest,
per choice (one or two cells per cycle with five tables per lane, or one cell every three
cycles from two tables shared in time), with the ideal (kept weights / LANES), and the
activation unit's area: stored table bits (golden/lut.py) and Yosys generic cells /
flip-flops of hcgs_act alone.

Cycles come from the suite's throughput test (verif/unit/test_top_smoke.py
test_back_door_throughput: back-door load, streams without backpressure, steady state),
on Icarus; the group-level figures are the chip build's too (same LANES, same WPS).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from golden import lut
from golden.config import preset
from verif import runner

CONFIG = "mid"
KEEPS = ((2, 8), (2, 4), (2, 2), (1, 2), (1, 1))
#: choice -> (ACT_CELLS, ACT_SHARE)
CHOICES = {"ACT_CELLS=1": (1, 0), "ACT_CELLS=2": (2, 0), "1, shared": (1, 1)}
#: the stored-table bits of the tables before the halving (5 ROMs of 4096 entries)
FULL_ROM_BITS = 3 * 4096 * 12 + 2 * 4096 * 13


def rom_bits(act_cells: int, act_share: int = 0) -> int:
    """Stored table bits: per lane 3 sigmoid and 2 tanh tables, or one of each when shared."""
    s, t = lut.half_rom("sigmoid"), lut.half_rom("tanh")
    return act_cells * (s.bits + t.bits if act_share else 3 * s.bits + 2 * t.bits)


def act_area(act_cells: int, act_share: int = 0) -> dict:
    """Yosys 0.23 generic gates of hcgs_act (chip widths), flattened, ROMs as logic."""
    if not shutil.which("yosys"):
        return {}
    gen, hdl = runner.ROOT / "hdl" / "gen", runner.ROOT / "hdl"
    srcs = [gen / "hcgs_pkg.sv", gen / "hcgs_rom_sigmoid.sv", gen / "hcgs_rom_tanh.sv",
            gen / "hcgs_lut_sigmoid.sv", gen / "hcgs_lut_tanh.sv", hdl / "hcgs_act.sv"]
    with tempfile.TemporaryDirectory() as tmp:
        stat = Path(tmp) / "stat.txt"
        script = (f"read_verilog -sv {' '.join(map(str, srcs))}; "
                  f"chparam -set ACT_CELLS {act_cells} -set ACT_SHARE {act_share} -set GW 7 -set HA_W 10 -set CW_W 9 hcgs_act; "
                  "hierarchy -top hcgs_act; synth -top hcgs_act -flatten -run begin:fine; opt -fast -full; "
                  f"memory_map; opt -fast; techmap; abc -fast; opt -fast; tee -o {stat} stat")
        subprocess.run(["yosys", "-q", "-p", script], check=True, capture_output=True)
        text = stat.read_text()
    cells = int(re.findall(r"Number of cells:\s+(\d+)", text)[-1])
    ffs = sum(int(n) for n in re.findall(r"\$_S?DFF\w*\s+(\d+)", text))
    return {"cells": cells, "flip_flops": ffs}


def measure(act_cells: int, act_share: int = 0) -> dict:
    p = preset(CONFIG)
    params = tuple({**p.hw.verilog_params(), "ACT_CELLS": act_cells, "ACT_SHARE": act_share}.items())
    b = runner.Build("icarus", "hcgs_tb", params)
    out = {}
    for k1, k2 in KEEPS:
        d = runner.BUILD_ROOT / "runs" / "bench" / f"act{act_cells}{'s' if act_share else ''}-{k1}-{k2}"
        d.mkdir(parents=True, exist_ok=True)
        env = {"HCGS_CONFIG": CONFIG, **{f"HCGS_{k}": str(v) for k, v in params},
               "HCGS_SHAPE": f"3,64,64,{k1},{k2},{k1},{k2}"}
        runner.run(b, "verif.unit.test_top_smoke", test_dir=d, seed=1, testcase="test_back_door_throughput",
                   plusargs=[f"+images={d / 'images'}", f"+perf={d / 'perf.txt'}"], extra_env=env)
        cyc, ideal = (int(v) for v in (d / "perf.txt").read_text().split()[:2])
        out[f"{k1},{k2}"] = {"cycles": cyc, "ideal": ideal}
    return out


def main() -> dict:
    rows = {a: measure(*c) for a, c in CHOICES.items()}
    area = {a: {"rom_bits": rom_bits(*c), **act_area(*c)} for a, c in CHOICES.items()}
    first = next(iter(CHOICES))
    print(f"{CONFIG} (LANES=64, 3 x 64): cycles per frame (of ideal) per activation choice")
    print(f"{'K1,K2':<7} {'compr.':>6} {'ideal':>6}" + "".join(f" {a:>18}" for a in CHOICES))
    for k in rows[first]:
        k1, k2 = (int(v) for v in k.split(","))
        comp = 16 / (k1 * k2)                       # dense: K1 = 2 (64 / 32), K2 = 8
        ideal = rows[first][k]["ideal"]
        cells = "".join(f" {rows[a][k]['cycles']:>9} ({ideal / rows[a][k]['cycles']:>6.1%})" for a in CHOICES)
        print(f"{k:<7} {comp:>5.0f}x {ideal:>6}{cells}")
    print(f"activation unit area (hcgs_act alone, chip widths; before: 5 ROMs of {FULL_ROM_BITS} bits in all)")
    for a in CHOICES:
        print(f"{a:<12}: table ROM bits {area[a]['rom_bits']:>7}, Yosys generic cells "
              f"{area[a].get('cells', '-')}, flip-flops {area[a].get('flip_flops', '-')}")
    return {"config": CONFIG, "cycles": rows, "area": area, "full_rom_bits": FULL_ROM_BITS}
