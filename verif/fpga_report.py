"""What `make fpga` reads and says: pure functions over Yosys' synth_ecp5 log/statistics
and nextpnr-ecp5's JSON report (--report) and log. No tools are run here.

- DEVICES: the ECP5 parts and the resources the figures are taken against.
- fit_check(): the synthesised cell counts against a device, before place and route
  (a clear message per resource that does not fit).
- memory_mapping(): which primitive every inferred memory became (DP16KD block RAM,
  LUT RAM, or flip-flops when no block RAM shape matches).
- pnr_result(): utilisation and Fmax from the nextpnr report; pnr_failure(): the reason
  nextpnr stopped (its ERROR line), recognising 'does not fit'.
- critical_paths(): the report's critical paths, each as the modules it runs through.
- final_line(): `fpga: <device> LUT a% FF b% BRAM c% DSP d%, Fmax X MHz`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Device:
    name: str       # Lattice part name
    flag: str       # nextpnr-ecp5 device option
    package: str    # nextpnr-ecp5 --package
    luts: int       # TRELLIS_COMB (LUT4) sites
    ffs: int        # TRELLIS_FF sites
    brams: int      # DP16KD (18 kbit EBR)
    dsps: int       # MULT18X18D
    ios: int        # user IO of the package


# Resources as nextpnr-ecp5 0.11 reports them ("Device utilisation").
DEVICES = {
    "25k": Device("LFE5U-25F", "--25k", "CABGA256", 24288, 24288, 56, 28, 197),
    "45k": Device("LFE5U-45F", "--45k", "CABGA381", 43848, 43848, 108, 72, 203),
    "85k": Device("LFE5U-85F", "--85k", "CABGA381", 83640, 83640, 208, 156, 205),
}

# Yosys cell type -> (device resource, nextpnr sites used per cell)
CELL_USE = {"LUT4": ("luts", 1), "CCU2C": ("luts", 2), "TRELLIS_DPR16X4": ("luts", 2),
            "TRELLIS_FF": ("ffs", 1), "DP16KD": ("brams", 1), "MULT18X18D": ("dsps", 1)}
RESOURCE_NAME = {"luts": "LUT4 sites (LUT4 + 2 per CCU2C carry + 2 per TRELLIS_DPR16X4 LUT RAM)",
                 "ffs": "flip-flops (TRELLIS_FF)", "brams": "block RAMs (DP16KD)",
                 "dsps": "DSP multipliers (MULT18X18D)"}
# nextpnr report name -> our resource
PNR_NAME = {"TRELLIS_COMB": "luts", "TRELLIS_FF": "ffs", "DP16KD": "brams", "MULT18X18D": "dsps"}


class ReportError(Exception):
    pass


def cell_counts(stat_text: str) -> dict[str, int]:
    """Cell type -> count from the last `stat` of synth_ecp5 (flattened design)."""
    block = stat_text.split("cells")[-1] if "cells" in stat_text else ""
    counts = {t: int(n) for n, t in re.findall(r"^\s+(\d+)\s+(\w+)\s*$", block, re.M)}
    if not counts:
        raise ReportError("no cell counts in the Yosys statistics")
    return counts


def port_bits(stat_text: str) -> int:
    m = re.findall(r"^\s+(\d+)\s+port bits\s*$", stat_text, re.M)
    if not m:
        raise ReportError("no port bits in the Yosys statistics")
    return int(m[-1])


def estimate(counts: dict[str, int]) -> dict[str, int]:
    use = {"luts": 0, "ffs": 0, "brams": 0, "dsps": 0}
    for t, n in counts.items():
        if t in CELL_USE:
            res, k = CELL_USE[t]
            use[res] += k * n
    return use


def fit_check(use: dict[str, int], dev: Device, ios: int) -> list[str]:
    """Messages for every resource the design needs more of than the device has ([] = fits)."""
    bad = [f"{RESOURCE_NAME[r]}: needs {use[r]:,}, {dev.name} has {getattr(dev, r):,}"
           for r in ("luts", "ffs", "brams", "dsps") if use[r] > getattr(dev, r)]
    if ios > dev.ios:
        bad.append(f"IO pins: needs {ios}, {dev.name} {dev.package} has {dev.ios}")
    return bad


def smallest_fit(use: dict[str, int], ios: int, margin: float = 0.85) -> str | None:
    """The smallest device whose LUTs stay under `margin` (room for placement) and whose
    other resources fit; None when none does."""
    for key, dev in DEVICES.items():
        if not fit_check(use, dev, ios) and use["luts"] <= margin * dev.luts:
            return key
    return None


def memory_mapping(yosys_log: str) -> list[tuple[str, str]]:
    """(memory, primitive) for every memory memory_libmap mapped; 'flip-flops' for the ones
    it left to memory_map."""
    out = [(m, p.strip("$_")) for m, p in re.findall(r"mapping memory (\S+) via (\S+)", yosys_log)]
    for m in re.findall(r"Mapping memory \\?(\S+) in module", yosys_log):
        out.append((m, "flip-flops"))
    return out


def clean_name(mem: str) -> str:
    """`$flatten\\u_top.\\u_core.\\u_act.$auto$proc_rom.cc:155:do_switch$7526` -> u_top.u_core.u_act (proc_rom piece)."""
    name = mem.replace("$flatten", "").replace("\\", "")
    if "$auto$proc_rom" in name:
        return name.split(".$auto$proc_rom")[0] + " (case ROM piece)"
    return name


def memory_lines(yosys_log: str, blocks: dict[str, int], top: str, strip: str = "") -> list[str]:
    """One line per inferred memory: what it became. Memories built from logic and flip-flops
    (no block or LUT RAM shape matched; a ROM becomes logic only) are flagged and grouped by
    instance, with their count."""
    lines, logic = [], {}
    for mem, prim in memory_mapping(yosys_log):
        name = clean_name(mem).removeprefix(top + ".")
        if strip:
            name = name.removeprefix(strip + ".")
        k = kind(prim)
        if k == "ff":
            logic[name] = logic.get(name, 0) + 1
            continue
        n = blocks.get(mem.removeprefix(top + "."), blocks.get(clean_name(mem).removeprefix(top + "."), 0))
        what = f"{prim} x {n}" if k == "block" else f"{prim} (LUT RAM)"
        lines.append(f"memory {name}: {what}")
    for name, n in logic.items():
        lines.append(f"memory {name}{f' ({n} memories)' if n > 1 else ''}: LOGIC/FLIP-FLOPS: no block RAM shape matched "
                     "(see the memory's ports in the Yosys log)")
    return lines


def blocks_per_memory(netlist_json: str) -> dict[str, int]:
    """Memory (flattened name) -> number of DP16KD cells it became. Yosys names the block RAM
    cells of memory X as X.<row>.<column>."""
    cells = {}
    for mod in json.loads(netlist_json).get("modules", {}).values():
        for name, c in mod.get("cells", {}).items():
            if c.get("type") == "DP16KD":
                key = re.sub(r"(\.\d+)+$", "", name)
                # a case ROM merged into its output register (memory_dff) has no memory name:
                # its blocks are named after the register, <instance>.<reg>_DP16KD_<port>
                rom = re.fullmatch(r"(.*)\.[^.]*_DP16KD_\w+", key)
                if rom:
                    key = f"{rom.group(1)} (case ROM piece)"
                cells[key] = cells.get(key, 0) + 1
    return cells


def kind(prim: str) -> str:
    """block (DP16KD/PDPW16KD), lutram (TRELLIS_DPR16X4) or ff."""
    return "block" if "16KD" in prim else "lutram" if "DPR16X4" in prim else "ff"


def pnr_result(report_json: str, strip: str = "") -> dict:
    """Utilisation (used, available per resource), Fmax of the main clock and the late
    endpoints at its constraint (late_endpoints: empty without --detailed-timing-report)
    from nextpnr's --report JSON."""
    try:
        r = json.loads(report_json)
    except json.JSONDecodeError as e:
        raise ReportError(f"nextpnr report is not JSON: {e}") from None
    util = {}
    for name, res in PNR_NAME.items():
        u = r.get("utilization", {}).get(name)
        if u is None:
            raise ReportError(f"nextpnr report has no utilisation of {name}")
        util[res] = (u["used"], u["available"])
    clocks = r.get("fmax", {})
    if not clocks:
        raise ReportError("nextpnr report has no clock (no Fmax): is the clock driven?")
    # the clock with the lowest achieved frequency bounds the design
    name, clk = min(clocks.items(), key=lambda kv: kv[1]["achieved"])
    return {"util": util, "clock": name, "fmax": clk["achieved"], "target": clk["constraint"],
            "paths": r.get("critical_paths", []), "late": late_endpoints(r, 1000.0 / clk["constraint"], strip)}


