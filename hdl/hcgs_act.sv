// Activation unit (contract section 4, steps 3 to 6): one cell per cycle, fully
// pipelined, never stalls. It empties the MAC's bundle register one row r (cell 4g+r)
// per cycle and releases it on the fourth.
//   E0: select z_i z_f z_g z_o of row r, address the four tables, read c_old
//   E1: i f g o and c_old; c' = sat(rshift_round((f*c << 2) + i*g, 14), 16);
//       write c'; address TANH with sat(rshift_round(c', 2), 12)
//   E2: tc; h' = sat(rshift_round(o*tc, 14), 13); debug probe; on row 3 the group's
//       four h form one word for the h memory and, when the layer is output, the
//       output buffer (its room was reserved before the group entered).
// c_old reads as zero at the start of a sequence (grp_sos_i).
// early_done_o rises one cycle before the h write of a layer's last group, so the
// next layer's walk can start in time to read that word.
`default_nettype none

module hcgs_act #(
  parameter int LW   = 2,                    // layer index width
  parameter int GW   = 7,                    // group index width
  parameter int HA_W = 10,                   // h memory address width
  parameter int CA_W = 11                    // c memory address width
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
  input  wire logic [CA_W-1:0]   grp_cbase_i,   // c address of row 0 (multiple of 4)
  output logic                   release_o,
  // c memory
  output logic                   c_re_o,
  output logic [CA_W-1:0]        c_raddr_o,
  input  wire logic [15:0]       c_rdata_i,
  output logic                   c_we_o,
  output logic [CA_W-1:0]        c_waddr_o,
  output logic [15:0]            c_wdata_o,
  // h memory and output buffer
  output logic                   h_we_o,
  output logic [HA_W-1:0]        h_waddr_o,
  output logic [51:0]            h_wdata_o,     // 4 x 13 bits, cell 4g+k at [13k+12:13k]
  output logic                   out_we_o,
  output logic [1:0]             out_layer_o,
  output logic                   out_last_o,
  output logic                   early_done_o,  // the layer's last h is written next cycle
  output logic                   layer_done_o,  // the layer's last h is written now
  // debug probe (simulation)
  output logic                   probe_valid,
  output logic [LW-1:0]          probe_layer,
  output logic [15:0]            probe_cell,
  output logic [47:0]            probe_z,       // i f g o, 12 bits each, i in the low bits
  output logic [51:0]            probe_act,     // i f g o, 13 bits each (sigmoids zero-extended)
  output logic [15:0]            probe_c,
  output logic [12:0]            probe_h,
  output logic [31:0]            probe_frame    // frames finished before this cell's frame
);

  // ------------------------------------------------------------------ E0
  logic [1:0]  r_q;
  logic [11:0] z0 [4];

  always_comb begin
    for (int gate = 0; gate < 4; gate++) begin
      z0[gate] = grp_z_i[12*(gate*4 + 32'(r_q)) +: 12];
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) r_q <= 2'd0;
    else if (grp_valid_i) r_q <= r_q + 2'd1;
  end

  assign release_o = grp_valid_i && (r_q == 2'd3);
  assign c_re_o    = grp_valid_i;
  assign c_raddr_o = grp_cbase_i | CA_W'(r_q);

  logic [11:0] sig_i, sig_f, sig_o;
  logic [12:0] tanh_g, tanh_c;

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

  // E1 registers
  logic            e1_v_q, e1_sos_q, e1_out_q, e1_tlast_q, e1_llast_q, e1_flast_q;
  logic [1:0]      e1_r_q;
  logic [LW-1:0]   e1_layer_q;
  logic [GW-1:0]   e1_g_q;
  logic [HA_W-1:0] e1_haddr_q;
  logic [CA_W-1:0] e1_caddr_q;
  logic [47:0]     e1_z_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      e1_v_q <= 1'b0;
    end else begin
      e1_v_q <= grp_valid_i;
    end
  end

  // tags and probe data: qualified by the valid bits, no reset needed
  always_ff @(posedge clk_i) begin
    if (grp_valid_i) begin
      e1_sos_q   <= grp_sos_i;
      e1_out_q   <= grp_out_i;
      e1_tlast_q <= grp_tlast_i;
      e1_llast_q <= grp_llast_i;
      e1_flast_q <= grp_flast_i;
      e1_r_q     <= r_q;
      e1_layer_q <= grp_layer_i;
      e1_g_q     <= grp_group_i;
      e1_haddr_q <= grp_haddr_i;
      e1_caddr_q <= c_raddr_o;
      e1_z_q     <= {z0[3], z0[2], z0[1], z0[0]};
    end
  end

  // ------------------------------------------------------------------ E1
  logic signed [15:0] c_old;
  logic signed [28:0] fc;        // UQ0.12 x Q5.10, frac 22
  logic signed [25:0] ig;        // UQ0.12 x Q0.12, frac 24
  logic signed [31:0] csum, cshift;
  logic        [15:0] c_new;
  logic        [16:0] c_r2;
  logic         [1:0] c_r2_unused;
  logic        [11:0] tc_mag;
  logic        [11:0] tc_rom;

  // The sigmoid outputs are unsigned: zero-extend them, sign-extend the signed factor
  // to the product width, and the (modular) product is the exact signed product.
  assign c_old  = e1_sos_q ? 16'sd0 : $signed(c_rdata_i);
  assign fc     = $signed({17'd0, sig_f}) * $signed({{13{c_old[15]}}, c_old});
  assign ig     = $signed({14'd0, sig_i}) * $signed({{13{tanh_g[12]}}, tanh_g});
  // rshift_round(v, 14) = (v + 2^13) >>> 14; |v| < 2^30
`ifdef HCGS_FAULT_CELL_UPDATE
  // fault injection: the cell update subtracts i*g
  assign csum   = $signed({fc[28], fc, 2'b00}) - $signed({{6{ig[25]}}, ig}) + 32'sd8192;
`else
  assign csum   = $signed({fc[28], fc, 2'b00}) + $signed({{6{ig[25]}}, ig}) + 32'sd8192;
`endif
  assign cshift = csum >>> 14;
  assign c_new  = (cshift > 32'sd32767)  ? 16'h7FFF :
                  (cshift < -32'sd32768) ? 16'h8000 : cshift[15:0];
  // tanh address a = sat(rshift_round(c', 2), 12), as the half table needs it: its
  // magnitude |a| and sign. For c' < 0, -floor((c'+2)/4) = floor((~c'+2)/4), so
  // |a| = rshift_round(c' ^ sign, 2) (an XOR in front of the rounding adder, no negation);
  // |a| >= 2048 reads the table's constant part (the cut is below 2048), as the clamp does.
  assign c_r2    = {1'b0, c_new ^ {16{c_new[15]}}} + 17'd2;
  assign tc_mag  = (c_r2[16:2] > 15'd2048) ? 12'd2048 : c_r2[13:2];
  assign c_r2_unused = c_r2[1:0];

  assign c_we_o    = e1_v_q;
  assign c_waddr_o = e1_caddr_q;
  assign c_wdata_o = c_new;

  // tanh(c'): the stored half, registered; the sign rule is applied in E2
  hcgs_rom_tanh u_tanh_c (.m_i(tc_mag), .d_o(tc_rom));
  logic [11:0] tc_d_q;
  logic        tc_neg_q, tc_sat_q;
  always_ff @(posedge clk_i) begin
    if (e1_v_q) begin
      tc_d_q   <= tc_rom;
      tc_neg_q <= c_new[15];
      tc_sat_q <= (tc_mag >= 12'(hcgs_pkg::TANH_CUT));
    end
  end

  // E2 registers
  logic            e2_v_q, e2_out_q, e2_tlast_q, e2_llast_q, e2_flast_q;
  logic [1:0]      e2_r_q;
  logic [LW-1:0]   e2_layer_q;
  logic [GW-1:0]   e2_g_q;
  logic [HA_W-1:0] e2_haddr_q;
  logic [47:0]     e2_z_q;
  logic [51:0]     e2_act_q;
  logic [15:0]     e2_c_q;
  logic [11:0]     e2_o_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      e2_v_q <= 1'b0;
    end else begin
      e2_v_q <= e1_v_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (e1_v_q) begin
      e2_out_q   <= e1_out_q;
      e2_tlast_q <= e1_tlast_q;
      e2_llast_q <= e1_llast_q;
      e2_flast_q <= e1_flast_q;
      e2_r_q     <= e1_r_q;
      e2_layer_q <= e1_layer_q;
      e2_g_q     <= e1_g_q;
      e2_haddr_q <= e1_haddr_q;
      e2_z_q     <= e1_z_q;
      e2_act_q   <= {1'b0, sig_o, tanh_g, 1'b0, sig_f, 1'b0, sig_i};
      e2_c_q     <= c_new;
      e2_o_q     <= sig_o;
    end
  end

  // ------------------------------------------------------------------ E2
  logic signed [25:0] otc;
  logic signed [25:0] hsh;
  logic        [12:0] h_new;

  // TANH[a] = |a| < cut ? sign * rom[|a|] : (sign ? -4096 : 4095)  (contract section 4)
  assign tanh_c = !tc_neg_q ? {1'b0, tc_d_q} : (tc_sat_q ? 13'h1000 : 13'(-{1'b0, tc_d_q}));
  assign otc   = $signed({14'd0, e2_o_q}) * $signed({{13{tanh_c[12]}}, tanh_c});
`ifdef HCGS_FAULT_H_OUTPUT
  // fault injection: h' truncates instead of rounding half up
  assign hsh   = otc >>> 14;
`else
  assign hsh   = (otc + 26'sd8192) >>> 14;
`endif
  assign h_new = (hsh > 26'sd4095)  ? 13'h0FFF :
                 (hsh < -26'sd4096) ? 13'h1000 : hsh[12:0];

  // the group's first three h wait for the fourth
  logic [38:0] hw_q;
  always_ff @(posedge clk_i) begin
    if (e2_v_q) hw_q <= {h_new, hw_q[38:13]};
  end

  logic [31:0] frame_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) frame_q <= '0;
    else if (e2_v_q && (e2_r_q == 2'd3) && e2_flast_q) frame_q <= frame_q + 32'd1;
  end

  logic row3;
  assign row3 = e2_v_q && (e2_r_q == 2'd3);

  assign h_we_o       = row3;
  assign h_waddr_o    = e2_haddr_q;
  assign h_wdata_o    = {h_new, hw_q};
  assign out_we_o     = row3 && e2_out_q;
  assign out_layer_o  = 2'(e2_layer_q);
  assign out_last_o   = e2_tlast_q;
  assign early_done_o = e1_v_q && (e1_r_q == 2'd3) && e1_llast_q;
  assign layer_done_o = row3 && e2_llast_q;

  assign probe_valid = e2_v_q;
  assign probe_layer = e2_layer_q;
  assign probe_cell  = 16'({e2_g_q, e2_r_q});
  assign probe_z     = e2_z_q;
  assign probe_act   = e2_act_q;
  assign probe_c     = e2_c_q;
  assign probe_h     = h_new;
  assign probe_frame = frame_q;

endmodule

`default_nettype wire
