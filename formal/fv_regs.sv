// Formal harness (make formal): the AXI4-Lite slave (hcgs_axil_slave) with the real
// register file (hcgs_regs) behind it, tiny build (golden/config.py: MAX_LAYERS 2, MAX_H
// and MAX_I 64, LANES 16, WMEM_DEPTH 4096, T1_DEPTH 16), behind a free AXI4-Lite master
// that keeps the protocol (assumptions). The engine's side of the register file (busy,
// drained, events, frame errors, memory read data) is free. The configuration check
// (hcgs_cfg_check: the multipliers of the memory-fit sums) is cut in formal/fv_regs.sby:
// its five error flags are free inputs, so START may succeed or fail at any time.
//
// Asserted at the AXI4-Lite ports: the protocol (as fv_axil.sv: responses held and stable,
// one per request, none without one, one transaction at a time, no hang), the spacing of
// the requests to the register file (at least 5 cycles: ap_req_spacing), and the response
// kind the contract gives each request (docs/architecture.md, sections 8 and 9), written
// here from the register map independently of hcgs_regs' decoder:
//   registers (below 0x1000): a read is OKAY on a known offset, a write OKAY on a known
//     offset that is not read-only with WSTRB = 4'hF; anything else SLVERR;
//   memory windows (T1 0x08000 stride 4, B 0x10000 stride 32, T2 0x20000 stride 4,
//     W 0x80000 stride 64 with 3 slots of 32 bits at LANES 16): OKAY inside the memory's
//     depth (and slots) with WSTRB = 4'hF on writes, while not running; SLVERR otherwise
//     (beyond the depth, unused slot, the gaps, partial strobe, or running);
//   read data of the constant registers (ID, HWCFG0..2) and of CMD (reads 0).
`default_nettype none

module fv_regs (
  input wire logic        clk,
  input wire logic        rst_n,
  input wire logic [19:0] awaddr,
  input wire logic        awvalid,
  input wire logic [31:0] wdata,
  input wire logic [3:0]  wstrb,
  input wire logic        wvalid,
  input wire logic        bready,
  input wire logic [19:0] araddr,
  input wire logic        arvalid,
  input wire logic        rready,
  // the engine's side, free
  input wire logic        busy,
  input wire logic        drained,
  input wire logic        ev_mac,
  input wire logic        ev_stall_in,
  input wire logic        ev_stall_out,
  input wire logic        ev_frame,
  input wire logic        err_short,
  input wire logic        err_long,
  input wire logic [31:0] mem_rdata
);
  localparam int MAX_LAYERS = 2;
  localparam int MAX_H      = 64;
  localparam int MAX_I      = 64;
  localparam int LANES      = 16;
  localparam int WMEM_DEPTH = 4096;
  localparam int T1_DEPTH   = 16;
  localparam int MA_W       = 12;
  // contract values for this build
  localparam int BMEM_WORDS = MAX_LAYERS * MAX_H / 4;        // 32
  localparam int T2_WORDS   = WMEM_DEPTH / (64 / LANES);     // 1024
  localparam int W_SLOTS    = LANES * 6 / 32;                // 3

  logic        awready, wready, arready, bvalid, rvalid;
  logic [1:0]  bresp, rresp;
  logic [31:0] rdata;
  logic        req, req_we, rsp, rsp_err;
  logic [19:0] req_addr;
  logic [31:0] req_wdata, rsp_rdata;
  logic [3:0]  req_wstrb;
  logic        running;

  hcgs_axil_slave #(.ADDR_W(20)) u_axil (
    .clk_i (clk), .rst_ni (rst_n),
    .s_axil_awaddr_i (awaddr), .s_axil_awvalid_i (awvalid), .s_axil_awready_o (awready),
    .s_axil_wdata_i (wdata), .s_axil_wstrb_i (wstrb), .s_axil_wvalid_i (wvalid), .s_axil_wready_o (wready),
    .s_axil_bresp_o (bresp), .s_axil_bvalid_o (bvalid), .s_axil_bready_i (bready),
    .s_axil_araddr_i (araddr), .s_axil_arvalid_i (arvalid), .s_axil_arready_o (arready),
    .s_axil_rdata_o (rdata), .s_axil_rresp_o (rresp), .s_axil_rvalid_o (rvalid), .s_axil_rready_i (rready),
    .req_o (req), .req_we_o (req_we), .req_addr_o (req_addr), .req_wdata_o (req_wdata),
    .req_wstrb_o (req_wstrb), .rsp_i (rsp), .rsp_rdata_i (rsp_rdata), .rsp_err_i (rsp_err)
  );

  hcgs_regs #(
    .MAX_LAYERS (MAX_LAYERS), .MAX_H (MAX_H), .MAX_I (MAX_I), .LANES (LANES),
    .WMEM_DEPTH (WMEM_DEPTH), .T1_DEPTH (T1_DEPTH), .ACT_CELLS (1), .ACT_SHARE (0), .MA_W (MA_W)
  ) u_regs (
    .clk_i (clk), .rst_ni (rst_n),
    .req_i (req), .req_we_i (req_we), .req_addr_i (req_addr), .req_wdata_i (req_wdata),
    .req_wstrb_i (req_wstrb), .rsp_o (rsp), .rsp_rdata_o (rsp_rdata), .rsp_err_o (rsp_err),
    .mem_we_o (), .mem_re_o (), .mem_sel_o (), .mem_addr_o (), .mem_slot_o (), .mem_wdata_o (),
    .mem_rdata_i (mem_rdata),
    .cfg_layers_o (), .cfg_isize_o (), .cfg_hsize_o (), .cfg_keep_o (), .cfg_out_all_o (),
    .running_o (running), .accept_o (), .flush_o (), .busy_i (busy), .drained_i (drained),
    .ev_mac_i (ev_mac), .ev_stall_in_i (ev_stall_in), .ev_stall_out_i (ev_stall_out),
    .ev_frame_i (ev_frame), .err_short_i (err_short), .err_long_i (err_long), .irq_o ()
  );

  // ---------------------------------------------------------------- environment
  logic past_ok = 1'b0;
  always_ff @(posedge clk) past_ok <= 1'b1;
  initial assume (!rst_n);

  always_ff @(posedge clk) begin
    if (past_ok && $past(rst_n)) begin
      if ($past(awvalid && !awready)) assume (awvalid && awaddr == $past(awaddr));
      if ($past(wvalid && !wready))   assume (wvalid && wdata == $past(wdata) && wstrb == $past(wstrb));
      if ($past(arvalid && !arready)) assume (arvalid && araddr == $past(araddr));
    end
  end

  // ---------------------------------------------------------------- observed state
  // Two internal registers of the slave the invariants below need (the held AW address
  // can wait any number of cycles, so induction cannot recover it from the ports),
  // connected by formal/fv_regs.sby after flattening (`connect -set`): the RTL carries no
  // formal-only ports. Read only in assertions.
  (* keep *) logic [1:0]  fv_state;      // u_axil.state_q: 0 idle, 1 request out, 2 response
  (* keep *) logic [19:0] fv_awaddr;     // u_axil.awaddr_q: the held AW address

  // ---------------------------------------------------------------- bookkeeping
  logic [1:0]  aw_out, w_out, ar_out;    // accepted, not yet answered
  logic [19:0] awq0, awq1, arq;          // addresses of the outstanding requests, oldest first
  logic [3:0]  wq0, wq1;                 // their strobes
  logic        exp_q;                    // the answer due to the request being decoded (1: SLVERR)
  logic        p1, p2, p3;               // the request in R1, in R2 (or RM), in R2 after RM
  logic        mr_q;                     // ... it is a memory read (answered from R2 after RM)
  // the contract's answer to the request being decoded (no functions: Yosys 0.70 turned
  // the nested function calls of a first version into x)
  logic [19:0] ea;                       // its AXI address
  logic        ewe, e_known, e_ro, e_hit, exp_now;
  logic [3:0]  estrb;
  assign ea    = req_we ? awq0 : arq;
  assign ewe   = req_we;
  assign estrb = req_we ? wq0 : 4'hF;
  // (plain equalities: a first version with a case statement came out wrong in Yosys 0.70)
  assign e_ro    = ea[11:2] == 10'h000 || ea[11:2] == 10'h001 || ea[11:2] == 10'h002 ||   // ID, HWCFG0, HWCFG1
                   ea[11:2] == 10'h003 || ea[11:2] == 10'h006 ||                          // HWCFG2, STATUS
                   (ea[11:2] >= 10'h020 && ea[11:2] <= 10'h024);                           // CNT_*
  assign e_known = e_ro || (ea[11:2] >= 10'h004 && ea[11:2] <= 10'h00C && ea[11:2] != 10'h006) || // CTRL .. CFG_HSIZE
                   (ea[11:2] >= 10'h010 && ea[11:2] <= 10'h013);                           // CFG_KEEP_L0..3
  // a memory word (and slot) that exists in this build
  assign e_hit = (ea >= 20'h80000) ? (((ea - 20'h80000) >> 6) < 20'(WMEM_DEPTH) && (ea[5:0] >> 2) < 6'(W_SLOTS)) :
                 (ea >= 20'h20000) ? (((ea - 20'h20000) >> 2) < 20'(T2_WORDS)) :
                 (ea >= 20'h10000) ? (((ea - 20'h10000) >> 5) < 20'(BMEM_WORDS)) :
                 (ea >= 20'h08000) ? (((ea - 20'h08000) >> 2) < 20'(T1_DEPTH)) : 1'b0;
  // 1: SLVERR (partial strobe; unknown or read-only register; no such memory word, or running)
  assign exp_now = (ewe && estrb != 4'hF) ||
                   ((ea < 20'h01000) ? (!e_known || (ewe && e_ro)) : (!e_hit || running));
  logic [3:0]  wait_w, wait_r;           // cycles a complete request waits for its answer
  logic [2:0]  since_req;                // cycles since the last request, saturating at 4
  logic        b_hs, r_hs, aw_hs, w_hs, ar_hs;
  assign b_hs  = bvalid && bready;
  assign r_hs  = rvalid && rready;
  assign aw_hs = awvalid && awready;
  assign w_hs  = wvalid && wready;
  assign ar_hs = arvalid && arready;
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      aw_out <= 2'd0;
      w_out  <= 2'd0;
      ar_out <= 2'd0;
      wait_w <= 4'd0;
      wait_r <= 4'd0;
      since_req <= 3'd4;
    end else begin
      since_req <= req ? 3'd0 : (since_req < 3'd4) ? since_req + 3'd1 : since_req;
      aw_out <= aw_out + 2'(aw_hs) - 2'(b_hs);
      w_out  <= w_out + 2'(w_hs) - 2'(b_hs);
      ar_out <= ar_out + 2'(ar_hs) - 2'(r_hs);
      // (a write whose AW and W are both in is not counted while a read goes first)
      wait_w <= (aw_out == 0 || w_out == 0 || bvalid) ? 4'd0 :
                (rvalid || ar_out != 0) ? wait_w : wait_w + 4'd1;
      wait_r <= (ar_out == 0 || rvalid) ? 4'd0 : wait_r + 4'd1;
    end
    // queues: push at the tail, pop the head on B
    if (b_hs) begin
      awq0 <= (aw_out == 2'd2) ? awq1 : awaddr;
      if (aw_hs && aw_out == 2'd2) awq1 <= awaddr;
    end else if (aw_hs) begin
      if (aw_out == 2'd0) awq0 <= awaddr; else awq1 <= awaddr;
    end
    if (b_hs) begin
      wq0 <= (w_out == 2'd2) ? wq1 : wstrb;
      if (w_hs && w_out == 2'd2) wq1 <= wstrb;
    end else if (w_hs) begin
      if (w_out == 2'd0) wq0 <= wstrb; else wq1 <= wstrb;
    end
    if (ar_hs) arq <= araddr;
    // the contract's answer, from the request's AXI address and strobe and RUNNING as
    // the register file sees it while it decodes the request
    p1 <= rst_n && req;
    p2 <= rst_n && p1;
    p3 <= rst_n && p2 && mr_q;
    if (p1) exp_q <= exp_now;
    if (p1) mr_q  <= !ewe && ea >= 20'h01000 && !exp_now;
  end

  // ---------------------------------------------------------------- properties
  always_ff @(posedge clk) begin
    if (past_ok && $past(rst_n) && rst_n) begin
      // B and R: VALID held until READY, response stable meanwhile
      if ($past(bvalid && !bready)) ap_b_stable: assert (bvalid && bresp == $past(bresp));
      if ($past(rvalid && !rready)) ap_r_stable: assert (rvalid && rresp == $past(rresp) && rdata == $past(rdata));
    end
    if (past_ok && !$past(rst_n)) begin
      ap_reset_idle: assert (!bvalid && !rvalid);
    end
    if (rst_n) begin
      // one response per request, none without a request; one transaction at a time
      ap_b_has_request: assert (!bvalid || (aw_out != 0 && w_out != 0));
      ap_r_has_request: assert (!rvalid || ar_out != 0);
      ap_outstanding:   assert (aw_out <= 2 && w_out <= 2 && ar_out <= 1);
      ap_one_response:  assert (!(bvalid && rvalid));
      // no hang: B 4 cycles after the write can start, R 4 cycles after AR
      ap_w_answered:    assert (wait_w <= 4'd4);
      ap_r_answered:    assert (wait_r <= 4'd4);
      // the response kind of each request, and what the register file answered
      if (bvalid) ap_b_kind: assert (bresp == (exp_q ? 2'b10 : 2'b00));
      if (rvalid) ap_r_kind: assert (rresp == (exp_q ? 2'b10 : 2'b00));
      if (rsp)    ap_rsp_kind: assert (rsp_err == exp_q);
      // the register file answers 2 cycles after the request, a memory read 3 (its data is
      // registered in hcgs_params)
      ap_rsp_timing: assert (rsp == ((p2 && !mr_q) || p3));
      // requests at least 5 cycles apart: hcgs_regs' pipelined configuration check needs 4
      // between a CFG_* write and START (contract section 9, START)
      ap_req_spacing: assert (!req || since_req >= 3'd4);
      // constant registers read their build values, CMD reads 0
      if (rvalid && arq[19:12] == 8'h00) begin
        if (arq[11:2] == 10'h000) ap_r_id:     assert (rdata == 32'h48434753);
        if (arq[11:2] == 10'h001) ap_r_hwcfg0: assert (rdata == ((32'(LANES) << hcgs_pkg::HWCFG0_LANES_LSB) |
                                                                 (32'd1 << hcgs_pkg::HWCFG0_ACT_CELLS_LSB) |   // ACT_CELLS 1 (tiny)
                                                                 (32'd0 << hcgs_pkg::HWCFG0_ACT_SHARE_LSB) |   // ACT_SHARE 0 (tiny)
                                                                 (32'(MAX_LAYERS) << hcgs_pkg::HWCFG0_MAX_LAYERS_LSB) |
                                                                 (32'(MAX_H) << hcgs_pkg::HWCFG0_MAX_H_LSB)));
        if (arq[11:2] == 10'h002) ap_r_hwcfg1: assert (rdata == ((32'(MAX_I) << hcgs_pkg::HWCFG1_MAX_I_LSB) |
                                                                 (32'(T1_DEPTH) << hcgs_pkg::HWCFG1_T1_DEPTH_LSB)));
        if (arq[11:2] == 10'h003) ap_r_hwcfg2: assert (rdata == 32'(WMEM_DEPTH));
        if (arq[11:2] == 10'h005) ap_r_cmd:    assert (rdata == 32'd0);
      end
      // invariants (they make the induction close): the request travels slave -> R1 -> R2,
      // one stage at a time, while the slave waits; the bookkeeping seen from the ports
      ap_inv_pipe:  assert ((fv_state == 2'd1) ? (2'(req) + 2'(p1) + 2'(p2) + 2'(p3) == 2'd1)
                                                : (!req && !p1 && !p2 && !p3 && fv_state != 2'd3));
      ap_inv_mr:    assert ((!(p2 || p3) || mr_q == (!req_we && req_addr >= 20'h01000 && !exp_q)) &&
                            (!p3 || mr_q));
      ap_inv_aw:    assert (aw_out == 2'(!awready) + 2'(bvalid));
      ap_inv_w:     assert (w_out == 2'(!wready) + 2'(bvalid));
      ap_inv_ar:    assert (ar_out == 2'(rvalid) + 2'(fv_state == 2'd1 && !req_we));
      ap_inv_held:  assert ((awready || fv_awaddr == (bvalid ? awq1 : awq0)) &&
                            (wready || req_wstrb == (bvalid ? wq1 : wq0)));
      ap_inv_req:   assert (fv_state != 2'd1 || (req_we ? (req_addr == awq0 && fv_awaddr == awq0 && !awready && !wready)
                                                        : req_addr == arq));
      ap_inv_resp:  assert ((fv_state == 2'd2) == (bvalid || rvalid));
      ap_inv_since: assert ((p1 ? since_req == 3'd0 : p2 ? since_req == 3'd1 : p3 ? since_req == 3'd2 :
                             fv_state == 2'd2 ? since_req >= 3'd2 && since_req <= 3'd4 :
                             fv_state == 2'd0 ? since_req >= 3'd3 && since_req <= 3'd4 : since_req <= 3'd4));
      ap_inv_wait:  assert (((fv_state == 2'd1 && req_we) ? wait_w == (req ? 4'd1 : p1 ? 4'd2 : 4'd3)
                                                          : (bvalid ? wait_w <= 4'd4 : wait_w == 4'd0)) &&
                            ((fv_state == 2'd1 && !req_we) ? wait_r == (req ? 4'd0 : p1 ? 4'd1 : p2 ? 4'd2 : 4'd3)
                                                           : (rvalid ? wait_r <= 4'd4 : wait_r == 4'd0)));
    end
  end

  // every kind of answer is reached
  always_ff @(posedge clk) begin
    if (rst_n) begin
      cp_b_okay_reg:   cover (b_hs && bresp == 2'b00 && awq0 < 20'h01000);
      cp_b_ro:         cover (b_hs && bresp == 2'b10 && awq0[19:2] == 18'h00006 && wq0 == 4'hF);   // STATUS
      cp_b_strb:       cover (b_hs && bresp == 2'b10 && wq0 != 4'hF);
      cp_b_okay_mem:   cover (b_hs && bresp == 2'b00 && awq0 >= 20'h80000);
      cp_b_running:    cover (b_hs && bresp == 2'b10 && awq0[19:6] == 14'h2000 && awq0[5:2] < 4'd3 && wq0 == 4'hF);   // W word 0
      cp_r_okay_mem:   cover (r_hs && rresp == 2'b00 && arq >= 20'h08000 && arq < 20'h10000);
      cp_r_unknown:    cover (r_hs && rresp == 2'b10 && arq < 20'h01000);
      cp_r_gap:        cover (r_hs && rresp == 2'b10 && arq >= 20'h01000 && arq < 20'h08000);
      cp_r_id:         cover (r_hs && arq[19:2] == 18'd0);
      cp_running:      cover (running);
    end
  end
endmodule

`default_nettype wire
