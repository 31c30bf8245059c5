"""The per-module table of `make synth`: pure functions from Yosys' `stat -json` output
(after proc: memory bits and multipliers; after techmap/abc: gate cells and flip-flops)
and the written netlist (instance names) to rows, a text table and a before/after table.

A row is one elaborated module (one parameter set) with every instance path it has;
its figures are summed over those instances. The rows must add up to Yosys' own design
totals (cells, memory bits), otherwise TableError: a row would be missing or counted twice.
"""
from __future__ import annotations

import json
import re

FF_PREFIXES = ("$_DFF", "$_SDFF", "$_ALDFF", "$_DLATCH")
COLUMNS = ("cells", "ffs", "mults", "mem_bits")
HEAD = {"cells": "cells", "ffs": "FF bits", "mults": "mult", "mem_bits": "mem bits"}


class TableError(Exception):
    pass


def _name(rtlil: str) -> str:
    return rtlil[1:] if rtlil.startswith("\\") else rtlil


def base_name(module: str) -> str:
    """`$paramod$<hash>\\hcgs_ram` or `$paramod\\hcgs_fifo\\DEPTH=...` -> hcgs_ram / hcgs_fifo."""
    parts = _name(module).split("\\")
    return parts[1] if parts[0].startswith("$paramod") and len(parts) > 1 else parts[0]


def instances(netlist: str, top: str) -> dict[str, list[str]]:
    """Module -> instance paths (dot separated; the top's path is '')."""
    defs = {_name(m) for m in re.findall(r"^module\s+(\S+)\s*\(", netlist, re.M)}
    children: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in netlist.splitlines():
        m = re.match(r"module\s+(\S+)\s*\(", line)
        if m:
            current = _name(m.group(1))
            children[current] = []
            continue
        m = re.match(r"\s+(\S+)\s+(\S+)\s*\($", line)
        if m and current is not None and _name(m.group(1)) in defs:
            children[current].append((_name(m.group(1)), _name(m.group(2))))
    if top not in defs:
        raise TableError(f"top module {top} not in the netlist")
    paths: dict[str, list[str]] = {}

    def walk(mod: str, path: str) -> None:
        paths.setdefault(mod, []).append(path)
        for child, inst in children.get(mod, []):
            walk(child, f"{path}.{inst}" if path else inst)

    walk(top, "")
    return paths


def _local(stat: dict, module: str, submodules: set[str]) -> dict[str, int]:
    types = stat["num_cells_by_type"]
    prim = {t: n for t, n in types.items() if _name(t) not in submodules}
    return {
        "cells": sum(prim.values()),
        "ffs": sum(n for t, n in prim.items() if t.startswith(FF_PREFIXES)),
        "mults": prim.get("$mul", 0),
        "mem_bits": stat["num_memory_bits"],
    }


def parse_stat(text: str) -> dict:
    """`stat -json` output. Yosys 0.23 prints its text hierarchy ('name  count' lines)
    inside the JSON when -top is given: those lines (no quote, brace or bracket) are dropped."""
    keep = [l for l in text.splitlines() if re.search(r'["{}\[\]]', l)]
    try:
        return json.loads("\n".join(keep))
    except json.JSONDecodeError as e:
        raise TableError(f"cannot read Yosys statistics: {e}") from None


def build(config: str, params: str, stat_mem: str, stat_final: str, netlist: str,
          top: str = "hcgs_lstm_top") -> dict:
    mem = parse_stat(stat_mem)
    fin = parse_stat(stat_final)
    paths = instances(netlist, top)
    mods_mem = {_name(k): v for k, v in mem["modules"].items()}
    mods_fin = {_name(k): v for k, v in fin["modules"].items()}
    subs = set(mods_fin) | set(mods_mem)
    rows = []
    for mod, where in paths.items():
        if mod not in mods_fin or mod not in mods_mem:
            raise TableError(f"module {mod} of the netlist has no statistics")
        f = _local(mods_fin[mod], mod, subs)
        m = _local(mods_mem[mod], mod, subs)
        n = len(where)
        rows.append({"module": base_name(mod), "instances": where or [""], "n": n,
                     "cells": n * f["cells"], "ffs": n * f["ffs"],
                     "mults": n * m["mults"], "mem_bits": n * m["mem_bits"]})
    rows.sort(key=lambda r: (min(r["instances"]) != "", min(r["instances"])))
    total = {c: sum(r[c] for r in rows) for c in COLUMNS}
    want_cells = fin["design"]["num_cells"]
    want_bits = mem["design"]["num_memory_bits"]
    if total["cells"] != want_cells:
        raise TableError(f"rows add up to {total['cells']} cells, Yosys counts {want_cells}")
    if total["mem_bits"] != want_bits:
        raise TableError(f"rows add up to {total['mem_bits']} memory bits, Yosys counts {want_bits}")
    return {"config": config, "params": params, "rows": rows, "total": total}


def dumps(table: dict) -> str:
    return json.dumps(table, indent=1) + "\n"


def loads(text: str) -> dict:
    t = json.loads(text)
    if not isinstance(t, dict) or "rows" not in t or "total" not in t:
        raise TableError("not a modules.json written by make synth (needs 'rows' and 'total')")
    return t


def _where(r: dict) -> str:
    inst = r["instances"]
    if inst == [""]:
        return "(top)"
    if len(inst) > 2:
        return f"{inst[0]} +{len(inst) - 1}"
    return ", ".join(inst)


def label(r: dict) -> str:
    return f"{r['module']} {_where(r)}"


def render(table: dict) -> str:
    rows = [(label(r), *(f"{r[c]:,}" for c in COLUMNS)) for r in table["rows"]]
    rows.append(("total", *(f"{table['total'][c]:,}" for c in COLUMNS)))
    head = ("module instance(s)", *(HEAD[c] for c in COLUMNS))
    w = [max(len(x[i]) for x in [head, *rows]) for i in range(len(head))]
    fmt = lambda x: "  " + "  ".join(v.ljust(w[0]) if i == 0 else v.rjust(w[i]) for i, v in enumerate(x))
    return "\n".join([f"  per module, {table['config']} ({table['params']}):", fmt(head),
                      *(fmt(x) for x in rows)])


def render_compare(before: dict, after: dict) -> str:
    """Markdown table: every module of either run, its figures before -> after."""
    b = {label(r): r for r in before["rows"]}
    a = {label(r): r for r in after["rows"]}
    keys = list(b) + [k for k in a if k not in b]
    cell = lambda r, c: f"{r[c]:,}" if r else "-"
    out = ["| module | " + " | ".join(f"{HEAD[c]} before | after" for c in COLUMNS) + " |",
           "|---|" + "---:|---:|" * len(COLUMNS)]
    for k in keys + ["total"]:
        rb = before["total"] if k == "total" else b.get(k)
        ra = after["total"] if k == "total" else a.get(k)
        out.append(f"| {k} | " + " | ".join(f"{cell(rb, c)} | {cell(ra, c)}" for c in COLUMNS) + " |")
    return "\n".join(out)
