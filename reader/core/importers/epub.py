"""EPUB books: each chapter of the spine an article, in reading order (zipfile and the stdlib XML parser)."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from reader.core.errors import UserError
from reader.core.importers.base import ImportedDocument, Importer, Progress
from reader.core.importers.html import extract_text
from reader.core.models import Article
from reader.core.newspaper import paragraphs_of
from reader.core.textfile import decode_bytes

_CONTAINER = "META-INF/container.xml"
_DOCUMENT_TYPES = {"application/xhtml+xml", "text/html", "application/x-dtbook+xml"}


# A zip bomb is a small file whose entries inflate to gigabytes: refuse by declared size and by compression ratio
# before inflating anything. Real EPUB chapters are under 1 MB and compress 2-10x; XML of 10,000 repeated tags 100x.
MAX_ENTRY_BYTES = 64 << 20
MAX_BOOK_BYTES = 512 << 20
MAX_RATIO = 200
_RATIO_FROM = 1 << 20  # tiny entries may compress any amount


# what a damaged archive raises while inflating (a bad CRC, a truncated stream, an unknown compression method)
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError, NotImplementedError, zlib.error)


class _Missing(Exception):
    """A part every EPUB has is not in the archive."""


class _TooLarge(Exception):
    """An entry (or the whole book) inflates to more than Yuedu reads."""


def _member(book: zipfile.ZipFile, name: str, budget: list[int] | None = None) -> bytes:
    """The entry ``name``, inflated only when its declared size and ratio are sane (and within ``budget[0]``)."""
    try:
        info = book.getinfo(name)
    except KeyError:
        raise _Missing(name) from None
    ratio = info.file_size / max(1, info.compress_size)
    if info.file_size > MAX_ENTRY_BYTES or (info.file_size > _RATIO_FROM and ratio > MAX_RATIO):
        raise _TooLarge(f"{name} inflates to {info.file_size >> 20} MB, {ratio:.0f} times its packed size")
    if budget is not None:
        budget[0] -= info.file_size
        if budget[0] < 0:
            raise _TooLarge(f"its chapters inflate to more than {MAX_BOOK_BYTES >> 20} MB")
    with book.open(info) as entry:
        data = entry.read(MAX_ENTRY_BYTES + 1)  # the declared size bounds what zipfile inflates; this bounds a lie
    if len(data) > MAX_ENTRY_BYTES:
        raise _TooLarge(f"{name} inflates to more than {MAX_ENTRY_BYTES >> 20} MB")
    return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class EpubImporter(Importer):
    """.epub."""

    name = "epub"
    extensions = (".epub",)

    def read(self, path: Path, data: bytes, progress: Progress | None = None) -> ImportedDocument:
        """One article per spine document that has text; the book's dc:title as the document's title."""
        try:
            book = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            raise UserError(f"{path}: not an EPUB (not a zip archive)") from None
        with book:
            try:
                package_path = self._package_path(book)
                package = ElementTree.fromstring(_member(book, package_path))
            except _Missing as missing:
                raise UserError(f"{path}: not an EPUB (no {missing})") from None
            except _TooLarge as reason:
                raise UserError(f"{path}: refused: a possible zip bomb ({reason})") from None
            except ElementTree.ParseError as error:
                raise UserError(f"{path}: damaged EPUB (unreadable XML: {error})") from None
            except _ZIP_ERRORS as error:
                raise UserError(f"{path}: damaged EPUB ({error})") from None
            title = self._title(package) or path.stem
            chapters = self._spine(package, posixpath.dirname(package_path))
            articles = []
            budget = [MAX_BOOK_BYTES]
            for number, chapter in enumerate(chapters, 1):
                if progress:
                    progress(number / max(1, len(chapters)))
                try:
                    raw = _member(book, chapter, budget)
                except _Missing:
                    raise UserError(f"{path}: damaged EPUB (the spine names {chapter}, which is missing)") from None
                except _TooLarge as reason:
                    raise UserError(f"{path}: refused: a possible zip bomb ({reason})") from None
                except _ZIP_ERRORS as error:
                    raise UserError(f"{path}: damaged EPUB ({error})") from None
                article = self._chapter(raw, f"{path}:{chapter}", len(articles) + 1)
                if article is not None:
                    articles.append(article)
        if not articles:
            raise UserError(f"{path}: the EPUB has no text")
        return ImportedDocument(title, "utf-8", articles, path)

    @staticmethod
    def _package_path(book: zipfile.ZipFile) -> str:
        container = ElementTree.fromstring(_member(book, _CONTAINER))
        for element in container.iter():
            if _local(element.tag) == "rootfile" and element.get("full-path"):
                full_path = element.get("full-path")
                return full_path
        raise _Missing(f"rootfile in {_CONTAINER}")

    @staticmethod
    def _title(package: ElementTree.Element) -> str:
        for element in package.iter():
            if _local(element.tag) == "title" and (element.text or "").strip():
                return element.text.strip()
        return ""

    @staticmethod
    def _spine(package: ElementTree.Element, base: str) -> list[str]:
        manifest = {}
        for element in package.iter():
            if _local(element.tag) == "item" and element.get("id") and element.get("href"):
                manifest[element.get("id")] = (element.get("href"), element.get("media-type", ""))
        chapters = []
        for element in package.iter():
            if _local(element.tag) == "itemref" and element.get("idref") in manifest:
                href, media_type = manifest[element.get("idref")]
                if media_type in _DOCUMENT_TYPES or href.lower().endswith((".xhtml", ".html", ".htm")):
                    chapters.append(posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0]))))
        return chapters

    @staticmethod
    def _chapter(raw: bytes, name: str, number: int) -> Article | None:
        if not raw.strip():
            return None  # an empty chapter file: nothing to read, the rest of the book still is
        markup = decode_bytes(raw, name).text
        extractor = extract_text(markup)
        paragraphs = paragraphs_of("\n\n".join(extractor.blocks))
        if not paragraphs:
            return None  # a cover or an image page: nothing to read
        if extractor.headings and paragraphs[0] == extractor.headings[0]:
            return Article(title=paragraphs[0], paragraphs=paragraphs[1:])
        return Article(title=extractor.title or f"Chapter {number}", paragraphs=paragraphs)
