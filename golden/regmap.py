"""The register map, read from its one source `hdl/regs/hcgs.rdl` (SystemRDL) with
systemrdl-compiler. Nothing here defines a register: this module turns the elaborated
SystemRDL into plain data for the golden model, the RTL package generator
(`golden.genrtl`), the testbench and the contract's tables.

Offsets are byte addresses inside the AXI4-Lite space. The RDL's parameters are the RTL's
build parameters: `REGISTERS` is the chip build (the RDL's defaults); `for_build(hw)` gives
the map of another build (HWCFG reset values and memory depths follow its parameters).
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the compiler is imported where it runs: a warm cache needs none of it
    from systemrdl import RDLCompiler
    from systemrdl.node import AddrmapNode, FieldNode, RegNode

#: The single source.
RDL_PATH = Path(__file__).resolve().parent.parent / "hdl" / "regs" / "hcgs.rdl"
TOP = "hcgs"

#: Access kinds. RO: writes answer SLVERR. RW: read/write. W1C: write one to clear.
#: WO: write-only command pulses, read as 0.
ACCESS = ("RO", "RW", "W1C", "WO")

#: The RDL's parameters, named as the RTL's build parameters, and golden.config.HwConfig's
#: attribute for each.
PARAMS = {"MAX_LAYERS": "max_layers", "MAX_H": "max_h", "MAX_I": "max_i", "LANES": "lanes",
          "WMEM_DEPTH": "wmem_depth", "T1_DEPTH": "t1_depth", "ACT_CELLS": "act_cells",
          "ACT_SHARE": "act_share"}
#: A second, different parameter set: a reset value that changes with it is a build parameter.
_PROBE = {"MAX_LAYERS": 2, "MAX_H": 64, "MAX_I": 96, "LANES": 16, "WMEM_DEPTH": 4096, "T1_DEPTH": 16, "ACT_CELLS": 2,
          "ACT_SHARE": 1}

ADDR_W = 20
REG_REGION = 0x1000      # register region: byte addresses 0 .. REG_REGION-1


class RegMapError(ValueError):
    """The RDL says something this project's RTL cannot implement."""


@dataclass(frozen=True)
class Field:
    name: str
    lsb: int
    width: int
    doc: str
    access: str = "RW"
    reset: int = 0
    volatile: bool = False       # the hardware changes it: never compared against a mirror
    build_param: bool = False    # its reset value is a build parameter

    @property
    def mask(self) -> int:
        return ((1 << self.width) - 1) << self.lsb


@dataclass(frozen=True)
class Register:
    name: str
    offset: int
    access: str
    doc: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    reset: int = 0
    desc: str = ""

    def __post_init__(self):
        if self.access not in ACCESS:
            raise RegMapError(f"register {self.name}: access {self.access!r} not in {ACCESS}")
        if self.offset % 4 or not 0 <= self.offset < REG_REGION:
            raise RegMapError(f"register {self.name}: offset {self.offset:#x} must be word aligned below {REG_REGION:#x}")

    @property
    def mask(self) -> int:
        """Bits that belong to a field; the others read 0."""
        return sum(f.mask for f in self.fields)

    @property
    def volatile(self) -> bool:
        return any(f.volatile for f in self.fields)

    @property
    def build_param(self) -> bool:
        return any(f.build_param for f in self.fields)


@dataclass(frozen=True)
class MemWindow:
    """A memory window: `entries` 32-bit bus slots from `base`; `stride` bytes per memory word."""
    name: str
    base: int
    stride: int
    entries: int
    word_bits: str
    doc: str
    desc: str

    @property
    def size(self) -> int:
        return 4 * self.entries


