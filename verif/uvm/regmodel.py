"""The register model: pyuvm's register layer as peakrdl-pyuvm generates it from
hdl/regs/hcgs.rdl, elaborated with this build's parameters (HWCFG reset values and memory
depths follow the build), plus the AXI4-Lite adapter. The model is generated once per build
into build/ral/, copied into the run folder (`ral/hcgs_ral.py`) and imported from there;
nothing in it is written by hand. Prediction is explicit (auto-predict off): `verif.uvm.predictor` updates the
mirror from the AXI4-Lite monitor and checks every read against it.

Memory windows (contract section 6) are `uvm_mem`s of 32-bit slots: t1mem and t2mem have
one slot per entry; bmem has 8 slots per 256-bit word (contiguous); wmem has a 64-byte
stride of which LANES*6/32 slots are mapped, so its uvm_mem covers all 16 slots of every
word and the unmapped ones answer SLVERR (offset of slot s of word a = a*16 + s).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from pyuvm import uvm_mem, uvm_reg, uvm_reg_adapter
from pyuvm._reg.uvm_reg_model import uvm_access_e, uvm_status_e

from golden import genregs, regmap
from golden.config import HwConfig
from verif.bfm.axil import Resp

from .items import AxilItem

_loaded: dict[tuple, object] = {}

#: generated models, one per (RDL, generator, build parameters): peakrdl-pyuvm's templates
#: take about a tenth of a short run to compile, so each build's model is generated once
CACHE = Path(__file__).resolve().parents[2] / "build" / "ral"


def _cached_model(hw: HwConfig) -> Path:
    """The generated model of `hw` in CACHE, written there (atomically) on first use; keyed by
    what the elaborated map follows from (golden.regmap.source_key) and by the generator."""
    h = hashlib.sha256(repr((regmap.source_key(tuple(sorted(regmap.params_of(hw).items()))),
                             importlib.metadata.version("peakrdl-pyuvm"))).encode())
    h.update(Path(genregs.__file__).read_bytes())
    path = CACHE / f"hcgs_ral-{h.hexdigest()[:16]}.py"
    if not path.is_file():
        tmp = genregs.write_pyuvm(hw, CACHE / f".{path.stem}.{os.getpid()}.py")
        os.replace(tmp, path)
    return path


def generated_module(hw: HwConfig, folder: Path | None = None):
    """peakrdl-pyuvm's model of the build `hw`, copied to `folder`/hcgs_ral.py (the run's own
    copy, to read when debugging) and imported (once per build and process)."""
    params = tuple(sorted(regmap.params_of(hw).items()))
    if params in _loaded:
        return _loaded[params]
    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="hcgs_ral_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hcgs_ral.py"
    shutil.copyfile(_cached_model(hw), path)
    tag = hashlib.sha1(repr(params).encode()).hexdigest()[:10]
    spec = importlib.util.spec_from_file_location(f"hcgs_ral_{tag}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    _loaded[params] = mod
    return mod


def mem_slots(hw: HwConfig) -> dict[str, tuple[int, int, int]]:
    """name -> (window base, slots per memory word, mapped slots per word)."""
    wslots = hw.lanes * 6 // 32
    mems = regmap.mems_for_build(hw)
    return {name: (w.base, w.stride // 4, wslots if name == "wmem" else w.stride // 4)
            for name, w in mems.items()}


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


def mem_slot_mask(hw: HwConfig, name: str, slot: int) -> int:
    """The bits of slot `slot` of a `name` word that hold data (the rest read 0)."""
    bits = min(32, mem_word_bits(hw)[name] - 32 * slot)
    return (1 << bits) - 1


class HcgsRegBlock:
    """The generated block of one build: `map` (its default map), `regs` (name -> uvm_reg),
    `mems` (name -> uvm_mem), `spec` (name -> golden.regmap.Register of the same build)."""

    def __init__(self, name: str = "regs", hw: HwConfig | None = None, folder: Path | None = None):
        self.hw = hw or HwConfig()
        mod = generated_module(self.hw, folder)
        self.block = mod.hcgs(name)
        self.block.build()
        self.block.lock_model()
        self.block.reset()
        self.map = self.block.get_default_map()
        self.spec = regmap.by_name(regmap.for_build(self.hw))
        self.regs: dict[str, uvm_reg] = {n: getattr(self.block, n) for n in self.spec}
        self.mems: dict[str, uvm_mem] = {n: getattr(self.block, n)._mem for n in regmap.MEM_WINDOWS}
        for n, r in self.regs.items():
            if r.get_offset() != self.spec[n].offset:
                raise AssertionError(f"generated model puts {n} at {r.get_offset():#x}, the map at {self.spec[n].offset:#x}")

    def __getitem__(self, name: str) -> uvm_reg:
        return self.regs[name]

    def addr(self, name: str) -> int:
        return self.spec[name].offset

    def reset(self):
        """Mirror = reset values (after a DUT reset)."""
        self.block.reset()


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
