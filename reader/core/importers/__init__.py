"""Importing what a learner reads: text files in any Chinese encoding, web pages, EPUBs, PDFs, pictures, pasted text.

``import_file(path, progress)`` and ``import_text(text, title)`` return an ImportedDocument (title, encoding,
articles, source_path). Both are safe to call from a worker thread: they touch no shared state. ``progress``
receives the fraction done (0..1), rising, for a progress bar. Bad input raises UserError (one line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from reader.core.errors import UserError
from reader.core.importers.base import ImportedDocument, Importer, Progress, scaled
from reader.core.importers.registry import importer_for, importers, register
from reader.core.models import Article

PASTED_PICTURE = "The pasted picture"  # names a paste in messages ("The pasted picture: no text found in the picture")
__all__ = ["ImportedDocument", "Importer", "import_file", "import_picture", "import_text", "import_url", "importer_for", "importers", "register"]


def import_file(path: str | Path, progress: Progress | None = None) -> ImportedDocument:
    """Read the file at ``path`` into articles with the importer for its kind."""
    from reader.core.textfile import read_bytes

    path = Path(path)
    data = read_bytes(path, scaled(progress, 0.0, 0.2))
    return import_bytes(path, data, progress)


def import_bytes(path: Path, data: bytes, progress: Progress | None = None) -> ImportedDocument:
    """Read a file's bytes already in memory (``path`` picks the importer and names the document).

    A file name that is not UTF-8 is named with ``\\xff`` escapes (it titles the document and goes into the library).
    """
    from reader.core.errors import printable

    named = Path(printable(str(path)))
    document = importer_for(path).read(named, data, scaled(progress, 0.2, 1.0))
    if progress:
        progress(1.0)
    return clean_document(document)


def clean_document(document: ImportedDocument) -> ImportedDocument:
    """The document with control characters (NUL, an ANSI escape, from the bytes or from &#27;) out of every text."""
    from reader.core.textfile import clean_text

    document.title = clean_text(document.title) if isinstance(document.title, str) else document.title
    for article in document.articles:
        clean_article(article)
    return document


def clean_article(article: Article) -> Article:
    """The article with control characters out of every text (as :func:`clean_document`)."""
    from reader.core.textfile import clean_text  # once an article: an import statement costs ~10 µs under PySide

    def clean(value):
        return clean_text(value) if isinstance(value, str) else value

    article.title = clean(article.title)
    article.subtitle, article.kicker = clean(article.subtitle), clean(article.kicker)
    article.byline, article.dateline = clean(article.byline), clean(article.dateline)
    article.paragraphs = [clean(paragraph) for paragraph in article.paragraphs]
    return article


def streamed_text(path: Path, progress: Progress | None = None) -> tuple[str, Iterator[Article]] | None:
    """A big text file in plain UTF-8 as ``import_bytes`` would read it, its title and its articles, split and cleaned
    as the file is read (never whole in memory; a file with no text raises UserError when its articles are read);
    None for any other file."""
    from reader.core.errors import printable
    from reader.core.importers.text import TextImporter
    from reader.core.newspaper import iter_articles
    from reader.core.textfile import PIECE, clean_text, utf8_stream

    if not isinstance(importer_for(path), TextImporter):
        return None
    stream = utf8_stream(path)
    if stream is None:
        return None
    named = Path(printable(str(path)))
    size = max(1, path.stat().st_size)

    def pieces() -> Iterator[str]:
        for number, piece in enumerate(stream.pieces):
            if progress:
                progress(min(1.0, number * PIECE / size))  # each piece is about PIECE bytes of the file
            yield piece

    def articles() -> Iterator[Article]:
        found = False
        for article in iter_articles(pieces(), named.stem):
            found = True
            yield clean_article(article)
        if not found:
            raise UserError(f"{named}: the file has no text")
        if progress:
            progress(1.0)

    return clean_text(named.stem), articles()


def import_url(url: str, progress: Progress | None = None) -> ImportedDocument:
    """Fetch the web page at ``url`` and read its article (the site's charset first, then the page's own)."""
    from reader.core.fetch import fetch
    from reader.core.importers.html import clean_markup, decode_html
    from reader.core.importers.web import extract_article
    from reader.core.textfile import DecodedText

    page = fetch(url, scaled(progress, 0.0, 0.6))
    decoded = None
    if page.charset:
        charset = "gb18030" if page.charset in ("gb2312", "gbk", "x-gbk", "cp936") else page.charset
        try:
            decoded = DecodedText(clean_markup(page.data.decode(charset).lstrip("\ufeff")), charset)
        except (UnicodeDecodeError, LookupError):
            decoded = None  # the server named the wrong charset: the page's own <meta> or the bytes decide
    decoded = decoded or decode_html(page.data, page.url)
    title, articles = extract_article(decoded.text, page.url, scaled(progress, 0.6, 1.0))
    if progress:
        progress(1.0)
    return clean_document(ImportedDocument(title or page.url, decoded.encoding, articles, None))


def import_text(text: str, title: str | None = None, progress: Progress | None = None) -> ImportedDocument:
    """Pasted text as a document (split into articles like a file); titled from its first line unless given."""
    from reader.core.newspaper import short_title, split_articles
    from reader.core.textfile import clean_text

    text = clean_text(text)
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if not first:
        raise UserError("the pasted text is empty")
    title = title or short_title(first, 24)
    articles = split_articles(text, title, progress)
    return ImportedDocument(title, "utf-8", articles, None)


def import_picture(data: bytes, title: str | None = None, progress: Progress | None = None) -> ImportedDocument:
    """A pasted picture's text, recognised offline, as a document titled from its first line unless given."""
    from reader.core.importers.image import picture_article
    from reader.core.newspaper import short_title
    from reader.core.ocr import decode_picture

    pixels = decode_picture(data, PASTED_PICTURE)
    article = picture_article(pixels, "", PASTED_PICTURE, scaled(progress, 0.05, 1.0))
    article.title = title or short_title(article.paragraphs[0], 24)
    return ImportedDocument(article.title, "ocr", [article], None)
