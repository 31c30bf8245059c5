"""`make repro FAIL=<failure.json>`: rerun a failing run exactly, with waves, and say
whether it failed the same way bit for bit; and `rerun_with_waves()` for regressions.

The rerun uses the record's configuration, test, seed, frames, knobs and fault on the
record's simulator (or the other one), on that simulator's waves build, in the folder
`<run>-repro-<sim>/`. It writes its own failure record there, compares the first
mismatch (kind, output beats expected and actual, first divergence with both values and
its cycle: verif/record.py `fingerprint`) with the original's, writes the GTKWave save
file and the picture, and checks that every signal the save file names is in the FST.

    python -m verif.repro FAIL.json [--sim icarus|verilator]
    python -m verif.repro --rerun N FAIL.json ...     # the first N records, as a regression does
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import record, runner


@dataclass
class Repro:
    original: Path
    sim: str
    folder: Path
    reproduced: bool
    lines: list[str] = field(default_factory=list)
    record: Path | None = None
    picture: Path | None = None
    gtkw: Path | None = None
    seconds: float = 0.0


def repro(path, sim: str | None = None, log=print) -> Repro:
    """Rerun the failure recorded in `path` with waves; see the module doc."""
    from . import run as vrun
    from . import waves
    t0 = time.time()
    path = Path(path)
    rec = record.load(path)
    orig_sim = rec["simulator"]["name"]
    sim = sim or orig_sim
    if sim not in runner.SIMS:
        raise ValueError(f"SIM={sim!r}: allowed {', '.join(runner.SIMS)}")
    run_dir = Path(rec.get("run_dir") or path.parent)
    folder = run_dir.with_name(f"{run_dir.name}-repro-{sim}")
    log(f"repro: {rec['test']} CONFIG={rec['config']} SEED={rec['seed']} on {sim}"
        + (f" (recorded on {orig_sim})" if sim != orig_sim else "")
        + (f" FAULT={rec['fault']}" if rec.get("fault") else "")
        + (f" knobs {rec['knobs']}" if rec.get("knobs") else "") + f", waves on, in {folder}")
    out = Repro(path, sim, folder, False)
    try:
        vrun.simulate(sim, rec["config"], rec["test"], int(rec["seed"]), rec.get("frames"), waves=True,
                      knobs=rec.get("knobs") or {}, folder=folder, fault=rec.get("fault"), trace=True)
    except runner.SimFailure as e:
        newp = folder / record.FILE
        if not newp.is_file():
            out.lines.append(f"NOT REPRODUCED: the rerun failed without a record: {str(e).splitlines()[0]}")
            out.seconds = time.time() - t0
            return out
        new = record.load(newp)
        out.record = newp
        same, diffs = record.same_mismatch(rec, new)
        out.reproduced = same
        fp = record.fingerprint(new)
        d = new.get("divergence") or {}
        if same:
            out.lines.append("REPRODUCED: same first mismatch bit for bit (kind, output beats expected and "
                             "actual, first divergence place, stage, values and cycle)")
        else:
            out.lines.append("NOT REPRODUCED the same way: the rerun failed, but differently:")
            out.lines += [f"  {x}" for x in diffs[:20]]
        if d:
            out.lines.append(f"first divergence: {d.get('describe') or d.get('detail')} [stage {d.get('stage')}]"
                             + (f" at cycle {d['cycle']} ({d['time_ns']} ns)" if d.get("cycle") is not None else ""))
        elif fp["output"].get("kind"):
            out.lines.append(f"first mismatch: {fp['output']}")
        files = new.get("files", {})
        out.lines.append(f"record: {newp}")
        if files.get("waves"):
            out.lines.append(f"waves: {files['waves']}")
        if files.get("gtkw"):
            out.gtkw = Path(files["gtkw"])
            problems = waves.check_gtkw(out.gtkw, files["waves"])
            out.lines.append(f"gtkw: {out.gtkw} ({len(waves.gtkw_signals(out.gtkw))} signals, "
                             + ("every one in the FST" if not problems else f"PROBLEMS: {problems[:5]}") + ")")
            out.lines.append(f"view: gtkwave {files['waves']} {out.gtkw}")
            if problems:
                out.reproduced = False
        if files.get("picture"):
            out.picture = Path(files["picture"])
            out.lines.append(f"picture: {out.picture}")
        else:
            out.lines.append("picture: none was drawn (see the lines above)")
        out.seconds = time.time() - t0
        return out
    out.lines.append(f"NOT REPRODUCED: the rerun on {sim} passed")
    out.seconds = time.time() - t0
    return out


def main_repro(path, sim: str | None = None) -> int:
    try:
        r = repro(path, sim)
    except (FileNotFoundError, ValueError) as e:
        print(f"repro: {e}")
        return 2
    for line in r.lines:
        print(line)
    print(f"repro took {r.seconds:.1f} s (failure to picture)")
    return 0 if r.reproduced else 1


def rerun_with_waves(records, n: int = 3, sim: str | None = None, log=print) -> list[Repro]:
    """Rerun the first `n` of `records` (failure.json paths, in the order the regression
    saw them) with waves, each on its own simulator unless `sim`; returns their results.
    Never raises for one bad record: it is reported and the next one runs."""
    done = []
    records = list(records)
    for p in records[:max(0, int(n))]:
        try:
            r = repro(p, sim, log=log)
        except Exception as e:  # noqa: BLE001 - one broken record must not stop the others
            log(f"rerun of {p} failed: {e!r}")
            continue
        for line in r.lines:
            log(f"  {line}")
        done.append(r)
    if done:
        first = Path(records[0])
        folder = first if first.is_dir() else first.parent
        out = folder.parent.parent / "reruns.json"          # beside the regression's runs/ folder
        out.write_text(json.dumps([{"record": str(r.original), "rerun_record": str(r.record) if r.record else None,
                                    "sim": r.sim, "reproduced": r.reproduced,
                                    "picture": str(r.picture) if r.picture else None,
                                    "gtkw": str(r.gtkw) if r.gtkw else None, "seconds": round(r.seconds, 1),
                                    "summary": r.lines[0] if r.lines else ""} for r in done], indent=1))
        log(f"reruns with waves: {out}")
    return done


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m verif.repro", description=__doc__.splitlines()[0])
    p.add_argument("records", nargs="+", help="failure.json files (or run folders)")
    p.add_argument("--sim", choices=runner.SIMS, default=None)
    p.add_argument("--rerun", type=int, default=None, metavar="N",
                   help="regression mode: rerun the first N records with waves (default: the one given)")
    a = p.parse_args(argv)
    if a.rerun is None:
        if len(a.records) != 1:
            p.error("give one record, or --rerun N with several")
        return main_repro(a.records[0], a.sim)
    res = rerun_with_waves(a.records, a.rerun, a.sim)
    return 0 if res and all(r.reproduced for r in res) else 1


if __name__ == "__main__":
    sys.exit(main())
