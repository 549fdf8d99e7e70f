"""Reading a text file the way a learner expects: any common Chinese encoding, BOM dropped, LF line ends.

Detection order: a byte-order mark; strict UTF-8; then GB18030 and Big5 when one of them decodes cleanly
into mostly *common* hanzi (charset-normalizer alone takes short Chinese texts for Korean cp949); then
charset-normalizer's best guess, with GB2312/GBK guesses read as their superset GB18030.
"""

from __future__ import annotations

import codecs
import collections
import re
import errno
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from reader.core.errors import UserError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# File signatures of the binary files a learner is most likely to pick by mistake.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x7fELF", "a program"),
)

SAMPLE_BYTES = 65_536  # enough hanzi to tell GB18030 from Big5, small enough to be instant on 50 MB
_CHINESE_CANDIDATES = ("gb18030", "big5")
_MIN_COMMON_SHARE = 0.8  # right decodings score ~0.97+, a Big5/GBK mix-up scores under 0.6
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f", "\v"}

Progress = Callable[[float], None]


@dataclass(frozen=True)
class DecodedText:
    """A file's text after decoding, and the encoding it was read with."""

    text: str
    encoding: str
    replaced: int = 0  # bytes that were not valid in ``encoding``, each shown as U+FFFD

    def notes(self, name: str) -> list[str]:
        """One-line warnings about how the text was read: bytes replaced (none when the file decoded cleanly)."""
        if not self.replaced:
            return []
        count = f"{self.replaced} byte{'s' if self.replaced != 1 else ''}"
        return [f"{name}: {count} not valid {self.encoding} replaced with \ufffd (the rest of the file reads as {self.encoding})"]


@dataclass(frozen=True)
class DecodedPieces:
    """A file's text as :class:`DecodedText` holds it, in pieces each ending just after a line end (the last
    excepted): joining a 200 MB file's text into one string holds the GIL (the window's UI thread) 0.2-0.6 s."""

    pieces: Iterable[str]  # a list; for read_text_pieces of a big file, an iterator to be read once
    encoding: str
    replaced: int = 0

    def joined(self) -> DecodedText:
        """The same text as one string."""
        return DecodedText("".join(self.pieces), self.encoding, self.replaced)

    def notes(self, name: str) -> list[str]:
        """As :meth:`DecodedText.notes`."""
        return DecodedText("", self.encoding, self.replaced).notes(name)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


_DROPPED_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # NUL, ESC (terminal escapes), C1 codes


# A whole-text operation in C (decoding, replacing, a regular expression) holds the GIL for all of it: on a 200 MB
# file each took the window's UI thread 0.1-0.7 s. Long texts go through them in pieces of this many characters
# (or bytes), cut where the pieces cannot change the result.
PIECE = 1 << 21


def lines_of_pieces(pieces):
    """``"".join(pieces).split("\n")`` one line at a time, without joining the pieces (and for one piece, without
    one call over the whole of a long text)."""
    held: list[str] = []
    for piece in pieces:
        start = 0
        find = piece.find
        while (end := find("\n", start)) >= 0:
            if held:
                held.append(piece[start:end])
                yield "".join(held)
                held = []
            else:
                yield piece[start:end]
            start = end + 1
        held.append(piece[start:])
    yield "".join(held)


