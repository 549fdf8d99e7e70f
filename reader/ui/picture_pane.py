"""The picture beside its recognised text: hovering a word outlines the line it was read from in the picture."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QDockWidget, QSizePolicy, QWidget


def line_box(info: dict, offset: int) -> tuple[float, float, float, float] | None:
    """The box (left, top, right, bottom, in the picture's pixels) of the recognised line holding ``offset`` of a
    paragraph whose ``info`` has ``ocr_lines``; None when the paragraph has none."""
    for line in info.get("ocr_lines") or ():
        if offset < line[0] and len(line) == 5:
            return tuple(line[1:5])
    return None


class PictureView(QWidget):
    """A picture scaled to fit, with one box outlined."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = QImage()
        self.box: tuple[float, float, float, float] | None = None
        self.accent = QColor(230, 120, 0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage) -> None:
        """Show ``image`` (nothing outlined)."""
        self.image, self.box = image, None
        self.update()

    def set_box(self, box) -> None:
        """Outline ``box`` (picture pixels), or nothing for None."""
        if box != self.box:
            self.box = box
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def target(self) -> QRectF:
        """Where the picture is drawn: scaled to fit, centred at the top."""
        if self.image.isNull():
            return QRectF()
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        width, height = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - width) / 2, 0, width, height)

    def paintEvent(self, event) -> None:
        if self.image.isNull():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.target()
        painter.drawImage(target, self.image)
        if self.box is not None:
            scale = target.width() / self.image.width()
            left, top, right, bottom = self.box
            rect = QRectF(target.left() + left * scale, target.top() + top * scale, (right - left) * scale, (bottom - top) * scale)
            fill = QColor(self.accent)
            fill.setAlpha(50)
            painter.fillRect(rect.adjusted(-2, -2, 2, 2), fill)
            painter.setPen(QPen(self.accent, 2))
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))
        painter.end()


class PicturePane(QDockWidget):
    """View › the picture an article was read from, shown beside it while such an article is open."""

    def __init__(self, window):
        super().__init__("Picture", window)
        self.setObjectName("picture_pane")
        self.window_ = window
        self.view = PictureView(self)
        self.setWidget(self.view)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.article = None
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()
        window.view.word_hovered.connect(self.word_hovered)

    def show_article(self, key: str | None) -> None:
        """Show the picture of article ``key`` when its text was read from one; hide otherwise."""
        shelf = self.window_.shelf
        article = shelf.article(key) if key else None
        path = shelf.picture(key) if article is not None and any(
            "ocr_lines" in article.info(i) for i in range(len(article.paragraphs))) else None
        image = QImage(str(path)) if path is not None else QImage()
        self.article = article if not image.isNull() else None
        self.view.set_image(image)
        self.setVisible(self.article is not None)

    def word_hovered(self, token) -> None:
        """Outline the line the hovered word was read from."""
        if self.article is None:
            return
        box = None
        if token is not None:
            blocks = self.window_.view.blocks()
            block = next((i for i, b in enumerate(blocks) if any(t is token for t in b.tokens or ())), None)
            paragraphs = self.window_._block_paragraphs
            if block is not None and block < len(paragraphs) and paragraphs[block] >= 0:
                box = line_box(self.article.info(paragraphs[block]), blocks[block].offset + token.start)
        self.view.set_box(box)
