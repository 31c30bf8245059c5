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

  logic [31:0] words_tot, t1_tot;
  logic        keep_bad;
  logic [15:0] icols, hcols;     // block-columns: size / 32
  logic        keep_unused;      // keep register bits outside the fields

  logic [31:0] hgroups;           // HSIZE/4
  assign hgroups = 32'(hsize_i[15:2]);
  assign icols = {5'd0, isize_i[15:5]};
  assign hcols = {5'd0, hsize_i[15:5]};

  assign err_layers_o = (layers_i == 8'd0) || (32'(layers_i) > MAX_LAYERS);
  assign err_isize_o  = (isize_i[4:0] != 5'd0) || (isize_i == 16'd0) || (32'(isize_i) > MAX_I);
  assign err_hsize_o  = (hsize_i[4:0] != 5'd0) || (hsize_i == 16'd0) || (32'(hsize_i) > MAX_H);

  always_comb begin
    logic [4:0]  k1i, k1h;
    logic [3:0]  k2i, k2h;
    logic [15:0] cols;
    keep_bad  = 1'b0;
    words_tot = '0;
    t1_tot    = '0;
    for (int l = 0; l < MAX_LAYERS; l++) begin
      k1i  = keep_i[32*l + K1_IH_LSB +: 5];
      k2i  = keep_i[32*l + K2_IH_LSB +: 4];
      k1h  = keep_i[32*l + K1_HH_LSB +: 5];
      k2h  = keep_i[32*l + K2_HH_LSB +: 4];
      cols = (l == 0) ? icols : hcols;
      if (32'(l) < 32'(layers_i)) begin
        if (k1i == 5'd0 || 16'(k1i) > cols || k2i == 4'd0 || k2i > 4'd8 ||
            k1h == 5'd0 || 16'(k1h) > hcols || k2h == 4'd0 || k2h > 4'd8) begin
          keep_bad = 1'b1;
        end
        // groups (HSIZE/4) x kept sub-blocks per group x WPS words
        words_tot = words_tot + hgroups *
                    (32'(k1i) * 32'(k2i) + 32'(k1h) * 32'(k2h)) * 32'(WPS);
        // block-rows (HSIZE/32) x (K1_ih + K1_hh) entries
        t1_tot = t1_tot + 32'(hcols) * (32'(k1i) + 32'(k1h));
      end
    end
  end

  assign err_keep_o = keep_bad;
  assign err_mem_o  = !(err_layers_o || err_isize_o || err_hsize_o || keep_bad) &&
                      ((words_tot > 32'(WMEM_DEPTH)) || (t1_tot > 32'(T1_DEPTH)));

  // Only the field bits of the active layers' keep registers are looked at.
  assign keep_unused = ^keep_i;

endmodule

`default_nettype wire
