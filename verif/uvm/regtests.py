"""The standard register tests, driven from the map (golden.regmap, i.e. hdl/regs/hcgs.rdl):
reset values, walking ones on every bit of the RW registers, read-only, write-only and
write-1-to-clear behaviour, unmapped addresses, and the width of the memory index entries.

Each test is a coroutine over a `port` with two methods, so the same code runs in the
simulator (`verif.uvm.sequences.RegTestSeq`: raw AxilItems on the control sequencer, every
transaction also seen by the register predictor) and against a Python fake in pytest, where
a deliberate fault shows each check firing (tests/verif/test_regtests.py):

    async port.read(addr) -> (data, Resp)
    async port.write(addr, data) -> Resp

A failure raises RegTestError naming the register, field or address, what was read and
what the map says.
"""
from __future__ import annotations

from golden import regmap
from verif.bfm.axil import Resp


class RegTestError(AssertionError):
    pass


def _fields(reg: regmap.Register, value: int) -> str:
    return ", ".join(f"{f.name}={(value & f.mask) >> f.lsb:#x}" for f in reg.fields)


async def _rd(port, reg: regmap.Register, what: str) -> int:
    v, resp = await port.read(reg.offset)
    if resp != Resp.OKAY:
        raise RegTestError(f"{what}: read of {reg.name} ({reg.offset:#05x}) answered {resp.name}, expected OKAY")
    return v


async def _wr(port, reg: regmap.Register, value: int, what: str, expect: Resp = Resp.OKAY):
    resp = await port.write(reg.offset, value)
    if resp != expect:
        why = f"{reg.name} is {reg.access}"
        raise RegTestError(f"{what}: write {value:#010x} to {reg.name} ({reg.offset:#05x}) answered {resp.name}, "
                           f"expected {expect.name} ({why})")


async def reset_values(port, regs: tuple[regmap.Register, ...]) -> int:
    """Right after reset every register, volatile ones included, reads its reset value
    (HWCFG*: the build's parameters). Returns the registers checked."""
    for r in regs:
        v = await _rd(port, r, "reset value")
        if v != r.reset:
            raise RegTestError(f"reset value: {r.name} reads {v:#010x} ({_fields(r, v)}), the map says "
                               f"{r.reset:#010x} ({_fields(r, r.reset)})")
    return len(regs)


async def walking_ones(port, regs: tuple[regmap.Register, ...]) -> int:
    """Every RW register, every one of its 32 bits: write that bit alone, read back that bit
    if it is in a field and 0 if not; then write the reset value back. Returns bits walked."""
    n = 0
    for r in regs:
        if r.access != "RW":
            continue
        for b in range(32):
            v = 1 << b
            await _wr(port, r, v, "walking ones")
            got = await _rd(port, r, "walking ones")
            want = v & r.mask
            if got != want:
                place = "in " + next(f.name for f in r.fields if f.mask & v) if want else "outside every field"
                raise RegTestError(f"walking ones: {r.name} bit {b} ({place}) written alone, read {got:#010x}, "
                                   f"expected {want:#010x}")
            n += 1
        await _wr(port, r, r.reset, "walking ones (restore)")
    return n


async def read_only(port, regs: tuple[regmap.Register, ...]) -> int:
    """A write to an RO register answers SLVERR and changes none of its non-volatile fields."""
    n = 0
    for r in regs:
        if r.access != "RO":
            continue
        before = await _rd(port, r, "read-only")
        await _wr(port, r, ~before & 0xFFFFFFFF, "read-only", Resp.SLVERR)
        after = await _rd(port, r, "read-only")
        stable = sum(f.mask for f in r.fields if not f.volatile)
        if (before ^ after) & stable:
            raise RegTestError(f"read-only: {r.name} changed from {before:#010x} to {after:#010x} "
                               f"after a refused write")
        n += 1
    return n


async def write_only(port, regs: tuple[regmap.Register, ...], safe: dict[str, int]) -> int:
    """A WO register answers OKAY and reads 0, before and after writing its `safe` bits
    (bits whose pulse disturbs nothing, e.g. CMD.CLR_CNT)."""
    n = 0
    for r in regs:
        if r.access != "WO":
            continue
        for v in (0, safe.get(r.name, 0)):
            await _wr(port, r, v, "write-only")
            got = await _rd(port, r, "write-only")
            if got:
                raise RegTestError(f"write-only: {r.name} reads {got:#010x} after writing {v:#010x}, expected 0")
        n += 1
    return n


