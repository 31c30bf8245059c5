// Register file and address decoder behind the AXI4-Lite request port (contract
// sections 6, 8, 9). Offsets, fields and reset values come from hcgs_pkg (generated
// from golden/regmap.py).
//
// Request pipeline: a request is registered (R1: decode, register writes and command
// pulses take effect, memory access issued to the core), then answered one cycle later
// (R2: rsp_o, register read data), a memory read two cycles later (RM waits for the slot
// the core read, which hcgs_params registers for the clock).
// SLVERR (and no effect) for: a write with WSTRB != 4'hF, an address that maps to
// nothing (unknown register offset, unused slot of a memory word, a word beyond a
// memory's depth, the gaps between windows), a write to a read-only register, and any
// memory access while STATUS.RUNNING. Address bits [1:0] are ignored.
//
// START checks the configuration registers (hcgs_cfg_check, pipelined: chk_q holds the
// check of the configuration of CHK_LAT cycles ago) and, when legal, latches CFG_* and
// CTRL into the cfg_*_o outputs used by the engine.
`default_nettype none

module hcgs_regs #(
  parameter int MAX_LAYERS = 3,
  parameter int MAX_H      = 512,
  parameter int MAX_I      = 512,
  parameter int LANES      = 64,
  parameter int WMEM_DEPTH = 6144,
  parameter int T1_DEPTH   = 1536,
  parameter int ACT_CELLS  = 1,                              // HWCFG0 only
  parameter int ACT_SHARE  = 1,                              // HWCFG0 only
  // derived
  parameter int WPS        = 64 / LANES,                    // weight words per sub-block
  parameter int T2_DEPTH   = WMEM_DEPTH / WPS,
  parameter int BMEM_DEPTH = MAX_LAYERS * MAX_H / 4,
  parameter int WSLOTS     = LANES * 6 / 32,                // 32-bit slots per weight word
  parameter int MA_W       = 16                             // memory word address width
) (
  input  wire logic                    clk_i,
  input  wire logic                    rst_ni,
  // request port (hcgs_axil_slave)
  input  wire logic                    req_i,
  input  wire logic                    req_we_i,
  input  wire logic [19:0]             req_addr_i,
  input  wire logic [31:0]             req_wdata_i,
  input  wire logic [3:0]              req_wstrb_i,
  output logic                         rsp_o,
  output logic [31:0]                  rsp_rdata_o,
  output logic                         rsp_err_o,
  // front-door memory port (hcgs_core); read data arrives two cycles after mem_re_o
  output logic                         mem_we_o,
  output logic                         mem_re_o,
  output logic [1:0]                   mem_sel_o,      // 0 t1mem, 1 bmem, 2 t2mem, 3 wmem
  output logic [MA_W-1:0]              mem_addr_o,
  output logic [3:0]                   mem_slot_o,
  output logic [31:0]                  mem_wdata_o,
  input  wire logic [31:0]             mem_rdata_i,
  // latched configuration (valid while running)
  output logic [7:0]                   cfg_layers_o,
  output logic [15:0]                  cfg_isize_o,
  output logic [15:0]                  cfg_hsize_o,
  output logic [32*MAX_LAYERS-1:0]     cfg_keep_o,
  output logic                         cfg_out_all_o,
  // state
  output logic                         running_o,
  output logic                         accept_o,       // running and no STOP pending
  output logic                         flush_o,        // CMD.ABORT: reset the datapath (one cycle)
  input  wire logic                    busy_i,         // STATUS.BUSY, counts CNT_BUSY
  input  wire logic                    drained_i,      // nothing received, in flight or queued
  // events
  input  wire logic                    ev_mac_i,
  input  wire logic                    ev_stall_in_i,
  input  wire logic                    ev_stall_out_i,
  input  wire logic                    ev_frame_i,     // last output beat of a frame sent
  input  wire logic                    err_short_i,
  input  wire logic                    err_long_i,
  output logic                         irq_o
);

  // ---------------------------------------------------------------------------------
  // Constants from the generated package
  // ---------------------------------------------------------------------------------
  localparam logic [9:0] O_ID         = 10'(hcgs_pkg::REG_ID >> 2);
  localparam logic [9:0] O_HWCFG0     = 10'(hcgs_pkg::REG_HWCFG0 >> 2);
  localparam logic [9:0] O_HWCFG1     = 10'(hcgs_pkg::REG_HWCFG1 >> 2);
  localparam logic [9:0] O_HWCFG2     = 10'(hcgs_pkg::REG_HWCFG2 >> 2);
  localparam logic [9:0] O_CTRL       = 10'(hcgs_pkg::REG_CTRL >> 2);
  localparam logic [9:0] O_CMD        = 10'(hcgs_pkg::REG_CMD >> 2);
  localparam logic [9:0] O_STATUS     = 10'(hcgs_pkg::REG_STATUS >> 2);
  localparam logic [9:0] O_ERR        = 10'(hcgs_pkg::REG_ERR >> 2);
  localparam logic [9:0] O_IRQ_STATUS = 10'(hcgs_pkg::REG_IRQ_STATUS >> 2);
  localparam logic [9:0] O_IRQ_ENABLE = 10'(hcgs_pkg::REG_IRQ_ENABLE >> 2);
  localparam logic [9:0] O_LAYERS     = 10'(hcgs_pkg::REG_CFG_LAYERS >> 2);
  localparam logic [9:0] O_ISIZE      = 10'(hcgs_pkg::REG_CFG_ISIZE >> 2);
  localparam logic [9:0] O_HSIZE      = 10'(hcgs_pkg::REG_CFG_HSIZE >> 2);
  localparam logic [9:0] O_KEEP0      = 10'(hcgs_pkg::REG_CFG_KEEP_L0 >> 2);
  localparam logic [9:0] O_KEEP1      = 10'(hcgs_pkg::REG_CFG_KEEP_L1 >> 2);
  localparam logic [9:0] O_KEEP2      = 10'(hcgs_pkg::REG_CFG_KEEP_L2 >> 2);
  localparam logic [9:0] O_KEEP3      = 10'(hcgs_pkg::REG_CFG_KEEP_L3 >> 2);
  localparam logic [9:0] O_CNT_BUSY   = 10'(hcgs_pkg::REG_CNT_BUSY >> 2);
  localparam logic [9:0] O_CNT_MAC    = 10'(hcgs_pkg::REG_CNT_MAC >> 2);
  localparam logic [9:0] O_CNT_SIN    = 10'(hcgs_pkg::REG_CNT_STALL_IN >> 2);
  localparam logic [9:0] O_CNT_SOUT   = 10'(hcgs_pkg::REG_CNT_STALL_OUT >> 2);
  localparam logic [9:0] O_CNT_FRAMES = 10'(hcgs_pkg::REG_CNT_FRAMES >> 2);

  localparam int ERR_LAYERS = hcgs_pkg::ERR_LAYERS_LSB;
  localparam int ERR_ISIZE  = hcgs_pkg::ERR_ISIZE_LSB;
  localparam int ERR_HSIZE  = hcgs_pkg::ERR_HSIZE_LSB;
  localparam int ERR_KEEP   = hcgs_pkg::ERR_KEEP_LSB;
  localparam int ERR_MEM    = hcgs_pkg::ERR_MEM_LSB;
  localparam int ERR_BUSY   = hcgs_pkg::ERR_BUSY_LSB;
  localparam int ERR_SHORT  = hcgs_pkg::ERR_FRAME_SHORT_LSB;
  localparam int ERR_LONG   = hcgs_pkg::ERR_FRAME_LONG_LSB;
  localparam int IRQ_DONE   = hcgs_pkg::IRQ_STATUS_FRAME_DONE_LSB;
  localparam int IRQ_ERROR  = hcgs_pkg::IRQ_STATUS_ERROR_LSB;

  localparam logic [31:0] KEEP_MASK =
      (((32'd1 << hcgs_pkg::CFG_KEEP_L0_K1_IH_W) - 32'd1) << hcgs_pkg::CFG_KEEP_L0_K1_IH_LSB) |
      (((32'd1 << hcgs_pkg::CFG_KEEP_L0_K2_IH_W) - 32'd1) << hcgs_pkg::CFG_KEEP_L0_K2_IH_LSB) |
      (((32'd1 << hcgs_pkg::CFG_KEEP_L0_K1_HH_W) - 32'd1) << hcgs_pkg::CFG_KEEP_L0_K1_HH_LSB) |
      (((32'd1 << hcgs_pkg::CFG_KEEP_L0_K2_HH_W) - 32'd1) << hcgs_pkg::CFG_KEEP_L0_K2_HH_LSB);
  localparam logic [31:0] KEEP_RESET = 32'(hcgs_pkg::CFG_KEEP_L0_RESET);

  localparam logic [31:0] HWCFG0_VAL =
      (32'(LANES) << hcgs_pkg::HWCFG0_LANES_LSB) |
      (32'(MAX_LAYERS) << hcgs_pkg::HWCFG0_MAX_LAYERS_LSB) |
      (32'(ACT_CELLS) << hcgs_pkg::HWCFG0_ACT_CELLS_LSB) |
      (32'(ACT_SHARE) << hcgs_pkg::HWCFG0_ACT_SHARE_LSB) |
      (32'(MAX_H) << hcgs_pkg::HWCFG0_MAX_H_LSB);
  localparam logic [31:0] HWCFG1_VAL =
      (32'(MAX_I) << hcgs_pkg::HWCFG1_MAX_I_LSB) |
      (32'(T1_DEPTH) << hcgs_pkg::HWCFG1_T1_DEPTH_LSB);

  // memory windows: base, word stride (log2 bytes), depth
  localparam logic [19:0] T1_BASE = 20'(hcgs_pkg::MEM_T1MEM_BASE);
  localparam logic [19:0] B_BASE  = 20'(hcgs_pkg::MEM_BMEM_BASE);
  localparam logic [19:0] T2_BASE = 20'(hcgs_pkg::MEM_T2MEM_BASE);
  localparam logic [19:0] W_BASE  = 20'(hcgs_pkg::MEM_WMEM_BASE);
  localparam int T1_SL   = $clog2(hcgs_pkg::MEM_T1MEM_STRIDE);   // log2 byte strides
  localparam int B_SL    = $clog2(hcgs_pkg::MEM_BMEM_STRIDE);
  localparam int T2_SL   = $clog2(hcgs_pkg::MEM_T2MEM_STRIDE);
  localparam int W_SL    = $clog2(hcgs_pkg::MEM_WMEM_STRIDE);

  // ---------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------
  logic        r1_q, r1_we_q;
  logic [19:0] r1_addr_q;
  logic [31:0] r1_wdata_q;

  logic        rsp_q, rsp_err_q, rsp_mem_q;
  logic        mrd_q;                  // a front-door memory read waits for its data (RM)
  logic [31:0] rsp_rdata_q;

  logic        out_all_q;
  logic [1:0]  irq_en_q, irq_st_q, irq_st_d;
  logic [7:0]  err_q, err_d, err_set;
  logic [7:0]  layers_q;
  logic [15:0] isize_q, hsize_q;
  logic [31:0] keep_q [4];
  logic        running_q, running_d, stop_q, stop_d;
  logic [31:0] cnt_busy_q, cnt_mac_q, cnt_sin_q, cnt_sout_q, cnt_frames_q;

  logic [7:0]               lat_layers_q;
  logic [15:0]              lat_isize_q, lat_hsize_q;
  logic [32*MAX_LAYERS-1:0] lat_keep_q;
  logic                     lat_out_all_q;

  localparam int CHK_LAT = 4;                 // cycles from a CFG_* write (R1) to its chk_q
  logic [4:0] chk_q;                          // LAYERS ISIZE HSIZE KEEP MEM, registered
  logic [4:0] chk_d;

  // ---------------------------------------------------------------------------------
  // Decode (R1). The memory windows and the register offset's kind (known, read-only,
  // CMD, ERR, IRQ_STATUS) are decoded from the request's address as it enters R1 and
  // registered with it (in_reg_q, hit_mem_q, the memory port's window, word address and
  // slot; reg_known_q, reg_ro_q, is_*_q), so the memory port's address and the commands
  // come from flip-flops (from r1_addr_q through the window decode into the weight
  // memory's banks, then through the offset decode into START's and STOP's effects, were
  // the chip build's longest paths on an ECP5); the read data is selected in R1.
  // ---------------------------------------------------------------------------------
  logic        in_reg, in_t1, in_b, in_t2, in_w;
  logic        in_reg_q, hit_mem_q;
  logic [1:0]  mem_sel_d;
  logic [MA_W-1:0] mem_addr_d;
  logic [3:0]  mem_slot_d;
  logic [19:0] off_t1, off_b, off_t2, off_w;
  logic [19:0] wa_t1, wa_b, wa_t2, wa_w;      // word addresses inside each window
  logic [3:0]  slot_b, slot_w;
  logic        hit_t1, hit_b, hit_t2, hit_w, hit_mem;
  logic [9:0]  roff, req_off;
  logic        reg_known_d, reg_ro_d, reg_known_q, reg_ro_q, reg_err;
  logic        is_cmd_q, is_err_q, is_irq_st_q;
  logic        strb_bad, strb_bad_q, dec_err, acc_ok;
  logic [31:0] reg_rdata;
  logic        wr_ok;                          // a register write that takes effect
  logic        addr_unused;
  logic [31:0] irq_st_rd, irq_en_rd;

  // (bit selects are kept out of always @(*) blocks: Icarus 11 warns about them)
  assign irq_st_rd = (32'(irq_st_q[0]) << IRQ_DONE) | (32'(irq_st_q[1]) << IRQ_ERROR);
  assign irq_en_rd = (32'(irq_en_q[0]) << IRQ_DONE) | (32'(irq_en_q[1]) << IRQ_ERROR);

  assign in_w   = (req_addr_i >= W_BASE);
  assign in_t2  = !in_w && (req_addr_i >= T2_BASE);
  assign in_b   = !in_w && !in_t2 && (req_addr_i >= B_BASE);
  assign in_t1  = !in_w && !in_t2 && !in_b && (req_addr_i >= T1_BASE);
  assign in_reg = (req_addr_i < 20'h01000);

  assign off_t1 = req_addr_i - T1_BASE;
  assign off_b  = req_addr_i - B_BASE;
  assign off_t2 = req_addr_i - T2_BASE;
  assign off_w  = req_addr_i - W_BASE;
  assign wa_t1  = off_t1 >> T1_SL;
  assign wa_b   = off_b >> B_SL;
  assign wa_t2  = off_t2 >> T2_SL;
  assign wa_w   = off_w >> W_SL;
  assign slot_b = 4'((off_b & ((20'd1 << B_SL) - 20'd1)) >> 2);
  assign slot_w = 4'((off_w & ((20'd1 << W_SL) - 20'd1)) >> 2);

  assign hit_t1 = in_t1 && (32'(wa_t1) < T1_DEPTH);
  assign hit_b  = in_b  && (32'(wa_b) < BMEM_DEPTH);
  assign hit_t2 = in_t2 && (32'(wa_t2) < T2_DEPTH);
  assign hit_w  = in_w  && (32'(wa_w) < WMEM_DEPTH) && (32'(slot_w) < WSLOTS);
  assign hit_mem = hit_t1 || hit_b || hit_t2 || hit_w;

  assign roff = r1_addr_q[11:2];
  assign addr_unused = ^{r1_addr_q[19:12], r1_addr_q[1:0], off_b, off_w};

  // the offset's kind, on entry to R1 (plain equalities, not a case: Yosys makes a
  // constant case a ROM, whose contents a formal induction step treats as free)
`ifdef HCGS_BREAK_REGS_RO
  localparam bit STATUS_RO = 1'b0;   // deliberate fault (tests/formal): STATUS takes writes
