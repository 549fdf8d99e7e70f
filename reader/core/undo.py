"""Collection-level undo, as in Anki: one stack of named steps for everything the learner changes, with redo.

A step knows how to take itself back and how to do itself again. Most steps are recorded with
:meth:`UndoStack.record`: capture the rows a change touches, make the change, capture them again; undo puts the
first capture back, redo the second. Any store can take part by offering a capture and a restore (the vocabulary:
:meth:`VocabularyStore.snapshot` / :meth:`VocabularyStore.restore`; the library can do the same for removals).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

Result = TypeVar("Result")
Captured = TypeVar("Captured")

UNDO_LIMIT = 200  # steps kept; the oldest fall off (Anki keeps 30; a status key is cheap to remember)


@dataclass(frozen=True)
class UndoStep:
    """One thing the learner did, by name ("Set 银行 known"), with how to take it back and do it again."""

    name: str
    undo: Callable[[], None]
    redo: Callable[[], None]


class UndoStack:
    """Steps done (newest last) and steps undone (redo), for one session; a new step clears what could be redone."""

    def __init__(self, limit: int = UNDO_LIMIT):
        self._done: list[UndoStep] = []
        self._undone: list[UndoStep] = []
        self._limit = limit
        self._listeners: list[Callable[[], None]] = []

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever what can be undone or redone changes (a menu updates its text)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    def push(self, step: UndoStep) -> None:
        """Remember a step that has just been done."""
        self._done.append(step)
        del self._done[: -self._limit]
        self._undone.clear()
        self._changed()

    def record(
        self,
        name: str,
        capture: Callable[[], Captured],
        restore: Callable[[Captured], None],
        change: Callable[[], Result],
    ) -> Result:
        """Make ``change`` as an undoable step named ``name``; returns what ``change`` returns.

        ``capture()`` reads the state the change touches (before and after); ``restore(state)`` writes a state back.
        A change that raises leaves the stack as it was; one that changed nothing is not remembered.
        """
        before = capture()
        result = change()
        after = capture()
        if after != before:
            self.push(UndoStep(name, lambda: restore(before), lambda: restore(after)))
        return result

    def record_rows(self, name: str, store, keys, change: Callable[[], Result]) -> Result:
        """:meth:`record` over a store that offers ``snapshot(keys)`` and ``restore(snapshot)`` (the vocabulary does)."""
        keys = list(keys)
        return self.record(name, lambda: store.snapshot(keys), store.restore, change)

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to undo."""
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone step to do again."""
        return bool(self._undone)

    @property
    def undo_name(self) -> str | None:
        """The name of the step Undo would take back, or None."""
        return self._done[-1].name if self._done else None

    @property
    def redo_name(self) -> str | None:
        """The name of the step Redo would do again, or None."""
        return self._undone[-1].name if self._undone else None

    def undo(self) -> UndoStep | None:
        """Take back the newest step; returns it, or None when there is nothing to undo.

        When taking it back fails (the file is busy in another program), the step stays where it was and the
        error is raised.
        """
        return self._move(self._done, self._undone, lambda step: step.undo())

    def redo(self) -> UndoStep | None:
        """Do the newest undone step again; returns it, or None when there is nothing to redo."""
        return self._move(self._undone, self._done, lambda step: step.redo())

    def _move(self, source: list[UndoStep], target: list[UndoStep], run: Callable[[UndoStep], None]) -> UndoStep | None:
        if not source:
            return None
        step = source[-1]
        run(step)  # first: a step that fails stays where it was
        target.append(source.pop())
        self._changed()
        return step

    def clear(self) -> None:
        """Forget every step."""
        self._done.clear()
        self._undone.clear()
        self._changed()
