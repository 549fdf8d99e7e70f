"""The learner's library: every imported document and its articles, with where the reading stopped.

One file, ``library.sqlite3`` in the data directory. Every action is one transaction (WAL journal,
``BEGIN IMMEDIATE``, a busy timeout), so a failure leaves the library as it was. Opening a file already in
the library (same resolved path, same content) returns the existing entry, with its reading positions and
the learner's corrections (renamed, split, merged articles), instead of importing a copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from reader.core.errors import UserError, printable
from reader.core.models import Article
from reader.core.sqlite_store import SqliteStore, connect_checked

FILE_NAME = "library.sqlite3"
PICTURES = "pictures"  # beside the library: pasted pictures, kept to show beside their text
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
APPLICATION_ID = 0x5955454C  # "YUEL": marks the file as ours

# Schema migrations: MIGRATIONS[n] takes a database from user_version n to n + 1.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        encoding TEXT NOT NULL,
        imported TEXT NOT NULL,
        last_read TEXT,
        UNIQUE (source, content_hash)
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        title TEXT NOT NULL,
        subtitle TEXT,
        kicker TEXT,
        byline TEXT,
        dateline TEXT,
        paragraphs TEXT NOT NULL,
        title_in_text INTEGER NOT NULL DEFAULT 1,
        position INTEGER NOT NULL DEFAULT 0,
        last_read TEXT
    );
    CREATE INDEX articles_document ON articles (document_id, ordinal);
    """,
    # what paragraphs carry beside their text (subtitle cue times, translations): JSON, one object a paragraph
    "ALTER TABLE articles ADD COLUMN paragraph_info TEXT;",
    # archived documents stay in the library (positions, corrections) but leave the reading list
    "ALTER TABLE documents ADD COLUMN archived INTEGER NOT NULL DEFAULT 0",
]
SCHEMA_VERSION = len(MIGRATIONS)

Progress = Callable[[float], None]


@dataclass
class ArticleRecord:
    """An article as the library keeps it: its text, its place in the document, the reading position."""

    id: int
    document_id: int
    ordinal: int  # 0-based place in its document
    article: Article
    position: int = 0  # the paragraph the reader was at
    last_read: str | None = None  # ISO 8601, UTC
    title_in_text: bool = True  # the title is a line of the text (a headline), not a name given to it

    @property
    def title(self) -> str:
        """The article's title."""
        return self.article.title

    @property
    def progress(self) -> float:
        """How much has been read, 0..1 (0 until first read)."""
        return read_share(self.position, self.last_read, len(self.article.paragraphs))


@dataclass
class ArticleOutline:
    """An article as a listing of the library shows it, without its text (a 200 MB file's text is ~600 MiB of
    Python strings): read the text with :meth:`Library.article` when it is shown."""

    id: int
    document_id: int
    ordinal: int
    title: str
    paragraph_count: int
    position: int = 0
    last_read: str | None = None

    @property
    def progress(self) -> float:
        """How much has been read, 0..1 (0 until first read)."""
        return read_share(self.position, self.last_read, self.paragraph_count)


def read_share(position: int, last_read: str | None, paragraphs: int) -> float:
    """How much of an article of ``paragraphs`` paragraphs has been read, 0..1 (0 until first read)."""
    if last_read is None or not paragraphs:
        return 0.0
    return min(1.0, (position + 1) / paragraphs)


@dataclass
class DocumentRecord:
    """A document in the library and its articles, in order."""

    id: int
    source: str  # the resolved path, or "pasted:<sha256>" / "pasted-picture:<sha256>"
    content_hash: str
    title: str
    encoding: str
    imported: str
    last_read: str | None
    archived: bool = False  # kept, but out of the reading list
    articles: list[ArticleRecord] = field(default_factory=list)
    existing: bool = False  # True when an import found this document already in the library

    def to_json(self) -> dict:
        """Like ``import --json``: the encoding and the articles."""
        return {"encoding": self.encoding, "articles": [record.article.to_json() for record in self.articles]}


