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
// OREG: the read data is also offered registered once more (rdata_q_o, loaded by oce_i:
// what rdata_o showed in the cycle oce_i was high). The register sits per bank, before the
// bank select, so each bit has one macro as its source and can be placed beside it (a
// pipelined SRAM macro's output register; on an ECP5 the block RAM's 5.6 ns clock-to-out
// and the route across the die no longer share a cycle with the select and its user).
// ROW_EN: the caller gives each bank's enable (row_en_i[r] = en_i && bank r addressed) and
// write enable (row_we_i[r], read only with row_en_i[r]: = we_i there), computed from its
// own registers, so that a bank's enables are not the shared en_i and we_i decoded with the
// address (on an ECP5 one enable net to 135 block RAMs zig-zagged through five LUTs across
// the die, and a block's write enable is its enable AND the write); hcgs_params, the
// caller, checks them (params_row_enable).
// Macro (bank r, column c) is g_row[r].g_col[c].u_macro (testbench back door, section 11).
`default_nettype none

module hcgs_sram_banked #(
  parameter int WIDTH = 32,
  parameter int DEPTH = 256,
  parameter bit MASKED = 1'b1,                // write enables per segment (else per word)
  parameter bit OREG   = 1'b0,                // rdata_q_o: the read data registered by oce_i
  parameter bit ROW_EN = 1'b0,                // the banks' enables from row_en_i
  parameter int AW    = (DEPTH > 1) ? $clog2(DEPTH) : 1,  // address width
  parameter int NSEG  = MASKED ? (WIDTH + hcgs_pkg::SRAM_SEG_W - 1) / hcgs_pkg::SRAM_SEG_W : 1
) (
  input  wire logic             clk_i,
  input  wire logic             en_i,
  input  wire logic             we_i,
  input  wire logic [AW-1:0]    addr_i,
  input  wire logic [(DEPTH + hcgs_pkg::SRAM_MAX_D - 1) / hcgs_pkg::SRAM_MAX_D - 1:0] row_en_i,  // ROW_EN: bank r's enable
  input  wire logic [(DEPTH + hcgs_pkg::SRAM_MAX_D - 1) / hcgs_pkg::SRAM_MAX_D - 1:0] row_we_i,  // ROW_EN: ... its write
  input  wire logic [NSEG-1:0]  wseg_i,      // write enable per segment
  input  wire logic [WIDTH-1:0] wdata_i,
  output logic      [WIDTH-1:0] rdata_o,
  input  wire logic             oce_i,       // OREG: load rdata_q_o
  output logic      [WIDTH-1:0] rdata_q_o    // OREG: rdata_o of the last cycle oce_i was high
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
    logic sel, en_r, we_r;
    assign sel  = (32'(row) == r);
    assign en_r = ROW_EN ? row_en_i[r] : (en_i && sel);
    assign we_r = ROW_EN ? row_we_i[r] : we_i;
    for (genvar c = 0; c < NCOL; c++) begin : g_col
      localparam int LSB = c * CW;
      localparam int W_C = (c < NCOL - 1) ? CW : WIDTH - (NCOL - 1) * CW;
      localparam int S_C = MASKED ? (W_C + SEG - 1) / SEG : 1; // the column's write enables
      localparam int S_0 = MASKED ? LSB / SEG : 0;             // ... from this one of wseg_i
      hcgs_sram_sp #(.WIDTH(W_C), .DEPTH(D_R), .NSEG(S_C)) u_macro (
        .clk_i   (clk_i),
        .en_i    (en_r),
        .we_i    (we_r),
        .addr_i  (AW_R'(addr_i)),
        .wseg_i  (wseg_i[S_0 +: S_C]),
        .wdata_i (wdata_i[LSB +: W_C]),
        .rdata_o (row_rdata[r * WIDTH + LSB +: W_C])
      );
    end
  end

  logic [RSW-1:0] rrow_q;                    // the bank of the last read
  logic           rhit_q;                    // ... and that it was inside DEPTH
  if (NROW > 1) begin : g_rsel
    always_ff @(posedge clk_i) begin
      if (en_i && !we_i) begin
        rrow_q <= row;
        rhit_q <= (32'(addr_i) < DEPTH);
      end
    end
    assign rdata_o = rhit_q ? row_rdata[32'(rrow_q) * WIDTH +: WIDTH] : '0;
  end else begin : g_rone
    // one bank: every address selects it and the macro returns zero beyond DEPTH
    assign rrow_q  = '0;
    assign rhit_q  = 1'b1;
    assign rdata_o = row_rdata;
  end

  if (!ROW_EN) begin : g_no_row_en
    logic row_en_unused;
    assign row_en_unused = ^{row_en_i, row_we_i};
  end

  if (OREG) begin : g_oreg
    // no reset: a caller reads rdata_q_o only after loading it
    logic [NROW*WIDTH-1:0] row_q;
    logic [RSW-1:0]        orow_q;
    logic                  ohit_q;
    always_ff @(posedge clk_i) begin
      if (oce_i) begin
        row_q  <= row_rdata;
        orow_q <= rrow_q;
        ohit_q <= rhit_q;
      end
    end
    assign rdata_q_o = ohit_q ? row_q[32'(orow_q) * WIDTH +: WIDTH] : '0;
  end else begin : g_no_oreg
    logic oce_unused;                        // and the bank select's registers with one bank
    assign oce_unused = ^{oce_i, rrow_q, rhit_q};
    assign rdata_q_o  = '0;
  end

endmodule

`default_nettype wire
