"""The vocabulary window: every saved word in a table (sort, filter, notes, statuses, delete) and a known-words chart.

The table is a model over plain column lists loaded in one query, sorted and filtered in Python, so it stays
quick at 50,000 words: Qt asks only for the rows on screen, and no row ever costs a query of its own.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPainterPath, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import UserError
from reader.core.models import Status
from reader.core.pinyin import numbered_to_marked
from reader.core.undo import UndoStack
from reader.core.vocabulary import TableRows, VocabularyStore, plain_pinyin, text_matcher
from reader.ui import card_sentence, plain_text

# Tints per status (RGBA over the paper), the same warm scale as the reading view: new strongest, learning fading
# as the level rises; known and ignored are plain.
STATUS_TINTS = {
    Status.NEW: (255, 170, 40, 105),
    Status.LEARNING_2: (255, 185, 60, 75),
    Status.LEARNING_3: (255, 200, 80, 50),
    Status.LEARNING_4: (255, 215, 110, 30),
}
STATUS_TEXT = {
    Status.NEW: "New (1)",
    Status.LEARNING_2: "Learning (2)",
    Status.LEARNING_3: "Learning (3)",
    Status.LEARNING_4: "Learning (4)",
    Status.KNOWN: "Known (5)",
    Status.IGNORED: "Ignored",
}
LEARNING = frozenset({Status.LEARNING_2, Status.LEARNING_3, Status.LEARNING_4})
STATUS_FILTERS: list[tuple[str, frozenset[Status] | None]] = [
    ("All statuses", None),
    ("New", frozenset({Status.NEW})),
    ("Learning", LEARNING),
    ("Not known yet", frozenset({Status.NEW}) | LEARNING),
    ("Known", frozenset({Status.KNOWN})),
    ("Ignored", frozenset({Status.IGNORED})),
]
LEVEL_FILTERS: list[tuple[str, str | None]] = [
    ("Any level", None), *((f"HSK {band}", band) for band in ("1", "2", "3", "4", "5", "6", "7-9")),
    ("Not in HSK", "none"),
]
# The keys that set a status in the table, as in the reading view.
STATUS_KEYS = {
    "1": Status.NEW, "2": Status.LEARNING_2, "3": Status.LEARNING_3, "4": Status.LEARNING_4, "5": Status.KNOWN,
    "K": Status.KNOWN, "I": Status.IGNORED,
}


class VocabularyTableModel(QAbstractTableModel):
    """The saved words as table rows: parallel lists from the store, a visible order of row numbers over them."""

    error_occurred = Signal(str)

    COLUMNS = ("Word", "Pinyin", "Status", "Definitions", "Notes", "Sentences", "Added", "HSK", "Frequency")
    WORD, PINYIN, STATUS, DEFINITIONS, NOTES, SENTENCES, ADDED, HSK, FREQUENCY = range(9)

    def __init__(self, store: VocabularyStore, parent=None, undo: UndoStack | None = None):
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo or UndoStack()
        self._rows = TableRows([], [], [], [], [], [], [], [], [], [])
        self._visible: list[int] = []
        self._statuses: frozenset[Status] | None = None
        self._text = ""
        self._sort = (self.ADDED, Qt.SortOrder.DescendingOrder)
        self._pinyin: dict[int, str] = {}
        self._definitions: dict[int, str] = {}
        self._plain: list[str] | None = None
        self._levels: list | None = None  # each row's WordLevel, worked out when first shown, sorted or filtered
        self._level_filter: str | None = None  # a band label ("3", "7-9"), "none" for words outside the lists
        self._brushes = {status: QColor(*rgba) for status, rgba in STATUS_TINTS.items()}
        self.revision = None
        self.reload()

    # ----------------------------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read every row from the store again, keeping the filter and the sort."""
        self.beginResetModel()
        self.revision = self.store.revision()
        self._rows = self.store.table_rows()
        self._pinyin.clear()
        self._definitions.clear()
        self._plain = None
        self._levels = None
        self._visible = self._matching()
        self._apply_sort()
        self.endResetModel()

    def level_at(self, row: int):
        """The HSK band and frequency of stored row ``row``'s word."""
        if self._levels is None:
            from reader.core.levels import WordLevels

            level = WordLevels().level  # the tables are the process's own: loaded once, usually by the reader
            self._levels = [level(word) for word in self._rows.words]
        return self._levels[row]

    @property
    def total(self) -> int:
        """How many words the vocabulary holds."""
        return len(self._rows.words)

    def set_filter(self, statuses: frozenset[Status] | None = None, text: str = "", level: str | None = None) -> None:
        """Show only words with one of ``statuses`` (all when None) matching ``text`` (hanzi, pinyin, English, notes)
        of HSK band ``level`` ("1" ... "6", "7-9"; "none": outside the lists; None: any band)."""
        self.beginResetModel()
        self._level_filter = level
        self._statuses = statuses
        self._text = text.strip()
        self._visible = self._matching()
        self._apply_sort()
        self.endResetModel()

    def _matching(self) -> list[int]:
        rows = self._rows
        visible = range(len(rows.words))
        if self._statuses is not None:
            wanted = self._statuses
            statuses = rows.statuses
            visible = [i for i in visible if statuses[i] in wanted]
        if self._text:
            matches = text_matcher(self._text)
            if self._plain is None:
                self._plain = [plain_pinyin(n) for n in rows.numbered]
            words, traditional, numbered, senses, notes, plain = (
                rows.words, rows.traditional, rows.numbered, rows.definitions_json, rows.notes, self._plain
            )
            visible = [i for i in visible if matches(words[i], traditional[i], numbered[i], senses[i], notes[i], plain[i])]
        if self._level_filter is not None:
            wanted = None if self._level_filter == "none" else self._level_filter
            visible = [i for i in visible if self.level_at(i).hsk_label == wanted]
        return list(visible)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        rows = self._rows
        self._visible.sort()  # equal keys stay in the order they were saved, whatever the sort before
        if column == self.WORD:
            keys = rows.words
        elif column == self.PINYIN:
            if self._plain is None:
                self._plain = [plain_pinyin(n) for n in rows.numbered]
            plain, numbered = self._plain, rows.numbered
            keys = None
            self._visible.sort(key=lambda i: (plain[i], numbered[i].lower()), reverse=order == Qt.SortOrder.DescendingOrder)
            return
        elif column == self.STATUS:
            keys = rows.statuses
        elif column == self.DEFINITIONS:
            keys = rows.definitions_json
        elif column == self.NOTES:
            keys = rows.notes
        elif column == self.SENTENCES:
            keys = rows.context_counts
        elif column in (self.HSK, self.FREQUENCY):  # words outside the lists / rarer than the list go last
            def keyed(i):
                level = self.level_at(i)
                return (level.hsk or 99) if column == self.HSK else (level.rank or 10**9)

            self._visible.sort(key=keyed, reverse=order == Qt.SortOrder.DescendingOrder)
            return
        else:  # added: the save order (row number) breaks ties within a second
            self._visible.sort(reverse=order == Qt.SortOrder.DescendingOrder)
            return
        self._visible.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)

    # ----------------------------------------------------------------------------------- Qt model

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == self.SENTENCES:
            return card_sentence.HEADER_TIP
        return None

    EDITABLE = frozenset({PINYIN, STATUS, DEFINITIONS, NOTES, SENTENCES})

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = index.column()
        if column in self.EDITABLE and (column != self.SENTENCES or len(self.sentences_of(index.row())) > 1):
            flags |= Qt.ItemFlag.ItemIsEditable  # a sentence to choose only where there are several
        return flags

    def sentences_of(self, position: int) -> list[str]:
        """The saved sentences of the word at visible row ``position``, oldest first."""
        return self._rows.sentences[self._visible[position]]

    def card_sentence_of(self, position: int) -> str | None:
        """The sentence picked for the Anki card of the word at visible row ``position`` (None: the export's rule)."""
        return self._rows.card_sentences[self._visible[position]]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._visible[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column == self.STATUS:
            return int(self._rows.statuses[row])
        if role == Qt.ItemDataRole.EditRole and column == self.SENTENCES:
            return self._rows.card_sentences[row] or ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.text_at(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DEFINITIONS:
            return plain_text.tooltip(self._senses(row))  # a user's dictionary may hold "<img src=...>"
        if role == Qt.ItemDataRole.ToolTipRole and column == self.SENTENCES and self._rows.sentences[row]:
            return plain_text.tooltip(card_sentence.listing(self._rows.sentences[row], self._rows.card_sentences[row]))
        if role == Qt.ItemDataRole.BackgroundRole and column in (self.WORD, self.STATUS):
            return self._brushes.get(self._rows.statuses[row])
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.HSK, self.FREQUENCY):
            return plain_text.tooltip(self.level_at(row).describe())
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.HSK, self.FREQUENCY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def text_at(self, row: int, column: int) -> str:
        """The text of column ``column`` for stored row ``row`` (not the visible position)."""
        rows = self._rows
        if column == self.WORD:
            return rows.words[row]
        if column == self.PINYIN:
            marked = self._pinyin.get(row)
            if marked is None:
                marked = self._pinyin[row] = numbered_to_marked(rows.numbered[row])
            return marked
        if column == self.STATUS:
            return STATUS_TEXT[rows.statuses[row]]
        if column == self.DEFINITIONS:
            return self._senses(row)
        if column == self.NOTES:
            return rows.notes[row]
        if column == self.SENTENCES:  # the sentences themselves (all of them in the tooltip), not a count
            return card_sentence.cell_text(rows.sentences[row], rows.card_sentences[row])
        if column == self.HSK:
            return self.level_at(row).hsk_label or ""
        if column == self.FREQUENCY:
            rank = self.level_at(row).rank
            return f"#{rank:,}" if rank is not None else "rare"
        return (rows.added[row] or "")[:10]

    def _senses(self, row: int) -> str:
        text = self._definitions.get(row)
        if text is None:
            text = self._definitions[row] = self._rows.definitions_at(row)
        return text

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        column = index.column()
        if not index.isValid() or column not in self.EDITABLE or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._visible[index.row()]
        word = self._rows.words[row]
        try:
            if column == self.STATUS:
                status = Status(int(value))
                if status != self._rows.statuses[row]:
                    self._record(f"Set {word} {status.step_name}", word, lambda: self.set_status([index.row()], status))
                return True
            if column == self.SENTENCES:
                picked = str(value) or None  # "": the export's rule chooses again
                if picked != self._rows.card_sentences[row]:
                    self._record(f"Choose the card sentence of {word}", word,
                                 lambda: self.store.set_card_sentence(word, picked))
                    self._rows.card_sentences[row] = picked
            elif column == self.NOTES:
                notes = str(value)
                self._record(f"Edit the notes of {word}", word, lambda: self.store.set_notes(word, notes))
                self._rows.notes[row] = notes
            elif column == self.PINYIN:
                from reader.core.corrections import parse_reading

                numbered = parse_reading(word, str(value))  # "gao1 xing4" or "gāo xìng", one syllable a character
                if not numbered:
                    return False
                self._record(f"Edit the reading of {word}", word, lambda: self.store.set_reading(word, numbered))
                self._rows.numbered[row] = numbered
                self._pinyin.pop(row, None)
                self._plain = None
            else:
                senses = [sense.strip() for sense in str(value).split(";") if sense.strip()]
                self._record(f"Edit the meaning of {word}", word, lambda: self.store.set_definitions(word, senses))
                self._rows.definitions_json[row] = json.dumps(senses, ensure_ascii=False)
                self._definitions.pop(row, None)
        except UserError as error:  # not pinyin; or deleted meanwhile from another window or the command line
            self.error_occurred.emit(str(error))
            return False
        self.revision = self.store.revision()
        self.dataChanged.emit(index, index)
        return True

    def _record(self, name: str, word: str, change: Callable[[], object]) -> None:
        self.undo_stack.record_rows(name, self.store, [word], change)

    # ----------------------------------------------------------------------------------- rows

    def longest_readings(self, count: int = 20) -> list[str]:
        """The tone-marked readings of the ``count`` words with the longest readings (to size the column)."""
        numbered = self._rows.numbered
        rows = sorted(range(len(numbered)), key=lambda i: len(numbered[i]), reverse=True)[:count]
        return [self.text_at(row, self.PINYIN) for row in rows]

    def word_at(self, position: int) -> str:
        """The word shown at visible row ``position``."""
        return self._rows.words[self._visible[position]]

    def status_at(self, position: int) -> Status:
        """The status of the word shown at visible row ``position``."""
        return self._rows.statuses[self._visible[position]]

    def visible_words(self) -> list[str]:
        """The words shown, in the order shown."""
        words = self._rows.words
        return [words[i] for i in self._visible]

    def set_status(self, positions: list[int], status: Status) -> dict[str, Status]:
        """Give the words at these visible rows ``status`` (one transaction); returns their earlier statuses."""
        rows = [self._visible[p] for p in positions]
        previous = {self._rows.words[r]: self._rows.statuses[r] for r in rows}
        self.store.set_statuses(previous, status)
        for r in rows:
            self._rows.statuses[r] = status
        self._after_change()
        return previous

    def remove(self, positions: list[int]) -> int:
        """Delete the words at these visible rows (one transaction); returns how many were deleted."""
        removed = self.store.remove_many([self._rows.words[self._visible[p]] for p in positions])
        self.reload()
        return removed

    def _after_change(self) -> None:
        """Re-filter after statuses changed (a word may leave the "New" view), keeping the sort."""
        self.revision = self.store.revision()
        self.layoutAboutToBeChanged.emit()
        self._visible = self._matching()
        self._apply_sort()
        self.layoutChanged.emit()


def frequency_band_line(statuses) -> str:
    """``Known: 45.0% of the 1,000 most common words · 30.1% of 2,000 · ...`` for the learner's statuses."""
    from reader.core.difficulty import vocabulary_size
    from reader.core.levels import WordLevels

    bands = vocabulary_size(statuses, WordLevels()).bands
    if not bands:
        return ""
    (top, known), rest = bands[0], bands[1:]
    first = f"Known: {100 * known / top:.1f}% of the {top:,} most common words"
    return " · ".join([first, *(f"{100 * known / top:.1f}% of {top:,}" for top, known in rest)])


class KnownWordsChart(QWidget):
    """A small step chart of the number of known words, day by day, up to today."""

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self._history: list[tuple[date, int]] = []
        self._learning: list[tuple[date, int]] = []
        self._today = today
        self.setMinimumHeight(90)

    def sizeHint(self) -> QSize:
        return QSize(480, 120)

    def set_history(self, history: list[tuple[date, int]], learning: list[tuple[date, int]] | None = None) -> None:
        """Show these (day, known words) points, oldest first, and the words being learned (new and 2-4) beside them."""
        self._history = list(history)
        self._learning = list(learning or [])
        self.update()

    def learning_points(self) -> list[tuple[date, int]]:
        """The learning line's points, carried on to today."""
        return self._carried_to_today(self._learning)

    def points(self) -> list[tuple[date, int]]:
        """The chart's points: the history, carried on to today."""
        return self._carried_to_today(self._history)

    def _carried_to_today(self, history: list[tuple[date, int]]) -> list[tuple[date, int]]:
        points = list(history)
        today = self._today()
        if points and points[-1][0] < today:
            points.append((today, points[-1][1]))
        return points

    def paintEvent(self, event) -> None:
        palette = self.palette()
        text_colour = palette.color(palette.ColorRole.WindowText)
        muted = palette.color(palette.ColorRole.PlaceholderText)
        accent = palette.color(palette.ColorRole.Highlight)
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            metrics = painter.fontMetrics()
            points = self.points()
            if not points or max(count for _, count in points) == 0:
                painter.setPen(muted)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No known words yet: the chart grows as you mark words known.")
                return
            learning = self.learning_points()
            peak = max(count for _, count in points + learning)
            label = f"{points[-1][1]:,} known" + (f" · {learning[-1][1]:,} learning" if learning else "")
            left = 8
            top = metrics.height() + 4
            right = self.width() - 8
            bottom = self.height() - metrics.height() - 6
            plot = QRectF(left, top, max(1, right - left), max(1, bottom - top))
            painter.setPen(QPen(muted, 1))
            painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
            first, last = points[0][0].toordinal(), points[-1][0].toordinal()
            span = max(1, last - first)

            def at(day: date, count: int) -> QPointF:
                x = plot.left() + plot.width() * (day.toordinal() - first) / span
                y = plot.bottom() - plot.height() * count / peak
                return QPointF(x, y)

            def steps(series: list[tuple[date, int]]) -> QPainterPath:
                line = QPainterPath(at(*series[0]))
                for (day, count), (_, previous) in zip(series[1:], series):
                    line.lineTo(at(day, previous))  # a step: the count holds until the day it changed
                    line.lineTo(at(day, count))
                return line

            path = steps(points)
            if len(points) == 1:
                path.lineTo(QPointF(plot.right(), at(*points[0]).y()))
            area = QPainterPath(path)
            area.lineTo(QPointF(path.currentPosition().x(), plot.bottom()))
            area.lineTo(QPointF(at(*points[0]).x(), plot.bottom()))
            area.closeSubpath()
            fill = QColor(accent)
            fill.setAlpha(50)
            painter.fillPath(area, fill)
            painter.setPen(QPen(accent, 2))
            painter.drawPath(path)
            if len(learning) > 1:
                painter.setPen(QPen(muted, 1.5, Qt.PenStyle.DashLine))
                painter.drawPath(steps(learning))
            painter.setPen(text_colour)
            painter.drawText(QRectF(left, 0, plot.width(), top), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(muted)
            footer = QRectF(left, bottom + 2, plot.width(), self.height() - bottom - 2)
            painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, points[0][0].isoformat())
            painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, points[-1][0].isoformat())


