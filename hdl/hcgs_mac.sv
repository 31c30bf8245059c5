// MAC array (contract sections 4 and 9). Stage C: LANES = 16*C signed products
// w (Q0.5, 6 bits) x u (Q2.10, 13 bits), exact in 19 bits (-32 * -4096 = 2^17 needs the
// 19th bit). Lane n = (gate*4 + r)*C + j multiplies column j of the part with weight
// bits [6n+5:6n]. Stage S: per accumulator e = gate*4 + r the adder tree over the C
// columns into the sum register (added for the clock: the tree, the accumulate and the
// rounding of z in one cycle were the chip build's longest path on an ECP5, 17 ns).
// Stage D: the 32-bit accumulator adds the sum, preloaded with bias<<5 on the first step
// of a group. On the last step the 16 sums are rounded and saturated to z (Q3.8,
// sat(rshift_round(acc, 7), 12)) into the bundle register, which the activation unit
// empties one cell per cycle (release_i on its fourth cell), so the next group
// accumulates at once. Stage C/S/D registers and the accumulators hold while stall_i.
`default_nettype none

module hcgs_mac #(
  parameter int LANES = 64,                  // 16, 32 or 64
  parameter int TAG_W = 8,                   // group tag carried to the bundle
  parameter int C     = LANES / 16,          // columns per cycle
  parameter int WPS   = 4 / C,
  parameter int PW    = (WPS > 1) ? $clog2(WPS) : 1
) (
  input  wire logic               clk_i,
  input  wire logic               rst_ni,
  input  wire logic               stall_i,
  // stage C
  input  wire logic               c_valid_i,
  input  wire logic               c_first_i,
  input  wire logic               c_last_i,
  input  wire logic [PW-1:0]      c_part_i,
  input  wire logic [51:0]        c_vec_i,    // 4 elements of 13 bits (one sub-block's columns)
  input  wire logic [LANES*6-1:0] c_w_i,
  input  wire logic [TAG_W-1:0]   c_tag_i,
  // stage D: the bias of a group's first step, there two cycles after stage C had the step
  input  wire logic [255:0]       d_bias_i,   // 16 Q5.10 biases, entry e at [16e+15:16e]
  output logic                    d_last_o,   // stage D holds the last step of a group
  output logic                    d_last_next_o,     // d_last_o of the next cycle
  // bundle
  output logic                    grp_valid_o,
  output logic                    grp_valid_next_o,  // grp_valid_o of the next cycle
  output logic [16*12-1:0]        grp_z_o,    // z of entry e = gate*4 + r at [12e+11:12e]
  output logic [TAG_W-1:0]        grp_tag_o,
  input  wire logic               release_i   // the activation unit takes its last cell
);

  // Coded for event-driven simulators as well as for synthesis: the products and the
  // accumulators with the rounding of z are computed inside clocked processes (one per
  // lane, one per accumulator), which Icarus evaluates once per cycle, instead of by
  // chains of continuous assignments, which it re-evaluates on every change of any input
  // and whose reads of the prod_q / acc_q array words it re-checks on every word written
  // (the same logic: 16*C multipliers into prod_q, 16 adder trees into sum_q, 16
  // accumulators). The adder trees stay generate branches per C (a build elaborates only
  // its own tree), each in its own clocked process.

  // ------------------------------------------------------------------ stage C
  logic signed [12:0] u [C];
  logic signed [18:0] prod_q [16*C];
  logic               sv_q, sfirst_q, slast_q;  // the step whose products are in prod_q
  logic [TAG_W-1:0]   stag_q;
  logic               dv_q, dlast_q;  // the step whose sums are in sum_q (its first: g_acc's first_q)
  logic [TAG_W-1:0]   dtag_q;

  // column j of the part: a mux on c_part_i (an index computed from it, 13*(part*C + j),
  // became a MULT18X18D and a shifter in front of the products in synth_ecp5: 8 ns of the
  // design's longest path); with one part per sub-block (LANES = 64) no mux at all
  for (genvar j = 0; j < C; j++) begin : g_col
    logic [12:0] col;
    if (WPS == 1) begin : g_part1
      logic part_unused;                     // one part: c_part_i is always 0
      assign part_unused = c_part_i[0];
      assign col = c_vec_i[13*j +: 13];
    end else if (WPS == 2) begin : g_part2
      assign col = c_part_i[0] ? c_vec_i[13*(C + j) +: 13] : c_vec_i[13*j +: 13];
    end else begin : g_part4
      assign col = c_part_i[1] ? (c_part_i[0] ? c_vec_i[13*(3*C + j) +: 13] : c_vec_i[13*(2*C + j) +: 13])
                               : (c_part_i[0] ? c_vec_i[13*(C + j) +: 13]   : c_vec_i[13*j +: 13]);
    end
    assign u[j] = $signed(col);
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sv_q     <= 1'b0;
      sfirst_q <= 1'b0;
      slast_q  <= 1'b0;
      stag_q   <= '0;
      dv_q     <= 1'b0;
      dlast_q  <= 1'b0;
      dtag_q   <= '0;
    end else if (!stall_i) begin
      sv_q     <= c_valid_i;
      sfirst_q <= c_first_i;
      slast_q  <= c_last_i;
      stag_q   <= c_tag_i;
      dv_q     <= sv_q;
      dlast_q  <= slast_q;
      dtag_q   <= stag_q;
    end
  end

  // products: datapath, no reset (qualified by dv_q)
  for (genvar n = 0; n < 16*C; n++) begin : g_lane
    always_ff @(posedge clk_i) begin
      if (!stall_i) begin
`ifdef HCGS_FAULT_MAC_LANE
        // fault injection (verif/faults.py, never in a normal build): the lane of gate f,
        // row 2, column 0 flips bit 9 of its product
        if (n == (1*4 + 2)*C) prod_q[n] <= (19'($signed(c_w_i[6*n +: 6])) * 19'(u[n % C])) ^ 19'sd512;
        else                  prod_q[n] <= 19'($signed(c_w_i[6*n +: 6])) * 19'(u[n % C]);
