// Unit-test wrapper of hcgs_walker (simulation only) with its tier-1 index memory and,
// for the tier-2 entries the walker finds in its weight words, a memory of those entries
// read at the weight address / WPS ($readmemh from +t1=FILE and +t2=FILE on `load`). On `start` it walks a frame of
// `nlayers` layers with the keep counts of `keep` (CFG_KEEP_L* layout, 32 bits per
// layer), starting each next layer a few cycles after the previous one ends, and stalls
// pseudo-randomly when `stall_en` is set. One line per step taken at stage B, to
// +trace=FILE:  <layer> <group> <hh> <part> <first> <last> <llast> <vword> <waddr> <baddr>
`default_nettype none

module hcgs_walker_tb #(
  parameter int LANES = 64
) (
  input  wire logic         clk,
  input  wire logic         rst_n,
  input  wire logic         load,
  input  wire logic         start,
  input  wire logic [2:0]   nlayers,
  input  wire logic [127:0] keep,
  input  wire logic [6:0]   last_group,
  input  wire logic         stall_en,
  output logic              done
);

  localparam int WPS   = 64 / LANES;
  localparam int T1_W  = 4;
  localparam int GW    = 7;
  localparam int WA_W  = 15;
  localparam int T2A_W = 15;
  localparam int T1A_W = 11;
  localparam int BA_W  = 9;
  localparam int PW    = (WPS > 1) ? $clog2(WPS) : 1;
  localparam int VW    = T1_W + 3;

  logic             frame_start, layer_start, stall;
  logic [2:0]       layer_q;
  logic             start_q, run_q, started_q;
  logic [3:0]       gap_q;
  logic             gap_run_q;
  logic [15:0]      lfsr_q;

  logic             t1_re, w_re;
  logic [T1A_W-1:0] t1_addr;
  logic [WA_W-1:0]  w_addr;
  logic [T1_W-1:0]  t1_rdata;
  logic [2:0]       t2_rdata;
  logic             a_step, a_end, busy;
  logic             b_valid, b_hh, b_first, b_last, b_llast;
  logic [VW-1:0]    b_vword;
  logic [PW-1:0]    b_part;
  logic [GW-1:0]    b_group;
  logic [WA_W-1:0]  b_waddr;               // the weight address at stage B
  logic [BA_W-1:0]  b_baddr;
  logic [31:0]      k;

  assign k = keep[32*layer_q +: 32];
  assign stall = stall_en && lfsr_q[0] && lfsr_q[3];

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      start_q   <= 1'b0;
      started_q <= 1'b0;
      run_q     <= 1'b0;
      layer_q   <= '0;
      gap_q     <= '0;
      gap_run_q <= 1'b0;
      lfsr_q    <= 16'hACE1;
    end else begin
      start_q <= start;
      lfsr_q  <= {lfsr_q[14:0], lfsr_q[15] ^ lfsr_q[13] ^ lfsr_q[12] ^ lfsr_q[10]};
      if (start && !start_q) begin
        started_q <= 1'b1;
        run_q   <= 1'b1;
        layer_q <= '0;
      end
      if (a_end) begin
        gap_run_q <= 1'b1;
        gap_q     <= 4'd0;
      end else if (gap_run_q && !stall) begin
        gap_q <= gap_q + 4'd1;
        if (gap_q == 4'd5) begin
          gap_run_q <= 1'b0;
          if (layer_q + 3'd1 < nlayers) layer_q <= layer_q + 3'd1;
          else run_q <= 1'b0;
        end
      end
    end
  end

  assign frame_start = start && !start_q;
  assign layer_start = frame_start || (gap_run_q && !stall && gap_q == 4'd5 && (layer_q + 3'd1 < nlayers));

  hcgs_walker #(
    .WPS (WPS), .T1_W (T1_W), .GW (GW), .WA_W (WA_W), .T1A_W (T1A_W), .BA_W (BA_W)
  ) u_walker (
    .clk_i          (clk),
    .rst_ni         (rst_n),
    .frame_start_i  (frame_start),
    .layer_start_i  (layer_start),
    .k1_ih_i        (k[4:0]),
    .k2_ih_i        (k[11:8]),
    .k1_hh_i        (k[20:16]),
    .k2_hh_i        (k[27:24]),
    .last_group_i   (last_group),
    .stall_i        (stall),
    .t1_re_o        (t1_re),
    .t1_addr_o      (t1_addr),
    .t1_rdata_i     (t1_rdata),
    .w_re_o         (w_re),
    .w_addr_o       (w_addr),
    .w_t2_i         (t2_rdata),
    .a_step_o       (a_step),
    .a_layer_end_o  (a_end),
    .busy_o         (busy),
    .b_valid_o      (b_valid),
    .b_vword_o      (b_vword),
    .b_hh_o         (b_hh),
    .b_part_o       (b_part),
    .b_first_o      (b_first),
    .b_last_o       (b_last),
    .b_layer_last_o (b_llast),
    .b_group_o      (b_group),
    .b_baddr_o      (b_baddr)
  );

  hcgs_ram #(.WIDTH(T1_W), .DEPTH(1 << T1A_W)) u_t1 (
    .clk_i (clk), .re_i (t1_re), .raddr_i (t1_addr), .rdata_o (t1_rdata),
    .we_i (1'b0), .wmask_i (1'b1), .waddr_i ({T1A_W{1'b0}}), .wdata_i ({T1_W{1'b0}})
  );
  hcgs_ram #(.WIDTH(3), .DEPTH(1 << T2A_W)) u_t2 (
    .clk_i (clk), .re_i (w_re), .raddr_i (T2A_W'(w_addr / WPS)), .rdata_o (t2_rdata),
    .we_i (1'b0), .wmask_i (1'b1), .waddr_i ({T2A_W{1'b0}}), .wdata_i (3'd0)
  );

  // the weight address of the step at stage B (two stages after A: B0, B)
  logic [WA_W-1:0]  b0_waddr;
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      b0_waddr <= '0;
      b_waddr  <= '0;
    end else if (!stall) begin
      b0_waddr <= w_addr;
      b_waddr  <= b0_waddr;
    end
  end

  // layer of the step at stage B (the layer counter moves only after the layer ended)
  assign done = started_q && !run_q && !busy && !b_valid;

  string  f1, f2, trace_file;
  integer fd = 0;
  initial begin
    if ($value$plusargs("trace=%s", trace_file)) fd = $fopen(trace_file, "w");
  end
  always @(posedge load) begin
    if ($value$plusargs("t1=%s", f1)) $readmemh(f1, u_t1.mem);
    if ($value$plusargs("t2=%s", f2)) $readmemh(f2, u_t2.mem);
  end
  always @(posedge clk) begin
    if (fd != 0 && rst_n === 1'b1 && b_valid === 1'b1 && stall === 1'b0) begin
      $fdisplay(fd, "%0d %0d %0d %0d %0d %0d %0d %0d %0d %0d", int'(layer_q), int'(b_group), int'(b_hh),
                int'(b_part), int'(b_first), int'(b_last), int'(b_llast), int'(b_vword),
                int'(b_waddr), int'(b_baddr));
      $fflush(fd);
    end
  end

  logic unused;
  assign unused = a_step;

endmodule

`default_nettype wire
