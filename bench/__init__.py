"""Benchmarks: `python -m bench [NAME...]` runs the named sections (all when none is given).

Each section is a module with `main() -> None` that prints its own table and writes
nothing into the repository. Register a new section in `SECTIONS`; it is imported only
when it runs, so a section's dependencies do not burden the others.
"""

#: name -> (module, what it measures)
SECTIONS: dict[str, tuple[str, str]] = {
    "golden": ("bench.golden", "golden model frames/s on the timit shape, one sequence and batched"),
    "sim": ("bench.sim", "RTL cycles per frame vs ideal, MAC utilisation, simulated cycles/s per simulator"),
}
