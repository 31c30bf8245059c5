// Generic synchronous 1R1W RAM: one registered read port with read enable (the output
// holds while re_i = 0, so a stalled pipeline keeps its data), one write port with an
// optional per-slot write mask (SLOT_W-bit slots, used for 32-bit front-door writes
// into wide words). The array is named `mem` for back-door $readmemh.
// A read and a write of the same address in one cycle return the old word.
`default_nettype none

module hcgs_ram #(
  parameter int WIDTH  = 32,                 // word width in bits
  parameter int DEPTH  = 256,                // words
  parameter int SLOT_W = WIDTH,              // write-mask granularity; WIDTH % SLOT_W == 0
  parameter int AW     = (DEPTH > 1) ? $clog2(DEPTH) : 1,  // address width
  parameter int NSLOT  = WIDTH / SLOT_W      // derived: write-mask bits
) (
  input  wire logic             clk_i,
  // read port
  input  wire logic             re_i,
  input  wire logic [AW-1:0]    raddr_i,
  output logic      [WIDTH-1:0] rdata_o,
  // write port
  input  wire logic             we_i,
  input  wire logic [NSLOT-1:0] wmask_i,
  input  wire logic [AW-1:0]    waddr_i,
  input  wire logic [WIDTH-1:0] wdata_i
);

  logic [WIDTH-1:0] mem [DEPTH];
  logic [WIDTH-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      for (int s = 0; s < NSLOT; s++) begin
        if (wmask_i[s]) begin
          mem[waddr_i][s*SLOT_W +: SLOT_W] <= wdata_i[s*SLOT_W +: SLOT_W];
        end
      end
    end
  end

  // Reads beyond DEPTH (only possible when DEPTH is not a power of two and an index
  // memory holds garbage) return zero instead of X.
  if (DEPTH == (1 << AW)) begin : g_pow2
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_q <= mem[raddr_i];
    end
  end else begin : g_npow2
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_q <= (32'(raddr_i) < DEPTH) ? mem[raddr_i] : '0;
    end
  end

  assign rdata_o = rdata_q;

endmodule

`default_nettype wire
