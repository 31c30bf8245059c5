// Formal harness (make formal): the AXI4-Lite slave (hcgs_axil_slave) behind a free
// AXI4-Lite master that keeps the protocol (assumptions), in front of an abstract back
// end that keeps the request port's contract. The slave's side of AXI4-Lite is asserted.
`default_nettype none

module fv_axil (
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
  input wire logic        rready
);
  logic        awready, wready, arready, bvalid, rvalid;
  logic [1:0]  bresp, rresp;
  logic [31:0] rdata;
  logic        req, req_we, rsp, rsp_err;
  logic [19:0] req_addr;
  logic [31:0] req_wdata, rsp_rdata;
  logic [3:0]  req_wstrb;

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

  // Abstract back end (the register file's side of the request port, contract: one
  // rsp pulse per request, any number of cycles later): answers each request once,
  // 1 to 3 cycles later, with free data and error flag. hcgs_regs answers exactly 2
  // cycles later (its own assertion regs_one_request checks it in simulation).
  logic [1:0]  be_age;
  logic        be_busy;
  (* anyseq *) logic        be_go;
  (* anyseq *) logic [31:0] be_rdata;
  (* anyseq *) logic        be_err;
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      be_busy <= 1'b0;
      be_age  <= 2'd0;
    end else if (req) begin
      be_busy <= 1'b1;
      be_age  <= 2'd0;
    end else if (rsp) begin
      be_busy <= 1'b0;
    end else if (be_busy) begin
      be_age  <= be_age + 2'd1;
    end
  end
  logic pend;                           // a request is with the back end
  assign pend      = be_busy || req;
  assign rsp       = be_busy && (be_go || be_age == 2'd2);
  assign rsp_rdata = be_rdata;
  assign rsp_err   = be_err;

  // ---------------------------------------------------------------- environment
  logic past_ok = 1'b0;                 // a previous cycle exists
  always_ff @(posedge clk) past_ok <= 1'b1;
  initial assume (!rst_n);              // start in reset

  // the master's side of AXI4-Lite: VALID held until READY, payload stable meanwhile
  always_ff @(posedge clk) begin
    if (past_ok && $past(rst_n)) begin
      if ($past(awvalid && !awready)) assume (awvalid && awaddr == $past(awaddr));
      if ($past(wvalid && !wready))   assume (wvalid && wdata == $past(wdata) && wstrb == $past(wstrb));
      if ($past(arvalid && !arready)) assume (arvalid && araddr == $past(araddr));
    end
  end

  // ---------------------------------------------------------------- bookkeeping
  logic [1:0] aw_out, w_out, ar_out;    // accepted, not yet answered
  logic [3:0] wait_w, wait_r;           // cycles a complete request waits for its answer
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      aw_out <= 2'd0;
      w_out  <= 2'd0;
      ar_out <= 2'd0;
      wait_w <= 4'd0;
      wait_r <= 4'd0;
    end else begin
      aw_out <= aw_out + 2'(awvalid && awready) - 2'(bvalid && bready);
      w_out  <= w_out + 2'(wvalid && wready) - 2'(bvalid && bready);
      ar_out <= ar_out + 2'(arvalid && arready) - 2'(rvalid && rready);
      // (a write whose AW and W are both in is not counted while a read goes first)
      wait_w <= (aw_out == 0 || w_out == 0 || bvalid) ? 4'd0 :
                (rvalid || (pend && !req_we)) ? wait_w : wait_w + 4'd1;
      wait_r <= (ar_out == 0 || rvalid) ? 4'd0 : wait_r + 4'd1;
    end
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
      ap_resp_legal:    assert ((!bvalid || bresp == 2'b00 || bresp == 2'b10) &&
                                (!rvalid || rresp == 2'b00 || rresp == 2'b10));
      // every complete request is answered within 5 cycles of its own (no hang)
      ap_w_answered:    assert (wait_w <= 4'd5);
      ap_r_answered:    assert (wait_r <= 4'd5);
      ap_inv_wait:      assert ((!((pend && !req_we) || rvalid) || wait_w == 4'd0) &&
                                (pend || bvalid || rvalid || (wait_w <= 4'd1 && wait_r == 4'd0)) &&
                                (!(req && req_we) || wait_w <= 4'd1) &&
                                (!(req && !req_we) || wait_r == 4'd0) &&
                                (!be_busy || !req_we || wait_w <= 4'(be_age) + 4'd2) &&
                                (!be_busy || req_we || wait_r <= 4'(be_age) + 4'd1));
      // bookkeeping seen from the ports (these make the induction close): an accepted
      // AW/W is held (READY low) until its B is raised; a request to the back end is
      // pending only between the handshakes and the response; when nothing is pending
      // AR is ready unless a complete write is held
      ap_inv_aw:        assert (aw_out == 2'(!awready) + 2'(bvalid));
      ap_inv_w:         assert (w_out == 2'(!wready) + 2'(bvalid));
      ap_inv_ar:        assert (ar_out == 2'(rvalid) + 2'(pend && !req_we));
      ap_inv_be:        assert (!(pend && (bvalid || rvalid || arready)) && be_age <= 2'd2);
      ap_inv_be_wr:     assert (!(pend && req_we && (awready || wready)));
      ap_inv_idle:      assert (pend || bvalid || rvalid || arready == (awready || wready));
      ap_inv_resp:      assert (!((bvalid || rvalid) && arready));
    end
  end

  // every response type is reachable
  always_ff @(posedge clk) begin
    if (rst_n) begin
      cp_b_okay:    cover (bvalid && bready && bresp == 2'b00);
      cp_b_slverr:  cover (bvalid && bready && bresp == 2'b10);
      cp_r_okay:    cover (rvalid && rready && rresp == 2'b00);
      cp_r_slverr:  cover (rvalid && rready && rresp == 2'b10);
      cp_w_first:   cover (wvalid && wready && !awvalid && aw_out == 0);
      cp_b_stalled: cover (past_ok && $past(bvalid && !bready) && bvalid && bready);
      cp_aw_during_b:  cover (awvalid && awready && bvalid && !bready);
    end
  end

  logic unused;
  assign unused = ^{req_we, req_addr, req_wdata, req_wstrb};
endmodule

`default_nettype wire
