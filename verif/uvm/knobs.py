"""The ConfigDB knobs of the pyuvm tests: every name the environment reads, with what it
does. A knob name outside this table (from a test class or `--knob`) is an error that
lists the known ones: a misspelt knob must not be ignored silently.
"""
from __future__ import annotations

KNOWN: dict[str, str] = {
    "streams": "stream drivers: sv (the SV player/collector in verif/tb) or py (the Python BFMs)",
    "frames": "frames to send (at least 1: a test that compares no frame checks nothing)",
    "idle": "input idle pattern: none, light, medium, heavy, choke",
    "backpressure": "output backpressure pattern: none, light, medium, heavy, choke",
    "out_all": "CTRL.OUT_ALL: every layer in each output frame (true/false)",
    "load": "model load path: auto, front (AXI4-Lite), back ($readmemh)",
    "seq_kind": "sequence lengths: mixed, long, ones",
    "keep_mode": "random shapes: keep-count mode (RandomShapePlan)",
    "max_kept": "random shapes: cap on kept weights (RandomShapePlan)",
    "frontdoor_max": "load=auto: front-door load up to this many writes",
    "watchdog_scale": "multiply the watchdog budget of the cycle model",
    "expect_stall_out": "the run must end with CNT_STALL_OUT > 0 (it exists to stall the engine)",
    "speech": "HcgsSpeechTest's utterances: samples (committed, models/fsdd) or testset (the FSDD test set "
              "in HCGS_SPEECH_DATA)",
    "leave_irq": "deliberate violation (tests/sim/test_strict.py): skip the IRQ check and its W1C, so the "
                 "end-of-test check must fail on irq still high",
}


class KnobError(ValueError):
    pass


def check(knobs: dict, where: str = "") -> None:
    """Raise KnobError for names not in KNOWN, and for frames < 1."""
    bad = sorted(set(knobs) - set(KNOWN))
    if bad:
        raise KnobError(f"unknown knob(s) {', '.join(bad)}{' in ' + where if where else ''}: "
                        f"known {', '.join(sorted(KNOWN))}")
    if "frames" in knobs:
        try:
            n = int(knobs["frames"])
        except (TypeError, ValueError):
            raise KnobError(f"knob frames={knobs['frames']!r}: a whole number >= 1") from None
        if n < 1:
            raise KnobError(f"knob frames={n}: at least 1 (a run that compares no output frame checks nothing)")
