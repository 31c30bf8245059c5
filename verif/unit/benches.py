"""The block-level benches of verif/unit as pytest drives them (no simulator here): how one
is built and which files the activation unit's bench reads and writes."""
from __future__ import annotations

from pathlib import Path

from verif import runner

UNIT = runner.ROOT / "verif" / "unit"


def unit_build(sim: str, top: str, params: tuple = (), build_args: tuple[str, ...] = ()) -> runner.Build:
    """The RTL with one bench of verif/unit (`top`.sv) as the toplevel."""
    return runner.Build(sim, top, params, sources=tuple(runner.hdl_sources() + [UNIT / f"{top}.sv"]),
                        build_args=build_args)


def act_plusargs(folder: Path) -> list[str]:
    """hcgs_act_tb's files in `folder`: stimulus and c memory image in, c memory dump, probe
    trace and h words out (verif/unit/test_act.py)."""
    return [f"+{arg}={folder / name}" for arg, name in (("stim", "stim.hex"), ("cinit", "cinit.hex"),
                                                         ("cdump", "cdump.hex"), ("trace", "trace.txt"),
                                                         ("hwords", "hwords.txt"))]
