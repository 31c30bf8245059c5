// Engine datapath (contract sections 5 and 9): the controller (hcgs_ctrl), the
// parameter memories with their bus-side muxing (hcgs_params), the walker, the x and h
// state memories, the MAC array, the activation unit and the c memory, and the pipeline
// registers and group tag that tie them together.
//
// Pipeline (one step of the walk per cycle):
//   A  walker counters; weight word read (with the tier-2 entry), tier-1 read when it changes
//   B0 the read data: vector word address t1*8+t2 (hcgs_walker), the weights into the weight
//      memory's output register (hcgs_sram_banked OREG)
//   B  the vector word address from the walker's register; x or h read; the weights into c_w
//   B2 the read x or h word into the operand register with the weights and the tag
//   C  products (hcgs_mac); bias read on a group's first step
//   S  adder trees (hcgs_mac); the bias word into bias_q
//   D  accumulators; last step: z into the bundle register
//   E0..E7 activation unit, ACT_CELLS cells per cycle; h word and output beat per group
// A, B0, B, B2, C, S and D stall together (memories hold through their read enables) when the
// bundle is still occupied or the output buffer has no reserved room for the group.
//
// Layers run one after another; layer l+1 (and the next frame's layer 0) starts when
// the activation unit is one cycle from writing the last h word of layer l, so its
// first vector read sees that word (the drain). h is ping-pong per layer: frame parity
// p, layer l writes buffer p, reads its previous h from buffer !p, and layer l+1 reads
// h_l from buffer p. c is updated in place. At a sequence start the W_hh vector and
// c_old read as zero.
`default_nettype none

module hcgs_core #(
  parameter int MAX_LAYERS = 3,
  parameter int MAX_H      = 512,
  parameter int MAX_I      = 512,
  parameter int LANES      = 64,
  parameter int WMEM_DEPTH = 6144,
  parameter int T1_DEPTH   = 1536,
  parameter int ACT_CELLS  = 1,              // activation unit: cells per cycle, 1 or 2
  parameter int ACT_SHARE  = 1,              // 1: tables shared in time, one cell per 3 cycles
  parameter int MA_W       = 16              // front-door word address width
) (
  input  wire logic                    clk_i,
  input  wire logic                    rst_ni,
  // latched configuration
  input  wire logic [7:0]              cfg_layers_i,
  input  wire logic [15:0]             cfg_hsize_i,
  input  wire logic [32*MAX_LAYERS-1:0] cfg_keep_i,
  input  wire logic                    cfg_out_all_i,
  input  wire logic                    running_i,
  input  wire logic                    accept_i,
  // input frames (x buffer word address: 2 buffers of MAX_I/4 words)
  input  wire logic                    x_we_i,
  input  wire logic [$clog2(MAX_I/2)-1:0] x_waddr_i,
  input  wire logic [4*hcgs_pkg::X_W-1:0] x_wdata_i,  // 4 elements
  input  wire logic [1:0]              frm_full_i,
  input  wire logic [1:0]              frm_sos_i,
  output logic                         frm_release_o,
  output logic                         frm_rel_buf_o,
  // output beats
  output logic                         out_we_o,
  output logic [4*hcgs_pkg::X_W-1:0]   out_data_o,   // 4 elements of h
  output logic [1:0]                   out_layer_o,
  output logic                         out_last_o,
  input  wire logic                    out_beat_i,     // a beat left the output stream
  // front door
  input  wire logic                    mem_we_i,
  input  wire logic                    mem_re_i,
  input  wire logic [1:0]              mem_sel_i,
  input  wire logic [MA_W-1:0]         mem_addr_i,
  input  wire logic [3:0]              mem_slot_i,
  input  wire logic [31:0]             mem_wdata_i,
  output logic [31:0]                  mem_rdata_o,
  // status and events
  output logic                         busy_o,         // a frame in the engine
  output logic                         idle_o,         // nothing in flight, no output reserved
  output logic                         ev_mac_o,
  output logic                         ev_stall_in_o,
  output logic                         ev_stall_out_o
);

  // ---------------------------------------------------------------------------------
  // Derived sizes (contract section 5)
  // ---------------------------------------------------------------------------------
  localparam int MAX_IH     = (MAX_I > MAX_H) ? MAX_I : MAX_H;
  localparam int C          = LANES / (4 * hcgs_pkg::B2);      // columns per step: 4 gates x B2 rows each
  localparam int WPS        = hcgs_pkg::B2 / C;                // weight words per sub-block
  localparam int T2_DEPTH   = WMEM_DEPTH / WPS;                // tier-2 entries (in the weight words)
  localparam int BMEM_DEPTH = MAX_LAYERS * MAX_H / 4;          // one bias word per group
  localparam int T1_W       = (MAX_IH / hcgs_pkg::B1 > 2) ? $clog2(MAX_IH / hcgs_pkg::B1) : 1;
  localparam int XWORDS     = MAX_I / 4;                       // x words per frame
  localparam int HWORDS     = MAX_H / 4;                       // h words per layer (= groups)
  localparam int XA_W       = $clog2(2 * XWORDS);
  localparam int OUT_DEPTH  = HWORDS;                          // output buffer beats
  localparam int WW         = LANES * hcgs_pkg::W_W;           // weight word
  localparam int VECW       = 4 * hcgs_pkg::X_W;               // x / h word: 4 elements
  localparam int WA_W       = $clog2(WMEM_DEPTH);
  localparam int T1A_W      = (T1_DEPTH > 1) ? $clog2(T1_DEPTH) : 1;
  localparam int BA_W       = $clog2(BMEM_DEPTH);
  localparam int HA_W       = $clog2(MAX_LAYERS * 2 * HWORDS);
  localparam int CW_W       = $clog2(MAX_LAYERS * HWORDS);     // c memory: 4 cells per word
  localparam int GW         = $clog2(HWORDS);
  localparam int LW         = (MAX_LAYERS > 1) ? $clog2(MAX_LAYERS) : 1;
  localparam int PW         = (WPS > 1) ? $clog2(WPS) : 1;
  localparam int VW         = T1_W + 3;
  // group tag, carried with a group from stage C to the activation unit:
  // {parity, last layer, output, sequence start, layer, last group of the layer, group}
  localparam int TAG_W      = GW + 1 + LW + 4;

  // ---------------------------------------------------------------------------------
  // Controller
  // ---------------------------------------------------------------------------------
  logic          frame_start, layer_start;
  logic [LW-1:0] layer, last_layer;
  logic          parity, sos, xbuf;
  logic [GW-1:0] last_group;
  logic [4:0]    k1_ih, k1_hh;
  logic [3:0]    k2_ih, k2_hh;
  logic          a_step, layer_end, early_done;
  logic          d_last, grp_valid, act_release;
  logic          d_last_next, grp_valid_next, act_release_next;
  logic          need_credit, stall;

  hcgs_ctrl #(
    .MAX_LAYERS (MAX_LAYERS),
    .GW         (GW),
    .OUT_DEPTH  (OUT_DEPTH)
  ) u_ctrl (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .cfg_layers_i   (cfg_layers_i),
    .cfg_hsize_i    (cfg_hsize_i),
    .cfg_keep_i     (cfg_keep_i),
    .cfg_out_all_i  (cfg_out_all_i),
    .accept_i       (accept_i),
    .frm_full_i     (frm_full_i),
    .frm_sos_i      (frm_sos_i),
    .frm_release_o  (frm_release_o),
    .frm_rel_buf_o  (frm_rel_buf_o),
    .frame_start_o  (frame_start),
    .layer_start_o  (layer_start),
    .layer_o        (layer),
    .parity_o       (parity),
    .sos_o          (sos),
    .xbuf_o         (xbuf),
    .last_layer_o   (last_layer),
    .last_group_o   (last_group),
    .k1_ih_o        (k1_ih),
    .k2_ih_o        (k2_ih),
    .k1_hh_o        (k1_hh),
    .k2_hh_o        (k2_hh),
    .layer_end_i    (layer_end),
    .early_done_i   (early_done),
    .walk_step_i    (a_step),
    .d_last_i       (d_last),
    .grp_valid_i    (grp_valid),
    .act_release_i  (act_release),
    .d_last_next_i      (d_last_next),
    .grp_valid_next_i   (grp_valid_next),
    .act_release_next_i (act_release_next),
    .out_beat_i     (out_beat_i),
    .need_credit_o  (need_credit),
    .stall_o        (stall),
    .busy_o         (busy_o),
    .idle_o         (idle_o),
    .ev_mac_o       (ev_mac_o),
    .ev_stall_in_o  (ev_stall_in_o),
    .ev_stall_out_o (ev_stall_out_o)
  );

  // ---------------------------------------------------------------------------------
  // Parameter memories (one port each: the engine's while running, the front door's
  // otherwise). The weight word, with the tier-2 entry beside the weights, is read at
  // stage A (the entry forms stage B's vector address) and its weights wait in c_w for
  // stage C.
  // ---------------------------------------------------------------------------------
  logic             t1_re, w_re, b_re;
  logic [T1A_W-1:0] t1_addr;
  logic [WA_W-1:0]  w_addr;
  logic [BA_W-1:0]  b_addr;
  logic [T1_W-1:0]  t1_rdata;
  logic [2:0]       w_t2;
  logic [WW-1:0]    w_rdata;
  logic [16*hcgs_pkg::B_W-1:0] b_rdata;

  hcgs_params #(
    .WMEM_DEPTH (WMEM_DEPTH),
    .WPS        (WPS),
    .T1_DEPTH   (T1_DEPTH),
    .BMEM_DEPTH (BMEM_DEPTH),
    .WW         (WW),
    .T1_W       (T1_W),
    .MA_W       (MA_W)
  ) u_params (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .running_i   (running_i),
    .mem_we_i    (mem_we_i),
    .mem_re_i    (mem_re_i),
    .mem_sel_i   (mem_sel_i),
    .mem_addr_i  (mem_addr_i),
    .mem_slot_i  (mem_slot_i),
    .mem_wdata_i (mem_wdata_i),
    .mem_rdata_o (mem_rdata_o),
    .t1_re_i     (t1_re),
    .t1_addr_i   (t1_addr),
    .t1_rdata_o  (t1_rdata),
    .w_re_i      (w_re),
    .w_addr_i    (w_addr),
    .w_t2_o      (w_t2),
    .w_oce_i     (!stall),
    .w_rdata_o   (w_rdata),
    .b_re_i      (b_re),
    .b_addr_i    (b_addr),
    .b_rdata_o   (b_rdata)
  );

  // ---------------------------------------------------------------------------------
  // Walker (stages A, B0, B)
  // ---------------------------------------------------------------------------------
  logic             b_valid, b_hh, b_first, b_last, b_llast;
  logic [VW-1:0]    b_vword;
  logic [PW-1:0]    b_part;
  logic [GW-1:0]    b_group;
  logic [BA_W-1:0]  b_baddr;
  logic             walk_busy_unused;   // the walker's busy_o (its unit bench uses it)

  hcgs_walker #(
    .WPS   (WPS),
    .T1_W  (T1_W),
    .GW    (GW),
    .WA_W  (WA_W),
    .T1A_W (T1A_W),
    .BA_W  (BA_W)
  ) u_walker (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .frame_start_i  (frame_start),
    .layer_start_i  (layer_start),
    .k1_ih_i        (k1_ih),
    .k2_ih_i        (k2_ih),
    .k1_hh_i        (k1_hh),
    .k2_hh_i        (k2_hh),
    .last_group_i   (last_group),
    .stall_i        (stall),
    .t1_re_o        (t1_re),
    .t1_addr_o      (t1_addr),
    .t1_rdata_i     (t1_rdata),
    .w_re_o         (w_re),
    .w_addr_o       (w_addr),
    .w_t2_i         (w_t2),
    .a_step_o       (a_step),
    .a_layer_end_o  (layer_end),
    .busy_o         (walk_busy_unused),
    .b_valid_o      (b_valid),
    .b_vword_o      (b_vword),
    .b_hh_o         (b_hh),
    .b_part_o       (b_part),
    .b_first_o      (b_first),
    .b_last_o       (b_last),
    .b_layer_last_o (b_llast),
    .b_group_o      (b_group),
    .b_baddr_o      (b_baddr)
  );

  // stage B: vector and weight reads
  logic            b_src_x;
  logic            vec_re;
  logic [XA_W-1:0] x_raddr;
  logic [HA_W-1:0] h_raddr;
  logic [LW-1:0]   b_hlayer;
  logic            b_hbuf;
  logic [VECW-1:0] x_rdata, h_rdata;

  assign b_src_x  = (layer == '0) && !b_hh;
  assign vec_re   = b_valid && !stall;
  assign b_hlayer = b_hh ? layer : layer - 1'b1;
`ifdef HCGS_BREAK_HH_PARITY
  // deliberate fault (tests/sim/test_checks.py): W_hh reads the buffer this frame writes
  assign b_hbuf   = parity;
