"""Register-map outputs made by PeakRDL from `hdl/regs/hcgs.rdl` (the chip build's
parameters unless told otherwise):

| output | tool | committed |
|---|---|---|
| `sw/hcgs_regs.h` C header for drivers | peakrdl-cheader | yes |
| `docs/regs.md` Markdown register reference | peakrdl-markdown | yes |
| `build/regs/html/` HTML register reference | peakrdl-html | no (`make gen` builds it) |
| the pyuvm register model of one build | peakrdl-pyuvm | no (built per run, `verif/uvm/regmodel.py`) |

Each exporter writes a file; `render()` runs it into a temporary folder and returns the
text, so `golden.genrtl.stale` can compare it with the committed file.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from . import regmap

CHEADER_PATH = "sw/hcgs_regs.h"
MARKDOWN_PATH = "docs/regs.md"
HTML_DIR = "build/regs/html"
RDL_REL = "hdl/regs/hcgs.rdl"


def render_cheader() -> str:
    from peakrdl_cheader.exporter import CHeaderExporter
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "hcgs_regs.h"
        CHeaderExporter().export(regmap.elaborate(), str(out), reuse_typedefs=False)
        return out.read_text()


def render_markdown() -> str:
    from peakrdl_markdown import MarkdownExporter
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "regs.md"
        MarkdownExporter().export(regmap.elaborate(), str(out), input_files=[RDL_REL])
        return out.read_text()


def write_html(out_dir: Path) -> Path:
    """The HTML reference (peakrdl-html) of the chip build into `out_dir`; returns index.html."""
    from peakrdl_html import HTMLExporter
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    HTMLExporter().export(regmap.elaborate(), str(out_dir), title="HCGS-LSTM registers")
    return out_dir / "index.html"


def write_pyuvm(hw, path: Path) -> Path:
    """The pyuvm register model (peakrdl-pyuvm) of the build `hw` (golden.config.HwConfig)."""
    from peakrdl_pyuvm.exporter import PyUVMExporter
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    PyUVMExporter().export(regmap.elaborate(regmap.params_of(hw)), str(path), reuse_class_definitions=False)
    return path


def generate() -> dict[str, str]:
    """The committed PeakRDL outputs: repository-relative path -> text."""
    return {CHEADER_PATH: render_cheader(), MARKDOWN_PATH: render_markdown()}
