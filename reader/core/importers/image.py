"""Pictures of text (.png, .jpg/.jpeg, .webp) read through offline OCR into one article.

Each paragraph carries where its lines sit in the picture (``paragraph_info["ocr_lines"]``: for each line, where its
text ends in the paragraph, then its box's left, top, right, bottom in pixels), for showing the picture beside it.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.errors import UserError
from reader.core.importers.base import ImportedDocument, Importer, Progress, scaled
from reader.core.importers.layout import Line, join_lines, paragraph_groups
from reader.core.library import PICTURE_SUFFIXES
from reader.core.models import Article


def picture_article(pixels, title: str, name: str, progress: Progress | None = None) -> Article:
    """The text OCR reads in a BGR picture as an article (UserError naming ``name`` when it finds none)."""
    from reader.core.ocr import recognise

    return lines_article(recognise(pixels, progress), title, name)


def lines_article(lines: list[Line], title: str, name: str) -> Article:
    """Recognised lines joined into paragraphs, each paragraph knowing its lines' places."""
    paragraphs, info = [], []
    for group in paragraph_groups(lines):
        text, places = "", []
        for line in group:
            text = join_lines(text, line.text) if text else line.text
            places.append([len(text), *line.place] if line.place else [len(text)])
        paragraphs.append(text)
        info.append({"ocr_lines": places})
    if not paragraphs:
        raise UserError(f"{name}: no text found in the picture")
    return Article(title=title, paragraphs=paragraphs, paragraph_info=info)


class ImageImporter(Importer):
    """.png, .jpg, .jpeg, .webp."""

    name = "image"
    extensions = PICTURE_SUFFIXES

    def read(self, path: Path, data: bytes, progress: Progress | None = None) -> ImportedDocument:
        """The picture's text, recognised offline, as one article titled by the file."""
        from reader.core.ocr import decode_picture

        pixels = decode_picture(data, str(path))
        if progress:
            progress(0.05)
        article = picture_article(pixels, path.stem, str(path), scaled(progress, 0.05, 1.0))
        return ImportedDocument(path.stem, "ocr", [article], path)
