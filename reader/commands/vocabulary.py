"""``vocab add|set|list|import-known|remove|export``: the learner's saved words from the command line."""

from __future__ import annotations

import sys

from reader.core.errors import UserError


def register(commands) -> None:
    """Add ``vocab`` and its subcommands."""
    vocab = commands.add_parser("vocab", help="the saved words: add, set a status, list, import known words, remove, export")
    actions = vocab.add_subparsers(dest="vocab_command", metavar="ACTION", parser_class=type(vocab))
    actions.required = True

    add = actions.add_parser("add", help="save a word (with the sentence it came from)")
    add.add_argument("word")
    add.add_argument("--context", metavar="SENTENCE", help="the sentence the word came from (its reading there is saved)")
    add.add_argument("--status", default=None, help="new, learning, known or ignored (default: new)")
    add.set_defaults(run=run_add)

    set_ = actions.add_parser("set", help="set a word's status (saving it first if needed)")
    set_.add_argument("word")
    set_.add_argument("status", help="new, learning, known or ignored (or 1-5)")
    set_.set_defaults(run=run_set)

    list_ = actions.add_parser("list", help="list the saved words")
    list_.add_argument("--status", help="only words with this status")
    list_.add_argument("--filter", metavar="TEXT", help="only words whose hanzi, pinyin, senses or notes contain TEXT")
    list_.add_argument("--json", action="store_true", help="print a JSON list")
    list_.set_defaults(run=run_list)

    import_known = actions.add_parser("import-known", help="mark the words in a file as known (one per line, or a Pleco/Anki export)")
    import_known.add_argument("file")
    import_known.set_defaults(run=run_import_known)

    remove = actions.add_parser("remove", help="delete a saved word")
    remove.add_argument("word")
    remove.set_defaults(run=run_remove)

    export = actions.add_parser("export", help="write the whole vocabulary to FILE (.json, .csv, else tab-separated)")
    export.add_argument("file")
    export.set_defaults(run=run_export)


def _chinese_word(word: str) -> str:
    from reader.core.hanzi import is_chinese

    word = word.strip()
    if not is_chinese(word):
        raise UserError(f"{word!r} is not a Chinese word")
    return word


def _describe(line) -> str:
    definitions = "; ".join(line.definitions[:3])
    return f"{line.word} [{line.pinyin}] {line.status.label}" + (f": {definitions}" if definitions else "")


def run_add(session, args) -> int:
    """Save a word with its reading (in the sentence, when one is given) and senses."""
    from reader.core.models import Context
    from reader.core.vocabulary import parse_status, reading_for, reading_in_sentence

    word = _chinese_word(args.word)
    status = parse_status(args.status) if args.status else None
    if args.context:
        reading = reading_in_sentence(session.annotator, word, args.context.strip())
        context = Context(args.context.strip())
    else:
        reading = reading_for(session.annotator, word)
        context = None
    saved = session.vocabulary.add(word, reading.numbered, reading.definitions, context, status, reading.traditional)
    sys.stdout.write(_describe(saved) + "\n")
    return 0


def run_set(session, args) -> int:
    """Set a word's status; a word not saved yet is saved with its usual reading."""
    from reader.core.vocabulary import parse_status, reading_for

    word = _chinese_word(args.word)
    status = parse_status(args.status)
    store = session.vocabulary
    if word in store:
        store.set_status(word, status)
        saved = store.get(word)
    else:
        reading = reading_for(session.annotator, word)
        saved = store.add(word, reading.numbered, reading.definitions, status=status, traditional=reading.traditional)
    sys.stdout.write(_describe(saved) + "\n")
    return 0


def statuses_named(name: str):
    """The statuses a ``--status`` filter means: ``learning`` is levels 2-4, a number is that level."""
    from reader.core.models import Status
    from reader.core.vocabulary import parse_status

    if name.strip().lower() == "learning":
        return [Status.LEARNING_2, Status.LEARNING_3, Status.LEARNING_4]
    return [parse_status(name)]


def run_list(session, args) -> int:
    """Print the saved words, as lines or JSON."""
    from reader.commands import write_json
    from reader.core.vocabulary import VocabularyStore, word_to_json

    statuses = statuses_named(args.status) if args.status else None
    if not VocabularyStore.exists(session.data_dir):
        words = []
    else:
        words = session.vocabulary.words(statuses, args.filter)
    if args.json:
        write_json([word_to_json(w) for w in words])
    else:
        for word in words:
            sys.stdout.write(f"{word.word}\t{word.pinyin}\t{word.status.label}\t{'; '.join(word.definitions)}\n")
    return 0


def run_import_known(session, args) -> int:
    """Mark every word listed in a file as known."""
    from reader.core.vocabulary import reading_for

    annotator = session.annotator

    def describe(word):
        reading = reading_for(annotator, word)
        return reading.numbered, reading.definitions, reading.traditional

    changed = session.vocabulary.import_known(args.file, describe)
    sys.stdout.write(f"{changed} word{'s' if changed != 1 else ''} marked known\n")
    return 0


def run_remove(session, args) -> int:
    """Delete a saved word and its sentences."""
    session.vocabulary.remove(args.word.strip())
    sys.stdout.write(f"removed {args.word.strip()}\n")
    return 0


def run_export(session, args) -> int:
    """Write the vocabulary to a file."""
    count = session.vocabulary.export(args.file)
    sys.stdout.write(f"{count} word{'s' if count != 1 else ''} written to {args.file}\n")
    return 0