def pct(used: int, avail: int) -> int:
    return round(100 * used / avail) if avail else 0


def final_line(device: str, res: dict) -> str:
    u = res["util"]
    return (f"fpga: {device} LUT {pct(*u['luts'])}% FF {pct(*u['ffs'])}% BRAM {pct(*u['brams'])}% "
            f"DSP {pct(*u['dsps'])}%, Fmax {res['fmax']:.1f} MHz")


FINAL_RE = re.compile(r"^fpga: (\S+) LUT (\d+)% FF (\d+)% BRAM (\d+)% DSP (\d+)%, Fmax (\d+\.\d) MHz$")


def module_of(cell: str, strip: str = "") -> str:
    """Hierarchical instance path of a flattened cell name: the leading instance (u_*) and
    generate block (g_*, g_*[i]) components."""
    parts = cell.split(".")
    if strip and parts and parts[0] == strip:
        parts = parts[1:]
    keep = []
    for p in parts[:-1]:
        if not re.fullmatch(r"u_\w+|g_\w+(?:\[\d+\])?", p):
            break
        keep.append(p)
    return ".".join(keep) or "(top)"


def critical_paths(paths: list, strip: str = "") -> list[dict]:
    """Each critical path nextpnr reports (the worst one per clock pair): its delay, start
    and end cell, the instances its cells belong to in order with the delay spent in each
    (Yosys names flattened cells after the net they drive, so a cell computing a memory's
    write data carries the memory's path) and the RTL lines (file:line) its nets come from."""
    out = []
    for p in paths:
        segs = p.get("path", [])
        if not segs:
            continue
        mods: list[list] = []
        for s in segs:
            cell = s.get("to", {}).get("cell") or s.get("from", {}).get("cell", "")
            m = module_of(cell, strip)
            if mods and mods[-1][0] == m:
                mods[-1][1] += s["delay"]
            else:
                mods.append([m, s["delay"]])
        rtl: list[str] = []
        for s in segs:
            for src in s.get("sources", []):
                m = re.search(r"(?:^|/)hdl/(?:gen/)?(\w+\.sv):(\d+)", src)
                if m and f"{m.group(1)}:{m.group(2)}" not in rtl:
                    rtl.append(f"{m.group(1)}:{m.group(2)}")
        out.append({"from": p.get("from", ""), "to": p.get("to", ""), "rtl": rtl,
                    "delay": sum(s["delay"] for s in segs),
                    "start": segs[0]["from"]["cell"], "end": segs[-1]["to"]["cell"],
                    "modules": [(m, round(d, 2)) for m, d in mods]})
    return out


