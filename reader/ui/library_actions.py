"""Library housekeeping in the window: rename, merge, archive and remove documents and articles from the library
panel (its context menu, the Delete key), each one step on the session's undo stack."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu
from shiboken6 import isValid

from reader.core.blocks import blocks_for
from reader.core.errors import UserError
from reader.ui import operations, plain_text


class LibraryActions(QObject):
    """What the library panel's menu and keys do to the library; the window shows the library as it is after each."""

    library_changed = Signal()  # the panel shows the library as it is now

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.library = window.session.library
        self.menu: QMenu | None = None
        window.library_panel.menu_requested.connect(self.show_menu)
        # Delete anywhere in the window (line edits keep their own Delete): the highlighted document, else the open one's
        self.remove_action = QAction("&Remove from Library…", window)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setStatusTip("Take the document highlighted in the library out of it (Ctrl+Z brings it back)")
        self.remove_action.triggered.connect(self.remove_current)
        window.addAction(self.remove_action)

    # -- the menu -------------------------------------------------------------------------------

    def build_menu(self, document_key: str, article_key: str = "") -> QMenu:
        """The context menu for a document row, or an article row of a document with several articles."""
        document = self._document(document_key)
        menu = QMenu(self.window.library_panel)
        if document is None:
            return menu
        several = len(document.articles) > 1
        if article_key and several:
            record = self._article(article_key)
            menu.addAction("Rename Article…", lambda: self.rename_article(article_key))
            last = record is not None and record.ordinal == len(document.articles) - 1
            menu.addAction("Merge with Next Article", lambda: self.merge_with_next(article_key)).setEnabled(not last)
            menu.addSeparator()
        menu.addAction("Rename Document…" if several else "Rename…", lambda: self.rename_document(document_key))
        if several:
            menu.addAction(f"Merge All {len(document.articles)} Articles into One",
                           lambda: self.merge_document(document_key))
        if document.archived:
            menu.addAction("Put Back on the Reading List", lambda: self.set_archived(document_key, False))
        else:
            menu.addAction("Archive", lambda: self.set_archived(document_key, True))
        menu.addSeparator()
        remove = menu.addAction("Remove from Library…", lambda: self.remove(document_key))
        remove.setShortcut(self.remove_action.shortcut())
        return menu

    def show_menu(self, document_key: str, article_key: str, position: QPoint) -> None:
        """Open the context menu at ``position`` (global)."""
        self.menu = self.build_menu(document_key, article_key)
        if self.window.interactive:
            self.menu.popup(position)

    # -- the actions ----------------------------------------------------------------------------

    def rename_document(self, document_key: str, title: str | None = None) -> None:
        """Retitle a document (asking for the title when none is given)."""
        document = self._document(document_key)
        if document is not None:
            self._rename("Rename Document", document.title, document.id, title,
                         lambda new: self.library.rename_document(document.id, new))

    def rename_article(self, article_key: str, title: str | None = None) -> None:
        """Retitle one article of a document (asking for the title when none is given)."""
        record = self._article(article_key)
        if record is not None:
            self._rename("Rename Article", record.title, record.document_id, title,
                         lambda new: self.library.rename_article(record.id, new))

    def _rename(self, caption: str, old: str, document_id: int, title: str | None, rename: Callable[[str], object]) -> None:
        title = title if title is not None else self._ask_title(caption, old)
        if title is not None:
            self._change(f"Rename {old}", document_id, lambda: rename(title))

    def correct_text(self, article_key: str, paragraph: int, start: int, end: int, old: str, text: str) -> None:
        """Put ``text`` in place of ``old`` at ``start:end`` of a paragraph of the article (read again after)."""
        record = self._article(article_key)
        if record is not None:
            self._change(f"Correct {old} to {' '.join(text.split())}", record.document_id,
                         lambda: self.library.correct_text(record.id, paragraph, start, end, text), opened=article_key)

    def merge_with_next(self, article_key: str) -> None:
        """Join an article with the one after it."""
        record = self._article(article_key)
        if record is not None:
            self._change(f"Merge {record.title} with the next article", record.document_id,
                         lambda: self.library.merge_with_next(record.id), opened=self.window.shelf.key(record.id))

    def merge_document(self, document_key: str) -> None:
        """Join all of a document's articles into one (a book split too finely reads as one text again)."""
        document = self._document(document_key)
        if document is not None and document.articles:
            self._change(f"Merge the {len(document.articles)} articles of {document.title}", document.id,
                         lambda: self.library.merge_document(document.id),
                         opened=self.window.shelf.key(document.articles[0].id))

    def set_archived(self, document_key: str, archived: bool) -> None:
        """Take a document off the reading list (kept, with its positions), or put it back."""
        document = self._document(document_key)
        if document is not None:
            verb = "Archive" if archived else "Unarchive"
            self._change(f"{verb} {document.title}", document.id, lambda: self.library.set_archived(document.id, archived))

    def remove_current(self) -> None:
        """Remove the document highlighted in the library panel (the open article's when none is), after asking."""
        key = self.window.library_panel.current_document_key()
        if not key and self.window.current_key:
            document_id = self.window.shelf.document_id(self.window.current_key)
            key = str(document_id) if document_id is not None else ""
        if key:
            self.remove(key)

    def remove(self, document_key: str, confirm: bool = True) -> None:
        """Take a document out of the library after asking (its file stays where it is; Ctrl+Z brings it back)."""
        document = self._document(document_key)
        if document is None:
            return
        count = len(document.articles)
        if confirm:
            articles = f" and its {count} articles" if count > 1 else ""
            if not plain_text.confirm(
                    self.window, "Remove from Library",
                    f"Remove “{document.title}”{articles} from the library?\n\n"
                    "Reading positions go with it; the file itself stays where it is. Edit › Undo brings it back."):
                return
        self._change(f"Remove {document.title}", document.id, lambda: self.library.remove_document(document.id))

    # -- keeping the window in step -------------------------------------------------------------

    def reload(self, opened: str | None = None) -> None:
        """Read the library again (off the UI thread), list it, and keep the open article in step with it."""
        operations.run_in_background(self.window.shelf.load, on_success=lambda result: self._reloaded(result, opened),
                                     on_failure=self.window.report_error, serial="import")

    def _reloaded(self, result, opened: str | None) -> None:
        if not isValid(self.window):  # closed while the library was read
            return
        window = self.window
        window.shelf.accept(result)
        window._refresh_library()
        current = window.current_key
        if opened is None and current is not None:
            article = window.shelf.article(current)
            if article is None:  # its document went: go on with the article read most recently
                opened = next(iter(window.library_panel.article_keys()), None)
                if opened is None:
                    window.close_article()
            elif [b.text for b in blocks_for(article)] != [b.text for b in window._blocks]:
                opened = current  # merged or split: show its new text
            else:
                window.update_title()
        if opened is not None and window.shelf.article(opened) is not None:
            window.open_article(opened)
        self.library_changed.emit()

    def _change(self, name: str, document_id: int, change: Callable, opened: str | None = None) -> None:
        current = self.window.current_key
        reopen = opened if opened is not None and current is not None and self.window.shelf.document_id(current) == document_id else None
        try:
            self.window.session.undo.record_rows(name, self.library, [document_id], change)
        except UserError as error:
            self.window.report_error(error)
            return
        self.window.status_label.setText(f"{name} (Ctrl+Z to undo)")
        self.reload(reopen)

    def _ask_title(self, caption: str, title: str) -> str | None:
        text, accepted = QInputDialog.getText(self.window, caption, "Title:", QLineEdit.EchoMode.Normal, title)
        return text if accepted and text.strip() else None

    def _document(self, document_key: str):
        try:
            return self.library.document(int(document_key))
        except (UserError, ValueError):
            return None

    def _article(self, article_key: str):
        prefix = self.window.shelf.PREFIX
        try:
            return self.library.article(int(article_key[len(prefix):])) if article_key.startswith(prefix) else None
        except (UserError, ValueError):
            return None
