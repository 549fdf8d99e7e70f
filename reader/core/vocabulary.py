"""The learner's vocabulary: saved words with their readings, sentences and statuses, kept in SQLite.

One file, ``vocabulary.sqlite3`` in the data directory. Every action is one transaction (WAL journal,
``BEGIN IMMEDIATE``, a busy timeout), so two windows, or a window and the command line, can use it at once,
and a crash or a killed process loses at most the action it was in. A file that is not a Yuedu vocabulary
(corrupt, or some other program's database) is moved aside under a time-stamped name, never overwritten.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Mapping

from reader.core.atomic import write_text_atomic
from reader.core.errors import UserError
from reader.core.hanzi import HANZI
from reader.core.models import Context, Status, VocabWord
from reader.core.sqlite_store import SqliteStore, connect_checked

FILE_NAME = "vocabulary.sqlite3"
APPLICATION_ID = 0x59554544  # "YUED": marks the file as ours, so another program's database is never taken for it

STATUS_NAMES = {"new": Status.NEW, "learning": Status.LEARNING_2, "known": Status.KNOWN, "ignored": Status.IGNORED}
UNSEEN = "unseen"  # the label of a word never saved

# Schema migrations: MIGRATIONS[n] takes a database from user_version n to n + 1.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE words (
        id INTEGER PRIMARY KEY,
        word TEXT NOT NULL UNIQUE,
        numbered TEXT NOT NULL DEFAULT '',
        definitions TEXT NOT NULL DEFAULT '[]',
        status INTEGER NOT NULL,
        added TEXT NOT NULL,
        changed TEXT NOT NULL,
        traditional TEXT,
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX words_status ON words (status);
    CREATE TABLE contexts (
        id INTEGER PRIMARY KEY,
        word_id INTEGER NOT NULL REFERENCES words (id) ON DELETE CASCADE,
        sentence TEXT NOT NULL,
        article TEXT,
        document TEXT,
        added TEXT NOT NULL,
        UNIQUE (word_id, sentence)
    );
    CREATE TABLE known_history (
        day TEXT PRIMARY KEY,
        known INTEGER NOT NULL
    );
    """,
    # the chart's learning line beside the known one
    "ALTER TABLE known_history ADD COLUMN learning INTEGER NOT NULL DEFAULT 0",
    # the learner's own words (reader/core/corrections.py): pieces is the word itself (kept whole) or its pieces
    # joined by spaces (split); numbered and meaning are the learner's own, "" for the dictionary's
    """
    CREATE TABLE learner_words (
        word TEXT PRIMARY KEY,
        pieces TEXT NOT NULL,
        numbered TEXT NOT NULL DEFAULT '',
        meaning TEXT NOT NULL DEFAULT '',
        is_name INTEGER NOT NULL DEFAULT 0,
        added TEXT NOT NULL
    );
    CREATE TABLE occurrence_readings (
        sentence TEXT NOT NULL,
        offset INTEGER NOT NULL,
        word TEXT NOT NULL,
        numbered TEXT NOT NULL,
        PRIMARY KEY (sentence, offset, word)
    );
    """,
    # the saved sentence the learner picked for the word's Anki card (NULL: the export's rule picks one)
    "ALTER TABLE words ADD COLUMN card_sentence TEXT",
]
SCHEMA_VERSION = len(MIGRATIONS)
_WORD_COLUMNS = "id, word, numbered, definitions, status, added, changed, traditional, notes, card_sentence"
# (word, its row in _WORD_COLUMNS order or None when not saved, its sentences) for each word: see snapshot()
WordsSnapshot = tuple


def parse_status(name: str) -> Status:
    """A status from its command-line name (new, learning, known, ignored) or its number (1-5)."""
    key = name.strip().lower()
    if key in STATUS_NAMES:
        return STATUS_NAMES[key]
    if key in {"1", "2", "3", "4", "5"}:
        return Status(int(key))
    raise UserError(f"unknown status {name!r} (use new, learning, known, ignored or 1-5)")


def status_label(status: Status | None) -> str:
    """The status name for JSON and the command line; "unseen" for a word never saved."""
    return UNSEEN if status is None else status.label


