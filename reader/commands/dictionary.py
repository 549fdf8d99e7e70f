"""``lookup WORD`` and ``search QUERY``: CC-CEDICT entries on the command line."""

from __future__ import annotations

import sys

from reader.commands import write_json


def _positive(text: str) -> int:
    """A count of at least 1 (argparse refuses anything else in one line)."""
    return _whole_number(text, 1, "is not a positive number")


def _not_negative(text: str) -> int:
    """A count from 0 up."""
    return _whole_number(text, 0, "is negative")


def _whole_number(text: str, minimum: int, below: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"{value} {below}")
    return value


def register(commands) -> None:
    """Add ``lookup`` and ``search``."""
    lookup = commands.add_parser("lookup", help="every CC-CEDICT entry for a word (simplified or traditional)")
    lookup.add_argument("word")
    lookup.add_argument("--json", action="store_true", help="print a JSON list of entries")
    lookup.set_defaults(run=run_lookup)
    search = commands.add_parser("search", help="search by hanzi, pinyin (with or without tones) or English")
    search.add_argument("query", nargs="+")
    search.add_argument("--json", action="store_true", help="print a JSON list of entries")
    search.add_argument("--limit", type=_positive, default=30, help="at most this many entries (default 30)")
    search.add_argument("--offset", type=_not_negative, default=0, help="skip this many entries first (the next page)")
    search.set_defaults(run=run_search)


def format_entry(entry) -> str:
    """An entry as text: ``行 [xíng] (trad. 行)`` then its numbered senses."""
    head = entry.simplified if entry.traditional == entry.simplified else f"{entry.simplified} ({entry.traditional})"
    lines = [f"{head} [{entry.pinyin}]"]
    lines += [f"  {number}. {sense}" for number, sense in enumerate(entry.definitions, 1)]
    return "\n".join(lines)


def _print_entries(entries, as_json: bool, levels=None) -> None:
    if as_json:
        write_json([{**entry.to_json(), **levels.level(entry.simplified).to_json()} for entry in entries])
    else:
        sys.stdout.write("\n".join(format_entry(entry) for entry in entries) + "\n")


def run_lookup(session, args) -> int:
    """Print every entry for the word, or say that there is none (exit 1)."""
    entries = session.dictionary.lookup(args.word.strip())
    if not entries:
        print(f"yuedu: no entry for {args.word!r}", file=sys.stderr)
        return 1
    _print_entries(entries, args.json, session.levels)
    return 0


def run_search(session, args) -> int:
    """Print the best matches for the query, or say that there are none (exit 1)."""
    query = " ".join(args.query)
    entries = session.dictionary.search(query, limit=args.limit, offset=args.offset)
    if not entries:
        beyond = args.offset and session.dictionary.search_count(query)
        print(f"yuedu: nothing found for {query!r}" + (f" after the first {args.offset}" if beyond else ""),
              file=sys.stderr)
        return 1
    _print_entries(entries, args.json, session.levels)
    return 0
