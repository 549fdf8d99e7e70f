"""File › Read Text on Screen… (Ctrl+Shift+R): drag a box around Chinese anywhere on the screen (a video's subtitle, a
chat, a game) and its text, recognised offline, opens as a new article. The screen is photographed first, so the box
is drawn over a still picture of it; Escape or a click without a drag cancels."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from reader.core.errors import UserError
from reader.ui.picture_paste import open_picture, png_bytes

MIN_SIDE = 8  # a smaller box is a click, not a choice


class RegionPicker(QWidget):
    """A still of the screen filling the screen; the box dragged on it is the region chosen."""

    chosen = Signal(QPixmap)  # the part of the still inside the box
    cancelled = Signal()

    def __init__(self, still: QPixmap):
        super().__init__(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Tool)
        self.still = still
        self.origin: QPoint | None = None
        self.box = QRect()
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMouseTracking(True)
        self.resize(still.deviceIndependentSize().toSize())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.drawPixmap(self.rect(), self.still)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 90))  # the screen dimmed, the box shown clear
        if not self.box.isNull():
            ratio = self.still.devicePixelRatio()
            painter.drawPixmap(self.box, self.still, QRect(self.box.topLeft() * ratio, self.box.size() * ratio))
            painter.setPen(QPen(QColor(230, 120, 0), 2))
            painter.drawRect(self.box)
        painter.end()

    def mousePressEvent(self, event) -> None:
        self.origin = event.position().toPoint()
        self.box = QRect()

    def mouseMoveEvent(self, event) -> None:
        if self.origin is not None:
            self.box = QRect(self.origin, event.position().toPoint()).normalized()
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self.origin is None:
            return
        self.box = QRect(self.origin, event.position().toPoint()).normalized()
        self.origin = None
        self.close()
        if self.box.width() < MIN_SIDE or self.box.height() < MIN_SIDE:
            self.cancelled.emit()
            return
        ratio = self.still.devicePixelRatio()
        self.chosen.emit(self.still.copy(QRect(self.box.topLeft() * ratio, self.box.size() * ratio)))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            self.cancelled.emit()


class ScreenCapture:
    """The Read Text on Screen… action of a window."""

    def __init__(self, window):
        self.window = window
        self.picker: RegionPicker | None = None
        self.action = QAction("Read Text on &Screen…", window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.action.setStatusTip("Drag a box around Chinese anywhere on the screen to read it here")
        self.action.triggered.connect(self.start)

    def start(self) -> None:
        """Step the window aside, photograph the screen, and let the learner drag a box on the still."""
        self.window.showMinimized()
        QTimer.singleShot(300, self._photograph)  # the window manager needs a moment to take the window away

    def _photograph(self) -> None:
        screen = QGuiApplication.screenAt(self.window.geometry().center()) or QGuiApplication.primaryScreen()
        still = screen.grabWindow(0)
        if still.isNull():
            self._back()
            self.window.report_error(UserError("this desktop does not let applications photograph the screen; "
                                               "take a screenshot and paste it with Ctrl+Shift+V instead"))
            return
        self.pick(still, screen.geometry().topLeft())

    def pick(self, still: QPixmap, at: QPoint = QPoint(0, 0)) -> RegionPicker:
        """Show ``still`` for the learner to drag a box on; the box's text opens as an article."""
        self.picker = RegionPicker(still)
        self.picker.move(at)
        self.picker.chosen.connect(self._chosen)
        self.picker.cancelled.connect(self._back)
        self.picker.show()
        self.picker.activateWindow()
        return self.picker

    def _chosen(self, region: QPixmap) -> None:
        self._back()
        open_picture(self.window, png_bytes(region))

    def _back(self) -> None:
        self.window.showNormal()
        self.window.activateWindow()