def _text(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def _access(f: FieldNode) -> str:
    from systemrdl.rdltypes import OnWriteType
    sw_r, sw_w = f.is_sw_readable, f.is_sw_writable
    onwrite = f.get_property("onwrite")
    if sw_r and not sw_w:
        return "RO"
    if sw_w and not sw_r:
        if onwrite is not None:
            raise RegMapError(f"{f.get_path()}: write-only field with onwrite={onwrite.name}: not supported")
        return "WO"
    if onwrite is None:
        return "RW"
    if onwrite == OnWriteType.woclr:
        return "W1C"
    raise RegMapError(f"{f.get_path()}: onwrite={onwrite.name} not supported (RW, W1C, RO, WO only)")


def _volatile(f: FieldNode) -> bool:
    return bool(f.is_hw_writable or f.get_property("hwset") or f.get_property("hwclr")
                or f.get_property("counter") or f.get_property("singlepulse"))


@functools.lru_cache(maxsize=None)
def _compiled(path: str) -> RDLCompiler:
    from systemrdl import RDLCompileError, RDLCompiler
    rdlc = RDLCompiler()
    try:
        rdlc.compile_file(path)
    except RDLCompileError as e:
        raise RegMapError(f"{path}: SystemRDL compilation failed ({e}; the compiler's messages are above)") from e
    return rdlc


@functools.lru_cache(maxsize=None)
def _elaborate(path: str, params: tuple[tuple[str, int], ...]) -> AddrmapNode:
    from systemrdl import RDLCompileError
    try:
        return _compiled(path).elaborate(TOP, parameters=dict(params)).top
    except RDLCompileError as e:
        raise RegMapError(f"{path}: SystemRDL elaboration of {TOP} with {dict(params)} failed ({e})") from e


def elaborate(params: dict[str, int] | None = None, path: Path = RDL_PATH) -> AddrmapNode:
    """The elaborated top addrmap for `params` (RTL parameter names; missing = chip default)."""
    params = params or {}
    unknown = set(params) - set(PARAMS)
    if unknown:
        raise RegMapError(f"unknown build parameter(s) {sorted(unknown)}: allowed {list(PARAMS)}")
    return _elaborate(str(path), tuple(sorted(params.items())))


def params_of(hw) -> dict[str, int]:
    """The RDL parameters of a golden.config.HwConfig."""
    return {p: int(getattr(hw, a)) for p, a in PARAMS.items()}


def _reset(reg: RegNode, name: str) -> int:
    return reg.get_child_by_name(name).get_property("reset") or 0


def _registers(top: AddrmapNode, path: Path) -> tuple[Register, ...]:
    from systemrdl.node import RegNode
    chip, probe = elaborate(path=path), elaborate(_PROBE, path)
    out = []
    for r in top.children():
        if not isinstance(r, RegNode):
            continue
        if r.is_array:  # pragma: no cover - the RDL has none
            raise RegMapError(f"{r.get_path()}: register arrays are not supported by the RTL's decode")
        cr, pr = chip.get_child_by_name(r.inst_name), probe.get_child_by_name(r.inst_name)
        fields = []
        for f in r.fields():
            reset = f.get_property("reset") or 0
            fields.append(Field(f.inst_name, f.lsb, f.width, _text(f.get_property("desc")), _access(f),
                                reset, _volatile(f),
                                _reset(cr, f.inst_name) != _reset(pr, f.inst_name)))
        kinds = {f.access for f in fields}
        if len(kinds) != 1:
            raise RegMapError(f"{r.get_path()}: fields of mixed access {sorted(kinds)}; the RTL decodes access per register")
        out.append(Register(r.inst_name, r.absolute_address, kinds.pop(), _text(r.get_property("name")),
                            tuple(fields), sum(f.reset << f.lsb for f in fields), _text(r.get_property("desc"))))
    return tuple(out)


def _mems(top: AddrmapNode) -> tuple[MemWindow, ...]:
    from systemrdl.node import MemNode
    out = []
    for m in top.children():
        if isinstance(m, MemNode):
            if m.get_property("memwidth") != 32:
                raise RegMapError(f"{m.get_path()}: memwidth must be 32 (the bus view is 32-bit slots)")
            out.append(MemWindow(m.inst_name, m.absolute_address, m.get_property("hcgs_word_stride"),
                                 m.get_property("mementries"), m.get_property("hcgs_word_bits"),
                                 _text(m.get_property("name")), _text(m.get_property("desc"))))
    return tuple(out)


def read(path: Path = RDL_PATH, params: dict[str, int] | None = None) -> tuple[tuple[Register, ...], tuple[MemWindow, ...]]:
    """Registers and memory windows of the RDL file `path` elaborated with `params`."""
    return _load(tuple(sorted((params or {}).items())), str(path))


#: `_load`'s results (plain data) on disk, keyed by the RDL text, this module's source, the
#: parameters and the compiler's version: a process that finds them needs no SystemRDL
#: compiler (its import and two elaborations are about a tenth of a short simulation's
#: start-up, and every simulation imports this module). An optimisation only: any failure to
#: read or write it falls back to the compiler.
CACHE_DIR = Path(__file__).resolve().parent.parent / "build" / "cache" / "regmap"


def source_key(params: tuple[tuple[str, int], ...], path: str = str(RDL_PATH)) -> str | None:
    """A digest of what the elaborated map of `params` follows from: the RDL text, this
    module's source, the parameters and the compiler's version (None: one is unreadable).
    It keys this module's cache and the generated register models' (verif.uvm.regmodel)."""
    try:
        h = hashlib.sha256(Path(path).read_bytes())
        h.update(Path(__file__).read_bytes())
        h.update(repr((params, importlib.metadata.version("systemrdl-compiler"))).encode())
    except (OSError, importlib.metadata.PackageNotFoundError):
        return None
    return h.hexdigest()


def _cache_file(params: tuple[tuple[str, int], ...], path: str) -> Path | None:
    key = source_key(params, path)
    return CACHE_DIR / f"{key[:24]}.pickle" if key else None


@functools.lru_cache(maxsize=None)
def _load(params: tuple[tuple[str, int], ...], path: str = str(RDL_PATH)) -> tuple[tuple[Register, ...], tuple[MemWindow, ...]]:
    cache = _cache_file(params, path)
    if cache is not None and cache.is_file():
        try:
            return pickle.loads(cache.read_bytes())
        except Exception:  # noqa: BLE001 - a torn or foreign file: compile instead
            pass
    out = _load_rdl(params, path)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f".{cache.name}.{os.getpid()}")
            tmp.write_bytes(pickle.dumps(out))
            os.replace(tmp, cache)
        except OSError:
            pass
    return out


