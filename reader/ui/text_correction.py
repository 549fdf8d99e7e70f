"""Edit › Correct Text… (F2): the word under the word cursor written as it should be, for a character OCR misread
(or any typo in a text); one step on the undo stack, the article read again."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit


class TextCorrection:
    """The Correct Text… action of a window."""

    def __init__(self, window):
        self.window = window
        self.action = QAction("Co&rrect Text…", window)
        self.action.setShortcut(QKeySequence("F2"))
        self.action.setStatusTip("Write the word at the word cursor as it should be (a character the picture was misread as)")
        self.action.triggered.connect(lambda: self.correct())

    def correct(self, text: str | None = None) -> None:
        """Replace the word at the word cursor with ``text`` (asked for when None)."""
        window = self.window
        position, token = window.view.cursor_position(), window.view.current_token()
        paragraphs = window._block_paragraphs
        if position is None or token is None or window.current_key is None or not (
                position[0] < len(paragraphs) and paragraphs[position[0]] >= 0):
            window.status_label.setText("Put the word cursor on a word of the text to correct it.")
            return
        paragraph = paragraphs[position[0]]
        if text is None:
            text, accepted = QInputDialog.getText(window, "Correct Text", f"“{token.text}” should read:",
                                                  QLineEdit.EchoMode.Normal, token.text)
            if not accepted or text == token.text:
                return
        article = window.shelf.article(window.current_key)
        source = article.paragraphs[paragraph]
        lead = len(source) - len(source.lstrip())  # the view shows the paragraph stripped
        lead += window._blocks[position[0]].offset  # a long paragraph is shown as several blocks
        window.library_actions.correct_text(window.current_key, paragraph, token.start + lead, token.end + lead, token.text, text)
