"""Tokens as the command line's JSON, ``{"tokens": [...]}``, written as they arrive: each distinct word and reading
serialised once as a template, each batch of tokens one ``bytes %`` of their templates (see :class:`TokensJsonWriter`)."""

from __future__ import annotations

import codecs
import io
import json
import os
from itertools import accumulate, chain, compress, count, islice, repeat
from operator import attrgetter, is_not, itemgetter
from typing import Sequence

from reader.core.annotate import Reading, Token
from reader.core.pinyin import numbered_to_marked

# json.dumps of a str, None, bool, int or float, as the C encoder writes them: what dumps would give, without the
# ~2 µs of Python around each dumps call (a text whose words rarely repeat serialises ~40,000 fragments of 9 values).
_json_string = json.encoder.encode_basestring  # ensure_ascii=False
_json_ascii = json.encoder.encode_basestring_ascii
_JSON_KEYS: dict[str, str] = {}


def _json_value(value) -> str:
    """``json.dumps(value, ensure_ascii=False)`` for the plain values a token carries."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is str:
        return _json_string(value)
    if kind is int or (kind is float and value == value and value not in (_INFINITY, -_INFINITY)):
        return repr(value)  # json.dumps writes ints and finite floats as their repr
    return json.dumps(value, ensure_ascii=False)


_INFINITY = float("inf")


def _extra_json(more: dict) -> str:
    """``,"key":value…`` of a token's further keys, in their order."""
    parts = []
    for key, value in more.items():
        name = _JSON_KEYS.get(key)
        if name is None:
            name = _JSON_KEYS[key] = json.dumps(key)
        parts.append(f",{name}:{_json_value(value)}")
    return "".join(parts)


_TOKEN_TEXT, _TOKEN_READING = attrgetter("text"), attrgetter("reading")
_TOKEN_SPAN = attrgetter("start", "end")  # (start, end): the arguments of a fragment's template, in one call
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_NO_FRAGMENT = (None, b"")  # its reading is no token's
_OFFSETS = '%d,"end":%d'  # where a template takes a token's offsets


def _utf8_buffer(stream):
    """The byte buffer under ``stream`` when text written to it would reach it as UTF-8 unchanged (sys.stdout on
    a POSIX system, a file opened so), else None."""
    if not isinstance(stream, io.TextIOWrapper) or os.linesep != "\n":  # Windows writes "\n" as "\r\n"
        return None
    try:
        return stream.buffer if codecs.lookup(stream.encoding).name == "utf-8" else None
    except LookupError:
        return None


