// Raw harness (contract section 11): hcgs_lstm_top with no Python and no VPI, built with
// `verilator --binary` (or Icarus: iverilog/vvp) by verif/raw.py (`make sim HARNESS=raw`);
// time unit 1 ns from the build (--timescale / +timescale). Everything it needs is in the
// folder given by +dir=DIR, written by verif/raw.py from the golden package:
//   wmem.hex t1mem.hex t2mem.hex bmem.hex   back-door images ($readmemh, python -m golden export)
//   regs.txt        register writes before START, one "<addr hex> <data hex>" per line
//   s_axis_play.hex the input frames as hcgs_axis_player buffer words (from ring index 0)
//   m_axis_pattern.hex  the backpressure pattern as run lengths (hcgs_axis_collector)
// plusargs: +beats=N (input beats in the file), +frames_out=N (output frames to wait for),
// +pat_n=N (pattern runs, 0: TREADY held high), +max_cycles=N (watchdog).
// Output: m_axis_beats.txt (every output beat with its cycle, for the golden check) and
// result.txt (counters, cycles); stdout lines "raw: stream start" / "raw: stream end" are
// flushed as they happen so the caller can time the streaming phase.
`default_nettype none

module hcgs_raw_tb #(
  parameter int MAX_LAYERS = 3,
  parameter int MAX_H      = 512,
  parameter int MAX_I      = 512,
  parameter int LANES      = 64,
  parameter int WMEM_DEPTH = 6144,
  parameter int T1_DEPTH   = 1536,
  parameter int ACT_CELLS  = 1,
  parameter int ACT_SHARE  = 1,
  parameter int RING_AW    = 17
);
  logic        clk = 1'b0;
  logic        rst_n = 1'b0;
  logic [19:0] awaddr = '0, araddr = '0;
  logic        awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0, arvalid = 1'b0, rready = 1'b0;
  logic [31:0] wdata = '0;
  logic        awready, wready, bvalid, arready, rvalid;
  logic [1:0]  bresp, rresp;
  logic [31:0] rdata;
  logic [63:0] s_tdata, m_tdata;
  logic [0:0]  s_tuser;
  logic [1:0]  m_tuser;
  logic        s_tlast, s_tvalid, s_tready, m_tlast, m_tvalid, m_tready, irq;

  always #5 clk = ~clk;

  hcgs_lstm_top #(
    .MAX_LAYERS (MAX_LAYERS), .MAX_H (MAX_H), .MAX_I (MAX_I), .LANES (LANES),
    .WMEM_DEPTH (WMEM_DEPTH), .T1_DEPTH (T1_DEPTH), .ACT_CELLS (ACT_CELLS),
    .ACT_SHARE (ACT_SHARE)
  ) u_dut (
    .clk (clk), .rst_n (rst_n),
    .s_axil_awaddr (awaddr), .s_axil_awprot (3'd0), .s_axil_awvalid (awvalid), .s_axil_awready (awready),
    .s_axil_wdata (wdata), .s_axil_wstrb (4'hF), .s_axil_wvalid (wvalid), .s_axil_wready (wready),
    .s_axil_bresp (bresp), .s_axil_bvalid (bvalid), .s_axil_bready (bready),
    .s_axil_araddr (araddr), .s_axil_arprot (3'd0), .s_axil_arvalid (arvalid), .s_axil_arready (arready),
    .s_axil_rdata (rdata), .s_axil_rresp (rresp), .s_axil_rvalid (rvalid), .s_axil_rready (rready),
    .s_axis_tdata (s_tdata), .s_axis_tuser (s_tuser), .s_axis_tlast (s_tlast), .s_axis_tvalid (s_tvalid),
    .s_axis_tready (s_tready),
    .m_axis_tdata (m_tdata), .m_axis_tuser (m_tuser), .m_axis_tlast (m_tlast), .m_axis_tvalid (m_tvalid),
    .m_axis_tready (m_tready),
    .irq (irq)
  );

  hcgs_axis_player #(.NAME("s_axis"), .DATA_W(64), .USER_W(1), .AW(RING_AW)) u_play (
    .clk (clk), .tdata (s_tdata), .tuser (s_tuser), .tlast (s_tlast), .tvalid (s_tvalid), .tready (s_tready)
  );

  hcgs_axis_collector #(.NAME("m_axis"), .DATA_W(64), .USER_W(2)) u_col (
    .clk (clk), .rst_n (rst_n), .tdata (m_tdata), .tuser (m_tuser), .tlast (m_tlast), .tvalid (m_tvalid),
    .tready (m_tready), .tready_o (m_tready)
  );

  // ------------------------------------------------------------------ AXI4-Lite tasks
  // AW and W together; a slave that never answers ends the run with a message.
  task automatic axil_write(input logic [19:0] addr, input logic [31:0] data);
    int n;
    logic aw_done, w_done;
    @(negedge clk);
    awaddr = addr; wdata = data; awvalid = 1'b1; wvalid = 1'b1; bready = 1'b1;
    aw_done = 1'b0; w_done = 1'b0;
    for (n = 0; !(aw_done && w_done); n++) begin
      @(posedge clk);
      if (awready) aw_done = 1'b1;
      if (wready)  w_done  = 1'b1;
      #1;
      if (aw_done) awvalid = 1'b0;
      if (w_done)  wvalid  = 1'b0;
      if (n > 1000) $fatal(1, "raw: AXI4-Lite write %h: AWREADY/WREADY not seen in 1000 cycles", addr);
    end
    for (n = 0; !bvalid; n++) begin
      @(posedge clk);
      #1;
      if (n > 1000) $fatal(1, "raw: AXI4-Lite write %h: BVALID not seen in 1000 cycles", addr);
    end
    // bvalid is high: the next edge takes the response
    if (bresp != 2'd0) $fatal(1, "raw: AXI4-Lite write %h = %h answered %0d (not OKAY)", addr, data, bresp);
    @(posedge clk);
    #1 bready = 1'b0;
  endtask

  task automatic axil_read(input logic [19:0] addr, output logic [31:0] data);
    int n;
    @(negedge clk);
    araddr = addr; arvalid = 1'b1; rready = 1'b1;
    n = 0;
    do begin
      @(posedge clk);
      if (++n > 1000) $fatal(1, "raw: AXI4-Lite read %h: ARREADY not seen in 1000 cycles", addr);
    end while (!arready);
    #1 arvalid = 1'b0;
    for (n = 0; !rvalid; n++) begin
      @(posedge clk);
      #1;
      if (n > 1000) $fatal(1, "raw: AXI4-Lite read %h: RVALID not seen in 1000 cycles", addr);
    end
    data = rdata;
    if (rresp != 2'd0) $fatal(1, "raw: AXI4-Lite read %h answered %0d (not OKAY)", addr, rresp);
    @(posedge clk);
    #1 rready = 1'b0;
  endtask

  // ------------------------------------------------------------------ the run
  string       dir;
  int          beats, frames_out, pat_n, fd, rc, res_fd;
  longint      max_cycles, c_start, c_end;
  logic [31:0] a, d, v;
  logic [63:0] cyc = '0;
  always @(posedge clk) cyc <= cyc + 64'd1;

  always @(posedge clk) begin
    if (rst_n && max_cycles > 0 && longint'(cyc) > max_cycles)
      $fatal(1, "raw: watchdog: %0d output frames of %0d after %0d cycles (+max_cycles)",
             u_col.frames, frames_out, cyc);
  end

  string images_dir = "";
  logic  bd_load = 1'b0;
  // Back-door loading of the physical parameter memories (contract section 11): on a
  // rising edge of bd_load every macro of u_core.u_params' memories reads its image file
  // <images_dir>/sram_<mem>_r<r>c<c>.hex (python -m golden export); the geometry is
  // hcgs_sram_banked's arithmetic (the same in verif/tb/hcgs_tb.sv).
  localparam int BD_WPW   = LANES * hcgs_pkg::W_W + hcgs_pkg::T2_W;   // weight word + tier-2 field
  localparam int BD_T1W   = ((MAX_I > MAX_H ? MAX_I : MAX_H) / 32 > 2) ? $clog2((MAX_I > MAX_H ? MAX_I : MAX_H) / 32) : 1;
  localparam int BD_BW    = 16 * hcgs_pkg::B_W;
  localparam int BD_BDEP  = MAX_LAYERS * MAX_H / 4;
  localparam int BD_MD    = hcgs_pkg::SRAM_MAX_D;
  localparam int BD_MW    = hcgs_pkg::SRAM_MAX_W;

  for (genvar r = 0; r < (WMEM_DEPTH + BD_MD - 1) / BD_MD; r++) begin : g_bd_w
    for (genvar c = 0; c < (BD_WPW + BD_MW - 1) / BD_MW; c++) begin : g_col
      always @(posedge bd_load)
        $readmemh($sformatf("%s/sram_wmem_r%0dc%0d.hex", images_dir, r, c),
                  u_dut.u_core.u_params.u_wmem.g_row[r].g_col[c].u_macro.mem);
    end
  end
  for (genvar r = 0; r < (T1_DEPTH + BD_MD - 1) / BD_MD; r++) begin : g_bd_t1
    for (genvar c = 0; c < (BD_T1W + BD_MW - 1) / BD_MW; c++) begin : g_col
      always @(posedge bd_load)
        $readmemh($sformatf("%s/sram_t1mem_r%0dc%0d.hex", images_dir, r, c),
                  u_dut.u_core.u_params.u_t1mem.g_row[r].g_col[c].u_macro.mem);
    end
  end
  for (genvar r = 0; r < (BD_BDEP + BD_MD - 1) / BD_MD; r++) begin : g_bd_b
    for (genvar c = 0; c < (BD_BW + BD_MW - 1) / BD_MW; c++) begin : g_col
      always @(posedge bd_load)
        $readmemh($sformatf("%s/sram_bmem_r%0dc%0d.hex", images_dir, r, c),
                  u_dut.u_core.u_params.u_bmem.g_row[r].g_col[c].u_macro.mem);
    end
  end

  initial begin
    if (!$value$plusargs("dir=%s", dir)) $fatal(1, "raw: +dir=DIR is required");
    if (!$value$plusargs("beats=%d", beats)) $fatal(1, "raw: +beats=N is required");
    if (!$value$plusargs("frames_out=%d", frames_out)) $fatal(1, "raw: +frames_out=N is required");
    if (!$value$plusargs("pat_n=%d", pat_n)) pat_n = 0;
    if (!$value$plusargs("max_cycles=%d", max_cycles)) max_cycles = 0;
    if (beats > (1 << RING_AW)) $fatal(1, "raw: %0d input beats, the player holds %0d", beats, 1 << RING_AW);
    repeat (4) @(posedge clk);
    #1 rst_n = 1'b1;
    // back-door load
    images_dir = dir;
    bd_load = 1'b1;
    #1;
    // registers, START last in the file
    fd = $fopen({dir, "/regs.txt"}, "r");
    if (fd == 0) $fatal(1, "raw: cannot open %s/regs.txt", dir);
    while ($fscanf(fd, "%h %h\n", a, d) == 2) axil_write(a[19:0], d);
    $fclose(fd);
    axil_read(20'(hcgs_pkg::REG_ERR), v);
    if (v != 0) $fatal(1, "raw: START refused the configuration: ERR=%h", v);
    // streams
    u_col.pat_n = pat_n[12:0];
    if (pat_n > 0) u_col.pat_load = ~u_col.pat_load;
    u_col.rmode = 2'd2;
    u_play.fill = beats;
    u_play.enable = 1'b1;
    u_play.load = ~u_play.load;
    @(posedge clk);
    c_start = longint'(cyc);
    $display("raw: stream start at cycle %0d", c_start);
    $fflush();
    wait (u_col.frames == frames_out);
    @(posedge clk);
    c_end = longint'(cyc);
    $display("raw: stream end at cycle %0d", c_end);
    $fflush();
    res_fd = $fopen({dir, "/result.txt"}, "w");
    $fwrite(res_fd, "stream_cycles %0d\n", c_end - c_start);
    $fwrite(res_fd, "accepted_beats %0d\n", u_play.taken);
    axil_read(20'(hcgs_pkg::REG_CNT_BUSY), v);      $fwrite(res_fd, "CNT_BUSY %0d\n", v);
    axil_read(20'(hcgs_pkg::REG_CNT_MAC), v);       $fwrite(res_fd, "CNT_MAC %0d\n", v);
    axil_read(20'(hcgs_pkg::REG_CNT_STALL_IN), v);  $fwrite(res_fd, "CNT_STALL_IN %0d\n", v);
    axil_read(20'(hcgs_pkg::REG_CNT_STALL_OUT), v); $fwrite(res_fd, "CNT_STALL_OUT %0d\n", v);
    axil_read(20'(hcgs_pkg::REG_CNT_FRAMES), v);    $fwrite(res_fd, "CNT_FRAMES %0d\n", v);
    $fwrite(res_fd, "total_cycles %0d\n", cyc);
    $fclose(res_fd);
    $finish;
  end
endmodule

`default_nettype wire
