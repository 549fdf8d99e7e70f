"""Marking words as known by the stretch, the LingQ way: the rest of the article, the text up to the word cursor, and
(an option, off by default) the page a page-down leaves behind. Each is one step on the undo stack; only words never
saved become known, so a word saved as new stays new."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from reader.core.errors import UserError
from reader.core.stats import mark_rest_known, tokens_at, tokens_before, unseen_words


class KnownMarking(QObject):
    """Words › Mark the Rest as Known, Mark Up to Here as Known, and Mark Pages as Known When Paging On."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.rest_action = self._action("Mark the &Rest as Known", self.mark_rest,
                                        tip="Every word of this article not saved yet becomes known")
        self.up_to_here_action = self._action("Mark Up to &Here as Known", self.mark_up_to_here, "Shift+K",
                                              tip="Every word before the word cursor not saved yet becomes known")
        self.paging_action = self._action("Mark Pages as Known When &Paging On", self.set_paging, checkable=True,
                                          tip="PageDown or Space past a page: the words on it never saved become known")
        self.paging_action.setChecked(window.settings.mark_known_when_paging)
        window.view.paged_past.connect(self.page_left)

    def actions(self) -> list[QAction]:
        """The actions, in menu order."""
        return [self.rest_action, self.up_to_here_action, self.paging_action]

    def set_paging(self, enabled: bool) -> None:
        """Turn marking the page left behind on or off (kept in the settings)."""
        self.window.settings.mark_known_when_paging = bool(enabled)
        self.paging_action.setChecked(bool(enabled))
        self.window.status_label.setText(
            "Paging on marks the page left behind as known" if enabled else "Paging on leaves words as they are")

    def mark_rest(self) -> None:
        """Every word of this article never saved becomes known."""
        if self._ready():
            tokens = [t for block in self.window._blocks for t in (block.tokens or ())]
            self._mark(tokens, "words", "{count:,} words marked as known (Ctrl+Z to undo)")

    def mark_up_to_here(self) -> None:
        """Every word before the word cursor never saved becomes known (the word under it stays as it is)."""
        if not self._ready():
            return
        token, block, index = self.window._word_under_cursor()
        if token is None:
            self.window.status_label.setText("Move the word cursor to a word first (click it or use the arrow keys).")
            return
        tokens = tokens_before([b.tokens for b in self.window._blocks], block, index)
        self._mark(tokens, "words up to here", "{count:,} words before “" + token.text + "” marked as known (Ctrl+Z to undo)")

    def page_left(self, places) -> None:
        """A page-down left these (block, token) places behind: their unseen words become known, when asked for."""
        if not self.window.settings.mark_known_when_paging or self.window.vocabulary() is None:
            return
        tokens = tokens_at([b.tokens for b in self.window._blocks], places)
        self._mark(tokens, "words of the page", "Page read: {count:,} words marked as known (Ctrl+Z to undo)", quiet=True)

    def _ready(self) -> bool:
        window = self.window
        if window.vocabulary() is None:
            window.status_label.setText("Word statuses need the vocabulary store.")
            return False
        if not window.segmented:
            window.status_label.setText("Wait a moment: the article is still being segmented.")
            return False
        return True

    def _mark(self, tokens: list, what: str, message: str, quiet: bool = False) -> None:
        window = self.window
        vocabulary = window.vocabulary()
        unseen = unseen_words(tokens, window._statuses)
        if not unseen:
            if not quiet:
                window.status_label.setText("No word there is unseen: every one has a status already")
            return
        try:
            marked = window.session.undo.record_rows(f"Mark {len(unseen):,} {what} known", vocabulary, unseen,
                                                     lambda: mark_rest_known(vocabulary, tokens))
        except UserError as error:
            window.report_error(error)
            return
        window._statuses_changed(message.format(count=len(marked.words)))

    def _action(self, text: str, slot, shortcut: str | None = None, checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)  # the keys work with the menu bar hidden, too
        return action
