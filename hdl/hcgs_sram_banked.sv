// A parameter memory of WIDTH x DEPTH bits built of single-port macros (hcgs_sram_sp) of
// at most hcgs_pkg::SRAM_MAX_D words x hcgs_pkg::SRAM_MAX_W bits (contract section 5,
// "Physical memories"): NROW banks of consecutive addresses, each NCOL macros side by
// side. Same port and timing as one macro: one access per cycle, registered read that
// holds while not enabled. MASKED: one write enable per hcgs_pkg::SRAM_SEG_W-bit segment
// of the word (segment k = bits [SEG*k +: SEG], the last one narrower), and every column
// starts on a segment boundary, so a macro's segments are the word's. Unmasked (MASKED=0):
// one write enable for the word (wseg_i is one bit), columns start on multiples of
// hcgs_pkg::SRAM_COL_W. Columns are an equal share of WIDTH rounded up to that alignment,
// the last one narrower. Only the addressed bank is
// enabled; with several banks the read bank is registered with the read and selects the
// output. A read beyond DEPTH returns zero (with one bank the macro itself returns it).
// Macro (bank r, column c) is g_row[r].g_col[c].u_macro (testbench back door, section 11).
`default_nettype none

module hcgs_sram_banked #(
  parameter int WIDTH = 32,
  parameter int DEPTH = 256,
  parameter bit MASKED = 1'b1,                // write enables per segment (else per word)
  parameter int AW    = (DEPTH > 1) ? $clog2(DEPTH) : 1,  // address width
  parameter int NSEG  = MASKED ? (WIDTH + hcgs_pkg::SRAM_SEG_W - 1) / hcgs_pkg::SRAM_SEG_W : 1
) (
  input  wire logic             clk_i,
  input  wire logic             en_i,
  input  wire logic             we_i,
  input  wire logic [AW-1:0]    addr_i,
  input  wire logic [NSEG-1:0]  wseg_i,      // write enable per segment
  input  wire logic [WIDTH-1:0] wdata_i,
  output logic      [WIDTH-1:0] rdata_o
);

  localparam int MD   = hcgs_pkg::SRAM_MAX_D;                // a power of two
  localparam int NROW = (DEPTH + MD - 1) / MD;               // banks of addresses
  localparam int NCOL = (WIDTH + hcgs_pkg::SRAM_MAX_W - 1) / hcgs_pkg::SRAM_MAX_W;
  localparam int SEG  = hcgs_pkg::SRAM_SEG_W;
  localparam int ALN  = MASKED ? SEG : hcgs_pkg::SRAM_COL_W; // a column starts on a multiple
  localparam int CW   = ((WIDTH + NCOL - 1) / NCOL + ALN - 1) / ALN * ALN;  // column width (the last may be less)
  localparam int RAW  = (NROW > 1) ? $clog2(MD) : AW;        // address bits inside a bank
  localparam int RSW  = (NROW > 1) ? $clog2(NROW) : 1;       // bank index width

  logic [RSW-1:0]        row;
  logic [NROW*WIDTH-1:0] row_rdata;

  if (NROW > 1) begin : g_rows
    assign row = RSW'(addr_i >> RAW);
  end else begin : g_one_row
    assign row = '0;
  end

  for (genvar r = 0; r < NROW; r++) begin : g_row
    localparam int D_R  = (r < NROW - 1) ? MD : DEPTH - (NROW - 1) * MD;
    localparam int AW_R = (D_R > 1) ? $clog2(D_R) : 1;
    logic sel;
    assign sel = (32'(row) == r);
    for (genvar c = 0; c < NCOL; c++) begin : g_col
      localparam int LSB = c * CW;
      localparam int W_C = (c < NCOL - 1) ? CW : WIDTH - (NCOL - 1) * CW;
      localparam int S_C = MASKED ? (W_C + SEG - 1) / SEG : 1; // the column's write enables
      localparam int S_0 = MASKED ? LSB / SEG : 0;             // ... from this one of wseg_i
      hcgs_sram_sp #(.WIDTH(W_C), .DEPTH(D_R), .NSEG(S_C)) u_macro (
        .clk_i   (clk_i),
        .en_i    (en_i && sel),
        .we_i    (we_i),
        .addr_i  (AW_R'(addr_i)),
        .wseg_i  (wseg_i[S_0 +: S_C]),
        .wdata_i (wdata_i[LSB +: W_C]),
        .rdata_o (row_rdata[r * WIDTH + LSB +: W_C])
      );
    end
  end

  if (NROW > 1) begin : g_rsel
    logic [RSW-1:0] rrow_q;
    logic           rhit_q;
    always_ff @(posedge clk_i) begin
      if (en_i && !we_i) begin
        rrow_q <= row;
        rhit_q <= (32'(addr_i) < DEPTH);
      end
    end
    assign rdata_o = rhit_q ? row_rdata[32'(rrow_q) * WIDTH +: WIDTH] : '0;
  end else begin : g_rone
    // one bank: every address selects it and the macro returns zero beyond DEPTH
    assign rdata_o = row_rdata;
  end

endmodule

`default_nettype wire
