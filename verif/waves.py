"""GTKWave save files fitted to one wave file, and the check that they fit.

The signal names and vector ranges come from the FST itself (pylibfst reads its hierarchy
with the ranges GTKWave shows; pywellen, used for values, drops them), so the layout fits
the simulator that wrote it (Icarus: root `hcgs_tb`, arrays not dumped; Verilator: root
`hcgs_tb` plus `$rootio`, arrays as `prod_q.prod_q[n]`) and the configuration's widths.

Groups: clock/reset, streams, counters (engine state, layer, frame, sequence start,
walker group and indices), MAC lanes and accumulators of the diverging cell's gate and
row, activation stages, the diverging cell's state writes (c, h, output), the debug probe.
With a failure record the marker sits where the RTL produced the diverging value.
"""
from __future__ import annotations

import math
from pathlib import Path

GATES = ("i", "f", "g", "o")

# flags of a GTKWave trace line: binary, hex, decimal, signed decimal
BIN, HEX, DEC, SDEC = "@28", "@22", "@24", "@424"
GROUP_OPEN, GROUP_CLOSE = "@800200", "@1000200"


def fst_names(fst) -> dict[str, int]:
    """{GTKWave name (with range for vectors): width} of every variable in `fst`."""
    from pylibfst import get_scopes_signals2, lib
    f = lib.fstReaderOpen(str(fst).encode())
    if f == 0 or str(f) == "<cdata 'void *' NULL>":
        raise FileNotFoundError(f"cannot read FST {fst}")
    try:
        _, sig = get_scopes_signals2(f)
        return {n.replace(" [", "["): s.length for n, s in sig.by_name.items()}
    finally:
        lib.fstReaderClose(f)


def fst_timescale_exp(fst) -> int:
    """The FST's time unit as a power of ten of seconds (-12: ps)."""
    from pylibfst import lib
    f = lib.fstReaderOpen(str(fst).encode())
    try:
        return int(lib.fstReaderGetTimescale(f))
    finally:
        lib.fstReaderClose(f)


class Names:
    """Look up GTKWave names by their path without the vector range."""

    def __init__(self, names: dict[str, int]):
        self.names = names
        self.base = {}
        for n in names:
            b = n
            if n.endswith("]") and ":" in n[n.rindex("["):]:
                b = n[:n.rindex("[")]          # x[18:0] -> x; prod_q[3][18:0] -> prod_q[3]
            self.base.setdefault(b, n)
        self.root = "hcgs_tb"

    def get(self, path: str) -> str | None:
        return self.base.get(f"{self.root}.{path}")

    def width(self, name: str) -> int:
        return self.names[name]