`else
  assign b_hbuf   = b_hh ? !parity : parity;
`endif
  assign x_raddr  = XA_W'(32'(xbuf) * XWORDS + 32'(b_vword));
  assign h_raddr  = HA_W'((32'(b_hlayer) * 2 + 32'(b_hbuf)) * HWORDS + 32'(b_vword));

  hcgs_ram #(.WIDTH(VECW), .DEPTH(2 * XWORDS)) u_xmem (
    .clk_i   (clk_i),
    .re_i    (vec_re && b_src_x),
    .raddr_i (x_raddr),
    .rdata_o (x_rdata),
    .we_i    (x_we_i),
    .wmask_i (1'b1),
    .waddr_i (x_waddr_i),
    .wdata_i (x_wdata_i)
  );

  logic            h_we;
  logic [HA_W-1:0] h_waddr;
  logic [VECW-1:0] h_wdata;

  hcgs_ram #(.WIDTH(VECW), .DEPTH(MAX_LAYERS * 2 * HWORDS)) u_hmem (
    .clk_i   (clk_i),
    .re_i    (vec_re && !b_src_x),
    .raddr_i (h_raddr),
    .rdata_o (h_rdata),
    .we_i    (h_we),
    .wmask_i (1'b1),
    .waddr_i (h_waddr),
    .wdata_i (h_wdata)
  );

  // B -> B2: the step, its weights and its tag; the x/h read completes in B2
  logic [WW-1:0]   c_w;                      // the step's weights (read at stage A)
  logic            c_valid, c_first, c_last, c_hh, c_llast, c_src_x;
  logic [PW-1:0]   c_part;
  logic [GW-1:0]   c_group;
  logic [BA_W-1:0] c_baddr;
  logic [LW-1:0]   c_layer;
  logic            c_sos, c_out, c_lastl, c_parity;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      c_valid <= 1'b0;
      c_first <= 1'b0;
      c_last  <= 1'b0;
      c_hh    <= 1'b0;
      c_llast <= 1'b0;
      c_src_x <= 1'b0;
      c_part  <= '0;
      c_group <= '0;
      c_baddr <= '0;
      c_layer  <= '0;
      c_sos    <= 1'b0;
      c_out    <= 1'b0;
      c_lastl  <= 1'b0;
      c_parity <= 1'b0;
    end else if (!stall) begin
      c_valid <= b_valid;
      c_first <= b_first;
      c_last  <= b_last;
      c_hh    <= b_hh;
      c_llast <= b_llast;
      c_src_x <= b_src_x;
      c_part  <= b_part;
