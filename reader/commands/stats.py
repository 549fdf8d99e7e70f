"""``stats PATH``: how much of a text the learner knows."""

from __future__ import annotations

import sys


def register(commands) -> None:
    """Add ``stats``."""
    stats = commands.add_parser("stats", help="words, unique words, percentage known and new words of a text")
    stats.add_argument("path")
    stats.add_argument("--json", action="store_true", help='print {"words", "unique", "known_percent", "new_unique"}')
    stats.set_defaults(run=run_stats)


def saved_statuses(session, tokens) -> dict:
    """The saved statuses of the words among ``tokens``; empty (and no file created) when there is no vocabulary yet."""
    from reader.core.vocabulary import VocabularyStore

    if not VocabularyStore.exists(session.data_dir):
        return {}
    return session.vocabulary.statuses_of(t.text for t in tokens if t.is_chinese)


def run_stats(session, args) -> int:
    """Annotate the text and count its words against the vocabulary."""
    from reader.core.stats import article_stats
    from reader.core.textfile import read_text_file

    decoded = read_text_file(args.path)
    tokens = session.annotator.annotate(decoded.text)
    figures = article_stats(tokens, saved_statuses(session, tokens))
    if args.json:
        from reader.commands import write_json

        write_json(figures.to_json())
    else:
        sys.stdout.write(
            f"words\t{figures.words}\nunique\t{figures.unique}\n"
            f"known\t{figures.known_percent:.1f}%\nnew unique\t{figures.new_unique}\n"
        )
    return 0
