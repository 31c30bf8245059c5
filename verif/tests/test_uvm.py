"""pyuvm tests. They differ only by factory overrides and ConfigDB knobs; `HcgsBaseTest`
builds the env, resets the DUT and runs `RunPlanSeq` with the plan the factory makes.

Knob precedence: the command line (HCGS_KNOBS) over the test's `knobs` over defaults.
"""
from __future__ import annotations

import cocotb
import pyuvm
from pyuvm import ConfigDB, uvm_factory, uvm_test

from verif.tests.common import cli_knobs, make_bench, replay_line
from verif.uvm import knobs, plans
from verif.uvm.env import HcgsEnv, run_dir
from verif.uvm.refmodel import CorruptRefModel, RefModel
from verif.uvm.seeding import derive, test_seed
from verif.uvm.sequences import RegTestSeq, RunPlanSeq
from golden.config import PRESETS

DEFAULT_KNOBS = {"frames": 4, "idle": "none", "backpressure": "none", "out_all": False, "load": "auto",
                 "streams": "sv"}
STREAMS = ("sv", "py")     # SV player/collector (verif/tb) or the Python BFMs (verif/bfm/axis.py)


class HcgsBaseTest(uvm_test):
    knobs: dict = {}
    random_knobs: dict = {}    # knob -> choices, one drawn from the test's seed (the command line wins)
    overrides: tuple = ()      # (base class, override class) pairs

    def build_phase(self):
        self.bench, self.hw = make_bench()
        cli = cli_knobs()
        drawn = {name: choices[int(derive(test_seed(), "knobs", name).integers(len(choices)))]
                 for name, choices in self.random_knobs.items() if name not in cli}
        knobs.check({**self.knobs, **{n: c[0] for n, c in self.random_knobs.items()}}, type(self).__name__)
        knobs.check(cli, "the command line (--knob)")
        k = {**DEFAULT_KNOBS, **self.knobs, **drawn, **cli}
        knobs.check(k)
        self.all_knobs = k
        if k["streams"] not in STREAMS:
            raise ValueError(f"knob streams={k['streams']!r}: allowed {', '.join(STREAMS)}")
        if k["streams"] == "sv":
            self.bench.use_sv_streams(run_dir())
        ConfigDB().set(None, "*", "BENCH", self.bench)
        ConfigDB().set(None, "*", "HW", self.hw)
        for name, v in k.items():
            ConfigDB().set(None, "*", name, v)
        for base, over in self.overrides:
            uvm_factory().set_type_override_by_type(base, over)
        self.env = HcgsEnv("env", self)
        self.env.knobs = k

    def end_of_elaboration_phase(self):
        self.logger.info(f"seed {test_seed()}, knobs {self.all_knobs}, "
                         f"overrides {[(a.__name__, b.__name__) for a, b in self.overrides]}")

    def preset_shape(self):
        import os
        name = os.environ.get("HCGS_CONFIG", "tiny")
        return PRESETS[name].shape

    async def run_phase(self):
        self.raise_objection()
        try:
            self.bench.start_clock()
            await self.bench.reset()
            plan = plans.StimulusPlan.create("plan")
            plan.setup(self.hw, self.preset_shape(), self.all_knobs, test_seed())
            await RunPlanSeq("run", plan).start()
        except BaseException as e:
            # any failure of the flow, or the test ended by a failing task (a watchdog or a
            # monitor has recorded itself already: the first record wins)
            self.env.recorder.write(type(e).__name__, str(e) or "the test was ended by a failure elsewhere "
                                                                 "(see sim.log)")
            raise
        finally:
            self.drop_objection()

    def report_phase(self):
        self.logger.info(f"replay: {replay_line(type(self).__name__)}")


@pyuvm.test()
class HcgsSmokeTest(HcgsBaseTest):
    """The preset model, a few frames in mixed sequences."""


@pyuvm.test()
class HcgsRandomTest(HcgsBaseTest):
    """Random shapes (layers, sizes, keep counts from dense to sparsest), random model."""
    overrides = ((plans.StimulusPlan, plans.RandomShapePlan),)
    knobs = {"frames": 5}


@pyuvm.test()
class HcgsDenseTest(HcgsBaseTest):
    """Every block kept, back-door loaded; OUT_ALL drawn from the seed (the densest walk
    with every layer's beats in the output buffer)."""
    overrides = ((plans.StimulusPlan, plans.DensePlan),)
    knobs = {"frames": 2, "load": "back"}
    random_knobs = {"out_all": [False, True]}


@pyuvm.test()
class HcgsSparsestTest(HcgsBaseTest):
    """K1 = K2 = 1 everywhere, back-door loaded (HcgsEngineStallTest loads the same pattern
    through the bus)."""
    overrides = ((plans.StimulusPlan, plans.SparsestPlan),)
    knobs = {"load": "back"}


@pyuvm.test()
class HcgsSaturationTest(HcgsBaseTest):
    overrides = ((plans.StimulusPlan, plans.SaturationPlan),)


@pyuvm.test()
class HcgsTailsTest(HcgsBaseTest):
    overrides = ((plans.StimulusPlan, plans.TailsPlan),)


@pyuvm.test()
class HcgsCellSatTest(HcgsBaseTest):
    overrides = ((plans.StimulusPlan, plans.CellSatPlan),)
    knobs = {"frames": 40}