def _lane_signals(nm: Names, gate: str | None, row: int | None, lanes: int) -> list[tuple[str, str]]:
    cc = max(1, lanes // 16)
    es = [GATES.index(gate) * 4 + row] if gate is not None and row is not None else [0]
    out = []
    mac = "u_dut.u_core.u_mac"
    for e in es:
        for j in range(cc):
            n = e * cc + j
            for p in (f"{mac}.u.u[{j}]", f"{mac}.prod_q.prod_q[{n}]"):
                out.append((p, SDEC))
        # the step's first flag (preload select), the preload (bias << 5), the accumulator
        # (holding the rounding half of z, 64, from the first step's sum), z
        out.append((f"{mac}.g_acc[{e}].first_q", BIN))
        for p in (f"{mac}.g_acc[{e}].bias", f"{mac}.acc_q.acc_q[{e}]", f"{mac}.bz_q.bz_q[{e}]"):
            out.append((p, SDEC))
    return out


def layout(nm: Names, rec: dict | None, lanes: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group title, [(path below hcgs_tb, flag)])] for this wave file and failure."""
    d = (rec or {}).get("divergence") or {}
    gate, cell = d.get("gate"), d.get("cell")
    row = cell % 4 if isinstance(cell, int) else None
    core, act, walk, mac = "u_dut.u_core", "u_dut.u_core.u_act", "u_dut.u_core.u_walker", "u_dut.u_core.u_mac"
    ctrl = "u_dut.u_core.u_ctrl"
    # the DUT's own ports (with the SV stream components the toplevel's are bypassed)
    stream = [("u_dut.s_axis_tvalid", BIN), ("u_dut.s_axis_tready", BIN), ("u_dut.s_axis_tuser", BIN),
              ("u_dut.s_axis_tlast", BIN), ("u_dut.s_axis_tdata", HEX), ("u_dut.u_axis_in.beat_q", DEC),
              ("u_dut.u_axis_in.full_q", BIN), ("u_dut.m_axis_tvalid", BIN), ("u_dut.m_axis_tready", BIN),
              ("u_dut.m_axis_tuser", DEC), ("u_dut.m_axis_tlast", BIN), ("u_dut.m_axis_tdata", HEX),
              ("u_dut.u_axis_out.fifo_count", DEC), (f"{ctrl}.credit_q", DEC)]
    counters = [(f"{ctrl}.st_q", DEC), (f"{ctrl}.layer_q", DEC), (f"{act}.frame_q", DEC), (f"{ctrl}.sos_q", BIN),
                (f"{ctrl}.parity_q", BIN), (f"{core}.frame_start", BIN), (f"{core}.layer_start", BIN),
                (f"{walk}.g_q", DEC), (f"{walk}.hh_q", BIN), (f"{walk}.k1_q", DEC), (f"{walk}.k2_q", DEC),
                (f"{walk}.p_q", DEC), (f"{walk}.t1ptr_q", DEC), (f"{walk}.t1_load_q", BIN), (f"{walk}.wa_q", DEC),
                (f"{walk}.b_vword_o", DEC), (f"{core}.stall", BIN)]
    macs = [(f"{mac}.dv_q", BIN), (f"{mac}.dlast_q", BIN), (f"{mac}.dtag_q", DEC),
            (f"{mac}.c_part_i", DEC), (f"{mac}.load", BIN), (f"{mac}.bv_q", BIN)]
    macs += _lane_signals(nm, gate, row, lanes)
    acts = [(f"{act}.grp_valid_i", BIN), (f"{act}.r_q", DEC), (f"{act}.grp_group_i", DEC), (f"{act}.sig_i", DEC),
            (f"{act}.sig_f", DEC), (f"{act}.tanh_g", SDEC), (f"{act}.sig_o", DEC), (f"{act}.e1_v_q", BIN),
            (f"{act}.c_old", SDEC), (f"{act}.fc", SDEC), (f"{act}.ig", SDEC), (f"{act}.c_new", SDEC),
            (f"{act}.tc_addr", SDEC), (f"{act}.e2_v_q", BIN), (f"{act}.tanh_c", SDEC), (f"{act}.otc", SDEC),
            (f"{act}.h_new", SDEC)]
    writes = [(f"{act}.c_we_o", BIN), (f"{act}.c_waddr_o", DEC), (f"{act}.c_wdata_o", SDEC),
              (f"{act}.h_we_o", BIN), (f"{act}.h_waddr_o", DEC), (f"{act}.h_wdata_o", HEX),
              (f"{act}.out_we_o", BIN), (f"{act}.out_layer_o", DEC), (f"{act}.out_last_o", BIN)]
    probe = [(f"{act}.probe_valid", BIN), (f"{act}.probe_frame", DEC), (f"{act}.probe_layer", DEC),
             (f"{act}.probe_cell", DEC), (f"{act}.probe_z", HEX), (f"{act}.probe_act", HEX),
             (f"{act}.probe_c", SDEC), (f"{act}.probe_h", SDEC)]
    where = f" of cell {cell} (gate {gate}, row {row})" if cell is not None else ""
    return [("Clock and reset", [("clk", BIN), ("rst_n", BIN), ("irq", BIN)]),
            ("Streams", stream),
            ("Counters: engine, layer, frame, walker", counters),
            (f"MAC lanes{where}", macs),
            ("Activation stages", acts),
            (f"State writes{where}", writes),
            ("Debug probe (trace.txt)", probe)]


def marker_time(rec: dict | None, ts_exp: int) -> int | None:
    """The divergence's time in the FST's units, from the record (None: no marker)."""
    d = (rec or {}).get("divergence") or {}
    t = d.get("time_ns")
    if t is None:
        return None
    return int(round(float(t) * 10 ** (-9 - ts_exp)))


def write_gtkw(fst, out, rec: dict | None = None) -> Path:
    """Write a GTKWave save file for `fst` (and the failure `rec`, if any) to `out`."""
    fst, out = Path(fst), Path(out)
    nm = Names(fst_names(fst))
    ts = fst_timescale_exp(fst)
    lanes = 16
    if rec and rec.get("build", {}).get("parameters", {}).get("LANES"):
        lanes = int(rec["build"]["parameters"]["LANES"])
    mk = marker_time(rec, ts)
    lines = [f"[*] GTKWave save file for {fst.name}, written by verif/waves.py from the wave file's own",
             "[*] hierarchy and vector ranges (this simulator, this configuration).",
             f"[dumpfile] \"{fst.resolve()}\""]
    if rec and rec.get("divergence"):
        d = rec["divergence"]
        lines.append(f"[*] marker: first divergence, {d.get('describe') or d.get('detail')} "
                     f"[stage {d.get('stage')}] at {d.get('time_ns')} ns")
    unit = 10 ** (-9 - ts)                                   # FST units per ns
    if mk is not None:
        lines.append(f"[timestart] {max(0, mk - int(200 * unit))}")
    else:
        lines.append("[timestart] 0")
    lines += ["[size] 1600 1000", "[pos] -1 -1",
              f"*{-math.log2(0.4 * unit):.6f} {mk if mk is not None else -1}" + " -1" * 26,
              "[sst_width] 260", "[signals_width] 380", "[sst_expanded] 1", "[sst_vpaned_height] 300"]
    for title, sigs in layout(nm, rec, lanes):
        found = [(nm.get(p), fl) for p, fl in sigs if nm.get(p)]
        if not found:
            continue
        lines += [GROUP_OPEN, f"-{title}"]
        for name, fl in found:
            lines += [BIN if nm.width(name) == 1 else fl, name]
        lines += [GROUP_CLOSE, f"-{title}"]
    out.write_text("\n".join(lines) + "\n")
    return out


def gtkw_signals(gtkw) -> list[str]:
    """The signal names a GTKWave save file loads (not comments, groups or settings)."""
    out = []
    for line in Path(gtkw).read_text().splitlines():
        s = line.strip()
        if not s or s[0] in "[*@-#":
            continue
        out.append(s)
    return out


def check_gtkw(gtkw, fst) -> list[str]:
    """Problems of `gtkw` against `fst`: every signal it names must exist there (with the
    same range); the save file must parse (flags before names, groups balanced)."""
    names = fst_names(fst)
    problems = [f"{s}: not in {Path(fst).name}" for s in gtkw_signals(gtkw) if s not in names]
    depth = 0
    for i, line in enumerate(Path(gtkw).read_text().splitlines(), 1):
        if line.startswith("@") and not all(c in "0123456789abcdefABCDEF" for c in line[1:]):
            problems.append(f"line {i}: bad flags {line!r}")
        if line == GROUP_OPEN:
            depth += 1
        elif line == GROUP_CLOSE:
            depth -= 1
            if depth < 0:
                problems.append(f"line {i}: group closed that was never opened")
    if depth:
        problems.append(f"{depth} group(s) never closed")
    return problems
