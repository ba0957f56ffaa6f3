"""`python -m <this package>`: the command line (serve, dev, ...), which scaffold keeps in
managed/cli.py."""

from __future__ import annotations

import sys

from .managed.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
