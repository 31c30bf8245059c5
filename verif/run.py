"""`make sim`: one simulation, golden model checking every beat.

    python -m verif.run sim --sim icarus|verilator --config tiny|small|mid|timit|tedlium \
        --seed N [--test NAME] [--frames N] [--waves] [--knob name=value ...] [--fault NAME]
    python -m verif.run repro FAIL [--sim icarus|verilator]   # rerun a failure record with waves
    python -m verif.run faults                # the fault-injection list (make sim FAULT=...)
    python -m verif.run list                  # the testplan (smoke / regression sets)

Prints pass/fail, cycles per frame against the ideal (kept weights / LANES), MAC
utilisation from the performance counters, simulated cycles per second, and the one
command that replays the run. A failing run writes failure.json in its folder and prints
`make repro FAIL=<it>`; a run with waves also gets a GTKWave save file (and, failing, a
picture of the divergence). Writes only under build/.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from golden.config import PRESETS, preset

from . import record, runner, testlist
from .bfm.sv_files import sv_plusargs

TOPLEVEL = "hcgs_tb"
#: The testbench makes its own clock (hcgs_tb HCGS_SV_CLOCK): no simulator-to-Python call per
#: clock edge; Verilator needs --timing for it.
SV_CLOCK = {"verilator": ("--timing", "-DHCGS_SV_CLOCK"), "icarus": ("-DHCGS_SV_CLOCK",)}
RUNS = runner.BUILD_ROOT / "runs"


def build_for(sim: str, config: str, waves: bool = False, coverage: bool = False,
              fault: str | None = None, defines: tuple[str, ...] = ()) -> runner.Build:
    """The tb build of `config`; `coverage` (Verilator only) adds line/toggle/user coverage,
    each run then writes coverage.dat into its folder; `fault` (verif/faults.py) its own
    fault-injection build; `defines`: Verilog macros (the deliberate faults HCGS_BREAK_* of
    tests/sim/test_checks.py)."""
    if coverage and sim != "verilator":
        raise ValueError("code coverage needs --sim verilator")
    if fault:
        from . import faults
        faults.by_name(fault)
    hw = preset(config).hw
    return runner.Build(sim, TOPLEVEL, tuple(hw.verilog_params().items()), waves=waves, coverage=coverage,
                        build_args=SV_CLOCK[sim] + tuple(f"-D{d}" for d in defines), fault=fault or "")


def run_folder(sim: str, config: str, test: str, seed: int, tag: str = "") -> Path:
    return RUNS / f"{sim}-{config}-{test}-s{seed}{tag}"


def knob_words(knobs: dict | None) -> str:
    """Knobs as make sim's KNOB variable: name=value words (values JSON unless plain words)."""
    return " ".join(f"{k}={v if isinstance(v, str) else json.dumps(v, separators=(',', ':'))}"
                    for k, v in (knobs or {}).items())


def replay(sim: str, config: str, test: str, seed: int, frames=None, knobs=None, waves: bool = False,
           fault: str | None = None) -> str:
    """The `make sim` line that reruns the run exactly: waves, knobs and fault included."""
    return runner.replay_command(sim=sim, config=config, test=test, seed=seed, frames=frames,
                                 waves=1 if waves else None, knob=knob_words(knobs) or None, fault=fault)


#: What a failure message contains when its record needs the probe traces (first divergence).
NEEDS_TRACE = ("scoreboard:", "watchdog:", "(X/Z)")


