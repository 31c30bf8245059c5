// Legality of the run-time configuration (contract sections 2 and 6, ERR bits of
// golden/regmap.py ERR_FIELDS). Pipelined (contract section 9, START): stage A registers
// the range flags and per layer the sub-block sum k1i*k2i + k1h*k2h and k1i + k1h; stage B
// the per-layer products (words, tier-1 entries); the totals and compares after stage B
// are combinational and the register file registers them (chk_q), so a configuration
// written in one cycle is checked 3 cycles after the write takes effect. Both stages
// reset to zero, the result of the legal reset configuration.
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
  input  wire logic         clk_i,
  input  wire logic         rst_ni,          // synchronous, active low
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
  localparam int KS_W = K1_W + 1;                           // k1i + k1h
  localparam int WL_W = HG_W + SB_W + 2;                    // words of one layer (x WPS <= 4)
  localparam int TL_W = HC_W + K1_W + 1;                    // tier-1 entries of one layer
  localparam int WT_W = WL_W + 2;                           // totals over <= 4 layers
  localparam int TT_W = TL_W + 2;

  logic [15:0]     icols, hcols;    // block-columns: size / 32
  logic            keep_unused;     // keep register bits outside the fields
  logic            size_unused;

  assign icols = {5'd0, isize_i[15:5]};
  assign hcols = {5'd0, hsize_i[15:5]};
  assign size_unused = ^hsize_i[1:0];

  // ---------------------------------------------------------------------------------
  // Stage A: range flags, per-layer sub-block sums
  // ---------------------------------------------------------------------------------
  logic                  a_layers_q, a_isize_q, a_hsize_q, a_keep_q;
  logic [HG_W-1:0]       a_hg_q;
  logic [HC_W-1:0]       a_hc_q;
  logic [MAX_LAYERS-1:0] a_active_q;
  logic [SB_W-1:0]       a_sub_q [MAX_LAYERS];
  logic [KS_W-1:0]       a_k1s_q [MAX_LAYERS];

  logic [MAX_LAYERS-1:0] bad_l, active_l;
  logic [SB_W-1:0]       sub_l [MAX_LAYERS];
  logic [KS_W-1:0]       k1s_l [MAX_LAYERS];

  for (genvar l = 0; l < MAX_LAYERS; l++) begin : g_layer
    logic [4:0]      k1i, k1h;
    logic [3:0]      k2i, k2h;
    logic [K1_W-1:0] k1i_n, k1h_n;
    assign k1i    = keep_i[32*l + K1_IH_LSB +: 5];
    assign k2i    = keep_i[32*l + K2_IH_LSB +: 4];
    assign k1h    = keep_i[32*l + K1_HH_LSB +: 5];
    assign k2h    = keep_i[32*l + K2_HH_LSB +: 4];
    assign active_l[l] = (32'(l) < 32'(layers_i));
    assign bad_l[l] = active_l[l] &&
        (k1i == 5'd0 || 16'(k1i) > ((l == 0) ? icols : hcols) || k2i == 4'd0 || k2i > 4'd8 ||
         k1h == 5'd0 || 16'(k1h) > hcols || k2h == 4'd0 || k2h > 4'd8);
    assign k1i_n = K1_W'(k1i);
    assign k1h_n = K1_W'(k1h);
    // kept sub-blocks per group (operands are widened before multiplying: no product
    // is truncated)
    // k1 * k2 summed over both matrices as partial products, one per bit of k2, added in a
    // balanced tree: synth_ecp5 maps every multiplication to a MULT18X18D, and these few-bit
    // products through the multiplier column were 13-14 ns paths of the chip build on an
    // ECP5, as was a chain of adds. (Plain assigns, not a function: with an automatic
    // function here Icarus left an unrelated always @(*), the activation unit's row select,
    // unevaluated, X.)
    logic [SB_W-1:0] pp [8];
    for (genvar b = 0; b < 4; b++) begin : g_pp
      assign pp[b]     = k2i[b] ? (SB_W'(k1i_n) << b) : '0;
      assign pp[4 + b] = k2h[b] ? (SB_W'(k1h_n) << b) : '0;
    end
    assign sub_l[l] = ((pp[0] + pp[1]) + (pp[2] + pp[3])) + ((pp[4] + pp[5]) + (pp[6] + pp[7]));
    assign k1s_l[l] = KS_W'(k1i_n) + KS_W'(k1h_n);
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_layers_q <= 1'b0;
      a_isize_q  <= 1'b0;
      a_hsize_q  <= 1'b0;
      a_keep_q   <= 1'b0;
      a_hg_q     <= '0;
      a_hc_q     <= '0;
      a_active_q <= '0;
      for (int l = 0; l < MAX_LAYERS; l++) begin
        a_sub_q[l] <= '0;
        a_k1s_q[l] <= '0;
      end
    end else begin
      a_layers_q <= (layers_i == 8'd0) || (32'(layers_i) > MAX_LAYERS);
      a_isize_q  <= (isize_i[4:0] != 5'd0) || (isize_i == 16'd0) || (32'(isize_i) > MAX_I);
      a_hsize_q  <= (hsize_i[4:0] != 5'd0) || (hsize_i == 16'd0) || (32'(hsize_i) > MAX_H);
      a_keep_q   <= |bad_l;
      a_hg_q     <= HG_W'(hsize_i[15:2]);
      a_hc_q     <= HC_W'(hsize_i[15:5]);
      a_active_q <= active_l;
      for (int l = 0; l < MAX_LAYERS; l++) begin
        a_sub_q[l] <= sub_l[l];
        a_k1s_q[l] <= k1s_l[l];
      end
    end
  end

  // ---------------------------------------------------------------------------------
  // Stage B: per-layer products
  //   words = groups (HSIZE/4) x kept sub-blocks per group x WPS
  //   tier-1 entries = block-rows (HSIZE/32) x (K1_ih + K1_hh)
  // ---------------------------------------------------------------------------------
  // tier-1 entries: block-rows x (k1i + k1h) as partial products, one per bit of HSIZE/32
  // (at most 5: MAX_H <= 512), added in a balanced tree (as the sub-block sums above)
  logic [TL_W-1:0] t1_l [MAX_LAYERS];
  for (genvar l = 0; l < MAX_LAYERS; l++) begin : g_t1
    logic [TL_W-1:0] tp [8];
    for (genvar b = 0; b < 8; b++) begin : g_tp
      if (b < HC_W) begin : g_bit
        assign tp[b] = a_hc_q[b] ? (TL_W'(a_k1s_q[l]) << b) : '0;
      end else begin : g_none
        assign tp[b] = '0;
      end
    end
    assign t1_l[l] = ((tp[0] + tp[1]) + (tp[2] + tp[3])) + ((tp[4] + tp[5]) + (tp[6] + tp[7]));
  end

  logic            b_layers_q, b_isize_q, b_hsize_q, b_keep_q;
  logic [WL_W-1:0] b_words_q [MAX_LAYERS];
  logic [TL_W-1:0] b_t1_q [MAX_LAYERS];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      b_layers_q <= 1'b0;
      b_isize_q  <= 1'b0;
      b_hsize_q  <= 1'b0;
      b_keep_q   <= 1'b0;
      for (int l = 0; l < MAX_LAYERS; l++) begin
        b_words_q[l] <= '0;
        b_t1_q[l]    <= '0;
      end
    end else begin
      b_layers_q <= a_layers_q;
      b_isize_q  <= a_isize_q;
      b_hsize_q  <= a_hsize_q;
      b_keep_q   <= a_keep_q;
      for (int l = 0; l < MAX_LAYERS; l++) begin
        b_words_q[l] <= a_active_q[l] ? WL_W'(a_hg_q) * WL_W'(a_sub_q[l]) * WL_W'(WPS) : '0;
        b_t1_q[l]    <= a_active_q[l] ? t1_l[l] : '0;
      end
    end
  end

  // ---------------------------------------------------------------------------------
  // Totals and compares (registered by the register file)
  // ---------------------------------------------------------------------------------
  logic [WT_W-1:0] words_tot;
  logic [TT_W-1:0] t1_tot;
  always @(*) begin
    words_tot = '0;
    t1_tot    = '0;
    for (int l = 0; l < MAX_LAYERS; l++) begin
      words_tot = words_tot + WT_W'(b_words_q[l]);
      t1_tot    = t1_tot + TT_W'(b_t1_q[l]);
    end
  end

  assign err_layers_o = b_layers_q;
  assign err_isize_o  = b_isize_q;
  assign err_hsize_o  = b_hsize_q;
  assign err_keep_o   = b_keep_q;
  assign err_mem_o    = !(b_layers_q || b_isize_q || b_hsize_q || b_keep_q) &&
                        ((32'(words_tot) > WMEM_DEPTH) || (32'(t1_tot) > T1_DEPTH));

  // Only the field bits of the active layers' keep registers are looked at.
  assign keep_unused = ^keep_i;

endmodule

`default_nettype wire
