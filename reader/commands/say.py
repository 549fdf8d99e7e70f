"""``say WORD|FILE``: speak Chinese text in the readings it has in context, or write it to a WAV file."""

from __future__ import annotations

import sys

from reader.core.errors import UserError


def register(commands) -> None:
    """Add ``say``."""
    command = commands.add_parser("say", help="speak a word, a sentence or a text file (offline), or write a WAV file")
    command.add_argument("text", metavar="WORD|FILE", help="Chinese text, or a file to read aloud")
    command.add_argument("--out", metavar="FILE.wav", help="write the speech to a WAV file instead of playing it")
    command.add_argument("--rate", type=int, default=None, metavar="N",
                         help="syllables per minute, 80 to 400 (default 150)")
    command.add_argument("--json", action="store_true", help="with --out: print each word's start time as JSON")
    command.set_defaults(run=run_say)


def run_say(session, args) -> int:
    """Read the text with its readings in context and speak it."""
    from pathlib import Path

    from reader.core import speech

    rate = speech.DEFAULT_RATE if args.rate is None else args.rate
    if not speech.MIN_RATE <= rate <= speech.MAX_RATE:
        raise UserError(f"--rate {rate}: give {speech.MIN_RATE} to {speech.MAX_RATE} syllables per minute")
    if args.json and not args.out:
        raise UserError("--json lists the word times of a file written with --out")
    text = args.text
    path = Path(text)
    if len(text) < 4096 and path.exists():
        from reader.core.textfile import read_text_file

        text = read_text_file(path).text
    tokens = session.annotator.annotate(text)
    if not any(token.is_chinese for token in tokens):
        raise UserError(f"nothing to say: {args.text[:40]!r} holds no Chinese")
    spoken = speech.speak_tokens(tokens, rate)
    if args.out is None:
        speech.play_blocking(spoken)
        return 0
    from reader.core.atomic import atomic_path

    with atomic_path(args.out) as temporary:
        temporary.write_bytes(spoken.wav_bytes())
    if args.json:
        from reader.commands import write_json

        write_json({"duration_ms": spoken.duration_ms, "words": [
            {"text": text[m.start:m.end], "start": m.start, "end": m.end, "at_ms": m.at_ms} for m in spoken.marks]})
    else:
        print(f"wrote {spoken.duration_ms / 1000:.1f} s of speech to {args.out}", file=sys.stderr)
    return 0
