"""The window's changes to the vocabulary, made off the UI thread: a status key never freezes the window.

Another program (the command line, a second window) may hold the vocabulary's lock for seconds; the change waits for
it on a worker, tries again (reader.core.sqlite_store.retry_while_busy), says so in the status bar while it waits, and
says in a plain-text message if it could not be saved. Changes run one at a time, in the order the keys were pressed,
and each becomes one undo step, recorded on the UI thread.
"""

from __future__ import annotations

from typing import Callable

from reader.core.sqlite_store import retry_while_busy
from reader.core.undo import UndoStep
from reader.ui import operations


def change_vocabulary(window, name: str, words: list, change: Callable, on_done: Callable, store=None) -> None:
    """Run ``change()`` on the vocabulary in the background as the undo step ``name``; ``on_done(result)`` after.

    ``store`` is what the step snapshots and restores (``snapshot(words)`` / ``restore``): the vocabulary by default,
    the learner's words (session.corrections, in the same file) for a correction.
    """
    store = store if store is not None else window.vocabulary()

    def work(report):
        def attempt():
            before = store.snapshot(words)
            result = change()
            return before, store.snapshot(words), result

        return retry_while_busy(attempt, lambda number: report(number))

    def done(outcome) -> None:
        before, after, result = outcome
        if after != before:
            window.session.undo.push(UndoStep(name, lambda: store.restore(before), lambda: store.restore(after)))
        on_done(result)

    def waiting(attempt) -> None:
        window.status_label.setText(f"The vocabulary is busy in another program: trying again ({name})…")

    def failed(error) -> None:
        window.report_error(error)
        window._statuses_changed()  # show the statuses as they are, not as the key hoped

    operations.run_in_background(work, on_success=done, on_failure=failed, on_progress=waiting, serial="vocabulary")
