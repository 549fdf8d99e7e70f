"""One place that opens the dictionary, the annotator and the user's stores, lazily, for every front door."""

from __future__ import annotations

import os
import time
from functools import cached_property
from pathlib import Path

from reader.core import paths


class Session:
    """The core services for one run: built on first use, so a command pays only for what it touches."""

    def __init__(self, data_dir: str | os.PathLike | None = None, dictionary_path: str | os.PathLike | None = None):
        self._data_dir_override = data_dir
        self.dictionary_path = dictionary_path

    @cached_property
    def data_dir(self) -> Path:
        """The user's data directory (``--data-dir`` or the platform's)."""
        return paths.data_dir(self._data_dir_override)

    @cached_property
    def dictionary(self):
        """CC-CEDICT, from the cache when fresh; shared by every session in the process (it never changes)."""
        from reader.core.dictionary import Dictionary

        key = str(Path(self.dictionary_path).resolve()) if self.dictionary_path else None
        if key not in _DICTIONARIES:
            _DICTIONARIES[key] = Dictionary.load(self.dictionary_path)
        return _DICTIONARIES[key]

    @cached_property
    def annotator(self):
        """Segmenter plus readings, with the context reader for polyphones (shared per dictionary), and the learner's words."""
        from reader.core.annotate import Annotator
        from reader.core.polyphone import default_context_reader

        from reader.core.corrections import PersonalAnnotator

        dictionary = self.dictionary
        if id(dictionary) not in _ANNOTATORS:
            _ANNOTATORS[id(dictionary)] = Annotator(dictionary, context=default_context_reader())
        return PersonalAnnotator(_ANNOTATORS[id(dictionary)], self.learner_words)

    @cached_property
    def corrections(self):
        """The learner's own words (merges, splits, readings), kept in the vocabulary file."""
        from reader.core.corrections import Corrections

        return Corrections(lambda: self.vocabulary, self._senses_of_reading)

    def _senses_of_reading(self, word: str, numbered: str) -> tuple[str, ...]:
        """The dictionary's senses of ``word`` read as ``numbered`` (either script), () when it has no such reading."""
        from reader.core.vocabulary import reading_for

        annotator = self.annotator.base
        if numbered.lower() not in {c.lower() for c in annotator.candidates(word)}:
            return ()  # a reading of the learner's own (a name's): the saved meaning stays
        return reading_for(annotator, word, numbered).definitions

    def learner_words(self):
        """The learner's words as they are now; none (and no file created) while there is no vocabulary file."""
        from reader.core.corrections import NO_LEARNER_WORDS
        from reader.core.vocabulary import VocabularyStore

        if "vocabulary" not in self.__dict__:
            # no file yet: looked for again at most once a second (the window asks once per paragraph)
            now = time.monotonic()
            if now < self.__dict__.get("_no_vocabulary_until", 0.0):
                return NO_LEARNER_WORDS
            if not VocabularyStore.exists(self.data_dir):
                self._no_vocabulary_until = now + 1.0
                return NO_LEARNER_WORDS
        return self.corrections.current()

    @cached_property
    def levels(self):
        """HSK bands and word frequencies (simplified or traditional); the tables load on first look-up."""
        from reader.core.levels import WordLevels

        return WordLevels()

    @cached_property
    def vocabulary(self):
        """The learner's saved words (``vocabulary.sqlite3`` in the data directory), opened on first use."""
        from reader.core.vocabulary import VocabularyStore

        return VocabularyStore.open(self.data_dir)

    @cached_property
    def undo(self):
        """The collection-level undo stack every change of this run goes on (vocabulary, corrections, library)."""
        from reader.core.undo import UndoStack

        return UndoStack()

    @cached_property
    def library(self):
        """The learner's imported documents (``library.sqlite3`` in the data directory), opened on first use."""
        from reader.core.library import Library

        return Library.open(self.data_dir)


_DICTIONARIES: dict = {}
_ANNOTATORS: dict = {}
