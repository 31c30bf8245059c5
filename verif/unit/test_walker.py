"""HCGS index walker (hcgs_walker): the sequence of steps (layer, group, matrix, part,
first/last of group, last of layer), vector word t1*8+t2, weight word and bias word
addresses, compared with a Python walk of the layout of contract section 5, for random
keep counts, hidden sizes and layer counts, with and without pseudo-random stalls.
The index memories hold random entries (the walker only forwards them).
"""
from __future__ import annotations

from pathlib import Path

import cocotb
import numpy as np
from cocotb.triggers import RisingEdge

from .common import param, rng_for, start_clock_and_reset

T1_W = 4


def reference(t1mem, t2mem, hsize, keeps, wps):
    """Steps of one frame, walk order of contract section 5."""
    out = []
    t1base = t2 = w = b = 0
    groups = hsize // 4
    for l, (k1i, k2i, k1h, k2h) in enumerate(keeps):
        for g in range(groups):
            blk = g // 8
            for m, (k1, k2) in enumerate(((k1i, k2i), (k1h, k2h))):
                for a in range(k1):
                    t1idx = t1base + blk * (k1i + k1h) + (k1i if m else 0) + a
                    for c in range(k2):
                        for p in range(wps):
                            first = m == 0 and a == 0 and c == 0 and p == 0
                            last = m == 1 and a == k1 - 1 and c == k2 - 1 and p == wps - 1
                            out.append((l, g, m, p, int(first), int(last), int(last and g == groups - 1),
                                        int(t1mem[t1idx]) * 8 + int(t2mem[t2]), w, b))
                            w += 1
                        t2 += 1
            b += 1
        t1base += hsize // 32 * (k1i + k1h)
    return out


@cocotb.test()
async def test_walk(dut):
    lanes = param("LANES", 64)
    wps = 64 // lanes
    rng = rng_for(f"walker{lanes}")
    t1mem = rng.integers(0, 1 << T1_W, 1 << 11)
    t2mem = rng.integers(0, 8, 1 << 15)
    folder = Path(cocotb.plusargs["trace"]).parent
    (folder / "t1.hex").write_text("".join(f"{v:x}\n" for v in t1mem))
    (folder / "t2.hex").write_text("".join(f"{v:x}\n" for v in t2mem))
    dut.load.value = 0
    dut.start.value = 0
    dut.stall_en.value = 0
    await start_clock_and_reset(dut)
    dut.load.value = 1
    await RisingEdge(dut.clk)
    expected = []
    frames = [(32, [(1, 1, 1, 1)], False), (64, [(2, 8, 2, 8), (1, 3, 2, 5)], True)]
    for _ in range(6):
        hsize = int(rng.choice([32, 64, 96]))
        n = int(rng.integers(1, 5))
        keeps = [tuple(int(v) for v in (rng.integers(1, 4), rng.integers(1, 9), rng.integers(1, 4), rng.integers(1, 9)))
                 for _ in range(n)]
        frames.append((hsize, keeps, bool(rng.random() < 0.5)))
    for hsize, keeps, stall in frames:
        word = 0
        for l, (k1i, k2i, k1h, k2h) in enumerate(keeps):
            word |= (k1i | k2i << 8 | k1h << 16 | k2h << 24) << (32 * l)
        dut.keep.value = word
        dut.nlayers.value = len(keeps)
        dut.last_group.value = hsize // 4 - 1
        dut.stall_en.value = int(stall)
        dut.start.value = 1
        await RisingEdge(dut.clk)
        dut.start.value = 0
        await RisingEdge(dut.clk)
        ref = reference(t1mem, t2mem, hsize, keeps, wps)
        for _ in range(4 * len(ref) + 200):
            await RisingEdge(dut.clk)
            if int(dut.done.value):
                break
        assert int(dut.done.value), f"walk of H={hsize} keeps={keeps} did not finish"
        expected.extend(ref)
    lines = [tuple(int(v) for v in l.split()) for l in Path(cocotb.plusargs["trace"]).read_text().split("\n")
             if l.strip()]
    assert len(lines) == len(expected), f"{len(lines)} steps, expected {len(expected)}"
    names = "layer group hh part first last llast vword waddr baddr".split()
    for n, (got, want) in enumerate(zip(lines, expected)):
        if got != want:
            diff = ", ".join(f"{k} {g} != {w}" for k, g, w in zip(names, got, want) if g != w)
            raise AssertionError(f"step {n} (layer {want[0]} group {want[1]}): {diff}")
    dut._log.info(f"LANES={lanes}: {len(frames)} frames, {len(expected)} steps match the layout walk")
