// AXI4-Lite slave front end: turns the five AXI4-Lite channels into a single-request
// access port (one transaction at a time). AW and W are captured independently, in any
// order; a write is issued once both are held. A read is accepted only while no write
// is complete in the holding registers (writes first), and only while idle.
// The back end answers every request with exactly one rsp_i pulse, any number of
// cycles later; its error flag becomes SLVERR. All AXI outputs are registered.
`default_nettype none

module hcgs_axil_slave #(
  parameter int ADDR_W = 20                  // byte address width
) (
  input  wire logic              clk_i,
  input  wire logic              rst_ni,     // synchronous, active low
  // AXI4-Lite slave
  input  wire logic [ADDR_W-1:0] s_axil_awaddr_i,
  input  wire logic              s_axil_awvalid_i,
  output logic                   s_axil_awready_o,
  input  wire logic [31:0]       s_axil_wdata_i,
  input  wire logic [3:0]        s_axil_wstrb_i,
  input  wire logic              s_axil_wvalid_i,
  output logic                   s_axil_wready_o,
  output logic [1:0]             s_axil_bresp_o,
  output logic                   s_axil_bvalid_o,
  input  wire logic              s_axil_bready_i,
  input  wire logic [ADDR_W-1:0] s_axil_araddr_i,
  input  wire logic              s_axil_arvalid_i,
  output logic                   s_axil_arready_o,
  output logic [31:0]            s_axil_rdata_o,
  output logic [1:0]             s_axil_rresp_o,
  output logic                   s_axil_rvalid_o,
  input  wire logic              s_axil_rready_i,
  // request port to the register file
  output logic                   req_o,      // one-cycle pulse
  output logic                   req_we_o,
  output logic [ADDR_W-1:0]      req_addr_o,
  output logic [31:0]            req_wdata_o,
  output logic [3:0]             req_wstrb_o,
  input  wire logic              rsp_i,      // one-cycle pulse per request
  input  wire logic [31:0]       rsp_rdata_i,
  input  wire logic              rsp_err_i
);

  localparam logic [1:0] RESP_OKAY   = 2'b00;
  localparam logic [1:0] RESP_SLVERR = 2'b10;

  typedef enum logic [1:0] {
    ST_IDLE = 2'd0,   // waiting for a complete write or a read address
    ST_WAIT = 2'd1,   // request issued, waiting for the back end
    ST_RESP = 2'd2    // B or R valid, waiting for the master
  } state_e;

  state_e            state_q, state_d;
  logic              aw_held_q, aw_held_d;
  logic              w_held_q, w_held_d;
  logic [ADDR_W-1:0] awaddr_q, awaddr_d;
  logic [31:0]       wdata_q, wdata_d;
  logic [3:0]        wstrb_q, wstrb_d;
  logic              is_wr_q, is_wr_d;        // current transaction is a write
  logic [ADDR_W-1:0] req_addr_q, req_addr_d;
  logic              req_q, req_d;
  logic              bvalid_q, bvalid_d;
  logic              rvalid_q, rvalid_d;
  logic [1:0]        resp_q, resp_d;
  logic [31:0]       rdata_q, rdata_d;

  logic aw_fire, w_fire, ar_fire, start_wr;

  // AW and W are accepted whenever their holding register is free (also while a
  // previous transaction completes); a write starts when both are held and we are idle.
  assign s_axil_awready_o = !aw_held_q;
  assign s_axil_wready_o  = !w_held_q;
  assign s_axil_arready_o = (state_q == ST_IDLE) && !(aw_held_q && w_held_q);

  assign aw_fire  = s_axil_awvalid_i && !aw_held_q;
  assign w_fire   = s_axil_wvalid_i && !w_held_q;
  assign ar_fire  = s_axil_arvalid_i && s_axil_arready_o;
  assign start_wr = (state_q == ST_IDLE) && aw_held_q && w_held_q;

  always @(*) begin
    state_d    = state_q;
    aw_held_d  = aw_held_q;
    w_held_d   = w_held_q;
    awaddr_d   = awaddr_q;
    wdata_d    = wdata_q;
    wstrb_d    = wstrb_q;
    is_wr_d    = is_wr_q;
    req_addr_d = req_addr_q;
    req_d      = 1'b0;
    bvalid_d   = bvalid_q;
    rvalid_d   = rvalid_q;
    resp_d     = resp_q;
    rdata_d    = rdata_q;

    if (aw_fire) begin
      aw_held_d = 1'b1;
      awaddr_d  = s_axil_awaddr_i;
    end
    if (w_fire) begin
      w_held_d = 1'b1;
      wdata_d  = s_axil_wdata_i;
      wstrb_d  = s_axil_wstrb_i;
    end

    case (state_q)
      ST_IDLE: begin
        if (start_wr) begin
          req_d      = 1'b1;
          is_wr_d    = 1'b1;
          req_addr_d = awaddr_q;
          state_d    = ST_WAIT;
        end else if (ar_fire) begin
          req_d      = 1'b1;
          is_wr_d    = 1'b0;
          req_addr_d = s_axil_araddr_i;
          state_d    = ST_WAIT;
        end
      end
      ST_WAIT: begin
        if (rsp_i) begin
          resp_d  = rsp_err_i ? RESP_SLVERR : RESP_OKAY;
          state_d = ST_RESP;
          if (is_wr_q) begin
            bvalid_d  = 1'b1;
            // free the holding registers: the next AW/W may be taken from now on
            aw_held_d = 1'b0;
            w_held_d  = 1'b0;
          end else begin
            rvalid_d = 1'b1;
            rdata_d  = rsp_rdata_i;
          end
        end
      end
      ST_RESP: begin
        if (bvalid_q && s_axil_bready_i) begin
          bvalid_d = 1'b0;
          state_d  = ST_IDLE;
        end
        if (rvalid_q && s_axil_rready_i) begin
          rvalid_d = 1'b0;
          state_d  = ST_IDLE;
        end
      end
      default: state_d = ST_IDLE;
    endcase
  end

`ifdef HCGS_BREAK_NO_RESET
  // deliberate fault (tests/sim/test_checks.py): the handshake state has no reset
  always_ff @(posedge clk_i) begin
    state_q   <= state_d;
    aw_held_q <= aw_held_d;
    w_held_q  <= w_held_d;
    bvalid_q  <= bvalid_d;
    rvalid_q  <= rvalid_d;
  end
