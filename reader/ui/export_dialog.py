"""The export dialog: where the cards go (apkg, text file, AnkiConnect), which words, which cards, a preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.core.anki.ankiconnect import DEFAULT_URL
from reader.core.anki.exporters import (
    STATUS_GROUPS,
    AnkiConnectExporter,
    ApkgExporter,
    ExportOptions,
    TextFileExporter,
    clean_deck_name,
    run_export,
)
from reader.core.anki.notes import sentence_note, word_note
from reader.core.anki.notetype import (
    CARD_KINDS,
    DEFAULT_DECK_NAME,
    SENTENCE_TEMPLATES,
    WORD_TEMPLATES,
    card_css,
    render_card,
)
from reader.core.errors import UserError
from reader.ui import plain_text
from reader.ui.operations import run_in_background

DESTINATIONS = (
    ("apkg", "Anki package (.apkg)", "Anki package (*.apkg)", ".apkg"),
    ("tsv", "Anki text file (.txt)", "Text file (*.txt)", ".txt"),
    ("ankiconnect", "Straight into Anki (AnkiConnect)", None, None),
)
STATUS_CHOICES = ("new", "learning", "known", "ignored")


EXPORT_RULES = (
    "Card kinds add up: a word keeps every kind of card it was exported with before (Anki never deletes a card, "
    "so a kind left out later would leave blank cards). A word whose reading changed updates its note, reviews "
    "kept. A new deck moves the cards Anki already has only through AnkiConnect; an .apkg or text file puts only "
    "new cards there. Until an .apkg or AnkiConnect export has brought Yuedu's note types to Anki, a text file "
    "gives Basic cards of its own; after that it is for that Anki (it carries each note's GUID, so a later .apkg "
    "updates the words it added), and an Anki without the note types imports none of it."
)


class ExportDialog(QDialog):
    """Export the vocabulary as Anki cards; the export itself (file or network) runs off the UI thread."""

    export_finished = Signal(str)  # the one-line summary
    export_failed = Signal(str)  # the one-line reason

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._operation = None
        self.setWindowTitle("Export to Anki")
        self.destination = QComboBox()
        for key, label, _, _ in DESTINATIONS:
            self.destination.addItem(label, key)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("where to write the file")
        self.browse_button = QPushButton("Choose…")
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.path_row = QWidget()
        self.path_row.setLayout(path_row)
        path_row.setContentsMargins(0, 0, 0, 0)
        self.url_edit = QLineEdit(DEFAULT_URL)
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText("only if AnkiConnect asks for one")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.deck_edit = QLineEdit(DEFAULT_DECK_NAME)
        self.sentence_choice = QComboBox()
        for rule, label in (("newest", "the newest saved"), ("shortest", "the shortest saved"),
                            ("first", "the first saved")):
            self.sentence_choice.addItem(label, rule)
        self.sentence_choice.setToolTip("For words with no sentence picked in the vocabulary window "
                                        "(double-click a word's Sentences there to pick one)")

        form = QFormLayout()
        form.addRow("Send to", self.destination)
        form.addRow("File", self.path_row)
        form.addRow("AnkiConnect", self.url_edit)
        form.addRow("API key", self.key_edit)
        form.addRow("Deck", self.deck_edit)
        form.addRow("Sentence on the card", self.sentence_choice)

        self.status_boxes = {name: QCheckBox(name) for name in STATUS_CHOICES}
        self.status_boxes["new"].setChecked(True)
        self.status_boxes["learning"].setChecked(True)
        self.new_only_box = QCheckBox("only words not exported before")
        words_box = QGroupBox("Words")
        words_layout = QHBoxLayout(words_box)
        for box in self.status_boxes.values():
            words_layout.addWidget(box)
        words_layout.addWidget(self.new_only_box)
        words_layout.addStretch(1)

        self.kind_boxes = {kind: QCheckBox(kind) for kind in CARD_KINDS}
        self.kind_boxes["recognition"].setChecked(True)
        self.sentences_box = QCheckBox("i+1 sentence cards (one unknown word, as a cloze)")
        cards_box = QGroupBox("Cards")
        cards_layout = QHBoxLayout(cards_box)
        for box in self.kind_boxes.values():
            cards_layout.addWidget(box)
        cards_layout.addWidget(self.sentences_box)
        cards_layout.addStretch(1)

        self.front_preview, self.back_preview = QTextBrowser(), QTextBrowser()
        previews = QHBoxLayout()
        for title, browser in (("Front", self.front_preview), ("Back", self.back_preview)):
            browser.setOpenLinks(False)
            # Qt paints a block's background on every block inside it: the card colour goes on the viewport instead
            browser.document().setDefaultStyleSheet(card_css().replace("background-color: #fbfaf7;", ""))
            browser.setStyleSheet("QTextBrowser { background-color: #fbfaf7; color: #1f2328; }")
            browser.setMinimumHeight(240)
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(browser, 1)
            previews.addLayout(column, 1)
        self.preview_card = QComboBox()
        self.preview_card.currentIndexChanged.connect(self.update_preview)
        preview_row = QHBoxLayout()
        preview_row.addWidget(QLabel("Preview"))
        preview_row.addWidget(self.preview_card)
        preview_row.addStretch(1)
        self.rules = QLabel(EXPORT_RULES)
        self.rules.setWordWrap(True)
        self.rules.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(words_box)
        layout.addWidget(cards_box)
        layout.addWidget(self.rules)
        layout.addLayout(preview_row)
        layout.addLayout(previews, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.destination.currentIndexChanged.connect(self._destination_changed)
        for box in self.status_boxes.values():
            box.toggled.connect(self.update_preview)
        for box in (*self.kind_boxes.values(), self.sentences_box):
            box.toggled.connect(self._refresh_preview_choices)
        self.sentence_choice.currentIndexChanged.connect(self.update_preview)
        self._destination_changed()
        self._refresh_preview_choices()
        self.resize(640, 640)

    # ----------------------------------------------------------------------------------------- choices

    def destination_key(self) -> str:
        """apkg, tsv or ankiconnect."""
        return self.destination.currentData()

    def options(self) -> ExportOptions:
        """The export options the dialog shows; UserError for an empty choice."""
        statuses = set()
        for name, box in self.status_boxes.items():
            if box.isChecked():
                statuses |= STATUS_GROUPS[name]
        if not statuses:
            raise UserError("choose which words to export")
        kinds = tuple(kind for kind in CARD_KINDS if self.kind_boxes[kind].isChecked())
        if not kinds:
            raise UserError("choose at least one kind of card")
        deck = clean_deck_name(self.deck_edit.text())
        return ExportOptions(deck=deck, statuses=frozenset(statuses), new_only=self.new_only_box.isChecked(),
                             card_kinds=kinds, sentences=self.sentences_box.isChecked(),
                             sentence_rule=self.sentence_choice.currentData())

    def _destination_changed(self) -> None:
        key = self.destination_key()
        writes_file = key != "ankiconnect"
        self.path_row.setEnabled(writes_file)
        self.url_edit.setEnabled(not writes_file)
        self.key_edit.setEnabled(not writes_file)
        if writes_file:
            suffix = next(d[3] for d in DESTINATIONS if d[0] == key)
            text = self.path_edit.text()
            if text and not text.endswith(suffix):
                self.path_edit.setText(text.rsplit(".", 1)[0] + suffix if "." in text else text + suffix)

    def _browse(self) -> None:
        key = self.destination_key()
        pattern, suffix = next((d[2], d[3]) for d in DESTINATIONS if d[0] == key)
        start = self.path_edit.text() or str(self.session.data_dir.parent / f"yuedu{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Export to", start, pattern)
        if path:
            self.path_edit.setText(path)

    # ----------------------------------------------------------------------------------------- preview

    def _annotator_if_loaded(self):
        """The annotator only when it is already built (the preview never waits for the dictionary)."""
        return self.session.__dict__.get("annotator")

    def _refresh_preview_choices(self) -> None:
        """Offer the chosen card kinds (and the sentence card) in the preview's card choice."""
        current = self.preview_card.currentData()
        self.preview_card.blockSignals(True)
        self.preview_card.clear()
        for kind in CARD_KINDS:
            if self.kind_boxes[kind].isChecked():
                self.preview_card.addItem(kind, kind)
        if self.sentences_box.isChecked():
            self.preview_card.addItem("sentence (cloze)", "sentence")
        index = self.preview_card.findData(current)
        self.preview_card.setCurrentIndex(max(index, 0))
        self.preview_card.blockSignals(False)
        self.update_preview()

    def update_preview(self) -> None:
        """Show the chosen kind of card for the first chosen word (or the first i+1 sentence), front and back."""
        try:
            options = self.options()
        except UserError as error:
            self._show_preview_message(str(error))
            return
        annotator = self._annotator_if_loaded()
        annotate = annotator.annotate if annotator is not None else None
        kind = self.preview_card.currentData() or options.card_kinds[0]
        if kind == "sentence":
            if annotator is None:
                self._show_preview_message("Sentence cards are previewed once the dictionary has loaded.")
                return
            from reader.core.anki.sentences import i_plus_one_sentences

            vocabulary = self.session.vocabulary
            found = i_plus_one_sentences(vocabulary.words(), vocabulary.status_map(), annotator)
            if not found:
                self._show_preview_message("No saved sentence has exactly one word you do not know yet.")
                return
            first = found[0]
            note = sentence_note(first.sentence, first.word, first.numbered, first.definitions, first.source, annotate)
            front, back = render_card(SENTENCE_TEMPLATES, 0, note.field_dict())
        else:
            words = self.session.vocabulary.words(options.statuses)
            if not words:
                self._show_preview_message("No words to export with these choices.")
                return
            note = word_note(words[0], options.card_kinds, annotate, options.sentence_rule)
            front, back = render_card(WORD_TEMPLATES, CARD_KINDS.index(kind), note.field_dict())
        self.front_preview.setHtml(f'<div class="card">{front}</div>')
        self.back_preview.setHtml(f'<div class="card">{back}</div>')

    def _show_preview_message(self, text: str) -> None:
        self.front_preview.setPlainText(text)
        self.back_preview.clear()

    def preview_text(self) -> tuple[str, str]:
        """The preview's front and back as plain text."""
        return self.front_preview.toPlainText(), self.back_preview.toPlainText()

    # ----------------------------------------------------------------------------------------- export

    def _exporter(self):
        key = self.destination_key()
        if key == "ankiconnect":
            return AnkiConnectExporter(self.url_edit.text().strip() or DEFAULT_URL, self.key_edit.text().strip() or None)
        path = self.path_edit.text().strip()
        if not path:
            raise UserError("choose where to write the file")
        return ApkgExporter(path) if key == "apkg" else TextFileExporter(path)

    def start_export(self) -> None:
        """Export in the background; the result comes back as export_finished or export_failed."""
        try:
            options = self.options()
            exporter = self._exporter()
        except UserError as error:
            self._failed(error)
            return
        session = self.session

        def work(report):
            from reader.core.anki.state import ExportState

            state = ExportState.open(session.data_dir)
            try:
                return run_export(exporter, session.vocabulary, state, session.annotator, options)
            finally:
                state.close()

        self.export_button.setEnabled(False)
        self.message.setText("Exporting…")
        self._operation = run_in_background(work, self._finished, self._failed)

    def _finished(self, result) -> None:
        self.export_button.setEnabled(True)
        summary = result.summary()
        self.message.setText(summary)
        if result.refused:
            self.export_failed.emit(summary)
            plain_text.show_warning(self, "Export to Anki", summary)
        else:
            self.export_finished.emit(summary)

    def _failed(self, error: Exception) -> None:
        self.export_button.setEnabled(True)
        text = str(error) if isinstance(error, UserError) else f"export failed: {error}"
        self.message.setText(text)
        self.export_failed.emit(text)
        plain_text.show_warning(self, "Export to Anki", text)

    def done(self, result: int) -> None:  # closing drops a running export's late result, never the export itself
        if self._operation is not None:
            self._operation.cancel()
        super().done(result)
