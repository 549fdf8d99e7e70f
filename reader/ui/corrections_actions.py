"""The learner's corrections in the reading view: Make One Word (M), Split Word Here (X), Fix Reading… (R), from the
Words menu, the keyboard or the view's context menu; each one undoable step, applied at once to the open article."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from reader.core.corrections import check_word, parse_reading
from reader.core.errors import UserError
from reader.core.pinyin import numbered_to_marked
from reader.core.traditional import simplify
from reader.core.vocabulary import sentence_at


class CorrectionActions(QObject):
    """Merge, split and reading fixes for one reader window (``window``: its session, view, blocks and status bar)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        view = window.view
        self.merge_action = window._action("Make One &Word", self.merge_selection, "M",
                                           tip="Keep the selected stretch together as one word, here and in every text")
        self.split_action = window._action("Split Word &Here", self.split_here, "X",
                                           tip="Cut the word at the selection (or where you right-clicked), everywhere")
        self.reading_action = window._action("Fix &Reading…", self.open_reading_dialog, "R",
                                             tip="Give the word (or the selection) a reading and meaning of your own")
        self.actions = [self.merge_action, self.split_action, self.reading_action]
        view.addActions(self.actions)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.viewport().installEventFilter(self)
        view.selection_activated.connect(window.panel.show_word)
        self._pressed_at: tuple[int, int] | None = None  # (block, offset) of the last right click: where to split
        self._learner = window.session.learner_words()
        window.panel.learner_word = lambda word: self._learner.get(word)  # the panel says what the learner taught
        self.dialog: ReadingDialog | None = None

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ContextMenu:
            self._pressed_at = self.window.view.offset_at(event.pos())
        return False

    # -- what the learner pointed at

    def _span(self) -> tuple[int, int, int] | None:
        """(block, start, end) of the selection, else of the word under the cursor."""
        span = self.window.view.selected_span()
        if span is not None:
            return span
        token = self.window.view.current_token()
        if token is None or not token.is_chinese:
            return None
        for index, block in enumerate(self.window._blocks):
            if any(t is token for t in block.tokens or ()):
                return index, token.start, token.end
        return None

    def _text(self, block: int) -> str:
        return self.window._blocks[block].text

    # -- the corrections

    def merge_selection(self) -> bool:
        """Make the selected stretch one word (everywhere from now on); whether it was done."""
        span = self.window.view.selected_span()
        if span is None:
            return self._tell("Select the characters to keep together (drag over them), then Make One Word.")
        block, start, end = span
        word = self._text(block)[start:end].strip()
        try:
            word = check_word(word)
            if len(word) < 2:
                raise UserError(f"{word}: select two characters or more to make one word")
        except UserError as error:
            return self._fail(error)
        corrections = self.window.session.corrections
        known = self._learner.get(word)  # as last shown: the file itself may be busy with a write
        if known is not None and not known.is_split:
            return self._tell(f"{word} is already one word")
        return self._record(f"Make {word} one word", [word], lambda: corrections.add(word), f"{word} is one word now")

    def split_here(self) -> bool:
        """Cut the word at the selection's edges (or where the learner right-clicked); whether it was done."""
        view = self.window.view
        span = view.selected_span()
        cuts = {span[1], span[2]} if span is not None else set()
        block = span[0] if span is not None else None
        if span is None and self._pressed_at is not None:
            block, offset = self._pressed_at
            cuts = {offset}
        if block is None:
            return self._tell("Select the part to cut off, or right-click between two characters, then Split Word Here.")
        token = next((t for t in self.window._blocks[block].tokens or ()
                      if t.is_chinese and any(t.start < cut < t.end for cut in cuts)), None)
        if token is None:
            return self._tell("Nothing to split there: put the cut inside a word.")
        inside = sorted(cut - token.start for cut in cuts if token.start < cut < token.end)
        pieces = [token.text[a:b] for a, b in zip([0, *inside], [*inside, len(token.text)])]
        corrections = self.window.session.corrections
        try:
            check_word(token.text)
        except UserError as error:
            return self._fail(error)
        return self._record(f"Split {token.text} into {' | '.join(pieces)}", [token.text],
                            lambda: corrections.split(token.text, pieces), f"{token.text} is cut as {' | '.join(pieces)} now")

    def fix_reading(self, pinyin: str, meaning: str = "", is_name: bool = False, everywhere: bool = True) -> bool:
        """Read the selection (or the word under the cursor) as ``pinyin``: everywhere, or only here."""
        span = self._span()
        if span is None:
            return self._tell("Move the word cursor to a word (or select one) first.")
        block, start, end = span
        text = self._text(block)
        word = text[start:end]
        corrections = self.window.session.corrections
        try:
            word = check_word(word)
            numbered = parse_reading(word, pinyin)
            shown = numbered_to_marked(numbered)
            if everywhere:
                def change():  # on the worker: what the word had (its meaning, its name mark) is kept
                    existing = corrections.get(word)
                    kept = existing if existing is not None and not existing.is_split else None
                    return corrections.add(word, numbered, meaning or (kept.meaning if kept else ""),
                                           is_name or bool(kept and kept.is_name))

                return self._record(f"Read {word} as {shown}", [word], change,
                                    f"{word} is read {shown} everywhere now")
            if not any(t.start == start and t.end == end for t in self.window._blocks[block].tokens or ()):
                raise UserError(f"{word} is not one word here: make it one word first, or fix it everywhere")
            sentence = sentence_at(text, start, end)
            offset = start - _sentence_start(text, sentence, start)
            key = (sentence, offset, word)
            return self._record(f"Read {word} as {shown} here", [key],
                                lambda: corrections.fix_occurrence(sentence, offset, word, numbered),
                                f"{word} is read {shown} in this sentence now")
        except UserError as error:
            return self._fail(error)

    def open_reading_dialog(self) -> None:
        """Ask for the reading (and meaning) of the selection or the word under the cursor."""
        span = self._span()
        if span is None:
            self._tell("Move the word cursor to a word (or select one) first.")
            return
        block, start, end = span
        word = self._text(block)[start:end]
        token = next((t for t in self.window._blocks[block].tokens or () if t.start == start and t.end == end), None)
        own = self._learner.get(word)
        self.dialog = ReadingDialog(word, token.pinyin if token is not None else "", own.meaning if own else "",
                                    bool(own and own.is_name), self.window)
        self.dialog.accepted.connect(lambda: self.fix_reading(*self.dialog.values()))
        if self.window.interactive:
            self.dialog.open()

    # -- applying

    def _record(self, name: str, keys: list, change, message: str) -> bool:
        """Make the change off the UI thread as one undo step (the file may be busy in another program); then show it."""
        from reader.ui.vocabulary_writes import change_vocabulary

        def done(_result) -> None:
            self.refresh()
            self.window.status_label.setText(message)

        self.window.view.clear_selection()
        change_vocabulary(self.window, name, keys, change, done, store=self.window.session.corrections)
        return True

    def refresh(self) -> None:
        """Read again every paragraph of the open article that holds a word the learner's words changed."""
        learner = self.window.session.learner_words()
        changed = learner.words_changed_since(self._learner)
        self._learner = learner
        if not changed:
            return
        annotator = self.window.session.annotator
        changed = {simplify(word) for word in changed}  # a word taught in one script holds in the other
        updates = [(index, annotator.annotate(block.text)) for index, block in enumerate(self.window._blocks)
                   if block.tokens is not None and any(word in simplify(block.text) for word in changed)]
        if updates:
            self.window._tokens_arrived(updates)
            self.window._statuses_changed()

    def _tell(self, message: str) -> bool:
        self.window.status_label.setText(message)
        return False

    def _fail(self, error: Exception) -> bool:
        self.window.report_error(error)
        return False


