"""Stimulus plans: what one pyuvm test runs, drawn from the test's seed.

A plan is a uvm_object made through the factory (`StimulusPlan.create`), so a test
changes the stimulus by a factory override; the ConfigDB knobs (frames, idle,
backpressure, out_all, load, seq_kind) tune it further. Each draw uses its own derived
Generator (seeding.derive), so changing one draw leaves the others' stimulus alone.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
from pyuvm import uvm_object

from golden.config import HwConfig, LayerKeep, ModelShape
from verif.bfm.patterns import Pattern

from . import stimulus as S
from .items import ConfigItem, FrameSeqItem, ModelImageItem
from .seeding import derive


class StimulusPlan(uvm_object):
    """The build's preset shape, a normal model, mixed sequence lengths (including 1)."""
    model_profile = "normal"
    input_profile = "normal"
    seq_kind = "mixed"

    def setup(self, hw: HwConfig, preset_shape: ModelShape, knobs: dict, seed: int):
        self.hw, self.preset_shape, self.knobs, self.seed = hw, preset_shape, knobs, seed

    def rng(self, what: str) -> np.random.Generator:
        return derive(self.seed, "plan", what)

    def shape(self) -> ModelShape:
        return self.preset_shape

    def config(self) -> ConfigItem:
        return ConfigItem("config", self.shape(), bool(self.knobs.get("out_all", False)))

    def model(self, cfg: ConfigItem) -> ModelImageItem:
        q = S.random_qmodel(cfg.shape, self.rng("model"), self.model_profile)
        return ModelImageItem("model", q, self.model_profile)

    def frames(self) -> int:
        return int(self.knobs.get("frames", 4))

    def sequences(self, cfg: ConfigItem) -> list[FrameSeqItem]:
        rng = self.rng("inputs")
        kind = self.knobs.get("seq_kind", self.seq_kind)
        idle = Pattern.level(self.knobs.get("idle", "none"))
        out = []
        for i, t in enumerate(S.sequence_lengths(rng, self.frames(), kind)):
            x = S.random_inputs(rng, t, cfg.shape.isize, self.input_profile)
            out.append(FrameSeqItem(f"seq{i}", x, start=True, idle=idle))
        return out


class RandomShapePlan(StimulusPlan):
    """Layers 1..MAX, sizes multiples of 32 up to the build's maxima, keep counts from dense
    to the sparsest legal, bounded in kept weights per frame to keep simulation short."""

    def shape(self):
        cap = int(self.knobs.get("max_kept", 64 * 1024))
        return S.random_shape(self.hw, self.rng("shape"), keep_mode=self.knobs.get("keep_mode"),
                              max_kept_per_frame=cap)


