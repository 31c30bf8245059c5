"""Functional coverage as data: merge the runs' cocotb-coverage YAML exports and measure
them against the testplan's goals, exclusions and illegal bins. Pure functions, no simulator.

A bin is named "<cover point>: <bin>" (a cross's bin is the tuple of its items' bins), as
the testplan and the report write it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

Hits = dict[str, dict[str, int]]     # cover point -> bin -> hits


def load_yaml(path) -> Hits:
    """The cover points and crosses of one cocotb-coverage YAML file (parents skipped)."""
    db = yaml.safe_load(Path(path).read_text()) or {}
    out: Hits = {}
    for name, item in db.items():
        if not isinstance(item, dict):
            continue
        kind = str(item.get("type", ""))
        bins = item.get("bins:_hits")
        if ("CoverPoint" in kind or "CoverCross" in kind) and isinstance(bins, dict):
            out[name] = {str(b): int(n) for b, n in bins.items()}
    return out


def merge(sources) -> Hits:
    """Sum the hits of several Hits dicts (or YAML paths)."""
    out: Hits = {}
    for s in sources:
        h = load_yaml(s) if isinstance(s, (str, Path)) else s
        for point, bins in h.items():
            dst = out.setdefault(point, {})
            for b, n in bins.items():
                dst[b] = dst.get(b, 0) + n
    return out


def dump(hits: Hits, path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(yaml.safe_dump(hits, sort_keys=True))


def illegal_hits(hits: Hits, plan) -> list[str]:
    """The illegal bins of `plan` that `hits` hit, with their reasons."""
    out = []
    for r in plan.illegal:
        n = hits.get(r.point, {}).get(r.value, 0)
        if n:
            out.append(f"{r.bin} hit {n} time(s): illegal, {r.reason}")
    return out


@dataclass
class PointSummary:
    name: str
    hit: int
    total: int                                   # bins that count (not excluded, not illegal)
    holes: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def pct(self) -> float:
        return 100.0 * self.hit / self.total if self.total else 100.0


@dataclass
class Summary:
    points: list[PointSummary]
    unknown_rules: list[str]                     # plan bins naming no bin of the model

    @property
    def hit(self) -> int:
        return sum(p.hit for p in self.points)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.points)

    @property
    def pct(self) -> float:
        return 100.0 * self.hit / self.total if self.total else 0.0

    def holes(self) -> list[str]:
        return [f"{p.name}: {h}" for p in self.points for h in p.holes]


def summarise(hits: Hits, plan, level_configs) -> Summary:
    """Coverage of `hits` at a level running `level_configs`: excluded and illegal bins do not count."""
    excl = plan.excluded(level_configs)
    illegal = {r.bin for r in plan.illegal}
    points = []
    for name in sorted(hits):
        ps = PointSummary(name, 0, 0)
        for b, n in hits[name].items():
            key = f"{name}: {b}"
            if key in illegal:
                continue
            if key in excl:
                ps.excluded.append(b)
                continue
            ps.total += 1
            if n > 0:
                ps.hit += 1
            else:
                ps.holes.append(b)
        points.append(ps)
    known = {f"{n}: {b}" for n, bins in hits.items() for b in bins}
    unknown = [r.bin for r in (*plan.exclusions, *plan.illegal) if hits and r.bin not in known]
    return Summary(points, unknown)
