// Activation unit (contract section 4, steps 3 to 6): ACT_CELLS cells per cycle (1 or 2),
// fully pipelined, never stalls (ACT_SHARE = 1: one cell per 3 cycles from two tables, below).
// It empties the MAC's bundle register ACT_CELLS rows at a
// time (cells 4g+r .. 4g+r+ACT_CELLS-1) and releases it with its last rows, so a group
// takes 4 / ACT_CELLS cycles at least (contract section 9). Stages, each ending in a register
// (at most one table read, one product or one rounding adder per stage, for the clock):
//   E0: select z_i z_f z_g z_o of the rows, |z| as the tables' addresses (their registered
//       reads end E0); on the group's first rows read the group's c word (4 cells x 16 bits)
//   E1: i f g o from the table reads (sign rules); c_old from the c word
//   E2: the products f*c_old and i*g
//   E3: c' = sat(rshift_round((f*c << 2) + i*g, 14), 16)
//   E4: |tanh address| = min(rshift_round(c' ^ sign, 2), 2047), the tanh half table's
//       registered read; on the last rows the group's four c' form one c word, written once
//   E5: tanh(c')'s raw read registered (stored half, sign, beyond the cut)
//   E6: tc (its sign rule) and the product o*tc
//   E7: h' = sat(rshift_round(o*tc, 14), 13); debug probe; on the last rows the group's four
//       h form one word for the h memory and, when the layer is output, the output buffer
//       (its room was reserved before the group entered). (E6 and E7 were one stage: the
//       product, the rounding adder and the saturation into the h memory's and the output
//       buffer's write data were a 13.5-14.5 ns path of the chip build on an ECP5.)
// c memory: one port serves it. A group reads its word once (E0, first rows) and writes
// it once (E4, last rows); when the write meets the next group's read in the same cycle,
// the read goes first and the write a cycle later (the next cycle has no read: the rows
// after a group's first never read). A word is read again only a layer later.
// c_old reads as zero at the start of a sequence (grp_sos_i).
// early_done_o rises one cycle before the h write of a layer's last group, so the
// next layer's walk can start in time to read that word.
// Debug probe: lane 0 on probe_*, lane 1 (ACT_CELLS = 2, cell + 1) on probe1_*.
// ACT_SHARE = 1: a cell's five lookups share the lane's two tables. A row is taken (E0) only
// when the row before was taken 3 or more cycles ago, and not exactly 5 (below); two
// stages P1 and P2 sit between E0 and E1, so E1 .. E7 are those of the unshared unit:
//   E0: sigmoid(z_i) read; the row's z registered
//   P1: sigmoid(z_f) and tanh(z_g) read; i and c_old registered
//   P2: sigmoid(z_o) read; f and g registered
//   E1: o from the sigmoid table, with i f g c_old from P2
// In this form every read is registered raw and its sign rule is applied after that
// register (i in P2, f and g in E1, o in E2), so no rule follows a block RAM directly.
// The tanh table serves g in P1 (take + 1) and tanh(c') in E4 (take + 6): the E4 read of
// the row taken 5 cycles before a take would meet that take's P1 read, hence the rule.
`default_nettype none

module hcgs_act #(
  parameter int ACT_CELLS = 1,               // cells per cycle: 1 or 2
  parameter int ACT_SHARE = 0,               // 1: two tables per lane, one cell per 3 cycles
  parameter int LW   = 2,                    // layer index width
  parameter int GW   = 7,                    // group index width
  parameter int HA_W = 10,                   // h memory address width
  parameter int CW_W = 9                     // c memory (word) address width
) (
  input  wire logic              clk_i,
  input  wire logic              rst_ni,
  // bundle from the MAC
  input  wire logic              grp_valid_i,
  input  wire logic [16*12-1:0]  grp_z_i,
  input  wire logic [LW-1:0]     grp_layer_i,
  input  wire logic [GW-1:0]     grp_group_i,
  input  wire logic              grp_sos_i,     // start of sequence: c_old = 0
  input  wire logic              grp_out_i,     // this layer goes to the output stream
  input  wire logic              grp_tlast_i,   // ... and this group's beat ends the frame
  input  wire logic              grp_llast_i,   // last group of the layer
  input  wire logic              grp_flast_i,   // last group of the frame
  input  wire logic [HA_W-1:0]   grp_haddr_i,   // h word of this group
  input  wire logic [CW_W-1:0]   grp_caddr_i,   // c word of this group
  output logic                   release_o,
  input  wire logic              grp_valid_next_i,  // grp_valid_i of the next cycle (hcgs_mac)
  output logic                   release_next_o,    // release_o of the next cycle
  // c memory: 4 cells per word, cell 4g+k at [16k+15:16k]; never c_re_o and c_we_o together
  output logic                   c_re_o,
  output logic                   c_we_o,
  output logic [CW_W-1:0]        c_addr_o,
  input  wire logic [63:0]       c_rdata_i,
  output logic [63:0]            c_wdata_o,
  // h memory and output buffer
  output logic                   h_we_o,
  output logic [HA_W-1:0]        h_waddr_o,
  output logic [51:0]            h_wdata_o,     // 4 x 13 bits, cell 4g+k at [13k+12:13k]
  output logic                   out_we_o,
  output logic [1:0]             out_layer_o,
  output logic                   out_last_o,
  output logic                   early_done_o,  // the layer's last h is written next cycle
  output logic                   layer_done_o,  // the layer's last h is written now
  // debug probe (simulation): lane 0
  output logic                   probe_valid,
  output logic [LW-1:0]          probe_layer,
  output logic [15:0]            probe_cell,
  output logic [47:0]            probe_z,       // i f g o, 12 bits each, i in the low bits
  output logic [51:0]            probe_act,     // i f g o, 13 bits each (sigmoids zero-extended)
  output logic [15:0]            probe_c,
  output logic [12:0]            probe_h,
  output logic [31:0]            probe_frame,   // frames finished before this cell's frame
  // lane 1 (cell probe_cell + 1; ACT_CELLS = 2, else zero)
  output logic [47:0]            probe1_z,
  output logic [51:0]            probe1_act,
  output logic [15:0]            probe1_c,
  output logic [12:0]            probe1_h
);

  localparam int N    = ACT_CELLS;
  localparam bit SH   = (ACT_SHARE != 0);
  localparam int LAST = 4 - N;               // row of a group's last lanes
  // a group's tags: {sos, out, tlast, llast, flast, r, layer, group, haddr, caddr}
  localparam int TW   = 5 + 2 + LW + GW + HA_W + CW_W;

  // ------------------------------------------------------------------ E0
  logic [1:0]  r_q;
  logic        first0, last0;
  logic        take;                         // rows enter E0 this cycle
  logic [4:0]  tk_q, tk_d;                   // ACT_SHARE: take 1 .. 5 cycles ago
  logic [1:0]  r_d;
  logic        take_next;                    // take of the next cycle

  if (SH) begin : g_take_shared
    // the take rule of a bundle (valid) with the takes 1, 2 and 5 cycles before
    function automatic logic take_rule(input logic valid, input logic tk1, input logic tk2,
                                       input logic tk5);
`ifdef HCGS_BREAK_ACT_SHARE
      // deliberate fault (tests/sim/test_checks.py, never in a normal build): the rule against
      // a take 5 cycles after the last is dropped, so E4's tanh(c') read can meet P1's
      take_rule = valid && !tk1 && !tk2 && (tk5 || !tk5);