#: setup time allowed at an endpoint when counting late endpoints (nextpnr's ECP5 figures:
#: 0.1-0.2 ns for a flip-flop's data, 0.2-0.25 ns for a block RAM's inputs)
SETUP_NS = 0.2
_PRIM_RE = re.compile(r"(?:_TRELLIS_|_LUT4|_CCU2C|_PFUMX|_L6MUX|_DP16KD|_MULT18|\$).*$")


def destination_of(cell: str, strip: str = "") -> str:
    """The register or memory a flattened endpoint cell belongs to, with indices folded:
    `u_top.u_core.u_mac.bz_q[6]_TRELLIS_FF_Q_3` -> `u_core.u_mac.bz_q[*]`,
    `u_top.u_core.u_params.u_wmem.g_row[2].g_col[2].u_macro.mem.0.5` ->
    `u_core.u_params.u_wmem.g_row[*].g_col[*].u_macro.mem`."""
    if strip and cell.startswith(strip + "."):
        cell = cell[len(strip) + 1:]
    cell = _PRIM_RE.sub("", cell)
    cell = re.sub(r"\.mem(?:\.\d+)+$", ".mem", cell)
    return re.sub(r"\[\d+\]", "[*]", cell)


def late_endpoints(report: dict, period_ns: float, strip: str = "") -> tuple[int, list[tuple[str, int, float]]]:
    """From nextpnr's --detailed-timing-report (each endpoint's latest data arrival): the
    endpoints whose data arrives later than the clock period less SETUP_NS, grouped by
    destination register or memory, worst first: (count, [(destination, endpoints, worst
    arrival ns)]). nextpnr itself names only the worst path of each clock pair."""
    limit = period_ns - SETUP_NS
    groups: dict[str, list] = {}
    n = 0
    for net in report.get("detailed_net_timings", []):
        for e in net.get("endpoints", []):
            delay = e.get("delay")
            arr = max(delay) if isinstance(delay, list) else delay
            if arr is None or arr <= limit:
                continue
            n += 1
            g = groups.setdefault(destination_of(e.get("cell", ""), strip), [0, 0.0])
            g[0] += 1
            g[1] = max(g[1], arr)
    return n, sorted(((k, c, round(w, 2)) for k, (c, w) in groups.items()), key=lambda t: -t[2])


def pnr_failure(log: str) -> str | None:
    """nextpnr's first ERROR line, with 'does not fit' said when it is a capacity error."""
    m = re.search(r"^ERROR: (.*)$", log, re.M)
    if not m:
        return None
    msg = m.group(1)
    if re.search(r"uses? \d+ .* but .* only|no (?:free )?BELs? (?:remaining|left)|too many|unable to place|"
                 r"not enough|exceeds", msg, re.I):
        return f"does not fit: {msg}"
    return msg
