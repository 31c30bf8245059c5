"""`make report`: merge what one or many regression folders (shards, simulators, nights)
left into build/report/.

    python -m verif.report [DIR ...]      # default: every build/regress/*/ with runs

Writes
  build/report/index.html      runs (test, sim, config, seed, pass/fail, replay), failures
                               bucketed by normalised message, functional coverage per cover
                               point with its holes, code coverage per module (linked to the
                               genhtml pages), the testplan annotated with results
  build/report/junit.xml       every run as one JUnit test case (junitparser)
  build/report/coverage.png    functional coverage against runs (matplotlib)
  build/report/functional.yml  the merged functional coverage; merged.dat, code/ (genhtml)
and, when make mutate left build/mutate/report.json, a mutation testing section (score per
module, survivors with their diff, uncovered mutants) in index.html and one summary line;
and prints a summary ending with
  functional coverage: X% of goal, line Y%, toggle Z%
Exit code 1 when a run failed, an illegal bin was hit or the level's goals are not met.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

from . import covdb, regress, runner, testlist

OUT = runner.BUILD_ROOT / "report"
MUTATION = runner.BUILD_ROOT / "mutate" / "report.json"


def normalise(msg: str) -> str:
    """A failure's bucket: its first line with numbers, addresses and paths blanked."""
    line = (msg.strip().splitlines() or [""])[0]
    line = re.sub(r"(/[\w.\-]+)+", "<path>", line)
    line = re.sub(r"0x[0-9a-fA-F]+", "<hex>", line)
    return re.sub(r"-?\d+", "<n>", line)[:300]


def find_dirs(args) -> list[Path]:
    if args:
        dirs = [Path(a) for a in args]
        bad = [str(d) for d in dirs if not (d / "runs").is_dir()]
        if bad:
            raise SystemExit(f"report: {', '.join(bad)}: not a regression folder (no runs/ inside); "
                             f"give folders that make regress wrote, e.g. {regress.OUT_ROOT}/smoke")
        return dirs
    dirs = sorted(d for d in regress.OUT_ROOT.glob("*") if (d / "runs").is_dir())
    if not dirs:
        raise SystemExit(f"report: nothing under {regress.OUT_ROOT}: run make regress first")
    return dirs


def _level(dirs) -> str:
    levels = set()
    for d in dirs:
        s = d / "summary.json"
        if s.is_file():
            levels.add(json.loads(s.read_text()).get("level", "smoke"))
    return "nightly" if "nightly" in levels else "smoke"


def junit(records, path: Path) -> None:
    from junitparser import Failure, JUnitXml, TestCase, TestSuite
    suites = defaultdict(lambda: None)
    xml = JUnitXml()
    for r in records:
        key = f"{r['sim']}-{r['config']}"
        if suites[key] is None:
            suites[key] = TestSuite(key)
            xml.add_testsuite(suites[key])
        case = TestCase(f"{r['test']}-s{r['seed']}", classname=key, time=round(r["seconds"], 3))
        if r["status"] != "pass":
            f = Failure(normalise(r["message"]))
            f.text = f"{r['message']}\nreplay: {r['replay']}"
            case.result = [f]
        suites[key].add_testcase(case)
    xml.write(str(path))


def plot(records, plan, level, path: Path) -> list[float]:
    """Functional coverage after each run (in finishing order); the PNG of it."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    order = sorted(records, key=lambda r: Path(r["folder"], "result.json").stat().st_mtime
                   if Path(r["folder"], "result.json").is_file() else 0)
    cfgs = regress.level_configs(records, level)
    acc: covdb.Hits = {}
    ys = []
    for r in order:
        if r["coverage_ok"] and r.get("functional") and Path(r["functional"]).is_file():
            acc = covdb.merge([acc, covdb.load_yaml(r["functional"])])
        ys.append(covdb.summarise(acc, plan, cfgs).pct if acc else 0.0)
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=100)
    ax.plot(range(1, len(ys) + 1), ys, drawstyle="steps-post")
    ax.axhline(plan.goals[level]["functional"], color="red", linestyle="--", label=f"{level} goal")
    ax.set_xlabel("runs")
    ax.set_ylabel("functional coverage (%)")
    ax.set_ylim(0, 101)
    ax.set_title(f"functional coverage against runs ({len(ys)} runs)")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return ys


def _e(s) -> str:
    return html.escape(str(s))


def load_mutation(path: Path) -> dict | None:
    """make mutate's report (build/mutate/report.json), when one exists."""
    try:
        return json.loads(Path(path).read_text()) if Path(path).is_file() else None
    except ValueError:
        return None


