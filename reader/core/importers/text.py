"""Plain text in any common Chinese encoding: a newspaper page, a novel, a passage."""

from __future__ import annotations

from pathlib import Path

from reader.core.errors import UserError
from reader.core.importers.base import ImportedDocument, Importer, Progress, scaled
from reader.core.newspaper import split_articles
from reader.core.textfile import decode_bytes_in_pieces


class TextImporter(Importer):
    """.txt and anything no other importer claims."""

    name = "text"
    extensions = (".txt", ".text", ".md")

    def read(self, path: Path, data: bytes, progress: Progress | None = None) -> ImportedDocument:
        """Decode without asking for the encoding, then split into articles."""
        # in pieces: joining a long file's text into one string holds the window's UI thread (the GIL) 0.2-0.6 s
        decoded = decode_bytes_in_pieces(data, str(path), scaled(progress, 0.0, 0.3))
        articles = split_articles(decoded.pieces, path.stem, scaled(progress, 0.3, 1.0))
        if not articles:
            raise UserError(f"{path}: the file has no text")
        return ImportedDocument(path.stem, decoded.encoding, articles, path, decoded.notes(str(path)))