`else
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q   <= ST_IDLE;
      aw_held_q <= 1'b0;
      w_held_q  <= 1'b0;
      bvalid_q  <= 1'b0;
      rvalid_q  <= 1'b0;
    end else begin
      state_q   <= state_d;
      aw_held_q <= aw_held_d;
      w_held_q  <= w_held_d;
      bvalid_q  <= bvalid_d;
      rvalid_q  <= rvalid_d;
    end
  end
`endif

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      awaddr_q   <= '0;
      wdata_q    <= '0;
      wstrb_q    <= '0;
      is_wr_q    <= 1'b0;
      req_addr_q <= '0;
      req_q      <= 1'b0;
      resp_q     <= RESP_OKAY;
      rdata_q    <= '0;
    end else begin
      awaddr_q   <= awaddr_d;
      wdata_q    <= wdata_d;
      wstrb_q    <= wstrb_d;
      is_wr_q    <= is_wr_d;
      req_addr_q <= req_addr_d;
      req_q      <= req_d;
      resp_q     <= resp_d;
      rdata_q    <= rdata_d;
    end
  end

  assign req_o       = req_q;
  assign req_we_o    = is_wr_q;
  assign req_addr_o  = req_addr_q;
  assign req_wdata_o = wdata_q;
  assign req_wstrb_o = wstrb_q;

  assign s_axil_bvalid_o = bvalid_q;
  assign s_axil_bresp_o  = resp_q;
  assign s_axil_rvalid_o = rvalid_q;
  assign s_axil_rresp_o  = resp_q;
  assign s_axil_rdata_o  = rdata_q;

