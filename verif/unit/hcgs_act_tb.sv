// Unit-test wrapper of hcgs_act (simulation only): feeds bundles from a stimulus memory
// back to back, holds the c memory, and writes one line per finished cell
//   <frame> <layer> <cell> <z_i> <z_f> <z_g> <z_o> <i> <f> <g> <o> <c> <h>
// to +trace=FILE and one line per h word  <haddr> <word hex> <out> <last>  to +hwords=FILE.
// load (rising edge): $readmemh +stim=FILE into the stimulus memory and, when given,
// +cinit=FILE into the c memory (one word of 4 cells per group, cell 4g+k at [16k+15:16k]). start (rising edge): feed `count` bundles.
// Stimulus word: {gap, flast, llast, sos, layer[1:0], group[GW-1:0], z[191:0]}; gap = 1 holds
// the bundle back one cycle before the group (so the c memory's write meets no read).
// +cdump=FILE: $writememh of the c memory when done rises.
`default_nettype none

module hcgs_act_tb #(
  parameter int GW        = 12,
  parameter int NSTIM     = 4096,
  parameter int ACT_CELLS = 1,
  parameter int ACT_SHARE = 0
) (
  input  wire logic        clk,
  input  wire logic        rst_n,
  input  wire logic        load,
  input  wire logic        start,
  input  wire logic [15:0] count,
  output logic             done
);

  localparam int LW   = 2;
  localparam int CW_W = GW;
  localparam int HA_W = GW;
  localparam int SW   = 6 + LW + GW + 192;  // z, group, layer, sos, llast, flast, 3-bit gap

  logic [SW-1:0] stim [NSTIM];
  logic [SW-1:0] cur;
  logic [15:0]   idx_q;
  logic          run_q, start_q;
  logic          grp_valid, release_w, hold;
  logic [2:0]    idle_q;                   // idle cycles since the last release

  // a group's gap field: idle cycles before it is offered (0 .. 7)
  assign cur       = stim[idx_q];
  assign hold      = idle_q < cur[SW-1 -: 3];
  assign grp_valid = run_q && (idx_q < count) && !hold;

  always_ff @(posedge clk) begin
    if (!rst_n || release_w) idle_q <= '0;
    else if (run_q && hold) idle_q <= idle_q + 3'd1;
  end

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      idx_q   <= '0;
      run_q   <= 1'b0;
      start_q <= 1'b0;
    end else begin
      start_q <= start;
      if (start && !start_q) begin
        run_q <= 1'b1;
        idx_q <= '0;
      end else if (release_w) begin
        idx_q <= idx_q + 16'd1;
      end
    end
  end

  logic            c_re, c_we, h_we, out_we, out_last, early, ldone, rel;
  logic [CW_W-1:0] c_addr;
  logic [63:0]     c_rdata, c_wdata;
  logic [HA_W-1:0] h_waddr;
  logic [51:0]     h_wdata;
  logic [1:0]      out_layer;

  assign release_w = rel;

  hcgs_act #(.ACT_CELLS(ACT_CELLS), .ACT_SHARE(ACT_SHARE), .LW(LW), .GW(GW), .HA_W(HA_W), .CW_W(CW_W)) u_act (
    .clk_i        (clk),
    .rst_ni       (rst_n),
    .grp_valid_i  (grp_valid),
    .grp_z_i      (cur[191:0]),
    .grp_layer_i  (cur[192 + GW +: LW]),
    .grp_group_i  (cur[192 +: GW]),
    .grp_sos_i    (cur[192 + GW + LW]),
    .grp_out_i    (1'b1),
    .grp_tlast_i  (cur[192 + GW + LW + 1]),
    .grp_llast_i  (cur[192 + GW + LW + 1]),
    .grp_flast_i  (cur[192 + GW + LW + 2]),
    .grp_haddr_i  (cur[192 +: GW]),
    .grp_caddr_i  (cur[192 +: GW]),
    .release_o    (rel),
    .grp_valid_next_i (1'b0),                  // the core's stall prediction: not used here
    .release_next_o   (),
    .c_re_o       (c_re),
    .c_we_o       (c_we),
    .c_addr_o     (c_addr),
    .c_rdata_i    (c_rdata),
    .c_wdata_o    (c_wdata),
    .h_we_o       (h_we),
    .h_waddr_o    (h_waddr),
    .h_wdata_o    (h_wdata),
    .out_we_o     (out_we),
    .out_layer_o  (out_layer),
    .out_last_o   (out_last),
    .early_done_o (early),
    .layer_done_o (ldone),
    .probe_valid  (),
    .probe_layer  (),
    .probe_cell   (),
    .probe_z      (),
    .probe_act    (),
    .probe_c      (),
    .probe_h      (),
    .probe_frame  (),
    .probe1_z     (),
    .probe1_act   (),
    .probe1_c     (),
    .probe1_h     ()
  );

  // one port: the unit never reads and writes in the same cycle (its assertion says so)
  hcgs_ram #(.WIDTH(64), .DEPTH(1 << CW_W)) u_cmem (
    .clk_i   (clk),
    .re_i    (c_re),
    .raddr_i (c_addr),
    .rdata_o (c_rdata),
    .we_i    (c_we),
    .wmask_i (1'b1),
    .waddr_i (c_addr),
    .wdata_i (c_wdata)
  );

  // done: everything fed and the pipeline empty for a few cycles
  logic [3:0] quiet_q;
  always_ff @(posedge clk) begin
    if (!rst_n || grp_valid || u_act.v_q != 6'd0) quiet_q <= '0;
    else if (quiet_q != 4'hF) quiet_q <= quiet_q + 4'd1;
  end
  assign done = run_q && (idx_q >= count) && (quiet_q == 4'hF);

  // files
  string  stim_file, cinit_file, trace_file, hw_file;
  integer trace_fd = 0, hw_fd = 0;
  initial begin
    if ($value$plusargs("trace=%s", trace_file)) trace_fd = $fopen(trace_file, "w");
    if ($value$plusargs("hwords=%s", hw_file)) hw_fd = $fopen(hw_file, "w");
  end
  string cdump_file;
  always @(posedge done) begin
    if ($value$plusargs("cdump=%s", cdump_file)) $writememh(cdump_file, u_cmem.mem);
  end
  always @(posedge load) begin
    if ($value$plusargs("stim=%s", stim_file)) $readmemh(stim_file, stim);
    if ($value$plusargs("cinit=%s", cinit_file)) $readmemh(cinit_file, u_cmem.mem);
  end

  logic [47:0] pz;
  logic [51:0] pa;
  logic [15:0] pc;
  logic [12:0] ph;
  int          t_z[4], t_a[4], t_c, t_h;
  always @(posedge clk) begin
    if (trace_fd != 0 && rst_n === 1'b1 && u_act.probe_valid === 1'b1) begin
      for (int lane = 0; lane < ACT_CELLS; lane++) begin
        pz = lane == 0 ? u_act.probe_z : u_act.probe1_z;
        pa = lane == 0 ? u_act.probe_act : u_act.probe1_act;
        for (int k = 0; k < 4; k++) begin
          t_z[k] = int'({{20{pz[12*k + 11]}}, pz[12*k +: 12]});
          t_a[k] = int'({{19{pa[13*k + 12]}}, pa[13*k +: 13]});
        end
        pc  = lane == 0 ? u_act.probe_c : u_act.probe1_c;
        ph  = lane == 0 ? u_act.probe_h : u_act.probe1_h;
        t_c = int'({{16{pc[15]}}, pc});
        t_h = int'({{19{ph[12]}}, ph});
        $fdisplay(trace_fd, "%0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d",
                  int'(u_act.probe_frame), int'(u_act.probe_layer), int'(u_act.probe_cell) + lane,
                  t_z[0], t_z[1], t_z[2], t_z[3], t_a[0], t_a[1], t_a[2], t_a[3], t_c, t_h);
      end
      $fflush(trace_fd);
    end
    if (hw_fd != 0 && rst_n === 1'b1 && h_we === 1'b1) begin
      $fdisplay(hw_fd, "%0d %h %0d %0d %0d", int'(h_waddr), h_wdata, out_we, out_last, out_layer);
      $fflush(hw_fd);
    end
  end

  logic unused;
  assign unused = ^{early, ldone};

endmodule

`default_nettype wire
