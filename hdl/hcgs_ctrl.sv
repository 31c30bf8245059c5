// Engine controller (contract section 9): the frame/layer state machine, the output
// credits and the stall of the MAC pipeline, the keep counts of the current layer, the
// engine's status and event outputs.
//
// A frame starts when its x buffer is full; its layers run one after another. Layer
// l+1 (and the next frame's layer 0) starts when the activation unit is one cycle from
// writing the last h word of layer l (early_done_i, the drain). The x buffer of a frame
// is released when layer 0 has drained. h is ping-pong per frame: parity_o flips after
// the last layer. A group whose layer goes to the output only leaves stage D with an
// output beat reserved (credit); credits come back as beats leave the output stream.
`default_nettype none

module hcgs_ctrl #(
  parameter int MAX_LAYERS = 3,
  parameter int GW         = 7,              // group index width: $clog2(MAX_H/4)
  parameter int OUT_DEPTH  = 128,            // output buffer beats (credits): MAX_H/4
  parameter int LW         = (MAX_LAYERS > 1) ? $clog2(MAX_LAYERS) : 1   // layer index width
) (
  input  wire logic                     clk_i,
  input  wire logic                     rst_ni,
  // latched configuration
  input  wire logic [7:0]               cfg_layers_i,
  input  wire logic [15:0]              cfg_hsize_i,
  input  wire logic [32*MAX_LAYERS-1:0] cfg_keep_i,
  input  wire logic                     cfg_out_all_i,
  input  wire logic                     accept_i,
  // input frame buffers
  input  wire logic [1:0]               frm_full_i,
  input  wire logic [1:0]               frm_sos_i,
  output logic                          frm_release_o,
  output logic                          frm_rel_buf_o,
  // engine state
  output logic                          frame_start_o,  // a frame starts (walker counters restart)
  output logic                          layer_start_o,  // a layer starts walking
  output logic [LW-1:0]                 layer_o,        // layer being walked
  output logic                          parity_o,       // h ping-pong parity of the frame
  output logic                          sos_o,          // the frame starts a sequence
  output logic                          xbuf_o,         // x buffer of the frame
  output logic [LW-1:0]                 last_layer_o,   // CFG_LAYERS - 1
  output logic [GW-1:0]                 last_group_o,   // CFG_HSIZE/4 - 1
  output logic [4:0]                    k1_ih_o,        // keep counts of layer_o
  output logic [3:0]                    k2_ih_o,
  output logic [4:0]                    k1_hh_o,
  output logic [3:0]                    k2_hh_o,
  // pipeline
  input  wire logic                     layer_end_i,    // the walker takes the layer's last step
  input  wire logic                     early_done_i,   // activation unit one cycle from the last h word
  input  wire logic                     walk_step_i,    // the walker takes a step (MAC work)
  input  wire logic                     d_last_i,       // stage D holds a group's last step
  input  wire logic                     grp_valid_i,    // the bundle register holds a group
  input  wire logic                     act_release_i,  // ... that the activation unit takes now
  input  wire logic                     d_last_next_i,      // the three above, of the next cycle
  input  wire logic                     grp_valid_next_i,
  input  wire logic                     act_release_next_i,
  input  wire logic                     out_beat_i,     // a beat left the output stream
  output logic                          need_credit_o,  // the layer being walked goes to the output
  output logic                          stall_o,        // stages A..D stand still
  // status and events
  output logic                          busy_o,         // a frame in the engine
  output logic                          idle_o,         // nothing in flight, no output reserved
  output logic                          ev_mac_o,
  output logic                          ev_stall_in_o,
  output logic                          ev_stall_out_o
);

  localparam int CRW = $clog2(OUT_DEPTH + 1);    // credit counter width

  typedef enum logic [1:0] {
    E_IDLE  = 2'd0,
    E_WALK  = 2'd1,
    E_DRAIN = 2'd2
  } eng_e;

  eng_e           st_q, st_d;
  logic [LW-1:0]  layer_q, layer_d;
  logic           parity_q, parity_d;
  logic           sos_q, sos_d;
  logic           xbuf_q, xbuf_d;                // x buffer of the frame in the engine
  logic           rbuf_q, rbuf_d;                // next x buffer to consume
  logic [CRW-1:0] credit_q, credit_d;
  logic           need_credit_q, no_credit_q;   // registered stall inputs (below)
  logic           need_credit_d, no_credit_d;
  logic           stall_q;                       // the stall, registered (below)

  logic [LW-1:0]  last_layer;
  logic [GW-1:0]  last_group;
  logic           frame_start, layer_start;
  logic           stall, need_credit, take_credit;

  assign last_layer = LW'(cfg_layers_i - 8'd1);
`ifdef HCGS_FAULT_LAYER_SWITCH
  // fault injection (verif/faults.py, never in a normal build): layer 0 switches to
  // layer 1 one group early
  assign last_group = GW'(cfg_hsize_i[15:2] - 14'd1) - GW'(layer_q == '0);
