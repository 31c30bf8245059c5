"""The activation unit alone on an ECP5: `python -m verif.act_fpga [--act-cells N]`.

hcgs_act's ports (about 500 bits) exceed any package's pins, so it is wrapped as in the
design: the bundle and its tags come from a shift register fed by one pin (standing in for the
MAC's bundle register), the c memory is an inferred 64-bit RAM (a block RAM, as in hcgs_core),
and every output is registered and XOR-reduced to one pin. Chip widths (LW 2, GW 7, HA_W 10,
CW_W 9). The RTL and the wrapper are written into one file (build/fpga/act<N>/act_wrap.sv)
and handed to `verif.fpga --module act_wrap --source ...`, which synthesises, places and
routes it and prints the Fmax and the critical path (docs/fpga.md).
"""
from __future__ import annotations

import argparse
import sys

from verif import fpga, runner

WRAP = """
`default_nettype none
module act_wrap (
  input  wire logic clk,
  input  wire logic rst_n,
  input  wire logic din,
  output logic      dout
);
  localparam int LW = 2, GW = 7, HA_W = 10, CW_W = 9;
  localparam int NI = 1 + 192 + LW + GW + 5 + HA_W + CW_W;
  logic [NI-1:0] in_q;
  logic rst_q;
  always_ff @(posedge clk) begin in_q <= {in_q[NI-2:0], din}; rst_q <= rst_n; end
  logic c_re, c_we; logic [CW_W-1:0] c_addr; logic [63:0] c_rdata, c_wdata;
  logic [63:0] cmem [1 << CW_W];
  always_ff @(posedge clk) begin
    if (c_we) cmem[c_addr] <= c_wdata;
    if (c_re) c_rdata <= cmem[c_addr];
  end
  logic rel, hwe, owe, olast, ed, ld; logic [HA_W-1:0] hwa; logic [51:0] hwd; logic [1:0] ol;
  hcgs_act #(.ACT_CELLS(ACT_CELLS_VALUE), .LW(LW), .GW(GW), .HA_W(HA_W), .CW_W(CW_W)) u_act (
    .clk_i(clk), .rst_ni(rst_q), .grp_valid_i(in_q[0]), .grp_z_i(in_q[192:1]),
    .grp_layer_i(in_q[194:193]), .grp_group_i(in_q[201:195]), .grp_sos_i(in_q[202]),
    .grp_out_i(in_q[203]), .grp_tlast_i(in_q[204]), .grp_llast_i(in_q[205]), .grp_flast_i(in_q[206]),
    .grp_haddr_i(in_q[216:207]), .grp_caddr_i(in_q[225:217]), .release_o(rel),
    .grp_valid_next_i(1'b0), .release_next_o(),
    .c_re_o(c_re), .c_we_o(c_we), .c_addr_o(c_addr), .c_rdata_i(c_rdata), .c_wdata_o(c_wdata),
    .h_we_o(hwe), .h_waddr_o(hwa), .h_wdata_o(hwd), .out_we_o(owe), .out_layer_o(ol), .out_last_o(olast),
    .early_done_o(ed), .layer_done_o(ld),
    .probe_valid(), .probe_layer(), .probe_cell(), .probe_z(), .probe_act(), .probe_c(), .probe_h(),
    .probe_frame(), .probe1_z(), .probe1_act(), .probe1_c(), .probe1_h());
  logic [69:0] o_q;
  always_ff @(posedge clk) begin
    o_q <= {rel, hwe, owe, olast, ed, ld, ol, hwa, hwd};
    dout <= ^o_q;
  end
endmodule
`default_nettype wire
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--act-cells", type=int, choices=(1, 2), default=1)
    ap.add_argument("--seed", type=int, default=1, help="nextpnr placement seed")
    args = ap.parse_args(argv)
    out = runner.ROOT / "build" / "fpga" / f"act{args.act_cells}"
    out.mkdir(parents=True, exist_ok=True)
    gen, hdl = runner.ROOT / "hdl" / "gen", runner.ROOT / "hdl"
    srcs = [gen / "hcgs_pkg.sv", gen / "hcgs_rom_sigmoid.sv", gen / "hcgs_rom_tanh.sv",
            gen / "hcgs_lut_sigmoid.sv", gen / "hcgs_lut_tanh.sv", hdl / "hcgs_act.sv"]
    src = out / "act_wrap.sv"
    src.write_text("\n".join(p.read_text() for p in srcs) + WRAP.replace("ACT_CELLS_VALUE", str(args.act_cells)))
    return fpga.main(["--module", "act_wrap", "--source", str(src), "--out", str(out), "--seed", str(args.seed)])


if __name__ == "__main__":
    sys.exit(main())
