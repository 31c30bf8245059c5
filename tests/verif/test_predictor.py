"""The register predictor's checks, each shown firing on a deliberate violation, without a
simulator: transactions as the AXI4-Lite monitor reports them, fed to RegMirror over the
peakrdl-pyuvm model of the tiny build."""
import pytest

from golden import config, regmap
from verif.bfm.axil import AxilTxn, Resp
from verif.uvm.predictor import RegMirror
from verif.uvm.regmodel import HcgsRegBlock

HW = config.PRESETS["tiny"].hw
REG = regmap.by_name(regmap.for_build(HW))
OK, ERR = Resp.OKAY, Resp.SLVERR


@pytest.fixture
def m(tmp_path):
    return RegMirror(HcgsRegBlock("regs", HW, tmp_path))


def rd(name_or_addr, data, resp=OK):
    a = REG[name_or_addr].offset if isinstance(name_or_addr, str) else name_or_addr
    return AxilTxn(False, a, data, 0xF, resp)


def wr(name_or_addr, data, resp=OK, strb=0xF):
    a = REG[name_or_addr].offset if isinstance(name_or_addr, str) else name_or_addr
    return AxilTxn(True, a, data, strb, resp)


def test_reset_values_pass_and_a_wrong_one_fires(m):
    for r in REG.values():
        assert m.observe(rd(r.name, r.reset)) == [], r.name
    errs = m.observe(rd("HWCFG0", 0))
    assert errs and "register mirror mismatch: HWCFG0.LANES reads 0x0, the model predicts 0x10" in errs[0]


def test_rw_write_is_predicted(m):
    assert m.observe(wr("CFG_HSIZE", 0x12340040)) == []
    assert m.observe(rd("CFG_HSIZE", 0x40)) == []
    errs = m.observe(rd("CFG_HSIZE", 0x20))
    assert "CFG_HSIZE.VALUE reads 0x20, the model predicts 0x40" in errs[0]


def test_bits_outside_fields_must_read_0(m):
    errs = m.observe(rd("CFG_KEEP_L0", REG["CFG_KEEP_L0"].reset | 0x80))
    assert "bits 0x00000080 lie outside every field and must read 0" in errs[0]


def test_volatile_fields_are_not_compared(m):
    """STATUS, counters, ERR and IRQ_STATUS change under the hardware: any value passes."""
    for name in ("STATUS", "CNT_BUSY", "CNT_FRAMES", "ERR", "IRQ_STATUS"):
        assert m.observe(rd(name, REG[name].mask)) == [], name


def test_write_only_must_read_0(m):
    assert m.observe(wr("CMD", 0x4)) == []
    errs = m.observe(rd("CMD", 0x4))
    assert "CMD.CLR_CNT reads 0x1, the model predicts 0x0 (WO" in errs[0]


def test_w1c_policy_comes_from_the_generated_model(m):
    f = next(f for f in m.model.regs["ERR"].get_fields() if f.get_name() == "LAYERS")
    assert m.observe(rd("ERR", 0x1)) == []           # volatile: learnt from the read
    assert f.get_mirrored_value() == 1
    assert m.observe(wr("ERR", 0x0)) == [] and f.get_mirrored_value() == 1   # write 0 keeps it
    assert m.observe(wr("ERR", 0x1)) == [] and f.get_mirrored_value() == 0   # write 1 clears it


def test_read_only_write_must_answer_slverr(m):
    assert m.observe(wr("ID", 0, resp=ERR)) == []
    errs = m.observe(wr("HWCFG1", 0, resp=OK))
    assert "expected SLVERR (HWCFG1 is read-only)" in errs[0]
    assert m.observe(rd("HWCFG1", REG["HWCFG1"].reset)) == []     # the refused write changed nothing


def test_unmapped_and_partial_strobe_must_answer_slverr(m):
    assert m.observe(rd(0x034, 0, ERR)) == [] and m.observe(wr(0xFFC, 0, ERR)) == []
    assert "expected SLVERR (no register at offset 0x038)" in m.observe(rd(0x038, 0, OK))[0]
    assert "expected SLVERR (partial strobe 0x3)" in m.observe(wr("CTRL", 1, OK, strb=0x3))[0]
    base = regmap.MEM_WINDOWS["wmem"][0]
    wslots = HW.lanes * 6 // 32
    assert "slot 3 is not mapped" in m.observe(rd(base + 4 * wslots, 0, OK))[0]
    t1 = regmap.MEM_WINDOWS["t1mem"][0]
    assert "beyond its depth" in m.observe(wr(t1 + 4 * HW.t1_depth, 0, OK))[0]
    assert "outside the registers" in m.observe(rd(0x4000, 0, OK))[0]


def test_mapped_register_must_answer_okay(m):
    assert "expected OKAY (CTRL is RW)" in m.observe(wr("CTRL", 1, ERR))[0]


def test_memory_shadow_and_entry_width(m):
    t1 = regmap.MEM_WINDOWS["t1mem"][0]
    mask = (1 << HW.t1_width) - 1
    assert m.observe(wr(t1 + 8, 0xFFFFFFFF)) == []
    assert m.observe(rd(t1 + 8, mask)) == []
    assert "reads 0xffffffff, written" in m.observe(rd(t1 + 8, 0xFFFFFFFF))[0]
    assert "must read 0" in m.observe(rd(t1 + 12, 0x100))[0]        # never written, above T1_W
    m.forget_memories()
    assert m.observe(rd(t1 + 8, 0)) == []                             # back-door load replaced it


def test_reset_restores_the_mirror(m):
    m.observe(wr("CFG_LAYERS", 2))
    m.reset()
    assert m.observe(rd("CFG_LAYERS", 1)) == []
