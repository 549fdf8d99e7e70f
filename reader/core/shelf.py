"""The window's view of the learner's library: a snapshot of documents and articles, and positions in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from reader.core.errors import UserError
from reader.core.garbage import let_go_in_pieces
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

    def __init__(self, library):
        self.library = library
        self._documents: list = []  # DocumentRecord snapshot, most recently read first
        self._articles: dict[int, object] = {}  # article id -> ArticleRecord
        self._titles: dict[int, str] = {}  # document id -> title

    def read(self, path: str, progress: Callable | None = None):
        """Import a file or web page into the library (the existing entry when already there), then reload (worker thread)."""
        from reader.core.fetch import is_web_address

        if is_web_address(str(path)):
            return self._imported(self.library.import_url(str(path), progress))
        # the document is not read back: its text comes with the snapshot, once
        document_id, _ = self.library.store_file(path, progress)
        return self.library.article_ids(document_id), self._snapshot()

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
        return ids, self._snapshot()

    def load(self, progress: Callable | None = None):
        """The whole library (worker thread), for ``accept``."""
        return None, self._snapshot()

    def _snapshot(self) -> list:
        """The library's documents and articles as the window keeps them (worker thread): built with the collector
        paused, then set out of its reach. A 200 MB file's 2 million paragraphs were young objects that the next
        collection walked (0.1-0.2 s holding the GIL, the window frozen as its first article opened); they make no
        reference cycles, and the snapshot they replace is freed as usual when it goes."""
        import gc

        from reader.core.garbage import collection_paused

        with collection_paused():
            documents = self.library.documents()
        gc.freeze()
        return documents

    def accept(self, result) -> list[str]:
        """Take a reload's snapshot; return the keys of the document just imported (if any)."""
        article_ids, documents = result
        self._documents = documents
        self._articles = {a.id: a for d in documents for a in d.articles}
        self._titles = {d.id: d.title for d in documents}
        return [self.key(article_id) for article_id in article_ids or ()]

    def key(self, article_id: int) -> str:
        """The window's key for a library article."""
        return f"{self.PREFIX}{article_id}"

    def _record(self, key: str):
        if not key or not key.startswith(self.PREFIX):
            return None
        try:
            article_id = int(key[len(self.PREFIX):])
        except ValueError:
            return None
        record = self._articles.get(article_id)
        if record is None:
            try:
                record = self._articles[article_id] = self.library.article(article_id)
            except UserError:
                return None
        return record

    def documents(self) -> list[DocumentEntry]:
        """The library as the panel lists it."""
        return [
            DocumentEntry(str(d.id), d.title, [ArticleEntry(self.key(a.id), a.title, a.progress) for a in d.articles],
                          d.archived)
            for d in self._documents
        ]

    def article(self, key: str) -> Article | None:
        """The article with this key, or None."""
        record = self._record(key)
        return record.article if record is not None else None

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
        read = [(self._record(k).last_read, k) for k in keys if self._record(k) is not None and self._record(k).last_read]
        return max(read)[1] if read else keys[0]

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
        record.position = max(0, min(paragraph, max(0, len(record.article.paragraphs) - 1)))
        record.last_read = record.last_read or "now"
        return lambda: self.library.set_position(record.id, paragraph)

    def progress(self, key: str) -> float:
        """How much of article ``key`` has been read (0..1)."""
        record = self._record(key)
        return record.progress if record is not None else 0.0

    def paragraphs(self):
        """Every paragraph in the library with its article's title (for example sentences)."""
        documents = list(self._documents)  # as they are now: the paragraphs are read on a worker thread
        return ((paragraph, record.title) for document in documents for record in document.articles
                for paragraph in record.article.paragraphs)