class DensePlan(StimulusPlan):
    """Every block kept (K1 = cols/32, K2 = 8) in every layer of the preset. When the dense
    model of the preset's sizes overflows the memories, the sizes shrink (32 at a time,
    hidden first), never the keep counts: the test exists for the densest walk."""

    def shape(self):
        s = self.preset_shape

        def dense(isize, hsize):
            keep = tuple(LayerKeep((isize if l == 0 else hsize) // 32, 8, hsize // 32, 8) for l in range(s.layers))
            return replace(s, isize=isize, hsize=hsize, keep=keep)

        isize, hsize = s.isize, s.hsize
        while not S.fits(dense(isize, hsize), self.hw):
            if hsize > 32:
                hsize -= 32
            elif isize > 32:
                isize -= 32
            else:
                raise AssertionError(f"no dense {s.layers}-layer model fits {self.hw}")
        return dense(isize, hsize)


class SparsestPlan(StimulusPlan):
    """K1 = K2 = 1 everywhere: one sub-block per tier-1 block-row, the floor of 4 cycles a group."""

    def shape(self):
        s = self.preset_shape
        return replace(s, keep=tuple(LayerKeep(1, 1, 1, 1) for _ in range(s.layers)))


class SaturationPlan(StimulusPlan):
    """Full-scale weights and inputs: accumulators far past the z range on both sides."""
    model_profile = "saturate"
    input_profile = "full_scale"


class TailsPlan(StimulusPlan):
    """Large biases: both tails of sigmoid and tanh."""
    model_profile = "tails"


class CellSatPlan(SparsestPlan):
    """f ~ 1, i ~ 1, g = +-1: c saturates at +-32 in one long sequence (> 32 frames)."""
    model_profile = "cell_sat"
    seq_kind = "one"

    def frames(self):
        return max(40, int(self.knobs.get("frames", 40)))


class CellEdgePlan(StimulusPlan):
    """The cell state's saturation edges, exactly: one layer of 32 x 32, input element 0
    drives every cell to its limit, then biases alone hold it where c' before saturation
    is -32770 .. -32767 or 32766 .. 32769 (stimulus.cell_edge_model), in one sequence.
    Random inputs and random biases reach these values only by chance (a saturation
    bound moved by one survived every other test)."""
    model_profile = "cell_edge"
    input_profile = "zero"
    seq_kind = "one"

    def shape(self):
        return ModelShape(1, 32, 32, (LayerKeep(1, 8, 1, 1),))

    def frames(self):
        return max(S.CELL_EDGE_DRIVE + 6, int(self.knobs.get("frames", 0)))

    def model(self, cfg):
        q = S.cell_edge_model(cfg.shape.isize, cfg.shape.hsize, self.rng("model"))
        x = S.cell_edge_inputs(self.frames(), cfg.shape.isize)
        missing = sorted(set(S.CELL_EDGES) - S.cell_edges_reached(q, x))
        if missing:
            raise AssertionError(f"CellEdgePlan: the stimulus no longer reaches c' = {missing} before saturation")
        return ModelImageItem("model", q, self.model_profile)

    def sequences(self, cfg):
        idle = Pattern.level(self.knobs.get("idle", "none"))
        return [FrameSeqItem("seq0", S.cell_edge_inputs(self.frames(), cfg.shape.isize), start=True, idle=idle)]


class ZeroPlan(StimulusPlan):
    """All-zero model and inputs."""
    model_profile = "zero"
    input_profile = "zero"


class BackToBackPlan(StimulusPlan):
    """Sequences of length 1 back to back: TUSER on every frame."""
    seq_kind = "ones"


class SpeechPlan(StimulusPlan):
    """A trained model on real speech (speech/, models/fsdd/): the committed 16x FSDD model and,
    one sequence each, the committed test utterances (knob speech=samples) or every test
    utterance of the FSDD folder in the environment variable HCGS_SPEECH_DATA (speech=testset,
    the nightly). The build must hold the model: `timit`."""
    model_profile = "speech"

    def _speech(self):
        if not hasattr(self, "_sm"):
            import os
            from speech import cli, corpus, data, features, modelfile, samples
            from golden import quant
            self._sm = modelfile.load(cli.DEFAULT_MODEL)
            self._q = quant.quantise_model(self._sm.lstm)
            which = self.knobs.get("speech", "samples")
            if which == "samples":
                parts, _, _ = samples.read(cli.REPO / "models" / "fsdd" / "test_utterances.npz")
                self._codes = [self._sm.lstm.pad_input(p).astype(np.int64) for p in parts]
            elif which == "testset":
                folder = os.environ.get("HCGS_SPEECH_DATA")
                if not folder:
                    raise ValueError("knob speech=testset streams the FSDD test set: set HCGS_SPEECH_DATA=<folder "
                                     "of FSDD wav files> (make regress DATA=<folder>; models/fsdd/README.md)")
                utts = data.find(folder, "test")
                xs = corpus.frames(utts, self._sm.feature_mean, self._sm.feature_std)
                self._codes = [features.codes(x, self._q.isize) for x in xs]
            else:
                raise ValueError(f"knob speech={which!r}: allowed samples, testset")
        return self._sm, self._q, self._codes

    def shape(self):
        return self._speech()[1].shape()

    def model(self, cfg):
        return ModelImageItem("model", self._speech()[1], self.model_profile)

    def sequences(self, cfg):
        idle = Pattern.level(self.knobs.get("idle", "none"))
        return [FrameSeqItem(f"utt{i}", c, start=True, idle=idle) for i, c in enumerate(self._speech()[2])]
