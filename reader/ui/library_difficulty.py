"""How hard each article of the library is for this learner: profiled once off the UI thread, regraded on change."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader.ui import operations


class LibraryDifficulty(QObject):
    """Each library article's word profile (computed in the background, kept for the session) and its figures."""

    changed = Signal()  # more articles were profiled

    def __init__(self, session, shelf, parent: QObject | None = None):
        super().__init__(parent)
        self._session = session
        self._shelf = shelf
        self._profiles: dict[str, tuple[int, object]] = {}  # key -> (hash of the text profiled, TextProfile)
        self._running = False
        self._waiting: dict[str, tuple[int, str]] = {}  # key -> (hash, text) to profile
        # work still running when the window closes must not call back into it: cancelled when this object goes
        running = self._operations = []
        self.destroyed.connect(lambda *_: [operation.cancel() for operation in running])

    def profile(self, keys: list[str]) -> None:
        """Profile the articles among ``keys`` whose text is new or changed (split, merged); forget the others."""
        wanted = set(keys)
        for key in [k for k in self._profiles if k not in wanted]:
            del self._profiles[key]
        for key in keys:
            article = self._shelf.article(key)
            if article is None:
                continue
            text = "\n".join([article.title or "", *article.paragraphs])
            digest = hash(text)
            if self._profiles.get(key, (None,))[0] != digest:
                self._waiting[key] = (digest, text)
        if self._waiting and not self._running:
            self._start()

    def _start(self) -> None:
        batch, self._waiting = self._waiting, {}
        session = self._session
        self._running = True

        def work(report):
            from reader.core.difficulty import text_profile, word_counts

            segmenter = session.annotator.segmenter
            segmenter.initialize()
            levels = session.levels
            done = {}
            for key, (digest, text) in batch.items():
                done[key] = (digest, text_profile(text, word_counts(segmenter.cut(text)), levels))
                if len(done) >= 25:
                    report(done)
                    done = {}
            return done

        self._operations[:] = [operations.run_in_background(work, self._finished, self._failed, self._arrived,
                                                            serial="difficulty")]

    def _arrived(self, profiles: dict) -> None:
        self._profiles.update(profiles)
        self.changed.emit()

    def _finished(self, profiles: dict) -> None:
        self._running = False
        self._arrived(profiles)
        if self._waiting:
            self._start()

    def _failed(self, _error) -> None:  # the panel simply shows no figures for what could not be read
        self._running = False

    def figures(self, statuses) -> dict:
        """key -> TextDifficulty for every profiled article, against the learner's statuses now."""
        from reader.core.difficulty import difficulty_for

        return {key: difficulty_for(profile, statuses) for key, (_digest, profile) in self._profiles.items()}
