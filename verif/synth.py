"""`make synth CONFIG=...`: Yosys 0.23 synthesis of hcgs_lstm_top with a preset's build
parameters (chparam), into generic gates with the memories kept as $mem cells.

Flow: read_verilog -sv; chparam; synth -run begin:fine (hierarchy, proc, opt, wreduce,
alumacc, memory -nomap, ...); no latch may exist ($dlatch/$adlatch/$dlatchsr); stat
(after proc: memory bits of every inferred array and table ROM); then the fine part of synth without memory_map
(opt, techmap, abc -fast) and stat again (cells); the gate netlist goes to netlist.v
(tests/sim/test_unit.py simulates it with the front-door smoke test). Hierarchy is kept (no flatten), so the
chip configuration finishes in a few minutes on 2 cores.
Per module (verif/synth_table.py): one row per elaborated module with its instance paths,
gate cells, flip-flop bits, multipliers and memory bits, written as a table and as
build/synth/<config>/modules.json; `--before <modules.json>` prints a before/after table.
Writes only under build/synth/<config>/. Exits non-zero when Yosys fails or finds a latch.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP = "hcgs_lstm_top"
LATCHES = "t:$dlatch t:$adlatch t:$dlatchsr t:$_DLATCH_* t:$_DLATCHSR_*"


def sources() -> list[Path]:
    gen = ROOT / "hdl" / "gen"
    pkg = gen / "hcgs_pkg.sv"
    rest = sorted(p for p in gen.glob("*.sv") if p != pkg) + sorted((ROOT / "hdl").glob("*.sv"))
    return [pkg, *rest]


def script(params: dict[str, int], out: Path) -> str:
    chparam = " ".join(f"-set {k} {v}" for k, v in params.items())
    lines = [
        "read_verilog -sv " + " ".join(str(p) for p in sources()),
        f"chparam {chparam} {TOP}" if chparam else "",
        f"hierarchy -check -top {TOP}",
        f"synth -top {TOP} -run begin:coarse",
        "proc",
        f"tee -o {out / 'latches_coarse.txt'} select -list {LATCHES}",
        f"select -assert-none {LATCHES}",
        f"tee -o {out / 'stat_mem.txt'} stat -top {TOP}",
        f"tee -q -o {out / 'stat_mem.json'} stat -json -top {TOP}",
        f"synth -top {TOP} -run coarse:fine",
        f"tee -o {out / 'stat_coarse.txt'} stat -top {TOP}",
        "opt -fast -full",
        "techmap",
        "opt -fast",
        "abc -fast",
        "opt -fast",
        f"select -assert-none {LATCHES}",
        f"tee -o {out / 'stat_final.txt'} stat -top {TOP}",
        f"tee -q -o {out / 'stat_final.json'} stat -json -top {TOP}",
        f"write_verilog -noattr {out / 'netlist.v'}",
    ]
    return "\n".join(l for l in lines if l) + "\n"


def top_summary(stat: str) -> dict[str, str]:
    """The totals of the last statistics block (the design hierarchy when there is one)."""
    block = stat.split("=== design hierarchy ===")[-1]
    out = {}
    for key in ("Number of cells", "Number of memories", "Number of memory bits"):
        m = re.findall(rf"{key}:\s+(\d+)", block)
        if m:
            out[key] = m[-1]
    cells = re.findall(r"^\s+(\$[a-z_A-Z0-9]+)\s+(\d+)\s*$", block, re.M)
    out["cell types"] = ", ".join(f"{t} {n}" for t, n in cells)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default="tiny", help="preset name (golden/config.py) or 'default'")
    ap.add_argument("--before", type=Path, help="a modules.json of an earlier run: print before/after columns")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override one build parameter of the preset (e.g. ACT_SHARE=1); repeatable")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from dataclasses import replace

    from golden.config import ConfigError, HwConfig, preset
    hw = HwConfig() if args.config == "default" else preset(args.config).hw
    over = {}
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in hw.verilog_params() or not value.isdigit():
            sys.exit(f"synth: --set {item!r}: expected NAME=VALUE with NAME one of "
                     f"{', '.join(hw.verilog_params())} and VALUE a number")
        over[name.lower()] = int(value)
    try:
        hw = replace(hw, **over)
    except ConfigError as e:
        sys.exit(f"synth: {e}")
    params = hw.verilog_params()
    if not shutil.which("yosys"):
        sys.exit("synth: yosys not on PATH")
    out = ROOT / "build" / "synth" / (args.config + "".join(f"-{k}{v}" for k, v in sorted(over.items())))
    out.mkdir(parents=True, exist_ok=True)
    ys = out / "synth.ys"
    ys.write_text(script(params, out))
    log = out / "yosys.log"
    t0 = time.time()
    r = subprocess.run(["yosys", "-q", "-l", str(log), str(ys)], capture_output=True, text=True, cwd=ROOT)
    dt = time.time() - t0
    desc = " ".join(f"{k}={v}" for k, v in params.items())
    if r.returncode != 0:
        text = log.read_text() if log.is_file() else r.stdout + r.stderr
        latch = (out / "latches_coarse.txt")
        if latch.is_file() and latch.read_text().strip():
            print(f"synth {args.config}: LATCHES found:\n{latch.read_text()}")
        print("\n".join(text.splitlines()[-30:]))
        print(f"synth {args.config} ({desc}): FAILED after {dt:.0f} s; log {log}")
        return 1
    mem = top_summary((out / "stat_mem.txt").read_text())
    coarse = top_summary((out / "stat_coarse.txt").read_text())
    final = top_summary((out / "stat_final.txt").read_text())
    warnings = sorted({l for l in log.read_text().splitlines() if l.startswith("Warning:")
                       and "with list of registers" not in l})
    print(f"synth {args.config} ({desc}): ok in {dt:.0f} s, no latches")
    print(f"  memories: {mem.get('Number of memories')} inferred arrays (incl. table ROMs), "
          f"{mem.get('Number of memory bits')} bits (kept as $mem cells)")
    print(f"  cells after techmap/abc: {final.get('Number of cells')} ({final.get('cell types')})")
    print(f"  coarse cells: {coarse.get('Number of cells')} ({coarse.get('cell types')})")
    for w in warnings:
        print(f"  {w}")
    from verif import synth_table
    try:
        table = synth_table.build(args.config, desc, (out / "stat_mem.json").read_text(),
                                  (out / "stat_final.json").read_text(), (out / "netlist.v").read_text())
    except synth_table.TableError as e:
        print(f"synth {args.config}: per-module table inconsistent: {e}")
        return 1
    table["seconds"] = round(dt)
    (out / "modules.json").write_text(synth_table.dumps(table))
    print(synth_table.render(table))
    if args.before:
        print(synth_table.render_compare(synth_table.loads(args.before.read_text()), table))
    print(f"  per-module figures {out / 'modules.json'}")
    print(f"  log {log}; statistics {out / 'stat_coarse.txt'}, {out / 'stat_final.txt'}; netlist {out / 'netlist.v'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