def simulate(sim: str, config: str, test: str, seed: int, frames: int | None = None, waves: bool = False,
             knobs: dict | None = None, folder: Path | None = None, log_to_file: bool = True,
             coverage: bool = False, trace: bool | None = None, fault: str | None = None,
             build: runner.Build | None = None, defines: tuple[str, ...] = ()):
    """Run one test; returns (Results, perf dict, folder). Raises runner.SimFailure, whose
    message ends with the failure record's path and its `make repro` line.
    `coverage`: run on the code-coverage build (Verilator; coverage.dat lands in the folder).
    `trace`: write the RTL probe traces (trace.txt, and mactrace.txt: per group the lanes'
    product sums and the accumulators, which tell a MAC lane from accumulation and z
    rounding). None (default): only when a failure needs them: a run that fails in the
    scoreboard, by a watchdog or on X runs again, same seed, with the traces, so that its
    failure record names the first divergence (the trace costs ~30% of a chip-size run).
    `fault`: on the fault-injection build of that name (verif/faults.py).
    `build`: another build of the tb with `config`'s parameters (make mutate: a mutant's).
    A test the plan marks `trace: true` always writes the traces: its scoreboard checks the
    probe trace against the model's intermediates, so the trace is part of its check."""
    if testlist.by_name(test).trace:
        trace = True
    if trace is None:
        try:
            return simulate(sim, config, test, seed, frames, waves, knobs, folder, log_to_file, coverage, False,
                            fault, build, defines=defines)
        except runner.SimFailure as e:
            if not any(m in str(e) for m in NEEDS_TRACE):
                raise
            print(f"failure: running seed {seed} again with the probe traces", flush=True)
            return simulate(sim, config, test, seed, frames, waves, knobs, folder, log_to_file, coverage, True,
                            fault, build, defines=defines)
    entry = testlist.by_name(test)
    hw = preset(config).hw
    b = build or build_for(sim, config, waves, coverage, fault, defines)
    folder = Path(folder or run_folder(sim, config, test, seed)).resolve()   # the simulator runs in it
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    k = dict(knobs or {})
    if frames is not None:
        k["frames"] = frames
    rp = replay(sim, config, test, seed, frames, knobs, waves, fault)
    env = {"HCGS_RUN_DIR": str(folder), "HCGS_HW": json.dumps(hw.__dict__), "HCGS_CONFIG": config,
           "HCGS_KNOBS": json.dumps(k), "HCGS_REPLAY": rp}
    plusargs = [f"+images={folder / 'images'}", *sv_plusargs(folder)]
    if trace:
        plusargs += [f"+trace={folder / 'trace.txt'}", f"+mactrace={folder / 'mactrace.txt'}"]
    (folder / "images").mkdir()
    t0 = time.time()
    try:
        res = runner.run(b, entry.module, test_dir=folder, testcase=test, seed=seed, plusargs=plusargs,
                         extra_env=env, replay=rp, log_to_file=log_to_file)
    except runner.SimFailure as e:
        msg = str(e)
        rec = record.write(folder, sim=sim, config=config, test=test, module=entry.module, seed=seed,
                           frames=frames, knobs=dict(knobs or {}), fault=fault, waves=waves, build=b,
                           replay=rp, message=msg)
        extra = ""
        if waves:
            extra = "".join(f"\n{k}: {v}" for k, v in wave_views(folder, sim, config, rec).items())
        raise runner.SimFailure(f"{msg}\nrecord: {rec}{extra}\nrepro: {record.repro_line(rec)}") from None
    if waves:
        wave_views(folder, sim, config, None)
    wall = time.time() - t0
    perf = {}
    pf = folder / "perf.json"
    if pf.is_file():
        perf = json.loads(pf.read_text())
    perf["wall_s_total"] = wall
    return res, perf, folder


def wave_views(folder: Path, sim: str, config: str, rec_path: Path | None) -> dict:
    """The GTKWave save file of a waves run (and, for a failure, the picture of the
    divergence, linked from the record). Returns {what: path}; a problem making them is
    reported, never raised (the run's own verdict comes first)."""
    out = {}
    fst = folder / "waves.fst"
    if not fst.is_file():
        return {"waves": f"missing: no {fst} was written"}
    out["waves"] = str(fst)
    try:
        from . import waves as vw
        rec = json.loads(Path(rec_path).read_text()) if rec_path else None
        gtkw = vw.write_gtkw(fst, folder / "waves.gtkw", rec)
        out["gtkw"] = f"{gtkw}  (gtkwave {fst} {gtkw})"
        if rec is not None:
            from . import picture
            t0 = time.time()
            png = picture.draw(fst, rec, folder / "divergence.png")
            out["picture"] = f"{png} ({time.time() - t0:.1f} s)"
            rec.setdefault("files", {}).update(waves=str(fst), gtkw=str(gtkw), picture=str(png))
            Path(rec_path).write_text(json.dumps(rec, indent=1, default=str))
    except Exception as e:  # noqa: BLE001 - reported on the console, the failure stands
        out["views"] = f"could not make the wave views: {e!r}"
    return out


