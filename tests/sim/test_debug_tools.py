"""The debugging tools without a simulator: replay lines, fault builds, record loading,
the datapath-stage localiser, the output-beat analysis, the Verilator waves argument."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from verif import faults, record, runner
from verif import run as vrun
from verif.uvm import diagnose, localise
from verif.uvm.items import OutFrame
from verif.uvm.refmodel import Expected
from verif.uvm.trace import Divergence, MacGroup

ROOT = Path(__file__).resolve().parents[2]


def test_replay_keeps_waves_knobs_and_fault():
    line = vrun.replay("verilator", "tiny", "HcgsStreamStressTest", 7, 3,
                       {"idle": "heavy", "out_all": True, "watchdog_scale": 2.5}, True, "mac_lane")
    assert line == ("make sim SIM=verilator CONFIG=tiny TEST=HcgsStreamStressTest SEED=7 FRAMES=3 WAVES=1 "
                    "KNOB='idle=heavy out_all=true watchdog_scale=2.5' FAULT=mac_lane")
    # what make turns KNOB into parses back to the same knobs
    words = re.search(r"KNOB='([^']*)'", line).group(1).split()
    parsed = {}
    for kv in words:
        k, v = kv.split("=", 1)
        try:
            parsed[k] = json.loads(v)
        except ValueError:
            parsed[k] = v
    assert parsed == {"idle": "heavy", "out_all": True, "watchdog_scale": 2.5}
    assert "WAVES" not in vrun.replay("icarus", "tiny", "HcgsSmokeTest", 1)


def test_faults_only_in_fault_builds():
    normal = vrun.build_for("icarus", "tiny")
    assert not any("HCGS_FAULT" in a for a in runner._sim_args(normal))
    assert not any("HCGS_FAULT" in a for a in runner._sim_args(vrun.build_for("verilator", "tiny", waves=True)))
    fb = vrun.build_for("icarus", "tiny", fault="mac_lane")
    assert [a for a in runner._sim_args(fb) if "FAULT" in a] == ["-DHCGS_FAULT_MAC_LANE"]
    assert fb.dir != normal.dir and "fault-mac_lane" in fb.name
    # every define in the RTL is a listed fault, every listed fault is in the RTL, only in `ifdef
    rtl = {p: p.read_text() for p in (ROOT / "hdl").glob("*.sv")}
    used = {m for t in rtl.values() for m in re.findall(r"HCGS_FAULT_[A-Z0-9_]+", t)}
    assert used == {f.define for f in faults.FAULTS}
    for p, t in rtl.items():
        for line in t.splitlines():
            if "HCGS_FAULT_" in line:
                assert line.startswith("`ifdef HCGS_FAULT_"), f"{p.name}: {line}"


def test_table_faults_in_both_activation_forms():
    """FAULT=sigmoid_lut and tanh_lut act on every build: hcgs_act's five-table branch
    (g_tables: tiny, mid2) and its shared-table branch (g_tables_shared: the chip build,
    small, mid) each inject them; a fault one form lacked would pass silently there."""
    act = (ROOT / "hdl" / "hcgs_act.sv").read_text()
    five = act.split("begin : g_tables\n", 1)[1].split("begin : g_tables_shared", 1)[0]
    shared = act.split("begin : g_tables_shared", 1)[1].split("// z for the probe", 1)[0]
    for name in ("SIGMOID_LUT", "TANH_LUT"):
        assert f"`ifdef HCGS_FAULT_{name}" in five, f"HCGS_FAULT_{name} missing in g_tables"
        assert f"`ifdef HCGS_FAULT_{name}" in shared, f"HCGS_FAULT_{name} missing in g_tables_shared"


def test_unknown_fault_is_refused():
    with pytest.raises(ValueError, match="unknown fault 'nope': known mac_lane, accumulate"):
        vrun.build_for("icarus", "tiny", fault="nope")


def test_record_load_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no failure record"):
        record.load(tmp_path / "failure.json")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(ValueError, match="not a failure record: no 'simulator' field"):
        record.load(tmp_path / "x.json")
    (tmp_path / "y.json").write_text("nope")
    with pytest.raises(ValueError, match="is not a failure record"):
        record.load(tmp_path / "y.json")


def _groups(lanes=16):
    m = MacGroup(np.arange(16, dtype=np.int64) * 1000, np.arange(lanes, dtype=np.int64) * 7, -1)
    return m, MacGroup(m.acc.copy(), m.lanes.copy(), 5)


@pytest.mark.parametrize("lanes", [16, 32, 64])
def test_localise_each_z_stage(lanes):
    d = Divergence(0, 0, 6, "z", "f", 10, 11)      # cell 6: row 2; gate f: entry 6
    model, rtl = _groups(lanes)
    assert localise.refine_z(d, rtl, model, lanes)[0] == "z_round"
    rtl.acc[6] += 128
    assert localise.refine_z(d, rtl, model, lanes)[0] == "accumulate"
    rtl.lanes[6 * (lanes // 16)] += 512
    stage, detail = localise.refine_z(d, rtl, model, lanes)
    assert stage == "mac_lane" and f"lane {6 * (lanes // 16)} (gate f, row 2, column 0)" in detail
    rtl.lanes[0] += 1
    assert localise.refine_z(d, rtl, model, lanes)[0] == "operand_fetch"
    assert localise.refine_z(d, None, model, lanes)[0] == "mac"


def test_localise_other_stages():
    assert localise.stage_of(Divergence(0, 0, 1, "act", "g", 1, 2)) == "tanh_lut"
    assert localise.stage_of(Divergence(0, 0, 1, "act", "o", 1, 2)) == "sigmoid_lut"
    assert localise.stage_of(Divergence(0, 0, 1, "c", None, 1, 2)) == "cell_update"
    assert localise.stage_of(Divergence(0, 0, 1, "h", None, 1, 2)) == "h_output"
    assert localise.stage_of(Divergence(0, 1, 0, "missing", None, None, None), False) == "missing_frame"


def test_model_group_matches_golden_accumulators():
    """The model's lane sums add up to golden.fixed's accumulators (lane/column mapping)."""
    from golden import fixed
    from golden.config import preset
    from golden.model import random_model
    from golden.quant import quantise_model
    p = preset("tiny")
    q = quantise_model(random_model(p.shape, seed=3))
    x = np.random.default_rng(1).integers(-2000, 2000, (2, q.isize))
    res = fixed.run(q, x)
    for lanes in (16, 32, 64):
        for layer in (0, 1):
            u_ih = x[1] if layer == 0 else res.layers[0].h[1]
            g = localise.model_group(q, u_ih, res.layers[layer].h[0], layer, 3, lanes)
            want = res.layers[layer].acc[1][:, 12:16].reshape(16)     # entries gate*4 + r of group 3
            assert np.array_equal(g.acc, want)
            assert g.lanes.sum() == (want - (q.layers[layer].bias[[k * 64 + 12 + r for k in range(4)
                                                                   for r in range(4)]] << 5)).sum()


def _exp(beats, user=1):
    return Expected(0, 0, 0, beats, [user] * len(beats), [i == len(beats) - 1 for i in range(len(beats))], [])


def _act(beats, user=1):
    return OutFrame(beats, [user] * len(beats), [i == len(beats) - 1 for i in range(len(beats))], 99, 90,
                    list(range(90, 90 + len(beats))))


def test_output_mismatch_kinds():
    e = _exp([1, 2, 3, 4, 5])
    assert diagnose.output_mismatch([e], [_act([1, 2, 3, 4, 5])]) is None
    o = diagnose.output_mismatch([e], [_act([1, 2, 9, 4, 5])])
    assert o["kind"] == "beat_value" and o["beat"] == 2 and o["cycle"] == 92
    assert o["expected"][2 - o["window_first_beat"]]["tdata"] == f"{3:#018x}"
    o = diagnose.output_mismatch([e], [_act([1, 2, 4, 5])])     # a dropped beat
    assert o["kind"] == "beat_count" and o["beat"] == 2 and o["beats_actual"] == 4
    o = diagnose.output_mismatch([e, e], [_act([1, 2, 3, 4, 5])])
    assert o["kind"] == "frames_missing" and o["frame"] == 1


def test_verilator_waves_go_to_the_run_folder(tmp_path, monkeypatch):
    """cocotb 2.1's Verilator main takes --trace-file (a +trace+file+ plusarg is ignored)."""
    seen = {}

    class Fake:
        def build(self, **kw):
            Path(kw["build_dir"]).mkdir(parents=True, exist_ok=True)

        def test(self, **kw):
            seen.update(kw)
            Path(kw["results_xml"]).write_text('<testsuites><testsuite><testcase name="t"/></testsuite></testsuites>')

    monkeypatch.setattr(runner, "_runner", lambda sim, *a: Fake())
    monkeypatch.setattr(runner, "BUILD_ROOT", tmp_path)
    b = runner.Build("verilator", "hcgs_tb", (("LANES", 16),), waves=True)
    runner.run(b, "m", test_dir=tmp_path / "run")
    assert seen["test_args"] == ["--trace-file", str(tmp_path / "run" / "waves.fst")]
    assert not any(a.startswith("+trace+file") for a in seen["plusargs"])