class StatusDelegate(QStyledItemDelegate):
    """Edits the Status column with a list of the statuses (double-click or F2)."""

    def createEditor(self, parent, option, index):
        editor = QComboBox(parent)
        for status, text in STATUS_TEXT.items():
            editor.addItem(text, int(status))
        editor.activated.connect(lambda _: self.commitData.emit(editor))  # picked: saved at once
        return editor

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class VocabularyWindow(QWidget):
    """The learner's saved words: filter, sort, edit notes, change statuses in bulk, delete (with undo)."""

    vocabulary_changed = Signal()  # statuses or words changed here: the reading view should re-tint

    def __init__(self, store: VocabularyStore, parent: QWidget | None = None, undo: UndoStack | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Vocabulary")
        self.store = store
        # the session's stack when opened from the reader: Ctrl+Z there takes back a change made here, and back
        self.undo_stack = undo or UndoStack()
        self.model = VocabularyTableModel(store, self, self.undo_stack)
        self.model.error_occurred.connect(lambda message: self._show_error(UserError(message)))
        self.undo_stack.on_change(self._update_buttons)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter: hanzi, pinyin (yinhang, yín háng), English, notes")
        self.filter_edit.setClearButtonEnabled(True)
        self.status_filter = QComboBox(self)
        for label, _ in STATUS_FILTERS:
            self.status_filter.addItem(label)
        self.count_label = plain_text.plain_label("", self)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _: self._filter_timer.start())
        self.status_filter.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.level_filter = QComboBox(self)
        for label, band in LEVEL_FILTERS:
            self.level_filter.addItem(label, band)
        self.level_filter.currentIndexChanged.connect(lambda _: self.apply_filter())

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(VocabularyTableModel.ADDED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # double-click or F2 edits a note; plain keys are the status shortcuts
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measures 50,000 rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        em = self.fontMetrics().horizontalAdvance("M")
        for column, width in enumerate((8, 9, 8, 26, 12, 18, 8, 4, 8)):  # Sentences shows a sentence
            self.table.setColumnWidth(column, width * em)
        header.setSectionResizeMode(VocabularyTableModel.DEFINITIONS, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(VocabularyTableModel.STATUS, StatusDelegate(self.table))
        self.table.setItemDelegateForColumn(VocabularyTableModel.SENTENCES, card_sentence.CardSentenceDelegate(self.table))
        self.model.modelReset.connect(self._fit_pinyin_column)
        self._fit_pinyin_column()
        # Escape (when no cell is being edited: the editor takes it first) and Ctrl+W close the window
        closing = dict.fromkeys([QKeySequence("Ctrl+W"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Close)])
        for keys in closing:  # one shortcut a key sequence: two on the same keys would be ambiguous and do nothing
            QShortcut(keys, self, self.close).setContext(Qt.ShortcutContext.WindowShortcut)

        self.status_buttons: dict[Status, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Set status:", self))
        for status, text in [(Status.NEW, "&1 New"), (Status.LEARNING_2, "&2"), (Status.LEARNING_3, "&3"),
                             (Status.LEARNING_4, "&4"), (Status.KNOWN, "&Known"), (Status.IGNORED, "&Ignore")]:
            button = QPushButton(text, self)
            button.setToolTip(f"Give the selected words the status {STATUS_TEXT[status]}")
            button.clicked.connect(lambda checked=False, s=status: self.set_selected_status(s))
            buttons.addWidget(button)
            self.status_buttons[status] = button
        buttons.addStretch(1)
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.undo_button = QPushButton("&Undo", self)
        self.undo_button.clicked.connect(self.undo)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.undo_button)

        self.table.installEventFilter(self)  # status keys act on the table only: in the filter box they are typing
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.chart = KnownWordsChart(self)
        self.chart.setMaximumHeight(140)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.bands_label = plain_text.plain_label("", self)
        self.bands_label.setToolTip("Your known words among the most common words of written and spoken Chinese "
                                    "(wordfreq's list)")

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.level_filter)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.chart)
        layout.addWidget(self.bands_label)
        layout.addWidget(self.message)
        self.resize(900, 640)
        self._refresh_labels()
        self._update_buttons()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and self.table.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Undo):
                self.undo()
                return True
            if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
                self.delete_selected()
                return True
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            status = STATUS_KEYS.get(event.text().upper()) if plain else None
            if status is not None:
                self.set_selected_status(status)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:  # reaches the window only when no editor or box used it
            self.close()
            return
        super().keyPressEvent(event)

    def _fit_pinyin_column(self) -> None:
        """Wide enough for the longest reading saved (measured once, not row by row), within reason."""
        longest = max(self.model.longest_readings(), key=self.fontMetrics().horizontalAdvance, default="")
        em = self.fontMetrics().horizontalAdvance("M")
        width = self.fontMetrics().horizontalAdvance(longest) + 2 * em
        self.table.setColumnWidth(VocabularyTableModel.PINYIN, max(9 * em, min(width, 24 * em)))

    # ----------------------------------------------------------------------------------- actions

    def apply_filter(self) -> None:
        """Show the words matching the filter box and the status choice."""
        self._filter_timer.stop()
        statuses = STATUS_FILTERS[self.status_filter.currentIndex()][1]
        self.model.set_filter(statuses, self.filter_edit.text(), self.level_filter.currentData())
        self._refresh_labels()

    def selected_positions(self) -> list[int]:
        """The visible rows selected, top to bottom."""
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def selected_words(self) -> list[str]:
        """The words selected, top to bottom."""
        return [self.model.word_at(p) for p in self.selected_positions()]

    def set_selected_status(self, status: Status) -> int:
        """Give every selected word ``status`` in one step (undoable); returns how many were selected."""
        positions = self.selected_positions()
        if not positions:
            return 0
        words = [self.model.word_at(p) for p in positions]
        name = f"Set {words[0]} {status.step_name}" if len(words) == 1 else f"Set {len(words):,} words {status.step_name}"
        try:
            self.undo_stack.record_rows(name, self.store, words, lambda: self.model.set_status(positions, status))
        except UserError as error:
            self._show_error(error)
            return 0
        label = STATUS_TEXT[status]
        self._reselect(words)
        self._changed(f"{_count(len(words))} set to {label}" if len(words) > 1 else f"{words[0]}: {label}")
        return len(words)

    def delete_selected(self) -> int:
        """Delete the selected words and their sentences (undoable); returns how many."""
        positions = self.selected_positions()
        if not positions:
            return 0
        words = [self.model.word_at(p) for p in positions]
        name = f"Delete {words[0]}" if len(words) == 1 else f"Delete {len(words):,} words"
        try:
            removed = self.undo_stack.record_rows(name, self.store, words, lambda: self.model.remove(positions))
        except UserError as error:
            self._show_error(error)
            return 0
        self._changed(f"Deleted {_count(removed)} (Undo brings them back)")
        return removed

    def undo(self) -> bool:
        """Undo the newest step (made here, or in the reader when the stack is the session's)."""
        try:
            step = self.undo_stack.undo()
        except UserError as error:
            self._show_error(error)
            return False
        if step is None:
            return False
        self.model.reload()
        self._reselect([])
        self._changed(f"Undone: {step.name}")
        return True

    def reload(self) -> None:
        """Read the vocabulary again (after the reading window or the command line changed it)."""
        try:
            self.model.reload()
        except UserError as error:
            self._show_error(error)
        self._refresh_labels()

    def reload_if_changed(self) -> bool:
        """Reload when someone else changed the vocabulary since this window last read it."""
        if self.store.revision() != self.model.revision:
            self.reload()
            return True
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isVisible() and self.isActiveWindow():
            self.reload_if_changed()
        super().changeEvent(event)

    # ----------------------------------------------------------------------------------- helpers

    def _reselect(self, words: list[str]) -> None:
        wanted = set(words)
        selection = self.table.selectionModel()
        selection.clearSelection()
        model = self.model
        for position in range(model.rowCount()):
            if model.word_at(position) in wanted:
                selection.select(
                    model.index(position, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _changed(self, message: str) -> None:
        self.message.setText(message)
        self._refresh_labels()
        self._update_buttons()
        self.vocabulary_changed.emit()

    def _refresh_labels(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(f"{shown:,} of {total:,} words" if shown != total else f"{total:,} words")
        split = self.store.history_split()
        self.chart.set_history([(day, known) for day, known, _ in split], [(day, learning) for day, _, learning in split])
        self.bands_label.setText(frequency_band_line(self.store.status_map()))

    def _update_buttons(self) -> None:
        selected = self.table.selectionModel().hasSelection()
        for button in (*self.status_buttons.values(), self.delete_button):
            button.setEnabled(selected)
        self.undo_button.setEnabled(self.undo_stack.can_undo)
        self.undo_button.setToolTip(plain_text.tooltip(f"Undo {self.undo_stack.undo_name}" if self.undo_stack.can_undo else ""))

    def _show_error(self, error: Exception) -> None:
        self.message.setText(str(error))
        plain_text.show_warning(self, "Vocabulary", str(error))


def _count(n: int) -> str:
    return f"{n:,} word" + ("" if n == 1 else "s")
