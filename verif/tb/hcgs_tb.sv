// cocotb toplevel (contract section 11): hcgs_lstm_top with every port under the same
// name, plus
//   bd_load   rising edge: $readmemh wmem.hex t1mem.hex t2mem.hex bmem.hex from the
//             folder of plusarg +images=DIR (default ".") into the parameter memories
//   stream components: a player (hcgs_axis_player) that can drive s_axis, a recorder of
//             s_axis and a collector of m_axis (hcgs_axis_collector) that can drive
//             m_axis_tready; s_axis_sv / m_axis_sv select them
//   +trace=FILE  one line per finished cell from the activation unit's debug probe:
//             <frame> <layer> <cell> <z_i> <z_f> <z_g> <z_o> <i> <f> <g> <o> <c> <h>
// Simulation only. Works with Icarus 11/12 and Verilator 5.048.
// With `define GATE_LEVEL the DUT is Yosys' netlist of hcgs_lstm_top (parameters already
// applied, hierarchy and array names not kept): no parameter override, no back-door load,
// no probe trace; front-door tests run unchanged.
`default_nettype none

module hcgs_tb #(
  parameter int MAX_LAYERS = 3,
  parameter int MAX_H      = 512,
  parameter int MAX_I      = 512,
  parameter int LANES      = 64,
  parameter int WMEM_DEPTH = 6144,
  parameter int T1_DEPTH   = 1536,
  parameter int ACT_CELLS  = 1,
  parameter int ACT_SHARE  = 1
) (
  input  wire logic        clk,
  input  wire logic        rst_n,
  input  wire logic [19:0] s_axil_awaddr,
  input  wire logic [2:0]  s_axil_awprot,
  input  wire logic        s_axil_awvalid,
  output logic             s_axil_awready,
  input  wire logic [31:0] s_axil_wdata,
  input  wire logic [3:0]  s_axil_wstrb,
  input  wire logic        s_axil_wvalid,
  output logic             s_axil_wready,
  output logic [1:0]       s_axil_bresp,
  output logic             s_axil_bvalid,
  input  wire logic        s_axil_bready,
  input  wire logic [19:0] s_axil_araddr,
  input  wire logic [2:0]  s_axil_arprot,
  input  wire logic        s_axil_arvalid,
  output logic             s_axil_arready,
  output logic [31:0]      s_axil_rdata,
  output logic [1:0]       s_axil_rresp,
  output logic             s_axil_rvalid,
  input  wire logic        s_axil_rready,
  input  wire logic [63:0] s_axis_tdata,
  input  wire logic [0:0]  s_axis_tuser,
  input  wire logic        s_axis_tlast,
  input  wire logic        s_axis_tvalid,
  output logic             s_axis_tready,
  output logic [63:0]      m_axis_tdata,
  output logic [1:0]       m_axis_tuser,
  output logic             m_axis_tlast,
  output logic             m_axis_tvalid,
  input  wire logic        m_axis_tready,
  output logic             irq,
  input  wire logic        bd_load
);

  // ----------------------------------------------------------------- clock
  // Everything here runs on `tb_clk`. It is `clk` (driven by cocotb), except in builds with
  // `define HCGS_SV_CLOCK (verif/run.py; Verilator needs --timing) when the testbench sets
  // `clk_sel`: then the testbench's own clock `clk_sv` drives it, so no simulator-to-Python
  // call happens per clock edge (the streaming phase, where Python only exchanges whole
  // frames). clk_sv rises at 0, 10, 20, ... like cocotb's Clock started high at time 0, so
  // switching at a rising edge does not glitch (verif/bfm/bench.py does it).
  logic tb_clk;
`ifdef HCGS_SV_CLOCK
  logic sv_clock = 1'b1;     // read by the testbench: clk_sel is available
  logic clk_sv   = 1'b1;
  logic clk_sel  = 1'b0;
  always #5 clk_sv = ~clk_sv;
  assign tb_clk = clk_sel ? clk_sv : clk;
`else
  logic sv_clock = 1'b0;
  assign tb_clk = clk;
