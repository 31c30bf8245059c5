// Synchronous FIFO with first-word-fall-through read: rd_data_o shows the head while
// !empty_o, rd_en_i pops it. Storage is a plain array (`mem`, asynchronous read);
// rd_data_o is zero while empty (never X). Writing when full is ignored (callers
// reserve room with credits).
`default_nettype none

module hcgs_fifo #(
  parameter int WIDTH = 32,
  parameter int DEPTH = 16,                        // entries, >= 2
  parameter int AW    = $clog2(DEPTH),
  parameter int CW    = $clog2(DEPTH + 1)          // count width
) (
  input  wire logic             clk_i,
  input  wire logic             rst_ni,
  input  wire logic             wr_en_i,
  input  wire logic [WIDTH-1:0] wr_data_i,
  input  wire logic             rd_en_i,
  output logic      [WIDTH-1:0] rd_data_o,
  output logic                  empty_o,
  output logic                  full_o,
  output logic      [CW-1:0]    count_o
);

  logic [WIDTH-1:0] mem [DEPTH];
  logic [AW-1:0]    wp_q, rp_q;
  logic [CW-1:0]    cnt_q;
  logic             do_wr, do_rd;

  assign empty_o = (cnt_q == '0);
  assign full_o  = (32'(cnt_q) == DEPTH);
  assign do_wr   = wr_en_i && !full_o;
  assign do_rd   = rd_en_i && !empty_o;

  always_ff @(posedge clk_i) begin
    if (do_wr) mem[wp_q] <= wr_data_i;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wp_q  <= '0;
      rp_q  <= '0;
      cnt_q <= '0;
    end else begin
      if (do_wr) wp_q <= (32'(wp_q) == DEPTH - 1) ? '0 : wp_q + 1'b1;
      if (do_rd) rp_q <= (32'(rp_q) == DEPTH - 1) ? '0 : rp_q + 1'b1;
      cnt_q <= cnt_q + CW'(do_wr) - CW'(do_rd);
    end
  end

  assign rd_data_o = empty_o ? '0 : mem[rp_q];
  assign count_o   = cnt_q;

  // ---------------------------------------------------------------- parameter legality
`ifdef __ICARUS__
  if (DEPTH < 2) begin : g_bad_depth
    initial $fatal(1, "HCGS-PARAM hcgs_fifo: DEPTH=%0d, must be >= 2", DEPTH);
  end
`else
  if (DEPTH < 2) begin : g_bad_depth
    $fatal(1, "HCGS-PARAM hcgs_fifo: DEPTH=%0d, must be >= 2", DEPTH);
  end
`endif

`ifndef SYNTHESIS
  // ---------------------------------------------------------------- assertions
  // Callers reserve room (credits) and pop only what is there: a write into a full FIFO
  // would be dropped silently, a read of an empty one would return zero.
  // ($isunknown of a named vector: Icarus 11 answers 1 for any concatenation.)
  logic [1:0] chk_ctrl;
  assign chk_ctrl = {wr_en_i, rd_en_i};
  // Each condition a continuous assignment (re-evaluated when an input changes); the clocked
  // process runs the asserts, with their names and messages, only when chk_ok is not 1.
  logic ok_write, ok_read, ok_count, ok_known, chk_ok;
  assign ok_write = !(wr_en_i && full_o);
  assign ok_read  = !(rd_en_i && empty_o);
  assign ok_count = 32'(cnt_q) <= DEPTH;
  assign ok_known = !$isunknown(chk_ctrl);
  assign chk_ok   = ok_write && ok_read && ok_count && ok_known;
  always @(posedge clk_i) begin
    if (rst_ni && chk_ok !== 1'b1) begin
      assert (ok_write)
        else $fatal(1, "HCGS-ASSERT fifo_write_full at %0t: wr_en with count=%0d DEPTH=%0d (%m)",
                    $time, cnt_q, DEPTH);
      assert (ok_read)
        else $fatal(1, "HCGS-ASSERT fifo_read_empty at %0t: rd_en with count=0 (%m)", $time);
      assert (ok_count)
        else $fatal(1, "HCGS-ASSERT fifo_count_range at %0t: count=%0d DEPTH=%0d (%m)",
                    $time, cnt_q, DEPTH);
      assert (ok_known)
        else $fatal(1, "HCGS-ASSERT fifo_ctrl_known at %0t: wr_en=%b rd_en=%b (%m)",
                    $time, wr_en_i, rd_en_i);
    end
  end
`endif

endmodule

`default_nettype wire
