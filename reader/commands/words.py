"""``words add|split|list|remove|export|import``: the learner's own words (merges, splits, readings) from the command line."""

from __future__ import annotations

import sys


def register(commands) -> None:
    """Add ``words`` and its subcommands."""
    words = commands.add_parser("words", help="your own words: keep a name or term whole, split a word, give a reading")
    actions = words.add_subparsers(dest="words_command", metavar="ACTION", parser_class=type(words))
    actions.required = True

    add = actions.add_parser("add", help="keep WORD whole wherever it appears, with your own reading and meaning")
    add.add_argument("word")
    add.add_argument("--pinyin", help='its reading: "yan2 fu4 jing3" or "yán fù jǐng", one syllable per character')
    add.add_argument("--meaning", help="its meaning in your words")
    add.add_argument("--name", action="store_true", help="a person's name (read with capitals, glossed as a name)")
    add.set_defaults(run=run_add)

    split = actions.add_parser("split", help="cut WORD into PIECES wherever it stands as a word (words split 为首对 为 首对)")
    split.add_argument("word")
    split.add_argument("pieces", nargs="+")
    split.set_defaults(run=run_split)

    list_ = actions.add_parser("list", help="list your words")
    list_.add_argument("--json", action="store_true", help="print a JSON list")
    list_.set_defaults(run=run_list)

    remove = actions.add_parser("remove", help="forget one of your words (the text is cut as before)")
    remove.add_argument("word")
    remove.set_defaults(run=run_remove)

    export = actions.add_parser("export", help="write your words to FILE (JSON)")
    export.add_argument("file")
    export.set_defaults(run=run_export)

    import_ = actions.add_parser("import", help="add the words of FILE (from words export, or one word a line)")
    import_.add_argument("file")
    import_.set_defaults(run=run_import)


def describe(entry) -> str:
    """One line for ``words list``: 严赋憬  Yán Fù jǐng  (name)  meaning; a split as 为首对 → 为 | 首对."""
    from reader.core.pinyin import numbered_to_marked

    if entry.is_split:
        return f"{entry.word}\t→ {' | '.join(entry.pieces)}"
    parts = [entry.word, numbered_to_marked(entry.numbered) or "-"]
    if entry.is_name:
        parts.append("(name)")
    if entry.meaning:
        parts.append(entry.meaning)
    return "\t".join(parts)


def run_add(session, args) -> int:
    """Keep a word whole, with an optional reading and meaning."""
    entry = session.corrections.add(args.word, args.pinyin, args.meaning, args.name)
    sys.stdout.write(f"added {describe(entry)}\n")
    return 0


def run_split(session, args) -> int:
    """Cut a word into pieces."""
    entry = session.corrections.split(args.word, args.pieces)
    sys.stdout.write(f"split {describe(entry)}\n")
    return 0


def run_list(session, args) -> int:
    """Print the learner's words, as lines or JSON."""
    from reader.commands import write_json

    words = session.learner_words().words
    if args.json:
        write_json([w.to_json() for w in words])
    else:
        for entry in words:
            sys.stdout.write(describe(entry) + "\n")
    return 0


def run_remove(session, args) -> int:
    """Forget one of the learner's words."""
    from reader.core.corrections import not_yours

    if session.learner_words().get(args.word.strip()) is None:
        raise not_yours(args.word.strip())  # before the vocabulary file is opened: nothing is created
    entry = session.corrections.remove(args.word)
    sys.stdout.write(f"removed {entry.word}\n")
    return 0


def run_export(session, args) -> int:
    """Write the learner's words to a JSON file."""
    count = session.corrections.export(args.file)
    sys.stdout.write(f"{count} word{'s' if count != 1 else ''} written to {args.file}\n")
    return 0


def run_import(session, args) -> int:
    """Add the words of a file, all or none."""
    count = session.corrections.import_file(args.file)
    sys.stdout.write(f"{count} word{'s' if count != 1 else ''} imported from {args.file}\n")
    return 0