def mutation_html(path: Path) -> list[str]:
    """The mutation testing section: score per module, survivors with their diff, uncovered."""
    rep = load_mutation(path)
    if not rep:
        return []
    tot = rep["summary"]["total"]
    h = [f"<h2>Mutation testing (make mutate, level {_e(rep['level'])})</h2>",
         f"<p>{_e(rep['replay'])}: {tot['killed']}/{tot['scored']} killed"
         + (f" = {tot['score_pct']:.1f}%" if tot["score_pct"] is not None else "")
         + f"; {tot['equivalent']} equivalent, {tot['uncovered']} uncovered, {tot['hang']} hangs, "
         f"{tot['invalid']} discarded (no lint/build); {rep['wall_s'] / 60:.1f} min.</p>",
         "<table><tr><th>module</th><th>killed</th><th>survived</th><th>uncovered</th><th>hang</th>"
         "<th>equivalent</th><th>discarded</th><th>score</th></tr>"]
    for name, d in [*rep["summary"]["modules"].items(), ("total", tot)]:
        sc = "-" if d["score_pct"] is None else f"{d['score_pct']:.1f}%"
        h.append(f"<tr><td>{_e(name)}</td><td>{d['killed']}</td><td>{d['survived']}</td><td>{d['uncovered']}</td>"
                 f"<td>{d['hang']}</td><td>{d['equivalent']}</td><td>{d['invalid']}</td><td>{sc}</td></tr>")
    h.append("</table>")
    for title, st in (("Survivors", "survived"), ("Uncovered", "uncovered"), ("Hangs", "hang")):
        items = [m for m in rep["mutants"] if m["status"] == st]
        if items:
            h.append(f"<h3>{title}</h3><ul>" + "".join(f"<li><code>{_e(m['id'])}</code> <code>{_e(m['diff'])}</code></li>"
                                                   for m in items) + "</ul>")
    return h


