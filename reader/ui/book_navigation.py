"""Moving through a book: the next and previous article (menu, keys, paging on at the end) and where one is."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from reader.ui import plain_text


class BookNavigation(QObject):
    """Go › Next Article / Previous Article, and "Article 3 of 7" in the status bar, for a window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.next_action = self._action("&Next Article", lambda: self.go(1), ["Ctrl+PgDown", "Alt+Down"])
        self.previous_action = self._action("&Previous Article", lambda: self.go(-1), ["Ctrl+PgUp", "Alt+Up"])
        self.place_label = plain_text.plain_label("", window)
        window.statusBar().addPermanentWidget(self.place_label)
        window.article_opened.connect(self.update)
        window.view.paged_past_end.connect(self._paged_past_end)
        self.update()

    def _action(self, text: str, slot, shortcuts: list[str]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        self.window.addAction(action)  # the keys work with the menu bar hidden, too
        return action

    def actions(self) -> list[QAction]:
        """The menu's actions, in order."""
        return [self.next_action, self.previous_action]

    def go(self, step: int) -> bool:
        """Open the article ``step`` places on in this book (-1: the one before); False when there is none."""
        key = self.window.current_key
        target = self.window.shelf.neighbour(key, step) if key else None
        if target is None:
            return False
        self.window.open_article(target)
        return True

    def update(self, _key: str | None = None) -> None:
        """Enable the actions and say where the open article is in its book."""
        key = self.window.current_key
        shelf = self.window.shelf
        number, count = shelf.place(key) if key else (0, 0)
        self.next_action.setEnabled(bool(key) and shelf.neighbour(key, 1) is not None)
        self.previous_action.setEnabled(bool(key) and shelf.neighbour(key, -1) is not None)
        self.place_label.setText(f"Article {number} of {count}" if count > 1 else "")
        self.place_label.setToolTip(plain_text.tooltip(shelf.document_title(key)) if count > 1 else "")

    def _paged_past_end(self) -> None:
        """PageDown or Space at the end of an article: on to the next one, or say the book is finished."""
        if not self.go(1):
            self.window.status_label.setText("The end" + (" of the book." if self.place_label.text() else "."))
