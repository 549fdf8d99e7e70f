"""PDFs drawn with Qt's QPdfWriter in a CJK font, laid out as textbooks and newspapers are: columns, a running header
and footer, page numbers. What was drawn is known exactly, to compare with what the importer reads back."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextOption


def make_pdf(path, pages: list[list[str]], columns: int = 2, header: str | None = None, footer: str | None = None,
             title: str | None = None, family: str = "Noto Sans CJK SC", password_protected: bool = False) -> None:
    """Write ``pages`` (each a list of paragraphs, flowing down ``columns`` columns) to ``path``."""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setResolution(300)
    painter = QPainter(writer)
    width, height = writer.width(), writer.height()
    margin, gutter = width * 0.08, width * 0.05
    body = QFont(family)
    body.setPixelSize(42)
    small = QFont(family)
    small.setPixelSize(30)
    big = QFont(family)
    big.setPixelSize(70)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAnywhere)
    for number, paragraphs in enumerate(pages, 1):
        if number > 1:
            writer.newPage()
        top = margin + 60
        if header:
            painter.setFont(small)
            painter.drawText(QRectF(margin, margin * 0.5, width - 2 * margin, 50), Qt.AlignmentFlag.AlignCenter, header)
        if footer:
            painter.setFont(small)
            painter.drawText(QRectF(margin, height - margin * 0.7, width - 2 * margin, 50), Qt.AlignmentFlag.AlignCenter,
                             footer.format(page=number))
        if title and number == 1:
            painter.setFont(big)
            painter.drawText(QRectF(margin, top, width - 2 * margin, 100), Qt.AlignmentFlag.AlignCenter, title)
            top += 160
        painter.setFont(body)
        column_width = (width - 2 * margin - gutter * (columns - 1)) / columns
        column, y = 0, top
        bottom = height - margin - 60
        for paragraph in paragraphs:
            left = margin + column * (column_width + gutter)
            box = painter.boundingRect(QRectF(left, y, column_width, bottom - y), paragraph, option)
            if y + box.height() > bottom:
                column += 1
                y = top
                left = margin + column * (column_width + gutter)
                assert column < columns, "the page's text does not fit: give it fewer paragraphs"
                box = painter.boundingRect(QRectF(left, y, column_width, bottom - y), paragraph, option)
            painter.drawText(QRectF(left, y, column_width, box.height() + 5), paragraph, option)
            y += box.height() + 30
    painter.end()
