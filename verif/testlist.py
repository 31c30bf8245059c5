"""The testplan, read from `verif/testplan.yaml` (the single source, OpenTitan style):
testpoints, tests with their smoke and nightly configurations and reseed counts,
coverage goals per level, exclusions and illegal bins.

Loading checks the file's shape and says what is wrong and what is allowed; the tests in
tests/sim/test_testplan.py check it against the test modules and the coverage model.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

PLAN_FILE = Path(__file__).with_name("testplan.yaml")
MODULES = {"uvm": "verif.tests.test_uvm", "directed": "verif.tests.test_directed",
           "streams": "verif.tests.test_streams",
           "violations": "verif.tests.test_violations"}
LEVELS = ("smoke", "nightly")
SIMS = ("icarus", "verilator")
UVM = MODULES["uvm"]
DIRECTED = MODULES["directed"]


class PlanError(ValueError):
    """The testplan file is malformed; the message names the entry and what is allowed."""


def _flag(t: dict, key: str, where: str) -> bool:
    v = t.get(key, False)
    if not isinstance(v, bool):
        raise PlanError(f"{PLAN_FILE.name}: {where}: {key}: {v!r}: allowed true or false")
    return v


@dataclass(frozen=True)
class TestEntry:
    name: str
    module: str                          # dotted module path
    why: str
    smoke: tuple[str, ...] = ()          # configurations of the smoke level (make test)
    nightly: tuple[str, ...] = ()        # configurations of the nightly level
    smoke_seeds: int = 1                 # runs per (sim, config) at the smoke level
    nightly_seeds: int = 1               # runs per (sim, config) at the nightly level (before top-ups)
    sims: tuple[str, ...] = SIMS
    expect_fail: str | None = None       # the failure message must contain this
    trace: bool = False                  # writes the probe trace, which the scoreboard checks too

    # the names the rest of the suite used before the plan had levels
    @property
    def regress(self) -> tuple[str, ...]:
        return self.nightly

    @property
    def seeds(self) -> int:
        return self.nightly_seeds

    def configs(self, level: str) -> tuple[str, ...]:
        return self.smoke if level == "smoke" else self.nightly

    def reseeds(self, level: str) -> int:
        return self.smoke_seeds if level == "smoke" else self.nightly_seeds


@dataclass(frozen=True)
class Testpoint:
    name: str
    goal: str
    stimulus: str
    check: str
    tests: tuple[str, ...]
    coverpoints: tuple[str, ...]


@dataclass(frozen=True)
class BinRule:
    bin: str                             # "<cover point>: <bin>"
    reason: str
    configs: tuple[str, ...] = ()        # exclusions: the configurations where it cannot be hit

    @property
    def point(self) -> str:
        return self.bin.split(": ", 1)[0]

    @property
    def value(self) -> str:
        return self.bin.split(": ", 1)[1]


@dataclass(frozen=True)
class Plan:
    goals: dict                          # level -> {"functional": %, "line": %, "toggle": %}
    levels: dict                         # level -> {"about": str, "base_seed": int?}
    testpoints: tuple[Testpoint, ...]
    tests: tuple[TestEntry, ...]
    exclusions: tuple[BinRule, ...]
    illegal: tuple[BinRule, ...]

    def excluded(self, level_configs) -> dict[str, str]:
        """{bin: reason} of the bins excluded at a level that runs `level_configs`:
        those excluded in every one of its configurations."""
        cfgs = set(level_configs)
        return {r.bin: r.reason for r in self.exclusions if cfgs and cfgs <= set(r.configs)}

    def level_sims(self, level: str) -> dict[str, list[str]]:
        """{config: simulators} a level restricts configurations to (missing: the test's own)."""
        return (self.levels.get(level) or {}).get("sims") or {}

    def level_configs(self, level: str) -> set[str]:
        return {c for t in self.tests for c in t.configs(level)}

    def tests_measuring(self, point: str) -> set[str]:
        """Names of the tests of every testpoint that lists cover point `point`."""
        return {t for tp in self.testpoints if point in tp.coverpoints for t in tp.tests}


def _req(d: dict, key: str, where: str, kind=str):
    if key not in d:
        raise PlanError(f"{PLAN_FILE.name}: {where}: missing '{key}'")
    v = d[key]
    if not isinstance(v, kind):
        raise PlanError(f"{PLAN_FILE.name}: {where}: '{key}' must be {kind.__name__}, got {type(v).__name__}")
    return v


def _level(d: dict, key: str, where: str) -> tuple[tuple[str, ...], int]:
    lv = d.get(key)
    if lv is None:
        return (), 1
    if not isinstance(lv, dict) or set(lv) - {"configs", "seeds"}:
        raise PlanError(f"{PLAN_FILE.name}: {where}: '{key}' must be {{configs: [...], seeds: N}}")
    from golden.config import PRESETS
    cfgs = tuple(lv.get("configs", ()))
    bad = [c for c in cfgs if c not in PRESETS]
    if bad:
        raise PlanError(f"{PLAN_FILE.name}: {where}: unknown configuration(s) {bad}: allowed {', '.join(PRESETS)}")
    seeds = lv.get("seeds", 1)
    if not isinstance(seeds, int) or seeds < 1:
        raise PlanError(f"{PLAN_FILE.name}: {where}: {key}.seeds must be a whole number >= 1, got {seeds!r}")
    return cfgs, seeds


def parse(doc: dict) -> Plan:
    if not isinstance(doc, dict):
        raise PlanError(f"{PLAN_FILE.name}: expected a mapping at the top")
    unknown = set(doc) - {"goals", "levels", "testpoints", "tests", "exclusions", "illegal"}
    if unknown:
        raise PlanError(f"{PLAN_FILE.name}: unknown section(s) {sorted(unknown)}: allowed goals, levels, "
                        "testpoints, tests, exclusions, illegal")
    goals = _req(doc, "goals", "top", dict)
    for lv in LEVELS:
        g = goals.get(lv)
        if not isinstance(g, dict) or not all(isinstance(g.get(k), (int, float)) and 0 <= g[k] <= 100
                                              for k in ("functional", "line", "toggle")):
            raise PlanError(f"{PLAN_FILE.name}: goals.{lv} must give functional, line and toggle as percentages")
    tests = []
    for i, t in enumerate(_req(doc, "tests", "top", list)):
        where = f"tests[{i}] ({t.get('name', '?') if isinstance(t, dict) else t})"
        if not isinstance(t, dict):
            raise PlanError(f"{PLAN_FILE.name}: {where}: expected a mapping")
        mod = _req(t, "module", where)
        if mod not in MODULES:
            raise PlanError(f"{PLAN_FILE.name}: {where}: module {mod!r}: allowed {', '.join(MODULES)}")
        sims = tuple(t.get("sims", SIMS))
        if not sims or set(sims) - set(SIMS):
            raise PlanError(f"{PLAN_FILE.name}: {where}: sims {list(sims)}: allowed {', '.join(SIMS)}")
        smoke, smoke_seeds = _level(t, "smoke", where)
        nightly, nightly_seeds = _level(t, "nightly", where)
        tests.append(TestEntry(_req(t, "name", where), MODULES[mod], _req(t, "why", where), smoke, nightly,
                               smoke_seeds, nightly_seeds, sims, t.get("expect_fail"), _flag(t, "trace", where)))
    names = {t.name for t in tests}
    tps = []
    for i, tp in enumerate(_req(doc, "testpoints", "top", list)):
        where = f"testpoints[{i}] ({tp.get('name', '?')})"
        tps.append(Testpoint(_req(tp, "name", where), _req(tp, "goal", where), _req(tp, "stimulus", where),
                             _req(tp, "check", where), tuple(_req(tp, "tests", where, list)),
                             tuple(_req(tp, "coverpoints", where, list))))
        missing = [n for n in tps[-1].tests if n not in names]
        if missing:
            raise PlanError(f"{PLAN_FILE.name}: {where}: test(s) {missing} are not in the tests section")

    def rules(key, need_configs):
        out = []
        for i, r in enumerate(doc.get(key) or ()):
            where = f"{key}[{i}]"
            b = _req(r, "bin", where)
            if ": " not in b:
                raise PlanError(f"{PLAN_FILE.name}: {where}: bin {b!r} must read '<cover point>: <bin>'")
            cfgs = tuple(r.get("configs", ()))
            if need_configs and not cfgs:
                raise PlanError(f"{PLAN_FILE.name}: {where}: an exclusion names the configurations it holds for")
            out.append(BinRule(b, _req(r, "reason", where), cfgs))
        return tuple(out)

    return Plan(goals, doc.get("levels", {}), tuple(tps), tuple(tests), rules("exclusions", True),
                rules("illegal", False))


@lru_cache(maxsize=None)
def load(path: Path = PLAN_FILE) -> Plan:
    return parse(yaml.safe_load(Path(path).read_text()))


def _entries() -> tuple[TestEntry, ...]:
    return load().tests


TESTS: tuple[TestEntry, ...] = tuple(t for t in _entries() if "timit" not in t.nightly + t.smoke)
BIG: tuple[TestEntry, ...] = tuple(t for t in _entries() if "timit" in t.nightly + t.smoke)


def by_name(name: str) -> TestEntry:
    for t in _entries():
        if t.name == name:
            return t
    raise KeyError(f"unknown test {name!r}: known {', '.join(sorted({t.name for t in _entries()}))}")


def cases(regress: bool = False, level: str | None = None) -> list[tuple[TestEntry, str, str, int]]:
    """(test, sim, config, seed index) of a level's planned runs (`regress` = nightly)."""
    level = level or ("nightly" if regress else "smoke")
    if level not in LEVELS:
        raise ValueError(f"LEVEL={level!r}: allowed {', '.join(LEVELS)}")
    level_sims = load().level_sims(level)
    out = []
    for t in _entries():
        for sim in t.sims:
            for cfg in t.configs(level):
                if sim not in level_sims.get(cfg, t.sims):
                    continue
                for k in range(t.reseeds(level)):
                    out.append((t, sim, cfg, k))
    return out
