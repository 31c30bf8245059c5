// One single-port SRAM macro (contract section 5, "Physical memories"): the only place a
// parameter memory's bits are stored. This file is the behavioural model for simulation
// and for FPGA/generic synthesis; a chip build replaces the body below the ports by the
// foundry macro of the same shape (the documented drop-in point, marked MACRO), keeping
// the ports and their timing:
//   - one address, one access per cycle: en_i && !we_i reads, en_i && we_i writes;
//   - registered read: rdata_o shows the word one cycle after the read and holds it
//     while en_i is low and across writes (a stalled pipeline keeps its data);
//   - bit write mask: a write changes the bits whose wmask_i bit is 1.
// The array is named `mem` (simulation back-door loading, contract section 11).
// A read beyond DEPTH (only when DEPTH is not a power of two) returns zero.
`default_nettype none

module hcgs_sram_sp #(
  parameter int WIDTH = 32,                  // bits per word, at most hcgs_pkg::SRAM_MAX_W
  parameter int DEPTH = 256,                 // words, at most hcgs_pkg::SRAM_MAX_D
  parameter int AW    = (DEPTH > 1) ? $clog2(DEPTH) : 1   // address width
) (
  input  wire logic             clk_i,
  input  wire logic             en_i,        // access this cycle
  input  wire logic             we_i,        // 1 write, 0 read
  input  wire logic [AW-1:0]    addr_i,
  input  wire logic [WIDTH-1:0] wmask_i,     // per bit, writes only
  input  wire logic [WIDTH-1:0] wdata_i,
  output logic      [WIDTH-1:0] rdata_o
);

  // ---- MACRO: from here to endmodule is what a foundry macro replaces ----
  logic [WIDTH-1:0] mem [DEPTH];
  logic [WIDTH-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (en_i && we_i) begin
      for (int b = 0; b < WIDTH; b++) begin
        if (wmask_i[b]) mem[addr_i][b] <= wdata_i[b];
      end
    end
  end

  if (DEPTH == (1 << AW)) begin : g_pow2
    always_ff @(posedge clk_i) begin
      if (en_i && !we_i) rdata_q <= mem[addr_i];
    end
  end else begin : g_npow2
    always_ff @(posedge clk_i) begin
      if (en_i && !we_i) rdata_q <= (32'(addr_i) < DEPTH) ? mem[addr_i] : '0;
    end
  end

  assign rdata_o = rdata_q;

endmodule

`default_nettype wire