def content_hash(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def pasted_text_hash(text: str) -> str:
    """The hash a paste is known by: line ends, trailing spaces and blank lines around it do not make a new text."""
    from reader.core.textfile import normalise_newlines

    lines = [line.rstrip() for line in normalise_newlines(text).split("\n")]
    return content_hash("\n".join(lines).strip("\n").encode("utf-8"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Library(SqliteStore):
    """Imported documents and their articles; safe to share between threads."""

    what = "the library"

    def __init__(self, path: Path, connection: sqlite3.Connection, clock: Callable[[], str] = _now):
        super().__init__(path, connection)
        self._clock = clock

    @classmethod
    def open(cls, data_dir: str | os.PathLike, clock: Callable[[], str] | None = None) -> "Library":
        """Open (creating or migrating) ``data_dir/library.sqlite3``."""
        data_dir = Path(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"{data_dir}: cannot create the data directory ({error.strerror})") from None
        path = data_dir / FILE_NAME
        return cls(path, connect_checked(path, "library", MIGRATIONS, APPLICATION_ID), clock or _now)

    # ------------------------------------------------------------------------------------------ importing

    def import_file(self, path: str | os.PathLike, progress: Progress | None = None) -> DocumentRecord:
        """The library's entry for the file at ``path``: the existing one if this content is in it, else a new import."""
        return self._imported(*self.store_file(path, progress))

    def store_file(self, path: str | os.PathLike, progress: Progress | None = None) -> tuple[int, bool]:
        """:meth:`import_file` without reading the document back: its id, and whether this content was in the library
        already. A big text file in plain UTF-8 is split into articles as it is read and stored from a spool, never
        whole in memory (the window importing a 200 MB file held its bytes, its text, its articles, their JSON and
        the record read back at once: 1.4 GB)."""
        from reader.core.importers import import_bytes, streamed_text
        from reader.core.importers.base import scaled
        from reader.core.textfile import read_bytes

        path = Path(path)
        source = printable(str(path.resolve()))  # a name that is not UTF-8 is kept with \xff escapes
        streamed = streamed_text(path, scaled(progress, 0.1, 0.95))
        if streamed is not None:
            with open(path, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()  # content_hash of the bytes, read in pieces
        else:
            data = read_bytes(path, scaled(progress, 0.0, 0.2))
            digest = content_hash(data)
        existing = self._find_id(source, digest)
        if existing is not None:
            if progress:
                progress(1.0)
            return existing, True
        if streamed is not None:
            title, articles = streamed
            with _spooled((_article_row(a) for a in articles), self.path.parent) as rows:  # no write lock meanwhile
                stored = self._store(source, digest, title, "utf-8", rows)
            if progress:
                progress(1.0)
            return stored
        document = import_bytes(path, data, scaled(progress, 0.2, 1.0))
        del data  # not held while the articles are stored
        return self._store(source, digest, document.title, document.encoding, map(_article_row, document.articles))

    def import_url(self, url: str, progress: Progress | None = None) -> DocumentRecord:
        """The library's entry for the web page at ``url``: fetched each time, stored again only when its article changed."""
        from reader.core.importers import import_url

        document = import_url(url, progress)
        articles = json.dumps([article.to_json() for article in document.articles], ensure_ascii=False)
        digest = content_hash(articles.encode("utf-8"))  # the article, not the bytes: ads and counters change on every visit
        existing = self.find(url.strip(), digest)
        if existing is not None:
            return existing
        return self.add(url.strip(), digest, document.title, document.encoding, document.articles)

    def import_text(self, text: str, title: str | None = None) -> DocumentRecord:
        """Pasted text as a library document (the same text pasted again opens the same entry)."""
        from reader.core.importers import import_text

        digest = pasted_text_hash(text)
        source = f"pasted:{digest}"
        existing = self._pasted_again(source, digest)
        if existing is not None:
            return existing
        document = import_text(text, title)
        return self.add(source, digest, document.title, document.encoding, document.articles)

    def import_picture(self, data: bytes, title: str | None = None, progress: Progress | None = None) -> DocumentRecord:
        """A pasted picture's text (through OCR) as a library document (the same picture again opens the same entry)."""
        from reader.core.importers import import_picture

        digest = content_hash(data)
        source = f"pasted-picture:{digest}"
        existing = self._pasted_again(source, digest)
        if existing is not None:
            if progress:
                progress(1.0)
            return existing
        document = import_picture(data, title, progress)
        if not self.read_only:
            from reader.core.atomic import atomic_path

            kept = self.path.parent / PICTURES / f"{digest}.png"  # kept to show beside its text
            kept.parent.mkdir(exist_ok=True)
            with atomic_path(kept) as temporary:
                Path(temporary).write_bytes(data)
        return self.add(source, digest, document.title, document.encoding, document.articles)

    def picture(self, document_id: int) -> Path | None:
        """The picture a document's text was read from (a picture file, or a kept paste), when it is still there."""
        source = self.document(document_id).source
        if source.startswith("pasted-picture:"):
            path = self.path.parent / PICTURES / f"{source.split(':', 1)[1]}.png"
        elif source.startswith("pasted:") or Path(source).suffix.lower() not in PICTURE_SUFFIXES:
            return None
        else:
            path = Path(source)
        return path if path.is_file() else None

    def _pasted_again(self, source: str, digest: str) -> DocumentRecord | None:
        existing = self.find(source, digest)
        if existing is not None and existing.archived:
            self.set_archived(existing.id, False)  # pasted again: the reader wants it back on the list
            existing.archived = False
        return existing

    def add(self, source: str, digest: str, title: str, encoding: str, articles: list[Article]) -> DocumentRecord:
        """Store a document and its articles (or return the entry already stored for ``source`` and ``digest``)."""
        return self._imported(*self._store(source, digest, title, encoding, map(_article_row, articles)))

    def _store(self, source: str, digest: str, title: str, encoding: str, rows: Iterable[tuple]) -> tuple[int, bool]:
        """:meth:`add` of the articles' ``_article_row``s, without reading the document back: (its id, whether it was
        stored already). The rows are taken as SQLite stores them, not all made at once."""
        now = self._clock()
        with self._transaction() as db:
            row = db.execute("SELECT id FROM documents WHERE source = ? AND content_hash = ?", (source, digest)).fetchone()
            if row is not None:
                return row[0], True
            document_id = db.execute(
                "INSERT INTO documents (source, content_hash, title, encoding, imported) VALUES (?, ?, ?, ?, ?)",
                (source, digest, title, encoding, now),
            ).lastrowid
            db.executemany(
                "INSERT INTO articles (document_id, ordinal, title, subtitle, kicker, byline, dateline, paragraphs,"
                " paragraph_info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((document_id, ordinal, *row) for ordinal, row in enumerate(rows)),
            )
        return document_id, False

    def article_ids(self, document_id: int) -> list[int]:
        """The ids of a document's articles, in order (none for a document not in the library)."""
        with self._lock:
            return [row[0] for row in self._db.execute(
                "SELECT id FROM articles WHERE document_id = ? ORDER BY ordinal", (document_id,))]

    # ------------------------------------------------------------------------------------------- reading

    def find(self, source: str, digest: str) -> DocumentRecord | None:
        """The document imported from ``source`` with this content, or None."""
        document_id = self._find_id(source, digest)
        return None if document_id is None else self._imported(document_id, True)

    def _imported(self, document_id: int, existing: bool) -> DocumentRecord:
        """The document as an import gives it back: marked whether the library held it already."""
        record = self.document(document_id)
        record.existing = existing
        return record

    def _find_id(self, source: str, digest: str) -> int | None:
        with self._lock:
            row = self._db.execute("SELECT id FROM documents WHERE source = ? AND content_hash = ?", (source, digest)).fetchone()
        return row[0] if row is not None else None

    def documents(self) -> list[DocumentRecord]:
        """Every document with its articles, the most recently read (or imported) first."""
        with self._lock:
            ids = [row[0] for row in self._db.execute(
                "SELECT id FROM documents ORDER BY COALESCE(last_read, imported) DESC, id DESC")]
        return [self.document(document_id) for document_id in ids]

    def outline(self) -> list[DocumentRecord]:
        """Every document as :meth:`documents` gives them, each article as an :class:`ArticleOutline` (no text):
        what a window lists and keeps."""
        with self._lock:
            documents = self._db.execute(
                "SELECT id, source, content_hash, title, encoding, imported, last_read, archived FROM documents"
                " ORDER BY COALESCE(last_read, imported) DESC, id DESC").fetchall()
            rows = self._db.execute(
                "SELECT id, document_id, ordinal, title, json_array_length(paragraphs), position, last_read FROM articles"
                " ORDER BY document_id, ordinal").fetchall()
        articles: dict[int, list[ArticleOutline]] = {}
        for row in rows:
            articles.setdefault(row[1], []).append(ArticleOutline(*row))
        return [DocumentRecord(*row[:7], archived=bool(row[7]), articles=articles.get(row[0], [])) for row in documents]

    def articles_containing(self, text: str) -> set[int]:
        """The ids of the articles whose paragraphs hold ``text`` (as stored: JSON escapes quotes, backslashes and
        control characters, so ``text`` must have none)."""
        return {row[0] for row in self._long_read("SELECT id FROM articles WHERE instr(paragraphs, ?) > 0", (text,))}

    def paragraphs(self, article_id: int) -> list[str]:
        """An article's paragraphs, read beside the window's own reads (:meth:`_long_read`): for a search through the
        library (none for an article not in it, removed since, say)."""
        rows = self._long_read("SELECT paragraphs FROM articles WHERE id = ?", (article_id,))
        return json.loads(rows[0][0]) if rows else []

    def document(self, document_id: int) -> DocumentRecord:
        """One document with its articles."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, source, content_hash, title, encoding, imported, last_read, archived FROM documents WHERE id = ?",
                (document_id,),
            ).fetchone()
            if row is None:
                raise UserError(f"no document {document_id} in the library")
            rows = self._db.execute(f"{_ARTICLE_SELECT} WHERE document_id = ? ORDER BY ordinal", (document_id,)).fetchall()
        return DocumentRecord(*row[:7], archived=bool(row[7]), articles=[_article_record(r) for r in rows])

    def article(self, article_id: int) -> ArticleRecord:
        """One article."""
        with self._lock:
            row = self._db.execute(f"{_ARTICLE_SELECT} WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise UserError(f"no article {article_id} in the library")
        return _article_record(row)

    def last_read(self) -> ArticleRecord | None:
        """The article read most recently, to reopen at start-up."""
        with self._lock:
            row = self._db.execute(
                f"{_ARTICLE_SELECT} WHERE last_read IS NOT NULL ORDER BY last_read DESC, id DESC LIMIT 1").fetchone()
        return _article_record(row) if row else None

    def counts(self) -> tuple[int, int]:
        """(documents, articles) in the library."""
        with self._lock:
            return (self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
                    self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # --------------------------------------------------------------------------------------- changing

    def set_position(self, article_id: int, paragraph: int) -> None:
        """Remember that the reader is at ``paragraph`` of the article (and that it was read now)."""
        now = self._clock()
        with self._transaction() as db:
            # the window stores the position as the reader scrolls, on its UI thread: the paragraphs are counted by
            # SQLite, not decoded (a 2,000,000-character article's JSON took ~100 ms)
            row = db.execute("SELECT document_id, json_array_length(paragraphs) FROM articles WHERE id = ?",
                             (article_id,)).fetchone()
            if row is None:
                raise UserError(f"no article {article_id} in the library")
            document_id, count = row
            paragraph = max(0, min(paragraph, max(0, count - 1)))
            db.execute("UPDATE articles SET position = ?, last_read = ? WHERE id = ?", (paragraph, now, article_id))
            db.execute("UPDATE documents SET last_read = ? WHERE id = ?", (now, document_id))

    def rename_article(self, article_id: int, title: str) -> ArticleRecord:
        """Give the article a new title."""
        title = " ".join(title.split())
        if not title:
            raise UserError("an article's title cannot be empty")
        with self._transaction() as db:
            self._article_in(db, article_id)
            db.execute("UPDATE articles SET title = ?, title_in_text = 0 WHERE id = ?", (title, article_id))
        return self.article(article_id)

    def correct_text(self, article_id: int, paragraph: int, start: int, end: int, text: str) -> ArticleRecord:
        """Put ``text`` in place of code points ``start:end`` of a paragraph (a character OCR misread); the places of
        the picture's lines after it move with it."""
        text = " ".join(text.split()) if text.strip() else ""
        with self._transaction() as db:
            record = self._article_in(db, article_id)
            paragraphs, info = list(record.article.paragraphs), record.article.paragraph_info
            if not 0 <= paragraph < len(paragraphs) or not 0 <= start <= end <= len(paragraphs[paragraph]):
                raise UserError(f"article {article_id} has no text at paragraph {paragraph}, {start}:{end}")
            old = paragraphs[paragraph]
            if not (old[:start] + text + old[end:]).strip():
                raise UserError("a paragraph cannot be corrected to nothing")
            paragraphs[paragraph] = old[:start] + text + old[end:]
            if info and paragraph < len(info) and info[paragraph].get("ocr_lines"):
                info = [dict(entry) for entry in info]
                shift = len(text) - (end - start)
                info[paragraph]["ocr_lines"] = [[line[0] + shift if line[0] >= end else min(line[0], start + len(text)), *line[1:]]
                                                for line in info[paragraph]["ocr_lines"]]
            db.execute("UPDATE articles SET paragraphs = ?, paragraph_info = ? WHERE id = ?",
                       (json.dumps(paragraphs, ensure_ascii=False), _info_json(info), article_id))
        return self.article(article_id)

    def split_article(self, article_id: int, paragraph: int, title: str | None = None) -> tuple[ArticleRecord, ArticleRecord]:
        """Cut the article in two before ``paragraph``; the second part is titled by its first line when that is a headline."""
        from reader.core.newspaper import is_closing_dateline, is_headline, short_title

        with self._transaction() as db:
            record = self._article_in(db, article_id)
            paragraphs = record.article.paragraphs
            # (新华社北京2月15日电) ends the text as printed: it goes with the part that ends it
            closing = record.article.dateline if is_closing_dateline(record.article.dateline or "") else None
            if not 0 < paragraph < len(paragraphs):
                raise UserError(f"cannot split {record.title!r} at paragraph {paragraph} (it has {len(paragraphs)}: split at 1 to {len(paragraphs) - 1})")
            head, tail = paragraphs[:paragraph], paragraphs[paragraph:]
            info = record.article.paragraph_info
            head_info, tail_info = (info[:paragraph], info[paragraph:]) if info is not None else (None, None)
            title_in_text = False
            if title is None and is_headline(tail[0]) and len(tail) > 1:
                title, tail, title_in_text = tail[0], tail[1:], True
                tail_info = tail_info[1:] if tail_info is not None else None
            title = title or short_title(tail[0])
            position, new_position = record.position, 0
            if record.position >= paragraph:
                new_position = record.position - (len(paragraphs) - len(tail))
                position = len(head) - 1
            db.execute("UPDATE articles SET ordinal = ordinal + 1 WHERE document_id = ? AND ordinal > ?",
                       (record.document_id, record.ordinal))
            db.execute("UPDATE articles SET paragraphs = ?, paragraph_info = ?, position = ?, dateline = ? WHERE id = ?",
                       (json.dumps(head, ensure_ascii=False), _info_json(head_info), position,
                        None if closing else record.article.dateline, article_id))
            new_id = db.execute(
                "INSERT INTO articles (document_id, ordinal, title, paragraphs, paragraph_info, title_in_text, position,"
                " last_read, dateline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.document_id, record.ordinal + 1, title, json.dumps(tail, ensure_ascii=False), _info_json(tail_info),
                 int(title_in_text), max(0, new_position), record.last_read if record.position >= paragraph else None,
                 closing),
            ).lastrowid
        return self.article(article_id), self.article(new_id)

    def merge_with_next(self, article_id: int) -> ArticleRecord:
        """Join the article with the one after it (the next one's headings become paragraphs again)."""
        with self._transaction() as db:
            record = self._article_in(db, article_id)
            if not self._merge_next_in(db, record):
                raise UserError(f"{record.title!r} is the last article of its document: there is none after it to merge")
        return self.article(article_id)

    def merge_document(self, document_id: int) -> ArticleRecord:
        """Join all of a document's articles into its first one (a book split too finely becomes one text again)."""
        with self._transaction() as db:
            row = db.execute(f"{_ARTICLE_SELECT} WHERE document_id = ? ORDER BY ordinal LIMIT 1", (document_id,)).fetchone()
            if row is None:
                raise UserError(f"no document {document_id} in the library")
            first = _article_record(row)
            merged = False
            while self._merge_next_in(db, first):
                first, merged = self._article_in(db, first.id), True
            if merged:
                # the one article is the whole document now: it goes by the document's name, and its first part's
                # headings (第一章, a news item's kicker and headline) become lines of the text like the others'
                from reader.core.newspaper import is_closing_dateline

                article = first.article
                closing = article.dateline if article.dateline and is_closing_dateline(article.dateline) else None
                heads = _headings(first) + ([article.dateline] if article.dateline and not closing else [])
                info = [{}] * len(heads) + _padded_info(article) if article.paragraph_info is not None else None
                title = db.execute("SELECT title FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
                db.execute(
                    "UPDATE articles SET title = ?, title_in_text = 0, kicker = NULL, subtitle = NULL, byline = NULL,"
                    " dateline = ?, paragraphs = ?, paragraph_info = ?, position = ? WHERE id = ?",
                    (title, closing, json.dumps(heads + article.paragraphs, ensure_ascii=False), _info_json(info),
                     first.position + len(heads) if first.position else 0, first.id))
        return self.article(first.id)

    def _merge_next_in(self, db: sqlite3.Connection, record: ArticleRecord) -> bool:
        """Inside a transaction: join ``record`` with the article after it; False when it is the last one."""
        row = db.execute(f"{_ARTICLE_SELECT} WHERE document_id = ? AND ordinal > ? ORDER BY ordinal LIMIT 1",
                         (record.document_id, record.ordinal)).fetchone()
        if row is None:
            return False
        from reader.core.newspaper import is_closing_dateline

        following = _article_record(row)
        other = following.article
        own = record.article.dateline
        ends_first = [own] if own and is_closing_dateline(own) else []  # it ended the first part: it stays there
        dateline = None if ends_first else own
        before = _headings(following)
        after = []
        if other.dateline and is_closing_dateline(other.dateline):
            if dateline is None:
                dateline = other.dateline  # ends the joined text, where the first part's used to be
            else:
                after.append(other.dateline)
        elif other.dateline:
            before.append(other.dateline)
        before = ends_first + before
        offset = len(record.article.paragraphs) + len(before)
        paragraphs = record.article.paragraphs + before + other.paragraphs + after
        info = None
        if record.article.paragraph_info is not None or other.paragraph_info is not None:
            info = (_padded_info(record.article) + [{}] * len(before) + _padded_info(other) + [{}] * len(after))
        position, last_read = record.position, record.last_read
        if following.last_read and (not last_read or following.last_read > last_read):
            position, last_read = offset + following.position, following.last_read
        db.execute("UPDATE articles SET paragraphs = ?, paragraph_info = ?, position = ?, last_read = ?, dateline = ?"
                   " WHERE id = ?",
                   (json.dumps(paragraphs, ensure_ascii=False), _info_json(info), position, last_read, dateline, record.id))
        db.execute("DELETE FROM articles WHERE id = ?", (following.id,))
        db.execute("UPDATE articles SET ordinal = ordinal - 1 WHERE document_id = ? AND ordinal > ?",
                   (record.document_id, following.ordinal))
        return True

    def rename_document(self, document_id: int, title: str) -> DocumentRecord:
        """Give the document a new title (a one-article document's article takes it too, as the list shows that)."""
        title = " ".join(title.split())
        if not title:
            raise UserError("a document's title cannot be empty")
        with self._transaction() as db:
            if db.execute("UPDATE documents SET title = ? WHERE id = ?", (title, document_id)).rowcount == 0:
                raise UserError(f"no document {document_id} in the library")
            ids = [r[0] for r in db.execute("SELECT id FROM articles WHERE document_id = ?", (document_id,))]
            if len(ids) == 1:
                db.execute("UPDATE articles SET title = ?, title_in_text = 0 WHERE id = ?", (title, ids[0]))
        return self.document(document_id)

    def set_archived(self, document_id: int, archived: bool = True) -> DocumentRecord:
        """Move the document out of the reading list (kept with its positions), or back."""
        with self._transaction() as db:
            if db.execute("UPDATE documents SET archived = ? WHERE id = ?", (int(archived), document_id)).rowcount == 0:
                raise UserError(f"no document {document_id} in the library")
        return self.document(document_id)

    def find_documents(self, reference: str) -> list[DocumentRecord]:
        """The documents ``reference`` names: an id, else an exact title (case and spacing aside)."""
        reference = " ".join(str(reference).split())
        if reference.isdigit():
            with self._lock:
                row = self._db.execute("SELECT id FROM documents WHERE id = ?", (int(reference),)).fetchone()
            if row is not None:
                return [self.document(row[0])]
        wanted = reference.casefold()
        return [d for d in self.documents() if " ".join(d.title.split()).casefold() == wanted]

    def restore_document(self, record: DocumentRecord) -> DocumentRecord:
        """Put a document back exactly as ``record`` holds it (same ids): the undo of remove, rename, merge, archive."""
        with self._transaction() as db:
            db.execute("DELETE FROM documents WHERE id = ?", (record.id,))
            db.execute(
                "INSERT INTO documents (id, source, content_hash, title, encoding, imported, last_read, archived)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record.id, record.source, record.content_hash, record.title, record.encoding, record.imported,
                 record.last_read, int(record.archived)),
            )
            db.executemany(
                "INSERT INTO articles (id, document_id, ordinal, title, subtitle, kicker, byline, dateline, paragraphs,"
                " paragraph_info, title_in_text, position, last_read) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (a.id, record.id, a.ordinal, a.article.title, a.article.subtitle, a.article.kicker, a.article.byline,
                     a.article.dateline, json.dumps(a.article.paragraphs, ensure_ascii=False),
                     _info_json(a.article.paragraph_info), int(a.title_in_text), a.position, a.last_read)
                    for a in record.articles
                ],
            )
        return self.document(record.id)

    def snapshot(self, document_ids) -> dict[int, DocumentRecord | None]:
        """Each document as it is now (None for one not in the library), for ``restore`` (the undo stack's capture)."""
        snapshot: dict[int, DocumentRecord | None] = {}
        for document_id in document_ids:
            try:
                snapshot[document_id] = self.document(document_id)
            except UserError:
                snapshot[document_id] = None
        return snapshot

    def restore(self, snapshot: dict[int, DocumentRecord | None]) -> None:
        """Put the documents of a ``snapshot`` back as they were: removed again where they were absent."""
        for document_id, record in snapshot.items():
            if record is not None:
                self.restore_document(record)
            else:
                with self._transaction() as db:
                    db.execute("DELETE FROM documents WHERE id = ?", (document_id,))

    def remove_document(self, document_id: int) -> DocumentRecord:
        """Take a document and its articles out of the library (the file itself is left alone); returns what went,
        for ``restore_document``."""
        record = self.document(document_id)
        with self._transaction() as db:
            if db.execute("DELETE FROM documents WHERE id = ?", (document_id,)).rowcount == 0:
                raise UserError(f"no document {document_id} in the library")
        return record

    def _article_in(self, db: sqlite3.Connection, article_id: int) -> ArticleRecord:
        row = db.execute(f"{_ARTICLE_SELECT} WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise UserError(f"no article {article_id} in the library")
        return _article_record(row)


_ARTICLE_SELECT = (
    "SELECT id, document_id, ordinal, title, subtitle, kicker, byline, dateline, paragraphs, position, last_read,"
    " title_in_text, paragraph_info FROM articles"
)


def _info_json(info: list[dict] | None) -> str | None:
    return None if info is None else json.dumps(info, ensure_ascii=False)


def _headings(record: ArticleRecord) -> list[str]:
    """An article's headings as lines of text, in print order (a title given by the reader is not one)."""
    article = record.article
    return [h for h in (article.kicker, article.title if record.title_in_text else None, article.subtitle, article.byline) if h]


def _padded_info(article: Article) -> list[dict]:
    """One dict per paragraph (empty ones where the article carries none)."""
    return [article.info(index) for index in range(len(article.paragraphs))]


def _article_record(row) -> ArticleRecord:
    (article_id, document_id, ordinal, title, subtitle, kicker, byline, dateline, paragraphs, position, last_read,
     title_in_text, paragraph_info) = row
    article = Article(title=title, paragraphs=json.loads(paragraphs), subtitle=subtitle, kicker=kicker, byline=byline,
                      dateline=dateline, paragraph_info=json.loads(paragraph_info) if paragraph_info else None)
    return ArticleRecord(article_id, document_id, ordinal, article, position, last_read, bool(title_in_text))


@contextmanager
def _spooled(rows: Iterable[tuple], directory: Path) -> Iterator[Iterator[tuple]]:
    """The rows written to a temporary file as they come (beside the library, else in the system's temporary
    directory), then read back one at a time: storing a big file holds one article in memory, and the library's
    write lock waits until the file has been read and split."""
    import marshal
    import tempfile

    try:
        spool = tempfile.TemporaryFile(dir=directory)
    except OSError:
        spool = tempfile.TemporaryFile()
    with spool:
        count = 0
        for row in rows:
            marshal.dump(row, spool)
            count += 1
        spool.seek(0)
        yield (marshal.load(spool) for _ in range(count))


def _article_row(article: Article) -> tuple:
    """An article's values for the articles table, after its document and ordinal."""
    return (article.title, article.subtitle, article.kicker, article.byline, article.dateline,
            json.dumps(article.paragraphs, ensure_ascii=False), _info_json(article.paragraph_info))
