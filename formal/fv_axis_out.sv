// Formal harness (make formal): the output stream (hcgs_axis_out with a 4-beat buffer).
// The engine side writes only with a reserved credit (assumption: never more beats in
// flight than the buffer holds, as the core's credits guarantee); the receiver's TREADY
// is free. Asserted: AXI4-Stream master rules, and that every written beat leaves in
// order, once, unchanged (one beat chosen by the solver, any position in the stream).
`default_nettype none

module fv_axis_out (
  input wire logic        clk,
  input wire logic        rst_n,
  input wire logic        wr_en,
  input wire logic [51:0] wr_data,
  input wire logic [1:0]  wr_layer,
  input wire logic        wr_last,
  input wire logic        tready
);
  localparam int DEPTH = 4;

  logic [63:0] tdata;
  logic [1:0]  tuser;
  logic        tlast, tvalid, beat, frame, empty;

  hcgs_axis_out #(.DEPTH(DEPTH)) u_out (
    .clk_i (clk), .rst_ni (rst_n), .wr_en_i (wr_en), .wr_data_i (wr_data),
    .wr_layer_i (wr_layer), .wr_last_i (wr_last), .m_axis_tdata_o (tdata),
    .m_axis_tuser_o (tuser), .m_axis_tlast_o (tlast), .m_axis_tvalid_o (tvalid),
    .m_axis_tready_i (tready), .beat_o (beat), .frame_o (frame), .empty_o (empty)
  );

  logic past_ok = 1'b0;
  always_ff @(posedge clk) past_ok <= 1'b1;
  initial assume (!rst_n);

  // beats written and sent since reset (wrapping counters; occupancy = difference)
  logic [4:0] n_wr, n_rd, occ;
  assign occ = n_wr - n_rd;
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      n_wr <= 5'd0;
      n_rd <= 5'd0;
    end else begin
      n_wr <= n_wr + 5'(wr_en);
      n_rd <= n_rd + 5'(beat);
    end
  end
  // the credit rule of the core: a write only when fewer than DEPTH beats are in flight
  always @* assume (!wr_en || !rst_n || occ < 5'(DEPTH));

  // the chosen beat
  (* anyconst *) logic [4:0] k;
  logic        k_seen;
  logic [51:0] k_data;
  logic [1:0]  k_layer;
  logic        k_last;
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      k_seen <= 1'b0;
    end else if (wr_en && n_wr == k) begin
      k_seen  <= 1'b1;
      k_data  <= wr_data;
      k_layer <= wr_layer;
      k_last  <= wr_last;
    end
  end
  logic [63:0] k_beat;
  always_comb begin
    for (int e = 0; e < 4; e++) k_beat[16*e +: 16] = {{3{k_data[13*e + 12]}}, k_data[13*e +: 13]};
  end

  // ---------------------------------------------------------------- induction
  // The FIFO's registers, connected by formal/fv_axis_out.sby after flattening and
  // mapping its memory to registers (`connect -set`; the RTL has no formal-only ports).
  (* keep *) logic [54:0] fv_mem0, fv_mem1, fv_mem2, fv_mem3;   // {last, layer, data}
  (* keep *) logic [1:0]  fv_rp, fv_wp;
  (* keep *) logic [2:0]  fv_cnt;
  // where the chosen beat is: 0 the output register, p > 0 the FIFO entry p-1 from the head
  logic [4:0]  k_pos;
  logic [1:0]  k_idx;
  logic [54:0] k_word, k_entry;
  assign k_pos   = k - n_rd;
  assign k_idx   = fv_rp + 2'(k_pos - 5'(tvalid));
  assign k_word  = {k_last, k_layer, k_data};
  assign k_entry = (k_idx == 2'd0) ? fv_mem0 : (k_idx == 2'd1) ? fv_mem1 : (k_idx == 2'd2) ? fv_mem2 : fv_mem3;

  always_ff @(posedge clk) begin
    if (rst_n) begin
      ap_inv_cnt:  assert (5'(fv_cnt) + 5'(tvalid) == occ && fv_wp == fv_rp + fv_cnt[1:0]);
      ap_inv_seen: assert (k_seen || n_wr <= k);
      if (k_seen && k_pos < occ) begin
        if (tvalid && k_pos == 5'd0) ap_inv_head: assert (tdata == k_beat && tuser == k_layer && tlast == k_last);
        else                         ap_inv_fifo: assert (k_entry == k_word);
      end
    end
  end

  always_ff @(posedge clk) begin
    if (past_ok && $past(rst_n) && rst_n && $past(tvalid && !tready)) begin
      ap_stable: assert (tvalid && tdata == $past(tdata) && tuser == $past(tuser) && tlast == $past(tlast));
    end
    if (past_ok && !$past(rst_n)) ap_reset_idle: assert (!tvalid && empty);
    // a buffered beat is presented the cycle after it was written (no beat waits unseen)
    if (past_ok && $past(rst_n) && rst_n && $past(occ) != 5'd0 && !($past(beat) && $past(occ) == 5'd1))
      ap_presented: assert (tvalid);
    if (rst_n) begin
      ap_no_extra:  assert (occ <= 5'(DEPTH));             // nothing leaves that was not written
      ap_empty:     assert (empty == (occ == 5'd0));
      ap_valid:     assert (!tvalid || occ != 5'd0);        // no beat presented that was not written
      ap_beat:      assert (beat == (tvalid && tready) && frame == (beat && tlast));
      if (beat && n_rd == k && k_seen) begin
        ap_in_order: assert (tdata == k_beat && tuser == k_layer && tlast == k_last);
      end
    end
  end

  always_ff @(posedge clk) begin
    if (rst_n) begin
      cp_full:       cover (occ == 5'(DEPTH) && !tready);
      cp_full_drain: cover (past_ok && $past(occ == 5'(DEPTH)) && occ == 5'd0);
      cp_stalled:    cover (past_ok && $past(tvalid && !tready) && beat && tlast);
      cp_streaming:  cover (past_ok && $past(beat) && beat && wr_en);
    end
  end
endmodule

`default_nettype wire