def sim_time_ns(folder: Path) -> float | None:
    """Simulated time of the run from cocotb's results file (sim_time_ns of the testcase)."""
    import xml.etree.ElementTree as ET
    xml = folder / "results.xml"
    if not xml.is_file():
        return None
    for case in ET.parse(xml).getroot().iter("testcase"):
        for prop in case.iter("property"):
            if prop.get("name") == "sim_time_duration":
                return float(prop.get("value"))
    return None


def perf_lines(perf: dict, folder: Path, hw) -> list[str]:
    out = []
    ns = sim_time_ns(folder)
    wall = perf.get("wall_s_total")
    if ns and wall:
        cyc = ns / 10
        out.append(f"simulated {int(cyc)} cycles in {wall:.1f} s wall: {cyc / wall:,.0f} cycles/s (incl. start-up)")
    if perf.get("stream_wall_s") and perf.get("stream_cycles"):
        cpu = perf.get("stream_cpu_s")
        out.append(f"streaming phase: {perf['stream_cycles']} cycles in {perf['stream_wall_s']:.2f} s: "
                   f"{perf['stream_cycles'] / perf['stream_wall_s']:,.0f} simulated cycles/s"
                   + (f" ({perf['stream_cycles'] / cpu:,.0f} per CPU second)" if cpu else ""))
    cnt = perf.get("counters")
    if cnt and perf.get("frames"):
        f = perf["frames"]
        ideal = perf["ideal_cycles_per_frame"]
        busy = cnt["CNT_BUSY"] / f
        util = cnt["CNT_MAC"] / cnt["CNT_BUSY"] if cnt["CNT_BUSY"] else 0.0
        out.append(f"config: {perf.get('shape')}; load: {perf.get('load')}")
        out.append(f"cycles per frame: {busy:,.0f} busy (CNT_BUSY/frames) vs ideal {ideal:,.0f} (kept weights / "
                   f"{hw.lanes} lanes) = {ideal / busy if busy else 0:.1%} of ideal; stream {perf['stream_cycles'] / f:,.0f}/frame")
        out.append(f"MAC utilisation: {util:.1%} (CNT_MAC {cnt['CNT_MAC']} / CNT_BUSY {cnt['CNT_BUSY']}); "
                   f"stalls: input {cnt['CNT_STALL_IN']}, output {cnt['CNT_STALL_OUT']}; frames {cnt['CNT_FRAMES']}")
    return out


def cmd_sim(a) -> int:
    knobs = dict(kv.split("=", 1) for kv in a.knob)
    for k, v in list(knobs.items()):
        try:
            knobs[k] = json.loads(v)          # numbers, true/false, lists
        except ValueError:
            knobs[k] = v                      # plain words (e.g. idle=heavy)
    if knobs or a.frames is not None:
        from verif.uvm import knobs as known
        try:
            known.check({**knobs, **({"frames": a.frames} if a.frames is not None else {})}, "the command line")
        except known.KnobError as e:
            print(f"error: {e}")
            return 2
    hw = preset(a.config).hw
    test = a.test or "HcgsSmokeTest"
    rp = replay(a.sim, a.config, test, a.seed, a.frames, knobs, a.waves, a.fault)
    fault = f", FAULT={a.fault} (fault-injection build)" if a.fault else ""
    print(f"sim: {test} on {a.sim}, CONFIG={a.config} ({hw.verilog_params()}), SEED={a.seed}{fault}", flush=True)
    try:
        res, perf, folder = simulate(a.sim, a.config, test, a.seed, a.frames, a.waves, knobs,
                                     log_to_file=not a.verbose, trace=True if a.trace else None,
                                     fault=a.fault)
    except runner.SimFailure as e:
        msg = str(e)
        print(f"FAIL: {msg}")
        if "replay:" not in msg:
            print(f"replay: {rp}")
        return 1
    for line in perf_lines(perf, folder, hw):
        print(line)
    print(f"PASS: {res.tests} test(s) in {folder}")
    if a.waves:
        print(f"waves: {folder / 'waves.fst'}")
        if (folder / "waves.gtkw").is_file():
            print(f"gtkw: {folder / 'waves.gtkw'}  (gtkwave {folder / 'waves.fst'} {folder / 'waves.gtkw'})")
    if a.fault:
        print(f"FAULT={a.fault} was injected and the run passed: the testbench did not catch it")
    print(f"replay: {rp}")
    return 0


