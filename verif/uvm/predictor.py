"""Explicit register prediction: every AXI4-Lite transaction the monitor saw updates the
register model's mirror, and every read is checked against it.

`RegMirror` (no simulator) does the work on `verif.bfm.axil.AxilTxn`s; `RegPredictor` is the
uvm_component the env connects to the control agent's monitor. The checks, per transaction:

- the response: SLVERR for a partial strobe, an address that maps to nothing (unknown
  register offset, window gap, memory word beyond the build's depth, unmapped wmem slot)
  and a write to a read-only register; OKAY for every other register access. A mapped
  memory slot may answer either (SLVERR while the engine runs).
- a register read: bits outside every field read 0; write-only fields read 0; every other
  field that is not volatile (the map's hardware-set, counter and status fields are) equals
  the mirror. The mirror starts at the build's reset values and follows the field access
  policies of the generated model (RW, W1C, RO, WO) on every OKAY write.
- a memory read answered OKAY of a slot written since the last back-door load equals what
  was written, with the bits above the entry's width as 0.
"""
from __future__ import annotations

from pyuvm import uvm_component
from pyuvm._reg.uvm_reg_model import uvm_predict_e

from golden import regmap
from verif.bfm.axil import AxilTxn, Resp

from .regmodel import HcgsRegBlock, mem_depths, mem_slot_mask, mem_slots
from .scoreboard import Imp


class RegPredictorError(AssertionError):
    pass


class RegMirror:
    """The mirror of one build's registers and the memory slots written over the bus."""

    def __init__(self, model: HcgsRegBlock):
        self.model = model
        self.hw = model.hw
        self.by_offset = {s.offset: name for name, s in model.spec.items()}
        self.slots = mem_slots(self.hw)
        self.depths = mem_depths(self.hw)
        self.shadow: dict[int, int] = {}
        self.errors: list[str] = []
        self.reads_checked = 0
        self.reset()

    # ------------------------------------------------------------------ state
    def reset(self):
        """After a DUT reset: registers at their reset values; memories are not reset."""
        self.model.reset()

    def forget_memories(self):
        """After a back-door load: the memories hold what the images say, not what was written."""
        self.shadow.clear()

    # ------------------------------------------------------------------ decode
    def decode(self, addr: int):
        """('reg', name) | ('mem', name, word, slot) | ('none', reason)."""
        a = addr & ~3
        if a < regmap.REG_REGION:
            name = self.by_offset.get(a)
            return ("reg", name) if name else ("none", f"no register at offset {a:#05x}")
        for name, (base, stride) in sorted(regmap.MEM_WINDOWS.items(), key=lambda kv: -kv[1][0]):
            if a >= base:
                word, slot = divmod(a - base, stride)
                slot //= 4
                end = next((b for b in sorted(b for b, _ in regmap.MEM_WINDOWS.values()) if b > base),
                           1 << regmap.ADDR_W)
                if a >= end:
                    break
                if word >= self.depths[name]:
                    return ("none", f"{name} word {word} is beyond its depth {self.depths[name]}")
                if slot >= self.slots[name][2]:
                    return ("none", f"{name} slot {slot} is not mapped ({self.slots[name][2]} slots per word)")
                return ("mem", name, word, slot)
        return ("none", f"{a:#07x} is outside the registers and every memory window")

    # ------------------------------------------------------------------ observe
    def observe(self, txn: AxilTxn) -> list[str]:
        """Check one transaction and update the mirror; returns (and records) its errors."""
        errs: list[str] = []
        where = self.decode(txn.addr)
        kind = where[0]
        if txn.write and txn.strb != 0xF:
            exp, why = Resp.SLVERR, f"partial strobe {txn.strb:#x}"
        elif kind == "none":
            exp, why = Resp.SLVERR, where[1]
        elif kind == "reg" and txn.write and self.model.spec[where[1]].access == "RO":
            exp, why = Resp.SLVERR, f"{where[1]} is read-only"
        elif kind == "reg":
            exp, why = Resp.OKAY, f"{where[1]} is {self.model.spec[where[1]].access}"
        else:
            exp, why = None, ""          # a memory slot: OKAY when idle, SLVERR while running
        if exp is not None and txn.resp != exp:
            errs.append(f"AXI4-Lite {txn}: expected {exp.name} ({why})")
        if txn.resp == Resp.OKAY:
            if kind == "reg":
                errs += self._reg(where[1], txn)
            elif kind == "mem":
                errs += self._mem(where[1], where[2], where[3], txn)
        self.errors += errs
        return errs

    def _reg(self, name: str, txn: AxilTxn) -> list[str]:
        reg, spec = self.model.regs[name], self.model.spec[name]
        fields = reg.get_fields()
        kind = uvm_predict_e.UVM_PREDICT_WRITE if txn.write else uvm_predict_e.UVM_PREDICT_READ
        errs = []
        if not txn.write:
            self.reads_checked += 1
            if txn.data & ~spec.mask & 0xFFFFFFFF:
                errs.append(f"register mirror mismatch: {name} reads {txn.data:#010x}: bits "
                            f"{txn.data & ~spec.mask:#010x} lie outside every field and must read 0")
            for f in fields:
                lsb, width = f.get_lsb_pos(), f.get_n_bits()
                got = (txn.data >> lsb) & ((1 << width) - 1)
                access = f.get_access(self.model.map)
                if access == "WO":
                    want = 0
                elif f.is_volatile():
                    continue
                else:
                    want = f.get_mirrored_value()
                if got != want:
                    errs.append(f"register mirror mismatch: {name}.{f.get_name()} reads {got:#x}, "
                                f"the model predicts {want:#x} ({access}, {txn})")
        for f in fields:
            lsb, width = f.get_lsb_pos(), f.get_n_bits()
            f.predict((txn.data >> lsb) & ((1 << width) - 1), kind=kind, map=self.model.map)
        return errs

    def _mem(self, name: str, word: int, slot: int, txn: AxilTxn) -> list[str]:
        a = txn.addr & ~3
        mask = mem_slot_mask(self.hw, name, slot)
        if txn.write:
            self.shadow[a] = txn.data & mask
            return []
        self.reads_checked += 1
        if a in self.shadow and txn.data != self.shadow[a]:
            return [f"memory mirror mismatch: {name}[{word}] slot {slot} reads {txn.data:#010x}, "
                    f"written {self.shadow[a]:#010x} (bits above the entry's width read 0: mask {mask:#x})"]
        if txn.data & ~mask:
            return [f"memory mirror mismatch: {name}[{word}] slot {slot} reads {txn.data:#010x}: "
                    f"bits above the entry's width (mask {mask:#x}) must read 0"]
        return []


class RegPredictor(uvm_component):
    """Feeds `RegMirror` from an analysis port of AxilTxn; fails the test in check_phase
    with the first errors (all of them are logged as they happen)."""

    def build_phase(self):
        self.bus_in = Imp("bus_in", self, self.write)
        self.mirror: RegMirror | None = None

    def write(self, txn: AxilTxn):
        for e in self.mirror.observe(txn):
            self.logger.error(e)

    def check_phase(self):
        errs = self.mirror.errors
        if errs:
            more = f" (+{len(errs) - 3} more, see the log)" if len(errs) > 3 else ""
            raise RegPredictorError("; ".join(errs[:3]) + more)

    def report_phase(self):
        if not self.mirror.errors:
            self.logger.info(f"register predictor: {self.mirror.reads_checked} reads checked against the mirror")
