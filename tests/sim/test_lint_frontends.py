"""make lint's front ends can fail: slang (pyslang) on a design with a real defect, the
latch check on an always_comb that assigns nothing on one path, Verible on a file breaking
a rule of verif/verible.rules."""
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
