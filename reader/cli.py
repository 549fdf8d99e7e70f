"""The command line: ``python main.py COMMAND ...``; with no command, the reading window."""

from __future__ import annotations

import argparse
import sys

from reader.commands import COMMAND_MODULES, load_command_modules
from reader.core.errors import UserError, printable


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors: one line, exit 2, as for any bad input
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command, with the global options before the command."""
    parser = _Parser(prog="yuedu", description="Yuedu (阅读): read Chinese with a dictionary at hand.")
    parser.add_argument("--data-dir", metavar="DIR", help="keep the library and vocabulary in DIR")
    parser.add_argument("--dictionary", metavar="FILE", help="use this CC-CEDICT file instead of the bundled one")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in load_command_modules():
        module.register(commands)
    return parser


def _first_positional(argv: list[str]) -> str | None:
    """The first argument that is not a global option or its value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data-dir", "--dictionary"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _looks_like_a_command(word: str | None) -> bool:
    """A lower-case word that names no file: a mistyped command rather than a file to read."""
    import os
    import re

    return word is not None and bool(re.fullmatch(r"[a-z][a-z-]*", word)) and not os.path.exists(word)


def _unknown_command(word: str) -> int:
    """Usage and the nearest command on stderr, exit 2 (instead of opening the window on a file that is not there)."""
    import difflib

    close = difflib.get_close_matches(word, sorted(COMMAND_MODULES), n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else f"commands: {', '.join(sorted(COMMAND_MODULES))}"
    sys.stderr.write(build_parser().format_usage())
    sys.stderr.write(f"yuedu: '{word}' is neither a command nor a file; {hint}\n")
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run a command (or open the window when none is named) and return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    first = _first_positional(argv)
    if first not in COMMAND_MODULES and _looks_like_a_command(first):
        return _unknown_command(first)
    if first not in COMMAND_MODULES and not {"-h", "--help"} & set(argv[:1]):
        from reader import app

        return app.main(argv)
    args = build_parser().parse_args(argv)
    from reader.core.session import Session

    session = Session(data_dir=args.data_dir, dictionary_path=args.dictionary)
    try:
        return args.run(session, args) or 0
    except UserError as error:  # DictionaryError is one too
        print(f"yuedu: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as error:
        import sqlite3

        if not isinstance(error, sqlite3.Error):
            raise
        # a store's own checks say which file and what to do; this is the last line for a failure they did not foresee
        print(f"yuedu: a data file in {printable(str(session.data_dir))} could not be read or written ({error})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
