// Self-running bench (no cocotb; Icarus) that makes one RTL check fire on purpose:
// +case=<check name> picks a deliberate violation, the run must then stop on
// "HCGS-ASSERT <check name> at ..." (tests/sim/test_checks.py). +case=none makes AXI4-Lite
// round trips and runs idle: no check may fire, and the bench ends with "no check fired".
//
// The violations are of three kinds:
//   a bad driver on a pin   (X on TVALID/TREADY) or on an internal request port
//                           (a second request, a back-end response nobody asked for, a
//                           release of an empty buffer, a read of an empty FIFO),
//   forced state            (`force` on a register: an FSM state outside its encoding, a
//                           counter that jumps, credits above the buffer depth, STOP
//                           without RUNNING, ...), which no stimulus reaches in a correct
//                           design: a fault as a broken gate or a wrong next-state would make,
//   forced outputs          (TREADY while not running, AWREADY while the AW register holds).
// Checks that watch the same signal from two places are exercised on a module of their
// own so that exactly one can fire: hcgs_core alone (its credits would also break the
// top's out_credit_room), hcgs_regs alone (its RUNNING would also reach the input
// stream), hcgs_fifo alone (its count would also break out_credit_room).
`timescale 1ns / 1ps
`default_nettype none

module hcgs_checks_tb;

  // the tiny preset (golden/config.py)
  localparam int MAX_LAYERS = 2;
  localparam int MAX_H      = 64;
  localparam int MAX_I      = 64;
  localparam int LANES      = 16;
  localparam int WMEM_DEPTH = 4096;
  localparam int T1_DEPTH   = 16;
  localparam int OUT_DEPTH  = MAX_H / 4;

  logic clk = 1'b0;
  logic rst_n = 1'b0;
  always #5 clk = !clk;

  // ------------------------------------------------------------------ the top
  logic [19:0] awaddr = '0, araddr = '0;
  logic        awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0, arvalid = 1'b0, rready = 1'b0;
  logic [31:0] wdata = '0;
  logic [3:0]  wstrb = 4'hF;
  wire         awready, wready, bvalid, arready, rvalid;
  wire  [1:0]  bresp, rresp;
  wire  [31:0] rdata;
  logic [63:0] s_tdata = '0;
  logic        s_tuser = 1'b0, s_tlast = 1'b0, s_tvalid = 1'b0;
  wire         s_tready;
  wire  [63:0] m_tdata;
  wire  [1:0]  m_tuser;
  wire         m_tlast, m_tvalid;
  logic        m_tready = 1'b0;
  wire         irq;

  hcgs_lstm_top #(
    .MAX_LAYERS (MAX_LAYERS), .MAX_H (MAX_H), .MAX_I (MAX_I), .LANES (LANES),
    .WMEM_DEPTH (WMEM_DEPTH), .T1_DEPTH (T1_DEPTH)
  ) dut (
    .clk (clk), .rst_n (rst_n),
    .s_axil_awaddr (awaddr), .s_axil_awprot (3'd0), .s_axil_awvalid (awvalid), .s_axil_awready (awready),
    .s_axil_wdata (wdata), .s_axil_wstrb (wstrb), .s_axil_wvalid (wvalid), .s_axil_wready (wready),
    .s_axil_bresp (bresp), .s_axil_bvalid (bvalid), .s_axil_bready (bready),
    .s_axil_araddr (araddr), .s_axil_arprot (3'd0), .s_axil_arvalid (arvalid), .s_axil_arready (arready),
    .s_axil_rdata (rdata), .s_axil_rresp (rresp), .s_axil_rvalid (rvalid), .s_axil_rready (rready),
    .s_axis_tdata (s_tdata), .s_axis_tuser (s_tuser), .s_axis_tlast (s_tlast), .s_axis_tvalid (s_tvalid),
    .s_axis_tready (s_tready),
    .m_axis_tdata (m_tdata), .m_axis_tuser (m_tuser), .m_axis_tlast (m_tlast), .m_axis_tvalid (m_tvalid),
    .m_axis_tready (m_tready),
    .irq (irq)
  );

  // ------------------------------------------------------------------ modules alone
  localparam int MA_W = 12;   // as the top derives it for the tiny preset
  hcgs_core #(
    .MAX_LAYERS (MAX_LAYERS), .MAX_H (MAX_H), .MAX_I (MAX_I), .LANES (LANES),
    .WMEM_DEPTH (WMEM_DEPTH), .T1_DEPTH (T1_DEPTH), .MA_W (MA_W)
  ) u_core (
    .clk_i (clk), .rst_ni (rst_n),
    .cfg_layers_i (8'd1), .cfg_hsize_i (16'd64), .cfg_keep_i ({32*MAX_LAYERS{1'b0}}), .cfg_out_all_i (1'b0),
    .running_i (1'b0), .accept_i (1'b0),
    .x_we_i (1'b0), .x_waddr_i (5'd0), .x_wdata_i (52'd0), .frm_full_i (2'b00), .frm_sos_i (2'b00),
    .frm_release_o (), .frm_rel_buf_o (),
    .out_we_o (), .out_data_o (), .out_layer_o (), .out_last_o (), .out_beat_i (1'b0),
    .mem_we_i (1'b0), .mem_re_i (1'b0), .mem_sel_i (2'd0), .mem_addr_i (12'd0), .mem_slot_i (4'd0),
    .mem_wdata_i (32'd0), .mem_rdata_o (),
    .busy_o (), .idle_o (), .ev_mac_o (), .ev_stall_in_o (), .ev_stall_out_o ()
  );

  // the register file alone: its request port driven by the bench (writes only)
  logic        r_req = 1'b0;
  logic [19:0] r_addr = '0;
  logic [31:0] r_wdata = '0;
  hcgs_regs #(
    .MAX_LAYERS (MAX_LAYERS), .MAX_H (MAX_H), .MAX_I (MAX_I), .LANES (LANES),
    .WMEM_DEPTH (WMEM_DEPTH), .T1_DEPTH (T1_DEPTH), .MA_W (MA_W)
  ) u_regs (
    .clk_i (clk), .rst_ni (rst_n),
    .req_i (r_req), .req_we_i (1'b1), .req_addr_i (r_addr), .req_wdata_i (r_wdata), .req_wstrb_i (4'hF),
    .rsp_o (), .rsp_rdata_o (), .rsp_err_o (),
    .mem_we_o (), .mem_re_o (), .mem_sel_o (), .mem_addr_o (), .mem_slot_o (), .mem_wdata_o (),
    .mem_rdata_i (32'd0),
    .cfg_layers_o (), .cfg_isize_o (), .cfg_hsize_o (), .cfg_keep_o (), .cfg_out_all_o (),
    .running_o (), .accept_o (), .flush_o (), .busy_i (1'b0), .drained_i (1'b1),
    .ev_mac_i (1'b0), .ev_stall_in_i (1'b0), .ev_stall_out_i (1'b0), .ev_frame_i (1'b0),
    .err_short_i (1'b0), .err_long_i (1'b0), .irq_o ()
  );

  // the activation unit alone, fed back-to-back groups (no c memory: reads return 0)
  logic a_valid = 1'b0;
  hcgs_act #(.ACT_CELLS (1), .LW (1), .GW (4), .HA_W (5), .CW_W (5)) u_act (
    .clk_i (clk), .rst_ni (rst_n), .grp_valid_i (a_valid), .grp_z_i (192'd0), .grp_layer_i (1'b0),
    .grp_group_i (4'd0), .grp_sos_i (1'b1), .grp_out_i (1'b0), .grp_tlast_i (1'b0), .grp_llast_i (1'b0),
    .grp_flast_i (1'b0), .grp_haddr_i (5'd0), .grp_caddr_i (5'd0), .release_o (),
    .grp_valid_next_i (1'b0), .release_next_o (),
    .c_re_o (), .c_we_o (), .c_addr_o (), .c_rdata_i (64'd0), .c_wdata_o (),
    .h_we_o (), .h_waddr_o (), .h_wdata_o (), .out_we_o (), .out_layer_o (), .out_last_o (),
    .early_done_o (), .layer_done_o (),
    .probe_valid (), .probe_layer (), .probe_cell (), .probe_z (), .probe_act (), .probe_c (), .probe_h (),
    .probe_frame (), .probe1_z (), .probe1_act (), .probe1_c (), .probe1_h ()
  );

  logic       f_wr = 1'b0, f_rd = 1'b0;
  logic [7:0] f_wdata = 8'h5A;
  hcgs_fifo #(.WIDTH (8), .DEPTH (4)) u_fifo (
    .clk_i (clk), .rst_ni (rst_n), .wr_en_i (f_wr), .wr_data_i (f_wdata), .rd_en_i (f_rd),
    .rd_data_o (), .empty_o (), .full_o (), .count_o ()
  );

  // ------------------------------------------------------------------ helpers
  // inputs change on the falling edge, away from the rising edge the design samples
  task automatic cyc(input int n);
    repeat (n) @(negedge clk);
  endtask

  task automatic wait_b;
    int n;
    n = 0;
    while (bvalid !== 1'b1) begin
      cyc(1);
      n++;
      if (n > 50) $fatal(1, "hcgs_checks_tb: no BVALID within 50 cycles");
    end
  endtask

  task automatic wait_r;
    int n;
    n = 0;
    while (rvalid !== 1'b1) begin
      cyc(1);
      n++;
      if (n > 50) $fatal(1, "hcgs_checks_tb: no RVALID within 50 cycles");
    end
  endtask

  // AW and W together; the slave takes both at once when its holding registers are free
  task automatic aw_w(input logic [19:0] a, input logic [31:0] d);
    awaddr = a; wdata = d; awvalid = 1'b1; wvalid = 1'b1;
    while (!(awready && wready)) cyc(1);
    cyc(1);
    awvalid = 1'b0; wvalid = 1'b0;
  endtask

  task automatic ar(input logic [19:0] a);
    araddr = a; arvalid = 1'b1;
    while (!arready) cyc(1);
    cyc(1);
    arvalid = 1'b0;
  endtask

  task automatic write_ok(input logic [19:0] a, input logic [31:0] d);
    aw_w(a, d);
    wait_b;
    bready = 1'b1; cyc(1); bready = 1'b0;
    if (bresp !== 2'b00) $fatal(1, "hcgs_checks_tb: write %h answered %0d", a, bresp);
  endtask

  task automatic read_ok(input logic [19:0] a, output logic [31:0] d);
    ar(a);
    wait_r;
    d = rdata;
    rready = 1'b1; cyc(1); rready = 1'b0;
  endtask

  // one write request on the standalone register file's port
  task automatic regs_write(input logic [19:0] a, input logic [31:0] d);
    r_addr = a; r_wdata = d; r_req = 1'b1;
    cyc(1);
    r_req = 1'b0;
  endtask

  // the spacing of the top's register requests (hcgs_axil_slave -> hcgs_regs), in cycles
  int req_gap_min = 1000, req_last = -1, cycle_n = 0;
  always @(posedge clk) begin
    cycle_n <= cycle_n + 1;
    if (dut.u_regs.req_i === 1'b1) begin
      if (req_last >= 0 && cycle_n - req_last < req_gap_min) req_gap_min = cycle_n - req_last;
      req_last = cycle_n;
    end
  end

  // ------------------------------------------------------------------ the cases
  string      name;
  logic [31:0] rd;
  initial begin
    if (!$value$plusargs("case=%s", name)) name = "none";
    cyc(4);
    rst_n = 1'b1;
    cyc(3);
    // --- AXI4-Lite slave
    if (name == "none") begin
      a_valid = 1'b1;                                  // three groups back to back: every c write
      cyc(12);                                         // meets the next group's read and waits
      a_valid = 1'b0;
      write_ok(20'(hcgs_pkg::REG_CTRL), 32'd0);
      read_ok(20'(hcgs_pkg::REG_ID), rd);
      if (rd !== 32'h48434753) $fatal(1, "hcgs_checks_tb: ID reads %h", rd);
      f_wr = 1'b1; cyc(2); f_wr = 1'b0; f_rd = 1'b1; cyc(2); f_rd = 1'b0;   // the FIFO alone: 2 in, 2 out
      // a configuration write and START as fast as a master can (BREADY held high, the
      // second AW/W waiting in the holding registers): START sees the write's check
      bready = 1'b1;
      aw_w(20'(hcgs_pkg::REG_CFG_LAYERS), 32'd1);
      aw_w(20'(hcgs_pkg::REG_CMD), 32'd1 << hcgs_pkg::CMD_START_LSB);
      aw_w(20'(hcgs_pkg::REG_CMD), 32'd1 << hcgs_pkg::CMD_ABORT_LSB);
      cyc(8);
      bready = 1'b0;
      if (dut.u_regs.err_q !== 8'd0) $fatal(1, "hcgs_checks_tb: ERR %h after a legal START", dut.u_regs.err_q);
      $display("HCGS-CHECKS-TB none: register requests at least %0d cycles apart", req_gap_min);
    end else if (name == "axil_b_stable") begin
      aw_w(20'(hcgs_pkg::REG_CTRL), 32'd0);            // BREADY stays low: the B response waits
      wait_b;
      cyc(1);                                          // (one cycle valid and not taken)
      force dut.u_axil.resp_q = 2'b10;                 // and changes from OKAY to SLVERR while it waits
    end else if (name == "axil_r_stable") begin
      ar(20'(hcgs_pkg::REG_ID));                       // RREADY stays low
      wait_r;
      cyc(1);
      rd = ~rdata;
      force dut.u_axil.rdata_q = rd;                   // the waiting read data changes
    end else if (name == "axil_w_stable") begin
      wdata = 32'h1; wvalid = 1'b1;                    // a W alone is held ...
      cyc(1);
      wdata = 32'h2;                                   // ... so the next W waits
      cyc(2);
      wvalid = 1'b0;                                   // and is withdrawn before WREADY
    end else if (name == "axil_ar_stable") begin
      ar(20'(hcgs_pkg::REG_ID));                       // a read whose R waits
      wait_r;
      araddr = 20'(hcgs_pkg::REG_CTRL); arvalid = 1'b1;   // the next AR waits ...
      cyc(2);
      araddr = 20'(hcgs_pkg::REG_ID);                  // ... and changes its address
    end else if (name == "axil_in_known") begin
      arvalid = 1'bx;                                  // a master that drives X
    end else if (name == "axil_b_without_request") begin
      force dut.u_axil.bvalid_q = 1'b1;                // a B nobody asked for
    end else if (name == "axil_r_without_request") begin
      force dut.u_axil.rvalid_q = 1'b1;                // an R nobody asked for
    end else if (name == "axil_outstanding") begin
      aw_w(20'(hcgs_pkg::REG_CTRL), 32'd0);            // a write whose B waits
      wait_b;
      aw_w(20'(hcgs_pkg::REG_CTRL), 32'd0);            // the next AW/W are held (legal)
      awvalid = 1'b1;                                  // a third AW ...
      force dut.u_axil.aw_held_q = 1'b0;               // ... taken although the AW register is full
    end else if (name == "axil_one_response") begin
      ar(20'(hcgs_pkg::REG_ID));                       // a read whose R waits
      wait_r;
      aw_w(20'(hcgs_pkg::REG_CTRL), 32'd0);            // a write held meanwhile (legal)
      cyc(1);
      force dut.u_axil.bvalid_q = 1'b1;                // its B raised while R is still valid
    end else if (name == "axil_fsm_legal") begin
      force dut.u_axil.state_q = 2'd3;                 // outside the encoding
    end else if (name == "axil_backend_rsp") begin
      force dut.u_axil.rsp_i = 1'b1;                   // the register file answers nothing asked
    // --- register file
    end else if (name == "regs_one_request") begin
      force dut.u_regs.req_i = 1'b1;                   // two requests back to back
    end else if (name == "regs_stop_running") begin
      force dut.u_regs.stop_q = 1'b1;                  // STOP pending, not running
    end else if (name == "regs_counter_up") begin
      force dut.u_regs.cnt_frames_q = 32'd5;           // CNT_FRAMES jumps 0 -> 5
    end else if (name == "regs_counter_clear") begin
      force dut.u_regs.cmd_clr = 1'b1;                 // CLR_CNT ...
      cyc(1);
      force dut.u_regs.cnt_frames_q = 32'd7;           // ... and CNT_FRAMES not 0 after it
    end else if (name == "regs_start_checked") begin
      regs_write(20'(hcgs_pkg::REG_CFG_LAYERS), 32'd2);   // (the register file alone) a
      cyc(2);                                             // configuration write, and START as
      regs_write(20'(hcgs_pkg::REG_CMD), 32'd1);          // soon as the port allows: 3 cycles
    end else if (name == "regs_ctrl_known") begin
      force u_regs.running_q = 1'bx;                   // (the register file alone)
    // --- input stream
    end else if (name == "axis_in_write_full") begin
      force dut.u_axis_in.full_q = 2'b11;              // both buffers full ...
      force dut.u_axis_in.s_axis_tready_o = 1'b1;      // ... and a beat taken anyway
      s_tvalid = 1'b1;
    end else if (name == "axis_in_release_empty") begin
      force dut.u_axis_in.release_i = 1'b1;            // the core releases a buffer never filled
    end else if (name == "axis_in_beat_range") begin
      force dut.u_axis_in.isize_i = 16'd32;            // 8-beat frames ...
      force dut.u_axis_in.beat_q = 5'd9;               // ... at beat 9
    end else if (name == "axis_in_ready_idle") begin
      force dut.u_axis_in.s_axis_tready_o = 1'b1;      // TREADY while not running
    end else if (name == "axis_in_ctrl_known") begin
      s_tvalid = 1'bx;                                 // a sender that drives X
    // --- output stream, FIFO
    end else if (name == "axis_out_ctrl_known") begin
      m_tready = 1'bx;                                 // a consumer that drives X
    end else if (name == "fifo_read_empty") begin
      f_rd = 1'b1;                                     // (the FIFO alone) read while empty
    end else if (name == "fifo_count_range") begin
      force u_fifo.cnt_q = 3'd5;                       // 5 entries in a 4-deep FIFO
    end else if (name == "fifo_ctrl_known") begin
      f_wr = 1'bx;
    // --- activation unit (alone)
    end else if (name == "act_cmem_one_port") begin
      force u_act.wpend_q = 1'b1;                      // a pending c write stuck on ...
      a_valid = 1'b1;                                  // ... when a group reads its c word
    // --- engine (alone)
    end else if (name == "core_fsm_legal") begin
      force u_core.u_ctrl.st_q = 2'd3;
    end else if (name == "core_ctrl_known") begin
      force u_core.u_ctrl.st_q = 2'bxx;
    end else if (name == "core_seq_known") begin
      force u_core.u_ctrl.xbuf_q = 1'bx;               // the x buffer select of an idle engine
    end else if (name == "walker_ctrl_known") begin
      force u_core.u_walker.bv_q = 1'bx;               // a stage-B0 valid with no reset value
    end else if (name == "core_credit_range") begin
      force u_core.u_ctrl.credit_q = 5'(OUT_DEPTH + 1);
    end else if (name == "params_port_shared") begin
      force u_core.u_params.w_re_i    = 1'b1;          // the engine reads the weights ...
      force u_core.u_params.mem_re_i  = 1'b1;          // ... and the front door reads the t2mem window
      force u_core.u_params.mem_sel_i = 2'd2;          //     (in the same single-port memory)
    end else if (name == "params_rmw_port") begin
      force u_core.u_params.wr_q      = 1'b1;          // a wmem read-modify-write's write cycle ...
      force u_core.u_params.wr_row_q  = 2'b01;         //     (of word 0, bank 0: its enable as the
      force u_core.u_params.rmw_addr_q = '0;           //     write's, so only this check) ...
      force u_core.u_params.mem_re_i  = 1'b1;          // ... meets a front-door read (of bmem:
      force u_core.u_params.mem_sel_i = 2'd1;          //     another memory, so only this check)
    end else if (name == "params_row_enable") begin
      force u_core.u_params.wr_row_q = 2'b01;          // bank 0 enabled with no access asked for
    end else if (name == "params_ctrl_known") begin
      force u_core.u_params.rmw_q     = 1'bx;          // a write enable nobody set
    end else if (name == "core_step_count") begin
      force u_core.op_valid   = 1'b1;                  // a step in the operand register no walker took ...
      force u_core.early_done = 1'b1;                  // ... counted when a layer drains
    end else if (name == "core_stall_registered") begin
      force u_core.u_ctrl.stall_q = 1'b1;              // a stall the condition does not call for
    end else if (name == "core_layer_range") begin
      force u_core.u_ctrl.st_q = 2'd2;                        // draining (not idle) ...
      force u_core.u_ctrl.layer_q = 1'b1;                     // ... layer 1 of a 1-layer configuration
    // --- across the top
    end else if (name == "out_credit_room") begin
      force dut.u_axis_out.v_q = 1'b1;                 // a beat presented that no credit paid for
    end else if (name == "top_irq_known") begin
      force dut.irq = 1'bx;                            // the pin, not the register file's output
    end else begin
      $fatal(1, "hcgs_checks_tb: unknown +case=%s", name);
    end
    cyc(10);
    $display("HCGS-CHECKS-TB %s: no check fired", name);
    $finish;
  end

endmodule

`default_nettype wire
