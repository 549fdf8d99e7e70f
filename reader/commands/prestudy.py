"""``prestudy PATH``: the unknown words that unlock a text, most useful first, to save or send to Anki in one go."""

from __future__ import annotations

import sys

from reader.core.errors import UserError


def register(commands) -> None:
    """Add ``prestudy``."""
    command = commands.add_parser(
        "prestudy", help="the unknown words of a text or book ranked by how much of it they unlock")
    command.add_argument("path")
    command.add_argument("--target", type=float, default=95.0, metavar="PERCENT",
                         help="stop when this share of running words would be known (default 95)")
    command.add_argument("--limit", type=int, default=None, metavar="N", help="at most N words")
    command.add_argument("--save", action="store_true", help="save the words to the vocabulary with their sentences")
    command.add_argument("--export", nargs=2, metavar=("FORMAT", "OUT"),
                         help="save the words and write them as Anki cards: apkg OUT.apkg or tsv OUT.txt")
    command.add_argument("--deck", default=None, help="the Anki deck for --export (default Yuedu)")
    command.add_argument("--json", action="store_true", help="print the list as JSON")
    command.set_defaults(run=run_prestudy)


def run_prestudy(session, args) -> int:
    """Rank the text's unknown words; print them, and save or export them if asked."""
    from reader.commands.stats import all_saved_statuses
    from reader.core.difficulty import chapters_of, prestudy
    from reader.core.importers import import_file

    if not 0 < args.target <= 100:
        raise UserError(f"--target {args.target:g}: give a percentage above 0 and at most 100")
    if args.limit is not None and args.limit < 1:
        raise UserError(f"--limit {args.limit}: give a number of words, 1 or more")
    if args.export and args.export[0] not in ("apkg", "tsv"):
        raise UserError(f"--export {args.export[0]}: use apkg or tsv")
    document = import_file(args.path)
    chapters = chapters_of(document.articles)
    cut = session.annotator.segmenter.cut
    plan = prestudy([cut(text) for _title, text in chapters], all_saved_statuses(session), args.target, args.limit)
    if args.save or args.export:
        from reader.core.difficulty import save_with_sentences

        save_with_sentences(session.vocabulary, session.annotator, chapters, [w.word for w in plan.words], document.title)
    if args.export:
        _export(session, args, plan)
    if args.json:
        from reader.commands import write_json

        write_json(plan.to_json())
        return 0
    lines = [plan.summary()]
    for number, item in enumerate(plan.words, 1):
        reading = session.annotator.reading_of(item.word)
        lines.append(f"{number}\t{item.word}\t{reading.pinyin}\t{item.occurrences}×\tin {item.spread} of "
                     f"{len(chapters)}\t→ {item.known_percent_after:.1f}%\t{reading.gloss or ''}")
    if args.save or args.export:
        lines.append(f"saved {len(plan.words)} words to the vocabulary")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _export(session, args, plan) -> None:
    from reader.core.anki.exporters import ApkgExporter, ExportOptions, TextFileExporter, clean_deck_name, run_export
    from reader.core.anki.state import ExportState

    destination, output = args.export
    exporter = ApkgExporter(output) if destination == "apkg" else TextFileExporter(output)
    options = ExportOptions(deck=clean_deck_name(args.deck), words=frozenset(item.word for item in plan.words))
    state = ExportState.open(session.data_dir)
    try:
        result = run_export(exporter, session.vocabulary, state, session.annotator, options)
    finally:
        state.close()
    print(result.summary(), file=sys.stderr)