def cmd_repro(a) -> int:
    from . import repro
    return repro.main_repro(a.record, a.sim)


def cmd_faults(a) -> int:
    from . import faults
    for f in faults.FAULTS:
        print(f"{f.name:14s} stage={f.stage:14s} layer={f.layer} gate={f.gate or '-'}  {f.what}")
    return 0


def cmd_list(a) -> int:
    """The testplan (verif/testplan.yaml): goals, testpoints, tests per level, exclusions, illegal bins."""
    plan = testlist.load()
    print(f"testplan {testlist.PLAN_FILE.relative_to(runner.ROOT)}")
    for lv in testlist.LEVELS:
        g = plan.goals[lv]
        print(f"level {lv}: goals functional {g['functional']}%, line {g['line']}%, toggle {g['toggle']}%; "
              f"{len(testlist.cases(level=lv))} planned runs; {plan.levels.get(lv, {}).get('about', '')}")
    print("\ntestpoints:")
    for tp in plan.testpoints:
        print(f"  {tp.name}: {tp.goal}\n    stimulus: {tp.stimulus}\n    check: {tp.check}\n"
              f"    tests: {', '.join(tp.tests)}\n    cover points: {', '.join(tp.coverpoints) or '-'}")
    print("\ntests (configs x reseeds per simulator):")
    for t in plan.tests:
        lv = lambda name: (f"{','.join(t.configs(name))} x{t.reseeds(name)}" if t.configs(name) else "-")
        print(f"  {t.name:32s} smoke={lv('smoke'):10s} nightly={lv('nightly'):16s} sims={','.join(t.sims)}  {t.why}")
    print("\nexclusions:")
    for r in plan.exclusions:
        print(f"  {r.bin} [{', '.join(r.configs)}]: {r.reason}")
    print("illegal bins (a hit fails the run):")
    for r in plan.illegal:
        print(f"  {r.bin}: {r.reason}")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m verif.run", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sim", help="run one test")
    s.add_argument("--sim", choices=runner.SIMS, default="icarus")
    s.add_argument("--config", choices=list(PRESETS), default="tiny")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--test", default=None, help="test name (python -m verif.run list)")
    s.add_argument("--frames", type=int, default=None)
    s.add_argument("--waves", action="store_true")
    s.add_argument("--trace", action="store_true", help="write the RTL probe trace (default: only when a "
                   "scoreboard failure needs it, by running the seed again)")
    s.add_argument("--verbose", action="store_true", help="simulator output to the terminal")
    s.add_argument("--knob", action="append", default=[], help="ConfigDB knob name=value (pyuvm tests)")
    s.add_argument("--fault", default=None, help="fault-injection build (python -m verif.run faults)")
    r = sub.add_parser("repro", help="rerun a failure record with waves and compare the first mismatch")
    r.add_argument("record", help="failure.json of a failing run (or its folder)")
    r.add_argument("--sim", choices=runner.SIMS, default=None, help="default: the record's simulator")
    sub.add_parser("faults", help="the fault-injection list")
    sub.add_parser("list", help="the testplan")
    a = p.parse_args(argv)
    return {"sim": cmd_sim, "list": cmd_list, "repro": cmd_repro, "faults": cmd_faults}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
