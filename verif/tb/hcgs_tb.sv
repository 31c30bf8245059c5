// cocotb toplevel (contract section 11): hcgs_lstm_top with every port under the same
// name, plus
//   bd_load   rising edge: $readmemh wmem.hex t1mem.hex t2mem.hex bmem.hex from the
//             folder of plusarg +images=DIR (default ".") into the parameter memories
//   +trace=FILE  one line per finished cell from the activation unit's debug probe:
//             <frame> <layer> <cell> <z_i> <z_f> <z_g> <z_o> <i> <f> <g> <o> <c> <h>
// Simulation only. Works with Icarus 11/12 and Verilator 5.048.
// With `define GATE_LEVEL the DUT is Yosys' netlist of hcgs_lstm_top (parameters already
// applied, hierarchy and array names not kept): no parameter override, no back-door load,
// no probe trace; front-door tests run unchanged.
`default_nettype none

module hcgs_tb #(
  parameter int MAX_LAYERS = 3,
  parameter int MAX_H      = 512,
  parameter int MAX_I      = 512,
  parameter int LANES      = 64,
  parameter int WMEM_DEPTH = 6144,
  parameter int T1_DEPTH   = 1536
) (
  input  wire logic        clk,
  input  wire logic        rst_n,
  input  wire logic [19:0] s_axil_awaddr,
  input  wire logic [2:0]  s_axil_awprot,
  input  wire logic        s_axil_awvalid,
  output logic             s_axil_awready,
  input  wire logic [31:0] s_axil_wdata,
  input  wire logic [3:0]  s_axil_wstrb,
  input  wire logic        s_axil_wvalid,
  output logic             s_axil_wready,
  output logic [1:0]       s_axil_bresp,
  output logic             s_axil_bvalid,
  input  wire logic        s_axil_bready,
  input  wire logic [19:0] s_axil_araddr,
  input  wire logic [2:0]  s_axil_arprot,
  input  wire logic        s_axil_arvalid,
  output logic             s_axil_arready,
  output logic [31:0]      s_axil_rdata,
  output logic [1:0]       s_axil_rresp,
  output logic             s_axil_rvalid,
  input  wire logic        s_axil_rready,
  input  wire logic [63:0] s_axis_tdata,
  input  wire logic [0:0]  s_axis_tuser,
  input  wire logic        s_axis_tlast,
  input  wire logic        s_axis_tvalid,
  output logic             s_axis_tready,
  output logic [63:0]      m_axis_tdata,
  output logic [1:0]       m_axis_tuser,
  output logic             m_axis_tlast,
  output logic             m_axis_tvalid,
  input  wire logic        m_axis_tready,
  output logic             irq,
  input  wire logic        bd_load
);

  hcgs_lstm_top
`ifndef GATE_LEVEL
  #(
    .MAX_LAYERS (MAX_LAYERS),
    .MAX_H      (MAX_H),
    .MAX_I      (MAX_I),
    .LANES      (LANES),
    .WMEM_DEPTH (WMEM_DEPTH),
    .T1_DEPTH   (T1_DEPTH)
  )
`endif
  u_dut (
    .clk            (clk),
    .rst_n          (rst_n),
    .s_axil_awaddr  (s_axil_awaddr),
    .s_axil_awprot  (s_axil_awprot),
    .s_axil_awvalid (s_axil_awvalid),
    .s_axil_awready (s_axil_awready),
    .s_axil_wdata   (s_axil_wdata),
    .s_axil_wstrb   (s_axil_wstrb),
    .s_axil_wvalid  (s_axil_wvalid),
    .s_axil_wready  (s_axil_wready),
    .s_axil_bresp   (s_axil_bresp),
    .s_axil_bvalid  (s_axil_bvalid),
    .s_axil_bready  (s_axil_bready),
    .s_axil_araddr  (s_axil_araddr),
    .s_axil_arprot  (s_axil_arprot),
    .s_axil_arvalid (s_axil_arvalid),
    .s_axil_arready (s_axil_arready),
    .s_axil_rdata   (s_axil_rdata),
    .s_axil_rresp   (s_axil_rresp),
    .s_axil_rvalid  (s_axil_rvalid),
    .s_axil_rready  (s_axil_rready),
    .s_axis_tdata   (s_axis_tdata),
    .s_axis_tuser   (s_axis_tuser),
    .s_axis_tlast   (s_axis_tlast),
    .s_axis_tvalid  (s_axis_tvalid),
    .s_axis_tready  (s_axis_tready),
    .m_axis_tdata   (m_axis_tdata),
    .m_axis_tuser   (m_axis_tuser),
    .m_axis_tlast   (m_axis_tlast),
    .m_axis_tvalid  (m_axis_tvalid),
    .m_axis_tready  (m_axis_tready),
    .irq            (irq)
  );

`ifndef GATE_LEVEL
  // ----------------------------------------------------------------- back-door load
  string images_dir;
  initial begin
    if (!$value$plusargs("images=%s", images_dir)) images_dir = ".";
  end

  always @(posedge bd_load) begin
    $readmemh({images_dir, "/wmem.hex"},  u_dut.u_core.u_wmem.mem);
    $readmemh({images_dir, "/t1mem.hex"}, u_dut.u_core.u_t1mem.mem);
    $readmemh({images_dir, "/t2mem.hex"}, u_dut.u_core.u_t2mem.mem);
    $readmemh({images_dir, "/bmem.hex"},  u_dut.u_core.u_bmem.mem);
  end

  // ----------------------------------------------------------------- probe trace
  string  trace_file;
  integer trace_fd = 0;
  initial begin
    if ($value$plusargs("trace=%s", trace_file)) begin
      trace_fd = $fopen(trace_file, "w");
      if (trace_fd == 0) $display("hcgs_tb: cannot open trace file %s", trace_file);
    end
  end

  // Fields are sign-extended into 32-bit ints before printing (Verilator 5.048 prints
  // $signed part-selects of wide vectors wrongly with %d).
  logic [47:0] pz;
  logic [51:0] pa;
  int          t_frame, t_layer, t_cell, t_z[4], t_a[4], t_c, t_h;
  always @(posedge clk) begin
    if (trace_fd != 0 && u_dut.u_core.u_act.probe_valid === 1'b1) begin
      pz      = u_dut.u_core.u_act.probe_z;
      pa      = u_dut.u_core.u_act.probe_act;
      t_frame = int'(u_dut.u_core.u_act.probe_frame);
      t_layer = int'(u_dut.u_core.u_act.probe_layer);
      t_cell  = int'(u_dut.u_core.u_act.probe_cell);
      for (int k = 0; k < 4; k++) begin
        t_z[k] = int'({{20{pz[12*k + 11]}}, pz[12*k +: 12]});
        t_a[k] = int'({{19{pa[13*k + 12]}}, pa[13*k +: 13]});
      end
      t_c = int'({{16{u_dut.u_core.u_act.probe_c[15]}}, u_dut.u_core.u_act.probe_c});
      t_h = int'({{19{u_dut.u_core.u_act.probe_h[12]}}, u_dut.u_core.u_act.probe_h});
      $fdisplay(trace_fd, "%0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d %0d",
                t_frame, t_layer, t_cell, t_z[0], t_z[1], t_z[2], t_z[3],
                t_a[0], t_a[1], t_a[2], t_a[3], t_c, t_h);
      $fflush(trace_fd);
    end
  end

`else
  // The netlist has no arrays to load and no probe: bd_load is unused.
  logic bd_load_unused;
  assign bd_load_unused = bd_load;
`endif

endmodule

`default_nettype wire
