"""Edit ▸ Undo / Redo over the session's collection-level undo stack: the menu names the step, the status bar says what
was undone, and the actions are disabled when there is nothing left."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from reader.core.errors import UserError
from reader.core.undo import UndoStack


class UndoActions(QObject):
    """The Undo and Redo actions of a window, showing the stack; ``after`` runs after each step (re-tint the text)."""

    def __init__(self, stack: UndoStack, parent, report: Callable[[str], None], after: Callable[[], None],
                 on_error: Callable[[Exception], None]):
        super().__init__(parent)
        self.stack = stack
        self._report = report
        self._after = after
        self._on_error = on_error
        self.undo_action = QAction("&Undo", parent)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", parent)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.triggered.connect(self.redo)
        for action in (self.undo_action, self.redo_action):
            parent.addAction(action)  # the keys work with the menu bar hidden, too
        stack.on_change(self.update)
        self.update()

    def update(self) -> None:
        """Name the steps in the menu ("Undo Set 银行 known"); disable what has nothing to do."""
        stack = self.stack
        self.undo_action.setEnabled(stack.can_undo)
        self.undo_action.setText(f"&Undo {stack.undo_name}" if stack.can_undo else "&Undo")
        self.redo_action.setEnabled(stack.can_redo)
        self.redo_action.setText(f"&Redo {stack.redo_name}" if stack.can_redo else "&Redo")

    def undo(self) -> None:
        """Take back the newest step and say which it was."""
        self._run(self.stack.undo, "Undone", "Nothing to undo")

    def redo(self) -> None:
        """Do the newest undone step again and say which it was."""
        self._run(self.stack.redo, "Redone", "Nothing to redo")

    def _run(self, move, verb: str, nothing: str) -> None:
        try:
            step = move()
        except UserError as error:
            self._on_error(error)
            return
        if step is None:
            self._report(nothing)
            return
        self._after()
        self._report(f"{verb}: {step.name}")
