"""The testplan (OpenTitan style, machine-readable): every test, where it lives, what it
covers, and which regression runs it on which configurations with how many seeds.

`smoke` runs in `make test` on both simulators; `regress` adds to it under `--regress`.
Each entry's `why` says why it is there and why its seed count.
"""
from __future__ import annotations

from dataclasses import dataclass, field

UVM = "verif.tests.test_uvm"
DIRECTED = "verif.tests.test_directed"


@dataclass(frozen=True)
class TestEntry:
    name: str
    module: str
    why: str
    smoke: tuple[str, ...] = ()          # configs in the smoke set (make test)
    regress: tuple[str, ...] = ()        # configs in the full regression (make regress)
    seeds: int = 1                       # seeds per (sim, config) in the regression
    sims: tuple[str, ...] = ("icarus", "verilator")
    expect_fail: str | None = None       # the failure message must contain this


TESTS: tuple[TestEntry, ...] = (
    # pyuvm tests: differ only by factory overrides and ConfigDB knobs
    TestEntry("HcgsSmokeTest", UVM, "preset model end to end, mixed sequence lengths incl. 1",
              smoke=("tiny",), regress=("tiny", "small"), seeds=2),
    TestEntry("HcgsRandomTest", UVM, "random layers/sizes/keep counts, dense to sparsest",
              smoke=("tiny",), regress=("tiny", "small"), seeds=4),
    TestEntry("HcgsDenseTest", UVM, "every block kept: the longest walk, K1 > 1, back-door load",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("HcgsSparsestTest", UVM, "K1=K2=1: the 4-cycle group floor",
              regress=("tiny", "small")),
    TestEntry("HcgsSaturationTest", UVM, "accumulator/z saturation, both tails, full-scale inputs",
              smoke=("tiny",), regress=("tiny", "small"), seeds=2),
    TestEntry("HcgsTailsTest", UVM, "both tails of sigmoid and tanh by large biases",
              regress=("tiny", "small")),
    TestEntry("HcgsCellSatTest", UVM, "cell-state saturation: f~1 over a 40-frame sequence",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("HcgsBackToBackTest", UVM, "length-1 sequences back to back (TUSER every frame)",
              regress=("tiny", "small")),
    TestEntry("HcgsStreamStressTest", UVM, "heavy input idle and heavy output backpressure",
              smoke=("tiny",), regress=("tiny", "small"), seeds=2),
    TestEntry("HcgsLightStressTest", UVM, "light idle, medium backpressure", regress=("tiny", "small")),
    TestEntry("HcgsOutAllTest", UVM, "CTRL.OUT_ALL: every layer per frame", smoke=("tiny",),
              regress=("tiny", "small")),
    TestEntry("HcgsEngineStallTest", UVM, "output buffer full: the MAC pipeline stalls and resumes mid-group",
              smoke=("tiny",), regress=("tiny", "small"), seeds=2),
    TestEntry("HcgsBackdoorTest", UVM, "back-door load of the golden images", regress=("tiny", "small")),
    TestEntry("HcgsRandomMixTest", UVM, "random shape + medium idle/backpressure", regress=("tiny", "small"),
              seeds=3),
    TestEntry("HcgsCorruptModelTest", UVM, "the scoreboard fails on a corrupted model (must FAIL)",
              smoke=("tiny",), regress=("small",), expect_fail="first divergence"),
    TestEntry("HcgsRegTest", UVM, "register tests from the map (hdl/regs/hcgs.rdl): reset values, walking ones, "
              "RO/WO/W1C, unmapped addresses, index entry widths; predictor mirror check on every read",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("HcgsRegMirrorCorruptTest", UVM, "the predictor fails on a mirror that disagrees with the DUT (must FAIL)",
              smoke=("tiny",), regress=("small",), sims=("icarus",), expect_fail="register mirror mismatch"),
    # directed cocotb tests
    TestEntry("test_reset_values", DIRECTED, "every register's reset value, HWCFG = build parameters",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("test_register_access", DIRECTED, "RW read-back, RO/WO/W1C, SLVERR cases, AW/W order",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("test_memory_access", DIRECTED, "write+read-back per memory, depth and slot limits",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("test_start_errors", DIRECTED, "every START error bit, irq, nothing runs, recovery",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("test_busy_and_mem_while_running", DIRECTED, "START while running, memory access SLVERR while running",
              regress=("tiny", "small")),
    TestEntry("test_frame_errors", DIRECTED, "short/long frames: status, irq, dropped, stream recovers",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("test_reset_mid_frame", DIRECTED, "reset while receiving and while computing, then recovery",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("test_zero_and_full_scale", DIRECTED, "all-zero model/inputs and full-scale inputs",
              regress=("tiny", "small")),
    TestEntry("test_stop", DIRECTED, "STOP finishes started frames, then refuses input",
              smoke=("tiny",), regress=("tiny", "small")),
    TestEntry("test_irq_and_counters", DIRECTED, "IRQ_ENABLE masking, W1C, counters and CLR_CNT",
              regress=("tiny", "small")),
)

#: Large configurations (Verilator only): a few frames of the chip model, back-door loaded.
BIG = (
    TestEntry("HcgsSmokeTest", UVM, "the 2x512 16x TIMIT model, back-door loaded", regress=("timit",),
              sims=("verilator",)),
    TestEntry("test_start_errors", DIRECTED, "START errors incl. MEM overflow (reachable on the chip build)",
              regress=("timit",), sims=("verilator",)),
)


def by_name(name: str) -> TestEntry:
    for t in TESTS:
        if t.name == name:
            return t
    raise KeyError(f"unknown test {name!r}: known {', '.join(t.name for t in TESTS)}")


def cases(regress: bool) -> list[tuple[TestEntry, str, str, int]]:
    """(test, sim, config, seed index) of the smoke set, or of smoke + regression."""
    out = []
    for t in TESTS + BIG:
        for sim in t.sims:
            cfgs = t.regress if regress else t.smoke
            for cfg in cfgs:
                n = t.seeds if regress else 1
                for k in range(n):
                    out.append((t, sim, cfg, k))
    return out
