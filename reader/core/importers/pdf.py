"""PDFs with pypdfium2: the text layer page by page, lines joined back into paragraphs, running heads dropped.

Lines come in the order the page draws them (columns one after the other in any well-made PDF); a paragraph ends at
a wider gap between lines or at a short line that ends a sentence. Lines broken inside a word lose their hyphen.
Lines in the top or bottom band of the page that repeat on most pages (digits counted as one) are running headers
and footers, and page numbers alone on a line go too. Many Chinese PDFs map their glyphs to the Kangxi radicals
(⼩ for 小, ⻚ for 页): they are read as the characters they look like.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from reader.core.errors import UserError
from reader.core.importers.base import ImportedDocument, Importer, Progress, scaled
from reader.core.importers.layout import BROKEN as _BROKEN, Line as _Line, paragraphs as _paragraphs
from reader.core.newspaper import split_articles

_SCAN_PIXELS = 2000  # a scanned page is drawn this large on its long side for OCR (~170 dpi for A4: 10 pt text ~24 px)
_BAND = 0.09  # the top and bottom share of a page where running heads and page numbers live
_PAGE_NUMBER = re.compile(r"^(?:[-–—·\s]*\d+[-–—·\s]*|第\s*\d+\s*页(?:\s*/?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
                          re.IGNORECASE)
_SOFT_HYPHEN = re.compile(r"[\ufffe\x02]\s*")
# CJK Radicals Supplement characters that fonts map simplified components to; NFKC leaves these alone
_RADICALS = dict(zip(*[iter("⻚页⻛风⻜飞⻢马⻥鱼⻦鸟⻔门⻉贝⻋车⻓长⻅见⻈讠⻙韦⻠饣⻧卤⻩黄⻬齐⻮齿⻰龙⻳龟⺠民⺟母⻄西⻑長⻘青⻝食⻣骨⻤鬼⺇几⺊卜⺌小⺍小⺧牛⺮竹⺼月⻊足⻏阝⻖阝⺆冂⺗心⺩王⺫罒⺬示⺰冈⻁虎⻆角⻍辶⻎辶⻐钅⻗雨")] * 2))  # pairs: radical, then the hanzi it stands for


def readable(text: str) -> str:
    """Text with Kangxi and supplement radicals read as the hanzi they stand for (⼩⽂ → 小文)."""
    if not re.search(r"[\u2e80-\u2fdf]", text):
        return text
    return "".join(_RADICALS.get(ch) or (unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch) for ch in text)


def _page_lines(page) -> list[_Line]:
    """The page's text lines in drawing order, each with where it sits."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        lines, chars, boxes = [], [], []

        def flush():
            # pdfium marks a hyphen that breaks a word at a line end as U+FFFE (or U+0002): the word is one
            text = _SOFT_HYPHEN.sub(_BROKEN, "".join(chars)).strip()
            if text and boxes:
                lefts, bottoms, rights, tops = zip(*boxes)
                lines.append(_Line(readable(" ".join(text.split())), height - max(tops), height - min(bottoms), min(lefts), max(rights)))
            chars.clear()
            boxes.clear()

        for index in range(count):
            char = textpage.get_text_range(index, 1)
            if char in ("\r", "\n", "\r\n"):
                flush()
                continue
            chars.append(char)
            if not char.isspace():
                box = textpage.get_charbox(index)
                if boxes and box[3] < min(b[1] for b in boxes):  # below the line so far: a new line without a break mark
                    chars.pop()
                    flush()
                    chars.append(char)
                boxes.append(box)
        flush()
        return lines
    finally:
        textpage.close()


def _running_heads(pages: list[list[_Line]], heights: list[float]) -> set[str]:
    """Texts (digits as #) in the top or bottom band of most pages: running headers and footers."""
    seen: Counter = Counter()
    for lines, height in zip(pages, heights):
        seen.update({re.sub(r"\d+", "#", line.text) for line in lines if _in_band(line, height)})
    if len(pages) < 2:
        return set()
    return {text for text, count in seen.items() if count >= max(2, (len(pages) + 1) // 2)}


def _in_band(line: _Line, height: float) -> bool:
    return line.bottom <= height * _BAND or line.top >= height * (1 - _BAND)


class PdfImporter(Importer):
    """.pdf."""

    name = "pdf"
    extensions = (".pdf",)

    def read(self, path: Path, data: bytes, progress: Progress | None = None) -> ImportedDocument:
        """The text layer as articles; a scan without one goes through OCR."""
        import pypdfium2

        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            if "password" in str(error).lower():
                raise UserError(f"{path}: the PDF is password-protected; open it in a PDF reader and save a copy without the password") from None
            raise UserError(f"{path}: not a readable PDF ({str(error).splitlines()[0][:100]})") from None
        try:
            pages, heights = [], []
            total = len(pdf)
            for number in range(total):
                page = pdf[number]
                try:
                    pages.append(_page_lines(page))
                    heights.append(page.get_height())
                finally:
                    page.close()
                if progress:
                    progress(0.7 * (number + 1) / max(1, total))
            if not any(pages):
                pages, heights = self._scanned(path, pdf, scaled(progress, 0.0, 0.7))
        finally:
            pdf.close()
        heads = _running_heads(pages, heights)
        text = []
        for lines, height in zip(pages, heights):
            kept = [line for line in lines
                    if not (_in_band(line, height) and (re.sub(r"\d+", "#", line.text) in heads or _PAGE_NUMBER.match(line.text)))]
            text.extend(_paragraphs(kept))
        if not text:
            raise UserError(f"{path}: the PDF has no text but its running headers and page numbers")
        articles = split_articles("\n\n".join(text), path.stem, scaled(progress, 0.7, 1.0))
        return ImportedDocument(path.stem, "utf-8", articles, path)

    def _scanned(self, path: Path, pdf, progress: Progress | None) -> tuple[list[list[_Line]], list[float]]:
        """A scan's pages read through OCR: each page drawn at ~2000 px on its long side, its lines in pixels."""
        from reader.core.ocr import recognise

        pages, heights = [], []
        total = len(pdf)
        for number in range(total):
            page = pdf[number]
            try:
                scale = _SCAN_PIXELS / max(page.get_width(), page.get_height(), 1.0)
                bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
                pixels = bitmap.to_numpy()[..., :3].copy()  # PDFium draws BGR, as the engine takes it
                pages.append([_Line(readable(line.text), line.top, line.bottom, line.left, line.right)
                              for line in recognise(pixels, scaled(progress, number / total, (number + 1) / total))])
                heights.append(float(pixels.shape[0]))
            finally:
                page.close()
        if not any(pages):
            raise UserError(f"{path}: the PDF has no text layer, and no text was found in its pages' pictures")
        return pages, heights
