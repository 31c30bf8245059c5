// HCGS-LSTM accelerator top level (contract section 10): AXI4-Lite control and
// memory access, AXI4-Stream input frames and output frames, interrupt.
// Parameters: the chip by default; the presets of golden/config.py set the others.
//
// Hierarchy:
//   u_axil      hcgs_axil_slave   AXI4-Lite protocol -> single request port
//   u_regs      hcgs_regs         registers, decode, commands, counters, IRQ
//     u_cfg_check hcgs_cfg_check  configuration legality
//   u_axis_in   hcgs_axis_in      input frames -> x buffers
//   u_axis_out  hcgs_axis_out     output buffer (u_fifo) and stream master
//   u_core      hcgs_core         engine datapath: state memories, pipeline, group tag
//     u_ctrl    hcgs_ctrl         frame/layer state machine, credits, stall
//     u_params  hcgs_params       parameter memories and their front-door muxing
//     u_walker, u_mac, u_act      walker, MAC array, activation unit
`default_nettype none

module hcgs_lstm_top #(
  parameter int MAX_LAYERS = 3,              // 1 .. 4
  parameter int MAX_H      = 512,            // multiple of 32
  parameter int MAX_I      = 512,            // multiple of 32
  parameter int LANES      = 64,             // 16, 32 or 64
  parameter int WMEM_DEPTH = 6144,           // weight words, multiple of 64/LANES
  parameter int T1_DEPTH   = 1536,           // tier-1 index entries
  parameter int ACT_CELLS  = 1,              // activation unit: cells per cycle, 1 or 2
  parameter int ACT_SHARE  = 1               // 1: activation tables shared in time (ACT_CELLS 1)
) (
  input  wire logic        clk,
  input  wire logic        rst_n,            // synchronous, active low
  // AXI4-Lite slave
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
  // AXI4-Stream slave: input frames
  input  wire logic [63:0] s_axis_tdata,
  input  wire logic [0:0]  s_axis_tuser,
  input  wire logic        s_axis_tlast,
  input  wire logic        s_axis_tvalid,
  output logic             s_axis_tready,
  // AXI4-Stream master: output frames
  output logic [63:0]      m_axis_tdata,
  output logic [1:0]       m_axis_tuser,
  output logic             m_axis_tlast,
  output logic             m_axis_tvalid,
  input  wire logic        m_axis_tready,
  // interrupt
  output logic             irq
);

  localparam int XWORDS     = MAX_I / 4;
  localparam int XA_W       = $clog2(2 * XWORDS);
  localparam int BMEM_DEPTH = MAX_LAYERS * MAX_H / 4;
  // front-door word address: wide enough for every parameter memory
  localparam int MA_W0      = $clog2(WMEM_DEPTH) > $clog2(T1_DEPTH) ? $clog2(WMEM_DEPTH)
                                                                    : $clog2(T1_DEPTH);
  localparam int MA_W       = MA_W0 > $clog2(BMEM_DEPTH) ? MA_W0 : $clog2(BMEM_DEPTH);

  // AXI4-Lite -> request port
  logic        req, req_we, rsp, rsp_err;
  logic [19:0] req_addr;
  logic [31:0] req_wdata, rsp_rdata;
  logic [3:0]  req_wstrb;

  hcgs_axil_slave #(.ADDR_W(20)) u_axil (
    .clk_i            (clk),
    .rst_ni           (rst_n),
    .s_axil_awaddr_i  (s_axil_awaddr),
    .s_axil_awvalid_i (s_axil_awvalid),
    .s_axil_awready_o (s_axil_awready),
    .s_axil_wdata_i   (s_axil_wdata),
    .s_axil_wstrb_i   (s_axil_wstrb),
    .s_axil_wvalid_i  (s_axil_wvalid),
    .s_axil_wready_o  (s_axil_wready),
    .s_axil_bresp_o   (s_axil_bresp),
    .s_axil_bvalid_o  (s_axil_bvalid),
    .s_axil_bready_i  (s_axil_bready),
    .s_axil_araddr_i  (s_axil_araddr),
    .s_axil_arvalid_i (s_axil_arvalid),
    .s_axil_arready_o (s_axil_arready),
    .s_axil_rdata_o   (s_axil_rdata),
    .s_axil_rresp_o   (s_axil_rresp),
    .s_axil_rvalid_o  (s_axil_rvalid),
    .s_axil_rready_i  (s_axil_rready),
    .req_o            (req),
    .req_we_o         (req_we),
    .req_addr_o       (req_addr),
    .req_wdata_o      (req_wdata),
    .req_wstrb_o      (req_wstrb),
    .rsp_i            (rsp),
    .rsp_rdata_i      (rsp_rdata),
    .rsp_err_i        (rsp_err)
  );

  // register file
  logic                     mem_we, mem_re;
  logic [1:0]               mem_sel;
  logic [MA_W-1:0]          mem_addr;
  logic [3:0]               mem_slot;
  logic [31:0]              mem_wdata, mem_rdata;
  logic [7:0]               cfg_layers;
  logic [15:0]              cfg_isize, cfg_hsize;
  logic [32*MAX_LAYERS-1:0] cfg_keep;
  logic                     cfg_out_all;
  logic                     running, accept, flush;
  logic                     dp_rst_n;                  // datapath reset: rst_n or CMD.ABORT
  logic                     eng_busy, eng_idle, out_empty, in_frame, drained, busy;
  logic                     ev_mac, ev_stall_in, ev_stall_out, ev_frame, out_beat;
  logic                     err_short, err_long;

  assign busy    = eng_busy || !out_empty;
  assign dp_rst_n = rst_n && !flush;
  assign drained = eng_idle && out_empty && !in_frame;

  hcgs_regs #(
    .MAX_LAYERS (MAX_LAYERS),
    .ACT_CELLS  (ACT_CELLS),
    .ACT_SHARE  (ACT_SHARE),
    .MAX_H      (MAX_H),
    .MAX_I      (MAX_I),
    .LANES      (LANES),
    .WMEM_DEPTH (WMEM_DEPTH),
    .T1_DEPTH   (T1_DEPTH),
    .MA_W       (MA_W)
  ) u_regs (
    .clk_i          (clk),
    .rst_ni         (rst_n),
    .req_i          (req),
    .req_we_i       (req_we),
    .req_addr_i     (req_addr),
    .req_wdata_i    (req_wdata),
    .req_wstrb_i    (req_wstrb),
    .rsp_o          (rsp),
    .rsp_rdata_o    (rsp_rdata),
    .rsp_err_o      (rsp_err),
    .mem_we_o       (mem_we),
    .mem_re_o       (mem_re),
    .mem_sel_o      (mem_sel),
    .mem_addr_o     (mem_addr),
    .mem_slot_o     (mem_slot),
    .mem_wdata_o    (mem_wdata),
    .mem_rdata_i    (mem_rdata),
    .cfg_layers_o   (cfg_layers),
    .cfg_isize_o    (cfg_isize),
    .cfg_hsize_o    (cfg_hsize),
    .cfg_keep_o     (cfg_keep),
    .cfg_out_all_o  (cfg_out_all),
    .running_o      (running),
    .accept_o       (accept),
    .flush_o        (flush),
    .busy_i         (busy),
    .drained_i      (drained),
    .ev_mac_i       (ev_mac),
    .ev_stall_in_i  (ev_stall_in),
    .ev_stall_out_i (ev_stall_out),
    .ev_frame_i     (ev_frame),
    .err_short_i    (err_short),
    .err_long_i     (err_long),
    .irq_o          (irq)
  );

  // input frames
  logic            x_we;
  logic [XA_W-1:0] x_waddr;
  logic [51:0]     x_wdata;
  logic [1:0]      frm_full, frm_sos;
  logic            frm_release, frm_rel_buf;

  hcgs_axis_in #(.MAX_I(MAX_I)) u_axis_in (
    .clk_i           (clk),
    .rst_ni          (dp_rst_n),
    .running_i       (running),
    .accept_i        (accept),
    .isize_i         (cfg_isize),
    .s_axis_tdata_i  (s_axis_tdata),
    .s_axis_tuser_i  (s_axis_tuser[0]),
    .s_axis_tlast_i  (s_axis_tlast),
    .s_axis_tvalid_i (s_axis_tvalid),
    .s_axis_tready_o (s_axis_tready),
    .x_we_o          (x_we),
    .x_waddr_o       (x_waddr),
    .x_wdata_o       (x_wdata),
    .full_o          (frm_full),
    .sos_o           (frm_sos),
    .release_i       (frm_release),
    .rel_buf_i       (frm_rel_buf),
    .in_frame_o      (in_frame),
    .err_short_o     (err_short),
    .err_long_o      (err_long)
  );

  // engine
  logic        out_we, out_last;
  logic [51:0] out_data;
  logic [1:0]  out_layer;

  hcgs_core #(
    .MAX_LAYERS (MAX_LAYERS),
    .MAX_H      (MAX_H),
    .MAX_I      (MAX_I),
    .LANES      (LANES),
    .WMEM_DEPTH (WMEM_DEPTH),
    .T1_DEPTH   (T1_DEPTH),
    .ACT_CELLS  (ACT_CELLS),
    .ACT_SHARE  (ACT_SHARE),
    .MA_W       (MA_W)
  ) u_core (
    .clk_i          (clk),
    .rst_ni         (dp_rst_n),
    .cfg_layers_i   (cfg_layers),
    .cfg_hsize_i    (cfg_hsize),
    .cfg_keep_i     (cfg_keep),
    .cfg_out_all_i  (cfg_out_all),
    .running_i      (running),
    .accept_i       (accept),
    .x_we_i         (x_we),
    .x_waddr_i      (x_waddr),
    .x_wdata_i      (x_wdata),
    .frm_full_i     (frm_full),
    .frm_sos_i      (frm_sos),
    .frm_release_o  (frm_release),
    .frm_rel_buf_o  (frm_rel_buf),
    .out_we_o       (out_we),
    .out_data_o     (out_data),
    .out_layer_o    (out_layer),
    .out_last_o     (out_last),
    .out_beat_i     (out_beat),
    .mem_we_i       (mem_we),
    .mem_re_i       (mem_re),
    .mem_sel_i      (mem_sel),
    .mem_addr_i     (mem_addr),
    .mem_slot_i     (mem_slot),
    .mem_wdata_i    (mem_wdata),
    .mem_rdata_o    (mem_rdata),
    .busy_o         (eng_busy),
    .idle_o         (eng_idle),
    .ev_mac_o       (ev_mac),
    .ev_stall_in_o  (ev_stall_in),
    .ev_stall_out_o (ev_stall_out)
  );

  // output frames
  hcgs_axis_out #(.DEPTH(MAX_H / 4)) u_axis_out (
    .clk_i           (clk),
    .rst_ni          (dp_rst_n),
    .wr_en_i         (out_we),
    .wr_data_i       (out_data),
    .wr_layer_i      (out_layer),
    .wr_last_i       (out_last),
    .m_axis_tdata_o  (m_axis_tdata),
    .m_axis_tuser_o  (m_axis_tuser),
    .m_axis_tlast_o  (m_axis_tlast),
    .m_axis_tvalid_o (m_axis_tvalid),
    .m_axis_tready_i (m_axis_tready),
    .beat_o          (out_beat),
    .frame_o         (ev_frame),
    .empty_o         (out_empty)
  );

  // AXI4-Lite protection bits are not used
  logic prot_unused;
  assign prot_unused = ^{s_axil_awprot, s_axil_arprot};

  // ---------------------------------------------------------------------------------
  // Parameter legality (elaboration): the build parameters of contract section 2 and
  // the AXI4-Lite windows of section 6.
  // ---------------------------------------------------------------------------------
  localparam int WPS_CHK  = (LANES >= 16) ? 64 / LANES : 1;
  localparam bit BAD_LANES  = !(LANES == 16 || LANES == 32 || LANES == 64);
  localparam bit BAD_LAYERS = (MAX_LAYERS < 1) || (MAX_LAYERS > 4);
  localparam bit BAD_H      = (MAX_H < 32) || (MAX_H % 32 != 0) || (MAX_H > 65535);
  localparam bit BAD_I      = (MAX_I < 32) || (MAX_I % 32 != 0) || (MAX_I > 65535);
  localparam bit BAD_WMEM   = (WMEM_DEPTH < 1) || (WMEM_DEPTH % WPS_CHK != 0) || (WMEM_DEPTH > 8192);
  localparam bit BAD_T1     = (T1_DEPTH < 1) || (T1_DEPTH > 8192);
  localparam bit BAD_BMEM   = (BMEM_DEPTH > 2048);
  localparam bit BAD_T2     = (WMEM_DEPTH / WPS_CHK > 32768);
`ifdef __ICARUS__
  if (BAD_LANES || BAD_LAYERS || BAD_H || BAD_I || BAD_WMEM || BAD_T1 || BAD_BMEM || BAD_T2) begin : g_bad_param
    initial $fatal(1, {"HCGS-PARAM hcgs_lstm_top: illegal build parameters (LANES=%0d: 16, 32 or 64; MAX_LAYERS=%0d: 1..4; ",
                       "MAX_H=%0d, MAX_I=%0d: multiples of 32 from 32; WMEM_DEPTH=%0d: 1..8192, multiple of 64/LANES; ",
                       "T1_DEPTH=%0d: 1..8192; MAX_LAYERS*MAX_H/4=%0d: at most 2048 bias words)"},
                   LANES, MAX_LAYERS, MAX_H, MAX_I, WMEM_DEPTH, T1_DEPTH, BMEM_DEPTH);
  end