def _pieces_after_newlines(text: str, size: int = PIECE):
    """``text`` in pieces of about ``size`` characters, each but the last ending with a newline."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def clean_text(text: str) -> str:
    """Newlines normalised, form feeds and vertical tabs as line breaks, other control characters (NUL, ESC) dropped."""
    if len(text) > PIECE:  # a CR LF pair never straddles two pieces: each ends just after a newline
        return "".join(_clean_piece(piece) for piece in _pieces_after_newlines(text))
    return _clean_piece(text)


def _clean_piece(text: str) -> str:
    text = normalise_newlines(text)
    if "\f" in text or "\v" in text:
        text = text.replace("\f", "\n").replace("\v", "\n")
    return _DROPPED_CONTROLS.sub("", text)


@cache
def common_hanzi() -> frozenset[str]:
    """The everyday characters: GB2312 level 1 (3,755 simplified) and Big5 level 1 (5,401 traditional)."""
    characters = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                characters.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                characters.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(characters)


def _is_hanzi(character: str) -> bool:
    return "\u4e00" <= character <= "\u9fff" or "\u3400" <= character <= "\u4dbf"


def _is_punctuation(character: str) -> bool:
    return "\u3000" <= character <= "\u303f" or "\uff00" <= character <= "\uffef" or "\u2000" <= character <= "\u206f"


def chinese_score(text: str) -> tuple[float, float]:
    """(share of non-ASCII letters that are hanzi, share that are everyday hanzi); punctuation not counted."""
    common = common_hanzi()
    wide = hanzi = everyday = 0
    for character in text:
        if character < "\x80" or character.isspace() or _is_punctuation(character):
            continue
        wide += 1
        if _is_hanzi(character):
            hanzi += 1
            everyday += character in common
    if not wide:
        return 0.0, 0.0
    return hanzi / wide, everyday / wide


def _sample(data: bytes, encoding: str) -> str | None:
    """The first SAMPLE_BYTES decoded strictly (a character cut at the end is allowed), or None."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        return decoder.decode(data[:SAMPLE_BYTES], final=len(data) <= SAMPLE_BYTES)
    except UnicodeDecodeError:
        return None


def _chinese_encoding(data: bytes) -> str | None:
    """GB18030 or Big5 when one of them reads the start of ``data`` as mostly everyday hanzi."""
    best, best_score = None, 0.0
    for encoding in _CHINESE_CANDIDATES:
        text = _sample(data, encoding)
        if text is None:
            continue
        hanzi_share, everyday_share = chinese_score(text)
        if hanzi_share >= 0.5 and everyday_share >= _MIN_COMMON_SHARE and everyday_share > best_score:
            best, best_score = encoding, everyday_share
    return best


def binary_kind(data: bytes) -> str | None:
    """What kind of binary file ``data`` is ("a PNG image", "a binary file"), or None for text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if b"\x00" in data[:SAMPLE_BYTES] or b"\x00" in data[-SAMPLE_BYTES:]:
        return "a binary file"
    return None


_MAX_REPLACED_SHARE = 0.1  # a UTF-8 file with a few bad bytes has >=10 valid multi-byte characters per bad byte


def _utf8_with_replacements(data: bytes) -> DecodedText | None:
    """UTF-8 with its few invalid bytes replaced, when the rest is plainly UTF-8 (a GB18030 file is all bad bytes)."""
    escaped = data.decode("utf-8", "surrogateescape")
    bad = sum(1 for character in escaped if "\udc80" <= character <= "\udcff")
    wide = sum(1 for character in escaped if character >= "\x80") - bad
    if not bad or wide < 10 or bad > wide * _MAX_REPLACED_SHARE:
        return None
    return DecodedText(data.decode("utf-8", "replace"), "utf-8", bad)


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes read cleanly as one of them into text (hanzi, ASCII, punctuation)."""
    if len(data) < 4:
        return None
    sample = data[: SAMPLE_BYTES - SAMPLE_BYTES % 2]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    for encoding in (("utf-16-le", "utf-16-be") if zeros_odd >= zeros_even else ("utf-16-be", "utf-16-le")):
        text = _sample(sample, encoding)
        if not text or not text.strip():
            continue
        common = common_hanzi()
        readable = sum(1 for c in text if c in "\t\n\r" or " " <= c <= "~" or _is_punctuation(c) or c in common)
        if readable >= 0.95 * len(text):
            return encoding
    return None


def decode_bytes(data: bytes, name: str = "input", progress: Progress | None = None) -> DecodedText:
    """Decode bytes whose encoding is not given: BOM, UTF-8, UTF-16, GB18030/Big5 by their hanzi, then charset-normalizer.

    Control characters other than tab and newline (NUL, ESC) are dropped from the text.
    """
    return decode_bytes_in_pieces(data, name, progress).joined()


def decode_bytes_in_pieces(data: bytes, name: str = "input", progress: Progress | None = None) -> DecodedPieces:
    """``decode_bytes``'s text in pieces of about PIECE characters, each ending just after a line end (the last
    excepted), never joined into one string."""
    decoded = _decode(data, name, progress)
    raw = collections.deque(decoded.pieces)
    decoded.pieces.clear()  # each raw piece is let go of as soon as it is cleaned
    cleaned = [_clean_piece(piece) for piece in _cut_after_newlines(_taken(raw))]
    return DecodedPieces(cleaned, decoded.encoding, decoded.replaced)


