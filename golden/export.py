"""Export a model for a build: the four `$readmemh` images and the run-time register values."""
from __future__ import annotations

import json
from pathlib import Path

from . import budget, images, regmap
from .config import HwConfig, ModelShape
from .quant import QModel

REGS_FILE = "regs.json"


def registers(shape: ModelShape) -> dict[str, int]:
    """Values of CFG_LAYERS, CFG_ISIZE, CFG_HSIZE and CFG_KEEP_L{l} of the active layers."""
    regs = {"CFG_LAYERS": shape.layers, "CFG_ISIZE": shape.isize, "CFG_HSIZE": shape.hsize}
    for l, kk in enumerate(shape.keep[:shape.layers]):
        regs[regmap.keep_register(l).name] = regmap.pack_keep(kk.k1_ih, kk.k2_ih, kk.k1_hh, kk.k2_hh)
    return regs


def export(q: QModel, hw: HwConfig, folder, config_name: str | None = None) -> list[Path]:
    """Write wmem/t1mem/t2mem/bmem.hex and regs.json into `folder`; returns the paths."""
    shape = q.shape()
    budget.check(shape, hw)
    img = images.build(q, hw)
    paths = images.write_hex(img, folder)
    info = {
        "config": config_name,
        "hw": hw.verilog_params(),
        "raw_isize": q.raw_isize,
        "registers": registers(shape),
        "register_offsets": {name: regmap.by_name()[name].offset for name in registers(shape)},
        "used_words": img.used,
    }
    p = Path(folder) / REGS_FILE
    p.write_text(json.dumps(info, indent=2) + "\n")
    return paths + [p]
