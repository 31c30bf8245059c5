// Unit-test wrapper of hcgs_mac (simulation only). Issues the steps of a $readmemh
// stimulus file back to back (holding on stalls), hands the bias of a group's first step
// over two cycles later as the core's bias memory and register do, and empties the bundle like the
// activation unit (release on the 4th cycle, or later with +hold=N extra cycles), which
// exercises the stall path. Writes one line per group to +trace=FILE:
//   <group> <z_0> .. <z_15>   (entry e = gate*4 + r, signed)
// Stimulus word: {last, first, zero, part[1:0], vec[51:0], w[LANES*6-1:0], bias[255:0]}.
`default_nettype none

module hcgs_mac_tb #(
  parameter int LANES = 64,
  parameter int NSTIM = 8192
) (
  input  wire logic        clk,
  input  wire logic        rst_n,
  input  wire logic        load,
  input  wire logic        start,
  input  wire logic [15:0] count,
  output logic             done
);

  localparam int C  = LANES / 16;
  localparam int WW = LANES * 6;
  localparam int SW = 3 + 2 + 52 + WW + 256;
  localparam int PW = (C < 4) ? $clog2(4 / C) : 1;

  logic [SW-1:0] stim [NSTIM];
  logic [SW-1:0] cur;
  logic [15:0]   idx_q, grp_q;
  logic          run_q, start_q, stall, c_valid;
  logic [255:0]  bias_q, bias_s_q;
  int            hold = 0;

  initial begin
    if (!$value$plusargs("hold=%d", hold)) hold = 0;
  end

  assign cur     = stim[idx_q];
  assign c_valid = run_q && (idx_q < count);

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      idx_q   <= '0;
      run_q   <= 1'b0;
      start_q <= 1'b0;
      grp_q   <= '0;
    end else begin
      start_q <= start;
      if (start && !start_q) begin
        run_q <= 1'b1;
        idx_q <= '0;
      end else if (c_valid && !stall) begin
        idx_q <= idx_q + 16'd1;
        if (cur[SW-1]) grp_q <= grp_q + 16'd1;
      end
    end
  end

  // bias: read on the first step (stage C), through a second register (stage S) there at
  // stage D, as the core's bias memory read and bias register do
  always_ff @(posedge clk) begin
    if (c_valid && cur[SW-2] && !stall) bias_q <= cur[255:0];
    if (!stall) bias_s_q <= bias_q;
  end

  logic             d_last, grp_valid, rel;
  logic [16*12-1:0] grp_z;
  logic [15:0]      grp_tag;
  int               cnt_q;

  hcgs_mac #(.LANES(LANES), .TAG_W(16)) u_mac (
    .clk_i       (clk),
    .rst_ni      (rst_n),
    .stall_i     (stall),
    .c_valid_i   (c_valid),
    .c_first_i   (cur[SW-2]),
    .c_last_i    (cur[SW-1]),
    .c_part_i    (PW'(cur[SW-4:SW-5])),
    .c_vec_i     (cur[SW-3] ? 52'd0 : cur[256 + WW +: 52]),   // a zeroed vector, as the core's operand register gives it
    .c_w_i       (cur[256 +: WW]),
    .c_tag_i     (grp_q),
    .d_bias_i    (bias_s_q),
    .d_last_o    (d_last),
    .d_last_next_o    (),                     // the core's stall prediction: not used here
    .grp_valid_o (grp_valid),
    .grp_valid_next_o (),
    .grp_z_o     (grp_z),
    .grp_tag_o   (grp_tag),
    .release_i   (rel)
  );

  // activation-unit stand-in: a bundle stays 4 + hold cycles
  always_ff @(posedge clk) begin
    if (!rst_n || !grp_valid || rel) cnt_q <= 0;
    else cnt_q <= cnt_q + 1;
  end
  assign rel   = grp_valid && (cnt_q == 3 + hold);
  assign stall = d_last && grp_valid && !rel;

  // a new bundle is there the cycle after a load
  logic new_q;
  always_ff @(posedge clk) begin
    if (!rst_n) new_q <= 1'b0;
    else new_q <= u_mac.load;
  end

  logic [3:0] quiet_q;
  always_ff @(posedge clk) begin
    if (!rst_n || c_valid || u_mac.sv_q || u_mac.dv_q || grp_valid) quiet_q <= '0;
    else if (quiet_q != 4'hF) quiet_q <= quiet_q + 4'd1;
  end
  assign done = run_q && (idx_q >= count) && (quiet_q == 4'hF);

  string  stim_file, trace_file;
  integer fd = 0;
  initial begin
    if ($value$plusargs("trace=%s", trace_file)) fd = $fopen(trace_file, "w");
  end
  always @(posedge load) begin
    if ($value$plusargs("stim=%s", stim_file)) $readmemh(stim_file, stim);
  end

  int zv[16];
  always @(posedge clk) begin
    // only after reset: with random initial values (Verilator +verilator+rand+reset+2)
    // new_q may start at 1 and log a bundle that never existed
    if (fd != 0 && rst_n === 1'b1 && new_q === 1'b1) begin
      for (int e = 0; e < 16; e++) zv[e] = int'({{20{grp_z[12*e + 11]}}, grp_z[12*e +: 12]});
      $fdisplay(fd, "%0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d",
                int'(grp_tag), zv[0], zv[1], zv[2], zv[3], zv[4], zv[5], zv[6], zv[7],
                zv[8], zv[9], zv[10], zv[11], zv[12], zv[13], zv[14], zv[15]);
      $fflush(fd);
    end
  end

endmodule

`default_nettype wire
