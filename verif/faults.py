"""Fault injection: one known break of the RTL per entry, compiled in only by
`make sim FAULT=<name>` (define HCGS_FAULT_<NAME>, its own build folder; never in a
normal build). Each entry says where the failure record must place the first divergence
(CONFIG=tiny, HcgsSmokeTest): the datapath stage (verif/uvm/localise.py STAGES), the layer
and, where the fault is confined to one gate, the gate. tests/sim/test_faults.py checks
that it does, and that `make repro` reproduces the same mismatch.
"""
from __future__ import annotations

from dataclasses import dataclass

from .uvm.localise import STAGES


@dataclass(frozen=True)
class Fault:
    name: str
    where: str          # RTL file
    what: str
    stage: str          # the failure record's divergence.stage
    layer: int
    gate: str | None    # None: not confined to one gate (the record names the first)

    @property
    def define(self) -> str:
        return f"HCGS_FAULT_{self.name.upper()}"


FAULTS: tuple[Fault, ...] = (
    Fault("mac_lane", "hdl/hcgs_mac.sv", "the multiplier of gate f, row 2, column 0 flips bit 9 of its product",
          "mac_lane", 0, "f"),
    Fault("accumulate", "hdl/hcgs_mac.sv", "the accumulator of gate g, row 1 forgets its running sum",
          "accumulate", 0, "g"),
    Fault("z_round", "hdl/hcgs_mac.sv", "gate o's z truncates instead of rounding half up",
          "z_round", 0, "o"),
    Fault("sigmoid_lut", "hdl/hcgs_act.sv", "gate f's sigmoid table reads with bit 5 flipped",
          "sigmoid_lut", 0, "f"),
    Fault("tanh_lut", "hdl/hcgs_act.sv", "gate g's tanh table reads with bit 6 flipped",
          "tanh_lut", 0, "g"),
    Fault("cell_update", "hdl/hcgs_act.sv", "the cell update subtracts i*g instead of adding it",
          "cell_update", 0, None),
    Fault("h_output", "hdl/hcgs_act.sv", "h' = o*tanh(c') truncates instead of rounding half up",
          "h_output", 0, None),
    Fault("walker_index", "hdl/hcgs_walker.sv", "the vector word index takes the neighbouring sub-block column",
          "operand_fetch", 0, None),
    Fault("stream_pack", "hdl/hcgs_axis_out.sv", "elements 1 and 2 of every output beat swap places",
          "stream_pack", 1, None),
    Fault("drop_beat", "hdl/hcgs_axis_out.sv", "control: the sixth output beat after reset is lost",
          "output_beats", 1, None),
    Fault("layer_switch", "hdl/hcgs_ctrl.sv", "control: layer 0 switches to layer 1 one group early",
          "missing_cells", 0, None),
)

#: the few that `make test` injects (one per kind of check); --regress injects all
SMOKE = ("mac_lane", "z_round", "drop_beat")

assert all(f.stage in STAGES for f in FAULTS)


def by_name(name: str) -> Fault:
    for f in FAULTS:
        if f.name == name:
            return f
    raise ValueError(f"unknown fault {name!r}: known {', '.join(f.name for f in FAULTS)} (make faults)")
