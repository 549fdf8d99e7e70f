"""Yuedu: ``python main.py`` opens the reader; ``python main.py COMMAND ...`` runs a command."""

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())
