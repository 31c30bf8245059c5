"""Physical parameter memories (contract section 5, "Physical memories").

The windows software sees (`images.MEMS`: wmem, t1mem, t2mem, bmem) are stored in three
single-port memories: `wmem` words of `LANES*6 + T2_W` bits carry the tier-2 entry of their
sub-block beside the weights (entry `a` in the top `T2_W` bits of word `a*WPS`; the field of
the other parts of a sub-block is unused and zero), `t1mem` and `bmem` as their windows.
Each is built of macros of at most `SRAM_MAX_D` words x `SRAM_MAX_W` bits: `NROW` banks of
consecutive addresses, each `NCOL` macros side by side. `bmem` is *masked*: a write changes
whole segments of `SRAM_SEG_W` bits (one write enable per segment, counted from bit 0 of the
word), so every column starts on a segment boundary. `wmem` and `t1mem` are *unmasked*: one
write enable per word (the front door writes a wmem slot by read-modify-write), and their
columns start on multiples of `SRAM_COL_W` bits, the width of an ECP5 block RAM at 2,048 words,
so no block is shared by two macros. Columns are `ceil(width/NCOL)` rounded up to that
multiple, the last one narrower (hdl/hcgs_sram_banked.sv does the same arithmetic).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import formats as F
from .config import B1, B2, HwConfig

SRAM_MAX_D = 2048   # words per macro (a power of two)
SRAM_MAX_W = 144    # bits per macro word (a multiple of SRAM_SEG_W)
SRAM_SEG_W = 16     # bits per write-enable segment (the front door's 32-bit slots are 2)
SRAM_COL_W = 9      # column alignment of an unmasked memory (divides SRAM_MAX_W)
MASKED = {"wmem": False, "t1mem": False, "bmem": True}
T2_W = (B1 // B2 - 1).bit_length()   # tier-2 entry: sub-block column 0..7
PHYS = ("wmem", "t1mem", "bmem")


@dataclass(frozen=True)
class Geometry:
    width: int
    depth: int
    masked: bool = True

    @property
    def align(self) -> int:
        """Bits a column's first bit is a multiple of."""
        return SRAM_SEG_W if self.masked else SRAM_COL_W

    @property
    def nrow(self) -> int:
        return -(-self.depth // SRAM_MAX_D)

    @property
    def ncol(self) -> int:
        return -(-self.width // SRAM_MAX_W)

    @property
    def col_width(self) -> int:
        """Width of every column but the last: an equal share rounded up to `align`."""
        share = -(-self.width // self.ncol)
        return min(self.width, -(-share // self.align) * self.align)

    def macro(self, r: int, c: int) -> tuple[int, int, int, int]:
        """(first word, words, lsb, bits) of macro (bank r, column c)."""
        d = SRAM_MAX_D if r < self.nrow - 1 else self.depth - (self.nrow - 1) * SRAM_MAX_D
        w = self.col_width if c < self.ncol - 1 else self.width - (self.ncol - 1) * self.col_width
        return r * SRAM_MAX_D, d, c * self.col_width, w

    def macros(self) -> list[tuple[int, int, int, int, int, int]]:
        """(r, c, first word, words, lsb, bits) of every macro."""
        return [(r, c, *self.macro(r, c)) for r in range(self.nrow) for c in range(self.ncol)]


def segments(bits: int) -> int:
    """Write-enable segments of a `bits`-wide word or macro (the last one may be narrower)."""
    return -(-bits // SRAM_SEG_W)


def geometry(hw: HwConfig, mem: str) -> Geometry:
    width = {"wmem": hw.lanes * F.W_W + T2_W, "t1mem": hw.t1_width, "bmem": 16 * F.B_W}[mem]
    depth = {"wmem": hw.wmem_depth, "t1mem": hw.t1_depth, "bmem": hw.bmem_depth}[mem]
    return Geometry(width, depth, MASKED[mem])


def physical_words(words: dict, hw: HwConfig) -> dict[str, list[int]]:
    """The physical memories' words from the window words (full depths, as in `images.Images`)."""
    ww = hw.lanes * F.W_W
    wmem = list(words["wmem"])
    for a, t2 in enumerate(words["t2mem"]):
        wmem[a * hw.wps] |= int(t2) << ww
    return {"wmem": wmem, "t1mem": list(words["t1mem"]), "bmem": list(words["bmem"])}


def macro_file(mem: str, r: int, c: int) -> str:
    """Image file of one macro, as hcgs_sram_banked's back door reads it (sram_<mem>_r<r>c<c>.hex)."""
    return f"sram_{mem}_r{r}c{c}.hex"


def write_macro_hex(words: dict, hw: HwConfig, folder) -> list[Path]:
    """One `$readmemh` file per macro of every physical memory: its words, its bits."""
    folder = Path(folder)
    phys = physical_words(words, hw)
    paths = []
    for m in PHYS:
        g = geometry(hw, m)
        for r, c, first, n, lsb, bits in g.macros():
            nd = (bits + 3) // 4
            mask = (1 << bits) - 1
            p = folder / macro_file(m, r, c)
            p.write_text("".join(f"{(w >> lsb) & mask:0{nd}x}\n" for w in phys[m][first:first + n]))
            paths.append(p)
    return paths


def macro_bits(hw: HwConfig) -> dict[str, int]:
    """Bits of every physical memory (all its macros)."""
    return {m: geometry(hw, m).width * geometry(hw, m).depth for m in PHYS}
