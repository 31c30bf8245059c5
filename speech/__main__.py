import os
import sys

# One BLAS thread unless the caller says otherwise: on the 2 shared cores OpenBLAS's second
# thread spins (speech-eval MODE=fixed, 40 utterances: 0.9 s of CPU with one thread, 7.1 s with
# two, 14 s against 49 s wall). Must be set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .cli import main  # noqa: E402

sys.exit(main())
