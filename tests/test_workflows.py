"""The GitHub workflow files are valid (check-jsonschema with its bundled GitHub workflow
schema, offline), and the check fails on a broken one."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _check(*files):
    exe = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(exe), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
                          capture_output=True, text=True)


def test_workflows_are_valid():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "nightly.yml"}
    r = _check(*WORKFLOWS)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_check_fails_on_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: bad\non: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    step:\n      - run: make test\n")
    r = _check(bad)
    assert r.returncode != 0 and "'step' was unexpected" in (r.stdout + r.stderr), r.stdout + r.stderr
