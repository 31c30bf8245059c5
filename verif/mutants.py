"""Mutants of the hand-written RTL (hdl/*.sv, never hdl/gen), made on pyslang's syntax tree.

Every mutant replaces the text of one syntax node (or token) by another valid expression or
statement, so it is a well-formed SystemVerilog edit (whether it elaborates is for the lint
and build to decide). Only code that describes hardware behaviour is mutated: continuous
assignments and the bodies of always / always_ff / always_comb blocks, never declarations,
parameters, widths, loop bounds, assertions or system-task calls, nor assignments to
signals named *unused* (the project's lint sinks for dropped bits: nothing reads them, so
every mutant there would be equivalent), nor the RTL's checkers (`ifndef SYNTHESIS blocks:
assertions and their bookkeeping are the suite's code, not hardware). Kinds:

  binop   operator swap: arithmetic (+ - *), relational (< <= > >=), equality (== !=),
          logical (&& ||), bitwise (& | ^), shifts (<< >> <<< >>>)
  const   an integer constant changed (+1, -1, a one-bit value flipped, '0 <-> '1)
  bitsel  a constant bit-select or part-select moved by one bit
  cond    a condition inverted (if (c) -> if (!(c)), c ? a : b -> !(c) ? a : b)
  stuck   the right-hand side of an assignment stuck at '0 or '1
  drop    a statement dropped (replaced by the empty statement ;)
  case    the statements of two neighbouring case items swapped

A mutant's id (`<file stem>.<line>.<kind>.<8 hex>`) hashes its file, position and edit, so it
is stable across runs, seeds and N (verif/mutants_equivalent.yaml names mutants by id).
`select()` draws N of them with a seeded generator: the same SEED gives the same mutants.
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from pyslang import syntax

ROOT = Path(__file__).resolve().parents[1]
HDL = ROOT / "hdl"

KINDS = ("binop", "const", "bitsel", "cond", "stuck", "drop", "case")

#: operator swaps: syntax kind of the binary expression -> replacement operator texts
_SWAPS = {
    "AddExpression": ("-",), "SubtractExpression": ("+",), "MultiplyExpression": ("+",),
    "LessThanExpression": ("<=", ">="), "LessThanEqualExpression": ("<", ">"),
    "GreaterThanExpression": (">=", "<="), "GreaterThanEqualExpression": (">", "<"),
    "EqualityExpression": ("!=",), "InequalityExpression": ("==",),
    "CaseEqualityExpression": ("!==",), "CaseInequalityExpression": ("===",),
    "LogicalAndExpression": ("||",), "LogicalOrExpression": ("&&",),
    "BinaryAndExpression": ("|", "^"), "BinaryOrExpression": ("&", "^"), "BinaryXorExpression": ("&", "|"),
    "LogicalShiftLeftExpression": (">>",), "LogicalShiftRightExpression": ("<<",),
    "ArithmeticShiftLeftExpression": (">>>",), "ArithmeticShiftRightExpression": (">>",),
}
#: the constructs whose insides are mutated
_BEHAVIOUR = {"ContinuousAssign", "AlwaysBlock", "AlwaysCombBlock", "AlwaysFFBlock", "AlwaysLatchBlock"}
#: never mutated inside these (checks, declarations, widths, system calls, casts' sizes)
_SKIP = {"ImmediateAssertStatement", "ImmediateAssumeStatement", "ImmediateCoverStatement",
         "AssertPropertyStatement", "AssumePropertyStatement", "CoverPropertyStatement",
         "DataDeclaration", "TypedefDeclaration", "ParameterDeclarationStatement", "LocalVariableDeclaration",
         "RangeDimensionSpecifier", "VariableDimension", "ElseConstraintClause", "InvocationExpression",
         "ForVariableDeclaration"}
_ASSIGNS = {"AssignmentExpression", "NonblockingAssignmentExpression"}
_STATEMENTS = {"ExpressionStatement", "ConditionalStatement", "CaseStatement"}


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str          # file name in hdl/
    line: int          # 1-based line of the edit
    end_line: int      # last line of the smallest enclosing statement (for coverage lookup)
    stmt_line: int     # first line of that statement
    kind: str
    start: int         # byte offsets of the replaced text
    end: int
    orig: str
    repl: str

    @property
    def module(self) -> str:
        return Path(self.file).stem

    def apply(self, text: bytes) -> bytes:
        if text[self.start:self.end].decode() != self.orig:
            raise ValueError(f"mutant {self.id}: {self.file} changed since the mutant was made")
        return text[:self.start] + self.repl.encode() + text[self.end:]

    def diff(self) -> str:
        return f"{self.file}:{self.line}: -{_one_line(self.orig)}  +{_one_line(self.repl)}"

    def as_dict(self) -> dict:
        return asdict(self)


def _one_line(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 120 else s[:117] + "..."


def rtl_files(modules: list[str] | None = None) -> list[Path]:
    """hdl/*.sv (not hdl/gen), optionally only the named modules (hcgs_mac or mac)."""
    files = sorted(HDL.glob("*.sv"))
    if not modules:
        return files
    want = {m if m.startswith("hcgs_") else "hcgs_" + m for m in modules}
    bad = want - {p.stem for p in files}
    if bad:
        raise ValueError(f"MODULES: unknown {', '.join(sorted(bad))}; allowed "
                         + ", ".join(p.stem for p in files))
    return [p for p in files if p.stem in want]


def _ancestors(n):
    p = n.parent
    while p is not None:
        yield p
        p = p.parent


def _range(n) -> tuple[int, int]:
    r = n.sourceRange
    return r.start.offset, r.end.offset


def _tok_range(t) -> tuple[int, int]:
    return t.range.start.offset, t.range.end.offset


def _int_literal_edits(text: str) -> list[str]:
    """Replacements of a plain decimal literal: +1 and -1 (not below 0)."""
    try:
        v = int(text.replace("_", ""))
    except ValueError:
        return []
    return [str(v + 1)] + ([str(v - 1)] if v > 0 else [])


def _vector_edits(size: str, base: str, value: str) -> list[str]:
    """Replacements of a sized literal (4'd3, 1'b1, 8'hff): keep size and base, change the value."""
    radix = {"b": 2, "o": 8, "d": 10, "h": 16}.get(base.lstrip("'").lstrip("sS").lower())
    try:
        w = int(size) if size else 32
        v = int(value.replace("_", ""), radix)
    except (TypeError, ValueError):
        return []          # x/z digits or an unsized base
    fmt = {2: "b", 8: "o", 10: "d", 16: "x"}[radix]
    out = []
    for nv in ((v ^ 1,) if w == 1 else (v + 1, v - 1)):
        if 0 <= nv < 2 ** w:
            out.append(f"{size}{base}{format(nv, fmt)}")
    return out


class _Collector:
    def __init__(self, name: str, text: bytes):
        self.name, self.text = name, text
        self.line_starts = [0] + [i + 1 for i, b in enumerate(text) if b == 0x0A]
        self.out: list[Mutant] = []

    def line(self, off: int) -> int:
        import bisect
        return bisect.bisect_right(self.line_starts, off)

    def add(self, node, kind: str, start: int, end: int, repl: str):
        orig = self.text[start:end].decode()
        if orig == repl:
            return
        stmt = node
        for a in [node, *_ancestors(node)]:
            if a.kind.name in _STATEMENTS or a.kind.name == "ContinuousAssign":
                stmt = a
                break
        s0, s1 = _range(stmt)
        h = hashlib.sha256(f"{self.name}|{start}|{end}|{orig}|{repl}".encode()).hexdigest()[:8]
        ln = self.line(start)
        self.out.append(Mutant(f"{Path(self.name).stem}.{ln}.{kind}.{h}", self.name, ln, self.line(max(s0, s1 - 1)),
                               self.line(s0), kind, start, end, orig, repl))

    def _to_lint_sink(self, n) -> bool:
        for a in [n, *_ancestors(n)]:
            if a.kind.name in _ASSIGNS:
                s, e = _range(a.left)
                return "unused" in self.text[s:e].decode()
        return False

    @staticmethod
    def _in_loop_header(n) -> bool:
        s, e = _range(n)
        for a in _ancestors(n):
            if a.kind.name == "ForLoopStatement":
                bs, be = _range(a.statement)
                if not (bs <= s and e <= be):
                    return True
        return False

    def visit(self, n):
        if not hasattr(n, "kind") or not isinstance(n, syntax.SyntaxNode):
            return
        k = n.kind.name
        anc = [a.kind.name for a in _ancestors(n)]
        if not any(a in _BEHAVIOUR for a in anc) or k in _SKIP or any(a in _SKIP for a in anc):
            return
        if k == "ForLoopStatement" or self._in_loop_header(n):
            return          # a loop's bounds and steps are elaboration, not behaviour
        if self._to_lint_sink(n):
            return          # *unused* signals are lint sinks: by convention nothing reads them
        in_cast_size = "CastExpression" in anc[:1] and getattr(n.parent, "left", None) is n
        if k in _SWAPS:
            s, e = _tok_range(n.operatorToken)
            for r in _SWAPS[k]:
                self.add(n, "binop", s, e, r)
        elif k == "IntegerLiteralExpression" and not in_cast_size:
            s, e = _range(n)
            for r in _int_literal_edits(self.text[s:e].decode()):
                self.add(n, "const", s, e, r)
        elif k == "IntegerVectorExpression":
            s, e = _range(n)
            size = n.size.rawText if n.size is not None else ""
            for r in _vector_edits(size, n.base.rawText, n.value.rawText):
                self.add(n, "const", s, e, r)
        elif k == "UnbasedUnsizedLiteralExpression":
            s, e = _range(n)
            t = self.text[s:e].decode()
            if t in ("'0", "'1"):
                self.add(n, "const", s, e, "'1" if t == "'0" else "'0")
        elif k == "BitSelect" and n.expr.kind.name == "IntegerLiteralExpression":
            s, e = _range(n.expr)
            for r in _int_literal_edits(self.text[s:e].decode()):
                self.add(n, "bitsel", s, e, r)
        elif k == "SimpleRangeSelect" and all(x.kind.name == "IntegerLiteralExpression" for x in (n.left, n.right)):
            (ls, le), (rs, re_) = _range(n.left), _range(n.right)
            lv, rv = int(self.text[ls:le]), int(self.text[rs:re_])
            for d in (1, -1):
                if min(lv, rv) + d >= 0:
                    self.add(n, "bitsel", ls, re_, f"{lv + d}:{rv + d}")
        elif k == "ConditionalStatement":
            pred = n.predicate
            s, e = _range(pred)
            self.add(n, "cond", s, e, f"!({self.text[s:e].decode()})")
        elif k == "ConditionalExpression":
            s, e = _range(n.predicate)
            self.add(n, "cond", s, e, f"!({self.text[s:e].decode()})")
        if k in _ASSIGNS:
            s, e = _range(n.right)
            # a constant right-hand side is left to the const kind (stuck-at would often equal it)
            if n.right.kind.name not in ("IntegerLiteralExpression", "IntegerVectorExpression",
                                         "UnbasedUnsizedLiteralExpression"):
                for v in ("'0", "'1"):
                    self.add(n, "stuck", s, e, v)
        if k == "ExpressionStatement" and n.parent is not None and "Assignment" in n.expr.kind.name:
            s, e = _range(n)
            self.add(n, "drop", s, e, ";")
        if k == "CaseStatement":
            items = [it for it in n.items if it.kind.name == "StandardCaseItem"]
            for a, b in zip(items, items[1:]):
                (as_, ae), (bs, be) = _range(a.clause), _range(b.clause)
                ta, tb = self.text[as_:ae].decode(), self.text[bs:be].decode()
                if ta != tb:
                    # one edit spanning both clauses: the text between them (b's labels) kept
                    mid = self.text[ae:bs].decode()
                    self.add(n, "case", as_, be, tb + mid + ta)


def checker_regions(text: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the `ifndef SYNTHESIS` blocks (up to their `else or `endif): the RTL's
    own checks, the assertions and the bookkeeping that feeds them. They are the suite's
    code, not the design's: a mutant there cannot put a bug into the hardware, only fire a
    check falsely or weaken one (docs/checks.md shows each check firing). Found by the
    directives' nesting (pyslang keeps them as trivia)."""
    out, stack = [], []
    for mm in re.finditer(rb"`(ifndef|ifdef|elsif|else|endif)\b[ \t]*(\w*)", text):
        d, name = mm.group(1), mm.group(2)
        if d in (b"ifdef", b"ifndef"):
            stack.append((d == b"ifndef" and name == b"SYNTHESIS", mm.end()))
        elif not stack:
            raise ValueError(f"`{d.decode()} without `ifdef at byte {mm.start()}")
        else:
            checker, s0 = stack.pop()
            if checker:
                out.append((s0, mm.start()))
            if d != b"endif":
                stack.append((False, mm.end()))
    return out


def sites(path: Path) -> list[Mutant]:
    """Every mutant of one RTL file, in source order (none inside the checker regions)."""
    text = path.read_bytes()
    tree = syntax.SyntaxTree.fromText(text.decode(), path.name)
    c = _Collector(path.name, text)
    tree.root.visit(c.visit)
    chk = checker_regions(text)
    return sorted((m for m in c.out if not any(s <= m.start < e for s, e in chk)),
                  key=lambda m: (m.start, m.end, m.kind, m.repl))


def all_sites(modules: list[str] | None = None, kinds: tuple[str, ...] = KINDS) -> list[Mutant]:
    out = []
    for p in rtl_files(modules):
        out += [m for m in sites(p) if m.kind in kinds]
    return out


def select(mutants: list[Mutant], n: int | None, seed: int) -> list[Mutant]:
    """n mutants drawn with random.Random(seed), spread over the modules in proportion to
    their mutant counts (at least one per module when n allows); all of them without n."""
    if n is None or n >= len(mutants):
        return list(mutants)
    rng = random.Random(seed)
    by_mod: dict[str, list[Mutant]] = {}
    for m in mutants:
        by_mod.setdefault(m.file, []).append(m)
    total = len(mutants)
    quota = {f: max(1, round(n * len(ms) / total)) if n >= len(by_mod) else 0 for f, ms in by_mod.items()}
    while sum(quota.values()) > n:              # rounding: trim the largest quotas
        f = max(quota, key=lambda f: (quota[f], f))
        quota[f] -= 1
    picked = []
    for f in sorted(by_mod):
        ms = list(by_mod[f])
        rng.shuffle(ms)
        picked += ms[:quota[f]]
    rest = [m for m in mutants if m not in set(picked)]
    rng.shuffle(rest)
    picked += rest[:n - len(picked)]
    return sorted(picked, key=lambda m: (m.file, m.start, m.id))


def parse_errors(text: str, name: str = "mutant.sv") -> list[str]:
    """pyslang's syntax diagnostics of a text (empty when it parses)."""
    tree = syntax.SyntaxTree.fromText(text, name)
    return [str(d.code) for d in tree.diagnostics if d.isError()]


def dead_blocks(params: dict[str, int], top: str = "hcgs_lstm_top") -> set[tuple[str, int, int]]:
    """(file name, start, end) of the generate blocks of hdl/*.sv that pyslang's elaboration
    of `top` with `params` leaves uninstantiated in every instance (a mutant inside one
    cannot matter in that build). Lines of continuous assignments carry no Verilator line
    point, so this is how make mutate knows, e.g., that the 32-lane adder tree is not in
    the tiny or mid build."""
    from pyslang import driver
    from . import runner
    d = driver.Driver()
    d.addStandardArgs()
    args = f"slang --top {top} " + " ".join(f"-G {k}={v}" for k, v in params.items()) + " " + \
        " ".join(str(p) for p in runner.hdl_sources())
    if not (d.parseCommandLine(args, driver.CommandLineOptions()) and d.processOptions() and d.parseAllSources()):
        raise RuntimeError(f"pyslang could not read the RTL ({args[:200]})")
    comp = d.createCompilation()
    sm = comp.sourceManager
    live, dead = set(), set()

    def visit(sym):
        if sym.kind.name == "GenerateBlock" and sym.syntax is not None:
            r = sym.syntax.sourceRange
            key = (Path(sm.getFileName(r.start)).name, r.start.offset, r.end.offset)
            (dead if sym.isUninstantiated else live).add(key)
        return True

    comp.getRoot().visit(visit)
    return dead - live


def reachable(m: Mutant, dead: set[tuple[str, int, int]]) -> bool:
    return not any(f == m.file and s <= m.start and m.end <= e for f, s, e in dead)
