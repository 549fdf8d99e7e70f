"""Pictures of Chinese text drawn with Qt in a CJK font, as screenshots, photos and scans show it: several sizes, dark
on light and light on dark, horizontal lines or vertical columns (right to left), and photos simulated by blur, skew and
noise. What was drawn is known exactly, to compare with what OCR reads back."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTransform
from PySide6.QtWidgets import QApplication

SIMPLIFIED = "Noto Sans CJK SC"
TRADITIONAL = "Noto Sans CJK TC"
SERIF = "Noto Serif CJK SC"


def _application() -> None:
    """A QApplication for fonts (a QApplication, not a QGuiApplication: pytest-qt's ``qapp`` then takes it over)."""
    if QApplication.instance() is None:
        _application.keep = QApplication([])  # type: ignore[attr-defined]


def render(lines: list[str], size: int = 28, dark: bool = False, vertical: bool = False, family: str = SIMPLIFIED,
           margin: float = 1.5) -> QImage:
    """``lines`` drawn one under the other (or as columns from right to left when ``vertical``) at ``size`` pixels."""
    _application()
    font = QFont(family)
    font.setPixelSize(size)
    metrics = QFontMetricsF(font)
    pad = size * margin
    step = size * 1.6  # line (or column) pitch
    longest = max(len(line) for line in lines)
    if vertical:
        width, height = pad * 2 + step * len(lines), pad * 2 + size * 1.05 * longest
    else:
        width, height = pad * 2 + max(metrics.horizontalAdvance(line) for line in lines), pad * 2 + step * len(lines)
    image = QImage(int(width), int(height), QImage.Format.Format_RGB32)
    ink, paper = (QColor(235, 235, 230), QColor(30, 32, 36)) if dark else (QColor(20, 20, 20), QColor(250, 250, 245))
    image.fill(paper)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(font)
    painter.setPen(ink)
    for number, line in enumerate(lines):
        if vertical:
            x = width - pad - step * (number + 1) + (step - size) / 2
            for index, char in enumerate(line):
                painter.drawText(QPointF(x, pad + size * 1.05 * index + metrics.ascent()), char)
        else:
            painter.drawText(QPointF(pad, pad + step * number + metrics.ascent()), line)
    painter.end()
    return image


def degrade(image: QImage, blur: float = 1.0, angle: float = 2.0, noise: float = 8.0, seed: int = 7) -> QImage:
    """A photo of ``image``: turned by ``angle`` degrees, blurred by downscaling by ``blur`` and back, grain added."""
    _application()
    paper = QColor(image.pixel(0, 0))
    # turned with transparent corners, then laid on the paper's colour (as a photo's background around the page)
    turned = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied).transformed(
        QTransform().rotate(angle), Qt.TransformationMode.SmoothTransformation)
    canvas = QImage(turned.size(), QImage.Format.Format_RGB32)
    canvas.fill(paper)
    painter = QPainter(canvas)
    painter.drawImage(0, 0, turned)
    painter.end()
    pixels = _array(canvas)
    if blur > 1.0:
        small = canvas.scaled(max(1, int(canvas.width() / blur)), max(1, int(canvas.height() / blur)),
                              Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        canvas = small.scaled(canvas.width(), canvas.height(), Qt.AspectRatioMode.IgnoreAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        pixels = _array(canvas)
    rng = np.random.default_rng(seed)
    grain = rng.normal(0.0, noise, pixels.shape[:2])[..., None]
    noisy = np.clip(pixels[..., :3].astype(np.float32) + grain, 0, 255).astype(np.uint8)
    return _image(noisy)


def _array(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    buffer = np.frombuffer(rgb.constBits(), np.uint8, rgb.sizeInBytes()).reshape(rgb.height(), rgb.bytesPerLine())
    return buffer[:, : rgb.width() * 3].reshape(rgb.height(), rgb.width(), 3).copy()


def _image(pixels: np.ndarray) -> QImage:
    height, width = pixels.shape[:2]
    pixels = np.ascontiguousarray(pixels)
    return QImage(pixels.data, width, height, width * 3, QImage.Format.Format_RGB888).copy()


def encoded(image: QImage, kind: str = "PNG", quality: int = -1) -> bytes:
    """``image`` as the bytes of a PNG, JPEG or WEBP file."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, kind, quality):
        raise RuntimeError(f"Qt cannot write {kind}")
    return bytes(buffer.data())


def accuracy(expected: str, recognised: str) -> float:
    """Character accuracy: 1 - edit distance / length of ``expected`` (whitespace ignored on both sides)."""
    expected, recognised = "".join(expected.split()), "".join(recognised.split())
    previous = list(range(len(recognised) + 1))
    for i, a in enumerate(expected, 1):
        current = [i]
        for j, b in enumerate(recognised, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return max(0.0, 1 - previous[-1] / max(1, len(expected)))


def scanned_pdf(path, pages: list[list[str]], footer: str = "— {page} —", size: int = 26) -> None:
    """A PDF of A4 pages that are pictures only (no text layer), as a scanner makes: each page's lines drawn into an
    image at 100 dpi, its page number in the bottom margin."""
    _application()
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setResolution(100)
    painter = QPainter(writer)
    for number, lines in enumerate(pages, 1):
        if number > 1:
            writer.newPage()
        page = QImage(writer.width(), writer.height(), QImage.Format.Format_RGB32)
        page.fill(QColor(250, 250, 245))
        scan = QPainter(page)
        scan.drawImage(QPointF(40, 60), render(lines, size=size))
        number_image = render([footer.format(page=number)], size=20)
        scan.drawImage(QPointF((page.width() - number_image.width()) / 2, page.height() - number_image.height() - 10), number_image)
        scan.end()
        painter.drawImage(QRectF(0, 0, writer.width(), writer.height()), page)
    painter.end()
