"""HCGS-LSTM golden model: the bit-exact reference the RTL is checked against.

Pure functions, NumPy in and out, no simulator, every random thing from an explicit
seed. One job per module; see docs/architecture.md for the contract they implement.
"""