`ifdef HCGS_BREAK_TAG_GROUP
      c_group <= b_group + 1'b1;   // deliberate fault (tests/sim/test_checks.py): wrong tag
`else
      c_group <= b_group;
`endif
      c_baddr <= b_baddr;
      // the engine state of the walk that produced this step, frozen into the tag
      c_layer  <= layer;
      c_sos    <= sos;
      c_out    <= need_credit;
`ifdef HCGS_BREAK_TAG_FLAGS
      c_lastl  <= (layer == '0);  // deliberate fault (tests/sim/test_checks.py): wrong flag in the tag
`else
      c_lastl  <= (layer == last_layer);
`endif
      c_parity <= parity;
    end
  end

  // the step's weights: read at A, in the weight memory's output register at B (loaded
  // while B0 advances, w_oce_i), registered here at B2; no reset: only used with c_valid,
  // and every unstalled cycle reloads them
  always_ff @(posedge clk_i) begin
    if (!stall) c_w <= w_rdata;
  end

  // B2 -> C: the operand register. The vector word just read (x or h) and the step's
  // weights and tag wait here one cycle, so the MAC's multipliers start from
  // flip-flops instead of from a memory's read port and the x/h select (docs/fpga.md: that
  // path was the longest of the design, 25-28 ns on an ECP5). Costs one cycle per layer.
  logic [WW-1:0]    op_w;
  logic [VECW-1:0]  op_vec;
  logic             op_valid, op_first, op_last;
  logic [PW-1:0]    op_part;
  logic [BA_W-1:0]  op_baddr;
  logic [TAG_W-1:0] op_tag;

  always_ff @(posedge clk_i) begin
    if (!rst_ni)     op_valid <= 1'b0;
    else if (!stall) op_valid <= c_valid;
  end

  // no reset: only used with op_valid, and every unstalled cycle reloads them
  always_ff @(posedge clk_i) begin
    if (!stall) begin
      op_first <= c_first;
      op_last  <= c_last;
      op_part  <= c_part;
      op_baddr <= c_baddr;
      op_tag   <= {c_parity, c_lastl, c_out, c_sos, c_layer, c_llast, c_group};
      op_w     <= c_w;
      // the vector reads as zero at a sequence start (W_hh): zeroed here, in the same select
      // as x/h, not in front of the multipliers (that select into the 64 lanes' products was
      // the chip build's longest path on an ECP5, 13.6 ns)
      op_vec   <= (c_sos && c_hh) ? '0 : (c_src_x ? x_rdata : h_rdata);
    end
  end

  // bias of the group: read on its first step in C, registered beside the products in S
  // (the bias memory's read port was a long path, into the accumulators' preload), so it is
  // there for stage D. A group's read lands in bias_q before the next group's (a group takes
  // at least two steps, so the next read comes two cycles after it at the earliest).
  logic [16*hcgs_pkg::B_W-1:0] bias_q;

  assign b_re   = op_valid && op_first && !stall;
  assign b_addr = op_baddr;

  // no reset: stage D reads it only on a group's first step, which loaded it
  always_ff @(posedge clk_i) begin
    if (!stall) bias_q <= b_rdata;
  end

  // ---------------------------------------------------------------------------------
  // MAC (stages C, D, bundle)
  // ---------------------------------------------------------------------------------
  logic [16*hcgs_pkg::Z_W-1:0] grp_z;
  logic [TAG_W-1:0]    grp_tag;
  logic [GW-1:0]       grp_group;
  logic                grp_llast;
  logic [LW-1:0]       grp_layer;
  logic                grp_sos, grp_out, grp_lastl, grp_parity;

  hcgs_mac #(
    .LANES (LANES),
    .TAG_W (TAG_W)
  ) u_mac (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .stall_i     (stall),
    .c_valid_i   (op_valid),
    .c_first_i   (op_first),
    .c_last_i    (op_last),
    .c_part_i    (op_part),
    .c_vec_i     (op_vec),
    .c_w_i       (op_w),
    .c_tag_i     (op_tag),
    .d_bias_i    (bias_q),
    .d_last_o    (d_last),
    .d_last_next_o    (d_last_next),
    .grp_valid_o (grp_valid),
    .grp_valid_next_o (grp_valid_next),
    .grp_z_o     (grp_z),
    .grp_tag_o   (grp_tag),
    .release_i   (act_release)
  );

  assign {grp_parity, grp_lastl, grp_out, grp_sos, grp_layer, grp_llast, grp_group} = grp_tag;


  // ---------------------------------------------------------------------------------
  // Activation unit (E0..E2)
  // ---------------------------------------------------------------------------------
  logic            c_re, c_we;
  logic [CW_W-1:0] c_addr;
  logic [4*hcgs_pkg::C_W-1:0] c_rdata, c_wdata;
  logic [HA_W-1:0] grp_haddr;
  logic [CW_W-1:0] grp_caddr;
  logic            act_layer_done_unused;   // the activation unit's layer_done_o: nothing needs it
  logic            pr_valid;
  logic [LW-1:0]   pr_layer;
  logic [15:0]     pr_cell, pr_c;
  logic [47:0]     pr_z;
  logic [51:0]     pr_act;
  logic [12:0]     pr_h;
  logic [31:0]     pr_frame;
  logic [47:0]     pr1_z;
  logic [51:0]     pr1_act;
  logic [15:0]     pr1_c;
  logic [12:0]     pr1_h;

  // everything the activation unit needs about a group comes from its tag, not from
  // the engine's current state (which may already belong to the next layer)
