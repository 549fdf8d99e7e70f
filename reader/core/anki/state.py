"""What was exported where: ``exports.sqlite3`` in the data directory, apart from the vocabulary.

For every note (by GUID) and destination (apkg, tsv, ankiconnect): when it went there, and for AnkiConnect the
note id Anki gave it, so a later export updates that note instead of adding another.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from reader.core.errors import UserError
from reader.core.sqlite_store import SqliteStore, migrate

FILE_NAME = "exports.sqlite3"
APPLICATION_ID = 0x59554558  # "YUEX"
MIGRATIONS = [
    """
    CREATE TABLE exported (
        guid TEXT NOT NULL,
        destination TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        note_id INTEGER,
        exported TEXT NOT NULL,
        PRIMARY KEY (guid, destination)
    );
    """,
    # cards: the card kinds a word note went out with (they only ever add up: Anki never deletes a card by itself,
    # so a kind dropped later would leave blank cards); meta: the time stamp of the last package written.
    """
    ALTER TABLE exported ADD COLUMN cards TEXT NOT NULL DEFAULT '';
    CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # guid_sent: whether the note's GUID travelled with it (0: a text file row without one, so Anki may hold the
    # note under a GUID of its own; every text file before this column carried none)
    """
    ALTER TABLE exported ADD COLUMN guid_sent INTEGER NOT NULL DEFAULT 1;
    UPDATE exported SET guid_sent = 0 WHERE destination = 'tsv';
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class ExportRecord:
    """One note that reached a destination (``note_id``: Anki's id, AnkiConnect only)."""

    guid: str
    kind: str
    key: str
    note_id: int | None = None
    cards: tuple[str, ...] = ()
    guid_sent: bool = True  # False: a text file row without the GUID (Anki gave the note one of its own)


class ExportState(SqliteStore):
    """The export record; every change is one transaction."""

    what = "the export record"

    @classmethod
    def open(cls, data_dir: str | os.PathLike) -> "ExportState":
        """Open (creating or migrating) ``data_dir/exports.sqlite3``."""
        path = Path(data_dir) / FILE_NAME
        if not path.parent.is_dir():
            raise UserError(f"{path.parent}: no such directory")
        try:
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
            connection.execute("PRAGMA journal_mode=WAL")
            _migrate(connection, path)
        except sqlite3.OperationalError as error:  # a full or read-only disk, a lock: nothing wrong with the file
            raise UserError(f"{path}: cannot open the export record ({error}); nothing was exported") from None
        except sqlite3.DatabaseError as error:
            raise UserError(f"{path}: not a Yuedu export record ({error})") from None
        return cls(path, connection)

    def exported_guids(self, destination: str | None = None) -> set[str]:
        """GUIDs of notes exported before (anywhere, or to ``destination``)."""
        with self._lock:
            if destination is None:
                rows = self._db.execute("SELECT DISTINCT guid FROM exported")
            else:
                rows = self._db.execute("SELECT guid FROM exported WHERE destination = ?", (destination,))
            return {guid for (guid,) in rows}

    def note_ids(self, destination: str) -> dict[str, int]:
        """GUID -> the note id Anki gave it at ``destination``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT guid, note_id FROM exported WHERE destination = ? AND note_id IS NOT NULL", (destination,)
            )
            return dict(rows.fetchall())

    def guids_by_key(self) -> dict[tuple[str, str], str]:
        """(kind, key) -> the GUID that note was first exported under (so it keeps it, whatever changed since)."""
        with self._lock:
            rows = self._db.execute("SELECT kind, key, guid FROM exported ORDER BY exported DESC, rowid DESC")
            return {(kind, key): guid for kind, key, guid in rows}

    def kinds_sent_to(self, destinations: Iterable[str]) -> set[str]:
        """The kinds of note (word, sentence) that ever went to one of ``destinations``."""
        wanted = list(destinations)
        with self._lock:
            rows = self._db.execute(
                f"SELECT DISTINCT kind FROM exported WHERE destination IN ({','.join('?' * len(wanted))})", wanted)
            return {kind for (kind,) in rows}

    def guids_sent_without_guid(self) -> set[str]:
        """GUIDs of notes that went out at least once without their GUID (Anki may hold them under its own)."""
        with self._lock:
            return {guid for (guid,) in self._db.execute("SELECT DISTINCT guid FROM exported WHERE guid_sent = 0")}

    def card_kinds(self) -> dict[str, set[str]]:
        """GUID -> every card kind it was exported with, at any destination."""
        kinds: dict[str, set[str]] = {}
        with self._lock:
            for guid, cards in self._db.execute("SELECT guid, cards FROM exported WHERE cards != ''"):
                kinds.setdefault(guid, set()).update(cards.split(","))
        return kinds

    def next_package_time(self, now: float) -> float:
        """A time stamp for a new package's notes, later than any before (Anki's import updates a note only when
        the incoming one is newer, to the second)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name = 'package_time'").fetchone()
        stamp = max(float(now), float(row[0]) + 1 if row else 0.0)
        with self._transaction() as db:
            db.execute("INSERT INTO meta (name, value) VALUES ('package_time', ?)"
                       " ON CONFLICT (name) DO UPDATE SET value = excluded.value", (repr(stamp),))
        return stamp

    def record(self, destination: str, records: Iterable[ExportRecord]) -> None:
        """Remember that these notes reached ``destination`` now (a note id replaces the old one)."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO exported (guid, destination, kind, key, note_id, exported, cards, guid_sent)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (guid, destination) DO UPDATE SET note_id = COALESCE(excluded.note_id, note_id),"
                " key = excluded.key, exported = excluded.exported, cards = excluded.cards,"
                " guid_sent = MIN(guid_sent, excluded.guid_sent)",
                [(r.guid, destination, r.kind, r.key, r.note_id, now, ",".join(r.cards), int(r.guid_sent))
                 for r in records],
            )

    def forget(self, destination: str, guids: Iterable[str]) -> None:
        """Drop these notes' record at ``destination`` (Anki no longer has them)."""
        with self._transaction() as db:
            db.executemany("DELETE FROM exported WHERE guid = ? AND destination = ?", [(g, destination) for g in guids])


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if application_id not in (0, APPLICATION_ID) or (application_id == 0 and version != 0):
        raise UserError(f"{path}: not a Yuedu export record")
    if version > SCHEMA_VERSION:
        raise UserError(f"{path}: made by a newer Yuedu (schema {version}); update Yuedu")
    migrate(connection, MIGRATIONS, APPLICATION_ID)
