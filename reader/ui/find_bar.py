"""The find bar under the reading view."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QToolButton, QWidget
from shiboken6 import isValid

from reader.ui import plain_text


class FindBar(QWidget):
    """A one-line find box under the text: Enter finds the next match, Shift+Enter the previous, Esc closes."""

    def __init__(self, find: Callable[[str, bool], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self._find = find
        self._focus_before: QWidget | None = None  # where the keys went before the bar opened: they go back there
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.status = plain_text.plain_label("", self)
        previous, following, close = QToolButton(self), QToolButton(self), QToolButton(self)
        previous.setText("↑")
        previous.setToolTip("Previous match (Shift+Enter)")
        following.setText("↓")
        following.setToolTip("Next match (Enter)")
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        for button in (previous, following, close):
            button.setAutoRaise(True)
        previous.clicked.connect(lambda: self.find(False))
        following.clicked.connect(lambda: self.find(True))
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.status)
        layout.addWidget(close)

    def open(self) -> None:
        """Show the bar with its text selected, ready to type."""
        focus = QApplication.focusWidget()
        if focus is not None and not self.isAncestorOf(focus):
            self._focus_before = focus
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        """Hide the bar; the keys go back where they went before it opened (PageDown reads on at once), not to
        whatever widget comes next in the window."""
        self.hide()
        before, self._focus_before = self._focus_before, None
        if before is not None and isValid(before) and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)

    def find(self, forward: bool = True) -> bool:
        """Find the bar's text from the current place; say so when it is not there."""
        text = self.edit.text()
        if not text:
            self.status.setText("")
            return False
        found = bool(self._find(text, forward))
        self.status.setText("" if found else "Not found")
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
