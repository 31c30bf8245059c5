// Formal harness (make formal): the input stream (hcgs_axis_in, MAX_I=32: 8-beat
// buffers, frames of ISIZE/4 = 8 beats). The sender is free within AXI4-Stream
// (assumptions); the core side (release of full buffers, in order) is abstract. A
// shadow model of the frame rules (contract section 7) is compared with the outputs.
`default_nettype none

module fv_axis_in (
  input wire logic        clk,
  input wire logic        rst_n,
  input wire logic        running,
  input wire logic        accept,
  input wire logic [63:0] tdata,
  input wire logic        tuser,
  input wire logic        tlast,
  input wire logic        tvalid,
  input wire logic        release_go
);
  localparam int XWORDS = 8;
  localparam int NBEATS = 8;             // ISIZE = 32

  logic        tready, x_we, in_frame, err_short, err_long;
  logic [3:0]  x_waddr;
  logic [51:0] x_wdata;
  logic [1:0]  full, sos;
  logic        rel, rel_buf;

  hcgs_axis_in #(.MAX_I(32)) u_in (
    .clk_i (clk), .rst_ni (rst_n), .running_i (running), .accept_i (accept),
    .isize_i (16'd32), .s_axis_tdata_i (tdata), .s_axis_tuser_i (tuser),
    .s_axis_tlast_i (tlast), .s_axis_tvalid_i (tvalid), .s_axis_tready_o (tready),
    .x_we_o (x_we), .x_waddr_o (x_waddr), .x_wdata_o (x_wdata), .full_o (full), .sos_o (sos),
    .release_i (rel), .rel_buf_i (rel_buf), .in_frame_o (in_frame),
    .err_short_o (err_short), .err_long_o (err_long)
  );

  logic past_ok = 1'b0;
  always_ff @(posedge clk) past_ok <= 1'b1;
  initial assume (!rst_n);

  // sender: TVALID held until TREADY, payload stable meanwhile
  always_ff @(posedge clk) begin
    if (past_ok && $past(rst_n) && rst_n && $past(tvalid && !tready)) begin
      assume (tvalid && tdata == $past(tdata) && tuser == $past(tuser) && tlast == $past(tlast));
    end
  end
  always @* assume (!accept || running);

  // core: consumes buffers in order (rbuf), releases only a full one
  logic rbuf;
  assign rel     = release_go && full[rbuf];
  assign rel_buf = rbuf;
  always_ff @(posedge clk) begin
    if (!rst_n) rbuf <= 1'b0;
    else if (rel) rbuf <= !rbuf;
  end

  // shadow model of the frame rules
  logic       hs;
  logic [3:0] sh_beat;                 // beats of the current frame so far
  logic       sh_disc;                 // discarding up to TLAST
  logic       sh_first;                // no frame completed since reset
  logic       sh_sos;                  // TUSER of the current frame's first beat
  logic       sh_wbuf;                 // buffer the current frame goes to
  logic [2:0] sh_good;                 // complete frames not yet released (0..2)
  assign hs = tvalid && tready;
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      sh_beat  <= 4'd0;
      sh_disc  <= 1'b0;
      sh_first <= 1'b1;
      sh_sos   <= 1'b0;
      sh_wbuf  <= 1'b0;
    end else if (hs) begin
      if (sh_disc) begin
        if (tlast) sh_disc <= 1'b0;
      end else begin
        if (sh_beat == 4'd0) sh_sos <= tuser;
        if (sh_beat == 4'(NBEATS - 1)) begin
          sh_beat <= 4'd0;
          if (tlast) begin
            sh_first <= 1'b0;
            sh_wbuf  <= !sh_wbuf;
          end else begin
            sh_disc <= 1'b1;
          end
        end else begin
          sh_beat <= tlast ? 4'd0 : sh_beat + 4'd1;
        end
      end
    end
  end
  logic sh_done, sh_short, sh_long, sh_sos_now;
  assign sh_done    = hs && !sh_disc && sh_beat == 4'(NBEATS - 1) && tlast;
  assign sh_short   = hs && !sh_disc && sh_beat != 4'(NBEATS - 1) && tlast;
  assign sh_long    = hs && !sh_disc && sh_beat == 4'(NBEATS - 1) && !tlast;
  assign sh_sos_now = (sh_beat == 4'd0 ? tuser : sh_sos) || sh_first;

  always_ff @(posedge clk) begin
    if (!rst_n) sh_good <= 3'd0;
    else sh_good <= sh_good + 3'(sh_done) - 3'(rel);
  end

  // ---------------------------------------------------------------- induction
  // Registers of hcgs_axis_in, connected by formal/fv_axis_in.sby after flattening
  // (`connect -set`; the RTL has no formal-only ports): the shadow model is the RTL's state.
  (* keep *) logic [3:0] fv_beat;        // u_in.beat_q
  (* keep *) logic       fv_disc, fv_wbuf, fv_first, fv_fsos;

  always_ff @(posedge clk) begin
    if (rst_n) begin
      ap_inv_state: assert (fv_beat == sh_beat && fv_disc == sh_disc && fv_wbuf == sh_wbuf &&
                            fv_first == sh_first && (sh_beat == 4'd0 || fv_fsos == sh_sos) &&
                            sh_beat < 4'(NBEATS) && !(sh_disc && sh_beat != 4'd0));
      ap_inv_order: assert (full == ((sh_good == 3'd0) ? 2'b00 : (sh_good == 3'd1) ? (2'b01 << rbuf) : 2'b11) &&
                            sh_wbuf == (rbuf ^ sh_good[0]));
    end
  end

  always_ff @(posedge clk) begin
    if (rst_n) begin
      ap_ready_running: assert (!tready || running);
      ap_no_overflow:   assert (!(x_we && full[x_waddr[3]]));
      ap_write_addr:    assert (!x_we || (x_waddr[2:0] == sh_beat[2:0] && x_waddr[3] == sh_wbuf && !sh_disc));
      ap_write_data:    assert (!x_we || (x_wdata[12:0] == tdata[12:0] && x_wdata[51:39] == tdata[60:48]));
      ap_write_only_hs: assert (x_we == (hs && !sh_disc));
      ap_buffers:       assert (sh_good == 3'(full[0]) + 3'(full[1]) && sh_good <= 3'd2);
      ap_in_frame:      assert (in_frame == (sh_beat != 4'd0));
      ap_disc_ready:    assert (!sh_disc || tready == running);
      ap_no_start_new:  assert (!(tready && sh_beat == 4'd0 && !sh_disc && !accept));
    end
    if (past_ok && $past(rst_n) && rst_n) begin
      // a frame completes (its buffer turns full) exactly on the shadow's good TLAST,
      // with the sequence-start flag of its first beat (or the first frame after reset)
      ap_frame_done:    assert ((full & ~$past(full)) == ($past(sh_done) ? (2'b01 << $past(sh_wbuf)) : 2'b00) ||
                                $past(rel));
      ap_frame_sos:     assert (!$past(sh_done) || sos[$past(sh_wbuf)] == $past(sh_sos_now));
      ap_err_short:     assert (err_short == $past(sh_short));
      ap_err_long:      assert (err_long == $past(sh_long));
    end
  end

  always_ff @(posedge clk) begin
    if (rst_n) begin
      cp_both_full:  cover (full == 2'b11);
      cp_full_stall: cover (tvalid && !tready && running && accept && full == 2'b11);
      cp_short:      cover (err_short);
      cp_long:       cover (err_long);
      cp_sos:        cover (past_ok && $past(sh_done) && sos != 2'b00 && !sh_first);
      cp_empty_again: cover (past_ok && $past(full == 2'b11) && full == 2'b00);
    end
  end

  logic unused;
  assign unused = ^{x_wdata[38:13]};
endmodule

`default_nettype wire
