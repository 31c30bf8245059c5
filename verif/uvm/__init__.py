"""The pyuvm environment: items, sequences, agents, reference model, scoreboard, coverage,
register model, env. Signal-level work lives in `verif.bfm`; this package only moves
transactions. See `env.py` for how the pieces connect."""
