"""The register map read from hdl/regs/hcgs.rdl: what the RDL says reaches golden.regmap,
the RTL package, the C header and the references; bad RDL is refused with a clear error."""
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from golden import config, genregs, genrtl, regmap

ROOT = Path(__file__).resolve().parents[2]


def test_the_rdl_is_the_only_definition():
    """No Python or SV source spells a register offset table of its own: golden/regmap.py
    holds no offsets, and the hand-written RTL takes every offset from hcgs_pkg."""
    src = (ROOT / "golden" / "regmap.py").read_text()
    for r in regmap.REGISTERS:
        assert not re.search(rf'"{r.name}",\s*0x', src), f"golden/regmap.py defines {r.name} itself"
    regs_sv = (ROOT / "hdl" / "hcgs_regs.sv").read_text()
    for r in regmap.REGISTERS:
        assert f"hcgs_pkg::REG_{r.name}" in regs_sv, f"hcgs_regs.sv does not take {r.name}'s offset from hcgs_pkg"


def test_access_kinds_and_volatility():
    reg = regmap.by_name()
    assert {r.name for r in regmap.REGISTERS if r.access == "W1C"} == {"ERR", "IRQ_STATUS"}
    assert reg["CMD"].access == "WO" and reg["CTRL"].access == "RW"
    # the hardware changes these: never compared against a mirror
    assert {r.name for r in regmap.REGISTERS if r.volatile} == {
        "CMD", "STATUS", "ERR", "IRQ_STATUS", "CNT_BUSY", "CNT_MAC", "CNT_STALL_IN", "CNT_STALL_OUT", "CNT_FRAMES"}
    assert not reg["HWCFG0"].volatile and not reg["CFG_KEEP_L0"].volatile


def test_hwcfg_reset_is_the_build():
    """HWCFG0-2 reset to the build's parameters, for every preset (issue: they read 0 in the old table)."""
    for name, p in config.PRESETS.items():
        hw = p.hw
        reg = regmap.by_name(regmap.for_build(hw))
        assert reg["HWCFG0"].reset == hw.lanes | hw.max_layers << 8 | hw.act_cells << 12 | hw.act_share << 14 | hw.max_h << 16, name
        assert reg["HWCFG1"].reset == hw.max_i | hw.t1_depth << 16, name
        assert reg["HWCFG2"].reset == hw.wmem_depth, name
        assert reg["CFG_KEEP_L0"].reset == 0x01010101 and reg["ID"].reset == 0x48434753
    assert [r.name for r in regmap.REGISTERS if r.build_param] == ["HWCFG0", "HWCFG1", "HWCFG2"]


def test_memory_windows_follow_the_build():
    hw = config.PRESETS["tiny"].hw
    m = regmap.mems_for_build(hw)
    assert m["t1mem"].entries == hw.t1_depth and m["t2mem"].entries == hw.t2_depth
    assert m["bmem"].entries == hw.bmem_depth * 8 and m["wmem"].entries == hw.wmem_depth * 16
    assert regmap.MEM_WINDOWS == {"t1mem": (0x08000, 4), "bmem": (0x10000, 32), "t2mem": (0x20000, 4),
                                  "wmem": (0x80000, 64)}


def test_reference_settles_the_integrator_questions():
    """The five points an independent client had to guess are stated in the generated references."""
    doc = (ROOT / genrtl.DOC_PATH).read_text()
    md = (ROOT / genregs.MARKDOWN_PATH).read_text()
    for text in (doc, md):
        assert "the reset value IS the build's parameters" in text          # HWCFG0-2
        assert "reads return them as 0" in text                              # bits above T1_W / 3
        assert "0 cycles after the handshake edge" in text                   # FRAME_DONE -> irq
        assert "which may hold anything" in text                             # words a model must load
        assert "output buffer is not empty" in text                          # STATUS.BUSY


def _rdl(tmp_path, body: str) -> Path:
    p = tmp_path / "x.rdl"
    params = ", ".join(f"longint unsigned {n} = 1" for n in regmap.PARAMS)
    p.write_text(f"addrmap hcgs #({params}) {{ default regwidth = 32; littleendian;\n" + textwrap.dedent(body) + "\n};\n")
    return p


def test_mixed_access_register_is_refused(tmp_path):
    p = _rdl(tmp_path, """
        reg { field { sw = rw; } A[0:0] = 0; field { sw = r; hw = w; } B[1:1] = 0; } R @ 0x0;""")
    with pytest.raises(regmap.RegMapError, match=r"mixed access \['RO', 'RW'\]"):
        regmap.read(p)


def test_unsupported_onwrite_is_refused(tmp_path):
    p = _rdl(tmp_path, """
        reg { field { sw = rw; onwrite = woset; hw = na; } A[0:0] = 0; } R @ 0x0;""")
    with pytest.raises(regmap.RegMapError, match="onwrite=woset not supported"):
        regmap.read(p)


def test_register_outside_the_region_is_refused(tmp_path):
    p = _rdl(tmp_path, """
        reg { field { sw = rw; } A[0:0] = 0; } R @ 0x1000;""")
    with pytest.raises(regmap.RegMapError, match="must be word aligned below 0x1000"):
        regmap.read(p)


def test_rdl_syntax_error_names_the_file(tmp_path):
    p = _rdl(tmp_path, "reg { field { sw = rw; } A[0:0] = 0 } R @ 0x0;")
    with pytest.raises(regmap.RegMapError, match=r"x\.rdl: SystemRDL compilation failed"):
        regmap.read(p)