def write_html(path: Path, records, plan, level, summ: covdb.Summary, modules: dict, code_index: str | None,
               line, toggle, misses, illegal, reruns: dict | None = None) -> None:
    reruns = reruns or {}
    fails = [r for r in records if r["status"] != "pass"]
    buckets = defaultdict(list)
    for r in fails:
        buckets[normalise(r["message"])].append(r)
    by_test = defaultdict(lambda: [0, 0])
    for r in records:
        by_test[r["test"]][0 if r["status"] == "pass" else 1] += 1
    pts = {p.name: p for p in summ.points}
    goal = plan.goals[level]
    h = [f"<!doctype html><meta charset=utf-8><title>HCGS-LSTM regression report</title>",
         "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
         "td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}.fail{background:#fdd}.pass{background:#dfd}"
         "code{font-size:12px}</style>",
         f"<h1>Regression report: {level}</h1>",
         f"<p>{len(records)} runs, {len(fails)} failed. Functional coverage {summ.pct:.1f}% "
         f"({summ.hit}/{summ.total} bins; goal {goal['functional']}%), line {line if line is None else f'{line:.1f}%'}"
         f" (goal {goal['line']}%), toggle {toggle if toggle is None else f'{toggle:.1f}%'} (goal {goal['toggle']}%).</p>",
         "<p><img src='coverage.png' alt='functional coverage against runs'></p>"]
    if misses or illegal:
        h.append("<ul>" + "".join(f"<li class=fail>{_e(m)}</li>" for m in misses + illegal) + "</ul>")
    h.append("<h2>Failures by message</h2>")
    if not buckets:
        h.append("<p>none</p>")
    for msg, rs in sorted(buckets.items(), key=lambda kv: -len(kv[1])):
        h.append(f"<h3>{len(rs)} x <code>{_e(msg)}</code></h3><ul>")
        for r in rs:
            extra = ""
            for name in ("failure.json", "divergence.png"):
                if Path(r["folder"], name).is_file():
                    extra += f" <a href='file://{_e(Path(r['folder'], name))}'>{name}</a>"
            rr = reruns.get(str(Path(r["folder"], "failure.json")))
            if rr:
                extra += (f" rerun with waves: {'reproduced' if rr.get('reproduced') else 'NOT reproduced'}"
                          + "".join(f" <a href='file://{_e(rr[k])}'>{k}</a>" for k in ("picture", "gtkw") if rr.get(k)))
                if rr.get("picture") and Path(rr["picture"]).is_file():
                    extra += f"<br><img src='file://{_e(rr['picture'])}' width=700>"
            h.append(f"<li>{_e(r['name'])}: <code>{_e(r['replay'])}</code>{extra}</li>")
        h.append("</ul>")
    h.append("<h2>Testplan</h2><table><tr><th>testpoint</th><th>goal</th><th>tests (pass/fail)</th>"
             "<th>cover points</th></tr>")
    for tp in plan.testpoints:
        tests = ", ".join(f"{t} ({by_test[t][0]}/{by_test[t][1]})" for t in tp.tests)
        cps = ", ".join(f"{c} {pts[c].pct:.0f}%" if c in pts else f"{c} -" for c in tp.coverpoints) or "-"
        ok = all(by_test[t][1] == 0 for t in tp.tests) and all(c in pts and not pts[c].holes for c in tp.coverpoints)
        h.append(f"<tr class={'pass' if ok else 'fail'}><td>{_e(tp.name)}</td><td>{_e(tp.goal)}</td>"
                 f"<td>{_e(tests)}</td><td>{_e(cps)}</td></tr>")
    h.append("</table><h2>Functional coverage</h2><table><tr><th>cover point</th><th>hit/bins</th><th>%</th>"
             "<th>holes</th><th>excluded</th></tr>")
    for p in summ.points:
        h.append(f"<tr class={'pass' if not p.holes else 'fail'}><td>{_e(p.name)}</td><td>{p.hit}/{p.total}</td>"
                 f"<td>{p.pct:.1f}</td><td>{_e(', '.join(p.holes))}</td><td>{_e(', '.join(p.excluded))}</td></tr>")
    h.append("</table><h2>Code coverage (Verilator, hdl/*.sv)</h2>")
    if modules:
        h.append("<table><tr><th>module</th><th>lines</th><th>toggles</th><th>lines never hit</th></tr>")
        for name, m in modules.items():
            link = ""
            if code_index:
                hits = list(Path(code_index).parent.rglob(f"{name}.gcov.html"))
                if hits:
                    link = f" <a href='{_e(hits[0].relative_to(path.parent))}'>source</a>"
            h.append(f"<tr><td>{_e(name)}{link}</td><td>{m['line_hit']}/{m['line_total']}</td>"
                     f"<td>{m['toggle_hit']}/{m['toggle_total']}</td><td>{_e(m['missed'])}</td></tr>")
        h.append("</table>")
    else:
        h.append("<p>no Verilator run</p>")
    h += mutation_html(MUTATION)
    h.append("<h2>Runs</h2><table><tr><th>run</th><th>status</th><th>s</th><th>replay</th></tr>")
    for r in sorted(records, key=lambda r: r["name"]):
        h.append(f"<tr class={r['status']}><td>{_e(r['name'])}</td><td>{r['status']}</td><td>{r['seconds']:.0f}</td>"
                 f"<td><code>{_e(r['replay'])}</code></td></tr>")
    h.append("</table>")
    path.write_text("\n".join(h))


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    dirs = find_dirs(args)
    plan = testlist.load()
    level = _level(dirs)
    records = regress.read_records(dirs)
    if not records:
        raise SystemExit(f"report: no run records in {', '.join(map(str, dirs))}")
    names = [r["name"] for r in records]
    dup = sorted({n for n in names if names.count(n) > 1})
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    hits = regress.functional(records)
    covdb.dump(hits, OUT / "functional.yml")
    summ = covdb.summarise(hits, plan, regress.level_configs(records, level))
    illegal = [f"{r['name']}: {b}" for r in records if r["coverage_ok"] and r.get("functional")
               for b in covdb.illegal_hits(covdb.load_yaml(r["functional"]), plan)]
    dat = regress.merge_code(records, OUT / "merged.dat")
    modules, line, toggle, code_index = {}, None, None, None
    if dat:
        from .cov import html as genhtml
        from .cov import per_module, totals
        modules = per_module(dat)
        line, toggle = totals(dat)
        err = genhtml(dat, OUT / "code")
        code_index = str(OUT / "code" / "index.html") if err is None else None
    misses = regress.goal_misses(plan.goals[level], summ.pct, line, toggle)
    junit(records, OUT / "junit.xml")
    plot(records, plan, level, OUT / "coverage.png")
    reruns = {}
    for d in dirs:       # verif.repro's reruns of the first failures, with their pictures
        f = d / "reruns.json"
        if f.is_file():
            for rr in json.loads(f.read_text()):
                reruns[rr.get("record")] = rr
    write_html(OUT / "index.html", records, plan, level, summ, modules, code_index, line, toggle, misses, illegal,
               reruns)
    fails = [r for r in records if r["status"] != "pass"]
    print(f"report: {len(dirs)} folder(s) ({', '.join(d.name for d in dirs)}), level {level}, {len(records)} runs, "
          f"{len(fails)} failed")
    if dup:
        print(f"report: the same run in several folders (merged twice): {', '.join(dup[:5])}")
    for p in summ.points:
        print(f"  {p.name:32s} {p.hit:>3}/{p.total:<3} {p.pct:6.1f}%" + (f"  holes: {', '.join(p.holes)}" if p.holes else ""))
    if modules:
        for name, m in modules.items():
            print(f"  {name:24s} lines {m['line_hit']}/{m['line_total']}  toggles {m['toggle_hit']}/{m['toggle_total']}")
    for m in misses + illegal:
        print(f"  GOAL {m}")
    for r in fails[:20]:
        print(f"  FAIL {r['name']}: replay: {r['replay']}")
    mut = load_mutation(MUTATION)
    if mut:
        t = mut["summary"]["total"]
        print(f"  mutation ({mut['replay']}): {t['killed']}/{t['scored']} killed, {t['equivalent']} equivalent, "
              f"{t['uncovered']} uncovered (section in index.html)")
    print(f"wrote {OUT / 'index.html'}, {OUT / 'junit.xml'}, {OUT / 'coverage.png'}")
    print(regress.coverage_line(summ.pct, plan.goals[level], line, toggle))
    return 1 if fails or misses or illegal or dup else 0


if __name__ == "__main__":
    sys.exit(main())
