"""Which datapath stage made the first divergence (pure functions, no simulator).

The cell trace says at which quantity a cell first differs (z, an activation, c, h, or no
line at all). A z difference is refined with the MAC trace (verif/tb/hcgs_tb.sv
`+mactrace=`): per group the sum of each lane's products and the 16 accumulators before
rounding, compared with the same sums computed from the model:

    one lane's product sum differs         -> mac_lane       (one multiplier)
    several lanes' product sums differ     -> operand_fetch  (walker index, x/h or weight read)
    product sums agree, accumulator differs -> accumulate    (bias preload, adder tree, accumulator)
    accumulators agree, z differs          -> z_round        (rshift_round / sat to Q3.8)

`STAGES` names every stage the failure record can name and what it means.
"""
from __future__ import annotations

import numpy as np

from .trace import GATES, Divergence, MacGroup

STAGES = {
    "mac_lane": "MAC lane: one lane's products differ (stage C multiplier)",
    "operand_fetch": "operands: several lanes' products differ (walker index, x/h or weight read)",
    "accumulate": "accumulate: products agree, the accumulator differs (bias preload, adder tree)",
    "z_round": "z rounding: accumulators agree, z = sat(rshift_round(acc, 7), 12) differs",
    "mac": "MAC (products, accumulation or z rounding; no MAC trace line to tell which)",
    "sigmoid_lut": "sigmoid table: z agrees, sigmoid(z) differs",
    "tanh_lut": "tanh table: z agrees, tanh(z) of gate g differs",
    "cell_update": "cell update: activations agree, c' differs",
    "h_output": "h output: c' agrees, h' = o * tanh(c') differs",
    "missing_cells": "control: cells of a layer were never computed (no trace line)",
    "missing_frame": "control: a whole frame/layer was never computed (no trace line)",
    "stream_pack": "output stream: every cell agrees, the beat's data/TUSER/TLAST differ (packing)",
    "output_beats": "control: every cell agrees, the output has missing or extra beats",
    "output_frames": "control: every cell agrees, output frames are missing or extra",
}


def model_group(q, u_ih: np.ndarray, u_hh: np.ndarray, layer: int, group: int, lanes: int) -> MacGroup:
    """The model's MAC trace line of one group: lane product sums and accumulators.

    `u_ih` (I_l,) the layer's input vector (padded x or h of layer-1), `u_hh` (H,) its
    previous h (zeros at a sequence start). Lane n = (gate*4 + r)*C + j takes the columns
    c of the kept sub-blocks with c % C == j (contract sections 4 and 5)."""
    lq = q.layers[layer]
    hs = lq.w_hh.shape[1]
    cc = lanes // 16
    rows = np.array([gate * hs + 4 * group + r for gate in range(4) for r in range(4)])
    lane = np.zeros(16 * cc, np.int64)
    for w, u in ((lq.w_ih, u_ih), (lq.w_hh, u_hh)):
        prod = w[rows].astype(np.int64) * np.asarray(u, np.int64)[None, :]      # (16, cols)
        cols = np.arange(prod.shape[1])
        for j in range(cc):
            lane[np.arange(16) * cc + j] += prod[:, cols % cc == j].sum(axis=1)
    acc = (lq.bias[rows].astype(np.int64) << 5) + lane.reshape(16, cc).sum(axis=1)
    return MacGroup(acc, lane, -1)


def refine_z(d: Divergence, rtl: MacGroup | None, model: MacGroup, lanes: int) -> tuple[str, str]:
    """(stage, detail) of a z divergence from the RTL's and the model's MAC trace lines."""
    if rtl is None:
        return "mac", "no MAC trace line for this group"
    cc = lanes // 16
    bad = [int(n) for n in np.flatnonzero(rtl.lanes != model.lanes)]

    def lane_name(n):
        e, j = divmod(n, cc)
        return f"lane {n} (gate {GATES[e // 4]}, row {e % 4}, column {j})"

    if len(bad) == 1:
        n = bad[0]
        return "mac_lane", (f"{lane_name(n)}: RTL product sum {int(rtl.lanes[n])}, "
                            f"model {int(model.lanes[n])}")
    if bad:
        return "operand_fetch", (f"{len(bad)} of {16 * cc} lanes' product sums differ "
                                 f"(first {lane_name(bad[0])}: RTL {int(rtl.lanes[bad[0]])}, "
                                 f"model {int(model.lanes[bad[0]])})")
    bad_acc = [int(e) for e in np.flatnonzero(rtl.acc != model.acc)]
    if bad_acc:
        e = bad_acc[0]
        return "accumulate", (f"every lane's product sum agrees; accumulator {e} (gate {GATES[e // 4]}, "
                              f"row {e % 4}) RTL {int(rtl.acc[e])}, model {int(model.acc[e])}")
    e = GATES.index(d.gate) * 4 + d.cell % 4
    return "z_round", f"accumulator {e} agrees ({int(model.acc[e])}), z RTL {d.rtl}, model {d.model}"


def stage_of(d: Divergence, rtl_layer_present: bool = True) -> str:
    """The stage of a divergence not at z (z needs `refine_z`)."""
    if d.stage == "missing":
        return "missing_cells" if rtl_layer_present else "missing_frame"
    if d.stage == "act":
        return "tanh_lut" if d.gate == "g" else "sigmoid_lut"
    return {"c": "cell_update", "h": "h_output"}[d.stage]
