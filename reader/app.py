"""The window's front door: ``python main.py [FILE...] [--screenshot OUT.png --select WORD]``."""

from __future__ import annotations

import argparse
import sys


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The window's options."""
    parser = argparse.ArgumentParser(prog="yuedu", description="Open the Yuedu reading window.")
    parser.add_argument("files", nargs="*", help="files or web addresses (https://…) to import and open (default: the sample page)")
    parser.add_argument("--data-dir", metavar="DIR", help="keep the library and vocabulary in DIR")
    parser.add_argument("--dictionary", metavar="FILE", help="use this CC-CEDICT file")
    parser.add_argument("--screenshot", metavar="OUT.png", help="draw the window offscreen, save a PNG, exit")
    parser.add_argument("--select", metavar="WORD", help="with --screenshot: select the first WORD in the text")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Open the window (or write its screenshot) and return the exit status."""
    args = parse_arguments(argv)
    if args.screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        from reader.core.display import startup_problem

        problem = startup_problem()  # before Qt loads: its X11 platform aborts the process without a word we control
        if problem:
            print(f"yuedu: {problem}", file=sys.stderr)
            return 2
    from reader.ui.main_window import run

    return run(args)