def _sentence_start(text: str, sentence: str, inside: int) -> int:
    """Where ``sentence`` (as sentence_at found it around ``inside``) starts in ``text``."""
    position = text.find(sentence)
    while position >= 0 and position + len(sentence) <= inside:
        position = text.find(sentence, position + 1)
    return max(position, 0)


class ReadingDialog(QDialog):
    """Fix Reading…: the word (shown as plain text), its reading, an optional meaning, name or not, here or everywhere."""

    def __init__(self, word: str, pinyin: str, meaning: str, is_name: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Fix Reading")
        title = QLabel(word, self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        self.pinyin_edit = QLineEdit(pinyin, self)
        self.pinyin_edit.setPlaceholderText("yan2 fu4 jing3 or yán fù jǐng")
        self.meaning_edit = QLineEdit(meaning, self)
        self.meaning_edit.setPlaceholderText("optional: the meaning in your words")
        self.name_box = QCheckBox("A person's name", self)
        self.name_box.setChecked(is_name)
        self.everywhere_button = QRadioButton("Everywhere this word appears", self)
        self.here_button = QRadioButton("Only here (this sentence)", self)
        self.everywhere_button.setChecked(True)
        form = QFormLayout()
        form.addRow("Word:", title)
        form.addRow("Reading:", self.pinyin_edit)
        form.addRow("Meaning:", self.meaning_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.name_box, self.everywhere_button, self.here_button, buttons):
            layout.addWidget(widget)

    def values(self) -> tuple[str, str, bool, bool]:
        """(pinyin, meaning, is a name, everywhere) as entered."""
        return (self.pinyin_edit.text(), self.meaning_edit.text().strip(), self.name_box.isChecked(),
                self.everywhere_button.isChecked())
