"""The failure record of a run: `failure.json` in its run folder.

`write()` joins the run-level half (simulator and version, build and its parameters,
configuration, test, seeds, knobs, fault, files, the replay and repro lines) with the
in-simulation half the testbench wrote (`divergence.json`, verif/uvm/recorder.py: the
kind of failure, the beats around the first mismatch, the first divergence, watchdog
state, DUT snapshot). A failure that never reached the testbench (build error, crash,
directed test) still gets a record with the runner's message.

`same_mismatch()` says whether two records show the same first mismatch bit for bit.
"""
from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path

FILE = "failure.json"
VERSION = 1


@functools.lru_cache(maxsize=None)
def simulator_version(sim: str) -> str:
    cmd = {"icarus": ["iverilog", "-V"], "verilator": ["verilator", "--version"]}[sim]
    if shutil.which(cmd[0]) is None:
        return f"unknown ({cmd[0]} not on PATH)"
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unknown ({e})"
    return out.strip().splitlines()[0] if out.strip() else "unknown"


def repro_line(path: Path) -> str:
    return f"make repro FAIL={path}"


def write(folder: Path, *, sim: str, config: str, test: str, module: str, seed: int, frames, knobs: dict,
          fault: str | None, waves: bool, build, replay: str, message: str) -> Path:
    folder = Path(folder)
    part = {}
    dj = folder / "divergence.json"
    if dj.is_file():
        try:
            part = json.loads(dj.read_text())
        except ValueError as e:
            part = {"record_error": f"divergence.json unreadable: {e}"}
    files = {n: str(folder / n) for n in ("sim.log", "results.xml", "trace.txt", "mactrace.txt", "waves.fst")
             if (folder / n).is_file()}
    files.update(part.pop("files", {}) or {})
    rec = {
        "record_version": VERSION,
        "status": "fail",
        "kind": part.pop("kind", "simulation"),
        "message": message,
        "simulator": {"name": sim, "version": simulator_version(sim)},
        "build": {"name": build.name, "dir": str(build.dir), "parameters": dict(build.parameters),
                  "waves": build.waves, "fault": fault or None,
                  "defines": [f"HCGS_FAULT_{fault.upper()}"] if fault else []},
        "config": config,
        "test": test,
        "module": module,
        "seed": seed,
        "test_seed": part.pop("test_seed", None),
        "frames": frames,
        "knobs": knobs,
        "fault": fault or None,
        "run_dir": str(folder),
        "files": files,
        "regenerate": ("every model and input is drawn from the seed: the replay line (or make repro) "
                       "draws the same again; failure_inputs/ holds this run's model images, registers "
                       "and input frames (inputs.npy, seq_start.npy)"),
        "replay": replay,
        "repro": repro_line(folder / FILE),
    }
    tb_message = part.pop("message", None)
    if tb_message and tb_message not in message:
        rec["testbench_message"] = tb_message
    rec.update(part)
    rec.setdefault("output", None)
    rec.setdefault("divergence", None)
    out = folder / FILE
    out.write_text(json.dumps(rec, indent=1, default=str))
    return out


def load(path) -> dict:
    p = Path(path)
    if p.is_dir():
        p = p / FILE
    if not p.is_file():
        raise FileNotFoundError(f"no failure record {p}: give the failure.json a failing run printed")
    try:
        rec = json.loads(p.read_text())
    except ValueError as e:
        raise ValueError(f"{p} is not a failure record (JSON: {e})") from None
    for k in ("simulator", "config", "test", "seed"):
        if k not in rec:
            raise ValueError(f"{p} is not a failure record: no {k!r} field")
    return rec


def fingerprint(rec: dict) -> dict:
    """What must be identical for two runs to show the same first mismatch: the failure
    kind, the first differing output beats (expected and actual, bit for bit) and the
    first divergence (place, stage and both values). Simulator-specific fields (times,
    cycles of a sim, paths) are left out only where they are not part of the mismatch."""
    o = rec.get("output") or {}
    d = rec.get("divergence") or {}
    keep_o = ("kind", "frame", "sequence", "timestep", "beat", "beats_expected", "beats_actual",
              "frames_expected", "frames_actual", "layer", "expected", "actual")
    keep_d = ("frame", "sequence", "timestep", "layer", "cell", "gate", "observed", "stage", "rtl", "model",
              "cycle", "time_ns")
    return {"kind": rec.get("kind"), "output": {k: o.get(k) for k in keep_o},
            "divergence": {k: d.get(k) for k in keep_d}}


def same_mismatch(a: dict, b: dict) -> tuple[bool, list[str]]:
    """(True, []) when records `a` and `b` show the same first mismatch bit for bit; else
    (False, the differences)."""
    fa, fb = fingerprint(a), fingerprint(b)
    diffs = []

    def walk(x, y, path):
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y)):
                walk(x.get(k), y.get(k), f"{path}.{k}" if path else k)
        elif x != y:
            diffs.append(f"{path}: {json.dumps(x, default=str)} then, {json.dumps(y, default=str)} now")

    walk(fa, fb, "")
    return not diffs, diffs
