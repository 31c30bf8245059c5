"""Spoken digits on the accelerator: features (the chip's front end), FSDD data, the speech
model file (LSTM + off-chip classifier + normalisation), training (PyTorch, optional),
evaluation in float, fixed point and on the RTL. `python -m speech --help`."""
