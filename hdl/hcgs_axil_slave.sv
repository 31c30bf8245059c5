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

  always_comb begin
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

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q    <= ST_IDLE;
      aw_held_q  <= 1'b0;
      w_held_q   <= 1'b0;
      awaddr_q   <= '0;
      wdata_q    <= '0;
      wstrb_q    <= '0;
      is_wr_q    <= 1'b0;
      req_addr_q <= '0;
      req_q      <= 1'b0;
      bvalid_q   <= 1'b0;
      rvalid_q   <= 1'b0;
      resp_q     <= RESP_OKAY;
      rdata_q    <= '0;
    end else begin
      state_q    <= state_d;
      aw_held_q  <= aw_held_d;
      w_held_q   <= w_held_d;
      awaddr_q   <= awaddr_d;
      wdata_q    <= wdata_d;
      wstrb_q    <= wstrb_d;
      is_wr_q    <= is_wr_d;
      req_addr_q <= req_addr_d;
      req_q      <= req_d;
      bvalid_q   <= bvalid_d;
      rvalid_q   <= rvalid_d;
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

endmodule

`default_nettype wire
