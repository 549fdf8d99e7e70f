"""Reading a text file the way a learner expects: any common Chinese encoding, BOM dropped, LF line ends."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import UserError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class DecodedText:
    """A file's text after decoding, and the encoding it was read with."""

    text: str
    encoding: str


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, name: str = "input") -> DecodedText:
    """Decode bytes whose encoding is not given: BOM, then UTF-8, then charset-normalizer's best guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(normalise_newlines(data.decode(encoding).lstrip("\ufeff")), encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                raise UserError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    if not data.strip():
        raise UserError(f"{name}: the file is empty")
    if b"\x00" in data:
        raise UserError(f"{name}: this is a binary file, not text")
    try:
        return DecodedText(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UserError(f"{name}: cannot tell the text encoding (is this a text file?)")
    encoding = best.encoding
    if encoding in ("gb2312", "gbk"):
        encoding = "gb18030"  # a superset: GB2312/GBK guesses otherwise fail on the rarer characters
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise UserError(f"{name}: cannot tell the text encoding (is this a text file?)") from None
    return DecodedText(normalise_newlines(text), encoding)


def read_text_file(path: str | Path) -> DecodedText:
    """Read and decode a text file, or raise UserError with a one-line reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror})") from None
    return decode_bytes(data, str(path))
