// AXI4-Stream player (testbench only, Icarus 11/12 and Verilator 5.048): streams beats from a
// ring buffer onto an AXI4-Stream master port with idle cycles before each beat, so the
// testbench hands over a whole frame at once instead of driving the port cycle by cycle.
//
// Buffer word (MSB first): {mark, gap[GAP_W-1:0], last, user[USER_W-1:0], data[DATA_W-1:0]}
//   gap   idle cycles (TVALID low) before the beat is offered
//   mark  the beat ends one hand-over of the caller; `marks` counts the marked beats accepted
// Hand-over: write a $readmemh file with `@<ring index>` lines into the file named by the
// plusarg +play_<NAME>=FILE, then set `fill` (beats handed over in total, mod 2^32) and toggle
// `load`: the file is read at once, in the same time step. Beats are offered while
// `taken != fill`. `enable` 0 keeps TVALID low. Setting `fill` back to `taken` drops every beat
// not yet offered (after a reset of the DUT).
// Outputs are combinational from the state, so a beat handed over right after a clock edge
// is offered before the next one (no bubble between frames).
`default_nettype none

module hcgs_axis_player #(
  parameter NAME   = "s_axis",
  parameter int DATA_W = 64,
  parameter int USER_W = 1,
  parameter int GAP_W  = 16,
  parameter int AW     = 12           // ring of 2**AW beats
) (
  input  wire logic              clk,
  output logic [DATA_W-1:0]      tdata,
  output logic [USER_W-1:0]      tuser,
  output logic                   tlast,
  output logic                   tvalid,
  input  wire logic              tready
);
  localparam int W = 1 + GAP_W + 1 + USER_W + DATA_W;

  logic [W-1:0]  mem [0:(1 << AW) - 1];
  logic [31:0]   fill  = '0;          // written by the testbench
  logic          load  = 1'b0;        // toggled by the testbench
  logic          enable = 1'b0;       // written by the testbench
  logic [31:0]   taken = '0;          // beats accepted
  logic [31:0]   marks = '0;          // marked beats accepted
  logic [GAP_W-1:0] waited = '0;      // idle cycles spent before the head beat
  string         file;

  initial begin
    if (!$value$plusargs({"play_", NAME, "=%s"}, file)) file = "";
  end

  always @(load) begin
    if (file == "") $display("hcgs_axis_player %s: load without +play_%s=FILE", NAME, NAME);
    else $readmemh(file, mem);
  end

  logic [W-1:0]       head;
  logic               avail;
  logic [GAP_W-1:0]   head_gap;
  logic               head_mark;
  assign head      = mem[taken[AW-1:0]];
  assign avail     = enable && (taken != fill);
  assign head_gap  = head[W-2 -: GAP_W];
  assign head_mark = head[W-1];
  assign tvalid    = avail && (waited >= head_gap);
  assign tdata     = avail ? head[DATA_W-1:0] : '0;
  assign tuser     = avail ? head[DATA_W +: USER_W] : '0;
  assign tlast     = avail ? head[DATA_W + USER_W] : 1'b0;

  always @(posedge clk) begin
    if (tvalid && tready) begin
      taken  <= taken + 32'd1;
      marks  <= marks + {31'd0, head_mark};
      waited <= '0;
    end else if (!avail) begin
      waited <= '0;
    end else if (waited < head_gap) begin
      waited <= waited + 1'b1;
    end
  end
endmodule

`default_nettype wire