`else
  assign last_group = GW'(cfg_hsize_i[15:2] - 14'd1);
`endif

  // keep counts of the current layer
  always @(*) begin
    k1_ih_o = '0;
    k2_ih_o = '0;
    k1_hh_o = '0;
    k2_hh_o = '0;
    for (int l = 0; l < MAX_LAYERS; l++) begin
      if (32'(layer_q) == l) begin
        k1_ih_o = cfg_keep_i[32*l + hcgs_pkg::CFG_KEEP_L0_K1_IH_LSB +: hcgs_pkg::CFG_KEEP_L0_K1_IH_W];
        k2_ih_o = cfg_keep_i[32*l + hcgs_pkg::CFG_KEEP_L0_K2_IH_LSB +: hcgs_pkg::CFG_KEEP_L0_K2_IH_W];
        k1_hh_o = cfg_keep_i[32*l + hcgs_pkg::CFG_KEEP_L0_K1_HH_LSB +: hcgs_pkg::CFG_KEEP_L0_K1_HH_W];
        k2_hh_o = cfg_keep_i[32*l + hcgs_pkg::CFG_KEEP_L0_K2_HH_LSB +: hcgs_pkg::CFG_KEEP_L0_K2_HH_W];
      end
    end
  end

  always @(*) begin
    st_d          = st_q;
    layer_d       = layer_q;
    parity_d      = parity_q;
    sos_d         = sos_q;
    xbuf_d        = xbuf_q;
    rbuf_d        = rbuf_q;
    frame_start   = 1'b0;
    layer_start   = 1'b0;
    frm_release_o = 1'b0;
    frm_rel_buf_o = rbuf_q;

    case (st_q)
      E_IDLE: begin
        if (frm_full_i[rbuf_q]) begin
          frame_start = 1'b1;
          layer_start = 1'b1;
          layer_d     = '0;
          sos_d       = frm_sos_i[rbuf_q];
          xbuf_d      = rbuf_q;
          st_d        = E_WALK;
        end
      end
      E_WALK: begin
        if (layer_end_i) st_d = E_DRAIN;
      end
      E_DRAIN: begin
        if (early_done_i) begin
          if (layer_q == '0) begin
            // layer 0 has read its x buffer
            frm_release_o = 1'b1;
            rbuf_d        = !rbuf_q;
          end
          if (layer_q == last_layer) begin
            parity_d = !parity_q;
            st_d     = E_IDLE;
            if (frm_full_i[rbuf_d]) begin
              frame_start = 1'b1;
              layer_start = 1'b1;
              layer_d     = '0;
              sos_d       = frm_sos_i[rbuf_d];
              xbuf_d      = rbuf_d;
              st_d        = E_WALK;
            end
          end else begin
            layer_d     = layer_q + 1'b1;
            layer_start = 1'b1;
            st_d        = E_WALK;
          end
        end
      end
      default: st_d = E_IDLE;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      st_q     <= E_IDLE;
      layer_q  <= '0;
      parity_q <= 1'b0;
      sos_q    <= 1'b0;
      xbuf_q   <= 1'b0;
      rbuf_q   <= 1'b0;
      credit_q <= CRW'(OUT_DEPTH);
    end else begin
      st_q     <= st_d;
      layer_q  <= layer_d;
      parity_q <= parity_d;
      sos_q    <= sos_d;
      xbuf_q   <= xbuf_d;
      rbuf_q   <= rbuf_d;
      credit_q <= credit_d;
    end
  end

  // The whole MAC pipeline stalls when a finished group cannot enter the bundle
  // register, or its layer goes to the output and no output beat is reserved:
  //   stall = d_last && ((grp_valid && !act_release) || (need_credit && no_credit)).
  // The stall gates every memory read enable and pipeline register of the engine, so it
  // comes from a flip-flop (stall_q): the same condition computed a cycle ahead from the
  // next values of its inputs' registers (the MAC's and the activation unit's *_next
  // outputs, need_credit_d and no_credit_d here); the check core_stall_registered compares
  // it with the condition on the current values every cycle. Its terms that change only
  // with the layer or a credit are registers of their own: need_credit_q = (layer_q ==
  // last_layer) || OUT_ALL, no_credit_q = (credit_q == 0). (Each was a longest path of the
  // chip build on an ECP5: the layer compare, then the stall's own logic into the weight
  // memory's 147 block RAM enables.) The configuration only changes at START, with the
  // engine idle.
`ifdef HCGS_BREAK_NO_CREDIT
  localparam bit CREDIT_CHECK = 1'b0;  // deliberate fault (tests/sim/test_checks.py): output room not checked
`else
  localparam bit CREDIT_CHECK = 1'b1;
`endif
  assign credit_d      = credit_q - CRW'(take_credit) + CRW'(out_beat_i);
  assign need_credit_d = ((rst_ni ? layer_d : '0) == last_layer) || cfg_out_all_i;
  assign no_credit_d   = rst_ni && (credit_d == '0);
  always_ff @(posedge clk_i) begin
    need_credit_q <= need_credit_d;
    no_credit_q   <= no_credit_d;
    stall_q       <= rst_ni && d_last_next_i && ((grp_valid_next_i && !act_release_next_i) ||
                                                 (CREDIT_CHECK && need_credit_d && no_credit_d));
  end
  assign need_credit = need_credit_q;
  assign stall       = stall_q;
  assign take_credit = d_last_i && !stall && need_credit;

  assign frame_start_o = frame_start;
  assign layer_start_o = layer_start;
  assign layer_o       = layer_q;
  assign parity_o      = parity_q;
  assign sos_o         = sos_q;
  assign xbuf_o        = xbuf_q;
  assign last_layer_o  = last_layer;
  assign last_group_o  = last_group;
  assign need_credit_o = need_credit;
  assign stall_o       = stall;

  assign busy_o         = (st_q != E_IDLE);
  assign idle_o         = (st_q == E_IDLE) && (credit_q == CRW'(OUT_DEPTH)) && (frm_full_i == 2'b00);
  assign ev_mac_o       = walk_step_i;
  assign ev_stall_in_o  = accept_i && (st_q == E_IDLE) && !frm_full_i[rbuf_q];
  assign ev_stall_out_o = d_last_i && need_credit && no_credit_q;

  logic cfg_unused;
  assign cfg_unused = ^{cfg_layers_i, cfg_hsize_i};
  // the bundle's state of this cycle: the stall takes it a cycle ahead (*_next_i); only the
  // check core_stall_registered reads it
  logic bundle_unused;
  assign bundle_unused = ^{grp_valid_i, act_release_i};

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions (simulation only). Message: HCGS-ASSERT <name> at <time>: <values>.
  // ---------------------------------------------------------------------------------
  // Each check's condition is a continuous assignment, which an event-driven simulator
  // re-evaluates when one of its inputs changes (these change a few times per group); chk_ok
  // is all of them, so the clocked process tests one bit per cycle and runs the asserts, with
  // their names and messages, only in a cycle where one fails (chk_ok 0 or X).
  logic ok_known, ok_seq_known, ok_fsm, ok_credit, ok_underflow, ok_layer, ok_stall, chk_ok;
  // the registered stall is the condition on the current values (see above)
  logic stall_now;
  assign stall_now    = d_last_i && ((grp_valid_i && !act_release_i) ||
                                     (CREDIT_CHECK && need_credit && no_credit_q));
  assign ok_stall     = (stall_q === stall_now);
  assign ok_known     = !$isunknown(st_q);
  // each register on its own (Icarus 11 reports X for $isunknown of a concatenation);
  // found by mutation: without xbuf_d's default every test passed (a latch for synthesis,
  // an X in xbuf_q from reset to the first frame in simulation)
  assign ok_seq_known = !$isunknown(layer_q) && !$isunknown(parity_q) && !$isunknown(sos_q) &&
                        !$isunknown(xbuf_q) && !$isunknown(rbuf_q) && !$isunknown(credit_q);
  assign ok_fsm       = st_q == E_IDLE || st_q == E_WALK || st_q == E_DRAIN;
  assign ok_credit    = 32'(credit_q) <= OUT_DEPTH;
  assign ok_underflow = !(take_credit && credit_q == '0);
  assign ok_layer     = !(st_q != E_IDLE && 32'(layer_q) > 32'(last_layer));
  assign chk_ok = ok_known && ok_seq_known && ok_fsm && ok_credit && ok_underflow && ok_layer && ok_stall;
  always @(posedge clk_i) begin
    if (rst_ni && chk_ok !== 1'b1) begin
      // the X check first: an X state would fail the legality check with a wrong name
      assert (ok_known)
        else $fatal(1, "HCGS-ASSERT core_ctrl_known at %0t: st=%b (%m)", $time, st_q);
      assert (ok_seq_known)
        else $fatal(1, "HCGS-ASSERT core_seq_known at %0t: layer=%b parity=%b sos=%b xbuf=%b rbuf=%b credit=%b (%m)",
                    $time, layer_q, parity_q, sos_q, xbuf_q, rbuf_q, credit_q);
      assert (ok_fsm)
        else $fatal(1, "HCGS-ASSERT core_fsm_legal at %0t: st=%0d (%m)", $time, st_q);
      assert (ok_credit)
        else $fatal(1, "HCGS-ASSERT core_credit_range at %0t: credit=%0d OUT_DEPTH=%0d (%m)",
                    $time, credit_q, OUT_DEPTH);
      assert (ok_underflow)
        else $fatal(1, "HCGS-ASSERT core_credit_underflow at %0t: a credit taken with none left (%m)", $time);
      assert (ok_layer)
        else $fatal(1, "HCGS-ASSERT core_layer_range at %0t: layer=%0d CFG_LAYERS=%0d (%m)",
                    $time, layer_q, cfg_layers_i);
      assert (ok_stall)
        else $fatal(1, "HCGS-ASSERT core_stall_registered at %0t: stall_q=%b, condition %b (d_last %b bundle %b release %b credit %b %b) (%m)",
                    $time, stall_q, stall_now, d_last_i, grp_valid_i, act_release_i, need_credit, no_credit_q);
    end
  end
`endif

endmodule

`default_nettype wire
