"""Sequence items: what the sequences hand the drivers and the monitors hand the checkers."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyuvm import uvm_sequence_item

from verif.bfm.axil import Resp
from verif.bfm.patterns import Pattern


class AxilItem(uvm_sequence_item):
    """One AXI4-Lite access. `resp` and (for reads) `data` are filled in by the driver."""

    def __init__(self, name="axil", write=False, addr=0, data=0, strb=0xF, aw_delay=0, w_delay=0):
        super().__init__(name)
        self.write = write
        self.addr = addr
        self.data = data
        self.strb = strb
        self.aw_delay = aw_delay
        self.w_delay = w_delay
        self.resp: Resp | None = None

    def __str__(self):
        resp = self.resp.name if self.resp is not None else "-"
        return f"{'W' if self.write else 'R'} {self.addr:#07x} {self.data:#010x} {resp}"


class AxilBurstItem(uvm_sequence_item):
    """Writes back to back (AxiLiteMaster.write_burst); `resps` filled in by the driver."""

    def __init__(self, name="axil_burst", writes=()):
        super().__init__(name)
        self.writes = list(writes)
        self.resps: list[Resp] = []

    def __str__(self):
        return f"burst of {len(self.writes)} writes"


class ConfigItem(uvm_sequence_item):
    """A run-time configuration: the ModelShape the registers get, plus CTRL and IRQ_ENABLE."""

    def __init__(self, name="config", shape=None, out_all=False, irq_enable=0x3):
        super().__init__(name)
        self.shape = shape
        self.out_all = out_all
        self.irq_enable = irq_enable

    def __str__(self):
        s = self.shape
        keep = ", ".join(f"L{l}:{k.k1_ih}/{k.k2_ih},{k.k1_hh}/{k.k2_hh}" for l, k in enumerate(s.keep[:s.layers]))
        return f"layers={s.layers} I={s.isize} H={s.hsize} keep[{keep}] out_all={int(self.out_all)}"


class ModelImageItem(uvm_sequence_item):
    """A quantised model (golden.quant.QModel), its memory images and how to load them."""

    def __init__(self, name="model", qmodel=None, profile="normal", backdoor=False):
        super().__init__(name)
        self.qmodel = qmodel
        self.profile = profile
        self.backdoor = backdoor

    def __str__(self):
        return f"model profile={self.profile} {'back-door' if self.backdoor else 'front-door'}"


class FrameSeqItem(uvm_sequence_item):
    """One input sequence: `x` (T, ISIZE) Q2.10 codes, TUSER start-of-sequence on frame 0,
    an idle pattern for the source, and optionally malformed frames (frame-error tests)."""

    def __init__(self, name="frames", x=None, start=True, idle: Pattern | None = None,
                 gap_before: int = 0):
        super().__init__(name)
        self.x = np.zeros((0, 0), dtype=np.int64) if x is None else np.asarray(x, dtype=np.int64)
        self.start = start
        self.idle = idle or Pattern()
        self.gap_before = gap_before

    @property
    def length(self) -> int:
        return int(self.x.shape[0])

    def __str__(self):
        return f"sequence T={self.length} start={int(self.start)} idle={self.idle.name}"


@dataclass
class InFrame:
    """An input frame the DUT accepted (input monitor): element codes and TUSER start bit.
    `ok` is False for a malformed frame (wrong beat count), which the DUT drops."""
    x: np.ndarray
    start: bool
    beats: int
    ok: bool
    cycle: int


@dataclass
class OutFrame:
    """An output frame (output monitor): beats as sent, and the decoded h codes per layer."""
    data: list
    user: list
    last: list
    cycle: int
    start_cycle: int
    cycles: list | None = None     # per beat
