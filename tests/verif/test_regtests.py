"""The map-driven register tests (verif.uvm.regtests), each check shown firing: a Python
fake of the register file that follows the map passes them all, and one deliberate fault
per check makes exactly that check fail with its message. (In the simulator they run as
HcgsRegTest on both simulators.)"""
import asyncio

import pytest

from golden import config, regmap
from verif.bfm.axil import Resp
from verif.uvm import regtests
from verif.uvm.regtests import RegTestError

HW = config.PRESETS["tiny"].hw
REGS = regmap.for_build(HW)
MEMS = regmap.mems_for_build(HW)
REG = regmap.by_name(REGS)


class FakeRegs:
    """The map's behaviour: RW fields store, RO refuses writes, WO reads 0, W1C clears on 1,
    everything unmapped answers SLVERR; t1mem/t2mem keep their entry width. `fault` breaks
    one rule."""

    def __init__(self, fault: str | None = None):
        self.fault = fault
        self.val = {r.offset: r.reset for r in REGS}
        self.mem: dict[int, int] = {}

    def _mem(self, a):
        for name, w in MEMS.items():
            if w.base <= a < w.base + w.size and (name != "wmem" or (a - w.base) % 64 < 4 * (HW.lanes * 6 // 32)):
                return name
        return None

    async def read(self, a):
        if a in self.val:
            r = next(r for r in REGS if r.offset == a)
            v = 0 if r.access == "WO" and self.fault != "wo_reads_back" else self.val[a]
            if self.fault == "reset_hwcfg" and r.name == "HWCFG0":
                v = 0
            return v, Resp.OKAY
        m = self._mem(a)
        if m:
            return self.mem.get(a, 0), Resp.OKAY
        return (0, Resp.OKAY) if self.fault == "unmapped_okay" and a == 0x0FC else (0, Resp.SLVERR)

    async def write(self, a, d):
        if a in self.val:
            r = next(r for r in REGS if r.offset == a)
            if r.access == "RO":
                if self.fault == "ro_writable" and r.name == "HWCFG2":
                    self.val[a] = d
                    return Resp.OKAY
                return Resp.SLVERR
            if r.access == "W1C":
                clear = d if self.fault != "w1c_clears_all" or not d else 0xFFFFFFFF
                self.val[a] &= ~clear
            elif r.access == "RW":
                mask = r.mask
                if self.fault == "stuck_bit" and r.name == "CFG_KEEP_L1":
                    mask &= ~(1 << 17)
                if self.fault == "stores_outside" and r.name == "CTRL":
                    mask = 0xFFFFFFFF
                self.val[a] = d & mask
            else:
                self.val[a] = d
            return Resp.OKAY
        m = self._mem(a)
        if m:
            bits = {"t1mem": HW.t1_width, "t2mem": 3}.get(m, 32)
            if self.fault == "wide_t2" and m == "t2mem":
                bits = 32
            self.mem[a] = d & ((1 << bits) - 1)
            return Resp.OKAY
        return Resp.SLVERR

    async def provoke(self):
        if self.fault == "no_w1c_set":
            return
        self.val[REG["ERR"].offset] |= REG["ERR"].fields[0].mask | REG["ERR"].fields[3].mask
        self.val[REG["IRQ_STATUS"].offset] |= REG["IRQ_STATUS"].fields[1].mask


def run(fake):
    return asyncio.run(regtests.run_all(fake, HW, fake.provoke, {"CMD": REG["CMD"].fields[2].mask}, log=lambda m: None))


def test_a_register_file_that_follows_the_map_passes():
    done = run(FakeRegs())
    assert done["reset values"] == len(REGS) and done["walking-one bits"] == 9 * 32
    assert done["W1C bits"] == 3 and done["index entry widths"] == 2
    assert done["unmapped addresses"] > 1000


@pytest.mark.parametrize("fault, message", [
    ("reset_hwcfg", r"reset value: HWCFG0 reads 0x00000000 \(LANES=0x0, MAX_LAYERS=0x0, ACT_CELLS=0x0, ACT_SHARE=0x0, MAX_H=0x0\), the map says 0x00401210"),
    ("stuck_bit", r"walking ones: CFG_KEEP_L1 bit 17 \(in K1_HH\) written alone, read 0x00000000, expected 0x00020000"),
    ("stores_outside", r"walking ones: CTRL bit 1 \(outside every field\) written alone, read 0x00000002, expected 0x00000000"),
    ("ro_writable", r"read-only: write 0x[0-9a-f]+ to HWCFG2 \(0x00c\) answered OKAY, expected SLVERR \(HWCFG2 is RO\)"),
    ("wo_reads_back", r"write-only: CMD reads 0x00000004 after writing 0x00000004, expected 0"),
    ("no_w1c_set", r"W1C: ERR has no bit set after the provoking stimulus"),
    ("w1c_clears_all", r"W1C: writing 1 to ERR.LAYERS left 0x00000000, expected 0x00000008"),
    ("unmapped_okay", r"unmapped: read of 0x000fc answered OKAY"),
    ("wide_t2", r"entry width: t2mem\[0\] written 0xffffffff reads 0xffffffff \(OKAY\), expected 0x7"),
])
def test_each_check_fires(fault, message):
    with pytest.raises(RegTestError, match=message):
        run(FakeRegs(fault))


def test_unmapped_addresses_cover_every_hole():
    addrs = regmap_addrs = regtests.unmapped_addresses(REGS, MEMS, HW)
    mapped = {r.offset for r in REGS}
    assert not mapped & set(regmap_addrs)
    assert len([a for a in addrs if a < regmap.REG_REGION]) == regmap.REG_REGION // 4 - len(REGS)
    wmem = MEMS["wmem"].base
    assert [a for a in addrs if wmem <= a < wmem + 64] == [wmem + 4 * s for s in range(3, 16)]
    assert MEMS["t1mem"].base + 4 * HW.t1_depth in addrs and 0x1000 in addrs


def test_generated_register_model_is_cached_per_build(tmp_path, monkeypatch):
    """The register model is generated once per build parameters into build/ral (the run gets
    a copy): the cached text is what peakrdl-pyuvm writes, and another build gets its own."""
    from golden import genregs
    from golden.config import preset
    from verif.uvm import regmodel
    monkeypatch.setattr(regmodel, "CACHE", tmp_path / "ral")
    monkeypatch.setattr(regmodel, "_loaded", {})
    tiny, small = preset("tiny").hw, preset("small").hw
    regmodel.generated_module(tiny, tmp_path / "run1")
    regmodel.generated_module(small, tmp_path / "run2")
    cached = sorted((tmp_path / "ral").glob("hcgs_ral-*.py"))
    assert len(cached) == 2, cached
    fresh = genregs.write_pyuvm(tiny, tmp_path / "fresh" / "hcgs_ral.py").read_text()
    assert (tmp_path / "run1" / "hcgs_ral.py").read_text() == fresh
    assert (tmp_path / "run2" / "hcgs_ral.py").read_text() != fresh
    assert regmodel._cached_model(tiny).read_text() == fresh
