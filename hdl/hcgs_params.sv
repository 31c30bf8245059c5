// Parameter memories (contract section 5) and their bus-side muxing (section 6): the
// weights (wmem), the tier-2 index (t2mem), the tier-1 index (t1mem) and the biases
// (bmem). The engine and the front door (AXI4-Lite, through hcgs_regs) take turns: while
// running_i the read ports belong to the engine, otherwise to the front door (hcgs_regs
// answers every memory access with SLVERR while running, so the front door never
// reaches them then). The write ports are the front door's; a 32-bit front-door write
// into a wide word writes one slot (write mask), a read returns the addressed slot one
// cycle after mem_re_i.
`default_nettype none

module hcgs_params #(
  parameter int WMEM_DEPTH = 6144,           // weight words
  parameter int T2_DEPTH   = 6144,           // tier-2 entries: WMEM_DEPTH / WPS
  parameter int T1_DEPTH   = 1536,           // tier-1 entries
  parameter int BMEM_DEPTH = 384,            // bias words: MAX_LAYERS * MAX_H / 4
  parameter int WW         = 384,            // weight word: LANES * W_W
  parameter int T1_W       = 4,              // tier-1 entry width
  parameter int MA_W       = 16,             // front-door word address width
  parameter int WA_W       = $clog2(WMEM_DEPTH),
  parameter int T2A_W      = $clog2(T2_DEPTH),
  parameter int T1A_W      = (T1_DEPTH > 1) ? $clog2(T1_DEPTH) : 1,
  parameter int BA_W       = $clog2(BMEM_DEPTH)
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,
  input  wire logic             running_i,   // the engine owns the read ports
  // front door
  input  wire logic             mem_we_i,
  input  wire logic             mem_re_i,
  input  wire logic [1:0]       mem_sel_i,   // 0 t1mem, 1 bmem, 2 t2mem, 3 wmem
  input  wire logic [MA_W-1:0]  mem_addr_i,  // word address
  input  wire logic [3:0]       mem_slot_i,  // 32-bit slot in a wide word
  input  wire logic [31:0]      mem_wdata_i,
  output logic [31:0]           mem_rdata_o,
  // engine reads (registered: data the cycle after the enable, held while it is low)
  input  wire logic             t1_re_i,
  input  wire logic [T1A_W-1:0] t1_addr_i,
  output logic [T1_W-1:0]       t1_rdata_o,
  input  wire logic             t2_re_i,
  input  wire logic [T2A_W-1:0] t2_addr_i,
  output logic [2:0]            t2_rdata_o,
  input  wire logic             w_re_i,
  input  wire logic [WA_W-1:0]  w_addr_i,
  output logic [WW-1:0]         w_rdata_o,
  input  wire logic             b_re_i,
  input  wire logic [BA_W-1:0]  b_addr_i,
  output logic [16*hcgs_pkg::B_W-1:0] b_rdata_o
);

  localparam int WSL = WW / 32;              // 32-bit slots per weight word
  localparam int BW  = 16 * hcgs_pkg::B_W;   // bias word: 16 biases
  localparam int BSL = BW / 32;              // 32-bit slots per bias word

  logic fd_t1, fd_b, fd_t2, fd_w;
  assign fd_t1 = (mem_sel_i == 2'd0);
  assign fd_b  = (mem_sel_i == 2'd1);
  assign fd_t2 = (mem_sel_i == 2'd2);
  assign fd_w  = (mem_sel_i == 2'd3);

  // front-door word addresses
  logic [T1A_W-1:0] fd_t1_addr;
  logic [T2A_W-1:0] fd_t2_addr;
  logic [WA_W-1:0]  fd_w_addr;
  logic [BA_W-1:0]  fd_b_addr;
  assign fd_t1_addr = T1A_W'(mem_addr_i);
  assign fd_t2_addr = T2A_W'(mem_addr_i);
  assign fd_w_addr  = WA_W'(mem_addr_i);
  assign fd_b_addr  = BA_W'(mem_addr_i);

  // slot masks for front-door writes into wide words
  logic [BSL-1:0] b_wmask;
  logic [WSL-1:0] w_wmask;
  always_comb begin
    b_wmask = '0;
    w_wmask = '0;
    for (int s = 0; s < BSL; s++) b_wmask[s] = (32'(mem_slot_i) == s);
    for (int s = 0; s < WSL; s++) w_wmask[s] = (32'(mem_slot_i) == s);
  end

  hcgs_ram #(.WIDTH(T1_W), .DEPTH(T1_DEPTH)) u_t1mem (
    .clk_i   (clk_i),
    .re_i    (running_i ? t1_re_i : (mem_re_i && fd_t1)),
    .raddr_i (running_i ? t1_addr_i : fd_t1_addr),
    .rdata_o (t1_rdata_o),
    .we_i    (mem_we_i && fd_t1),
    .wmask_i (1'b1),
    .waddr_i (fd_t1_addr),
    .wdata_i (mem_wdata_i[T1_W-1:0])
  );

  hcgs_ram #(.WIDTH(3), .DEPTH(T2_DEPTH)) u_t2mem (
    .clk_i   (clk_i),
    .re_i    (running_i ? t2_re_i : (mem_re_i && fd_t2)),
    .raddr_i (running_i ? t2_addr_i : fd_t2_addr),
    .rdata_o (t2_rdata_o),
    .we_i    (mem_we_i && fd_t2),
    .wmask_i (1'b1),
    .waddr_i (fd_t2_addr),
    .wdata_i (mem_wdata_i[2:0])
  );

  hcgs_ram #(.WIDTH(WW), .DEPTH(WMEM_DEPTH), .SLOT_W(32)) u_wmem (
    .clk_i   (clk_i),
    .re_i    (running_i ? w_re_i : (mem_re_i && fd_w)),
    .raddr_i (running_i ? w_addr_i : fd_w_addr),
    .rdata_o (w_rdata_o),
    .we_i    (mem_we_i && fd_w),
    .wmask_i (w_wmask),
    .waddr_i (fd_w_addr),
    .wdata_i ({WSL{mem_wdata_i}})
  );

  hcgs_ram #(.WIDTH(BW), .DEPTH(BMEM_DEPTH), .SLOT_W(32)) u_bmem (
    .clk_i   (clk_i),
    .re_i    (running_i ? b_re_i : (mem_re_i && fd_b)),
    .raddr_i (running_i ? b_addr_i : fd_b_addr),
    .rdata_o (b_rdata_o),
    .we_i    (mem_we_i && fd_b),
    .wmask_i (b_wmask),
    .waddr_i (fd_b_addr),
    .wdata_i ({BSL{mem_wdata_i}})
  );

  // front-door read data: the addressed slot, one cycle after the read
  logic [1:0] fd_sel_q;
  logic [3:0] fd_slot_q;
  logic [2:0] fd_bslot;
  assign fd_bslot = fd_slot_q[2:0];
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      fd_sel_q  <= '0;
      fd_slot_q <= '0;
    end else if (mem_re_i) begin
      fd_sel_q  <= mem_sel_i;
      fd_slot_q <= mem_slot_i;
    end
  end

  always_comb begin
    mem_rdata_o = '0;
    case (fd_sel_q)
      2'd0: mem_rdata_o = 32'(t1_rdata_o);
      2'd1: mem_rdata_o = b_rdata_o[32*fd_bslot +: 32];
      2'd2: mem_rdata_o = 32'(t2_rdata_o);
      default: begin
        for (int s = 0; s < WSL; s++) begin
          if (32'(fd_slot_q) == s) mem_rdata_o = w_rdata_o[32*s +: 32];
        end
      end
    endcase
  end

  logic fd_unused;
  assign fd_unused = ^{mem_wdata_i[31:T1_W], mem_addr_i};

endmodule

`default_nettype wire