@dataclass(frozen=True)
class TableRows:
    """The whole vocabulary as parallel plain lists (one per column), for a table view over 50,000 words.

    Senses stay as their stored JSON text until a row is shown (:meth:`definitions_at`), so loading is one query.
    """

    words: list[str]
    numbered: list[str]
    statuses: list[Status]
    definitions_json: list[str]
    added: list[str]
    notes: list[str]
    context_counts: list[int]
    traditional: list[str | None]
    sentences: list[list[str]]  # each word's saved sentences, oldest first
    card_sentences: list[str | None]  # the sentence picked for each word's Anki card; None: the export's rule

    def definitions_at(self, row: int) -> str:
        """Row ``row``'s senses joined with "; "."""
        raw = self.definitions_json[row]
        return "; ".join(json.loads(raw)) if raw != "[]" else ""


def _now_utc() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


class VocabularyStore(SqliteStore):
    """The saved words, keyed by their text; safe to share between threads and processes."""

    what = "the vocabulary"

    def __init__(self, path: Path, connection: sqlite3.Connection, clock: Callable[[], datetime] = _now_utc):
        super().__init__(path, connection)
        self._clock = clock
        self._generation = 0  # bumped by our own commits; other connections' show in PRAGMA data_version
        self._status_cache: tuple[tuple[int, int], Mapping[str, Status]] | None = None

    # ----------------------------------------------------------------------------------------- opening

    @classmethod
    def open(cls, data_dir: str | os.PathLike, clock: Callable[[], datetime] | None = None) -> "VocabularyStore":
        """Open (creating or migrating) ``data_dir/vocabulary.sqlite3``; a corrupt or foreign file is moved aside."""
        path = Path(data_dir) / FILE_NAME
        if not path.parent.is_dir():
            raise UserError(f"{path.parent}: no such directory")
        connection = connect_checked(path, "vocabulary", MIGRATIONS, APPLICATION_ID)
        return cls(path, connection, clock or _now_utc)

    @classmethod
    def exists(cls, data_dir: str | os.PathLike) -> bool:
        """Whether ``data_dir`` holds a vocabulary file (so a read-only command need not create one)."""
        return (Path(data_dir) / FILE_NAME).exists()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Read under the lock; a file damaged since it was opened becomes a clear UserError, not a traceback."""
        with self._lock:
            try:
                yield self._db
            except sqlite3.OperationalError as error:
                raise UserError(f"{self.path}: cannot read the vocabulary ({error})") from None
            except sqlite3.DatabaseError as error:
                raise UserError(_damaged(self.path, error)) from None

    def _on_failed_action(self, error: BaseException) -> None:
        if isinstance(error, sqlite3.OperationalError):
            raise UserError(f"{self.path}: the change was not saved ({error})") from None
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.IntegrityError):
            raise UserError(_damaged(self.path, error)) from None

    def _after_action(self) -> None:
        self._generation += 1

    def _today(self) -> str:
        return self._clock().astimezone().date().isoformat()

    def _record_known_count(self, db: sqlite3.Connection) -> None:
        """Remember today's numbers of known and learning words (the chart's points for today)."""
        known, learning = db.execute(
            "SELECT COALESCE(SUM(status = ?), 0), COALESCE(SUM(status NOT IN (?, ?)), 0) FROM words",
            (int(Status.KNOWN), int(Status.KNOWN), int(Status.IGNORED)),
        ).fetchone()
        db.execute(
            "INSERT INTO known_history (day, known, learning) VALUES (?, ?, ?)"
            " ON CONFLICT (day) DO UPDATE SET known = excluded.known, learning = excluded.learning",
            (self._today(), known, learning),
        )

    # ----------------------------------------------------------------------------------------- writing

    def add(
        self,
        word: str,
        numbered: str,
        definitions: Iterable[str] = (),
        context: Context | None = None,
        status: Status | None = None,
        traditional: str | None = None,
    ) -> VocabWord:
        """Save ``word`` (or add ``context`` to it if already saved: never a second word, never a repeated sentence).

        ``status`` defaults to new for a word saved for the first time and leaves a saved word's status alone.
        A saved word keeps the reading and senses it was first saved with (filled in if it had none).
        """
        word = _clean_word(word)
        now = _iso(self._clock())
        with self._transaction() as db:
            row = db.execute("SELECT id, numbered, status FROM words WHERE word = ?", (word,)).fetchone()
            if row is None:
                cursor = db.execute(
                    "INSERT INTO words (word, numbered, definitions, status, added, changed, traditional) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (word, numbered or "", json.dumps(list(definitions), ensure_ascii=False),
                     int(status or Status.NEW), now, now, traditional),
                )
                word_id = cursor.lastrowid
            else:
                word_id, old_numbered, old_status = row
                if not old_numbered and numbered:
                    db.execute(
                        "UPDATE words SET numbered = ?, definitions = ?, traditional = COALESCE(traditional, ?) WHERE id = ?",
                        (numbered, json.dumps(list(definitions), ensure_ascii=False), traditional, word_id),
                    )
                if status is not None and int(status) != old_status:
                    db.execute("UPDATE words SET status = ?, changed = ? WHERE id = ?", (int(status), now, word_id))
            if context is not None and context.sentence.strip():
                db.execute(
                    "INSERT OR IGNORE INTO contexts (word_id, sentence, article, document, added) VALUES (?, ?, ?, ?, ?)",
                    (word_id, context.sentence.strip(), context.article, context.document, context.added or now),
                )
            self._record_known_count(db)
            return self._get(db, word)

    def add_many(self, words: Iterable[VocabWord]) -> list[str]:
        """Save every word not saved yet, in one transaction; returns the words that were added (in order)."""
        now = _iso(self._clock())
        added: list[str] = []
        with self._transaction() as db:
            for item in words:
                word = _clean_word(item.word)
                cursor = db.execute(
                    "INSERT OR IGNORE INTO words (word, numbered, definitions, status, added, changed, traditional, notes)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (word, item.numbered or "", json.dumps(list(item.definitions), ensure_ascii=False),
                     int(item.status), item.added or now, now, item.traditional, item.notes or ""),
                )
                if cursor.rowcount:
                    added.append(word)
                    if item.contexts:
                        word_id = cursor.lastrowid
                        db.executemany(
                            "INSERT OR IGNORE INTO contexts (word_id, sentence, article, document, added) VALUES (?, ?, ?, ?, ?)",
                            [(word_id, c.sentence.strip(), c.article, c.document, c.added or now) for c in item.contexts],
                        )
            self._record_known_count(db)
        return added

    def set_status(self, word: str, status: Status) -> None:
        """Change a saved word's status; UserError when the word is not saved."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE words SET status = ?, changed = ? WHERE word = ? AND status != ?",
                (int(status), _iso(self._clock()), word, int(status)),
            )
            if cursor.rowcount == 0 and db.execute("SELECT 1 FROM words WHERE word = ?", (word,)).fetchone() is None:
                raise UserError(f"{word}: not in the vocabulary")
            self._record_known_count(db)

    def set_statuses(self, words: Iterable[str], status: Status) -> int:
        """Change the status of many saved words in one transaction; returns how many changed (unsaved ones are skipped)."""
        now = _iso(self._clock())
        changed = 0
        with self._transaction() as db:
            for word in words:
                changed += db.execute(
                    "UPDATE words SET status = ?, changed = ? WHERE word = ? AND status != ?",
                    (int(status), now, word, int(status)),
                ).rowcount
            self._record_known_count(db)
        return changed

    def set_notes(self, word: str, notes: str) -> None:
        """Replace a saved word's notes; UserError when the word is not saved."""
        self._set_field(word, "notes", notes)

    def set_reading(self, word: str, numbered: str) -> None:
        """Replace a saved word's reading (CC-CEDICT syllables: ``gao1 xing4``); UserError when it is not saved."""
        self._set_field(word, "numbered", numbered)

    def set_definitions(self, word: str, senses: Iterable[str]) -> None:
        """Replace a saved word's meaning (its senses, in order); UserError when the word is not saved."""
        self._set_field(word, "definitions", json.dumps(list(senses), ensure_ascii=False))

    def set_card_sentence(self, word: str, sentence: str | None) -> None:
        """Put ``sentence`` (one of the word's saved sentences) on the word's Anki card, whatever the export's rule;
        None gives the choice back to the rule. UserError when the word is not saved or never had that sentence."""
        if sentence is not None:
            with self._reading() as db:
                saved = db.execute(
                    "SELECT 1 FROM contexts JOIN words ON words.id = contexts.word_id WHERE word = ? AND sentence = ?",
                    (word, sentence)).fetchone()
            if saved is None and word in self:
                raise UserError(f"{word}: {sentence!r} is not one of its saved sentences")
        self._set_field(word, "card_sentence", sentence)

    def _set_field(self, word: str, column: str, value: str | None) -> None:
        assert column in ("notes", "numbered", "definitions", "card_sentence")  # a column name, never text from outside
        with self._transaction() as db:
            if db.execute(f"UPDATE words SET {column} = ? WHERE word = ?", (value, word)).rowcount == 0:
                raise UserError(f"{word}: not in the vocabulary")

    def remove(self, word: str) -> None:
        """Delete a saved word and its sentences; UserError when the word is not saved."""
        with self._transaction() as db:
            if db.execute("DELETE FROM words WHERE word = ?", (word,)).rowcount == 0:
                raise UserError(f"{word}: not in the vocabulary")
            self._record_known_count(db)

    def remove_many(self, words: Iterable[str]) -> int:
        """Delete many saved words in one transaction; returns how many were deleted."""
        removed = 0
        with self._transaction() as db:
            for word in words:
                removed += db.execute("DELETE FROM words WHERE word = ?", (word,)).rowcount
            self._record_known_count(db)
        return removed

    def forget_unused(self, words: Iterable[str], status: Status) -> int:
        """Delete those of ``words`` that still have ``status`` and no saved sentence (undoing a bulk add); returns how many."""
        removed = 0
        with self._transaction() as db:
            for word in words:
                removed += db.execute(
                    "DELETE FROM words WHERE word = ? AND status = ?"
                    " AND NOT EXISTS (SELECT 1 FROM contexts WHERE contexts.word_id = words.id)",
                    (word, int(status)),
                ).rowcount
            self._record_known_count(db)
        return removed

    def restore_statuses(self, previous: dict[str, Status | None]) -> None:
        """Undo a bulk change: put each word back to its earlier status, deleting the ones that were unseen (None)."""
        now = _iso(self._clock())
        with self._transaction() as db:
            for word, status in previous.items():
                if status is None:
                    db.execute("DELETE FROM words WHERE word = ?", (word,))
                else:
                    db.execute("UPDATE words SET status = ?, changed = ? WHERE word = ?", (int(status), now, word))
            self._record_known_count(db)

    # ----------------------------------------------------------------------------------------- undo

    def snapshot(self, words: Iterable[str]) -> "WordsSnapshot":
        """Every stored column of ``words`` (None for a word not saved), with their sentences: what :meth:`restore` puts back."""
        wanted = list(dict.fromkeys(words))
        rows: dict[str, tuple] = {}
        contexts: dict[int, list[tuple]] = {}
        with self._reading() as db:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                ids = []
                for row in db.execute(f"SELECT {_WORD_COLUMNS} FROM words WHERE word IN ({marks})", chunk):
                    rows[row[1]] = row
                    ids.append(row[0])
                if ids:
                    id_marks = ",".join("?" * len(ids))
                    for word_id, *fields in db.execute(
                        f"SELECT word_id, sentence, article, document, added FROM contexts WHERE word_id IN ({id_marks}) ORDER BY id",
                        ids,
                    ):
                        contexts.setdefault(word_id, []).append(tuple(fields))
        return tuple(
            (word, rows.get(word), tuple(contexts.get(rows[word][0], ())) if word in rows else ())
            for word in wanted
        )

    def restore(self, snapshot: "WordsSnapshot") -> None:
        """Put words back exactly as :meth:`snapshot` found them (unsaved ones deleted), in one transaction."""
        with self._transaction() as db:
            for word, row, contexts in snapshot:
                db.execute("DELETE FROM words WHERE word = ?", (word,))
                if row is None:
                    continue
                taken = db.execute("SELECT 1 FROM words WHERE id = ?", (row[0],)).fetchone()
                values = row[1:] if taken else row
                columns = _WORD_COLUMNS.split(", ", 1)[1] if taken else _WORD_COLUMNS
                cursor = db.execute(f"INSERT INTO words ({columns}) VALUES ({','.join('?' * len(values))})", values)
                db.executemany(
                    "INSERT INTO contexts (word_id, sentence, article, document, added) VALUES (?, ?, ?, ?, ?)",
                    [(cursor.lastrowid, *context) for context in contexts],
                )
            self._record_known_count(db)

    # ----------------------------------------------------------------------------------------- reading

    def get(self, word: str) -> VocabWord | None:
        """The saved word with its sentences, or None."""
        with self._reading() as db:
            return self._get(db, word)

    def _get(self, db: sqlite3.Connection, word: str) -> VocabWord | None:
        row = db.execute(
            "SELECT id, word, numbered, definitions, status, added, traditional, notes, card_sentence FROM words WHERE word = ?",
            (word,),
        ).fetchone()
        if row is None:
            return None
        contexts = db.execute(
            "SELECT sentence, article, document, added FROM contexts WHERE word_id = ? ORDER BY id", (row[0],)
        ).fetchall()
        return _vocab_word(row[1:], [Context(*c) for c in contexts])

    def __len__(self) -> int:
        with self._reading():
            return self._db.execute("SELECT COUNT(*) FROM words").fetchone()[0]

    def __contains__(self, word: str) -> bool:
        with self._reading():
            return self._db.execute("SELECT 1 FROM words WHERE word = ?", (word,)).fetchone() is not None

    def words(self, statuses: Iterable[Status] | None = None, text_filter: str | None = None) -> list[VocabWord]:
        """Saved words in the order they were saved, optionally only some statuses and those matching ``text_filter``.

        The filter matches, case-insensitively, the word, its traditional form, its pinyin (with or without tones
        and spaces), its definitions or its notes.
        """
        wanted = None if statuses is None else {int(s) for s in statuses}
        with self._reading():
            rows = self._db.execute(
                "SELECT id, word, numbered, definitions, status, added, traditional, notes, card_sentence FROM words ORDER BY id"
            ).fetchall()
            context_rows = self._db.execute(
                "SELECT word_id, sentence, article, document, added FROM contexts ORDER BY id"
            ).fetchall()
        contexts: dict[int, list[Context]] = {}
        for word_id, *fields in context_rows:
            contexts.setdefault(word_id, []).append(Context(*fields))
        matcher = text_matcher(text_filter) if text_filter else None
        result = []
        for row in rows:
            if wanted is not None and row[4] not in wanted:
                continue
            if matcher and not matcher(row[1], row[6], row[2], row[3], row[7]):
                continue
            result.append(_vocab_word(row[1:], contexts.get(row[0], ())))
        return result

    def table_rows(self) -> TableRows:
        """Every saved word as plain column lists (no per-row objects): what a table view over 50,000 words loads."""
        with self._reading():
            rows = self._db.execute(
                "SELECT id, word, numbered, status, definitions, added, notes, traditional, card_sentence FROM words ORDER BY id"
            ).fetchall()
            sentences: dict[int, list[str]] = {}
            for word_id, sentence in self._db.execute("SELECT word_id, sentence FROM contexts ORDER BY id"):
                sentences.setdefault(word_id, []).append(sentence)
        columns = list(zip(*rows)) if rows else [()] * 9
        statuses = {int(s): s for s in Status}
        return TableRows(
            words=list(columns[1]),
            numbered=list(columns[2]),
            statuses=[statuses.get(s, Status.NEW) for s in columns[3]],
            definitions_json=list(columns[4]),
            added=list(columns[5]),
            notes=list(columns[6]),
            context_counts=[len(sentences.get(i, ())) for i in columns[0]],
            traditional=list(columns[7]),
            sentences=[sentences.get(i, []) for i in columns[0]],
            card_sentences=list(columns[8]),
        )

    def revision(self) -> tuple[int, int]:
        """A value that changes whenever anyone (this store or another program) commits a change."""
        with self._reading():
            return (self._db.execute("PRAGMA data_version").fetchone()[0], self._generation)

    def status_map(self) -> Mapping[str, Status]:
        """Every saved word's status, read-only; cached until anyone changes the vocabulary, so it is free per article."""
        with self._reading():
            key = self.revision()
            if self._status_cache is None or self._status_cache[0] != key:
                statuses = {int(s): s for s in Status}
                mapping = {word: statuses.get(status, Status.NEW) for word, status in self._db.execute("SELECT word, status FROM words")}
                self._status_cache = (key, MappingProxyType(mapping))
            return self._status_cache[1]

    def statuses_of(self, words: Iterable[str]) -> dict[str, Status]:
        """The statuses of those of ``words`` that are saved: for one article, cheaper than the whole status_map()."""
        wanted = list(dict.fromkeys(words))
        found: dict[str, Status] = {}
        statuses = {int(s): s for s in Status}
        with self._reading():
            if self._status_cache is not None and self._status_cache[0] == self.revision():
                cached = self._status_cache[1]
                return {w: cached[w] for w in wanted if w in cached}
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                query = f"SELECT word, status FROM words WHERE word IN ({','.join('?' * len(chunk))})"
                found.update((w, statuses.get(s, Status.NEW)) for w, s in self._db.execute(query, chunk))
        return found

    def history(self) -> list[tuple[date, int]]:
        """The number of known words at the end of each day the vocabulary changed, oldest first."""
        return [(day, known) for day, known, _learning in self.history_split()]

    def history_split(self) -> list[tuple[date, int, int]]:
        """(day, known, learning) at the end of each day the vocabulary changed, oldest first (learning: new and 2-4)."""
        with self._reading():
            rows = self._db.execute("SELECT day, known, learning FROM known_history ORDER BY day").fetchall()
        return [(date.fromisoformat(day), known, learning) for day, known, learning in rows]

    # ----------------------------------------------------------------------------------------- files

    def import_known(self, path: str | os.PathLike, describe: Callable[[str], tuple[str, tuple[str, ...], str | None]] | None = None) -> int:
        """Mark every word listed in a file as known, in one transaction; returns how many words changed.

        The file is one word per line, or a Pleco or Anki export (the first column, tab or comma separated);
        comment lines (``#``, ``//``) and lines without hanzi are skipped. Words not saved yet are added, with
        ``describe(word) -> (numbered, definitions, traditional)`` when given.
        """
        from reader.core.textfile import read_text_file

        words = known_words_in(read_text_file(path).text)
        if not words:
            raise UserError(f"{path}: no Chinese words found")
        now = _iso(self._clock())
        changed = 0
        with self._transaction() as db:
            saved = {w: s for w, s in db.execute("SELECT word, status FROM words")}
            for word in words:
                status = saved.get(word)
                if status is None:
                    numbered, definitions, traditional = describe(word) if describe else ("", (), None)
                    db.execute(
                        "INSERT INTO words (word, numbered, definitions, status, added, changed, traditional) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (word, numbered, json.dumps(list(definitions), ensure_ascii=False), int(Status.KNOWN), now, now, traditional),
                    )
                elif status != Status.KNOWN:
                    db.execute("UPDATE words SET status = ?, changed = ? WHERE word = ?", (int(Status.KNOWN), now, word))
                else:
                    continue
                saved[word] = Status.KNOWN
                changed += 1
            self._record_known_count(db)
        return changed

    def export(self, path: str | os.PathLike) -> int:
        """Write the whole vocabulary to ``path`` all at once (``.json``: a JSON list; ``.csv``; else tab-separated).

        Returns the number of words written. The tab-separated form starts with a ``#`` header line, so
        ``import_known`` reads it back.
        """
        words = self.words()
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".json":
            text = json.dumps([word_to_json(w) for w in words], ensure_ascii=False, indent=2) + "\n"
        else:
            buffer = io.StringIO()
            header = ["word", "pinyin", "numbered", "status", "definitions", "notes", "traditional", "added", "sentences",
                      "card_sentence"]
            rows = [
                [w.word, w.pinyin, w.numbered, w.status.label, "; ".join(w.definitions), w.notes, w.traditional or "",
                 w.added or "", " | ".join(c.sentence for c in w.contexts), w.card_sentence or ""]
                for w in words
            ]
            if suffix == ".csv":
                writer = csv.writer(buffer, lineterminator="\n")
                writer.writerow(header)
                writer.writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])
            else:
                buffer.write("#" + "\t".join(header) + "\n")
                for row in rows:
                    buffer.write("\t".join(_one_line(cell) for cell in row) + "\n")
            text = buffer.getvalue()
        write_text_atomic(target, text)
        return len(words)


