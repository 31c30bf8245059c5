// Parameter memories (contract section 5) and their bus-side muxing (section 6): the
// weights with the tier-2 index beside them (wmem), the tier-1 index (t1mem) and the
// biases (bmem), each one single-port memory of macros (hcgs_sram_banked). The engine and
// the front door (AXI4-Lite, through hcgs_regs) take turns on the one port: while
// running_i the engine owns it, otherwise the front door (hcgs_regs answers every memory
// access with SLVERR while running, so the front door never reaches them then; the check
// params_port_shared stops a simulation where both ask for one memory in one cycle).
// Front-door windows as the software sees them (unchanged): a 32-bit write into a wide
// word writes one slot, a read returns the addressed slot; the t2mem window's entry a is
// the tier-2 field of weight word a*WPS. bmem is masked (a slot is two 16-bit write-enable
// segments, hcgs_pkg::SRAM_SEG_W); wmem and t1mem have one write enable per word, so a
// front-door write into wmem (a slot, or a tier-2 field) is a read-modify-write: the word
// is read in the request's cycle, registered in the next (rmw_q: wmem's output register
// fd_word_q, which a front-door read of wmem uses too) and written back merged in the one after (wr_q; the
// register cuts the path from the memory's read port to its write data, 18 ns on an
// ECP5). The front door's requests are at least five cycles apart (one AXI4-Lite
// transaction at a time; formal/fv_regs.sv ap_req_spacing), so those cycles are free
// (check params_rmw_port).
`default_nettype none

module hcgs_params #(
  parameter int WMEM_DEPTH = 6144,           // weight words
  parameter int WPS        = 1,              // weight words per kept sub-block
  parameter int T1_DEPTH   = 1536,           // tier-1 entries
  parameter int BMEM_DEPTH = 384,            // bias words: MAX_LAYERS * MAX_H / 4
  parameter int WW         = 384,            // weights per word x W_W bits
  parameter int T1_W       = 4,              // tier-1 entry width
  parameter int MA_W       = 16,             // front-door word address width
  parameter int WA_W       = $clog2(WMEM_DEPTH),
  parameter int T1A_W      = (T1_DEPTH > 1) ? $clog2(T1_DEPTH) : 1,
  parameter int BA_W       = $clog2(BMEM_DEPTH)
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,
  input  wire logic             running_i,   // the engine owns the ports
  // front door
  input  wire logic             mem_we_i,
  input  wire logic             mem_re_i,
  input  wire logic [1:0]       mem_sel_i,   // 0 t1mem, 1 bmem, 2 t2mem, 3 wmem
  input  wire logic [MA_W-1:0]  mem_addr_i,  // word (entry) address in the window
  input  wire logic [3:0]       mem_slot_i,  // 32-bit slot in a wide word
  input  wire logic [31:0]      mem_wdata_i,
  output logic [31:0]           mem_rdata_o,
  // engine reads (registered: data the cycle after the enable, held while it is low)
  input  wire logic             t1_re_i,
  input  wire logic [T1A_W-1:0] t1_addr_i,
  output logic [T1_W-1:0]       t1_rdata_o,
  input  wire logic             w_re_i,
  input  wire logic [WA_W-1:0]  w_addr_i,
  output logic [2:0]            w_t2_o,      // the word's tier-2 field (registered read)
  input  wire logic             w_oce_i,     // load the weights into the output register
  output logic [WW-1:0]         w_rdata_o,   // the weights of the word, from that register
  input  wire logic             b_re_i,
  input  wire logic [BA_W-1:0]  b_addr_i,
  output logic [16*hcgs_pkg::B_W-1:0] b_rdata_o
);

  localparam int T2_W  = hcgs_pkg::T2_W;                       // tier-2 entry: sub-block column
  localparam int WPW   = WW + T2_W;                            // physical weight word
  localparam int WSL   = WW / 32;                              // 32-bit slots per weight word
  localparam int BW    = 16 * hcgs_pkg::B_W;                   // bias word: 16 biases
  localparam int BSL   = BW / 32;                              // 32-bit slots per bias word
  localparam int PW    = (WPS > 1) ? $clog2(WPS) : 0;          // part bits of a weight address
  localparam int SEG   = hcgs_pkg::SRAM_SEG_W;                 // write-enable segment
  localparam int SPS   = 32 / SEG;                             // segments per 32-bit slot
  localparam int BSEG  = BW / SEG;                             // segments of a bias word

  logic fd_t1, fd_b, fd_t2, fd_w, fd_req;
  assign fd_t1  = (mem_sel_i == 2'd0);
  assign fd_b   = (mem_sel_i == 2'd1);
  assign fd_t2  = (mem_sel_i == 2'd2);
  assign fd_w   = (mem_sel_i == 2'd3);
  assign fd_req = mem_re_i || mem_we_i;

  // the write-enable segments of the addressed 32-bit slot
  logic [BSEG-1:0]  b_slot_seg;
  always @(*) begin
    b_slot_seg = '0;
    for (int s = 0; s < BSL; s++) b_slot_seg[SPS*s +: SPS] = {SPS{32'(mem_slot_i) == s}};
  end

  // ---------------------------------------------------------------------------------
  // wmem: {tier-2 field, weights}; the t2mem window's entry a is word a*WPS's field.
  // A front-door write reads the word (the request's cycle), registers it (rmw_q) and
  // writes it merged (wr_q).
  // ---------------------------------------------------------------------------------
  localparam int W_NROW = (WMEM_DEPTH + hcgs_pkg::SRAM_MAX_D - 1) / hcgs_pkg::SRAM_MAX_D;  // banks
  localparam int W_RAW  = $clog2(hcgs_pkg::SRAM_MAX_D);  // address bits inside a bank
  logic            w_en, fd_w_we, fd_w_req;
  logic [W_NROW-1:0] w_row_en, wr_row_q;    // each bank's enable; the write's bank
  logic [WA_W-1:0] w_addr, fd_w_addr;
  logic [WPW-1:0]  w_word, w_merged;
  logic            rmw_q, rmw_t2_q, wr_q;
  logic [WPW-1:0]  fd_word_q;               // the memory's output register (below)
  logic            fd_rd_q;                 // a front-door read was requested last cycle
  logic [WA_W-1:0] rmw_addr_q;
  logic [3:0]      rmw_slot_q;
  logic [31:0]     rmw_data_q;

  assign fd_w_addr = fd_t2 ? WA_W'(32'(mem_addr_i) << PW) : WA_W'(mem_addr_i);
  assign fd_w_we   = !running_i && mem_we_i && (fd_w || fd_t2);
  assign fd_w_req  = fd_req && (fd_w || fd_t2);
  // the three users take turns (the engine only while running, the front door only when
  // not, the read-modify-write's write in a cycle of its own: checks below), so the enable
  // is an OR of theirs and each bank's enable an OR of theirs for that bank, every term
  // from registers: the write's bank registered with rmw_q (wr_row_q, also the bank's write
  // enable, so that a block's write enable is one flip-flop), the engine's and
  // the front door's decoded from their addresses (the check params_row_enable compares
  // them with the enable decoded with the address)
  assign w_en      = wr_q || w_re_i || fd_w_req;
  assign w_addr    = wr_q ? rmw_addr_q : (running_i ? w_addr_i : fd_w_addr);
  for (genvar r = 0; r < W_NROW; r++) begin : g_w_row
    assign w_row_en[r] = wr_row_q[r] || (w_re_i && (32'(w_addr_i) >> W_RAW == r)) ||
                         (fd_w_req && (32'(fd_w_addr) >> W_RAW == r));
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rmw_q    <= 1'b0;
      wr_q     <= 1'b0;
      wr_row_q <= '0;
    end else begin
      rmw_q <= fd_w_we;
      wr_q  <= rmw_q;
      for (int r = 0; r < W_NROW; r++) wr_row_q[r] <= rmw_q && (32'(rmw_addr_q) >> W_RAW == r);
    end
  end
  // no reset: read only in the two cycles after they load (rmw_q, wr_q)
  always_ff @(posedge clk_i) begin
    if (fd_w_we) begin
      rmw_t2_q   <= fd_t2;
      rmw_addr_q <= fd_w_addr;
      rmw_slot_q <= mem_slot_i;
      rmw_data_q <= mem_wdata_i;
    end
  end

  // the word read with the written slot (or tier-2 field) replaced: a mask and the bits
  // under it, decoded from the request's registers (they change once per write), and one
  // AND-OR with the registered word
  logic [WPW-1:0] rmw_mask, rmw_bits;
  for (genvar s = 0; s < WSL; s++) begin : g_rmw_slot
    assign rmw_mask[32*s +: 32] = {32{!rmw_t2_q && (32'(rmw_slot_q) == s)}};
    assign rmw_bits[32*s +: 32] = rmw_data_q;
  end
  assign rmw_mask[WW +: T2_W] = {T2_W{rmw_t2_q}};
  assign rmw_bits[WW +: T2_W] = T2_W'(rmw_data_q);
  assign w_merged = (fd_word_q & ~rmw_mask) | (rmw_bits & rmw_mask);

  hcgs_sram_banked #(.WIDTH(WPW), .DEPTH(WMEM_DEPTH), .MASKED(1'b0), .OREG(1'b1), .ROW_EN(1'b1)) u_wmem (
    .clk_i     (clk_i),
    .en_i      (w_en),
    .we_i      (wr_q),
    .addr_i    (w_addr),
    .row_en_i  (w_row_en),
    .row_we_i  (wr_row_q),
    .wseg_i    (1'b1),
    .wdata_i   (w_merged),
    .rdata_o   (w_word),
    .oce_i     (running_i ? w_oce_i : (fd_rd_q || rmw_q)),
    .rdata_q_o (fd_word_q)
  );

  // the tier-2 field as read (stage B0); the weights from the output register (stage B)
  assign w_t2_o    = w_word[WW +: T2_W];
  assign w_rdata_o = fd_word_q[WW-1:0];
  logic [WW-1:0] w_word_unused;
  assign w_word_unused = w_word[WW-1:0];

  // ---------------------------------------------------------------------------------
  // t1mem, bmem
  // ---------------------------------------------------------------------------------
  logic [T1A_W-1:0] fd_t1_addr;
  logic [BA_W-1:0]  fd_b_addr;
  assign fd_t1_addr = T1A_W'(mem_addr_i);
  assign fd_b_addr  = BA_W'(mem_addr_i);

  logic [T1_W-1:0] t1_q_unused;             // t1mem and bmem have no output register
  logic [BW-1:0]   b_q_unused;
  hcgs_sram_banked #(.WIDTH(T1_W), .DEPTH(T1_DEPTH), .MASKED(1'b0)) u_t1mem (
    .clk_i     (clk_i),
    .en_i      (running_i ? t1_re_i : (fd_req && fd_t1)),
    .we_i      (!running_i && mem_we_i),
    .addr_i    (running_i ? t1_addr_i : fd_t1_addr),
    .row_en_i  (1'b0),
    .row_we_i  (1'b0),
    .wseg_i    (1'b1),
    .wdata_i   (mem_wdata_i[T1_W-1:0]),
    .rdata_o   (t1_rdata_o),
    .oce_i     (1'b0),
    .rdata_q_o (t1_q_unused)
  );

  hcgs_sram_banked #(.WIDTH(BW), .DEPTH(BMEM_DEPTH)) u_bmem (
    .clk_i     (clk_i),
    .en_i      (running_i ? b_re_i : (fd_req && fd_b)),
    .we_i      (!running_i && mem_we_i),
    .addr_i    (running_i ? b_addr_i : fd_b_addr),
    .row_en_i  (1'b0),
    .row_we_i  (1'b0),
    .wseg_i    (b_slot_seg),
    .wdata_i   ({BSL{mem_wdata_i}}),
    .rdata_o   (b_rdata_o),
    .oce_i     (1'b0),
    .rdata_q_o (b_q_unused)
  );

  // ---------------------------------------------------------------------------------
  // front-door read data, in the cycle after the memory's read (fd_rd_q) registered, so
  // that the memories' read ports end in flip-flops, not in the AXI slave's RDATA register
  // (18 ns on an ECP5): the t1mem entry (fd_t1_q), the bias word and the weight word whole
  // (fd_bword_q; fd_word_q, wmem's output register, shared with the engine and the
  // read-modify-write), whose addressed slot or
  // tier-2 field is selected from the registers in the cycle after, where hcgs_regs takes
  // it (a memory read answers one cycle later than a register). Loaded only after a
  // front-door access: the engine's reads while running change the memories' outputs
  // every cycle, and nothing takes mem_rdata_o then.
  // ---------------------------------------------------------------------------------
  logic [1:0]  fd_sel_q;
  logic [3:0]  fd_slot_q;
  logic [2:0]  fd_bslot;
  logic [T1_W-1:0] fd_t1_q;
  logic [BW-1:0]   fd_bword_q;
  logic [31:0]     fd_wslot;
  assign fd_bslot = fd_slot_q[2:0];
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      fd_sel_q  <= '0;
      fd_slot_q <= '0;
      fd_rd_q   <= 1'b0;
    end else begin
      fd_rd_q <= mem_re_i;
      if (mem_re_i) begin
        fd_sel_q  <= mem_sel_i;
        fd_slot_q <= mem_slot_i;
      end
    end
  end

  // no reset: read only after they load
  always_ff @(posedge clk_i) begin
    if (fd_rd_q) begin
      fd_t1_q    <= t1_rdata_o;
      fd_bword_q <= b_rdata_o;
    end
  end

  always @(*) begin
    fd_wslot = '0;
    for (int s = 0; s < WSL; s++) begin
      if (32'(fd_slot_q) == s) fd_wslot = fd_word_q[32*s +: 32];
    end
  end
  assign mem_rdata_o = (fd_sel_q == 2'd0) ? 32'(fd_t1_q) :
                       (fd_sel_q == 2'd1) ? fd_bword_q[32*fd_bslot +: 32] :
                       (fd_sel_q == 2'd2) ? 32'(fd_word_q[WW +: T2_W]) : fd_wslot;

  logic fd_unused;
  assign fd_unused = ^{mem_wdata_i[31:T1_W], mem_addr_i};

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions (simulation only). Message: HCGS-ASSERT <name> at <time>: <values>.
  // ---------------------------------------------------------------------------------
  // One port per memory: the engine and the front door never ask for the same memory in
  // the same cycle (the front door is refused while running, section 6).
  // Each condition a continuous assignment (re-evaluated when an input changes); the clocked
  // process runs the asserts, with their names and messages, only when chk_ok is not 1.
  logic ok_port, ok_known, ok_rmw, ok_row, chk_ok;
  assign ok_port  = !((t1_re_i && fd_req && fd_t1) || (w_re_i && fd_req && (fd_w || fd_t2)) ||
                      (b_re_i && fd_req && fd_b));
  // the read-modify-write's state is known out of reset (it enables a write)
  assign ok_known = !$isunknown(rmw_q) && !$isunknown(wr_q) && !$isunknown(wr_row_q);
  // a read-modify-write's second and third cycles have wmem to itself
  assign ok_rmw   = !((rmw_q || wr_q) && (running_i || fd_req));
  // each bank's enable is the enable decoded with the address (none beyond the depth), and
  // its write enable the write's
  logic [W_NROW-1:0] w_row_want;
  for (genvar r = 0; r < W_NROW; r++) begin : g_chk_row
    assign w_row_want[r] = w_en && (32'(w_addr) >> W_RAW == r);
  end
  assign ok_row   = (w_row_en == w_row_want) && (wr_row_q == (wr_q ? w_row_want : '0));
  assign chk_ok   = ok_port && ok_known && ok_rmw && ok_row;
  always @(posedge clk_i) begin
    if (rst_ni && chk_ok !== 1'b1) begin
      assert (ok_port)
        else $fatal(1, "HCGS-ASSERT params_port_shared at %0t: engine reads t1 %b w %b b %b, front door %s window %0d (%m)",
                    $time, t1_re_i, w_re_i, b_re_i, mem_we_i ? "writes" : "reads", mem_sel_i);
      assert (ok_known)
        else $fatal(1, "HCGS-ASSERT params_ctrl_known at %0t: rmw_q=%b wr_q=%b (%m)", $time, rmw_q, wr_q);
      assert (ok_rmw)
        else $fatal(1, "HCGS-ASSERT params_rmw_port at %0t: wmem's read-modify-write of word %0d meets %s (%m)",
                    $time, rmw_addr_q, running_i ? "the running engine" : "another front-door request");
      assert (ok_row)
        else $fatal(1, "HCGS-ASSERT params_row_enable at %0t: wmem bank enables %b write %b, want %b (enable %b write %b, address %0d) (%m)",
                    $time, w_row_en, wr_row_q, w_row_want, w_en, wr_q, w_addr);
    end
  end
`endif

endmodule

`default_nettype wire
