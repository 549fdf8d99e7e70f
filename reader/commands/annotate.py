"""``annotate PATH``: the text segmented into words with readings and glosses."""

from __future__ import annotations

import gc
import sys

from reader.core.atomic import atomic_path
from reader.core.errors import UserError, printable
from reader.core.garbage import collection_paused
from reader.core.textfile import read_text_pieces


# a text this long asks the dictionary about more strings than a bisect is worth for (see expect_many_lookups)
LONG_TEXT = 20_000


def register(commands) -> None:
    """Add ``annotate``."""
    annotate = commands.add_parser("annotate", help="segment a text file and give each word its reading")
    annotate.add_argument("path")
    output = annotate.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help='print {"tokens": [...]}')
    output.add_argument("--html", metavar="OUT.html", help="write a standalone page with pinyin above the words")
    annotate.add_argument(
        "--sandhi", action="store_true", help="show 一 and 不 as spoken (不是 bú shì) in the text and --html output"
    )
    annotate.set_defaults(run=run_annotate)


def token_extras(session, words=(), statuses=None):
    """Per-token extra JSON keys, already serialised (``,"status":…,"hsk":…``, see TokensJsonWriter): the vocabulary
    status (new, learning, known, ignored, unseen), the HSK band, the frequency (Zipf) and its rank; null for
    non-words. ``statuses``: the saved statuses to use (else those of ``words`` are read)."""
    import json

    from reader.commands.stats import saved_statuses
    from reader.core.annotate import NOT_CHINESE
    from reader.core.levels import NO_LEVEL
    from reader.core.vocabulary import UNSEEN

    # made as strings, not dicts: a text whose words rarely repeat asks for ~33,000 of them (the CPP sentences),
    # and the writer would serialise each dict again
    not_a_word = "".join(f",{json.dumps(key)}:{json.dumps(value)}" for key, value in {"status": None, **NO_LEVEL.to_json()}.items())
    status_members = {None: f',"status":{json.dumps(UNSEEN)}'}  # a status's member, made once per status
    saved = (saved_statuses(session, words) if statuses is None else statuses).get
    level_members = session.levels.json_members_function()

    def extras(word: str, reading) -> str:
        if reading is NOT_CHINESE:
            return not_a_word
        status = saved(word)
        member = status_members.get(status)
        if member is None:
            member = status_members[status] = f',"status":{json.dumps(status.label)}'
        return member + level_members(word)

    return extras


def run_annotate(session, args) -> int:
    """Annotate the file and print or write the result."""
    # A run builds millions of small objects (the dictionary's entries, each word's reading, a piece's tokens) and no
    # reference cycle (tests/test_annotate_pieces.py checks): collection passes would walk them all for nothing. At
    # Python's default thresholds they cost ~10% of the CPU on the CPP sentences; at one pass per 100,000 allocations,
    # with what the first piece loaded frozen, still ~0.08 s. Paused, they cost nothing, for the same peak.
    with collection_paused():
        status = _annotate(session, args)
        # What the run still holds (the session's memos and dictionary entries, millions of objects) is all young when
        # collection comes back on, and the first pass would walk it to find nothing (~0.05 s on the CPP sentences):
        # set out of its reach, it is freed as usual when the session goes.
        gc.freeze()
        return status


def _annotate(session, args) -> int:
    if args.sandhi and args.json:
        raise UserError("--sandhi changes the pinyin shown; --json keeps the dictionary's tones (numbered)")
    # in pieces, written as they go; a big file is even read as it goes, so memory is bounded by a piece, not by the
    # file (a 200 MB file: its bytes, its text and its tokens were most of the peak)
    decoded = read_text_pieces(args.path)
    for note in decoded.notes(args.path):
        print(f"yuedu: warning: {printable(note)}", file=sys.stderr)
    from reader.core.annotate import annotate_in_pieces, columns_in_pieces

    pieces, decoded = decoded.pieces, None
    statuses = None
    if not isinstance(pieces, list) or sum(map(len, pieces)) > LONG_TEXT:  # not a list: a file of over 16 MB
        session.dictionary.expect_many_lookups()
        if args.json:
            from reader.commands.stats import all_saved_statuses

            # a long text meets most of a vocabulary: the whole of it read once costs less than asking for each
            # piece's ~15,000 distinct words (CPP sentences, 5,000 saved words: 0.13 s -> 0.01 s)
            statuses = all_saved_statuses(session)
    if args.json:
        from reader.core.tokens_json import TokensJsonWriter

        writer = TokensJsonWriter(sys.stdout)
        for offset, words, readings in columns_in_pieces(session.annotator.words_and_readings, pieces):
            writer.extra = token_extras(session, words, statuses)
            writer.write_words(words, readings, offset)
        writer.close()
        sys.stdout.write("\n")
        return 0
    # a piece ends after a line end or a sentence end, where 一 and 不 change nothing across it: the sandhi of a piece
    # is that of the whole text
    if args.html:
        from pathlib import Path

        from reader.core.html_export import HTML_FOOT, html_body, html_head
        from reader.core.polyphone import sandhi_syllables

        with atomic_path(args.html) as temporary, temporary.open("w", encoding="utf-8") as page:
            page.write(html_head(printable(Path(args.path).name)))
            for tokens in annotate_in_pieces(session.annotator.annotate, pieces):
                page.write(html_body(tokens, sandhi_syllables(tokens) if args.sandhi else None))
            page.write(HTML_FOOT)
        return 0
    from reader.core.polyphone import display_pinyin

    for tokens in annotate_in_pieces(session.annotator.annotate, pieces):
        sys.stdout.write("".join(
            f"{token.text}\t{pinyin}\t{token.gloss or ''}\n"
            for token, pinyin in zip(tokens, display_pinyin(tokens, sandhi=args.sandhi))
            if token.is_chinese
        ))
    return 0
