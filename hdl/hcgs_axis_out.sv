// Output stream (contract section 7): the output buffer (hcgs_fifo, DEPTH beats of
// 4 x 13-bit h, layer and last flag) and a registered AXI4-Stream master stage.
// Elements are sign-extended to 16 bits. The engine reserves room before it writes
// (credits), so writes are never refused; beat_o pulses per accepted beat (credit
// return), frame_o on the beat with TLAST.
`default_nettype none

module hcgs_axis_out #(
  parameter int DEPTH = 128                  // beats (MAX_H/4)
) (
  input  wire logic        clk_i,
  input  wire logic        rst_ni,
  input  wire logic        wr_en_i,
  input  wire logic [51:0] wr_data_i,        // element k at [13k+12:13k]
  input  wire logic [1:0]  wr_layer_i,
  input  wire logic        wr_last_i,
  output logic [63:0]      m_axis_tdata_o,
  output logic [1:0]       m_axis_tuser_o,
  output logic             m_axis_tlast_o,
  output logic             m_axis_tvalid_o,
  input  wire logic        m_axis_tready_i,
  output logic             beat_o,
  output logic             frame_o,
  output logic             empty_o           // nothing buffered or presented
);

  localparam int FW = 52 + 2 + 1;

  logic [FW-1:0] head;
  logic          fifo_empty, fifo_full, pop;
  logic [$clog2(DEPTH + 1)-1:0] fifo_count;

  logic        v_q;
  logic [63:0] data_q;
  logic [1:0]  user_q;
  logic        last_q;

`ifdef HCGS_FAULT_DROP_BEAT
  // fault injection (verif/faults.py, never in a normal build): the sixth beat written
  // after reset is lost
  logic [7:0] nwr_q;
  logic       drop;
  assign drop = (nwr_q == 8'd5);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) nwr_q <= '0;
    else if (wr_en_i && nwr_q != 8'hFF) nwr_q <= nwr_q + 8'd1;
  end
`endif

  hcgs_fifo #(
    .WIDTH (FW),
`ifdef HCGS_BREAK_FIFO_DEPTH
    .DEPTH (DEPTH - 2)          // deliberate fault (tests/sim/test_checks.py): room for one beat less than the credits
`else
    .DEPTH (DEPTH)
`endif
  ) u_fifo (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
`ifdef HCGS_FAULT_DROP_BEAT
    .wr_en_i   (wr_en_i && !drop),
`else
    .wr_en_i   (wr_en_i),
`endif
    .wr_data_i ({wr_last_i, wr_layer_i, wr_data_i}),
    .rd_en_i   (pop),
    .rd_data_o (head),
    .empty_o   (fifo_empty),
    .full_o    (fifo_full),
    .count_o   (fifo_count)
  );

  // the output register loads whenever it is empty or being emptied
  logic load;
`ifdef HCGS_BREAK_OUT_UNSTABLE
  // deliberate fault (tests/formal, tests/sim/test_checks.py): the next beat replaces a
  // presented one that was not taken
  assign load = !v_q || m_axis_tready_i || !fifo_empty;
`else
  assign load = !v_q || m_axis_tready_i;
`endif
  assign pop = !fifo_empty && load;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      v_q    <= 1'b0;
      data_q <= '0;
      user_q <= '0;
      last_q <= 1'b0;
    end else if (load) begin
      v_q <= !fifo_empty;
      if (!fifo_empty) begin
        for (int k = 0; k < 4; k++) begin
`ifdef HCGS_FAULT_STREAM_PACK
          // fault injection: elements 1 and 2 of a beat swap places
          data_q[16*k +: 16] <= {{3{head[13*(k == 1 ? 2 : k == 2 ? 1 : k) + 12]}},
                                 head[13*(k == 1 ? 2 : k == 2 ? 1 : k) +: 13]};
`else
          data_q[16*k +: 16] <= {{3{head[13*k + 12]}}, head[13*k +: 13]};
`endif
        end
`ifdef HCGS_BREAK_OUT_TUSER
        user_q <= head[53:52] ^ 2'b01;  // deliberate fault (tests/sim/test_checks.py): wrong TUSER
`else
        user_q <= head[53:52];
`endif
`ifdef HCGS_BREAK_OUT_TLAST
        last_q <= !head[54];            // deliberate fault (tests/sim/test_checks.py): TLAST inverted
`else
        last_q <= head[54];
`endif
      end
    end
  end

  logic unused_fifo;
  assign unused_fifo = ^{fifo_full, fifo_count};

  assign m_axis_tdata_o  = data_q;
  assign m_axis_tuser_o  = user_q;
  assign m_axis_tlast_o  = last_q;
  assign m_axis_tvalid_o = v_q;
  assign beat_o          = v_q && m_axis_tready_i;
  assign frame_o         = v_q && m_axis_tready_i && last_q;
  assign empty_o         = fifo_empty && !v_q;

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions (simulation only): TVALID held until TREADY with a stable payload; no X
  // on TVALID, nor on TLAST/TUSER while TVALID.
  // ---------------------------------------------------------------------------------
  // Coded for event-driven simulation: the payload is captured only when it may have to
  // be held (VALID without READY, or X), the only time the next cycle compares it.
  logic        p_ok, p_h, p_last;
  logic [63:0] p_data;
  logic [1:0]  p_user;
  logic [3:0]  chk_ctrl;
  assign chk_ctrl = {m_axis_tvalid_o, m_axis_tready_i, v_q ? {m_axis_tlast_o, ^m_axis_tuser_o} : 2'b00};
  // chk_act: something for the checks to look at this cycle. While it is 0 every check
  // below passes by construction, and the clocked process tests this one bit: a continuous
  // assignment, which an event-driven simulator re-evaluates only when an input changes.
  logic        chk_act;
  assign chk_act = (|{m_axis_tvalid_o, p_h}) !== 1'b0 || (^chk_ctrl) === 1'bx;
  always @(posedge clk_i) begin
    if (rst_ni !== 1'b1) begin  // X (before the first reset) counts as reset
      p_ok <= 1'b0;
      p_h  <= 1'b0;
    end else if (chk_act !== 1'b0) begin   // X: checked
      p_ok <= 1'b1;
      p_h  <= m_axis_tvalid_o && !m_axis_tready_i;
      if ((m_axis_tvalid_o && !m_axis_tready_i) !== 1'b0) begin
        p_data <= m_axis_tdata_o;
        p_user <= m_axis_tuser_o;
        p_last <= m_axis_tlast_o;
      end
      assert (!$isunknown(chk_ctrl))
        else $fatal(1, "HCGS-ASSERT axis_out_ctrl_known at %0t: tvalid tready tlast ^tuser = %b (%m)", $time, chk_ctrl);
      if (p_ok && p_h) begin
        assert (m_axis_tvalid_o && m_axis_tdata_o == p_data && m_axis_tuser_o == p_user && m_axis_tlast_o == p_last)
          else $fatal(1, "HCGS-ASSERT axis_out_stable at %0t: TVALID %b TDATA %h TUSER %0d TLAST %b, was VALID with %h/%0d/%b and not READY (%m)",
                      $time, m_axis_tvalid_o, m_axis_tdata_o, m_axis_tuser_o, m_axis_tlast_o, p_data, p_user, p_last);
      end
    end
  end
`endif

endmodule

`default_nettype wire