`ifdef HCGS_BREAK_H_PARITY
  // deliberate fault (tests/sim/test_checks.py): h written into the other ping-pong buffer
  assign grp_haddr = HA_W'((32'(grp_layer) * 2 + 32'(!grp_parity)) * HWORDS + 32'(grp_group));
`else
  assign grp_haddr = HA_W'((32'(grp_layer) * 2 + 32'(grp_parity)) * HWORDS + 32'(grp_group));
`endif
  assign grp_caddr = CW_W'(32'(grp_layer) * HWORDS + 32'(grp_group));

  hcgs_act #(
    .ACT_CELLS (ACT_CELLS),
    .ACT_SHARE (ACT_SHARE),
    .LW        (LW),
    .GW        (GW),
    .HA_W      (HA_W),
    .CW_W      (CW_W)
  ) u_act (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .grp_valid_i  (grp_valid),
    .grp_z_i      (grp_z),
    .grp_layer_i  (grp_layer),
    .grp_group_i  (grp_group),
    .grp_sos_i    (grp_sos),
    .grp_out_i    (grp_out),
    .grp_tlast_i  (grp_llast && grp_lastl),
    .grp_llast_i  (grp_llast),
    .grp_flast_i  (grp_llast && grp_lastl),
    .grp_haddr_i  (grp_haddr),
    .grp_caddr_i  (grp_caddr),
    .release_o    (act_release),
    .grp_valid_next_i (grp_valid_next),
    .release_next_o   (act_release_next),
    .c_re_o       (c_re),
    .c_we_o       (c_we),
    .c_addr_o     (c_addr),
    .c_rdata_i    (c_rdata),
    .c_wdata_o    (c_wdata),
    .h_we_o       (h_we),
    .h_waddr_o    (h_waddr),
    .h_wdata_o    (h_wdata),
    .out_we_o     (out_we_o),
    .out_layer_o  (out_layer_o),
    .out_last_o   (out_last_o),
    .early_done_o (early_done),
    .layer_done_o (act_layer_done_unused),
    .probe_valid  (pr_valid),
    .probe_layer  (pr_layer),
    .probe_cell   (pr_cell),
    .probe_z      (pr_z),
    .probe_act    (pr_act),
    .probe_c      (pr_c),
    .probe_h      (pr_h),
    .probe_frame  (pr_frame),
    .probe1_z     (pr1_z),
    .probe1_act   (pr1_act),
    .probe1_c     (pr1_c),
    .probe1_h     (pr1_h)
  );

  // The debug probe is read by the testbench (u_core.u_act.probe_*), not by logic.
  logic probe_unused;
  assign probe_unused = ^{pr_valid, pr_layer, pr_cell, pr_z, pr_act, pr_c, pr_h, pr_frame,
                          pr1_z, pr1_act, pr1_c, pr1_h};

  // c: word l*HWORDS + g holds cells 4g..4g+3 of layer l; one port (read and write never
  // in the same cycle: hcgs_act's act_cmem_one_port)
  hcgs_ram #(.WIDTH(4 * hcgs_pkg::C_W), .DEPTH(MAX_LAYERS * HWORDS)) u_cmem (
    .clk_i   (clk_i),
    .re_i    (c_re),
    .raddr_i (c_addr),
    .rdata_o (c_rdata),
    .we_i    (c_we),
    .wmask_i (1'b1),
    .waddr_i (c_addr),
    .wdata_i (c_wdata)
  );

  assign out_data_o = h_wdata;

  // ---------------------------------------------------------------------------------
  // Parameter legality (elaboration)
  // ---------------------------------------------------------------------------------
  localparam bit PARAM_BAD = (C * 16 != LANES) || (WPS * C != 4) || (T2_DEPTH * WPS != WMEM_DEPTH) ||
                             (HWORDS < 8) || (XWORDS < 8) || (OUT_DEPTH < 2) || (MAX_LAYERS > 4);
`ifdef __ICARUS__
  if (PARAM_BAD) begin : g_bad_param
    initial $fatal(1, {"HCGS-PARAM hcgs_core: derived values inconsistent: LANES=%0d C=%0d WPS=%0d ",
                       "WMEM_DEPTH=%0d T2_DEPTH=%0d MAX_H=%0d MAX_I=%0d OUT_DEPTH=%0d"},
                   LANES, C, WPS, WMEM_DEPTH, T2_DEPTH, MAX_H, MAX_I, OUT_DEPTH);
  end