async def write_one_to_clear(port, regs: tuple[regmap.Register, ...], provoke) -> int:
    """W1C registers: `provoke()` makes the hardware set bits; then a write of 0 changes
    nothing, and writing each set bit alone clears exactly that bit. Returns bits cleared."""
    await provoke()
    n = 0
    for r in regs:
        if r.access != "W1C":
            continue
        v = await _rd(port, r, "W1C")
        if not v:
            raise RegTestError(f"W1C: {r.name} has no bit set after the provoking stimulus: nothing to test")
        await _wr(port, r, 0, "W1C")
        if (got := await _rd(port, r, "W1C")) != v:
            raise RegTestError(f"W1C: writing 0 to {r.name} changed it from {v:#010x} to {got:#010x}")
        for f in r.fields:
            if not v & f.mask:
                continue
            await _wr(port, r, f.mask, "W1C")
            got = await _rd(port, r, "W1C")
            v &= ~f.mask
            if got != v:
                raise RegTestError(f"W1C: writing 1 to {r.name}.{f.name} left {got:#010x}, expected {v:#010x} "
                                   f"(that bit cleared, the others kept)")
            n += 1
    return n


def unmapped_addresses(regs: tuple[regmap.Register, ...], mems: dict[str, regmap.MemWindow], hw) -> list[int]:
    """Every unmapped word of the register region, plus per memory window the first word
    beyond the build's depth, the gap after the window, and each unmapped wmem slot of word 0."""
    mapped = {r.offset for r in regs}
    out = [a for a in range(0, regmap.REG_REGION, 4) if a not in mapped]
    bases = sorted(w.base for w in mems.values()) + [1 << regmap.ADDR_W]
    out.append(regmap.REG_REGION)                                          # first byte after the registers
    out.append(bases[0] - 4)                                               # last byte before the first window
    for w in mems.values():
        depth_words = w.entries * 4 // w.stride
        beyond = w.base + depth_words * w.stride
        nxt = bases[bases.index(w.base) + 1]
        if beyond < nxt:
            out += [beyond, nxt - 4]
        if w.name == "wmem":
            out += [w.base + 4 * s for s in range(hw.lanes * 6 // 32, w.stride // 4)]
    return sorted(set(out))


async def unmapped(port, regs, mems, hw) -> int:
    """Every unmapped address answers SLVERR to a read and to a write, and reads return 0."""
    addrs = unmapped_addresses(regs, mems, hw)
    for a in addrs:
        v, resp = await port.read(a)
        if resp != Resp.SLVERR:
            raise RegTestError(f"unmapped: read of {a:#07x} answered {resp.name} ({v:#010x}), expected SLVERR")
        resp = await port.write(a, 0xFFFFFFFF)
        if resp != Resp.SLVERR:
            raise RegTestError(f"unmapped: write to {a:#07x} answered {resp.name}, expected SLVERR")
    return len(addrs)


async def index_entry_widths(port, mems: dict[str, regmap.MemWindow], hw) -> int:
    """t1mem and t2mem keep only their entry width: all ones written, the width's ones read."""
    widths = {"t1mem": hw.t1_width, "t2mem": 3}
    for name, bits in widths.items():
        a = mems[name].base
        if (resp := await port.write(a, 0xFFFFFFFF)) != Resp.OKAY:
            raise RegTestError(f"entry width: write to {name}[0] answered {resp.name}")
        v, resp = await port.read(a)
        want = (1 << bits) - 1
        if resp != Resp.OKAY or v != want:
            raise RegTestError(f"entry width: {name}[0] written 0xffffffff reads {v:#010x} ({resp.name}), "
                               f"expected {want:#x} ({bits}-bit entries, the bits above read 0)")
    return len(widths)


async def run_all(port, hw, provoke, safe_wo: dict[str, int], log=print) -> dict[str, int]:
    """Every test in order (reset values first: nothing may have been written before)."""
    regs = regmap.for_build(hw)
    mems = regmap.mems_for_build(hw)
    done = {}
    done["reset values"] = await reset_values(port, regs)
    done["walking-one bits"] = await walking_ones(port, regs)
    done["read-only registers"] = await read_only(port, regs)
    done["write-only registers"] = await write_only(port, regs, safe_wo)
    done["W1C bits"] = await write_one_to_clear(port, regs, provoke)
    done["unmapped addresses"] = await unmapped(port, regs, mems, hw)
    done["index entry widths"] = await index_entry_widths(port, mems, hw)
    log("register tests from the map: " + ", ".join(f"{v} {k}" for k, v in done.items()))
    return done
