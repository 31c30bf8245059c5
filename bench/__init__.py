"""Benchmarks: `python -m bench [NAME...]` runs the named sections (the default ones when none
is given), prints their tables and writes build/bench/bench.json and build/bench/*.png.

Each section is a module with `main(...) -> dict` that prints its own table and returns what
goes into bench.json under its name. Register a new section in `SECTIONS`; it is imported
only when it runs, so a section's dependencies do not burden the others.
"""

#: name -> (module, what it measures, in the default set)
SECTIONS: dict[str, tuple[str, str, bool]] = {
    "golden": ("bench.golden", "golden model frames/s on the timit shape, one sequence and batched", True),
    "rtl": ("bench.rtl", "RTL cycles per frame vs ideal: every preset, keep-count sweep (raw harness)", True),
    "speed": ("bench.speed", "simulated cycles/s: raw harness vs cocotb, per simulator and config", True),
    "act": ("bench.act", "activation throughput ACT_CELLS: cycles per frame per keep count (64 lanes), table bits, area", False),
    "flags": ("bench.flags", "Verilator flags (-O level, --threads, OPT_FAST) on the raw harness", False),
    "startup": ("bench.startup", "wall time of one short run and its start-up, per simulator, by assertion rewriting", False),
    "smoke": ("bench.smoke", "wall time of the simulation smoke set (pytest tests/sim), with --before too", False),
}
