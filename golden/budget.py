"""Memory needs of a run-time configuration, the START checks, and the storage budget.

`start_errors` is what the engine's START command checks (contract section 6): the ERR
bits a configuration raises, each with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass

from .config import B1, B2, SUB_PER_BLOCK, ConfigError, HwConfig, LayerKeep, ModelShape
from . import formats as F

T2_W = 3           # tier-2 entry width: sub-block column 0..7
BMEM_W = 4 * B2 * F.B_W   # 256-bit bias words


@dataclass(frozen=True)
class Needs:
    wmem: int   # weight words
    t2mem: int  # tier-2 entries (kept sub-blocks)
    t1mem: int  # tier-1 entries
    bmem: int   # bias words


def needs(shape: ModelShape, hw: HwConfig) -> Needs:
    """Memory words the configuration uses (no range checks: see `start_errors`)."""
    subs = t1 = 0
    for kk in shape.keep[:shape.layers]:
        subs += shape.hsize // B2 * (kk.k1_ih * kk.k2_ih + kk.k1_hh * kk.k2_hh)
        t1 += shape.hsize // B1 * (kk.k1_ih + kk.k1_hh)
    return Needs(subs * hw.wps, subs, t1, shape.layers * shape.hsize // 4)


def start_errors(shape: ModelShape, hw: HwConfig) -> dict[str, str]:
    """ERR field name -> reason, for every check START fails; empty when legal.

    MEM is evaluated only when LAYERS, ISIZE, HSIZE and KEEP pass.
    """
    errs = {}
    if not 1 <= shape.layers <= hw.max_layers:
        errs["LAYERS"] = f"CFG_LAYERS={shape.layers} is outside 1 .. MAX_LAYERS={hw.max_layers}"
    for name, v, limit in (("ISIZE", shape.isize, hw.max_i), ("HSIZE", shape.hsize, hw.max_h)):
        if v % B1 or not B1 <= v <= limit:
            errs[name] = f"CFG_{name}={v}: allowed a multiple of {B1} in {B1} .. MAX_{name[0]}={limit}"
    if len(shape.keep) < min(shape.layers, hw.max_layers):
        errs["KEEP"] = f"{len(shape.keep)} keep settings for {shape.layers} layers"
    else:
        bad = []
        for l, kk in enumerate(shape.keep[:min(shape.layers, hw.max_layers)]):
            cols_ih = shape.isize if l == 0 else shape.hsize
            for name, v, hi in (("K1_IH", kk.k1_ih, cols_ih // B1), ("K2_IH", kk.k2_ih, SUB_PER_BLOCK),
                                ("K1_HH", kk.k1_hh, shape.hsize // B1), ("K2_HH", kk.k2_hh, SUB_PER_BLOCK)):
                if not 1 <= v <= hi:
                    bad.append(f"layer {l} {name}={v} outside 1 .. {hi}")
        if bad:
            errs["KEEP"] = "; ".join(bad)
    if not errs:
        n = needs(shape, hw)
        over = []
        if n.wmem > hw.wmem_depth:
            over.append(f"weights need {n.wmem} wmem words, WMEM_DEPTH={hw.wmem_depth}")
        if n.t1mem > hw.t1_depth:
            over.append(f"tier-1 index needs {n.t1mem} entries, T1_DEPTH={hw.t1_depth}")
        if over:
            errs["MEM"] = "; ".join(over)
    return errs


def least_overflows(hw: HwConfig) -> dict[str, ModelShape | None]:
    """{'weights exceed WMEM' / 'tier-1 entries exceed T1_DEPTH': the legal shape (ISIZE = MAX_I,
    the same keep counts in every layer) that overflows only that memory by the fewest
    words, or None}: START must refuse it with MEM alone."""
    best = {"weights exceed WMEM": None, "tier-1 entries exceed T1_DEPTH": None}
    score = {}
    for layers in range(1, hw.max_layers + 1):
        for hsize in range(32, hw.max_h + 1, 32):
            for k1 in range(1, hsize // 32 + 1):
                for k2 in range(1, 9):
                    s = ModelShape(layers, hw.max_i, hsize,
                                   tuple(LayerKeep(min(k1, hw.max_i // 32), k2, k1, k2) for _ in range(layers)))
                    if set(start_errors(s, hw)) != {"MEM"}:
                        continue
                    n = needs(s, hw)
                    for what, ex, ok in (("weights exceed WMEM", n.wmem - hw.wmem_depth, n.t1mem <= hw.t1_depth),
                                         ("tier-1 entries exceed T1_DEPTH", n.t1mem - hw.t1_depth,
                                          n.wmem <= hw.wmem_depth)):
                        if ok and ex > 0 and (best[what] is None or ex < score[what]):
                            best[what], score[what] = s, ex
    return best


def term_overflows(hw: HwConfig) -> dict[str, ModelShape | None]:
    """{'K2_IH bit b' / 'K2_HH bit b': a legal shape (ISIZE = MAX_I, the same keep counts in
    every layer) with bit b of that K2 set that overflows the weight memory alone, by the
    least, and by no more than k1 sub-blocks per group of every layer (k1 of that matrix), or
    None}. START must refuse each with MEM alone. A MEM sum that counts that bit's partial
    product of k1 * k2 short (shifted the wrong way, dropped, subtracted: each takes away at
    least k1 per group and layer) lets it through (make mutate)."""
    best: dict[str, ModelShape | None] = {f"K2_{m} bit {b}": None for m in ("IH", "HH") for b in range(4)}
    score: dict[str, int] = {}
    for layers in range(1, hw.max_layers + 1):
        for hsize in range(B1, hw.max_h + 1, B1):
            unit = hsize // B2 * hw.wps * layers           # one sub-block per group of every layer
            for k1 in range(1, hsize // B1 + 1):
                k1i = min(k1, hw.max_i // B1)
                for k2i in range(1, SUB_PER_BLOCK + 1):
                    for k2h in range(1, SUB_PER_BLOCK + 1):
                        s = ModelShape(layers, hw.max_i, hsize, tuple(LayerKeep(k1i, k2i, k1, k2h) for _ in range(layers)))
                        n = needs(s, hw)
                        ex = n.wmem - hw.wmem_depth
                        if ex <= 0 or n.t1mem > hw.t1_depth or set(start_errors(s, hw)) != {"MEM"}:
                            continue
                        for m, k1m, k2 in (("IH", k1i, k2i), ("HH", k1, k2h)):
                            for b in range(4):
                                key = f"K2_{m} bit {b}"
                                if k2 >> b & 1 and ex <= k1m * unit and (best[key] is None or ex < score[key]):
                                    best[key], score[key] = s, ex
    return best


def check(shape: ModelShape, hw: HwConfig) -> None:
    """Raise ConfigError listing every reason START would refuse the configuration."""
    errs = start_errors(shape, hw)
    if errs:
        raise ConfigError("configuration does not fit the build: " + "; ".join(errs.values()))


@dataclass(frozen=True)
class Storage:
    weight_bits: int
    t1_bits: int
    t2_bits: int
    bias_bits: int

    @property
    def index_bits(self) -> int:
        return self.t1_bits + self.t2_bits


def fitting_hw(shape: ModelShape, lanes: int = 64) -> HwConfig:
    """The smallest build that holds `shape` (memories exactly as deep as it needs)."""
    probe = HwConfig(max_layers=shape.layers, max_h=shape.hsize, max_i=shape.isize, lanes=lanes)
    n = needs(shape, probe)
    return HwConfig(shape.layers, shape.hsize, shape.isize, lanes, max(n.wmem, probe.wps), max(n.t1mem, 1))


def storage(shape: ModelShape, hw: HwConfig) -> Storage:
    """Bits of every parameter memory the configuration uses."""
    n = needs(shape, hw)
    return Storage(n.wmem * hw.lanes * F.W_W, n.t1mem * hw.t1_width, n.t2mem * T2_W, n.bmem * BMEM_W)
