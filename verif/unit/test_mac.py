"""Accumulate path (hcgs_mac): products, adder trees, 32-bit accumulators with the bias
preload, round/saturate to z, against Python integer arithmetic from the contract
(section 4, steps 1-2). Corners: the one product that needs 19 bits (-32 x -4096),
long groups of maximum-magnitude products saturating z at both ends, bias extremes,
the rounding boundaries of rshift_round(acc, 7) and of sat(., 12); then random groups of
random length, parts and zeroed vectors. The wrapper stalls the MAC whenever the bundle
is still occupied (and longer with +hold), so the stall path is exercised too.
"""
from __future__ import annotations

from pathlib import Path

import cocotb
import numpy as np
from cocotb.triggers import RisingEdge

from golden import formats as F

from .common import param, rng_for, start_clock_and_reset


class Steps:
    def __init__(self, lanes: int):
        self.lanes = lanes
        self.c = lanes // 16
        self.wps = 4 // self.c
        self.words: list[int] = []
        self.expect: list[list[int]] = []

    def group(self, steps, bias):
        """steps: list of (w (16, C) codes, vec (4,) codes, part, zero); bias (16,) codes."""
        acc = np.asarray(bias, dtype=np.int64) << F.BIAS_SHIFT
        for k, (w, vec, part, zero) in enumerate(steps):
            w = np.asarray(w, dtype=np.int64).reshape(16, self.c)
            vec = np.asarray(vec, dtype=np.int64)
            u = np.zeros(self.c, np.int64) if zero else vec[part * self.c:(part + 1) * self.c]
            acc = acc + (w * u[None, :]).sum(axis=1)
            word = 0
            for n, v in enumerate(w.reshape(-1)):               # lane n = e*C + j
                word |= (int(v) & 0x3F) << (6 * n)
            vw = sum((int(v) & 0x1FFF) << (13 * j) for j, v in enumerate(vec))
            bw = sum((int(b) & 0xFFFF) << (16 * e) for e, b in enumerate(bias))
            first, last = k == 0, k == len(steps) - 1
            full = (int(last) << 4) | (int(first) << 3) | (int(zero) << 2) | part
            full = (((full << 52) | vw) << (6 * self.lanes) | word) << 256 | bw
            self.words.append(full)
        assert np.abs(acc).max() < 2 ** 31
        self.expect.append(F.sat(F.rshift_round(acc, F.Z_SHIFT), F.Z_W).tolist())


def build(rng, lanes: int) -> Steps:
    s = Steps(lanes)
    c, wps = s.c, s.wps
    zero16 = np.zeros(16, np.int64)

    def one_lane(w, u, bias=0):
        """Every accumulator: a single product w*u in lane j = 0 of part 0, plus bias."""
        wl = np.zeros((16, c), np.int64)
        wl[:, 0] = w
        return [(wl, [u, 0, 0, 0], 0, False)], np.full(16, bias)

    # the 19-bit product, exact: acc = 2^17 -> z = 1024
    s.group(*one_lane(-32, -4096))
    s.group(*one_lane(-32, 4095))
    s.group(*one_lane(31, -4096))
    s.group(*one_lane(31, 4095))
    # long groups of maximum-magnitude products: z saturates at both ends
    for w, u in ((-32, -4096), (-32, 4095), (31, -4096), (31, 4095)):
        n = 64
        s.group([(np.full((16, c), w), [u] * 4, p % wps, False) for p in range(n)], np.full(16, 32767 if w * u > 0 else -32768))
    # bias extremes alone (zeroed vectors)
    for b in (32767, -32768, 1, -1):
        s.group([(np.full((16, c), -32), [-4096] * 4, 0, True)], np.full(16, b))
    # rounding boundaries: acc = target via bias<<5 + w*u with w = 1
    targets = [63, 64, 65, -63, -64, -65, -1, 1, 0,
               2047 * 128 + 63, 2047 * 128 + 64, -2048 * 128 - 64, -2048 * 128 - 65,
               2046 * 128 + 64, -2047 * 128 - 64, 2 ** 28, -2 ** 28]
    for t in targets:
        b = int(np.clip(t // 32, -32768, 32767))
        u = t - 32 * b
        if abs(u) > 4095:                       # beyond bias + one product: use more steps
            steps, rest = [], u
            while rest:
                take = int(np.clip(rest, -4096 * 31, 4095 * 31))
                w = 31 if take > 0 else -32
                uu = int(np.clip(round(take / w), -4096, 4095))
                wl = np.zeros((16, c), np.int64)
                wl[:, 0] = w
                steps.append((wl, [uu, 0, 0, 0], 0, False))
                rest -= w * uu
                if len(steps) > 200:
                    break
            s.group(steps, np.full(16, b))
        else:
            wl = np.zeros((16, c), np.int64)
            wl[:, 0] = 1
            s.group([(wl, [u, 0, 0, 0], 0, False)], np.full(16, b))
    # random groups: random lengths (1 .. 40 steps), parts, zeroed vectors, full ranges
    for _ in range(150):
        n = int(rng.integers(1, 41))
        steps = []
        for _ in range(n):
            w = rng.integers(-32, 32, (16, c))
            vec = rng.integers(-4096, 4096, 4)
            steps.append((w, vec, int(rng.integers(0, wps)), bool(rng.random() < 0.15)))
        s.group(steps, rng.integers(-32768, 32768, 16))
    return s


@cocotb.test()
async def test_accumulate(dut):
    lanes = param("LANES", 64)
    rng = rng_for(f"mac{lanes}")
    s = build(rng, lanes)
    assert len(s.words) <= 8192
    Path(cocotb.plusargs["stim"]).write_text("".join(f"{w:x}\n" for w in s.words))
    dut.load.value = 0
    dut.start.value = 0
    dut.count.value = len(s.words)
    await start_clock_and_reset(dut)
    dut.load.value = 1
    await RisingEdge(dut.clk)
    dut.start.value = 1
    cycles = 0
    for _ in range(20 * len(s.words) + 1000):
        await RisingEdge(dut.clk)
        cycles += 1
        if int(dut.done.value):
            break
    assert int(dut.done.value), "MAC did not finish"
    lines = [l.split() for l in Path(cocotb.plusargs["trace"]).read_text().split("\n") if l.strip()]
    assert len(lines) == len(s.expect), f"{len(lines)} bundles, expected {len(s.expect)}"
    for g, (line, want) in enumerate(zip(lines, s.expect)):
        got = [int(v) for v in line]
        assert got[0] == g, f"bundle {g} carries tag {got[0]}"
        assert got[1:] == want, f"group {g}: z {got[1:]}, expected {want}"
    dut._log.info(f"LANES={lanes}: {len(s.expect)} groups, {len(s.words)} steps in {cycles} cycles")
