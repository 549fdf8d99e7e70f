"""Words › Words to Learn First: the unknown words that unlock the open book or article, saved in one go."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from reader.ui import operations, plain_text

COLUMNS = ("#", "Word", "Pinyin", "Times", "Chapters", "Known after", "Meaning")


class PrestudyDialog(QDialog):
    """The prestudy list of ``articles`` (a book's, or one article's paragraphs) for the learner's statuses now."""

    saved = Signal(int)  # how many words were saved

    def __init__(self, window, articles: list, document: str, statuses: dict):
        super().__init__(window)
        self.setWindowTitle("Words to Learn First")
        self._window = window
        self._document = document
        self._statuses = statuses
        from reader.core.difficulty import chapters_of

        self.chapters = chapters_of(articles)
        self.plan = None
        self._operation = None

        self.target = QSpinBox(self)
        self.target.setRange(50, 100)
        self.target.setSuffix("% of the running words")
        self.target.setValue(95)
        self.target.valueChanged.connect(lambda _value: self.compute())
        self.summary = plain_text.plain_label("Counting the words…", self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton("&Save All to Vocabulary", self)
        self.save_button.setToolTip("Save every listed word as new, with the first sentence it stands in (Ctrl+Z undoes it)")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_all)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)

        aim = QHBoxLayout()
        aim.addWidget(QLabel("Know at least", self))
        aim.addWidget(self.target)
        aim.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(aim)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 520)
        self.compute()

    def compute(self) -> None:
        """Rank the unknown words off the UI thread for the target now set."""
        if self._operation is not None:
            self._operation.cancel()
        session = self._window.session
        chapters, statuses, target = self.chapters, self._statuses, self.target.value()
        self.save_button.setEnabled(False)

        def work(_report):
            from reader.core.difficulty import prestudy

            annotator = session.annotator
            cut = annotator.segmenter.cut
            plan = prestudy([cut(text) for _title, text in chapters], statuses, target)
            readings = {item.word: annotator.reading_of(item.word) for item in plan.words}
            return plan, readings

        self._operation = operations.run_in_background(work, self._show, self._window.report_error, serial="prestudy")

    def _show(self, found) -> None:
        self._operation = None
        self.plan, readings = found
        self.summary.setText(self.plan.summary())
        self.table.setRowCount(len(self.plan.words))
        for row, item in enumerate(self.plan.words):
            reading = readings[item.word]
            cells = (str(row + 1), item.word, reading.pinyin, str(item.occurrences), f"{item.spread} of {len(self.chapters)}",
                     f"{item.known_percent_after:.1f}%", reading.gloss or "")
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)  # an item's text is never markup
                if column in (0, 3, 5):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        widest = 12 * self.fontMetrics().horizontalAdvance("M")  # a long phrase does not push the meanings away
        for column in range(len(COLUMNS) - 1):
            self.table.setColumnWidth(column, min(widest, self.table.columnWidth(column)))
        self.save_button.setEnabled(bool(self.plan.words))

    def words(self) -> list[str]:
        """The listed words, most useful first."""
        return [item.word for item in self.plan.words] if self.plan is not None else []

    def save_all(self) -> None:
        """Save every listed word as new with its first sentence, off the UI thread, as one undoable step."""
        from reader.core.difficulty import save_with_sentences
        from reader.ui.vocabulary_writes import change_vocabulary

        words = self.words()
        window = self._window
        vocabulary, annotator = window.vocabulary(), window.session.annotator
        self.save_button.setEnabled(False)

        def saved(count) -> None:
            window._statuses_changed(f"Saved {count:,} words to learn first (Ctrl+Z takes them back)")
            self.saved.emit(count)

        change_vocabulary(window, f"Save {len(words):,} words to learn first", words,
                          lambda: save_with_sentences(vocabulary, annotator, self.chapters, words, self._document), saved)
