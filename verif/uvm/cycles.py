"""The engine's cycle model (contract section 9), for watchdogs and performance reports.

Ideal cycles per frame = kept weights / LANES. The real engine adds a floor of 4 / ACT_CELLS
cycles per group (12 with shared activation tables, ACT_SHARE) and a drain per layer; the watchdog budget is the group-level count plus a
generous per-layer overhead, times a margin. Pure functions of (HwConfig, ModelShape).
"""
from __future__ import annotations

from golden.config import B2, HwConfig, ModelShape

#: Per-layer pipeline drain allowance (cycles) used by the watchdog, not a spec number.
LAYER_OVERHEAD = 64
#: Watchdog margin over the modelled cycles.
MARGIN = 4


def kept_weights(shape: ModelShape) -> int:
    """Kept weights of one frame, all layers, all gates."""
    n = 0
    for kk in shape.keep[:shape.layers]:
        n += 4 * shape.hsize * B2 * (kk.k1_ih * kk.k2_ih + kk.k1_hh * kk.k2_hh)
    return n


def ideal_cycles(shape: ModelShape, hw: HwConfig) -> float:
    """Kept weights / LANES: a MAC array busy every cycle."""
    return kept_weights(shape) / hw.lanes


def group_cycles(shape: ModelShape, hw: HwConfig) -> int:
    """Cycles of the MAC walk per frame with the activation unit's floor per group, no drain."""
    n = 0
    for kk in shape.keep[:shape.layers]:
        per = max(hw.act_floor, hw.wps * (kk.k1_ih * kk.k2_ih + kk.k1_hh * kk.k2_hh))
        n += shape.hsize // 4 * per
    return n


def frame_budget(shape: ModelShape, hw: HwConfig, out_all: bool = False) -> int:
    """Watchdog budget in cycles for one frame once its input has arrived, with no backpressure."""
    out_beats = shape.hsize // 4 * (shape.layers if out_all else 1)
    model = group_cycles(shape, hw) + shape.layers * (LAYER_OVERHEAD + shape.hsize) + out_beats
    return MARGIN * model + 200


def input_beats(shape: ModelShape) -> int:
    return shape.isize // 4


def output_beats(shape: ModelShape, out_all: bool = False) -> int:
    return shape.hsize // 4 * (shape.layers if out_all else 1)


def stream_budget(shape: ModelShape, hw: HwConfig, frames: int, out_all: bool = False,
                  idle_factor: float = 1.0, stall_factor: float = 1.0) -> int:
    """Budget for `frames` frames through the engine: compute plus the stream beats,
    stretched by the idle (source) and stall (sink) patterns' expected slow-down."""
    per = frame_budget(shape, hw, out_all) + int(idle_factor * input_beats(shape) * MARGIN) \
        + int(stall_factor * output_beats(shape, out_all) * MARGIN)
    return frames * per + 1000


def pattern_factor(prob: float, max_run: int) -> float:
    """Expected cycles per beat of an idle/stall pattern (1 = none), rounded up generously."""
    return 1.0 + prob * (max_run + 1) / 2.0 * 2.0
