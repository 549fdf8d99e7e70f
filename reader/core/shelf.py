"""The window's view of the learner's library: a snapshot of documents and articles, and positions in them."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable

from reader.core.errors import UserError
from reader.core.garbage import let_go_in_pieces
from reader.core.library import ArticleOutline
from reader.core.models import Article


@dataclass
class ArticleEntry:
    """One article as the library lists it."""

    key: str
    title: str
    progress: float = 0.0  # 0..1 of its blocks read


@dataclass
class DocumentEntry:
    """One document and its articles."""

    key: str
    title: str
    articles: list[ArticleEntry] = field(default_factory=list)
    archived: bool = False  # listed apart, under the archive


class LibraryShelf:
    """The learner's library (reader.core.library): documents kept between runs, positions in it.

    Imports and the full reload of the library run on worker threads; the window keeps a snapshot.
    """

    PREFIX = "article:"
    READ_BEFORE_FILTERING = 4  # articles the example sentences read before asking SQLite which hold the word
    TEXTS_KEPT = 8  # articles whose text is kept once read (the open one, its neighbours, a few read before)

    def __init__(self, library):
        self.library = library
        self._documents: list = []  # DocumentRecord snapshot, most recently read first
        self._articles: dict[int, object] = {}  # article id -> ArticleRecord
        self._titles: dict[int, str] = {}  # document id -> title
        self._texts: OrderedDict[int, Article] = OrderedDict()  # the articles last read, by id (TEXTS_KEPT)

    def read(self, path: str, progress: Callable | None = None):
        """Import a file or web page into the library (the existing entry when already there), then reload (worker thread)."""
        from reader.core.fetch import is_web_address

        if is_web_address(str(path)):
            return self._imported(self.library.import_url(str(path), progress))
        # the document is not read back: its text comes with the snapshot, once
        document_id, _ = self.library.store_file(path, progress)
        article_ids = self.library.article_ids(document_id)
        return (article_ids, *self._snapshot(article_ids))

    def read_text(self, text: str):
        """Import pasted text into the library, then reload (worker thread)."""
        return self._imported(self.library.import_text(text))

    def read_picture(self, data: bytes, progress: Callable | None = None):
        """Import a pasted picture's text into the library, then reload (worker thread)."""
        return self._imported(self.library.import_picture(data, progress=progress))

    def _imported(self, record) -> tuple[list[int], list]:
        """An import's article ids and the library's snapshot, for ``accept`` (worker thread). The import's own copy
        of the text is let go of here, a piece at a time, before the snapshot is read: handed to the window, a 200 MB
        file's 2 million paragraphs were freed on the UI thread in one go right after its first article opened (the
        window frozen 50-85 ms), and they were a third copy of the text in memory while the snapshot was built."""
        ids = [article.id for article in record.articles]
        let_go_in_pieces([article.article.paragraphs for article in record.articles])
        record.articles.clear()
        return (ids, *self._snapshot(ids))

    def load(self, progress: Callable | None = None):
        """The whole library (worker thread), for ``accept``."""
        return (None, *self._snapshot())

    def _snapshot(self, imported: list[int] | None = None) -> tuple[list, dict]:
        """The library's documents and articles as the window keeps them (worker thread): their outline, without the
        text (a 200 MB file's 2 million paragraphs were ~600 MiB held for as long as the window ran); an article's
        text is read when it is shown, but the text of the import's article the window opens is read here, off the UI
        thread. Built with the collector paused, then set out of its reach."""
        import gc

        from reader.core.garbage import collection_paused

        with collection_paused():
            documents = self.library.outline()
            texts = {}
            if imported:
                outlines = {a.id: a for d in documents for a in d.articles}
                opened = _preferred([outlines[i] for i in imported if i in outlines]) if outlines else None
                if opened is not None:
                    texts[opened] = self.library.article(opened).article
        gc.freeze()
        return documents, texts

    def accept(self, result) -> list[str]:
        """Take a reload's snapshot; return the keys of the document just imported (if any)."""
        article_ids, documents, texts = result
        self._documents = documents
        self._articles = {a.id: a for d in documents for a in d.articles}
        self._titles = {d.id: d.title for d in documents}
        self._texts.clear()  # the library changed: an article read before may have been edited, split or merged
        self._texts.update(texts)
        return [self.key(article_id) for article_id in article_ids or ()]

    def key(self, article_id: int) -> str:
        """The window's key for a library article."""
        return f"{self.PREFIX}{article_id}"

    @classmethod
    def _article_id(cls, key: str) -> int | None:
        if not key or not key.startswith(cls.PREFIX):
            return None
        try:
            return int(key[len(cls.PREFIX):])
        except ValueError:
            return None

    def _record(self, key: str):
        """Article ``key``'s outline (ArticleOutline) in the snapshot, or read from the library; None if unknown."""
        article_id = self._article_id(key)
        if article_id is None:
            return None
        record = self._articles.get(article_id)
        if record is None:
            loaded = self._load(article_id)
            if loaded is None:
                return None
            record = self._articles[article_id] = ArticleOutline(
                loaded.id, loaded.document_id, loaded.ordinal, loaded.title, len(loaded.article.paragraphs),
                loaded.position, loaded.last_read)
        return record

    def _load(self, article_id: int):
        """The library's ArticleRecord for ``article_id`` (its text read now, and kept among the last TEXTS_KEPT), or
        None."""
        record = self._fetch(article_id)
        if record is None:
            return None
        self._texts[article_id] = record.article
        self._texts.move_to_end(article_id)
        while len(self._texts) > self.TEXTS_KEPT:
            self._texts.popitem(last=False)
        return record

    def documents(self) -> list[DocumentEntry]:
        """The library as the panel lists it."""
        return [
            DocumentEntry(str(d.id), d.title, [ArticleEntry(self.key(a.id), a.title, a.progress) for a in d.articles],
                          d.archived)
            for d in self._documents
        ]

    def article(self, key: str) -> Article | None:
        """The article with this key, or None (its text read from the library the first time it is asked for)."""
        article_id = self._article_id(key)
        if article_id is None or self._record(key) is None:
            return None
        text = self._texts.get(article_id)
        if text is not None:
            self._texts.move_to_end(article_id)
            return text
        record = self._load(article_id)
        return record.article if record is not None else None

    def read_article(self, key: str) -> Article | None:
        """The article with this key read from the library now, not kept (worker thread: the library's grading)."""
        article_id = self._article_id(key)
        record = self._fetch(article_id) if article_id is not None else None
        return record.article if record is not None else None

    def _fetch(self, article_id: int):
        """The library's ArticleRecord for ``article_id``, or None for one it does not hold (removed since, say)."""
        try:
            return self.library.article(article_id)
        except UserError:
            return None

    def document_id(self, key: str) -> int | None:
        """The id of the document holding article ``key`` (None for a key the library does not hold)."""
        record = self._record(key)
        return record.document_id if record is not None else None

    def picture(self, key: str):
        """The picture article ``key``'s text was read from (a Path), or None (not a picture, or gone)."""
        record = self._record(key)
        return self.library.picture(record.document_id) if record is not None else None

    def document_title(self, key: str) -> str:
        """The title of the document holding article ``key``."""
        record = self._record(key)
        return self._titles.get(record.document_id, "") if record is not None else ""

    def _siblings(self, key: str) -> list[int]:
        """The ids of the articles in the document holding ``key``, in book order."""
        record = self._record(key)
        if record is None:
            return []
        document = next((d for d in self._documents if d.id == record.document_id), None)
        return [a.id for a in document.articles] if document is not None else [record.id]

    def place(self, key: str) -> tuple[int, int]:
        """(which article, of how many) ``key`` is in its book, counting from 1; (0, 0) when unknown."""
        siblings = self._siblings(key)
        record = self._record(key)
        return (siblings.index(record.id) + 1, len(siblings)) if record is not None and record.id in siblings else (0, 0)

    def neighbour(self, key: str, step: int) -> str | None:
        """The key of the article ``step`` places on in the same book (-1: the one before), or None past either end."""
        number, count = self.place(key)
        target = number - 1 + step
        return self.key(self._siblings(key)[target]) if number and 0 <= target < count else None

    def preferred(self, keys: list[str]) -> str:
        """Which of a document's articles to open: the one read last (a file opened again goes on from there)."""
        records = [record for record in map(self._record, keys) if record is not None]
        chosen = _preferred(records)
        return self.key(chosen) if chosen is not None else keys[0]

    def last_key(self) -> str | None:
        """The article read most recently, to reopen at start-up."""
        record = self.library.last_read()
        return self.key(record.id) if record is not None else None

    def position(self, key: str) -> int:
        """The paragraph the reader was at in article ``key``."""
        record = self._record(key)
        return record.position if record is not None else 0

    def set_position(self, key: str, paragraph: int) -> None:
        """Remember where the reader is in article ``key`` (and that it was read now)."""
        write = self.note_position(key, paragraph)
        if write is not None:
            write()

    def note_position(self, key: str, paragraph: int) -> Callable[[], None] | None:
        """Take the reader's place in article ``key`` into the snapshot now, and return the library write that
        keeps it (None for an article not in the library): the window runs that write on a worker thread, since a
        committed transaction waits for the disk (0.1-0.3 s on a busy one)."""
        record = self._record(key)
        if record is None:
            return None
        record.position = max(0, min(paragraph, max(0, record.paragraph_count - 1)))
        record.last_read = record.last_read or "now"
        return lambda: self.library.set_position(record.id, paragraph)

    def progress(self, key: str) -> float:
        """How much of article ``key`` has been read (0..1)."""
        record = self._record(key)
        return record.progress if record is not None else 0.0

    def paragraphs(self, containing: str | None = None):
        """Every paragraph in the library with its article's title (for example sentences), read from the library as
        they are taken (on a worker thread); with ``containing``, only the articles that hold it are read."""
        listed = [(a.id, a.title) for d in self._documents for a in d.articles]  # the snapshot as it is now
        library = self.library

        def read():
            import json

            filtered = containing and json.dumps(containing, ensure_ascii=False)[1:-1] == containing  # stored as it is
            wanted = None
            for number, (article_id, title) in enumerate(listed):
                if filtered and number == self.READ_BEFORE_FILTERING:
                    # a common word is found in the first articles read; for the rest SQLite, looking through all the
                    # stored text (a 200 MB library: ~60 ms), names the articles worth reading (a rare word: ~0.3 s)
                    wanted = library.articles_containing(containing)
                if wanted is not None and article_id not in wanted:
                    continue
                for paragraph in library.paragraphs(article_id):  # none for an article removed since
                    yield paragraph, title

        return read()


def _preferred(records: list) -> int | None:
    """The id of the article to open among a document's ``records``: the one read last, else the first."""
    read = [(record.last_read, record.id) for record in records if record.last_read]
    return max(read)[1] if read else (records[0].id if records else None)