`else
  if (BAD_LANES || BAD_LAYERS || BAD_H || BAD_I || BAD_WMEM || BAD_T1 || BAD_BMEM || BAD_T2) begin : g_bad_param
    // (one literal: Verilator prints a concatenated format string as a number; rules in the Icarus branch above)
    $fatal(1, "HCGS-PARAM hcgs_lstm_top: illegal build LANES=%0d MAX_LAYERS=%0d MAX_H=%0d MAX_I=%0d WMEM_DEPTH=%0d T1_DEPTH=%0d",
           LANES, MAX_LAYERS, MAX_H, MAX_I, WMEM_DEPTH, T1_DEPTH);
  end
`endif

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions across blocks (simulation only)
  // ---------------------------------------------------------------------------------
  // Output framing (contract section 7): HSIZE/4 beats per frame (LAYERS*HSIZE/4 with
  // OUT_ALL), TLAST on the last one only, TUSER = the layer of the beat.
  int ob_cnt;
  int ob_per_layer, ob_frame, ob_layer;
  assign ob_per_layer = int'(cfg_hsize[15:2]);
  assign ob_frame     = cfg_out_all ? int'(cfg_layers) * ob_per_layer : ob_per_layer;
  assign ob_layer     = cfg_out_all ? ob_cnt / (ob_per_layer > 0 ? ob_per_layer : 1) : int'(cfg_layers) - 1;
  // The output buffer: reserved credits plus what it holds never exceed its depth.
  int out_room;
  assign out_room = int'(u_core.u_ctrl.credit_q) + int'(u_axis_out.fifo_count) + int'(u_axis_out.v_q);
  // chk_ok: out_credit_room passes (a continuous assignment, re-evaluated when an input
  // changes); the clocked process runs the check, with its message, only when not
  logic chk_ok;
  assign chk_ok = out_room <= MAX_H / 4;
  always @(posedge clk) begin
    if (dp_rst_n !== 1'b1) begin  // X (before the first reset) counts as reset
      ob_cnt <= 0;
    end else begin
`ifdef HCGS_FAULT_DROP_BEAT
      // off under verif/faults.py's drop_beat fault, which exists to exercise the
      // testbench's failure record: this check would stop the run before the scoreboard
`else
      if (m_axis_tvalid && m_axis_tready) begin
        ob_cnt <= m_axis_tlast ? 0 : ob_cnt + 1;
        assert (m_axis_tlast == (ob_cnt + 1 == ob_frame) && ob_cnt < ob_frame)
          else $fatal(1, "HCGS-ASSERT out_tlast_framing at %0t: beat %0d of a %0d-beat frame with TLAST=%b (%m)",
                      $time, ob_cnt, ob_frame, m_axis_tlast);
        assert (int'(m_axis_tuser) == ob_layer)
          else $fatal(1, "HCGS-ASSERT out_tuser_layer at %0t: beat %0d carries TUSER=%0d, layer %0d expected (%m)",
                      $time, ob_cnt, m_axis_tuser, ob_layer);
      end
`endif
      if (chk_ok !== 1'b1) begin
        assert (chk_ok)
          else $fatal(1, "HCGS-ASSERT out_credit_room at %0t: credits %0d + buffered %0d + presented %0d > depth %0d (%m)",
                      $time, u_core.u_ctrl.credit_q, u_axis_out.fifo_count, u_axis_out.v_q, MAX_H / 4);
      end
      assert (!$isunknown(irq))
        else $fatal(1, "HCGS-ASSERT top_irq_known at %0t: irq=%b (%m)", $time, irq);
    end
  end
`endif

endmodule

`default_nettype wire