def word_to_json(word: VocabWord) -> dict:
    """A saved word as ``vocab list --json`` prints it."""
    return {
        "word": word.word,
        "pinyin": word.pinyin,
        "numbered": word.numbered,
        "status": word.status.label,
        "level": int(word.status),
        "definitions": list(word.definitions),
        "contexts": [c.sentence for c in word.contexts],
        "added": word.added,
        "traditional": word.traditional,
        "notes": word.notes,
        "card_sentence": word.card_sentence,  # the saved sentence picked for its Anki card; None: the export's rule
    }


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (OWASP: a leading ' before = + - @ tab CR)."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _one_line(cell: str) -> str:
    return cell.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _clean_word(word: str) -> str:
    word = word.strip()
    if not word:
        raise UserError("an empty word cannot be saved")
    return word


def _vocab_word(row, contexts) -> VocabWord:
    word, numbered, definitions, status, added, traditional, notes, card_sentence = row
    try:
        status = Status(status)
    except ValueError:
        status = Status.NEW
    return VocabWord(
        word=word,
        numbered=numbered,
        definitions=tuple(json.loads(definitions)),
        status=status,
        contexts=tuple(contexts),
        added=added,
        traditional=traditional,
        notes=notes,
        card_sentence=card_sentence,
    )


def _toneless(text: str) -> str:
    """Pinyin without tone marks, tone numbers or umlauts (``Lǜ sè`` and ``lu:4 se4`` both give ``lu se``)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.lower().replace("u:", "u").replace("v", "u"))
    return "".join(ch for ch in decomposed if (ch.isalpha() or ch == " ") and not unicodedata.combining(ch))


_TONE_DIGITS = re.compile(r"[1-5]")


def plain_pinyin(numbered: str) -> str:
    """A numbered reading without tones, for searching (``lu:4 se4`` gives ``lu se``)."""
    return _TONE_DIGITS.sub("", numbered.lower().replace("u:", "u"))


def text_matcher(text: str) -> Callable[..., bool]:
    """A case-insensitive test of a word's fields (word, traditional, numbered, definitions, notes) against ``text``.

    Pinyin matches from the start of a syllable, with or without tones and spaces (``hang`` and ``yinhang``
    find 银行; ``hang`` does not find 校长's zhang). ``plain`` may pass :func:`plain_pinyin` precomputed.
    """
    needle = text.strip().lower()
    numbered_needle = " " + " ".join(needle.split())
    letters = _toneless(needle).replace(" ", "")
    syllable_start = re.compile(r"(?:^| )" + " ?".join(map(re.escape, letters))) if letters else None

    def matches(word: str, traditional: str | None, numbered: str, definitions: str, notes: str, plain: str | None = None) -> bool:
        if needle in word or (traditional and needle in traditional):
            return True
        if numbered_needle in " " + numbered.lower():
            return True
        if syllable_start is not None and syllable_start.search(plain if plain is not None else plain_pinyin(numbered)):
            return True
        return needle in definitions.lower() or needle in notes.lower()

    return matches


_TAGS = re.compile(r"<[^>]*>")
_PLECO_TRADITIONAL = re.compile(r"\[[^\]]*\]$")


def known_words_in(text: str) -> list[str]:
    """The words a known-words file lists, in order, once each (see :meth:`VocabularyStore.import_known`)."""
    words: dict[str, None] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//", ";")):
            continue
        if "\t" in stripped:
            first = stripped.split("\t", 1)[0]
        elif "," in stripped:
            first = next(csv.reader([stripped]))[0]
        else:
            first = stripped.split()[0]
        first = _TAGS.sub("", first).strip().strip('"').strip()
        first = _PLECO_TRADITIONAL.sub("", first).strip()  # Pleco writes 银行[銀行]
        if first and HANZI.search(first):
            words[first] = None
    return list(words)


# --------------------------------------------------------------------------------------------- opening


def _damaged(path: Path, error: Exception) -> str:
    return (f"{path}: the vocabulary file is damaged ({error}); nothing was changed. Restart Yuedu: the file "
            "will be kept aside and a new vocabulary started")


# --------------------------------------------------------------------------------------------- readings


@dataclass(frozen=True)
class WordReading:
    """What a word is saved with: the reading it had where it was met, and that reading's senses."""

    numbered: str
    definitions: tuple[str, ...]
    traditional: str | None = None


def reading_for(annotator, word: str, numbered: str | None = None) -> WordReading:
    """``word`` read as ``numbered`` (the dictionary's first reading when None), with the senses of that entry."""
    if not numbered:
        candidates = annotator.candidates(word)
        numbered = candidates[0] if candidates else None
    reading = annotator.reading_as(word, numbered) if numbered else annotator.reading_of(word)
    return _from_reading(word, reading)


def _from_reading(word: str, reading) -> WordReading:
    entry = reading.entry
    if entry is not None and word in (entry.simplified, entry.traditional):
        traditional = entry.traditional if entry.traditional != word else None
        return WordReading(reading.numbered, tuple(entry.definitions), traditional)
    return WordReading(reading.numbered, (reading.gloss,) if reading.gloss else (), None)


def reading_in_tokens(annotator, word: str, tokens, text: str | None = None, near: int | None = None) -> WordReading:
    """The reading ``word`` has in annotated ``tokens``: a whole token's own, or its syllables inside a longer word.

    行 met inside 银行 is háng, 长 inside 校长 is zhǎng. ``near`` picks the occurrence at or after that offset;
    a word not found in the tokens gets its usual reading.
    """
    text = text if text is not None else "".join(t.text for t in tokens)
    occurrences = []
    position = text.find(word, near or 0)
    if position < 0 and near:
        position = text.find(word)
    while position >= 0 and len(occurrences) < 50:
        occurrences.append(position)
        position = text.find(word, position + 1)
    if not occurrences:
        return reading_for(annotator, word)
    whole = {t.start: t for t in tokens if t.text == word}
    for start in occurrences:  # a token that is exactly the word: its reading was chosen in context
        if start in whole:
            return _from_reading(word, whole[start].reading)
    syllables = _syllables_by_offset(tokens)
    for start in occurrences:
        found = [syllables.get(offset) for offset in range(start, start + len(word)) if _is_hanzi(text[offset])]
        if found and all(found):
            return reading_for(annotator, word, " ".join(found))
    return reading_for(annotator, word)


def reading_in_sentence(annotator, word: str, sentence: str) -> WordReading:
    """The reading ``word`` has in ``sentence`` (UserError when the sentence does not contain it)."""
    if word not in sentence:
        raise UserError(f"{word} does not occur in the sentence {sentence!r}")
    return reading_in_tokens(annotator, word, annotator.annotate(sentence), sentence)


def _is_hanzi(char: str) -> bool:
    return HANZI.match(char) is not None


def _syllables_by_offset(tokens) -> dict[int, str]:
    """Text offset of each hanzi -> its syllable in the token's reading (where the syllables align)."""
    result: dict[int, str] = {}
    for token in tokens:
        if not token.numbered:
            continue
        parts = token.numbered.split()
        offsets = [token.start + i for i, ch in enumerate(token.text) if _is_hanzi(ch)]
        if len(parts) == len(offsets):
            result.update(zip(offsets, (p.lower() if not p[:1].isupper() else p for p in parts)))
    return result


_SENTENCE_END = "。！？!?；;…\n"
_CLOSERS = "”’」』）)》〉】\"'"


def sentence_at(text: str, start: int, end: int | None = None, limit: int = 300) -> str:
    """The sentence of ``text`` around ``start:end`` (to the closing punctuation and quote), trimmed."""
    left, right = sentence_span(text, start, end, limit)
    return text[left:right].strip()


def sentence_span(text: str, start: int, end: int | None = None, limit: int = 300) -> tuple[int, int]:
    """Where the sentence of ``text`` around ``start:end`` begins and ends (its closing punctuation and quote in)."""
    end = start if end is None else end
    left = start
    while left > 0 and text[left - 1] not in _SENTENCE_END and start - left < limit:
        left -= 1
    while left < start and text[left] in _CLOSERS:  # the previous sentence's closing quote
        left += 1
    right = end
    while right < len(text) and text[right] not in _SENTENCE_END and right - end < limit:
        right += 1
    while right < len(text) and text[right] in _SENTENCE_END and text[right] != "\n":
        right += 1
    while right < len(text) and text[right] in _CLOSERS:
        right += 1
    return left, right


def save_token(
    store: VocabularyStore,
    annotator,
    text: str,
    tokens,
    index: int,
    word: str | None = None,
    article: str | None = None,
    document: str | None = None,
    status: Status | None = None,
) -> VocabWord:
    """Save the word under the cursor (``tokens[index]``, or ``word`` inside it) with its sentence and reading there."""
    token = tokens[index]
    word = word or token.text
    if word == token.text:
        reading = _from_reading(word, token.reading)
    else:
        reading = reading_in_tokens(annotator, word, [token], text[: token.end], near=token.start)
    sentence = sentence_at(text, token.start, token.end)
    return store.add(
        word, reading.numbered, reading.definitions, Context(sentence, article, document), status, reading.traditional
    )
