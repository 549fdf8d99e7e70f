"""Which saved sentence goes on a word's Anki card, picked in the vocabulary window's Sentences column.

A word saved from several sentences shows them all in a list (double-click or F2 on its Sentences cell); the one
picked goes on the card in every export (.apkg, text file, AnkiConnect) over the export's rule, until the learner
gives the choice back to the rule. The pick is stored with the word and undone like any other vocabulary edit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from reader.ui import plain_text

MARK = "★"  # before the sentence picked for the card, in the cell, its tooltip and the list
BY_RULE = "The export's rule picks (newest unless chosen there)"
HEADER_TIP = ("The sentences the word was saved from. Double-click (or F2) a word with several to choose the one "
              "on its Anki card; ★ marks a chosen one.")
LONGEST_ITEM = 90  # characters of a sentence shown in the list (the whole sentence in its tooltip)


def cell_text(sentences: list[str], picked: str | None) -> str:
    """The Sentences cell: the sentence picked for the card (★) or the first saved, and how many more there are."""
    if not sentences:
        return ""
    shown = f"{MARK} {picked}" if picked in sentences else sentences[0]
    return f"{shown} (+{len(sentences) - 1} more)" if len(sentences) > 1 else shown


def listing(sentences: list[str], picked: str | None) -> str:
    """Every saved sentence, oldest first, one a line; the one on the card marked."""
    return "\n".join(f"{MARK} {s}  (on the Anki card)" if s == picked else s for s in sentences)


def _shortened(sentence: str) -> str:
    return sentence if len(sentence) <= LONGEST_ITEM else sentence[: LONGEST_ITEM - 1] + "…"


class CardSentenceDelegate(QStyledItemDelegate):
    """Edits the Sentences column with a list of the word's saved sentences (newest first) and the export's rule."""

    def createEditor(self, parent, option, index):
        editor = QComboBox(parent)
        editor.addItem(BY_RULE, "")
        sentences = index.model().sentences_of(index.row())
        for number, sentence in enumerate(reversed(sentences)):
            label = _shortened(sentence) + ("  (newest)" if number == 0 else "")
            editor.addItem(label, sentence)
            editor.setItemData(editor.count() - 1, plain_text.tooltip(sentence), Qt.ItemDataRole.ToolTipRole)
        # the list is as wide as its sentences (within reason), not as narrow as the cell
        widest = max((editor.fontMetrics().horizontalAdvance(editor.itemText(i)) for i in range(editor.count())), default=0)
        em = editor.fontMetrics().horizontalAdvance("M")
        editor.view().setMinimumWidth(min(widest + 3 * em, 60 * em))
        editor.activated.connect(lambda _: self._picked(editor))
        return editor

    def _picked(self, editor: QComboBox) -> None:
        """Saved and closed at once, as a pick in a list is."""
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