`else
        prod_q[n] <= 19'($signed(c_w_i[6*n +: 6])) * 19'(u[n % C]);
`endif
      end
    end
  end

  // ------------------------------------------------------------------ stage S
  // Per accumulator e = gate*4 + r: the adder tree over its C columns, plus on a group's
  // first step the rounding half of z (64), so that the accumulator holds acc + 64 and z
  // needs no adder after the accumulator's (|sum| <= 4 * 2^17 + 64, 21 bits). One clocked
  // process per accumulator (Icarus: one evaluation per cycle, no continuous read of
  // prod_q's words); datapath, no reset (qualified by dv_q).
  logic signed [20:0] sum_q [16];

  // the rounding half (fault injection in verif/faults.py only: gate o's accumulators leave
  // it out, so its z truncates); the testbench's MAC trace subtracts it (rnd) to report the
  // accumulators before rounding
`ifdef HCGS_FAULT_Z_ROUND
  localparam logic [15:0] RND = 16'h0FFF;
`else
  localparam logic [15:0] RND = 16'hFFFF;
`endif
  logic [15:0] rnd;
  assign rnd = RND;

  for (genvar e = 0; e < 16; e++) begin : g_sum
    logic [20:0] half;                       // 64 on a group's first step, else 0
    assign half = {14'd0, rnd[e] && sfirst_q, 6'd0};
    if (C == 1) begin : g_c1
      always_ff @(posedge clk_i) begin
        if (!stall_i) sum_q[e] <= 21'(prod_q[e]) + half;
      end
    end else if (C == 2) begin : g_c2
      always_ff @(posedge clk_i) begin
        if (!stall_i) sum_q[e] <= (21'(prod_q[2*e]) + 21'(prod_q[2*e + 1])) + half;
      end
    end else begin : g_c4
      always_ff @(posedge clk_i) begin
        if (!stall_i) sum_q[e] <= (21'(prod_q[4*e]) + 21'(prod_q[4*e + 1])) + (21'(prod_q[4*e + 2]) + 21'(prod_q[4*e + 3]) + half);
      end
    end
  end

  // ------------------------------------------------------------------ stage D
  // Per accumulator: the accumulator (datapath, no reset: always preloaded on a group's
  // first step) adds the sum; on the group's last step z = sat(rshift_round(acc, 7), 12)
  // into the bundle register. The per-cycle path has no local variables (Icarus starts a
  // thread for every run of a named block with locals): the rounding, on the last step
  // only, is a function of the same sum.
  logic signed [31:0] acc_q [16];
  logic        [11:0] bz_q [16];
  logic               load;

  assign load = dv_q && dlast_q && !stall_i;

  // z of one accumulator: sat((acc + 64) >>> 7, 12) (rounding half up; |acc| < 2^30). The
  // accumulator holds acc + 64 already (the first step's sum adds the half), so z is that
  // value >>> 7 saturated: its range is tested on the bits above the 12-bit result (all
  // equal to the sign). No adder after the accumulator's (for the clock: a second carry
  // chain, then the increment of the result with its own saturation test, were the chip
  // build's longest path on an ECP5).
  function automatic logic [11:0] z_of(input logic signed [31:0] acc_rnd);
    logic [24:0] t;
    logic        low_unused;
    low_unused = ^acc_rnd[6:0];      // below the result: rounded away
    t = acc_rnd[31:7];
    if (t[24:11] != {14{t[24]}}) z_of = t[24] ? 12'h800 : 12'h7FF;   // beyond 12 bits
    else z_of = t[11:0];
  endfunction

  // the running sum an accumulator adds to (fault injection in verif/faults.py only: the
  // accumulator of gate g, row 1 forgets it)
`ifdef HCGS_FAULT_ACCUMULATE
  `define HCGS_MAC_PREV(E) (((E) == 2*4 + 1) ? 32'sd0 : acc_q[E])
`else
  `define HCGS_MAC_PREV(E) acc_q[E]
`endif

  for (genvar e = 0; e < 16; e++) begin : g_acc
    // the preload: bias (Q5.10) << 5, sign-extended (the rounding half comes with the sum)
    logic signed [31:0] bias;
    assign bias = $signed({{11{d_bias_i[16*e + 15]}}, d_bias_i[16*e +: 16], 5'd0});
    // the step's first flag, one copy per accumulator: the preload select of its 32 bits (one
    // flip-flop for all 16 drove 512 loads: 2.8 ns of routing on the chip build's longest
    // path on an ECP5); keep: synthesis would merge the 16 equal flip-flops into one
    logic first_q;
    (* keep *) always_ff @(posedge clk_i) begin
      if (!rst_ni) first_q <= 1'b0;
      else if (!stall_i) first_q <= sfirst_q;
    end
    always_ff @(posedge clk_i) begin
      if (dv_q && !stall_i) begin
        acc_q[e] <= (first_q ? bias : `HCGS_MAC_PREV(e)) + 32'(sum_q[e]);
        if (dlast_q) bz_q[e] <= z_of((first_q ? bias : `HCGS_MAC_PREV(e)) + 32'(sum_q[e]));
      end
      // the bundle register's reset (after the update: it takes precedence)
      if (!rst_ni) bz_q[e] <= '0;
    end
    assign grp_z_o[12*e +: 12] = bz_q[e];
  end

  `undef HCGS_MAC_PREV

  // ------------------------------------------------------------------ bundle
  logic             bv_q;
  logic [TAG_W-1:0] btag_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      bv_q   <= 1'b0;
      btag_q <= '0;
    end else begin
      if (load) begin
        bv_q   <= 1'b1;
        btag_q <= dtag_q;
      end else if (release_i) begin
        bv_q <= 1'b0;
      end
    end
  end

  assign d_last_o    = dv_q && dlast_q;
  assign grp_valid_o = bv_q;
  // the same one cycle ahead, from the registers' next values, for the controller's
  // registered stall (hcgs_ctrl)
  assign d_last_next_o    = rst_ni && (stall_i ? (dv_q && dlast_q) : (sv_q && slast_q));
  assign grp_valid_next_o = rst_ni && (load || (bv_q && !release_i));
  assign grp_tag_o   = btag_q;

endmodule

`default_nettype wire