def _load_rdl(params: tuple[tuple[str, int], ...], path: str) -> tuple[tuple[Register, ...], tuple[MemWindow, ...]]:
    top = elaborate(dict(params), Path(path))
    regs = _registers(top, Path(path))
    mems = _mems(top)
    ends = sorted((w.base, w.base + w.size, w.name) for w in mems)
    if ends[0][0] < REG_REGION or ends[-1][1] > 1 << ADDR_W:
        raise RegMapError(f"memory windows must lie in {REG_REGION:#x} .. {1 << ADDR_W:#x}: {ends}")
    return regs, mems


def for_build(hw) -> tuple[Register, ...]:
    """The registers of the build `hw` (golden.config.HwConfig): HWCFG* reset = its parameters."""
    return _load(tuple(sorted(params_of(hw).items())))[0]


def mems_for_build(hw) -> dict[str, MemWindow]:
    """The memory windows of the build `hw`, name -> MemWindow (entries = its depth in slots)."""
    return {w.name: w for w in _load(tuple(sorted(params_of(hw).items())))[1]}


REGISTERS, MEMS = _load(())
ID_VALUE = next(r.reset for r in REGISTERS if r.name == "ID")

#: Memory windows of the AXI4-Lite space: name -> (base, stride in bytes per memory word).
MEM_WINDOWS = {w.name: (w.base, w.stride) for w in MEMS}


def by_name(regs: tuple[Register, ...] = REGISTERS) -> dict[str, Register]:
    return {r.name: r for r in regs}


#: Error bits, shared by ERR and by the RTL's error encoder.
ERR_FIELDS = by_name()["ERR"].fields


def keep_register(layer: int) -> Register:
    return by_name()[f"CFG_KEEP_L{layer}"]


def pack_keep(k1_ih: int, k2_ih: int, k1_hh: int, k2_hh: int) -> int:
    """The CFG_KEEP_L{l} value for the given keep counts (range-checked to the field widths)."""
    out = 0
    for f, v in zip(keep_register(0).fields, (k1_ih, k2_ih, k1_hh, k2_hh)):
        if not 0 <= v < (1 << f.width):
            raise ValueError(f"{f.name}={v} does not fit its {f.width}-bit field")
        out |= v << f.lsb
    return out


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def _reset_cell(r: Register) -> str:
    if r.build_param:
        return f"build parameters (chip: `0x{r.reset:08X}`)"
    return f"`0x{r.reset:08X}`"


def markdown_table() -> str:
    """The register and memory-window tables of docs/architecture.md."""
    lines = ["| offset | name | access | reset | description and fields |", "|---|---|---|---|---|"]
    for r in REGISTERS:
        text = r.doc + (f". {r.desc}" if r.desc else "")
        fields = "; ".join(f"`[{f.lsb + f.width - 1}:{f.lsb}]` {f.name}: {f.doc}" for f in r.fields)
        lines.append(f"| `0x{r.offset:03X}` | `{r.name}` | {r.access} | {_reset_cell(r)} | {_cell(text)}<br>{_cell(fields)} |")
    lines += ["", "Memory windows (32-bit bus slots; chip build depths; not reset):", "",
              "| window | base | bytes per word | word bits | slots (chip) | contents |", "|---|---|---|---|---|---|"]
    for w in MEMS:
        lines.append(f"| `{w.name}` | `0x{w.base:05X}` | {w.stride} | {w.word_bits} | {w.entries} | {_cell(w.doc + '. ' + w.desc)} |")
    return "\n".join(lines)