`endif

  // ----------------------------------------------------------------- power-on reset
  // Everything below sees `tb_rst_n`: low from time 0 until the testbench has driven `rst_n`
  // low once, then `rst_n` itself. cocotb's first write of `rst_n` can land after the clock's
  // first edge at time 0, and Verilator starts every variable from a random value: without
  // this the design's clocked checks ran that edge on random state and fired (nightly, seed
  // 2005902343: axil_aw_stable at time 0). A missing reset inside the design still shows:
  // its registers start random all the same.
  logic por_done = 1'b0;
  logic tb_rst_n;
  always @(posedge tb_clk) if (rst_n === 1'b0) por_done <= 1'b1;
  assign tb_rst_n = por_done ? rst_n : 1'b0;

  // ----------------------------------------------------------------- AXI4-Lite activity
  // The OR of the five VALIDs: the AXI4-Lite monitor (verif/bfm/axil.py) sleeps on its
  // rising edge while the bus is idle, one value-change callback instead of five (Verilator
  // compares every callback's signal after every evaluation, two per clock cycle).
  logic s_axil_any_valid;
  assign s_axil_any_valid = s_axil_awvalid || s_axil_wvalid || s_axil_arvalid ||
                            s_axil_bvalid || s_axil_rvalid;

  // ----------------------------------------------------------------- stream components
  // s_axis_sv / m_axis_sv (written by the testbench, 0 at start): 1 hands the input stream
  // to the player and the output TREADY to the collector; 0 leaves both to the ports.
  // Both recorders always watch what the DUT sees (contract section 11).
  logic        s_axis_sv = 1'b0;
  logic        m_axis_sv = 1'b0;
  logic [63:0] play_tdata, dut_s_tdata;
  logic [0:0]  play_tuser, dut_s_tuser;
  logic        play_tlast, play_tvalid, dut_s_tlast, dut_s_tvalid;
  logic        col_tready, dut_m_tready;
  logic        rec_unused;

  assign dut_s_tdata  = s_axis_sv ? play_tdata  : s_axis_tdata;
  assign dut_s_tuser  = s_axis_sv ? play_tuser  : s_axis_tuser;
  assign dut_s_tlast  = s_axis_sv ? play_tlast  : s_axis_tlast;
  assign dut_s_tvalid = s_axis_sv ? play_tvalid : s_axis_tvalid;
  assign dut_m_tready = m_axis_sv ? col_tready  : m_axis_tready;

  hcgs_axis_player #(.NAME("s_axis"), .DATA_W(64), .USER_W(1)) u_play (
    .clk (tb_clk), .tdata (play_tdata), .tuser (play_tuser), .tlast (play_tlast),
    .tvalid (play_tvalid), .tready (s_axis_tready)
  );

  hcgs_axis_collector #(.NAME("s_axis"), .DATA_W(64), .USER_W(1)) u_rec_in (
    .clk (tb_clk), .rst_n (tb_rst_n), .tdata (dut_s_tdata), .tuser (dut_s_tuser), .tlast (dut_s_tlast),
    .tvalid (dut_s_tvalid), .tready (s_axis_tready), .tready_o (rec_unused)
  );

  hcgs_axis_collector #(.NAME("m_axis"), .DATA_W(64), .USER_W(2)) u_col (
    .clk (tb_clk), .rst_n (tb_rst_n), .tdata (m_axis_tdata), .tuser (m_axis_tuser), .tlast (m_axis_tlast),
    .tvalid (m_axis_tvalid), .tready (dut_m_tready), .tready_o (col_tready)
  );

  hcgs_lstm_top
`ifndef GATE_LEVEL
  #(
    .MAX_LAYERS (MAX_LAYERS),
    .MAX_H      (MAX_H),
    .MAX_I      (MAX_I),
    .LANES      (LANES),
    .WMEM_DEPTH (WMEM_DEPTH),
    .T1_DEPTH   (T1_DEPTH),
    .ACT_CELLS  (ACT_CELLS),
    .ACT_SHARE  (ACT_SHARE)
  )
