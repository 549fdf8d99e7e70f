"""``export apkg|tsv|ankiconnect``: the vocabulary as Anki cards (a package, a text file, or straight into Anki)."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    """Add ``export`` and its three destinations."""
    parser = subparsers.add_parser("export", help="export the vocabulary as Anki cards")
    destinations = parser.add_subparsers(dest="destination", metavar="DESTINATION", required=True,
                                         parser_class=type(parser))
    apkg = destinations.add_parser("apkg", help="write an Anki package (.apkg)")
    apkg.add_argument("output", metavar="OUT.apkg")
    tsv = destinations.add_parser("tsv", help="write an Anki text file (tab-separated, with Anki's header lines)")
    tsv.add_argument("output", metavar="OUT.txt")
    anki = destinations.add_parser("ankiconnect", help="send the cards to a running Anki through AnkiConnect")
    anki.add_argument("--url", default=None, help="AnkiConnect's address (default http://127.0.0.1:8765)")
    anki.add_argument("--key", default=None, help="AnkiConnect's API key, if it has one")
    for sub in (apkg, tsv, anki):
        sub.add_argument("--deck", default=None, help="the Anki deck (default Yuedu)")
        sub.add_argument("--status", nargs="+", metavar="S", default=None,
                         help="which words: new, learning, known, ignored or 1-5 (default new and learning)")
        sub.add_argument("--new-only", action="store_true", help="only words not exported before")
        sub.add_argument("--cards", default="recognition", metavar="KINDS",
                         help="card kinds, comma-separated: recognition,production,listening (default recognition)")
        sub.add_argument("--sentence", default="newest", metavar="newest|shortest|first",
                         help="which saved sentence goes on a word's card when none was picked for it in the "
                              "vocabulary window (default newest)")
        sub.add_argument("--sentences", action="store_true",
                         help="add cloze cards for saved sentences with exactly one word not yet known (i+1)")
        sub.add_argument("--sound", action="store_true",
                         help="a recording of each word in its Sound field (about 40 KB a word; not for tsv)")
        sub.set_defaults(run=run)


def options_from(args):
    """The export options the command line asked for."""
    from reader.core.anki.exporters import (
        DEFAULT_STATUSES,
        ExportOptions,
        clean_deck_name,
        parse_card_kinds,
        parse_sentence_rule,
        parse_statuses,
    )

    return ExportOptions(
        deck=clean_deck_name(args.deck),
        statuses=parse_statuses(args.status) if args.status else DEFAULT_STATUSES,
        new_only=args.new_only,
        card_kinds=parse_card_kinds(args.cards),
        sentences=args.sentences,
        sentence_rule=parse_sentence_rule(args.sentence),
        sound=args.sound,
    )


def run(session, args) -> int:
    """Export, print one line saying what reached Anki."""
    from reader.core.anki.exporters import AnkiConnectExporter, ApkgExporter, TextFileExporter, run_export
    from reader.core.anki.state import ExportState

    options = options_from(args)
    if args.destination == "apkg":
        exporter = ApkgExporter(args.output)
    elif args.destination == "tsv":
        exporter = TextFileExporter(args.output)
    else:
        exporter = AnkiConnectExporter(args.url, args.key)
    session.data_dir.mkdir(parents=True, exist_ok=True)
    state = ExportState.open(session.data_dir)
    try:
        result = run_export(exporter, session.vocabulary, state, session.annotator, options)
    finally:
        state.close()
    if result.refused:
        print(f"yuedu: {result.summary()}", file=sys.stderr)
        return 2
    print(result.summary())
    return 0
