"""Build parameters and named presets (CONFIG=tiny|small|mid|timit|tedlium).

A preset is a hardware build (`HwConfig`, the RTL parameters) plus a run-time model
shape (`ModelShape`, what the registers are set to and what models are drawn).
Pure data and validation, no simulator.
"""
from __future__ import annotations

from dataclasses import dataclass, asdict

B1 = 32   # tier-1 block edge
B2 = 4    # tier-2 block edge
SUB_PER_BLOCK = B1 // B2  # 8 sub-block columns (and rows) per tier-1 block


class ConfigError(ValueError):
    """An illegal build or run-time configuration; the message says what is allowed."""


@dataclass(frozen=True)
class HwConfig:
    max_layers: int = 3
    max_h: int = 512
    max_i: int = 512
    lanes: int = 64
    wmem_depth: int = 6144
    t1_depth: int = 1536
    act_cells: int = 1       # activation unit: cells per cycle (contract section 9)
    act_share: int = 1       # 1: its tables shared in time, one cell every 3 cycles (section 9)

    def __post_init__(self):
        if self.act_cells not in (1, 2):
            raise ConfigError(f"ACT_CELLS={self.act_cells}: allowed 1 or 2 (a group takes at least 2 cycles)")
        if self.act_share not in (0, 1) or (self.act_share and self.act_cells != 1):
            raise ConfigError(f"ACT_SHARE={self.act_share} with ACT_CELLS={self.act_cells}: allowed ACT_SHARE 0, "
                              "or 1 with ACT_CELLS 1 (one lane whose two tables serve a cell in 3 cycles)")
        if self.lanes not in (16, 32, 64):
            raise ConfigError(f"LANES={self.lanes}: allowed 16, 32 or 64")
        if not 1 <= self.max_layers <= 4:
            raise ConfigError(f"MAX_LAYERS={self.max_layers}: allowed 1 .. 4")
        for name, v in (("MAX_H", self.max_h), ("MAX_I", self.max_i)):
            if v < B1 or v % B1 or v > 4096:
                raise ConfigError(f"{name}={v}: must be a multiple of {B1} in {B1} .. 4096")
        for name, depth, window in (("WMEM_DEPTH", self.wmem_depth, 8192), ("T1_DEPTH", self.t1_depth, 8192),
                                    ("T2 depth", self.t2_depth, 32768), ("BMEM depth", self.bmem_depth, 2048)):
            if not 1 <= depth <= window:
                raise ConfigError(f"{name}={depth}: must be 1 .. {window} to fit its AXI4-Lite window")
        if self.wmem_depth % self.wps:
            raise ConfigError(f"WMEM_DEPTH={self.wmem_depth}: must be a multiple of {self.wps} (words per sub-block)")

    @property
    def act_floor(self) -> int:
        """Cycles a group of 4 cells takes at least in the activation unit (contract section 9)."""
        return 4 * (3 if self.act_share else 1) // self.act_cells

    @property
    def cols_per_cycle(self) -> int:  # C
        return self.lanes // 16

    @property
    def wps(self) -> int:  # weight words per kept sub-block
        return 4 // self.cols_per_cycle

    @property
    def t2_depth(self) -> int:
        return self.wmem_depth // self.wps

    @property
    def bmem_depth(self) -> int:
        return self.max_layers * self.max_h // 4

    @property
    def t1_width(self) -> int:
        n = max(self.max_i, self.max_h) // B1
        return max(1, (n - 1).bit_length())

    def verilog_params(self) -> dict[str, int]:
        return {"MAX_LAYERS": self.max_layers, "MAX_H": self.max_h, "MAX_I": self.max_i,
                "LANES": self.lanes, "WMEM_DEPTH": self.wmem_depth, "T1_DEPTH": self.t1_depth,
                "ACT_CELLS": self.act_cells, "ACT_SHARE": self.act_share}


@dataclass(frozen=True)
class LayerKeep:
    k1_ih: int
    k2_ih: int
    k1_hh: int
    k2_hh: int


@dataclass(frozen=True)
class ModelShape:
    """A run-time configuration: what the registers hold."""
    layers: int
    isize: int          # padded input size of layer 0 (multiple of 32)
    hsize: int
    keep: tuple[LayerKeep, ...]
    raw_isize: int | None = None  # model's input size before padding (440 for the chip)

    def cols(self, layer: int, matrix: str) -> int:
        return self.isize if (layer == 0 and matrix == "ih") else self.hsize


@dataclass(frozen=True)
class Preset:
    name: str
    hw: HwConfig
    shape: ModelShape

    def as_dict(self):
        return asdict(self)


def _uniform(layers, k1, k2, isize, hsize, raw=None, k1_hh=None):
    kk = LayerKeep(k1, k2, k1 if k1_hh is None else k1_hh, k2)
    return ModelShape(layers, isize, hsize, tuple(kk for _ in range(layers)), raw)


PRESETS: dict[str, Preset] = {
    # tiny keeps five tables per activation lane (ACT_SHARE=0), the chip build and the other
    # quick builds share them in time: both generate branches run in every suite
    "tiny": Preset("tiny", HwConfig(2, 64, 64, 16, 4096, 16, act_share=0), _uniform(2, 1, 2, 64, 64)),
    "small": Preset("small", HwConfig(3, 128, 128, 32, 8192, 96),
                    ModelShape(3, 96, 128, (LayerKeep(2, 2, 2, 2),) * 3)),
    # The quick build with the chip's 64 lanes (4 columns per cycle, the full adder tree) and
    # 3 layers (the third layer's addressing), small enough that a run takes seconds; its
    # memories hold the densest legal model (3 x 512 kept sub-blocks, 3 x 8 tier-1 entries).
    # Each layer keeps a different pattern so per-layer addressing is exercised. Layer 1's
    # groups walk 8 + 6 = 14 cycles: with shared activation tables (12-cycle groups) a group's
    # first row then comes 5 cycles after the last one, the spacing hcgs_act's take rule
    # delays (make mutate: no other smoke run reached it).
    "mid": Preset("mid", HwConfig(3, 64, 64, 64, 1536, 24),
                  ModelShape(3, 64, 64, (LayerKeep(2, 3, 1, 5), LayerKeep(1, 8, 2, 3), LayerKeep(2, 1, 2, 4)))),
    # mid's sizes with the two generate branches no other quick build elaborates: 32 lanes
    # (2 columns per cycle: the MAC's C == 2 sums, 2 weight words per sub-block) and the
    # activation unit's second lane (ACT_CELLS=2, its probe1_* trace included). Its memories
    # hold mid's model (1120 weight words, 20 tier-1 entries) but not the densest (3072 words,
    # 24 entries), so each of START's memory checks can fire alone in the smoke level (no
    # other quick preset reaches them: make mutate; the weight count's partial products per
    # bit of K2 survived it while the weight memory held every legal model)
    "mid2": Preset("mid2", HwConfig(3, 64, 64, 32, 1536, 20, act_cells=2, act_share=0),
                   ModelShape(3, 64, 64, (LayerKeep(2, 3, 1, 5), LayerKeep(1, 8, 2, 3), LayerKeep(2, 1, 2, 4)))),
    "timit": Preset("timit", HwConfig(), _uniform(2, 4, 2, 512, 512, raw=440)),
    "tedlium": Preset("tedlium", HwConfig(), _uniform(3, 4, 2, 512, 512, raw=440)),
}


def preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ConfigError(f"unknown CONFIG {name!r}: allowed {', '.join(PRESETS)}") from None
