// AXI4-Stream collector (testbench only, Icarus 11/12 and Verilator 5.048): records every
// handshake of a stream with its cycle into a file and, as a sink, drives TREADY from a
// backpressure pattern, so the testbench reads whole frames instead of sampling per cycle.
//
// Record file (plusarg +collect_<NAME>=FILE; none: nothing is written), one line per beat:
//   <cycle> <tdata hex> <tuser hex> <tlast>
// <cycle> counts the rising clock edges before the one that took the beat, minus one: with
// the clock's first rising edge at time 0 it is what a cocotb monitor sampling in ReadOnly
// before that edge gets from now() (simulated time / period). The file is
// flushed at every TLAST (`frames` counts them) and whenever `flush` toggles.
// TREADY (`tready_o`; used when the testbench routes it to the DUT): `rmode` 0 low, 1 high,
// 2 from the pattern: `pat_n` run-length entries {ready, length[15:0]} read with $readmemh
// from plusarg +pattern_<NAME>=FILE when `pat_load` toggles. The pattern moves one cycle on
// every clock edge where TVALID was high (backpressure counts cycles the DUT offered data)
// and starts again after its last entry.
// X checks (Icarus; Verilator is 2-state): once rst_n is 1, TVALID, and with TVALID also
// TDATA/TUSER/TLAST, must not hold X or Z: `xbad` counts the edges where they did and the
// first one is printed.
`default_nettype none

module hcgs_axis_collector #(
  parameter NAME   = "m_axis",
  parameter int DATA_W    = 64,
  parameter int USER_W    = 2,
  parameter int PAW       = 12         // pattern of up to 2**PAW runs
) (
  input  wire logic              clk,
  input  wire logic              rst_n,
  input  wire logic [DATA_W-1:0] tdata,
  input  wire logic [USER_W-1:0] tuser,
  input  wire logic              tlast,
  input  wire logic              tvalid,
  input  wire logic              tready,     // the TREADY the DUT sees
  output logic                   tready_o    // this sink's TREADY
);
  logic [16:0]  pat [0:(1 << PAW) - 1];
  logic [PAW:0] pat_n    = '0;          // written by the testbench
  logic         pat_load = 1'b0;        // toggled by the testbench
  logic [1:0]   rmode    = 2'd0;        // written by the testbench
  logic         flush    = 1'b0;        // toggled by the testbench
  logic [PAW-1:0] idx    = '0;
  logic [15:0]  run      = '0;
  logic [31:0]  beats    = '0;
  logic [31:0]  frames   = '0;
  logic [31:0]  xbad     = '0;
  logic [63:0]  cycle    = '0;          // rising clock edges so far
  integer       fd       = 0;
  string        file, pfile;

  initial begin
    if ($value$plusargs({"collect_", NAME, "=%s"}, file)) begin
      fd = $fopen(file, "w");
      if (fd == 0) $display("hcgs_axis_collector %s: cannot open %s", NAME, file);
    end
    if (!$value$plusargs({"pattern_", NAME, "=%s"}, pfile)) pfile = "";
  end

  logic         pat_seen = 1'b0;        // pat_load at the last edge: a new pattern restarts

  always @(pat_load) begin
    if (pfile == "") $display("hcgs_axis_collector %s: pattern load without +pattern_%s=FILE", NAME, NAME);
    else $readmemh(pfile, pat);
  end

  always @(flush) begin
    if (fd != 0) $fflush(fd);
  end

  logic [16:0] cur;
  assign cur      = pat[idx];
  assign tready_o = (rmode == 2'd1) || (rmode == 2'd2 && (pat_n == '0 || cur[16]));

  // Conditions are nested rather than joined with && (Icarus evaluates every operand of an
  // && on every edge): an idle cycle costs a few tests.
  always @(posedge clk) begin
    // (^x === 1'bx: Icarus 11's $isunknown of a concatenation answers 1 on known values)
    cycle <= cycle + 64'd1;
    if (rst_n === 1'b1) begin
      if (tvalid !== 1'b0) begin
        if (tvalid !== 1'b1 || (^{tdata, tuser, tlast}) === 1'bx) begin
          if (xbad == 0)
            $display("hcgs_axis_collector %s: X/Z at %0t: tvalid=%b tlast=%b tuser=%h tdata=%h",
                     NAME, $time, tvalid, tlast, tuser, tdata);
          xbad <= xbad + 32'd1;
        end
      end
      // only out of reset: with Verilator's random initial values a handshake can appear
      // at the first edge, before the testbench has reset anything
      if (tvalid === 1'b1) begin
        if (tready === 1'b1) begin
          beats <= beats + 32'd1;
          if (fd != 0) $fwrite(fd, "%0d %h %h %0d\n", cycle - 64'd1, tdata, tuser, tlast);
          if (tlast === 1'b1) begin
            if (fd != 0) $fflush(fd);
            frames <= frames + 32'd1;
          end
        end
      end
    end
    if (pat_seen != pat_load) begin
      pat_seen <= pat_load;
      idx <= '0;
      run <= '0;
    end else if (rmode != 2'd2) begin
      // TREADY not from the pattern
    end else if (pat_n != '0 && tvalid === 1'b1) begin
      if (run + 16'd1 >= pat[idx][15:0]) begin
        run <= '0;
        idx <= ({1'b0, idx} + 1'b1 == pat_n) ? '0 : idx + 1'b1;
      end else begin
        run <= run + 16'd1;
      end
    end
  end

  final begin
    if (fd != 0) $fclose(fd);
  end
endmodule

`default_nettype wire
