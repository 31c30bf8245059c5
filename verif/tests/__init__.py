"""cocotb test modules: `test_uvm` (pyuvm tests) and `test_directed` (directed cocotb tests).
Run them through `python -m verif.run` or pytest (tests/sim), never by hand-made commands."""
