"""The register model: pyuvm's register layer built from golden/regmap.py, the same single
source the RTL's hcgs_pkg is generated from. Memories are `uvm_mem`s of 32-bit slots.

Memory windows (contract section 6): t1mem and t2mem have one slot per entry; bmem has 8
slots per 256-bit word (contiguous); wmem has a 64-byte stride of which LANES*6/32 slots
are mapped, so its uvm_mem covers all 16 slots of every word and the unmapped ones answer
SLVERR (offset of slot s of word a = a*16 + s).
"""
from __future__ import annotations

from pyuvm import uvm_mem, uvm_reg, uvm_reg_adapter, uvm_reg_block, uvm_reg_field
from pyuvm._reg.uvm_reg_model import uvm_access_e, uvm_endianness_e, uvm_status_e

from golden import regmap
from golden.config import HwConfig
from verif.bfm.axil import Resp

from .items import AxilItem

#: golden access kind -> uvm field access policy
_POLICY = {"RO": "RO", "RW": "RW", "W1C": "W1C", "WO": "WO"}


class HcgsReg(uvm_reg):
    """One register of golden.regmap, its fields as uvm_reg_fields (a register without
    fields gets one 32-bit VALUE field)."""

    def __init__(self, spec: regmap.Register):
        super().__init__(spec.name, 32)
        self.spec = spec

    def build(self):
        fields = self.spec.fields or (regmap.Field("VALUE", 0, 32, self.spec.doc),)
        self.fields = {}
        policy = _POLICY[self.spec.access]
        volatile = self.spec.access in ("RO", "W1C")
        for f in fields:
            uf = uvm_reg_field(f.name)
            uf.configure(self, f.width, f.lsb, policy, volatile, (self.spec.reset & f.mask) >> f.lsb,
                         has_reset=True, is_rand=False, individually_accessible=False)
            self.fields[f.name] = uf


def mem_slots(hw: HwConfig) -> dict[str, tuple[int, int, int]]:
    """name -> (window base, slots per memory word, mapped slots per word)."""
    wslots = hw.lanes * 6 // 32
    return {
        "t1mem": (regmap.MEM_WINDOWS["t1mem"][0], 1, 1),
        "bmem": (regmap.MEM_WINDOWS["bmem"][0], 8, 8),
        "t2mem": (regmap.MEM_WINDOWS["t2mem"][0], 1, 1),
        "wmem": (regmap.MEM_WINDOWS["wmem"][0], 16, wslots),
    }


def window_words(name: str) -> int:
    """Memory words the AXI4-Lite window of `name` can address (up to the next window or the
    end of the 20-bit space)."""
    bases = sorted(b for b, _ in regmap.MEM_WINDOWS.values())
    base, stride = regmap.MEM_WINDOWS[name]
    end = next((b for b in bases if b > base), 1 << regmap.ADDR_W)
    return (end - base) // stride


def mem_depths(hw: HwConfig) -> dict[str, int]:
    return {"t1mem": hw.t1_depth, "bmem": hw.bmem_depth, "t2mem": hw.t2_depth, "wmem": hw.wmem_depth}


def mem_word_bits(hw: HwConfig) -> dict[str, int]:
    return {"t1mem": hw.t1_width, "bmem": 256, "t2mem": 3, "wmem": hw.lanes * 6}


class HcgsRegBlock(uvm_reg_block):
    """Registers and memory windows of one build (`HwConfig`)."""

    def __init__(self, name="regs", hw: HwConfig | None = None):
        super().__init__(name)
        self.hw = hw or HwConfig()
        self.map = self.create_map("axil", 0, 4, uvm_endianness_e.UVM_LITTLE_ENDIAN, True)
        self.regs: dict[str, HcgsReg] = {}
        for spec in regmap.REGISTERS:
            r = HcgsReg(spec)
            r.configure(self)
            r.build()
            self.map.add_reg(r, spec.offset, "RW" if spec.access in ("RW", "W1C") else spec.access)
            self.regs[spec.name] = r
        self.mems: dict[str, uvm_mem] = {}
        depths = mem_depths(self.hw)
        for name, (base, slots, _) in mem_slots(self.hw).items():
            m = uvm_mem(name, depths[name] * slots, 32)
            m.configure(self)
            self.map.add_mem(m, base)
            self.mems[name] = m
        self.lock_model()

    def __getitem__(self, name: str) -> HcgsReg:
        return self.regs[name]

    def addr(self, name: str) -> int:
        return self.regs[name].spec.offset


class AxilRegAdapter(uvm_reg_adapter):
    """uvm_reg_bus_op <-> AxilItem. The driver fills the item in place (no separate response)."""

    def __init__(self, name="axil_adapter"):
        super().__init__(name)
        self.supports_byte_enable = False
        self.provides_responses = False

    def reg2bus(self, rw):
        return AxilItem("reg", write=rw.kind == uvm_access_e.UVM_WRITE, addr=rw.addr, data=rw.data)

    def bus2reg(self, item, rw):
        rw.kind = uvm_access_e.UVM_WRITE if item.write else uvm_access_e.UVM_READ
        rw.addr = item.addr
        rw.data = item.data
        rw.status = uvm_status_e.UVM_IS_OK if item.resp == Resp.OKAY else uvm_status_e.UVM_NOT_OK