class TokensJsonWriter:
    """Writes ``{"tokens": [...]}`` to a stream as tokens arrive, each distinct word and reading serialised once.

    ``extra(word, reading)`` gives a token's further keys (the vocabulary status, say), as a dict or already
    serialised as ``,"key":value…``; or is None. It is asked once per distinct word and reading (it may be replaced
    between batches).
    Written in chunks, so a million-token text never exists twice in memory as one string.
    """

    _REMEMBERED = 200_000  # distinct (word, reading) fragments kept: bounded, whatever the text

    def __init__(self, stream, extra=None, chunk: int = 4096):
        self.stream = stream
        self.extra = extra
        self.chunk = chunk
        # Each token is written as UTF-8 bytes: its word's template (b',\n{"text":"…","start":%d,"end":%d,…}')
        # formatted with its offsets. Bytes, because per token that is a third of the time of str formatting (the
        # words and the pinyin make every str 2 bytes a character) and the stream's encoding pass is skipped too:
        # ~0.2 s of the CPP sentences' 202,000 tokens. A text stream gets the bytes decoded.
        self._buffer = _utf8_buffer(stream)
        # a lone surrogate (text from a broken file) reaches the stream as the stream would have encoded it
        self._errors = stream.errors if self._buffer is not None else "surrogatepass"
        self._fragments: dict[str | tuple[str, int], tuple[Reading, bytes]] = {}
        self._written = 0
        stream.write('{"tokens":[')

    def write(self, tokens: Sequence[Token]) -> None:
        """Append ``tokens`` to the array."""
        offsets = list(chain.from_iterable(map(_TOKEN_SPAN, tokens)))
        self._write_rows(list(map(_TOKEN_TEXT, tokens)), list(map(_TOKEN_READING, tokens)), offsets)

    def write_words(self, words: Sequence[str], readings: Sequence[Reading], start: int = 0) -> None:
        """Append a token for each of ``words`` read as ``readings``, the first at ``start`` and each next one where
        the one before ends: the columns of ``Annotator.words_and_readings``, with no Token built."""
        bounds = list(accumulate(map(len, words), initial=start))
        self._write_rows(words, readings, list(chain.from_iterable(zip(bounds, islice(bounds, 1, None)))))

    def _write_rows(self, words: Sequence[str], readings: Sequence[Reading], offsets: list[int]) -> None:
        """Append the tokens ``words[k]`` read ``readings[k]``, from ``offsets[2k]`` to ``offsets[2k + 1]``."""
        fragments = self._fragments
        done = 0
        if words and not self._written:  # the first token of the array has no comma before it
            _, template = self._fragment(words[0], readings[0], fragments)
            self._put(template[1:] % (offsets[0], offsets[1]))
            done = 1
        for first in range(done, len(words), self.chunk):
            batch, batch_readings = words[first : first + self.chunk], readings[first : first + self.chunk]
            # (reading, template) of each word read so, found by the word in one C-level pass; only where the word
            # was read otherwise (or is new) is its fragment made here
            found = list(map(fragments.get, batch, repeat(_NO_FRAGMENT)))
            for index in compress(count(), map(is_not, map(_FIRST, found), batch_readings)):
                found[index] = self._fragment(batch[index], batch_readings[index], fragments)
            # the batch's templates joined are one format taking every offset of the batch: one % over them all
            # costs two thirds of a % per token (~25 ms of the CPP sentences' 202,000 tokens)
            self._put(b"".join(map(_SECOND, found)) % tuple(offsets[2 * first : 2 * (first + len(batch))]))
        self._written += len(words)

    def _put(self, data: bytes) -> None:
        if self._buffer is None:
            self.stream.write(data.decode("utf-8", "surrogatepass"))
        else:
            self.stream.flush()  # what was written as text goes first
            self._buffer.write(data)

    def _fragment(self, text: str, reading: Reading, fragments: dict) -> tuple[Reading, bytes]:
        """(reading, template) of ``text`` read ``reading``, made once per word and reading."""
        if len(fragments) >= self._REMEMBERED:
            fragments.clear()
        found = fragments.get(text)
        if found is None:  # a new word: its first reading is found by the word alone
            found = fragments[text] = (reading, self._template(text, reading))
        elif found[0] is not reading:  # another reading of the word
            key = (text, id(reading))
            found = fragments.get(key)
            if found is None:
                # the reading is held, so its id is not reused by another reading while the fragment is kept
                found = fragments[key] = (reading, self._template(text, reading))
        return found

    def _template(self, text: str, reading: Reading) -> bytes:
        """``b',\n{"text":…,"start":%d,"end":%d,"pinyin":…}'`` of ``text`` read ``reading``."""
        more = self.extra(text, reading) if self.extra is not None else ""
        if type(more) is not str:
            more = _extra_json(more)
        numbered, gloss = reading.numbered, reading.gloss
        # one f-string: ~33,000 of these for the CPP sentences, every concatenation saved counts
        template = (
            f',\n{{"text":{_json_string(text)},"start":{_OFFSETS}'
            f',"pinyin":{_json_string(numbered_to_marked(numbered))},"numbered":{_json_ascii(numbered)}'
            f',"gloss":{"null" if gloss is None else _json_string(gloss)}'
            f',"in_dictionary":{"true" if reading.in_dictionary else "false"}{more}}}'
        )
        if template.count("%") != 2:  # a '%' in the word, its gloss or a further key: doubled, so % keeps it
            # (the word's JSON string holds no bare '"', so the first '%d,"end":%d' is the offsets')
            head, offsets, tail = template.partition(_OFFSETS)
            template = f'{head.replace("%", "%%")}{offsets}{tail.replace("%", "%%")}'
        return template.encode("utf-8", self._errors)

    def close(self) -> None:
        """End the array and the object."""
        self.stream.write("\n]}")


def write_tokens_json(tokens: Sequence[Token], stream, extra=None, chunk: int = 4096) -> None:
    """Write ``{"tokens": [...]}`` to ``stream`` (see :class:`TokensJsonWriter`)."""
    writer = TokensJsonWriter(stream, extra, chunk)
    writer.write(tokens)
    writer.close()


def tokens_to_json(tokens: Sequence[Token], extra=None) -> str:
    """``{"tokens": [...]}`` as one string (see :func:`write_tokens_json`)."""
    buffer = io.StringIO()
    write_tokens_json(tokens, buffer, extra)
    return buffer.getvalue()