`ifdef FORMAL
  // ---------------------------------------------------------------------------------
  // State invariants for the formal proof (formal/fv_axil.sv): they hold in every
  // reachable state and let k-induction close.
  // ---------------------------------------------------------------------------------
  always @(*) begin
    if (rst_ni) begin
      fi_state_legal: assert (state_q != 2'd3);
      fi_resp_state:  assert ((bvalid_q || rvalid_q) == (state_q == ST_RESP));
      fi_resp_kind:   assert (!(bvalid_q && !is_wr_q) && !(rvalid_q && is_wr_q));
      fi_req_state:   assert (!req_q || state_q == ST_WAIT);
      fi_wr_held:     assert (!(state_q == ST_WAIT && is_wr_q) || (aw_held_q && w_held_q));
    end
  end
`endif

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions (simulation only): the AXI4-Lite rules on both sides of the interface.
  // Master side (checked so a bad driver is caught): AWVALID/WVALID/ARVALID held until
  // READY with a stable payload. Slave side: BVALID/RVALID held until READY with a
  // stable response, one response per request, no response without a request.
  // ---------------------------------------------------------------------------------
  // Coded for event-driven simulation (Icarus evaluates every operand of an && on every
  // edge): a check whose condition is 0 is skipped (`if (c !== 1'b0) assert (!c || ...)`:
  // the same outcome for 0, 1 and X), and a payload is captured only when it may have to
  // be held (VALID without READY, or X), the only time the next cycle compares it. While
  // the bus is quiet (chk_act = 0: no VALID, no response pending, nothing held from the
  // last cycle, nothing outstanding, the FSM idle, no control bit X) every check below
  // passes by construction, so the clocked process only tests chk_act, a continuous
  // assignment Icarus re-evaluates when one of its inputs changes, not on every edge.
  logic              p_ok;                    // the previous cycle was out of reset
  logic              p_awh, p_wh, p_arh, p_bh, p_rh;   // VALID without READY last cycle
  logic [ADDR_W-1:0] p_awaddr, p_araddr;
  logic [31:0]       p_wdata, p_rdata;
  logic [3:0]        p_wstrb;
  logic [1:0]        p_bresp, p_rresp;
  int                aw_out, w_out, ar_out;   // accepted, not yet answered
  logic [4:0]        chk_ctrl;
  assign chk_ctrl = {s_axil_awready_o, s_axil_wready_o, s_axil_arready_o, s_axil_bvalid_o, s_axil_rvalid_o};
  logic [2:0]        chk_in;
  assign chk_in = {s_axil_awvalid_i, s_axil_wvalid_i, s_axil_arvalid_i};
  logic              chk_b_hs, chk_r_hs;      // a response taken
  assign chk_b_hs = s_axil_bvalid_o && s_axil_bready_i;
  assign chk_r_hs = s_axil_rvalid_o && s_axil_rready_i;
  logic              chk_act;                 // something to check this cycle (above)
  assign chk_act = (|{chk_in, s_axil_bvalid_o, s_axil_rvalid_o, rsp_i, p_awh, p_wh, p_arh, p_bh, p_rh,
                      state_q != ST_IDLE, aw_out != 0, w_out != 0, ar_out != 0}) !== 1'b0 ||
                   (^{chk_ctrl, chk_in}) === 1'bx;

  always @(posedge clk_i) begin
    if (rst_ni !== 1'b1) begin  // X (before the first reset) counts as reset
      p_ok   <= 1'b0;
      {p_awh, p_wh, p_arh, p_bh, p_rh} <= '0;
      aw_out <= 0;
      w_out  <= 0;
      ar_out <= 0;
    end else if (chk_act !== 1'b0) begin   // X: checked
      p_ok  <= 1'b1;
      p_awh <= s_axil_awvalid_i && !s_axil_awready_o;
      p_wh  <= s_axil_wvalid_i && !s_axil_wready_o;
      p_arh <= s_axil_arvalid_i && !s_axil_arready_o;
      p_bh  <= s_axil_bvalid_o && !s_axil_bready_i;
      p_rh  <= s_axil_rvalid_o && !s_axil_rready_i;
      if ((s_axil_awvalid_i && !s_axil_awready_o) !== 1'b0) p_awaddr <= s_axil_awaddr_i;
      if ((s_axil_wvalid_i && !s_axil_wready_o) !== 1'b0) begin
        p_wdata <= s_axil_wdata_i;
        p_wstrb <= s_axil_wstrb_i;
      end
      if ((s_axil_arvalid_i && !s_axil_arready_o) !== 1'b0) p_araddr <= s_axil_araddr_i;
      if ((s_axil_bvalid_o && !s_axil_bready_i) !== 1'b0) p_bresp <= s_axil_bresp_o;
      if ((s_axil_rvalid_o && !s_axil_rready_i) !== 1'b0) begin
        p_rdata <= s_axil_rdata_o;
        p_rresp <= s_axil_rresp_o;
      end
      if ((aw_fire || chk_b_hs) !== 1'b0) aw_out <= aw_out + int'(aw_fire) - int'(chk_b_hs);
      if ((w_fire || chk_b_hs) !== 1'b0)  w_out  <= w_out + int'(w_fire) - int'(chk_b_hs);
      if ((ar_fire || chk_r_hs) !== 1'b0) ar_out <= ar_out + int'(ar_fire) - int'(chk_r_hs);

      assert (!$isunknown(chk_ctrl))
        else $fatal(1, "HCGS-ASSERT axil_ctrl_known at %0t: awready wready arready bvalid rvalid = %b (%m)",
                    $time, chk_ctrl);
      assert (!$isunknown(chk_in))
        else $fatal(1, "HCGS-ASSERT axil_in_known at %0t: awvalid wvalid arvalid = %b (%m)", $time, chk_in);
      assert (state_q != 2'd3)
        else $fatal(1, "HCGS-ASSERT axil_fsm_legal at %0t: state=%0d (%m)", $time, state_q);
      if (rsp_i !== 1'b0) begin
        assert (!(rsp_i && state_q != ST_WAIT))
          else $fatal(1, "HCGS-ASSERT axil_backend_rsp at %0t: a back-end response in state %0d, no request pending (%m)",
                      $time, state_q);
      end
      if (p_ok) begin
        if (p_awh !== 1'b0) begin
          assert (!p_awh || s_axil_awvalid_i && s_axil_awaddr_i == p_awaddr)
            else $fatal(1, "HCGS-ASSERT axil_aw_stable at %0t: AWVALID %b AWADDR %h, was VALID with AWADDR %h and not READY (%m)",
                        $time, s_axil_awvalid_i, s_axil_awaddr_i, p_awaddr);
        end
        if (p_wh !== 1'b0) begin
          assert (!p_wh || s_axil_wvalid_i && s_axil_wdata_i == p_wdata && s_axil_wstrb_i == p_wstrb)
            else $fatal(1, "HCGS-ASSERT axil_w_stable at %0t: WVALID %b WDATA %h WSTRB %h, was VALID with %h/%h and not READY (%m)",
                        $time, s_axil_wvalid_i, s_axil_wdata_i, s_axil_wstrb_i, p_wdata, p_wstrb);
        end
        if (p_arh !== 1'b0) begin
          assert (!p_arh || s_axil_arvalid_i && s_axil_araddr_i == p_araddr)
            else $fatal(1, "HCGS-ASSERT axil_ar_stable at %0t: ARVALID %b ARADDR %h, was VALID with ARADDR %h and not READY (%m)",
                        $time, s_axil_arvalid_i, s_axil_araddr_i, p_araddr);
        end
        if (p_bh !== 1'b0) begin
          assert (!p_bh || s_axil_bvalid_o && s_axil_bresp_o == p_bresp)
            else $fatal(1, "HCGS-ASSERT axil_b_stable at %0t: BVALID %b BRESP %0d, was VALID with BRESP %0d and not READY (%m)",
                        $time, s_axil_bvalid_o, s_axil_bresp_o, p_bresp);
        end
        if (p_rh !== 1'b0) begin
          assert (!p_rh || s_axil_rvalid_o && s_axil_rdata_o == p_rdata && s_axil_rresp_o == p_rresp)
            else $fatal(1, "HCGS-ASSERT axil_r_stable at %0t: RVALID %b RDATA %h RRESP %0d, was VALID with %h/%0d and not READY (%m)",
                        $time, s_axil_rvalid_o, s_axil_rdata_o, s_axil_rresp_o, p_rdata, p_rresp);
        end
      end
      if (s_axil_bvalid_o !== 1'b0) begin
        assert (!s_axil_bvalid_o || (aw_out > 0 && w_out > 0))
          else $fatal(1, "HCGS-ASSERT axil_b_without_request at %0t: BVALID with %0d AW and %0d W outstanding (%m)",
                      $time, aw_out, w_out);
      end
      if (s_axil_rvalid_o !== 1'b0) begin
        assert (!s_axil_rvalid_o || ar_out > 0)
          else $fatal(1, "HCGS-ASSERT axil_r_without_request at %0t: RVALID with %0d AR outstanding (%m)", $time, ar_out);
      end
      assert (aw_out <= 2 && w_out <= 2 && ar_out <= 1 && aw_out >= 0 && w_out >= 0 && ar_out >= 0)
        else $fatal(1, "HCGS-ASSERT axil_outstanding at %0t: AW %0d W %0d AR %0d outstanding (%m)",
                    $time, aw_out, w_out, ar_out);
      if (s_axil_bvalid_o !== 1'b0) begin
        assert (!(s_axil_bvalid_o && s_axil_rvalid_o))
          else $fatal(1, "HCGS-ASSERT axil_one_response at %0t: BVALID and RVALID together (one transaction at a time) (%m)", $time);
      end
    end
  end
`endif

endmodule

`default_nettype wire