@pyuvm.test()
class HcgsCellEdgeTest(HcgsBaseTest):
    """The cell state exactly on and beside both saturation limits (c' = -32770 .. -32767 and
    32766 .. 32769 before saturation), held there for 6 frames after a 36-frame drive."""
    overrides = ((plans.StimulusPlan, plans.CellEdgePlan),)


@pyuvm.test()
class HcgsBackToBackTest(HcgsBaseTest):
    """Length-1 sequences back to back, no idle: TUSER on every frame."""
    overrides = ((plans.StimulusPlan, plans.BackToBackPlan),)
    knobs = {"frames": 6}


@pyuvm.test()
class HcgsStreamStressTest(HcgsBaseTest):
    """Heavy idle on the input and choking backpressure on the output, on the sparsest pattern
    (the engine outruns the consumer) with every layer out (more beats per frame than the
    output buffer holds): the output buffer must fill, and the run fails unless
    CNT_STALL_OUT > 0. (With the preset pattern and one layer out a run measured
    CNT_STALL_OUT = 0: the "stress" never reached the engine; on this pattern 'heavy'
    backpressure still measured 0, 'choke' 875 stall cycles in 5 frames.)"""
    overrides = ((plans.StimulusPlan, plans.SparsestPlan),)
    knobs = {"frames": 5, "idle": "heavy", "backpressure": "choke", "out_all": True, "expect_stall_out": True}


@pyuvm.test()
class HcgsLightStressTest(HcgsBaseTest):
    """Light idle, medium backpressure, sequences of 9..16 frames."""
    knobs = {"frames": 12, "idle": "light", "backpressure": "medium", "seq_kind": "long"}


@pyuvm.test()
class HcgsOutAllTest(HcgsBaseTest):
    """CTRL.OUT_ALL: every layer's h in each output frame."""
    knobs = {"frames": 3, "out_all": True, "backpressure": "light"}


@pyuvm.test()
class HcgsEngineStallTest(HcgsBaseTest):
    """Every layer out (OUT_ALL: more beats per frame than the output buffer holds) under
    choking backpressure with no input idle, on the sparsest pattern (the most beats per
    cycle): the output buffer fills, so the MAC pipeline must stall and resume mid-group."""
    overrides = ((plans.StimulusPlan, plans.SparsestPlan),)
    knobs = {"frames": 6, "out_all": True, "idle": "none", "backpressure": "choke", "expect_stall_out": True}


@pyuvm.test()
class HcgsSpeechTest(HcgsBaseTest):
    """Real speech: the committed 16x FSDD model, back-door loaded, on every utterance of the
    FSDD test set (knob speech=testset, folder in HCGS_SPEECH_DATA; the nightly) or on the
    committed test utterances (speech=samples), one sequence each; every beat bit-exact."""
    overrides = ((plans.StimulusPlan, plans.SpeechPlan),)
    knobs = {"load": "back", "speech": "testset"}


@pyuvm.test()
class HcgsBackdoorTest(HcgsBaseTest):
    """Back-door ($readmemh) load of the golden images instead of AXI4-Lite writes."""
    knobs = {"frames": 3, "load": "back"}


@pyuvm.test()
class HcgsRandomMixTest(HcgsBaseTest):
    """Random shape and keep mode, idle, backpressure, OUT_ALL and load path drawn from the
    seed: the nightly mix, the test that closes the configuration crosses."""
    overrides = ((plans.StimulusPlan, plans.RandomShapePlan),)
    knobs = {"frames": 6, "seq_kind": "mixed"}
    random_knobs = {"idle": ["none", "light", "medium", "heavy"], "backpressure": ["none", "light", "medium", "heavy"],
                    "out_all": [False, True], "load": ["auto", "back", "front"],
                    "keep_mode": ["dense", "sparsest", "mixed"]}


@pyuvm.test()
class HcgsCorruptModelTest(HcgsBaseTest):
    """The scoreboard gets a model with one weight changed: this test must FAIL naming the
    first divergence (pytest expects the SimFailure and checks its message),
    proving the scoreboard can fail."""
    overrides = ((RefModel, CorruptRefModel),)
    knobs = {"frames": 2}


@pyuvm.test()
class HcgsRegTest(HcgsBaseTest):
    """The standard register tests driven from the map (reset values, walking ones on the RW
    registers, RO / WO / W1C behaviour, unmapped addresses, index entry widths), every read
    also checked by the register predictor against the generated model's mirror."""

    async def run_phase(self):
        self.raise_objection()
        try:
            self.env.sb.frames_expected = False
            self.bench.start_clock()
            await self.bench.reset()
            self.env.watchdog.guard(200000, "register tests")
            seq = RegTestSeq("regs")
            await seq.start(self.env.ctl.seqr)
            self.env.watchdog.cancel_guard()
            self.logger.info("register tests from the map: " + ", ".join(f"{v} {k}" for k, v in seq.done.items()))
        finally:
            self.drop_objection()


@pyuvm.test()
class HcgsRegMirrorCorruptTest(HcgsRegTest):
    """The predictor's mirror is told CFG_HSIZE resets to 0x40 (the map and the DUT say 0x20):
    this test must FAIL with a register mirror mismatch, proving the mirror check can fail."""

    def start_of_simulation_phase(self):
        f = self.env.regs["CFG_HSIZE"].get_fields()[0]
        f.predict(0x40)

