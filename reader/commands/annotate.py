"""``annotate PATH``: the text segmented into words with readings and glosses."""

from __future__ import annotations

import sys

from reader.core.atomic import write_text_atomic
from reader.core.textfile import read_text_file


def register(commands) -> None:
    """Add ``annotate``."""
    annotate = commands.add_parser("annotate", help="segment a text file and give each word its reading")
    annotate.add_argument("path")
    output = annotate.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help='print {"tokens": [...]}')
    output.add_argument("--html", metavar="OUT.html", help="write a standalone page with pinyin above the words")
    annotate.set_defaults(run=run_annotate)


def token_extras(session, tokens=()):
    """Per-token extra JSON keys: the vocabulary status (new, learning, known, ignored, unseen; None for non-words)."""
    from reader.commands.stats import saved_statuses
    from reader.core.stats import status_of

    statuses = saved_statuses(session, tokens)
    return lambda token: {"status": status_of(token, statuses)}


def run_annotate(session, args) -> int:
    """Annotate the file and print or write the result."""
    decoded = read_text_file(args.path)
    tokens = session.annotator.annotate(decoded.text)
    if args.json:
        from reader.core.annotate import write_tokens_json

        write_tokens_json(tokens, sys.stdout, token_extras(session, tokens))
        sys.stdout.write("\n")
    elif args.html:
        from pathlib import Path

        from reader.core.html_export import annotated_html

        write_text_atomic(args.html, annotated_html(tokens, title=Path(args.path).name))
    else:
        for token in tokens:
            if token.is_chinese:
                sys.stdout.write(f"{token.text}\t{token.pinyin}\t{token.gloss or ''}\n")
    return 0