`endif
  u_dut (
    .clk            (tb_clk),
    .rst_n          (tb_rst_n),
    .s_axil_awaddr  (s_axil_awaddr),
    .s_axil_awprot  (s_axil_awprot),
    .s_axil_awvalid (s_axil_awvalid),
    .s_axil_awready (s_axil_awready),
    .s_axil_wdata   (s_axil_wdata),
    .s_axil_wstrb   (s_axil_wstrb),
    .s_axil_wvalid  (s_axil_wvalid),
    .s_axil_wready  (s_axil_wready),
    .s_axil_bresp   (s_axil_bresp),
    .s_axil_bvalid  (s_axil_bvalid),
    .s_axil_bready  (s_axil_bready),
    .s_axil_araddr  (s_axil_araddr),
    .s_axil_arprot  (s_axil_arprot),
    .s_axil_arvalid (s_axil_arvalid),
    .s_axil_arready (s_axil_arready),
    .s_axil_rdata   (s_axil_rdata),
    .s_axil_rresp   (s_axil_rresp),
    .s_axil_rvalid  (s_axil_rvalid),
    .s_axil_rready  (s_axil_rready),
    .s_axis_tdata   (dut_s_tdata),
    .s_axis_tuser   (dut_s_tuser),
    .s_axis_tlast   (dut_s_tlast),
    .s_axis_tvalid  (dut_s_tvalid),
    .s_axis_tready  (s_axis_tready),
    .m_axis_tdata   (m_axis_tdata),
    .m_axis_tuser   (m_axis_tuser),
    .m_axis_tlast   (m_axis_tlast),
    .m_axis_tvalid  (m_axis_tvalid),
    .m_axis_tready  (dut_m_tready),
    .irq            (irq)
  );

`ifndef GATE_LEVEL
  // ----------------------------------------------------------------- back-door load
  string images_dir;
  initial begin
    if (!$value$plusargs("images=%s", images_dir)) images_dir = ".";
  end

  // Back-door loading of the physical parameter memories (contract section 11): on a
  // rising edge of bd_load every macro of u_core.u_params' memories reads its image file
  // <images_dir>/sram_<mem>_r<r>c<c>.hex (python -m golden export); the geometry is
  // hcgs_sram_banked's arithmetic (the same in verif/raw/hcgs_raw_tb.sv).
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

  // ----------------------------------------------------------------- probe trace
  // Buffered: flushed when `trace_flush` toggles (the scoreboard does before it reads) and
  // closed at the end of the simulation.
  string  trace_file;
  integer trace_fd = 0;
  logic   trace_flush = 1'b0;
  always @(trace_flush) begin
    if (trace_fd != 0) $fflush(trace_fd);
  end
  // (Conditions are nested rather than joined with &&: Icarus evaluates every operand of
  // an && on every clock edge; with the traces off, one test per edge is all these cost.)
  always @(posedge tb_clk) begin     // and after every output frame: a frame's cells are all in
    if (trace_fd != 0) begin
      if (m_axis_tvalid === 1'b1 && dut_m_tready === 1'b1 && m_axis_tlast === 1'b1) $fflush(trace_fd);
    end
  end
  final begin
    if (trace_fd != 0) $fclose(trace_fd);
  end
  initial begin
    if ($value$plusargs("trace=%s", trace_file)) begin
      trace_fd = $fopen(trace_file, "w");
      if (trace_fd == 0) $display("hcgs_tb: cannot open trace file %s", trace_file);
    end
  end

  // Fields are sign-extended into 32-bit ints before printing (Verilator 5.048 prints
  // $signed part-selects of wide vectors wrongly with %d).
  logic [47:0] pz;
  logic [51:0] pa;
  logic [15:0] pc;
  logic [12:0] ph;
  int          t_frame, t_layer, t_cell, t_z[4], t_a[4], t_c, t_h;
  always @(posedge tb_clk) begin
    // only out of reset: random initial values (Verilator) must not log a cell
    if (trace_fd == 0) begin
      // no probe trace
    end else if (tb_rst_n === 1'b1 && u_dut.u_core.u_act.probe_valid === 1'b1) begin
      t_frame = int'(u_dut.u_core.u_act.probe_frame);
      t_layer = int'(u_dut.u_core.u_act.probe_layer);
      // lane 0, then lane 1 (cell + 1) when the unit finishes two cells per cycle
      for (int lane = 0; lane < ACT_CELLS; lane++) begin
        pz     = lane == 0 ? u_dut.u_core.u_act.probe_z   : u_dut.u_core.u_act.probe1_z;
        pa     = lane == 0 ? u_dut.u_core.u_act.probe_act : u_dut.u_core.u_act.probe1_act;
        pc     = lane == 0 ? u_dut.u_core.u_act.probe_c   : u_dut.u_core.u_act.probe1_c;
        ph     = lane == 0 ? u_dut.u_core.u_act.probe_h   : u_dut.u_core.u_act.probe1_h;
        t_cell = int'(u_dut.u_core.u_act.probe_cell) + lane;
        for (int k = 0; k < 4; k++) begin
          t_z[k] = int'({{20{pz[12*k + 11]}}, pz[12*k +: 12]});
          t_a[k] = int'({{19{pa[13*k + 12]}}, pa[13*k +: 13]});
        end
        t_c = int'({{16{pc[15]}}, pc});
        t_h = int'({{19{ph[12]}}, ph});
        $fdisplay(trace_fd, "%0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0t",
                  t_frame, t_layer, t_cell, t_z[0], t_z[1], t_z[2], t_z[3],
                  t_a[0], t_a[1], t_a[2], t_a[3], t_c, t_h, $time);
      end
    end
  end

  // ----------------------------------------------------------------- MAC trace
  // +mactrace=FILE: one line per group at the bundle load (MAC stage D, last step):
  //   <frame> <layer> <group> <acc_0> .. <acc_15> <lane_0> .. <lane_LANES-1> <time>
  // acc_e: the 32-bit accumulator of entry e = gate*4 + r before rounding; lane_n: the sum
  // of lane n's products over the group's steps (no bias). <frame> counts frame starts
  // since reset from 0. Lets the failure record tell a product (MAC lane, operand fetch)
  // from the accumulation and from the rounding of z. Buffered like the probe trace.
  string  mac_file;
  integer mac_fd = 0;
  always @(trace_flush) begin
    if (mac_fd != 0) $fflush(mac_fd);
  end
  always @(posedge tb_clk) begin     // and after every output frame, as the probe trace
    if (mac_fd != 0) begin
      if (m_axis_tvalid === 1'b1 && dut_m_tready === 1'b1 && m_axis_tlast === 1'b1) $fflush(mac_fd);
    end
  end
  final begin
    if (mac_fd != 0) $fclose(mac_fd);
  end
  initial begin
    if ($value$plusargs("mactrace=%s", mac_file)) begin
      mac_fd = $fopen(mac_file, "w");
      if (mac_fd == 0) $display("hcgs_tb: cannot open MAC trace file %s", mac_file);
    end
  end

  // lane sums of the group's steps, taken from the products (stage S) one cycle before
  // the accumulators add them (stage D): at the load they hold the whole group
  int     m_frame = -1;
  longint m_lane [LANES];
  always @(posedge tb_clk) begin
    if (mac_fd != 0) begin
      if (u_dut.u_core.u_mac.sv_q === 1'b1 && u_dut.u_core.u_mac.stall_i === 1'b0) begin
        for (int n = 0; n < LANES; n++)
          m_lane[n] <= (u_dut.u_core.u_mac.sfirst_q ? 64'sd0 : m_lane[n]) + longint'(u_dut.u_core.u_mac.prod_q[n]);
      end
    end
  end

  // The line is written one cycle after the load: the accumulators then hold the values
  // the load rounded (acc_q takes them at the load edge), read here before that cycle's
  // update.
  logic   m_pend = 1'b0;
  int     m_pframe, m_player, m_pgroup;
  longint m_plane [LANES];
  time    m_ptime;
  always @(posedge tb_clk) begin
    if (mac_fd == 0) begin
      // no MAC trace
    end else if (!tb_rst_n) begin
      m_frame = -1;
      m_pend  = 1'b0;
    end else begin
      if (m_pend) begin
        $fwrite(mac_fd, "%0d %0d %0d", m_pframe, m_player, m_pgroup);
        // less the rounding half of z each accumulator holds (added by its first step's sum, hcgs_mac rnd)
        for (int e = 0; e < 16; e++)
          $fwrite(mac_fd, " %0d", int'(u_dut.u_core.u_mac.acc_q[e]) - (u_dut.u_core.u_mac.rnd[e] ? 64 : 0));
        for (int n = 0; n < LANES; n++) $fwrite(mac_fd, " %0d", m_plane[n]);
        $fwrite(mac_fd, " %0t\n", m_ptime);
        m_pend = 1'b0;
      end
      if (u_dut.u_core.frame_start === 1'b1) m_frame = m_frame + 1;
      if (u_dut.u_core.u_mac.load === 1'b1) begin
        m_pframe = m_frame;
        m_player = int'(u_dut.u_core.u_ctrl.layer_q);
        m_pgroup = int'(u_dut.u_core.u_mac.dtag_q) % (MAX_H / 4);
        for (int n = 0; n < LANES; n++) m_plane[n] = m_lane[n];
        m_ptime = $time;
        m_pend  = 1'b1;
      end
    end
  end

  // ----------------------------------------------------------------- pipeline stall events
  // Cycles the MAC pipeline stood still with a finished group at its last stage (hcgs_core
  // `stall`: the groups behind it wait mid-walk), by cause: the activation unit had not yet
  // taken the previous group (`act`), or the group's layer goes out and no output beat was
  // reserved (`credit`, what CNT_STALL_OUT counts). The coverage model reads them once at
  // the end of a run (hcgs.perf.pipe_stall); zero from reset.
  int unsigned pipe_stall_act, pipe_stall_credit;
  always @(posedge tb_clk) begin
    if (tb_rst_n !== 1'b1) begin
      pipe_stall_act    <= 0;
      pipe_stall_credit <= 0;
    end else if (u_dut.u_core.stall === 1'b1) begin
      if (u_dut.u_core.grp_valid === 1'b1 && u_dut.u_core.act_release === 1'b0)
        pipe_stall_act <= pipe_stall_act + 1;
      else
        pipe_stall_credit <= pipe_stall_credit + 1;
    end
  end

`else
  // The netlist has no arrays to load and no probe: bd_load is unused.
  logic bd_load_unused;
  assign bd_load_unused = bd_load;
`endif

endmodule

`default_nettype wire