def test_unknown_build_parameter_is_refused():
    with pytest.raises(regmap.RegMapError, match="unknown build parameter"):
        regmap.elaborate({"LANE": 16})


def test_stale_check_fires(tmp_path):
    """Copy every committed generated file, then change one: stale() names exactly it."""
    files = genrtl.generate(ROOT)
    for p in files:
        (tmp_path / p).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / p, tmp_path / p)
    assert genrtl.stale(tmp_path) == []
    for p in (genregs.CHEADER_PATH, genregs.MARKDOWN_PATH):
        text = (tmp_path / p).read_text()
        (tmp_path / p).write_text(text.replace("0x48434753", "0x48434754"))
        assert genrtl.stale(tmp_path) == [p]
        (tmp_path / p).write_text(text)


def test_c_header_agrees_with_the_map(tmp_path):
    """Compile a program against sw/hcgs_regs.h that prints every offset, field and reset."""
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc not on PATH")
    lines = ['#include <stdio.h>', '#include <stddef.h>', '#include "hcgs_regs.h"', "int main(void) {"]
    for r in regmap.REGISTERS:
        lines.append(f'  printf("{r.name} %zu\\n", offsetof(hcgs_t, {r.name}));')
        for f in r.fields:
            m = f"HCGS__{r.name}__{f.name}"
            lines.append(f'  printf("{r.name}.{f.name} %llu %d %d %llu\\n", (unsigned long long){m}_bm, {m}_bp, '
                         f'{m}_bw, (unsigned long long){m}_reset);')
    for w in regmap.MEMS:
        lines.append(f'  printf("{w.name} %zu %zu\\n", offsetof(hcgs_t, {w.name}), sizeof(((hcgs_t *)0)->{w.name}));')
    lines += ["  return 0;", "}"]
    (tmp_path / "t.c").write_text("\n".join(lines) + "\n")
    r = subprocess.run([gcc, "-std=gnu11", "-Wall", "-Werror", "-I", str(ROOT / "sw"), "-o", str(tmp_path / "t"),
                        str(tmp_path / "t.c")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    got = subprocess.run([str(tmp_path / "t")], capture_output=True, text=True, check=True).stdout.split("\n")
    want = []
    for r in regmap.REGISTERS:
        want.append(f"{r.name} {r.offset}")
        want += [f"{r.name}.{f.name} {f.mask} {f.lsb} {f.width} {f.reset}" for f in r.fields]
    want += [f"{w.name} {w.base} {w.size}" for w in regmap.MEMS]
    assert got[:-1] == want


def test_html_reference_builds(tmp_path):
    index = genregs.write_html(tmp_path / "html")
    assert index.exists() and "HCGS-LSTM registers" in index.read_text()
    pages = " ".join(p.read_text() for p in (tmp_path / "html" / "content").glob("*.html"))
    assert "which may hold anything" in pages and "the reset value IS the build" in pages


def test_pyuvm_model_of_a_build(tmp_path):
    """peakrdl-pyuvm's model of the tiny build: HWCFG resets are tiny's, volatility as the map says."""
    hw = config.PRESETS["tiny"].hw
    text = genregs.write_pyuvm(hw, tmp_path / "ral.py").read_text()
    assert f'"RO", False, {hex(hw.lanes)},' in text
    assert re.search(r'self\.FRAME_DONE\.configure\(self, 1, 0, "W1C", True,', text)
    assert f'uvm_mem("mem", {hw.wmem_depth * 16}, 32' in text


def test_disk_cache_gives_the_compilers_result(tmp_path, monkeypatch):
    """golden.regmap keeps _load's results on disk so that a simulation's Python needs no
    SystemRDL compiler: what comes back from the cache is what the compiler gives, another
    build gets another entry, and a damaged entry is compiled again, not trusted."""
    monkeypatch.setattr(regmap, "CACHE_DIR", tmp_path / "cache")
    tiny = tuple(sorted(regmap.params_of(config.preset("tiny").hw).items()))
    compiled = regmap._load_rdl(tiny, str(regmap.RDL_PATH))
    regmap._load.cache_clear()
    try:
        assert regmap._load(tiny) == compiled                   # compiled, then stored
        stored = sorted((tmp_path / "cache").glob("*.pickle"))
        assert len(stored) == 1, stored
        regmap._load.cache_clear()
        assert regmap._load(tiny) == compiled                   # read back
        regmap._load(())                                        # the chip build: its own entry
        assert len(sorted((tmp_path / "cache").glob("*.pickle"))) == 2
        stored[0].write_bytes(b"not a pickle")
        regmap._load.cache_clear()
        assert regmap._load(tiny) == compiled                   # damaged: compiled again
    finally:
        regmap._load.cache_clear()


def test_disk_cache_key_follows_the_rdl_text(tmp_path):
    a = _rdl(tmp_path, "reg { field { sw = rw; } A[0:0] = 0; } R @ 0x0;")
    key_a = regmap._cache_file((), str(a))
    a.write_text(a.read_text().replace("A[0:0] = 0", "A[0:0] = 1"))
    assert regmap._cache_file((), str(a)) != key_a
    assert regmap._cache_file((("LANES", 16),), str(a)) != regmap._cache_file((), str(a))