`else
  if (PARAM_BAD) begin : g_bad_param
    // (one literal: Verilator prints a concatenated format string as a number)
    $fatal(1, "HCGS-PARAM hcgs_core: inconsistent LANES=%0d C=%0d WPS=%0d WMEM_DEPTH=%0d T2_DEPTH=%0d MAX_H=%0d",
           LANES, C, WPS, WMEM_DEPTH, T2_DEPTH, MAX_H);
  end
`endif

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions (simulation only). Message: HCGS-ASSERT <name> at <time>: <values>.
  // The engine FSM's and the credits' own checks are in hcgs_ctrl.
  // ---------------------------------------------------------------------------------
  // The group tag: groups reach the activation unit in walk order (group g+1 after g,
  // layer l+1 group 0 after the last group of l, the next frame's layer 0 after the last
  // layer with the parity flipped), with the flags the configuration implies.
  logic          chk_pv, chk_prel, chk_seen, chk_new;
  logic [TAG_W-1:0] chk_ptag;
  logic [LW-1:0] chk_player;
  logic [GW-1:0] chk_pgroup;
  logic          chk_pllast, chk_plastl, chk_pparity, chk_psos;
  logic          chk_unused_pout;
  assign chk_new = grp_valid && (!chk_pv || chk_prel);
  assign {chk_pparity, chk_plastl, chk_unused_pout, chk_psos, chk_player, chk_pllast, chk_pgroup} = chk_ptag;
  always @(posedge clk_i) begin
    if (rst_ni !== 1'b1) begin  // X (before the first reset) counts as reset
      chk_pv   <= 1'b0;
      chk_prel <= 1'b0;
      chk_seen <= 1'b0;
    end else begin
      chk_pv   <= grp_valid;
      chk_prel <= act_release;
      if (chk_new) begin
        chk_seen <= 1'b1;
        chk_ptag <= grp_tag;
        assert (grp_lastl == (grp_layer == last_layer) && grp_out == (grp_lastl || cfg_out_all_i) &&
                grp_llast == (grp_group == last_group))
          else $fatal(1, "HCGS-ASSERT core_tag_flags at %0t: layer=%0d group=%0d lastl=%b out=%b llast=%b (CFG_LAYERS=%0d last group %0d) (%m)",
                      $time, grp_layer, grp_group, grp_lastl, grp_out, grp_llast, cfg_layers_i, last_group);
        if (!chk_seen) begin
          assert (grp_layer == '0 && grp_group == '0)
            else $fatal(1, "HCGS-ASSERT core_tag_order at %0t: first group after reset is layer %0d group %0d (%m)",
                        $time, grp_layer, grp_group);
        end else if (!chk_pllast) begin
          assert (grp_layer == chk_player && grp_group == chk_pgroup + 1'b1 &&
                  grp_parity == chk_pparity && grp_sos == chk_psos)
            else $fatal(1, "HCGS-ASSERT core_tag_order at %0t: layer %0d group %0d parity %b sos %b after layer %0d group %0d parity %b sos %b (%m)",
                        $time, grp_layer, grp_group, grp_parity, grp_sos, chk_player, chk_pgroup, chk_pparity, chk_psos);
        end else if (!chk_plastl) begin
          assert (grp_layer == chk_player + 1'b1 && grp_group == '0 &&
                  grp_parity == chk_pparity && grp_sos == chk_psos)
            else $fatal(1, "HCGS-ASSERT core_tag_order at %0t: layer %0d group %0d parity %b after the last group of layer %0d (%m)",
                        $time, grp_layer, grp_group, grp_parity, chk_player);
        end else begin
          assert (grp_layer == '0 && grp_group == '0 && grp_parity != chk_pparity)
            else $fatal(1, "HCGS-ASSERT core_tag_order at %0t: layer %0d group %0d parity %b after the last group of a frame (parity %b) (%m)",
                        $time, grp_layer, grp_group, grp_parity, chk_pparity);
        end
      end
    end
  end

  // Every step the walker takes reaches the MAC's accumulators once, and nothing else does:
  // when a layer's walk has drained (early_done: its last group is in the activation unit,
  // the next layer has not stepped yet) as many steps left the operand register as the
  // walker took. (Found by mutation: op_valid stuck at 1 made the accumulators add stale
  // operands between groups, which the next group's preload hid from every output.)
  longint chk_steps_a, chk_steps_op;
  always @(posedge clk_i) begin
    if (rst_ni !== 1'b1) begin  // X (before the first reset) counts as reset
      chk_steps_a  <= 0;
      chk_steps_op <= 0;
    end else begin
      if (a_step) chk_steps_a <= chk_steps_a + 1;
      if (op_valid && !stall) chk_steps_op <= chk_steps_op + 1;
      if (early_done) begin
        assert (chk_steps_op == chk_steps_a)
          else $fatal(1, "HCGS-ASSERT core_step_count at %0t: layer %0d drained, %0d steps passed the operand register, the walker took %0d (%m)",
                      $time, layer, chk_steps_op, chk_steps_a);
      end
    end
  end

  // The layer drain margin: every h word the walk reads was written before the read, in
  // this frame (W_ih of layer l > 0 reads h of layer l-1) or in the previous frame (W_hh
  // reads its own h of t-1; not checked at a sequence start, where it reads as zero).
  int chk_hframe [MAX_LAYERS * 2 * HWORDS];   // frame (activation unit's count) of each h word
  int chk_fstart;                             // frames started by the engine
  initial begin
    for (int a = 0; a < MAX_LAYERS * 2 * HWORDS; a++) chk_hframe[a] = -1;
  end
  always @(posedge clk_i) begin
    if (rst_ni !== 1'b1) begin  // X (before the first reset) counts as reset
      chk_fstart <= 0;
    end else begin
      if (frame_start) chk_fstart <= chk_fstart + 1;
      if (h_we) chk_hframe[h_waddr] <= int'(pr_frame);
      if (vec_re && !b_src_x && !b_hh) begin
        assert (chk_hframe[h_raddr] == chk_fstart - 1)
          else $fatal(1, "HCGS-ASSERT core_drain_margin at %0t: layer %0d reads h word %0d of layer %0d written in frame %0d, current frame %0d (%m)",
                      $time, layer, b_vword, b_hlayer, chk_hframe[h_raddr], chk_fstart - 1);
      end
      if (vec_re && b_hh && !sos) begin
        assert (chk_hframe[h_raddr] == chk_fstart - 2)
          else $fatal(1, "HCGS-ASSERT core_recurrent_h at %0t: layer %0d reads its h word %0d written in frame %0d, expected frame %0d (%m)",
                      $time, layer, b_vword, chk_hframe[h_raddr], chk_fstart - 2);
      end
    end
  end
`endif

endmodule

`default_nettype wire
