"""The library side panel: documents and their articles, each with how far the reader has got."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.shelf import ArticleEntry, DocumentEntry
from reader.ui import plain_text

KEY_ROLE = Qt.ItemDataRole.UserRole
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the key of the document an item (document or article) belongs to
ORDER_ROLE = Qt.ItemDataRole.UserRole + 2  # a top-level row's place in the library's own order
ARCHIVE_TITLE = "Archive"
KNOWN_COLUMN = 2
SORT_MODES = (("As imported", "order"), ("Easiest first", "easiest"), ("Hardest first", "hardest"))


def progress_label(progress: float) -> str:
    """"—" for unread, "✓" for finished, else a whole percentage."""
    if progress <= 0:
        return ""
    if progress >= 0.995:
        return "✓"
    return f"{max(1, round(progress * 100))}%"


class LibraryPanel(QWidget):
    """A tree of documents and articles; choosing an article asks the window to open it."""

    article_chosen = Signal(str)
    menu_requested = Signal(str, str, QPoint)  # document key, article key ("" on a document row), global position

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel("Library", self)
        self.heading.setContentsMargins(4, 2, 0, 2)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.sort_combo = QComboBox(self)
        for label, mode in SORT_MODES:
            self.sort_combo.addItem(label, mode)
        self.sort_combo.setToolTip("Order the library: as imported, or by how much of each text you know")
        self.sort_combo.currentIndexChanged.connect(lambda _index: self._apply_sort())
        self._difficulties: dict = {}
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setFrameShape(QTreeWidget.Shape.NoFrame)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(KNOWN_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self._items: dict[str, QTreeWidgetItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 0, 6)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 6, 0)
        top.addWidget(self.heading, 1)
        top.addWidget(self.sort_combo)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.setMinimumWidth(160)

    def set_documents(self, documents: list[DocumentEntry], current: str | None = None) -> None:
        """Show these documents (newest first as given), their articles, and select ``current``."""
        self.tree.clear()
        self._items.clear()
        muted = self.palette().color(self.palette().ColorRole.PlaceholderText)
        archived = [d for d in documents if d.archived]
        archive = None
        if archived:
            archive = QTreeWidgetItem([f"{ARCHIVE_TITLE} ({len(archived)})", ""])
            archive.setFlags(Qt.ItemFlag.ItemIsEnabled)
            archive.setForeground(0, muted)
            archive.setToolTip(0, "Documents kept with their reading positions, off the reading list")
        for document in [d for d in documents if not d.archived] + archived:
            holder = archive if document.archived else self.tree
            if len(document.articles) == 1:
                # a one-article document is listed as the article itself: no tree to open for nothing
                article = document.articles[0]
                item = QTreeWidgetItem(holder, [article.title or document.title, progress_label(article.progress)])
                item.setData(0, DOCUMENT_ROLE, document.key)
                self._item_for_article(item, article, document.title, muted)
                continue
            parent = QTreeWidgetItem(holder, [document.title, ""])
            parent.setData(0, DOCUMENT_ROLE, document.key)
            parent.setToolTip(0, plain_text.tooltip(document.title))
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            read = sum(a.progress for a in document.articles) / max(1, len(document.articles))
            parent.setText(1, progress_label(read))
            parent.setForeground(1, muted)
            for article in document.articles:
                child = QTreeWidgetItem(parent, [article.title, progress_label(article.progress)])
                child.setData(0, DOCUMENT_ROLE, document.key)
                self._item_for_article(child, article, document.title, muted)
            parent.setExpanded(current is not None and any(a.key == current for a in document.articles))
        if archive is not None:
            self.tree.addTopLevelItem(archive)
            archive.setExpanded(current is not None and any(a.key == current for d in archived for a in d.articles))
        for position in range(self.tree.topLevelItemCount()):
            self.tree.topLevelItem(position).setData(0, ORDER_ROLE, position)
        self._show_difficulties()
        if current:
            self.select(current)

    # -- difficulty ------------------------------------------------------------------------------

    def set_difficulties(self, figures: dict) -> None:
        """Each article's figures (key -> TextDifficulty): % known beside it, the whole line in its tooltip."""
        self._difficulties = figures
        self._show_difficulties()

    def known_percent(self, item: QTreeWidgetItem) -> float | None:
        """% of running words known in an article, or in all of a document's articles together (None: not yet)."""
        key = item.data(0, KEY_ROLE)
        if key:
            figures = self._difficulties.get(key)
            return figures.known_percent if figures is not None else None
        parts = [self._difficulties.get(item.child(i).data(0, KEY_ROLE)) for i in range(item.childCount())]
        parts = [p for p in parts if p is not None]
        words = sum(p.words for p in parts)
        return round(100 * sum(p.known for p in parts) / words, 1) if parts and words else None

    def _show_difficulties(self) -> None:
        muted = self.palette().color(self.palette().ColorRole.PlaceholderText)
        for item in self._all_items():
            known = self.known_percent(item)
            figures = self._difficulties.get(item.data(0, KEY_ROLE)) if item.data(0, KEY_ROLE) else None
            item.setText(KNOWN_COLUMN, f"{known:.0f}% known" if known is not None else "")
            item.setForeground(KNOWN_COLUMN, muted)
            item.setTextAlignment(KNOWN_COLUMN, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(KNOWN_COLUMN, plain_text.tooltip(figures.summary()) if figures is not None else "")
        self._apply_sort()

    def _all_items(self) -> list[QTreeWidgetItem]:
        found, pending = [], [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while pending:
            item = pending.pop()
            found.append(item)
            pending.extend(item.child(i) for i in range(item.childCount()))
        return found

    def _apply_sort(self) -> None:
        """Order documents (and a book's articles) as the sort box says; the archive stays last."""
        mode = self.sort_combo.currentData()
        current = self.tree.currentItem()
        current_key = current.data(0, KEY_ROLE) if current is not None else None

        def order(item: QTreeWidgetItem):
            if item.data(0, DOCUMENT_ROLE) is None:  # the archive folder
                return (2, 0.0, 0)
            known = self.known_percent(item)
            place = item.data(0, ORDER_ROLE) or 0
            if mode == "order" or known is None:
                return (1 if mode != "order" and known is None else 0, 0.0, place)
            return (0, -known if mode == "easiest" else known, place)

        items = [self.tree.takeTopLevelItem(0) for _ in range(self.tree.topLevelItemCount())]
        expanded = {id(item): item.isExpanded() for item in items}
        items.sort(key=order)
        self.tree.addTopLevelItems(items)
        for item in items:
            item.setExpanded(expanded[id(item)])
        if current_key:
            self.select(current_key)

    def _item_for_article(self, item: QTreeWidgetItem, article: ArticleEntry, document: str, muted: QColor) -> None:
        item.setData(0, KEY_ROLE, article.key)
        item.setToolTip(0, plain_text.tooltip(
            f"{article.title}\n{document}" if document and document != article.title else article.title))
        item.setForeground(1, muted)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._items[article.key] = item

    def select(self, key: str) -> None:
        """Highlight the article ``key`` (without opening it again)."""
        item = self._items.get(key)
        if item is not None:
            if item.parent() is not None:
                item.parent().setExpanded(True)
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(item)
            self.tree.blockSignals(False)
            self.tree.scrollToItem(item)

    def set_progress(self, key: str, progress: float) -> None:
        """Update one article's reading progress."""
        item = self._items.get(key)
        if item is not None:
            item.setText(1, progress_label(progress))

    def article_keys(self) -> list[str]:
        """Every listed article's key, in display order."""
        return list(self._items)

    def document_keys(self) -> list[str]:
        """Every listed document's key, in display order (the archived ones last)."""
        keys = []
        iterator = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while iterator:
            item = iterator.pop(0)
            key = item.data(0, DOCUMENT_ROLE)
            if key and key not in keys:
                keys.append(key)
            iterator[:0] = [item.child(i) for i in range(item.childCount())]
        return keys

    def current_document_key(self) -> str:
        """The document of the highlighted row ("" when none is)."""
        item = self.tree.currentItem()
        return (item.data(0, DOCUMENT_ROLE) or "") if item is not None else ""

    def _context_menu(self, position: QPoint) -> None:
        item = self.tree.itemAt(position)
        if item is None or not item.data(0, DOCUMENT_ROLE):
            return
        self.tree.setCurrentItem(item)
        self.menu_requested.emit(item.data(0, DOCUMENT_ROLE), item.data(0, KEY_ROLE) or "",
                                 self.tree.viewport().mapToGlobal(position))

    def _activated(self, item: QTreeWidgetItem) -> None:
        key = item.data(0, KEY_ROLE)
        if key:
            self.article_chosen.emit(key)