`else
      take_rule = valid && !tk1 && !tk2 && !tk5;
`endif
    endfunction
    assign tk_d = rst_ni ? {tk_q[3:0], take} : 5'd0;
    always_ff @(posedge clk_i) tk_q <= tk_d;
    assign take      = take_rule(grp_valid_i, tk_q[0], tk_q[1], tk_q[4]);
    assign take_next = take_rule(grp_valid_next_i, tk_d[0], tk_d[1], tk_d[4]);
  end else begin : g_take
    logic tk_unused;                         // no take rule without shared tables
    assign tk_q      = '0;
    assign tk_d      = '0;
    assign tk_unused = ^{tk_q, tk_d};
    assign take      = grp_valid_i;
    assign take_next = grp_valid_next_i;
  end

  assign r_d = !rst_ni ? 2'd0 : (take ? r_q + 2'(N) : r_q);
  always_ff @(posedge clk_i) r_q <= r_d;

  assign first0    = (r_q == 2'd0);
  assign last0     = (r_q == 2'(LAST));
  assign release_o = take && last0;
  // the same one cycle ahead, from the registers' next values, for the controller's
  // registered stall (hcgs_ctrl)
  assign release_next_o = take_next && (r_d == 2'(LAST));

  // valid bits of E1 .. E7 and the tags, which travel with them; ACT_SHARE: also of P1, P2
  logic [7:1]    v_q;
  logic [TW-1:0] tag0;
  logic [TW-1:0] p1_t_q, p2_t_q;
  logic [TW-1:0] e1_t_q, e2_t_q, e3_t_q, e4_t_q, e5_t_q, e6_t_q, e7_t_q;
  logic          e1_in;                      // E1 is loaded this cycle
  logic [TW-1:0] e1_tag;                     // ... with this tag

  assign tag0   = {grp_sos_i, grp_out_i, grp_tlast_i, grp_llast_i, grp_flast_i, r_q, grp_layer_i,
                   grp_group_i, grp_haddr_i, grp_caddr_i};
  assign e1_in  = SH ? tk_q[1] : take;
  assign e1_tag = SH ? p2_t_q : tag0;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) v_q <= '0;
    else         v_q <= {v_q[6:1], e1_in};
  end

  // tags: qualified by the valid bits, no reset needed
  if (SH) begin : g_ptag
    always_ff @(posedge clk_i) begin
      if (take)     p1_t_q <= tag0;
      if (tk_q[0])  p2_t_q <= p1_t_q;
    end
  end else begin : g_ptag_none
    assign p1_t_q = '0;
    assign p2_t_q = '0;
  end
  always_ff @(posedge clk_i) begin
    if (e1_in) e1_t_q <= e1_tag;
    if (v_q[1])      e2_t_q <= e1_t_q;
    if (v_q[2])      e3_t_q <= e2_t_q;
    if (v_q[3])      e4_t_q <= e3_t_q;
    if (v_q[4])      e5_t_q <= e4_t_q;
    if (v_q[5])      e6_t_q <= e5_t_q;
    if (v_q[6])      e7_t_q <= e6_t_q;
  end

  // tag fields where they are used
  localparam int T_CA = 0, T_HA = CW_W, T_G = T_HA + HA_W, T_L = T_G + GW, T_R = T_L + LW;
  localparam int T_FL = T_R + 2, T_LL = T_FL + 1, T_TL = T_LL + 1, T_OUT = T_TL + 1, T_SOS = T_OUT + 1;
  logic            cw_sos, e4_last, e6_last, e7_last;
  logic [1:0]      cw_r;
  logic [CW_W-1:0] e4_caddr;
  // the c word's row and start of sequence where c_old is taken: E1, or P1 (ACT_SHARE)
  assign cw_sos   = SH ? p1_t_q[T_SOS] : e1_t_q[T_SOS];
  assign cw_r     = SH ? p1_t_q[T_R +: 2] : e1_t_q[T_R +: 2];
  assign e4_caddr = e4_t_q[T_CA +: CW_W];
  assign e4_last  = v_q[4] && (e4_t_q[T_R +: 2] == 2'(LAST));
  assign e6_last  = v_q[6] && (e6_t_q[T_R +: 2] == 2'(LAST));
  assign e7_last  = v_q[7] && (e7_t_q[T_R +: 2] == 2'(LAST));

  // per lane: c' (E4) and h' (E7), and what the probe shows
  logic [15:0] c_new [N];
  logic [12:0] h_new [N];
  logic [47:0] lz   [N];
  logic [51:0] lact [N];
  logic [15:0] lc   [N];

  for (genvar k = 0; k < N; k++) begin : g_lane
    // ---------------------------------------------------------------- E0
    // row r_q + k of each gate: a 4-way mux on r_q (an index computed from r_q, 12*(4*gate +
    // r_q + k), became a multiplier and a shifter in synth_ecp5)
    logic [11:0] z0 [4];
    always @(*) begin
      for (int gate = 0; gate < 4; gate++) begin
        case (r_q)
          2'd0:    z0[gate] = grp_z_i[12*(gate*4 + k)     +: 12];
          2'd1:    z0[gate] = grp_z_i[12*(gate*4 + k + 1) +: 12];
          2'd2:    z0[gate] = grp_z_i[12*(gate*4 + k + 2) +: 12];
          default: z0[gate] = grp_z_i[12*(gate*4 + k + 3) +: 12];
        endcase
      end
    end

    logic [11:0] sig_i, sig_f, sig_o;        // at E1
    logic [12:0] tanh_g;                     // at E1
    logic [12:0] tanh_c;                     // at E6 (the rule on E5's raw read)
    logic [47:0] e1_z;                       // the row's z as E1 is loaded
    logic signed [15:0] c_old;               // the cell's c word (E1; ACT_SHARE: P1)
    logic signed [15:0] e1_cold;             // c_old at E1
    // tanh(c'): the stored half's registered read (E4) and its sign rule's inputs
    logic        [11:0] tc_d_q;
    logic               tc_neg_q, tc_sat_q;
    logic        [10:0] tc_mag;              // min(|a|, 2047), E4
    logic        [15:0] e4_c_q;              // c' (E3's register)

    if (!SH) begin : g_tables
    // five tables: the gates' four read in E0, tanh(c') in E4
    assign e1_z    = {z0[3], z0[2], z0[1], z0[0]};
    assign e1_cold = c_old;
    hcgs_lut_sigmoid u_sig_i (.clk_i(clk_i), .en_i(grp_valid_i), .addr_i(z0[0]), .data_o(sig_i));
`ifdef HCGS_FAULT_SIGMOID_LUT
    // fault injection (verif/faults.py, never in a normal build): gate f's sigmoid table
    // reads with bit 5 flipped
    logic [11:0] sig_f_lut;
    hcgs_lut_sigmoid u_sig_f (.clk_i(clk_i), .en_i(grp_valid_i), .addr_i(z0[1]), .data_o(sig_f_lut));
    assign sig_f = sig_f_lut ^ 12'h020;
`else
    hcgs_lut_sigmoid u_sig_f (.clk_i(clk_i), .en_i(grp_valid_i), .addr_i(z0[1]), .data_o(sig_f));
`endif
`ifdef HCGS_FAULT_TANH_LUT
    // fault injection: gate g's tanh table reads with bit 6 flipped
    logic [12:0] tanh_g_lut;
    hcgs_lut_tanh    u_tanh_g (.clk_i(clk_i), .en_i(grp_valid_i), .addr_i(z0[2]), .data_o(tanh_g_lut));
    assign tanh_g = tanh_g_lut ^ 13'h040;
`else
    hcgs_lut_tanh    u_tanh_g (.clk_i(clk_i), .en_i(grp_valid_i), .addr_i(z0[2]), .data_o(tanh_g));
`endif
    hcgs_lut_sigmoid u_sig_o (.clk_i(clk_i), .en_i(grp_valid_i), .addr_i(z0[3]), .data_o(sig_o));

    // tanh(c'): the stored half, read synchronously (the ROM's register)
    hcgs_rom_tanh u_tanh_c (.clk_i(clk_i), .en_i(v_q[4]), .m_i(tc_mag), .q_o(tc_d_q));
    always_ff @(posedge clk_i) begin
      if (v_q[4]) begin
        tc_neg_q <= e4_c_q[15];
        tc_sat_q <= (tc_mag >= 11'(hcgs_pkg::TANH_CUT));
      end
    end
    end else begin : g_tables_shared
    // two tables shared in time (ACT_SHARE, header): the sigmoid table reads z_i (E0), z_f
    // (P1), z_o (P2); the tanh table z_g (P1) and c' (E4)
    // The reads travel raw (sigmoid {sign, half}, tanh {sign, cut, half}) into the next
    // register, and each sign rule is applied after it: a rule between a table's block RAM
    // and a register (clock-to-out, a route across the die, the rule's carry chain) was the
    // chip build's longest path on an ECP5. So p2_i_q, e1_f_q, e1_g_q hold raw reads (e1_i_q
    // is i), and o reaches E1 raw: its rule comes after e2_o_q. The rules (contract section
    // 4): SIGMOID[a] = 2048 + rom[|a|] for a >= 0, 2048 - rom[|a|] below; TANH[a] =
    // sign * rom[|a|] below the cut, else 4095 or -4096.
    logic [47:0]        p1_z_q, p2_z_q;      // {o, g, f, i}
    logic        [11:0] s_raw, p2_i_q, e1_i_q, e1_f_q, s_addr, s_abs;
    logic        [10:0] s_d;
    logic               s_neg_q;
    logic        [13:0] e1_g_q;
    logic signed [15:0] p2_cold_q, e1_cold_q;
    logic        [11:0] zg_abs;
    logic        [10:0] t_m;
    logic               s_en;

    always_ff @(posedge clk_i) begin
      if (take)    p1_z_q <= {z0[3], z0[2], z0[1], z0[0]};
      if (tk_q[0]) begin
        p2_z_q    <= p1_z_q;
        p2_i_q    <= s_raw;
        p2_cold_q <= c_old;
      end
      if (tk_q[1]) begin
        e1_i_q    <= (p2_i_q[11] ? (12'd2048 - {1'b0, p2_i_q[10:0]}) : {1'b1, p2_i_q[10:0]});
        e1_f_q    <= s_raw;
        e1_g_q    <= {tc_neg_q, tc_sat_q, tc_d_q};
        e1_cold_q <= p2_cold_q;
      end
    end

    assign s_en   = take || tk_q[0] || tk_q[1];
    assign s_addr = take ? z0[0] : (tk_q[0] ? p1_z_q[23:12] : p2_z_q[47:36]);
    // the stored half at min(|z|, 2047), and z's sign beside the read (as hcgs_lut_sigmoid)
    assign s_abs  = s_addr[11] ? -s_addr : s_addr;
    hcgs_rom_sigmoid u_sig (.clk_i(clk_i), .en_i(s_en), .m_i(s_abs[11] ? 11'd2047 : s_abs[10:0]), .q_o(s_d));
    always_ff @(posedge clk_i) begin
      if (s_en) s_neg_q <= s_addr[11];
    end
    assign s_raw  = {s_neg_q, s_d};

    // the tanh table: |z_g| in P1, else tanh(c')'s address (E4); never both (the take rule)
    assign zg_abs = p1_z_q[35] ? -p1_z_q[35:24] : p1_z_q[35:24];
    assign t_m    = tk_q[0] ? (zg_abs[11] ? 11'd2047 : zg_abs[10:0]) : tc_mag;
    hcgs_rom_tanh u_tanh (.clk_i(clk_i), .en_i(tk_q[0] || v_q[4]), .m_i(t_m), .q_o(tc_d_q));
    always_ff @(posedge clk_i) begin
      if (tk_q[0] || v_q[4]) begin
        tc_neg_q <= tk_q[0] ? p1_z_q[35] : e4_c_q[15];
        tc_sat_q <= (t_m >= 11'(hcgs_pkg::TANH_CUT));
      end
    end

    assign e1_z    = p2_z_q;
    assign e1_cold = e1_cold_q;
    assign sig_i   = e1_i_q;
`ifdef HCGS_FAULT_SIGMOID_LUT
    // fault injection, as in g_tables: f's value with bit 5 flipped
    assign sig_f   = (e1_f_q[11] ? (12'd2048 - {1'b0, e1_f_q[10:0]}) : {1'b1, e1_f_q[10:0]}) ^ 12'h020;
`else
    assign sig_f   = (e1_f_q[11] ? (12'd2048 - {1'b0, e1_f_q[10:0]}) : {1'b1, e1_f_q[10:0]});
`endif
`ifdef HCGS_FAULT_TANH_LUT
    // fault injection, as in g_tables: g's value with bit 6 flipped
    assign tanh_g  = (!e1_g_q[13] ? {1'b0, e1_g_q[11:0]} : (e1_g_q[12] ? 13'h1000 : 13'(-{1'b0, e1_g_q[11:0]}))) ^ 13'h040;
`else
    assign tanh_g  = (!e1_g_q[13] ? {1'b0, e1_g_q[11:0]} : (e1_g_q[12] ? 13'h1000 : 13'(-{1'b0, e1_g_q[11:0]})));
`endif
    assign sig_o   = s_raw;                  // raw: its rule is applied after e2_o_q
`ifndef SYNTHESIS
    always @(posedge clk_i) begin
      if (rst_ni) begin
        assert (!(tk_q[0] && v_q[4]))
          else $fatal(1, "HCGS-ASSERT act_tanh_one_read at %0t: the shared tanh table read for z_g (P1) and for c' (E4) in one cycle (%m)",
                      $time);
      end
    end
`endif
    end

    // z for the probe, carried to E7
    logic [47:0] e1_z_q, e2_z_q, e3_z_q, e4_z_q, e5_z_q, e6_z_q, e7_z_q;
    always_ff @(posedge clk_i) begin
      if (e1_in)       e1_z_q <= e1_z;
      if (v_q[1])      e2_z_q <= e1_z_q;
      if (v_q[2])      e3_z_q <= e2_z_q;
      if (v_q[3])      e4_z_q <= e3_z_q;
      if (v_q[4])      e5_z_q <= e4_z_q;
      if (v_q[5])      e6_z_q <= e5_z_q;
      if (v_q[6])      e7_z_q <= e6_z_q;
    end

    // -------------------------------------------------------------- E1
    logic        [11:0] e2_i_q, e2_f_q;
    logic        [12:0] e2_g_q;
    logic signed [15:0] e2_cold_q;
    logic        [51:0] e2_act_q, e3_act_q, e4_act_q, e5_act_q, e6_act_q, e7_act_q;  // for the probe
    logic        [11:0] e2_o_q, e3_o_q, e4_o_q, e5_o_q, e6_o_q;
    logic        [11:0] o_act, e2_o;         // o at E1 and E2 (ACT_SHARE: e2_o_q holds o's raw read)

    assign o_act = SH ? (sig_o[11] ? (12'd2048 - {1'b0, sig_o[10:0]}) : {1'b1, sig_o[10:0]}) : sig_o;   // for the probe only
    assign e2_o  = SH ? (e2_o_q[11] ? (12'd2048 - {1'b0, e2_o_q[10:0]}) : {1'b1, e2_o_q[10:0]}) : e2_o_q;

    assign c_old = cw_sos ? 16'sd0 : $signed(c_rdata_i[16*(32'(cw_r) + k) +: 16]);
    always_ff @(posedge clk_i) begin
      if (v_q[1]) begin
        e2_i_q    <= sig_i;
        e2_f_q    <= sig_f;
        e2_g_q    <= tanh_g;
        e2_o_q    <= sig_o;
        e2_cold_q <= e1_cold;
        e2_act_q  <= {1'b0, o_act, tanh_g, 1'b0, sig_f, 1'b0, sig_i};
      end
      if (v_q[2]) begin e3_act_q <= e2_act_q; e3_o_q <= e2_o; end
      if (v_q[3]) begin e4_act_q <= e3_act_q; e4_o_q <= e3_o_q; end
      if (v_q[4]) begin e5_act_q <= e4_act_q; e5_o_q <= e4_o_q; end
      if (v_q[5]) begin e6_act_q <= e5_act_q; e6_o_q <= e5_o_q; end
      if (v_q[6]) e7_act_q <= e6_act_q;
    end

    // -------------------------------------------------------------- E2
    logic signed [28:0] fc;        // UQ0.12 x Q5.10, frac 22
    logic signed [25:0] ig;        // UQ0.12 x Q0.12, frac 24
    logic signed [28:0] e3_fc_q;
    logic signed [25:0] e3_ig_q;

    // The sigmoid outputs are unsigned: zero-extend them, sign-extend the signed factor
    // to the product width, and the (modular) product is the exact signed product.
    assign fc = $signed({17'd0, e2_f_q}) * $signed({{13{e2_cold_q[15]}}, e2_cold_q});
    assign ig = $signed({14'd0, e2_i_q}) * $signed({{13{e2_g_q[12]}}, e2_g_q});
    always_ff @(posedge clk_i) begin
      if (v_q[2]) begin
        e3_fc_q <= fc;
        e3_ig_q <= ig;
      end
    end

    // -------------------------------------------------------------- E3
    logic signed [31:0] csum, cshift;
    logic        [15:0] e5_c_q, e6_c_q, e7_c_q;  // for the probe

    // rshift_round(v, 14) = (v + 2^13) >>> 14; |v| < 2^30
`ifdef HCGS_FAULT_CELL_UPDATE
    // fault injection: the cell update subtracts i*g
    assign csum   = $signed({e3_fc_q[28], e3_fc_q, 2'b00}) - $signed({{6{e3_ig_q[25]}}, e3_ig_q}) + 32'sd8192;
`else
    assign csum   = $signed({e3_fc_q[28], e3_fc_q, 2'b00}) + $signed({{6{e3_ig_q[25]}}, e3_ig_q}) + 32'sd8192;
`endif
    assign cshift = csum >>> 14;
    always_ff @(posedge clk_i) begin
      if (v_q[3]) begin
        e4_c_q <= (cshift > 32'sd32767)  ? 16'h7FFF :
                  (cshift < -32'sd32768) ? 16'h8000 : cshift[15:0];
      end
      if (v_q[4]) e5_c_q <= e4_c_q;
      if (v_q[5]) e6_c_q <= e5_c_q;
      if (v_q[6]) e7_c_q <= e6_c_q;
    end
    assign c_new[k] = e4_c_q;

    // -------------------------------------------------------------- E4
    logic        [16:0] c_r2;
    logic         [1:0] c_r2_unused;

    // tanh address a = sat(rshift_round(c', 2), 12), as the half table needs it: its
    // magnitude |a| and sign. For c' < 0, -floor((c'+2)/4) = floor((~c'+2)/4), so
    // |a| = rshift_round(c' ^ sign, 2) (an XOR in front of the rounding adder, no negation);
    // |a| >= 2047 reads the table's constant part (the cut is below 2047), as the clamp does.
    assign c_r2        = {1'b0, e4_c_q ^ {16{e4_c_q[15]}}} + 17'd2;
    assign tc_mag      = (c_r2[16:2] > 15'd2047) ? 11'd2047 : c_r2[12:2];
    assign c_r2_unused = c_r2[1:0];

    // tanh(c'): its table's registered read (g_tables or g_tables_shared above)

    // -------------------------------------------------------------- E5
    // tanh(c')'s raw read {sign, beyond the cut, stored half}: its sign rule is applied in E6,
    // in front of the product (the rule between the table's block RAM and this register was
    // the chip build's longest path on an ECP5)
    logic [13:0] e6_tc_q;
    always_ff @(posedge clk_i) begin
      if (v_q[5]) e6_tc_q <= {tc_neg_q, tc_sat_q, tc_d_q};
    end

    // -------------------------------------------------------------- E6
    logic signed [25:0] otc, e7_otc_q;
    logic signed [25:0] hsh;

    // TANH[a] = |a| < cut ? sign * rom[|a|] : (sign ? -4096 : 4095)  (contract section 4)
    assign tanh_c = (!e6_tc_q[13] ? {1'b0, e6_tc_q[11:0]} : (e6_tc_q[12] ? 13'h1000 : 13'(-{1'b0, e6_tc_q[11:0]})));
    assign otc    = $signed({14'd0, e6_o_q}) * $signed({{13{tanh_c[12]}}, tanh_c});
    always_ff @(posedge clk_i) begin
      if (v_q[6]) e7_otc_q <= otc;
    end

    // -------------------------------------------------------------- E7
`ifdef HCGS_FAULT_H_OUTPUT
    // fault injection: h' truncates instead of rounding half up
    assign hsh    = e7_otc_q >>> 14;
`else
    assign hsh    = (e7_otc_q + 26'sd8192) >>> 14;
`endif
    assign h_new[k] = (hsh > 26'sd4095)  ? 13'h0FFF :
                      (hsh < -26'sd4096) ? 13'h1000 : hsh[12:0];

    assign lz[k]   = e7_z_q;
    assign lact[k] = e7_act_q;
    assign lc[k]   = e7_c_q;
  end

  // ------------------------------------------------------------------ c memory
  // the group's earlier c' wait for its last lanes; one write per group (E4)
  logic [16*LAST-1:0] cw_q;
  logic [16*N-1:0]    c_lanes;
  logic [63:0]        c_word;
  logic               c_rd, c_wr, wpend_q;
  logic [CW_W-1:0]    wpend_addr_q;
  logic [63:0]        wpend_data_q;

  always @(*) begin
    for (int k = 0; k < N; k++) c_lanes[16*k +: 16] = c_new[k];
  end
  assign c_word = {c_lanes, cw_q};
  always_ff @(posedge clk_i) begin
    if (v_q[4]) cw_q <= c_word[63:16*N];
  end

  assign c_rd = take && first0;
  assign c_wr = e4_last && !c_rd;            // the group's word, unless the read has the port

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wpend_q <= 1'b0;
    end else begin
      wpend_q <= e4_last && c_rd;
    end
  end
  always_ff @(posedge clk_i) begin
    if (e4_last) begin
      wpend_addr_q <= e4_caddr;
      wpend_data_q <= c_word;
    end
  end

  assign c_re_o    = c_rd;
  assign c_we_o    = c_wr || wpend_q;
  assign c_addr_o  = c_rd ? grp_caddr_i : (wpend_q ? wpend_addr_q : e4_caddr);
  assign c_wdata_o = wpend_q ? wpend_data_q : c_word;

  // ------------------------------------------------------------------ h word (E7)
  // the group's earlier h wait for its last lanes
  logic [13*LAST-1:0] hw_q;
  logic [13*N-1:0]    h_lanes;
  always @(*) begin
    for (int k = 0; k < N; k++) h_lanes[13*k +: 13] = h_new[k];
  end
  logic [51:0]        h_word;
  assign h_word = {h_lanes, hw_q};
  always_ff @(posedge clk_i) begin
    if (v_q[7]) hw_q <= h_word[51:13*N];
  end

  logic [31:0] frame_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) frame_q <= '0;
    else if (e7_last && e7_t_q[T_FL]) frame_q <= frame_q + 32'd1;
  end

  assign h_we_o       = e7_last;
  assign h_waddr_o    = e7_t_q[T_HA +: HA_W];
  assign h_wdata_o    = h_word;
  assign out_we_o     = e7_last && e7_t_q[T_OUT];
  assign out_layer_o  = 2'(e7_t_q[T_L +: LW]);
  assign out_last_o   = e7_t_q[T_TL];
  assign early_done_o = e6_last && e6_t_q[T_LL];
  assign layer_done_o = e7_last && e7_t_q[T_LL];

  assign probe_valid = v_q[7];
  assign probe_layer = e7_t_q[T_L +: LW];
  assign probe_cell  = 16'({e7_t_q[T_G +: GW], e7_t_q[T_R +: 2]});
  assign probe_z     = lz[0];
  assign probe_act   = lact[0];
  assign probe_c     = lc[0];
  assign probe_h     = h_new[0];
  assign probe_frame = frame_q;
  if (N > 1) begin : g_probe1
    assign probe1_z   = lz[N-1];
    assign probe1_act = lact[N-1];
    assign probe1_c   = lc[N-1];
    assign probe1_h   = h_new[N-1];
  end else begin : g_probe1_none
    assign probe1_z   = '0;
    assign probe1_act = '0;
    assign probe1_c   = '0;
    assign probe1_h   = '0;
  end

  // unused tag bits at each stage (each stage keeps the whole tag; synthesis drops the rest)
  logic tags_unused;
  assign tags_unused = ^{e1_t_q, e2_t_q, e3_t_q, e4_t_q, e5_t_q, e6_t_q, e7_t_q};

`ifndef SYNTHESIS
  // one port serves the c memory (message: HCGS-ASSERT <name> at <time>: <values>)
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!(c_re_o && c_we_o))
        else $fatal(1, "HCGS-ASSERT act_cmem_one_port at %0t: c memory read (word %0d) and written in one cycle (%m)",
                    $time, grp_caddr_i);
    end
  end
`endif

  // ------------------------------------------------------------------ parameters
`ifdef __ICARUS__
  if (N != 1 && N != 2) begin : g_bad_param
    initial $fatal(1, "HCGS-PARAM hcgs_act: ACT_CELLS=%0d; allowed 1 or 2 (a group takes at least 2 cycles)", N);
  end
  if (ACT_SHARE != 0 && !(ACT_SHARE == 1 && N == 1)) begin : g_bad_share
    initial $fatal(1, "HCGS-PARAM hcgs_act: ACT_SHARE=%0d with ACT_CELLS=%0d; allowed ACT_SHARE 0, or 1 with ACT_CELLS 1", ACT_SHARE, N);
  end
`else
  if (N != 1 && N != 2) begin : g_bad_param
    $fatal(1, "HCGS-PARAM hcgs_act: ACT_CELLS=%0d; allowed 1 or 2 (a group takes at least 2 cycles)", N);
  end
  if (ACT_SHARE != 0 && !(ACT_SHARE == 1 && N == 1)) begin : g_bad_share
    $fatal(1, "HCGS-PARAM hcgs_act: ACT_SHARE=%0d with ACT_CELLS=%0d; allowed ACT_SHARE 0, or 1 with ACT_CELLS 1", ACT_SHARE, N);
  end
`endif

endmodule

`default_nettype wire
