"""The dictionary panel's example sentences, looked for on a worker thread: a 200 MB file in the library is
2 million paragraphs, and looking through them on the UI thread froze the window at every click on a word."""

from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable, Iterator

from PySide6.QtCore import QObject

from reader.core.example_sentences import Example, examples_for
from reader.ui import operations

_CHECK_EVERY = 4096  # paragraphs between two looks at whether the search is still wanted


class ExampleSearch(QObject):
    """Called by the panel with a word: the sentences if already found for it, else None and a search on a worker
    whose result goes to ``deliver(word, examples)`` on the UI thread (dropped when another word was asked for since)."""

    def __init__(self, paragraphs: Callable[[str], Iterable[tuple[str, str]]],
                 deliver: Callable[[str, list[Example]], None], parent: QObject | None = None):
        super().__init__(parent)
        self._paragraphs = paragraphs
        self._deliver = deliver
        self._generation = 0
        self._found: tuple[str, list[Example]] | None = None  # delivered, for the panel's page that shows them

    def __call__(self, word: str) -> list[Example] | None:
        found = self._found
        if found is not None and found[0] == word:
            self._found = None
            return found[1]
        self._found = None
        self._generation += 1
        generation = self._generation
        paragraphs = self._paragraphs(word)  # taken here, on the UI thread: the library's snapshot as it is now
        operations.run_in_background(
            lambda _report: (generation, word, examples_for(word, self._while_wanted(paragraphs, generation))),
            on_success=self._arrived, serial="example-sentences")
        return None

    def _while_wanted(self, paragraphs: Iterable[tuple[str, str]], generation: int) -> Iterator[tuple[str, str]]:
        """The paragraphs, stopping early once another word is asked for; pausing while the window paints."""
        remaining = iter(paragraphs)
        while generation == self._generation:
            batch = list(islice(remaining, _CHECK_EVERY))
            if not batch:
                return
            yield from batch
            operations.give_way()

    def _arrived(self, result) -> None:
        generation, word, examples = result
        if generation != self._generation:  # a stale search, for a word no longer asked for
            return
        self._found = (word, examples)
        self._deliver(word, examples)