`else
  localparam bit STATUS_RO = 1'b1;
`endif
  assign req_off     = req_addr_i[11:2];
  assign reg_ro_d    = req_off == O_ID || req_off == O_HWCFG0 || req_off == O_HWCFG1 ||
                       req_off == O_HWCFG2 || (STATUS_RO && req_off == O_STATUS) ||
                       req_off == O_CNT_BUSY || req_off == O_CNT_MAC || req_off == O_CNT_SIN ||
                       req_off == O_CNT_SOUT || req_off == O_CNT_FRAMES;
  assign reg_known_d = reg_ro_d || req_off == O_STATUS || req_off == O_CTRL || req_off == O_CMD ||
                       req_off == O_ERR || req_off == O_IRQ_STATUS || req_off == O_IRQ_ENABLE ||
                       req_off == O_LAYERS || req_off == O_ISIZE || req_off == O_HSIZE ||
                       req_off == O_KEEP0 || req_off == O_KEEP1 || req_off == O_KEEP2 ||
                       req_off == O_KEEP3;

  // the read data, in R1
  always @(*) begin
    reg_rdata = '0;
    case (roff)
      O_ID:         reg_rdata = 32'(hcgs_pkg::ID_VALUE);
      O_HWCFG0:     reg_rdata = HWCFG0_VAL;
      O_HWCFG1:     reg_rdata = HWCFG1_VAL;
      O_HWCFG2:     reg_rdata = 32'(WMEM_DEPTH);
      O_CTRL:       reg_rdata = 32'(out_all_q) << hcgs_pkg::CTRL_OUT_ALL_LSB;
      O_STATUS:     reg_rdata = (32'(running_q) << hcgs_pkg::STATUS_RUNNING_LSB) |
                                (32'(busy_i) << hcgs_pkg::STATUS_BUSY_LSB);
      O_ERR:        reg_rdata = 32'(err_q);
      O_IRQ_STATUS: reg_rdata = irq_st_rd;
      O_IRQ_ENABLE: reg_rdata = irq_en_rd;
      O_LAYERS:     reg_rdata = 32'(layers_q);
      O_ISIZE:      reg_rdata = 32'(isize_q);
      O_HSIZE:      reg_rdata = 32'(hsize_q);
      O_KEEP0:      reg_rdata = keep_q[0];
      O_KEEP1:      reg_rdata = keep_q[1];
      O_KEEP2:      reg_rdata = keep_q[2];
      O_KEEP3:      reg_rdata = keep_q[3];
      O_CNT_BUSY:   reg_rdata = cnt_busy_q;
      O_CNT_MAC:    reg_rdata = cnt_mac_q;
      O_CNT_SIN:    reg_rdata = cnt_sin_q;
      O_CNT_SOUT:   reg_rdata = cnt_sout_q;
      O_CNT_FRAMES: reg_rdata = cnt_frames_q;
      default:      reg_rdata = '0;   // CMD reads 0; an unknown offset answers SLVERR
    endcase
  end

  assign strb_bad = strb_bad_q;   // a write with a byte strobe off, decoded on entry
  assign reg_err  = !reg_known_q || (r1_we_q && reg_ro_q);
  assign dec_err  = strb_bad ||
                    (in_reg_q ? reg_err : (!hit_mem_q || running_q));
  assign acc_ok   = r1_q && !dec_err;
  assign wr_ok    = acc_ok && r1_we_q && in_reg_q;

  // front-door memory access, issued from R1 (window, word and slot decoded on entry)
  always @(*) begin
    mem_sel_d  = 2'd0;
    mem_addr_d = MA_W'(wa_t1);
    mem_slot_d = 4'd0;
    if (in_b) begin
      mem_sel_d  = 2'd1;
      mem_addr_d = MA_W'(wa_b);
      mem_slot_d = slot_b;
    end else if (in_t2) begin
      mem_sel_d  = 2'd2;
      mem_addr_d = MA_W'(wa_t2);
    end else if (in_w) begin
      mem_sel_d  = 2'd3;
      mem_addr_d = MA_W'(wa_w);
      mem_slot_d = slot_w;
    end
  end
  // no reset: read in R1 only, and every cycle reloads them with r1_addr_q
  always_ff @(posedge clk_i) begin
    in_reg_q    <= in_reg;
    reg_known_q <= reg_known_d;
    reg_ro_q    <= reg_ro_d;
    strb_bad_q  <= req_we_i && (req_wstrb_i != 4'hF);
    is_cmd_q    <= (req_off == O_CMD);
    is_err_q    <= (req_off == O_ERR);
    is_irq_st_q <= (req_off == O_IRQ_STATUS);
    hit_mem_q   <= hit_mem;
    mem_sel_o  <= mem_sel_d;
    mem_addr_o <= mem_addr_d;
    mem_slot_o <= mem_slot_d;
  end
  // the memory port's enables apart from the register decode (the same as acc_ok &&
  // !in_reg_q: a memory word is never a register, and outside the registers dec_err is
  // strb_bad || !hit_mem || running), so they too start from flip-flops and not from the
  // register-offset decode
  logic mem_ok;
  assign mem_ok      = r1_q && hit_mem_q && !strb_bad && !running_q;
  assign mem_we_o    = mem_ok && r1_we_q;
  assign mem_re_o    = mem_ok && !r1_we_q;
  assign mem_wdata_o = r1_wdata_q;

  // ---------------------------------------------------------------------------------
  // Commands, state, errors, interrupts, counters
  // ---------------------------------------------------------------------------------
  logic cmd_start, cmd_stop, cmd_clr, cmd_abort, start_ok;
  logic flush_q;
  logic w_err, w_irq_st;

  assign cmd_start = wr_ok && is_cmd_q && r1_wdata_q[hcgs_pkg::CMD_START_LSB];
  assign cmd_stop  = wr_ok && is_cmd_q && r1_wdata_q[hcgs_pkg::CMD_STOP_LSB];
  assign cmd_clr   = wr_ok && is_cmd_q && r1_wdata_q[hcgs_pkg::CMD_CLR_CNT_LSB];
  assign cmd_abort = wr_ok && is_cmd_q && r1_wdata_q[hcgs_pkg::CMD_ABORT_LSB];
  assign start_ok  = cmd_start && !cmd_abort && !running_q && (chk_q == 5'd0);
  assign w_err     = wr_ok && is_err_q;
  assign w_irq_st  = wr_ok && is_irq_st_q;

  // error bits set this cycle
  logic [7:0] err_cfg, err_busy, err_frame, err_w1c;
  logic [1:0] irq_w1c, irq_set;
  assign err_cfg   = cmd_start && !cmd_abort && !running_q ?
                     ((8'(chk_q[4]) << ERR_LAYERS) | (8'(chk_q[3]) << ERR_ISIZE) |
                      (8'(chk_q[2]) << ERR_HSIZE)  | (8'(chk_q[1]) << ERR_KEEP) |
                      (8'(chk_q[0]) << ERR_MEM)) : 8'd0;
  assign err_busy  = 8'(cmd_start && !cmd_abort && running_q) << ERR_BUSY;
  assign err_frame = (8'(err_short_i) << ERR_SHORT) | (8'(err_long_i) << ERR_LONG);
  assign err_set   = err_cfg | err_busy | err_frame;
  assign err_w1c   = w_err ? r1_wdata_q[7:0] : 8'd0;
  assign err_d     = (err_q & ~err_w1c) | err_set;
  assign irq_w1c   = w_irq_st ? {r1_wdata_q[IRQ_ERROR], r1_wdata_q[IRQ_DONE]} : 2'b00;
  assign irq_set   = {|err_set, ev_frame_i};
  assign irq_st_d  = (irq_st_q & ~irq_w1c) | irq_set;

  always @(*) begin
    running_d = running_q;
    stop_d    = stop_q;
    if (start_ok) begin
      running_d = 1'b1;
      stop_d    = 1'b0;
    end
    if (cmd_stop && (running_q || start_ok)) stop_d = 1'b1;
    if (running_q && stop_q && drained_i) begin
      running_d = 1'b0;
      stop_d    = 1'b0;
    end
    if (cmd_abort) begin
      running_d = 1'b0;
      stop_d    = 1'b0;
    end
  end

  // configuration check, pipelined: A, B inside, chk_q here. A START in R1 sees the
  // configuration writes of CHK_LAT or more cycles before (R1 to R1); hcgs_axil_slave
  // issues a request at most every 5 cycles (assertion regs_start_checked below).
  hcgs_cfg_check #(
    .MAX_LAYERS (MAX_LAYERS),
    .MAX_H      (MAX_H),
    .MAX_I      (MAX_I),
    .WPS        (WPS),
    .WMEM_DEPTH (WMEM_DEPTH),
    .T1_DEPTH   (T1_DEPTH)
  ) u_cfg_check (
    .clk_i (clk_i), .rst_ni (rst_ni),
    .layers_i     (layers_q),
    .isize_i      (isize_q),
    .hsize_i      (hsize_q),
    .keep_i       ({keep_q[3], keep_q[2], keep_q[1], keep_q[0]}),
    .err_layers_o (chk_d[4]),
    .err_isize_o  (chk_d[3]),
    .err_hsize_o  (chk_d[2]),
    .err_keep_o   (chk_d[1]),
    .err_mem_o    (chk_d[0])
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      r1_q          <= 1'b0;
      r1_we_q       <= 1'b0;
      r1_addr_q     <= '0;
      r1_wdata_q    <= '0;
      rsp_q         <= 1'b0;
      rsp_err_q     <= 1'b0;
      rsp_mem_q     <= 1'b0;
      rsp_rdata_q   <= '0;
      mrd_q         <= 1'b0;
      out_all_q     <= 1'b0;
      irq_en_q      <= '0;
      irq_st_q      <= '0;
      err_q         <= '0;
      layers_q      <= 8'(hcgs_pkg::CFG_LAYERS_RESET);
      isize_q       <= 16'(hcgs_pkg::CFG_ISIZE_RESET);
      hsize_q       <= 16'(hcgs_pkg::CFG_HSIZE_RESET);
      for (int l = 0; l < 4; l++) keep_q[l] <= KEEP_RESET & KEEP_MASK;
      running_q     <= 1'b0;
      stop_q        <= 1'b0;
      flush_q       <= 1'b0;
      cnt_busy_q    <= '0;
      cnt_mac_q     <= '0;
      cnt_sin_q     <= '0;
      cnt_sout_q    <= '0;
      cnt_frames_q  <= '0;
      lat_layers_q  <= 8'(hcgs_pkg::CFG_LAYERS_RESET);
      lat_isize_q   <= 16'(hcgs_pkg::CFG_ISIZE_RESET);
      lat_hsize_q   <= 16'(hcgs_pkg::CFG_HSIZE_RESET);
      lat_keep_q    <= {MAX_LAYERS{KEEP_RESET & KEEP_MASK}};
      lat_out_all_q <= 1'b0;
      chk_q         <= '0;
    end else begin
      r1_q       <= req_i;
      r1_we_q    <= req_we_i;
      r1_addr_q  <= req_addr_i;
      r1_wdata_q <= req_wdata_i;

      // a memory read answers from RM, a cycle later than the rest (hcgs_params registers
      // its data), every other request from R1
      mrd_q       <= mem_re_o;
      rsp_q       <= (r1_q && !mem_re_o) || mrd_q;
      rsp_err_q   <= r1_q && dec_err;
      rsp_mem_q   <= mrd_q;
      rsp_rdata_q <= (r1_q && in_reg_q && !dec_err && !r1_we_q) ? reg_rdata : '0;

      if (wr_ok) begin
        case (roff)
          O_CTRL:       out_all_q <= r1_wdata_q[hcgs_pkg::CTRL_OUT_ALL_LSB];
          O_IRQ_ENABLE: irq_en_q <= {r1_wdata_q[IRQ_ERROR], r1_wdata_q[IRQ_DONE]};
          O_LAYERS:     layers_q <= r1_wdata_q[7:0];
          O_ISIZE:      isize_q <= r1_wdata_q[15:0];
          O_HSIZE:      hsize_q <= r1_wdata_q[15:0];
          O_KEEP0:      keep_q[0] <= r1_wdata_q & KEEP_MASK;
          O_KEEP1:      keep_q[1] <= r1_wdata_q & KEEP_MASK;
          O_KEEP2:      keep_q[2] <= r1_wdata_q & KEEP_MASK;
          O_KEEP3:      keep_q[3] <= r1_wdata_q & KEEP_MASK;
          default:      ;
        endcase
      end

      err_q     <= err_d;
      irq_st_q  <= irq_st_d;
      running_q <= running_d;
      stop_q    <= stop_d;
      flush_q   <= cmd_abort;
      chk_q     <= chk_d;

      if (start_ok) begin
        lat_layers_q  <= layers_q;
        lat_isize_q   <= isize_q;
        lat_hsize_q   <= hsize_q;
        for (int l = 0; l < MAX_LAYERS; l++) lat_keep_q[32*l +: 32] <= keep_q[l];
        lat_out_all_q <= out_all_q;
      end

      if (cmd_clr) begin
        cnt_busy_q   <= '0;
        cnt_mac_q    <= '0;
        cnt_sin_q    <= '0;
        cnt_sout_q   <= '0;
        cnt_frames_q <= '0;
      end else begin
        cnt_busy_q   <= cnt_busy_q + 32'(busy_i);
        cnt_mac_q    <= cnt_mac_q + 32'(ev_mac_i);
        cnt_sin_q    <= cnt_sin_q + 32'(ev_stall_in_i);
        cnt_sout_q   <= cnt_sout_q + 32'(ev_stall_out_i);
        cnt_frames_q <= cnt_frames_q + 32'(ev_frame_i);
      end
    end
  end

  assign rsp_o       = rsp_q;
  assign rsp_err_o   = rsp_err_q;
  assign rsp_rdata_o = rsp_mem_q ? mem_rdata_i : rsp_rdata_q;

  assign cfg_layers_o  = lat_layers_q;
  assign cfg_isize_o   = lat_isize_q;
  assign cfg_hsize_o   = lat_hsize_q;
  assign cfg_keep_o    = lat_keep_q;
  assign cfg_out_all_o = lat_out_all_q;
  assign running_o     = running_q;
  assign accept_o      = running_q && !stop_q;
  assign flush_o       = flush_q;
  assign irq_o         = |(irq_st_q & irq_en_q);

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions (simulation only)
  // ---------------------------------------------------------------------------------
  logic        p_clr;
  // the counters as one vector, counter k at [32k+31:32k], and their checks unrolled (Icarus:
  // an array of nets read through a loop index cost twice as much per cycle)
  logic [159:0] p_cnt, chk_cnt;
  // running and stop known; the interrupt line's X check is the top's (top_irq_known: one
  // check per signal, so that which one fires first on an X irq is not the simulator's choice
  // between two processes on one edge)
  logic [1:0]  chk_ctrl;
  assign chk_cnt = {cnt_frames_q, cnt_sout_q, cnt_sin_q, cnt_mac_q, cnt_busy_q};
`define HCGS_REGS_CNT_UP(K) \
        assert (ok_up[K]) \
          else $fatal(1, "HCGS-ASSERT regs_counter_up at %0t: counter %0d (0 BUSY 1 MAC 2 STALL_IN 3 STALL_OUT 4 FRAMES) went %0d -> %0d (%m)", \
                      $time, (K), p_cnt[32*(K) +: 32], chk_cnt[32*(K) +: 32]);
  assign chk_ctrl = {running_q, stop_q};
  logic        p_ok;
  // cycles since the last configuration write took effect in R1, saturating at CHK_LAT
  // (reset: the reset configuration's result is the pipeline's reset value)
  logic [2:0]  cfg_age;
  logic        cfg_wr, start_chk;
  assign cfg_wr    = wr_ok && (roff == O_LAYERS || roff == O_ISIZE || roff == O_HSIZE ||
                               roff == O_KEEP0 || roff == O_KEEP1 || roff == O_KEEP2 ||
                               roff == O_KEEP3);
  assign start_chk = cmd_start && !cmd_abort && !running_q;   // a START that reads chk_q
  // Each condition a continuous assignment (re-evaluated when an input changes, the busy
  // counter's every cycle), written once: the asserts read them. The clocked process runs
  // the asserts, with their names and messages, only in a cycle where chk_ok is not 1 (0 or X).
  logic ok_start, ok_one, ok_stop, ok_ctrl, ok_cnt, ok_clr, chk_ok;
  logic [4:0] ok_up;                  // counter k moved by at most one (or wrapped by one)
  for (genvar k = 0; k < 5; k++) begin : g_ok_up
    assign ok_up[k] = (chk_cnt[32*k +: 32] - p_cnt[32*k +: 32] <= 32'd1);
  end
  assign ok_start = !start_chk || (32'(cfg_age) >= CHK_LAT);
  assign ok_one   = !(req_i && (r1_q || mrd_q || rsp_q));
  assign ok_stop  = !stop_q || running_q;
  assign ok_ctrl  = !$isunknown(chk_ctrl);
  assign ok_cnt   = !(p_ok && !p_clr) || (&ok_up);
  assign ok_clr   = !(p_ok && p_clr) || (chk_cnt == '0);
  assign chk_ok   = ok_start && ok_one && ok_stop && ok_ctrl && ok_cnt && ok_clr;
  always @(posedge clk_i) begin
    if (rst_ni !== 1'b1) begin  // X (before the first reset) counts as reset
      p_ok    <= 1'b0;
      cfg_age <= 3'(CHK_LAT);
    end else begin
      p_ok  <= 1'b1;
      if (cfg_wr) cfg_age <= 3'd1;
      else if (32'(cfg_age) < CHK_LAT) cfg_age <= cfg_age + 3'd1;
      p_clr <= cmd_clr;
      p_cnt <= chk_cnt;
      if (chk_ok !== 1'b1) begin
        // START uses the pipelined check: it must have seen the last configuration write
        assert (ok_start)
          else $fatal(1, "HCGS-ASSERT regs_start_checked at %0t: START %0d cycles after a CFG_* write, the configuration check needs %0d (%m)",
                      $time, cfg_age, CHK_LAT);
        // the front end issues one request at a time: none while one is in R1, RM or R2
        assert (ok_one)
          else $fatal(1, "HCGS-ASSERT regs_one_request at %0t: request while R1=%b RM=%b R2=%b busy (%m)",
                      $time, r1_q, mrd_q, rsp_q);
        assert (ok_stop)
          else $fatal(1, "HCGS-ASSERT regs_stop_running at %0t: STOP pending while not running (%m)", $time);
        assert (ok_ctrl)
          else $fatal(1, "HCGS-ASSERT regs_ctrl_known at %0t: running stop = %b (%m)", $time, chk_ctrl);
        // performance counters only count up, by at most one, unless CLR_CNT (32-bit wrap allowed)
        if (p_ok && !p_clr) begin
          `HCGS_REGS_CNT_UP(0)
          `HCGS_REGS_CNT_UP(1)
          `HCGS_REGS_CNT_UP(2)
          `HCGS_REGS_CNT_UP(3)
          `HCGS_REGS_CNT_UP(4)
        end
        assert (ok_clr)
          else $fatal(1, "HCGS-ASSERT regs_counter_clear at %0t: counters (FRAMES STALL_OUT STALL_IN MAC BUSY) %h after CLR_CNT (%m)",
                      $time, chk_cnt);
      end
    end
  end
`undef HCGS_REGS_CNT_UP
`endif

endmodule

`default_nettype wire
