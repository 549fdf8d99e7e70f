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
        self._waiting: dict[str, None] = {}  # keys of articles to profile unless their text is profiled already
        # work still running when the window closes must not call back into it: cancelled when this object goes
        running = self._operations = []
        self.destroyed.connect(lambda *_: [operation.cancel() for operation in running])

    def profile(self, keys: list[str]) -> None:
        """Profile the articles among ``keys`` whose text is new or changed (split, merged); forget the others."""
        wanted = set(keys)
        for key in [k for k in self._profiles if k not in wanted]:
            del self._profiles[key]
        for key in keys:
            self._waiting[key] = None  # read on the worker: the window keeps no article's text but the open one's
        if self._waiting and not self._running:
            self._start()

    def _start(self) -> None:
        batch, self._waiting = self._waiting, {}
        known = {key: digest for key, (digest, _profile) in self._profiles.items()}
        session = self._session
        read_article = self._shelf.read_article
        self._running = True

        def work(report):
            from reader.core.difficulty import text_profile, word_counts

            segmenter = session.annotator.segmenter
            levels = session.levels
            done = {}
            for key in batch:
                if operations.ending():  # a 200 MB library's 25 articles take ~10 s between two reports
                    return done
                article = read_article(key)
                if article is None:
                    continue  # no longer in the library
                # joined and hashed here, not on the UI thread: a 200 MB file's 220 articles took it 0.6-1.3 s
                text = "\n".join([article.title or "", *article.paragraphs])
                digest = hash(text)
                if known.get(key) == digest:
                    continue  # profiled already, and unchanged
                segmenter.initialize()
                done[key] = (digest, text_profile(text, word_counts(segmenter.cut(text)), levels))
                if len(done) >= 25:
                    report(done)
                    done = {}
            return done

        self._operations[:] = [operations.run_in_background(work, self._finished, self._failed, self._arrived,
                                                            serial="difficulty")]

    def _arrived(self, profiles: dict) -> None:
        if profiles:  # nothing new when every article was profiled already
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
