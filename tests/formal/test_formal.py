"""make formal inside make test: every SymbiYosys job of formal/ must pass (proof, bounded
check or every cover reached), and a deliberately broken copy of the RTL must fail."""
from __future__ import annotations

import shutil

import pytest

from verif import formal

pytestmark = pytest.mark.skipif(shutil.which("z3") is None, reason="z3 missing (make setup installs it)")


@pytest.mark.parametrize("job", formal.JOBS)
def test_formal_job(job):
    r = formal.run_job(job)
    assert r.ok, f"formal {job}: {r.status} in {r.folder}\n" + "\n".join(r.detail)


def test_formal_catches_broken_output_stream():
    """HCGS_BREAK_OUT_UNSTABLE replaces a presented beat that was not taken: the bounded
    check must fail on the AXI4-Stream stability property."""
    r = formal.run_job("fv_axis_out:prove", defines=("HCGS_BREAK_OUT_UNSTABLE",), tag="_fault")
    assert r.status == "FAIL", f"the broken copy was not caught: {r.status}\n" + "\n".join(r.detail)
    assert any("ap_stable" in d for d in r.detail), "\n".join(r.detail)


def test_formal_catches_writable_status_register():
    """HCGS_BREAK_REGS_RO lets a write to the read-only STATUS register through (OKAY):
    the proof of the register file behind the slave must fail on the response kind the
    contract gives that write (SLVERR)."""
    r = formal.run_job("fv_regs:prove", defines=("HCGS_BREAK_REGS_RO",), tag="_fault")
    assert r.status == "FAIL", f"the broken copy was not caught: {r.status}\n" + "\n".join(r.detail)
    assert any("ap_rsp_kind" in d or "ap_b_kind" in d for d in r.detail), "\n".join(r.detail)
