"""make lint's front ends can fail: slang (pyslang) on a design with a real defect, the
latch check on an always_comb that assigns nothing on one path, Verible on a file breaking
a rule of verif/verible.rules, the project's comb_style rule on an always_comb."""
from __future__ import annotations

from verif import lint


def _broken(tmp_path):
    f = tmp_path / "hcgs_broken.sv"
    f.write_text("module hcgs_broken (input logic [3:0] a, output logic [1:0] y);\n"
                 "  localparam int badName = 2;\n"
                 "  assign y = a + badName + undeclared_sig;\n"
                 "endmodule\n")
    return f


def test_slang_fails_on_an_undeclared_name(tmp_path, monkeypatch):
    monkeypatch.setattr(lint, "TOP", "hcgs_broken")
    ok, out = lint.slang("broken", {}, [_broken(tmp_path)])
    assert not ok and "undeclared_sig" in out, out


def test_slang_clean_on_the_rtl():
    ok, out = lint.slang("tiny", dict(lint.param_sets())["tiny"], lint.sources())
    assert ok, out


def test_verible_fails_on_a_rule(tmp_path, monkeypatch):
    monkeypatch.setattr(lint, "ROOT", tmp_path)
    ok, out = lint.verible([_broken(tmp_path)])
    assert not ok and "parameter-name-style" in out, out


def test_latch_check_fires_on_a_latch(tmp_path):
    f = tmp_path / "hcgs_latchy.sv"
    f.write_text("module hcgs_latchy (input logic a, input logic b, output logic y);\n"
                 "  always_comb begin\n"
                 "    if (a) y = b;\n"
                 "  end\n"
                 "endmodule\n")
    ok, out = lint.latches({}, [f], top="hcgs_latchy")
    assert not ok and "Latch inferred for signal" in out and "y" in out, out


def test_latch_check_clean_on_the_rtl():
    for name in ("tiny", "mid2"):
        ok, out = lint.latches(dict(lint.param_sets())[name], lint.sources())
        assert ok, (name, out)


def test_comb_style_fires_on_always_comb_and_always_latch(tmp_path):
    f = tmp_path / "hcgs_combby.sv"
    f.write_text("module hcgs_combby (input logic a, output logic y, output logic z);\n"
                 "  // an always_comb in a comment is fine\n"
                 "  /* so is always_latch in a block\n"
                 "     comment */\n"
                 "  always_comb y = a;\n"
                 "  always_latch if (a) z = a;\n"
                 "endmodule\n")
    ok, out = lint.comb_style([f])
    assert not ok, out
    lines = out.splitlines()
    assert [ln.split(":")[:3] for ln in lines] == [["hcgs_combby.sv", "5", " always_comb"],
                                                  ["hcgs_combby.sv", "6", " always_latch"]], out
    assert "always @(*)" in lines[0] and "docs/toolchain.md" in lines[0], out


def test_comb_style_clean_on_the_rtl():
    ok, out = lint.comb_style(lint.sources())
    assert ok, out
