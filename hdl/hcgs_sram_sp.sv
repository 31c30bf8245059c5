// One single-port SRAM macro (contract section 5, "Physical memories"): the only place a
// parameter memory's bits are stored. This file is the behavioural model for simulation
// and for FPGA/generic synthesis; a chip build replaces the body below the ports by the
// foundry macro of the same shape (the documented drop-in point, marked MACRO), keeping
// the ports and their timing:
//   - one address, one access per cycle: en_i && !we_i reads, en_i && we_i writes;
//   - registered read: rdata_o shows the word one cycle after the read and holds it
//     while en_i is low and across writes (a stalled pipeline keeps its data);
//   - segment write enables: a write changes the segments (hcgs_pkg::SRAM_SEG_W bits each,
//     from bit 0; the last one narrower when WIDTH does not divide) whose wseg_i bit is 1.
//     A macro with byte enables or a bit mask ties its enables of one segment together.
//     NSEG=1: one write enable for the whole word (a macro without any mask).
// The array is named `mem` (simulation back-door loading, contract section 11).
// A read beyond DEPTH (only when DEPTH is not a power of two) returns zero.
// One clocked process for the read and the write (Icarus wakes one process per macro
// and cycle, not two; Yosys maps it to one block RAM port the same way).
`default_nettype none

module hcgs_sram_sp #(
  parameter int WIDTH = 32,                  // bits per word, at most hcgs_pkg::SRAM_MAX_W
  parameter int DEPTH = 256,                 // words, at most hcgs_pkg::SRAM_MAX_D
  parameter int AW    = (DEPTH > 1) ? $clog2(DEPTH) : 1,  // address width
  parameter int NSEG  = (WIDTH + hcgs_pkg::SRAM_SEG_W - 1) / hcgs_pkg::SRAM_SEG_W  // segments
) (
  input  wire logic             clk_i,
  input  wire logic             en_i,        // access this cycle
  input  wire logic             we_i,        // 1 write, 0 read
  input  wire logic [AW-1:0]    addr_i,
  input  wire logic [NSEG-1:0]  wseg_i,      // write enable per segment, writes only
  input  wire logic [WIDTH-1:0] wdata_i,
  output logic      [WIDTH-1:0] rdata_o
);

  // ---- MACRO: from here to endmodule is what a foundry macro replaces ----
  localparam int SEG = hcgs_pkg::SRAM_SEG_W;
  localparam int WL  = WIDTH - (NSEG - 1) * SEG;     // bits of the last segment
  localparam int SW  = (NSEG > 1) ? SEG : WIDTH;     // = SEG where the loop runs (NSEG > 1)

  logic [WIDTH-1:0] mem [DEPTH];

  always_ff @(posedge clk_i) begin
    if (en_i) begin
      if (we_i) begin
        for (int s = 0; s < NSEG - 1; s++) begin
          if (wseg_i[s]) mem[addr_i][s*SEG +: SW] <= wdata_i[s*SEG +: SW];
        end
        if (wseg_i[NSEG-1]) mem[addr_i][(NSEG-1)*SEG +: WL] <= wdata_i[(NSEG-1)*SEG +: WL];
      end else if (DEPTH == (1 << AW)) begin
        rdata_o <= mem[addr_i];
      end else begin
        rdata_o <= (32'(addr_i) < DEPTH) ? mem[addr_i] : '0;
      end
    end
  end

endmodule

`default_nettype wire
