"""Whole-model memory images (contract section 5): build, `$readmemh` files, AXI writes.

An `Images` holds every word of the four parameter memories at their full build depth
(unused words zero), as Python ints, so the files and the AXI writes cover each memory.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import budget, compress, regmap, sram
from . import formats as F
from .config import B1, B2, HwConfig, ModelShape
from .quant import QLayer, QModel

MEMS = ("wmem", "t1mem", "t2mem", "bmem")
SLOT_W = 32


def word_width(hw: HwConfig, mem: str) -> int:
    return {"wmem": hw.lanes * F.W_W, "t1mem": hw.t1_width, "t2mem": budget.T2_W, "bmem": budget.BMEM_W}[mem]


def depth(hw: HwConfig, mem: str) -> int:
    return {"wmem": hw.wmem_depth, "t1mem": hw.t1_depth, "t2mem": hw.t2_depth, "bmem": hw.bmem_depth}[mem]


@dataclass(frozen=True)
class Images:
    hw: HwConfig
    words: dict[str, tuple[int, ...]]  # memory name -> every word, full depth
    used: dict[str, int]               # memory name -> words the model uses (from address 0)


def build(q: QModel, hw: HwConfig) -> Images:
    """The four memory images of an integer model; ConfigError when it does not fit `hw`."""
    budget.check(q.shape(), hw)
    entries = [compress.compress_layer(l.w_ih, l.w_hh, l.bias, l.p_ih, l.p_hh, hw) for l in q.layers]
    used = {
        "wmem": compress.pack_fields(np.concatenate([e.wlanes for e in entries]), F.W_W),
        "t1mem": np.concatenate([e.t1 for e in entries]).tolist(),
        "t2mem": np.concatenate([e.t2 for e in entries]).tolist(),
        "bmem": compress.pack_fields(np.concatenate([e.bias for e in entries]), F.B_W),
    }
    return Images(hw, {m: tuple(used[m]) + (0,) * (depth(hw, m) - len(used[m])) for m in MEMS},
                  {m: len(used[m]) for m in MEMS})


def decode(words: dict[str, list[int]], hw: HwConfig, shape: ModelShape) -> QModel:
    """The integer model stored in memory words (e.g. read back), for the run-time `shape`.

    Weights come back zero outside the patterns; ImageError when the index is not legal.
    """
    budget.check(shape, hw)
    n = budget.needs(shape, hw)
    wl = compress.unpack_fields(words["wmem"][:n.wmem], hw.lanes, F.W_W)
    bs = compress.unpack_fields(words["bmem"][:n.bmem], compress.BIAS_PER_WORD, F.B_W)
    t1 = np.array(words["t1mem"][:n.t1mem], dtype=np.int64)
    t2 = np.array(words["t2mem"][:n.t2mem], dtype=np.int64)
    layers, o1, o2, ob = [], 0, 0, 0
    h = shape.hsize
    for k, kk in enumerate(shape.keep[:shape.layers]):
        n1 = h // B1 * (kk.k1_ih + kk.k1_hh)
        n2 = h // B2 * (kk.k1_ih * kk.k2_ih + kk.k1_hh * kk.k2_hh)
        e = compress.LayerEntries(wl[o2 * hw.wps:(o2 + n2) * hw.wps], t2[o2:o2 + n2], t1[o1:o1 + n1],
                                  bs[ob:ob + h // B2])
        layers.append(QLayer(*compress.decompress_layer(e, h, shape.cols(k, "ih"), kk, hw, what=f"layer {k}")))
        o1, o2, ob = o1 + n1, o2 + n2, ob + h // B2
    return QModel(tuple(layers), shape.raw_isize or shape.isize)


def hex_digits(hw: HwConfig, mem: str) -> int:
    return (word_width(hw, mem) + 3) // 4


def write_hex(img: Images, folder) -> list[Path]:
    """`wmem.hex t1mem.hex t2mem.hex bmem.hex` in `folder`: one word per line, full depth
    (the windows' words); plus one file per macro of the physical memories
    (`sram.write_macro_hex`), which the testbench's back door loads."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for m in MEMS:
        nd = hex_digits(img.hw, m)
        p = folder / f"{m}.hex"
        p.write_text("".join(f"{w:0{nd}x}\n" for w in img.words[m]))
        paths.append(p)
    return paths + sram.write_macro_hex(img.words, img.hw, folder)


def read_hex(folder, hw: HwConfig) -> dict[str, list[int]]:
    """The words of the four `.hex` files in `folder`, checked against the build's widths and depths."""
    folder = Path(folder)
    out = {}
    for m in MEMS:
        p = folder / f"{m}.hex"
        width, dep = word_width(hw, m), depth(hw, m)
        words = []
        for i, line in enumerate(p.read_text().split(), start=1):
            try:
                v = int(line, 16)
            except ValueError:
                raise compress.ImageError(f"{p}:{i}: {line!r} is not a hex word") from None
            if v >> width:
                raise compress.ImageError(f"{p}:{i}: {line} is wider than the {width}-bit word")
            words.append(v)
        if len(words) > dep:
            raise compress.ImageError(f"{p}: {len(words)} words, the memory holds {dep}")
        out[m] = words + [0] * (dep - len(words))
    return out


def slots(hw: HwConfig, mem: str) -> int:
    """32-bit AXI slots per word of a memory."""
    return -(-word_width(hw, mem) // SLOT_W)


def axi_writes(img: Images, used_only: bool = True) -> list[tuple[int, int]]:
    """(byte address, 32-bit value) writes that load the images over AXI4-Lite (section 6).

    Memory by memory in `MEMS` order, word by word, slot 0 first. `used_only` skips the
    words the model does not use (they are not written, not zeroed).
    """
    out = []
    for m in MEMS:
        base, stride = regmap.MEM_WINDOWS[m]
        n = img.used[m] if used_only else len(img.words[m])
        ns = slots(img.hw, m)
        for a, w in enumerate(img.words[m][:n]):
            out.extend((base + stride * a + 4 * s, (w >> (SLOT_W * s)) & 0xFFFFFFFF) for s in range(ns))
    return out
