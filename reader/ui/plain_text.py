"""Text from files and users shown in widgets that would otherwise guess it is markup.

QLabel, QMessageBox and tooltips take text that *looks* like HTML (``<b>``, ``<img src=/dev/zero>``) as rich text:
a file name or an HTML ``<title>`` would then be rendered, and an ``<img>`` makes Qt read the file it names (a crafted
EPUB once took the window down reading /dev/zero). Everything user-supplied goes through these instead.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that always shows its text as written."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """A tooltip string that shows ``text`` as written (tooltips have no text format: escape it inside a <p>)."""
    if not text:
        return ""
    return f"<p style='white-space:pre'>{html.escape(text)}</p>"


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """A modal warning box whose message is plain text."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question whose message is plain text; True for Yes (the default button)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes
