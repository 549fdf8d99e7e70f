"""``stats PATH``: how much of a text the learner knows and how hard it is; ``stats --me``: where the learner stands."""

from __future__ import annotations

import sys

from reader.core.errors import UserError


def register(commands) -> None:
    """Add ``stats``."""
    stats = commands.add_parser(
        "stats", help="how much of a text you know and how hard it is; --me: your vocabulary by frequency band"
    )
    stats.add_argument("path", nargs="?")
    stats.add_argument("--me", action="store_true", help="your known share of the 1,000 ... 10,000 most common words")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    stats.set_defaults(run=run_stats)


def saved_statuses(session, words) -> dict:
    """The saved statuses of those of ``words`` that are Chinese; empty (and no file created) when there is no
    vocabulary yet."""
    from reader.core.hanzi import is_chinese
    from reader.core.vocabulary import VocabularyStore

    if not VocabularyStore.exists(session.data_dir):
        return {}
    return session.vocabulary.statuses_of(filter(is_chinese, words))


def all_saved_statuses(session) -> dict:
    """Every saved word's status (one query); empty (and no file created) when there is no vocabulary yet."""
    from reader.core.vocabulary import VocabularyStore

    return dict(session.vocabulary.status_map()) if VocabularyStore.exists(session.data_dir) else {}


def run_stats(session, args) -> int:
    """Annotate the text and count its words against the vocabulary; or describe the learner's vocabulary."""
    if args.me == bool(args.path):
        raise UserError("stats takes a file, or --me for your vocabulary as a whole")
    if args.me:
        return _run_me(session, args)
    from reader.core.difficulty import text_difficulty, word_counts
    from reader.core.stats import stats_of_counts
    from reader.core.textfile import read_text_file

    from reader.core.errors import printable

    decoded = read_text_file(args.path)
    for note in decoded.notes(args.path):
        print(f"yuedu: warning: {printable(note)}", file=sys.stderr)
    tokens = session.annotator.annotate(decoded.text)
    statuses = saved_statuses(session, (t.text for t in tokens))
    counts = word_counts(t.text for t in tokens)  # once, for both sets of figures
    figures = stats_of_counts(counts, statuses)
    difficulty = text_difficulty(decoded.text, counts, statuses, session.levels)
    if args.json:
        from reader.commands import write_json

        write_json({**figures.to_json(), **difficulty.to_json()})
    else:
        profile = "  ".join(f"{band} {share:.1f}%" for band, share in difficulty.band_percent().items())
        sys.stdout.write(
            f"words\t{figures.words}\nunique\t{figures.unique}\n"
            f"known\t{figures.known_percent:.1f}%\nnew unique\t{figures.new_unique}\n"
            f"unknown unique\t{difficulty.unknown_unique}\nnew per 100 words\t{difficulty.new_per_100:.1f}\n"
            f"HSK level\t{difficulty.level or '-'}\nHSK profile\t{profile}\n"
        )
    return 0


def _run_me(session, args) -> int:
    from reader.core.difficulty import vocabulary_size
    from reader.core.vocabulary import VocabularyStore

    size = vocabulary_size(all_saved_statuses(session), session.levels)
    history = session.vocabulary.history_split() if VocabularyStore.exists(session.data_dir) else []
    if args.json:
        from reader.commands import write_json

        write_json({**size.to_json(), "history": [
            {"day": day.isoformat(), "known": known, "learning": learning} for day, known, learning in history
        ]})
    else:
        lines = size.lines()
        lines += [f"{day.isoformat()}\t{known:,} known\t{learning:,} learning" for day, known, learning in history[-14:]]
        sys.stdout.write("\n".join(lines) + "\n")
    return 0
