"""The register map: the one source for the RTL constants, the Python register model
and the table in docs/architecture.md (see ``golden.genrtl``).

Pure data, no simulator. Offsets are byte addresses inside the register region
(0x00000 - 0x00FFF of the AXI4-Lite space).
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: Access kinds. RO: writes answer SLVERR. RW: read/write. W1C: write one to clear.
#: WO: write-only command pulses, read as 0.
ACCESS = ("RO", "RW", "W1C", "WO")

ID_VALUE = 0x48434753  # "HCGS"


@dataclass(frozen=True)
class Field:
    name: str
    lsb: int
    width: int
    doc: str

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

    def __post_init__(self):
        if self.access not in ACCESS:
            raise ValueError(f"register {self.name}: access {self.access!r} not in {ACCESS}")
        if self.offset % 4 or not 0 <= self.offset < 0x1000:
            raise ValueError(f"register {self.name}: offset {self.offset:#x} must be word aligned below 0x1000")


def _keep_fields() -> tuple[Field, ...]:
    return (
        Field("K1_IH", 0, 5, "tier-1 blocks kept per block-row of W_ih (1 .. cols/32)"),
        Field("K2_IH", 8, 4, "tier-2 sub-blocks kept per sub-block-row of W_ih (1 .. 8)"),
        Field("K1_HH", 16, 5, "tier-1 blocks kept per block-row of W_hh (1 .. HSIZE/32)"),
        Field("K2_HH", 24, 4, "tier-2 sub-blocks kept per sub-block-row of W_hh (1 .. 8)"),
    )


#: Error bits, shared by ERR and by the RTL's error encoder.
ERR_FIELDS = (
    Field("LAYERS", 0, 1, "START with CFG_LAYERS outside 1 .. MAX_LAYERS"),
    Field("ISIZE", 1, 1, "START with CFG_ISIZE not a multiple of 32 in 32 .. MAX_I"),
    Field("HSIZE", 2, 1, "START with CFG_HSIZE not a multiple of 32 in 32 .. MAX_H"),
    Field("KEEP", 3, 1, "START with a keep count of an active layer outside its range"),
    Field("MEM", 4, 1, "START with a configuration whose weights or index exceed the memories"),
    Field("BUSY", 5, 1, "START while running"),
    Field("FRAME_SHORT", 6, 1, "input frame ended (TLAST) before ISIZE/4 beats; dropped"),
    Field("FRAME_LONG", 7, 1, "input frame had no TLAST on beat ISIZE/4; dropped up to its TLAST"),
)

REGISTERS: tuple[Register, ...] = (
    Register("ID", 0x000, "RO", "identification, reads 0x48434753 ('HCGS')", reset=ID_VALUE),
    Register("HWCFG0", 0x004, "RO", "build parameters", (
        Field("LANES", 0, 8, "MAC lanes"),
        Field("MAX_LAYERS", 8, 4, "maximum layers"),
        Field("MAX_H", 16, 16, "maximum hidden size"),
    )),
    Register("HWCFG1", 0x008, "RO", "build parameters", (
        Field("MAX_I", 0, 16, "maximum input size"),
        Field("T1_DEPTH", 16, 16, "tier-1 index entries"),
    )),
    Register("HWCFG2", 0x00C, "RO", "build parameters", (
        Field("WMEM_DEPTH", 0, 32, "weight memory words"),
    )),
    Register("CTRL", 0x010, "RW", "control levels", (
        Field("OUT_ALL", 0, 1, "1: output frames carry h of every layer (debug)"),
    )),
    Register("CMD", 0x014, "WO", "command pulses, read as 0", (
        Field("START", 0, 1, "check and latch the configuration, start running"),
        Field("STOP", 1, 1, "finish received frames, then stop"),
        Field("CLR_CNT", 2, 1, "zero the performance counters"),
    )),
    Register("STATUS", 0x018, "RO", "state", (
        Field("RUNNING", 0, 1, "accepting and computing frames"),
        Field("BUSY", 1, 1, "a frame is being computed"),
    )),
    Register("ERR", 0x01C, "W1C", "sticky error bits", ERR_FIELDS),
    Register("IRQ_STATUS", 0x020, "W1C", "interrupt causes", (
        Field("FRAME_DONE", 0, 1, "an output frame has been produced"),
        Field("ERROR", 1, 1, "an ERR bit was set"),
    )),
    Register("IRQ_ENABLE", 0x024, "RW", "interrupt enables, same bits as IRQ_STATUS", (
        Field("FRAME_DONE", 0, 1, "enable"),
        Field("ERROR", 1, 1, "enable"),
    )),
    Register("CFG_LAYERS", 0x028, "RW", "number of layers", (Field("VALUE", 0, 8, "1 .. MAX_LAYERS"),), reset=1),
    Register("CFG_ISIZE", 0x02C, "RW", "input size of layer 0 (padded)", (Field("VALUE", 0, 16, "multiple of 32, 32 .. MAX_I"),), reset=32),
    Register("CFG_HSIZE", 0x030, "RW", "hidden size of every layer", (Field("VALUE", 0, 16, "multiple of 32, 32 .. MAX_H"),), reset=32),
    Register("CFG_KEEP_L0", 0x040, "RW", "keep counts of layer 0", _keep_fields(), reset=0x01010101),
    Register("CFG_KEEP_L1", 0x044, "RW", "keep counts of layer 1", _keep_fields(), reset=0x01010101),
    Register("CFG_KEEP_L2", 0x048, "RW", "keep counts of layer 2", _keep_fields(), reset=0x01010101),
    Register("CFG_KEEP_L3", 0x04C, "RW", "keep counts of layer 3 (reserved when MAX_LAYERS < 4)", _keep_fields(), reset=0x01010101),
    Register("CNT_BUSY", 0x080, "RO", "cycles with a frame in flight"),
    Register("CNT_MAC", 0x084, "RO", "cycles with useful MAC work"),
    Register("CNT_STALL_IN", 0x088, "RO", "running cycles waiting for an input frame"),
    Register("CNT_STALL_OUT", 0x08C, "RO", "cycles stalled by the full output buffer"),
    Register("CNT_FRAMES", 0x090, "RO", "frames completed"),
)

#: Memory windows of the AXI4-Lite space: name -> (base, stride in bytes per memory word).
MEM_WINDOWS = {
    "t1mem": (0x08000, 4),
    "bmem": (0x10000, 32),
    "t2mem": (0x20000, 4),
    "wmem": (0x80000, 64),
}
ADDR_W = 20


def by_name() -> dict[str, Register]:
    return {r.name: r for r in REGISTERS}


def keep_register(layer: int) -> Register:
    return by_name()[f"CFG_KEEP_L{layer}"]


def pack_keep(k1_ih: int, k2_ih: int, k1_hh: int, k2_hh: int) -> int:
    """The CFG_KEEP_L{l} value for the given keep counts (range-checked to the field widths)."""
    out = 0
    for f, v in zip(_keep_fields(), (k1_ih, k2_ih, k1_hh, k2_hh)):
        if not 0 <= v < (1 << f.width):
            raise ValueError(f"{f.name}={v} does not fit its {f.width}-bit field")
        out |= v << f.lsb
    return out


def markdown_table() -> str:
    """The register table of docs/architecture.md."""
    lines = ["| offset | name | access | reset | fields |", "|---|---|---|---|---|"]
    for r in REGISTERS:
        fields = "; ".join(f"`[{f.lsb + f.width - 1}:{f.lsb}]` {f.name}: {f.doc}" for f in r.fields) or r.doc
        lines.append(f"| `0x{r.offset:03X}` | `{r.name}` | {r.access} | `0x{r.reset:08X}` | {r.doc}. {fields} |"
                     if r.fields else f"| `0x{r.offset:03X}` | `{r.name}` | {r.access} | `0x{r.reset:08X}` | {r.doc} |")
    return "\n".join(lines)