def _taken(parts: collections.deque):
    """The parts, each let go of as it is handed on."""
    while parts:
        yield parts.popleft()


def _cut_after_newlines(parts):
    """The text of ``parts`` again in pieces that each end just after a newline (the last excepted); a piece
    without a newline is held until one comes."""
    held: list[str] = []
    for part in parts:
        cut = part.rfind("\n") + 1
        if not cut:
            held.append(part)
            continue
        held.append(part[:cut])
        yield "".join(held)
        held = [part[cut:]]
    rest = "".join(held)
    if rest:
        yield rest


def _without_leading(pieces: list[str], characters: str) -> list[str]:
    """``pieces`` as if their text were ``lstrip``-ed of ``characters``."""
    while pieces:
        pieces[0] = pieces[0].lstrip(characters)
        if pieces[0]:
            break
        pieces.pop(0)
    return pieces


def _decode(data: bytes, name: str, progress: Progress | None) -> DecodedPieces:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                pieces = _without_leading(_decode_in_pieces(data, encoding), "\ufeff")
                return DecodedPieces(pieces, encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                raise UserError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    if not data or data.isspace():  # not data.strip(): that copies the whole file first
        raise UserError(f"{name}: the file is empty")
    kind = binary_kind(data)
    if kind == "a binary file":
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            try:
                return DecodedPieces([data.decode(utf16)], "utf-16")
            except UnicodeDecodeError:
                pass
    if kind is not None:
        detail = "" if kind == "a binary file" else f" ({kind})"
        raise UserError(f"{name}: this is a binary file{detail}, not text")
    try:
        return DecodedPieces(_decode_in_pieces(data, "utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if progress:
        progress(0.5)
    encoding = _chinese_encoding(data)
    if encoding is not None:
        try:
            return DecodedPieces(_decode_in_pieces(data, encoding), encoding)
        except UnicodeDecodeError:
            pass  # clean at the start, not further on: let charset-normalizer weigh the whole file
    replaced = _utf8_with_replacements(data)
    if replaced is not None:
        return DecodedPieces([replaced.text], replaced.encoding, replaced.replaced)
    guessed = _guess(data, name)
    return DecodedPieces([guessed.text], guessed.encoding)


def _decode_in_pieces(data: bytes, encoding: str) -> list[str]:
    """``data.decode(encoding)`` (strict) as a list of pieces, a piece of PIECE bytes at a time (no one long call
    holding the GIL, and no join of the whole text)."""
    if len(data) <= PIECE:
        return [data.decode(encoding)]
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    view = memoryview(data)
    parts = [decoder.decode(view[start : start + PIECE]) for start in range(0, len(data), PIECE)]
    parts.append(decoder.decode(b"", final=True))
    return parts


def _guess(data: bytes, name: str) -> DecodedText:
    from charset_normalizer import from_bytes

    undecidable = UserError(f"{name}: cannot tell the text encoding (is this a text file?)")
    best = from_bytes(data).best()
    if best is None:
        raise undecidable
    encoding = best.encoding
    if encoding in ("gb2312", "gbk", "cp936", "hz"):
        encoding = "gb18030"  # a superset: GB2312/GBK guesses otherwise fail on the rarer characters
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise undecidable from None
    controls = sum(1 for character in text[:SAMPLE_BYTES] if character in _CONTROL)
    if controls > len(text[:SAMPLE_BYTES]) // 100:
        raise undecidable
    return DecodedText(text, encoding)


MAX_INPUT_BYTES = 256 << 20  # a long web novel is ~10 MB; anything this big is not something to read in a window


def _size_text(size: int) -> str:
    return f"{size / (1 << 20):.0f} MB" if size >= 1 << 20 else f"{size} bytes"


def _opened_regular_file(path: Path) -> int:
    """A read-only descriptor on the regular file at ``path``; a FIFO, device or socket is refused, never waited on."""
    # O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of hanging; it is cleared for regular files
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path}: not a regular file (a pipe, a device or a socket); give Yuedu a file to read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return descriptor
    except BaseException:
        os.close(descriptor)
        raise


@contextmanager
def _opened(path: Path, limit: int):
    """The regular file at ``path`` open for reading, and its size; every failure (inside the ``with`` too) as a
    one-line UserError."""
    try:
        with open(_opened_regular_file(path), "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise UserError(f"{path}: too large to read ({_size_text(size)}; Yuedu reads files up to {_size_text(limit)})")
            yield handle, size
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except (IsADirectoryError, NotADirectoryError) as error:
        if isinstance(error, NotADirectoryError):
            raise UserError(f"{path}: no such file (a part of the path is not a directory)") from None
        raise UserError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror})") from None


def _too_large(path: Path, limit: int) -> UserError:
    return UserError(f"{path}: too large to read (over {_size_text(limit)})")


def read_bytes(path: str | Path, progress: Progress | None = None, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A regular file's bytes (at most ``limit``), or UserError with a one-line reason; ``progress`` gets the fraction read."""
    path = Path(path)
    with _opened(path, limit) as (handle, size):
        chunks, done = [], 0
        while chunk := handle.read(min(4 << 20, limit + 1 - done)):
            chunks.append(chunk)
            done += len(chunk)
            if done > limit:  # the file grew while it was read
                raise _too_large(path, limit)
            if progress is not None:
                progress(min(1.0, done / max(1, size)))
        return b"".join(chunks)


STREAM_BYTES = 16 << 20  # a file bigger than this is decoded as its pieces are taken (read_text_pieces)


def read_text_pieces(path: str | Path, limit: int = MAX_INPUT_BYTES) -> DecodedPieces:
    """``read_text_file``'s text in pieces; a big file in plain UTF-8 (the common case) is decoded as they are taken,
    never held whole (a 200 MB file: its bytes and its text were most of ``annotate``'s memory). Any other file is
    read whole, with the same encoding detection, warnings and errors."""
    stream = utf8_stream(path, limit)
    return stream if stream is not None else decode_bytes_in_pieces(read_bytes(path, limit=limit), str(path))


def utf8_stream(path: str | Path, limit: int = MAX_INPUT_BYTES) -> DecodedPieces | None:
    """A file over STREAM_BYTES in plain UTF-8, its text in pieces decoded as they are taken (the same pieces
    ``decode_bytes_in_pieces`` gives); None for any other file, which is read whole."""
    path = Path(path)
    with _opened(path, limit) as (handle, size):
        streams = size > STREAM_BYTES and _plain_utf8(handle, size, limit)
    return DecodedPieces(_utf8_pieces(path, limit), "utf-8") if streams else None


def _plain_utf8(handle, size: int, limit: int) -> bool:
    """Whether ``decode_bytes`` would read the file as strict UTF-8 (no byte-order mark, not blank, not binary, valid
    UTF-8 throughout), checked a piece at a time."""
    head = handle.read(SAMPLE_BYTES)
    if any(head.startswith(bom) for bom, _ in _BOMS) or binary_kind(head) is not None:
        return False
    handle.seek(max(0, size - SAMPLE_BYTES))
    if b"\x00" in handle.read(SAMPLE_BYTES):
        return False
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    blank, done = True, 0
    try:
        while chunk := handle.read(PIECE):
            decoder.decode(chunk)
            blank = blank and chunk.isspace()
            done += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return not blank and done <= limit


def _utf8_pieces(path: Path, limit: int) -> Iterator[str]:
    """The cleaned text of a file checked by ``_plain_utf8``, a piece at a time, as ``decode_bytes_in_pieces`` cuts it."""
    with _opened(path, limit) as (handle, _size):
        decoder = codecs.getincrementaldecoder("utf-8")("strict")

        def decoded() -> Iterator[str]:
            done = 0
            while chunk := handle.read(PIECE):
                done += len(chunk)
                if done > limit:
                    raise _too_large(path, limit)
                yield decoder.decode(chunk)
            yield decoder.decode(b"", final=True)

        try:
            for piece in _cut_after_newlines(decoded()):
                yield _clean_piece(piece)
        except UnicodeDecodeError:
            raise UserError(f"{path}: the file changed while it was read (it is no longer valid UTF-8)") from None


def read_text_file(path: str | Path) -> DecodedText:
    """Read and decode a text file, or raise UserError with a one-line reason."""
    return decode_bytes(read_bytes(path), str(path))
