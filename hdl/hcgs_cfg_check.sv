// Legality of the run-time configuration (contract sections 2 and 6, ERR bits of
// golden/regmap.py ERR_FIELDS). Purely combinational; the register file registers the
// result every cycle and uses it on START.
//   LAYERS: CFG_LAYERS outside 1 .. MAX_LAYERS
//   ISIZE / HSIZE: not a multiple of 32 in 32 .. MAX_I / MAX_H
//   KEEP: a keep count of an active layer (l < CFG_LAYERS) outside its range:
//         K1_IH 1 .. cols/32 (cols = ISIZE for layer 0, HSIZE otherwise),
//         K1_HH 1 .. HSIZE/32, K2_* 1 .. 8
//   MEM: (only when all of the above pass) the kept sub-blocks times WPS exceed
//        WMEM_DEPTH, or the tier-1 entries exceed T1_DEPTH.
`default_nettype none

module hcgs_cfg_check #(
  parameter int MAX_LAYERS = 3,
  parameter int MAX_H      = 512,
  parameter int MAX_I      = 512,
  parameter int WPS        = 1,              // weight words per kept sub-block
  parameter int WMEM_DEPTH = 6144,
  parameter int T1_DEPTH   = 1536
) (
  input  wire logic [7:0]   layers_i,
  input  wire logic [15:0]  isize_i,
  input  wire logic [15:0]  hsize_i,
  input  wire logic [127:0] keep_i,          // CFG_KEEP_L0 .. L3, 32 bits each
  output logic              err_layers_o,
  output logic              err_isize_o,
  output logic              err_hsize_o,
  output logic              err_keep_o,
  output logic              err_mem_o
);

  // keep field positions inside a CFG_KEEP_L* register
  localparam int K1_IH_LSB = hcgs_pkg::CFG_KEEP_L0_K1_IH_LSB;
  localparam int K2_IH_LSB = hcgs_pkg::CFG_KEEP_L0_K2_IH_LSB;
  localparam int K1_HH_LSB = hcgs_pkg::CFG_KEEP_L0_K1_HH_LSB;
  localparam int K2_HH_LSB = hcgs_pkg::CFG_KEEP_L0_K2_HH_LSB;

  // The memory-fit sums only count when every other check passes, so they use operand
  // widths that hold the legal values only (HSIZE <= MAX_H, K1 <= max size/32, K2 <= 8).
  localparam int MAXC = ((MAX_I > MAX_H) ? MAX_I : MAX_H) / 32;
  localparam int HG_W = $clog2(MAX_H / 4 + 1);              // HSIZE/4
  localparam int HC_W = $clog2(MAX_H / 32 + 1);             // HSIZE/32
  localparam int K1_W = $clog2(MAXC + 1);
  localparam int SB_W = K1_W + 5;                           // k1i*k2i + k1h*k2h
  localparam int WL_W = HG_W + SB_W + 2;                    // words of one layer (x WPS <= 4)
  localparam int TL_W = HC_W + K1_W + 1;                    // tier-1 entries of one layer
  localparam int WT_W = WL_W + 2;                           // totals over <= 4 layers
  localparam int TT_W = TL_W + 2;

  logic [15:0]     icols, hcols;    // block-columns: size / 32
  logic [HG_W-1:0] hg;
  logic [HC_W-1:0] hc;
  logic            keep_unused;     // keep register bits outside the fields
  logic            size_unused;

  assign icols = {5'd0, isize_i[15:5]};
  assign hcols = {5'd0, hsize_i[15:5]};
  assign hg    = HG_W'(hsize_i[15:2]);
  assign hc    = HC_W'(hsize_i[15:5]);
  assign size_unused = ^hsize_i[1:0];

  assign err_layers_o = (layers_i == 8'd0) || (32'(layers_i) > MAX_LAYERS);
  assign err_isize_o  = (isize_i[4:0] != 5'd0) || (isize_i == 16'd0) || (32'(isize_i) > MAX_I);
  assign err_hsize_o  = (hsize_i[4:0] != 5'd0) || (hsize_i == 16'd0) || (32'(hsize_i) > MAX_H);

  logic [MAX_LAYERS-1:0] bad_l;
  logic [WL_W-1:0]       words_l [MAX_LAYERS];
  logic [TL_W-1:0]       t1_l [MAX_LAYERS];

  for (genvar l = 0; l < MAX_LAYERS; l++) begin : g_layer
    logic [4:0]      k1i, k1h;
    logic [3:0]      k2i, k2h;
    logic [K1_W-1:0] k1i_n, k1h_n;
    logic [SB_W-1:0] sub;
    logic            active;
    assign k1i    = keep_i[32*l + K1_IH_LSB +: 5];
    assign k2i    = keep_i[32*l + K2_IH_LSB +: 4];
    assign k1h    = keep_i[32*l + K1_HH_LSB +: 5];
    assign k2h    = keep_i[32*l + K2_HH_LSB +: 4];
    assign active = (32'(l) < 32'(layers_i));
    assign bad_l[l] = active &&
        (k1i == 5'd0 || 16'(k1i) > ((l == 0) ? icols : hcols) || k2i == 4'd0 || k2i > 4'd8 ||
         k1h == 5'd0 || 16'(k1h) > hcols || k2h == 4'd0 || k2h > 4'd8);
    assign k1i_n = K1_W'(k1i);
    assign k1h_n = K1_W'(k1h);
    // kept sub-blocks per group; words = groups x sub-blocks x WPS
    // (operands are widened before multiplying: no product is truncated)
    assign sub        = SB_W'(k1i_n) * SB_W'(k2i) + SB_W'(k1h_n) * SB_W'(k2h);
    assign words_l[l] = active ? WL_W'(hg) * WL_W'(sub) * WL_W'(WPS) : '0;
    // tier-1 entries = block-rows x (K1_ih + K1_hh)
    assign t1_l[l]    = active ? TL_W'(hc) * (TL_W'(k1i_n) + TL_W'(k1h_n)) : '0;
  end

  logic [WT_W-1:0] words_tot;
  logic [TT_W-1:0] t1_tot;
  always_comb begin
    words_tot = '0;
    t1_tot    = '0;
    for (int l = 0; l < MAX_LAYERS; l++) begin
      words_tot = words_tot + WT_W'(words_l[l]);
      t1_tot    = t1_tot + TT_W'(t1_l[l]);
    end
  end

  assign err_keep_o = |bad_l;
  assign err_mem_o  = !(err_layers_o || err_isize_o || err_hsize_o || err_keep_o) &&
                      ((32'(words_tot) > WMEM_DEPTH) || (32'(t1_tot) > T1_DEPTH));

  // Only the field bits of the active layers' keep registers are looked at.
  assign keep_unused = ^keep_i;

endmodule

`default_nettype wire
