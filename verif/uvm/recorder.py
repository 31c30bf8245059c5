"""The in-simulation half of a failing run's record: `divergence.json` in the run folder.

Written once, by the first failure of a test (scoreboard mismatch, watchdog, or any other
exception of the flow): what kind of failure, the test's seed and knobs, the beats around
the first mismatch and the first divergence (verif/uvm/diagnose.py), for a watchdog where
the flow stopped and what was pending, and a snapshot of the DUT's state. It also saves
what the run drew from its seed (the model's memory images, registers and the input
frames) under `failure_inputs/`. verif/record.py adds the run-level half (simulator,
build, replay) and writes `failure.json`.
"""
from __future__ import annotations

import json
import traceback
from pathlib import Path

import numpy as np

from . import diagnose

#: DUT signals in the snapshot (name -> path below the toplevel); absent ones are skipped
SNAPSHOT = {
    "ERR": "u_dut.u_regs.err_q",
    "IRQ_STATUS": "u_dut.u_regs.irq_st_q",
    "running": "u_dut.running",
    "engine_state": "u_dut.u_core.u_ctrl.st_q",
    "layer": "u_dut.u_core.u_ctrl.layer_q",
    "walker_active": "u_dut.u_core.u_walker.active_q",
    "walker_group": "u_dut.u_core.u_walker.g_q",
    "x_buffers_full": "u_dut.u_axis_in.full_q",
    "in_beat": "u_dut.u_axis_in.beat_q",
    "out_credit": "u_dut.u_core.u_ctrl.credit_q",
    "out_fifo_count": "u_dut.u_axis_out.fifo_count",
    "s_axis_tready": "s_axis_tready",
    "m_axis_tvalid": "m_axis_tvalid",
}


def write_part(folder, kind: str, message: str, analysis: dict | None = None, extra: dict | None = None):
    """The testbench's half of the record without a pyuvm env (directed tests), unless one
    was written already (the first failure wins)."""
    import cocotb
    from cocotb.utils import get_sim_time
    path = Path(folder) / "divergence.json"
    if path.is_file():
        return
    rec = {"kind": kind, "message": message, "test_seed": int(cocotb.RANDOM_SEED),
           "sim_time_ns": float(get_sim_time("ns"))}
    rec.update(analysis or {})
    rec.update(extra or {})
    path.write_text(json.dumps(rec, indent=1, default=str))


class FailureRecorder:
    def __init__(self, env):
        self.env = env
        self.path = env.run_dir / "divergence.json"
        self.written = False

    # ------------------------------------------------------------------ pieces
    def _snapshot(self) -> dict:
        out = {}
        for name, path in SNAPSHOT.items():
            try:
                v = self.env.bench.probe(path).value
                out[name] = int(v) if v.is_resolvable else str(v)
            except Exception:       # gate-level netlist: no internal names
                continue
        return out

    def _analysis(self) -> dict | None:
        env = self.env
        ref, sb = env.ref, env.sb
        if ref.qmodel is None:
            return None
        return diagnose.analyse(ref.expected(), sb.actual, ref.shape, sb.trace_path,
                                mac_path=env.run_dir / "mactrace.txt", qmodel=ref.qmodel,
                                frames=ref.frames, lanes=env.hw.lanes, period_ns=env.bench.cr.period_ns)

    def _save_inputs(self) -> dict:
        """The model images and input frames the seed drew, so the run can be looked at
        without rerunning it."""
        ref = self.env.ref
        if ref.qmodel is None:
            return {}
        from golden import export
        folder = self.env.run_dir / "failure_inputs"
        export.export(ref.qmodel, self.env.hw, folder)
        files = {"model_images": str(folder)}
        if ref.frames:
            np.save(folder / "inputs.npy", np.stack([f.x for f in ref.frames]))
            np.save(folder / "seq_start.npy", np.array([f.start for f in ref.frames], bool))
            files["inputs"] = str(folder / "inputs.npy")
            files["seq_start"] = str(folder / "seq_start.npy")
        if ref.dropped:
            files["dropped_frames"] = len(ref.dropped)
        return files

    # ------------------------------------------------------------------ entry points
    def write(self, kind: str, message: str, analysis: dict | None = None, extra: dict | None = None):
        """Record the first failure of the test (later ones are ignored)."""
        if self.written:
            return
        self.written = True
        env = self.env
        import cocotb
        from cocotb.utils import get_sim_time
        rec = {"kind": kind, "message": message, "test_seed": int(cocotb.RANDOM_SEED),
               "sim_time_ns": float(get_sim_time("ns")), "cycle": env.bench.now(),
               "effective_knobs": getattr(env, "knobs", {}), "dut": self._snapshot()}
        try:
            rec["shape"] = str(env.ref.shape) if env.ref.shape is not None else None
            rec["frames_accepted"] = len(env.ref.frames)
            rec["frames_received"] = len(env.sb.actual)
            if analysis is None:
                analysis = self._analysis()
            if analysis is not None:
                rec.update(analysis)
            rec["files"] = self._save_inputs()
        except Exception:           # the record must not hide the failure it records
            rec["record_error"] = traceback.format_exc(limit=4)
        if extra:
            rec.update(extra)
        self.path.write_text(json.dumps(rec, indent=1, default=str))

    def watchdog(self, message: str):
        wd = self.env.watchdog
        self.write("watchdog", message, extra={"watchdog": {
            "stopped_in": wd.stage, "pending": list(wd.waiting_for) or [wd.stage],
            "frames_pending": max(0, len(self.env.ref.frames) - len(self.env.sb.actual)),
        }})
