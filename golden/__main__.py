"""`python -m golden <command>`: see golden.cli."""
import sys

from .cli import main

sys.exit(main())
