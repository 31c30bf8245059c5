// Input stream (contract section 7): receives frames of ISIZE/4 beats into the two x
// frame buffers (written through the core's x memory port, buffer b word k at
// b*XWORDS + k) so the next frame arrives while the current one computes.
// TUSER[0] on a frame's first beat (or the first frame after reset) marks a sequence
// start; the flag travels with the buffer. A frame whose TLAST comes early sets
// err_short_o; one without TLAST on its last beat sets err_long_o and is discarded up
// to and including its TLAST. Either way it is dropped and its buffer reused.
// TREADY is 0 while not accepting (not running, or STOP pending and between frames)
// and while both buffers hold frames; the core consumes buffers in order and releases
// them with release_i.
`default_nettype none

module hcgs_axis_in #(
  parameter int MAX_I = 512,
  parameter int XWORDS = MAX_I / 4,               // words per buffer
  parameter int XA_W   = $clog2(2 * XWORDS),      // x memory address width
  parameter int BW     = $clog2(XWORDS + 1)       // beat counter width
) (
  input  wire logic            clk_i,
  input  wire logic            rst_ni,
  input  wire logic            running_i,
  input  wire logic            accept_i,          // running and no STOP pending
  input  wire logic [15:0]     isize_i,           // latched CFG_ISIZE (legal)
  input  wire logic [63:0]     s_axis_tdata_i,
  input  wire logic            s_axis_tuser_i,
  input  wire logic            s_axis_tlast_i,
  input  wire logic            s_axis_tvalid_i,
  output logic                 s_axis_tready_o,
  // x memory write port
  output logic                 x_we_o,
  output logic [XA_W-1:0]      x_waddr_o,
  output logic [51:0]          x_wdata_o,
  // frame buffers
  output logic [1:0]           full_o,            // buffer b holds a complete frame
  output logic [1:0]           sos_o,             // ... that starts a sequence
  input  wire logic            release_i,         // the core is done with buffer rel_buf_i
  input  wire logic            rel_buf_i,
  output logic                 in_frame_o,        // a frame's beats have started (not discarding)
  output logic                 err_short_o,
  output logic                 err_long_o
);

  logic [BW-1:0] beat_q;
  logic          discard_q;
  logic          wbuf_q;
  logic [1:0]    full_q, sos_q;
  logic          first_q;                         // no frame received since reset
  logic          fsos_q;                          // TUSER[0] of the current frame
  logic          hs, last_beat, cur_sos;
  logic [BW-1:0] nbeats_m1;
  logic          isz_unused;

  assign nbeats_m1 = BW'(isize_i[15:2]) - 1'b1;
  assign isz_unused = ^isize_i;

  assign s_axis_tready_o = running_i &&
                           (discard_q || (!full_q[wbuf_q] && ((beat_q != '0) || accept_i)));
  assign hs        = s_axis_tvalid_i && s_axis_tready_o;
  assign last_beat = (beat_q == nbeats_m1);
  assign cur_sos   = (beat_q == '0) ? s_axis_tuser_i : fsos_q;

  always @(*) begin
    for (int k = 0; k < 4; k++) x_wdata_o[13*k +: 13] = s_axis_tdata_i[16*k +: 13];
  end
  assign x_we_o    = hs && !discard_q;
  assign x_waddr_o = XA_W'(32'(wbuf_q) * XWORDS + 32'(beat_q));

  logic tdata_unused;
  assign tdata_unused = ^{s_axis_tdata_i[63:61], s_axis_tdata_i[47:45],
                          s_axis_tdata_i[31:29], s_axis_tdata_i[15:13]};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      beat_q      <= '0;
      discard_q   <= 1'b0;
      wbuf_q      <= 1'b0;
      full_q      <= '0;
      sos_q       <= '0;
      first_q     <= 1'b1;
      fsos_q      <= 1'b0;
      err_short_o <= 1'b0;
      err_long_o  <= 1'b0;
    end else begin
      err_short_o <= 1'b0;
      err_long_o  <= 1'b0;
      if (release_i) full_q[rel_buf_i] <= 1'b0;
      if (hs) begin
        if (discard_q) begin
          if (s_axis_tlast_i) discard_q <= 1'b0;
        end else begin
          if (beat_q == '0) fsos_q <= s_axis_tuser_i;
          if (last_beat) begin
            beat_q <= '0;
            if (s_axis_tlast_i) begin
              full_q[wbuf_q] <= 1'b1;
              sos_q[wbuf_q]  <= cur_sos || first_q;
              first_q        <= 1'b0;
              wbuf_q         <= !wbuf_q;
            end else begin
              err_long_o <= 1'b1;
              discard_q  <= 1'b1;
            end
          end else if (s_axis_tlast_i) begin
            err_short_o <= 1'b1;
            beat_q      <= '0;
          end else begin
            beat_q <= beat_q + 1'b1;
          end
        end
      end
    end
  end

  assign full_o     = full_q;
  assign sos_o      = sos_q;
  assign in_frame_o = (beat_q != '0);

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions (simulation only). AXI4-Stream rules on the sender (TVALID held until
  // TREADY, payload stable while stalled, TUSER[0] only on a frame's first beat) and
  // the frame buffers (never written while full, only full buffers released).
  // ---------------------------------------------------------------------------------
  // Coded for event-driven simulation: each check's condition is a continuous assignment
  // (ok_*, re-evaluated only when an input changes, written once: the asserts read them) and
  // the clocked process tests their AND, chk_ok, running the named asserts with their
  // messages only in a cycle where it is not 1 (0 or X). The payload is captured only when it may have to be held (VALID
  // without READY, or X), the only time the next cycle compares it.
  logic        p_ok, p_h, p_user, p_last;
  logic [63:0] p_data;
  logic [1:0]  chk_ctrl;
  assign chk_ctrl = {s_axis_tvalid_i, s_axis_tready_o};
  logic ok_known, ok_stable, ok_tuser, ok_full, ok_release, ok_range, ok_ready, chk_ok;
  assign ok_known   = !$isunknown(chk_ctrl);
  assign ok_stable  = !(p_ok && p_h) || (s_axis_tvalid_i && s_axis_tdata_i == p_data &&
                                         s_axis_tuser_i == p_user && s_axis_tlast_i == p_last);
  assign ok_tuser   = !(hs && !discard_q && beat_q != '0) || !s_axis_tuser_i;
  assign ok_full    = !(x_we_o && full_q[wbuf_q]);
  assign ok_release = !(release_i && !full_q[rel_buf_i]);
  assign ok_range   = (beat_q <= nbeats_m1);
  assign ok_ready   = !(s_axis_tready_o && !running_i);
  assign chk_ok     = ok_known && ok_stable && ok_tuser && ok_full && ok_release && ok_range && ok_ready;
  always @(posedge clk_i) begin
    if (rst_ni !== 1'b1) begin  // X (before the first reset) counts as reset
      p_ok <= 1'b0;
      p_h  <= 1'b0;
    end else begin
      p_ok <= 1'b1;
      p_h  <= s_axis_tvalid_i && !s_axis_tready_o;
      if ((s_axis_tvalid_i && !s_axis_tready_o) !== 1'b0) begin
        p_data <= s_axis_tdata_i;
        p_user <= s_axis_tuser_i;
        p_last <= s_axis_tlast_i;
      end
      if (chk_ok !== 1'b1) begin
        assert (ok_known)
          else $fatal(1, "HCGS-ASSERT axis_in_ctrl_known at %0t: tvalid tready = %b (%m)", $time, chk_ctrl);
        assert (ok_stable)
          else $fatal(1, "HCGS-ASSERT axis_in_stable at %0t: TVALID %b TDATA %h TUSER %b TLAST %b, was VALID with %h/%b/%b and not READY (%m)",
                      $time, s_axis_tvalid_i, s_axis_tdata_i, s_axis_tuser_i, s_axis_tlast_i, p_data, p_user, p_last);
        assert (ok_tuser)
          else $fatal(1, "HCGS-ASSERT axis_in_tuser_first at %0t: TUSER[0] on beat %0d of a frame (only the first beat may carry it) (%m)",
                      $time, beat_q);
        assert (ok_full)
          else $fatal(1, "HCGS-ASSERT axis_in_write_full at %0t: beat written into full buffer %0d (%m)", $time, wbuf_q);
        assert (ok_release)
          else $fatal(1, "HCGS-ASSERT axis_in_release_empty at %0t: buffer %0d released while empty (%m)", $time, rel_buf_i);
        assert (ok_range)
          else $fatal(1, "HCGS-ASSERT axis_in_beat_range at %0t: beat %0d of %0d (%m)", $time, beat_q, nbeats_m1 + 1'b1);
        assert (ok_ready)
          else $fatal(1, "HCGS-ASSERT axis_in_ready_idle at %0t: TREADY while not running (%m)", $time);
      end
    end
  end
`endif

endmodule

`default_nettype wire
