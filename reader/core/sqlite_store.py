"""What every SQLite file the user owns shares: one connection, a lock, and all-or-nothing actions."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from reader.core.errors import UserError

BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another program's before it is called busy


class SqliteStore:
    """A store over one SQLite connection, safe to share between threads; subclasses name what it holds."""

    what = "the store"  # how a message names it: "the library is busy in another program"

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self._db = connection
        self._lock = threading.RLock()
        self._reader: sqlite3.Connection | bool | None = None  # for long reads, opened when first needed (_long_read)
        self._reader_lock = threading.Lock()
        # opened read-only (a read-only data directory or disk): reading works, every change says so in one line
        self.read_only = bool(connection.execute("PRAGMA query_only").fetchone()[0])

    @classmethod
    def in_memory(cls, path: Path, migrations: list[str], application_id: int):
        """A store that keeps nothing on disk, for a window that must go on when the file cannot be opened at all.

        ``path`` only names it in messages.
        """
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(connection, migrations, application_id)
        return cls(path, connection)

    def close(self) -> None:
        """Close the database connections."""
        with self._reader_lock:
            if isinstance(self._reader, sqlite3.Connection):
                self._reader.close()
        with self._lock:
            self._db.close()

    def _long_read(self, query: str, parameters: tuple = ()) -> list[tuple]:
        """The rows of a read that takes long (a search through all the stored text), on a connection of its own, so
        that the store's other users do not wait for it (the library's lock held for ~0.3 s while SQLite looked through
        a 200 MB file for a word it lacks, and the window, opening an article, waited): in WAL mode readers on separate
        connections run at once, and each sees only committed changes. A store without a file (in memory), or whose
        file will not open a second time, reads on its one connection under its lock."""
        with self._reader_lock:
            if self._reader is None:
                self._reader = self._open_reader()
            if self._reader is not False:
                try:
                    return self._reader.execute(query, parameters).fetchall()
                except sqlite3.OperationalError:
                    self._reader.close()
                    self._reader = False  # read-only directory without the WAL's files, say: the one connection it is
        with self._lock:
            return self._db.execute(query, parameters).fetchall()

    def _open_reader(self) -> sqlite3.Connection | bool:
        """A second, read-only connection to the store's file, or False when there is none to open."""
        with self._lock:
            file = self._db.execute("PRAGMA database_list").fetchone()[2]
        if not file:
            return False
        try:
            return sqlite3.connect(f"{Path(file).as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return False

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One action: all of it committed, or none of it (BEGIN IMMEDIATE takes the write lock up front)."""
        with self._lock:
            if self.read_only:
                raise UserError(f"{self.path}: {self.what} is read-only here (the data directory cannot be written); nothing was changed")
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise UserError(f"{self.path}: {self.what} is busy in another program ({error})") from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                self._on_failed_action(error)
                raise
            finally:
                self._after_action()

    def _on_failed_action(self, error: BaseException) -> None:
        """Turn a database failure into a UserError where the store can say more (the default: a full disk, a lock)."""
        if isinstance(error, sqlite3.OperationalError):
            raise UserError(f"{self.path}: the change was not saved ({error})") from None

    def _after_action(self) -> None:
        """Called after every action, committed or not."""


def connect_checked(path: Path, what: str, migrations: list[str], application_id: int) -> sqlite3.Connection:
    """A connection to a checked, migrated Yuedu database (``what``: "library", "vocabulary"): a damaged or foreign
    file is moved aside, untouched, and a UserError says so; a busy, read-only or full one stays where it is."""
    schema_version = len(migrations)
    existed = path.exists() and path.stat().st_size > 0
    connection = None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        found_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if found_id != application_id and (tables or version):
            raise _Unreadable("it is another program's database")
        if version > schema_version:
            raise UserError(f"{path}: made by a newer version of Yuedu (schema {version}, this one reads up to {schema_version})")
        if existed:
            problem = connection.execute("PRAGMA quick_check").fetchone()[0]
            if problem != "ok":
                raise _Unreadable(problem)
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")  # SQLite's default, said: a saved word survives a power cut
        connection.execute("PRAGMA foreign_keys = ON")
        migrate(connection, migrations, application_id)
        return refuse_writes_where_read_only(connection, path)
    except UserError:
        if connection is not None:
            connection.close()
        raise
    except sqlite3.OperationalError as error:
        if connection is not None:
            connection.close()
        if "locked" in str(error) or "busy" in str(error):
            raise UserError(f"{path}: the {what} is busy in another program ({error})") from None
        read_only = connect_read_only(path, error, schema_version)
        if read_only is not None:
            return read_only
        # an I/O or permission problem, a full disk: says nothing about the file itself, which stays where it is
        raise UserError(f"{path}: cannot open the {what} ({error})") from None
    except (sqlite3.DatabaseError, _Unreadable) as error:
        if connection is not None:
            connection.close()
        raise UserError(move_aside(path, what, str(error))) from None


class _Unreadable(Exception):
    """The file is not a database Yuedu can read (another program's, damaged pages)."""


_READ_ONLY_SIGNS = ("unable to open database file", "readonly database", "read-only file system", "disk i/o error")


def connect_read_only(path: Path, error: sqlite3.OperationalError, schema_version: int) -> sqlite3.Connection | None:
    """The existing file at ``path`` opened read-only when ``error`` says it cannot be written; else None.

    ``immutable`` because a read-only directory cannot hold the lock files SQLite's WAL mode needs; the file must
    already be at ``schema_version`` (no migration can run).
    """
    if not any(sign in str(error).lower() for sign in _READ_ONLY_SIGNS) or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None,
                                     check_same_thread=False)
        if connection.execute("PRAGMA user_version").fetchone()[0] != schema_version:
            connection.close()
            return None
        connection.execute("PRAGMA query_only = ON")
        return connection
    except sqlite3.Error:
        return None


def refuse_writes_where_read_only(connection: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """``connection``, made query-only when the file system will not take a write to ``path``.

    While another connection (the window, a second command) holds the WAL files, a file in a directory made
    read-only opens and reads normally and only a write fails, late and with SQLite's words; the file system
    knows at once (EROFS for a read-only mount, even for root; the permission bits otherwise).
    """
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        connection.execute("PRAGMA query_only = ON")
    return connection


def migrate(connection: sqlite3.Connection, migrations: list[str], application_id: int) -> None:
    """Bring the schema to ``len(migrations)``: ``migrations[n]`` takes user_version n to n + 1, one per transaction.

    Safe when two processes open an old file at once: BEGIN IMMEDIATE waits for the other, then the version is read again.
    """
    target = len(migrations)
    while connection.execute("PRAGMA user_version").fetchone()[0] < target:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version >= target:
                connection.execute("COMMIT")
                return
            for statement in migrations[version].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {application_id}")
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def move_aside(path: Path, what: str, reason: str) -> str:
    """Rename an unreadable database (with its journal files) to a time-stamped name, untouched; returns the message.

    ``what`` names it in the message ("vocabulary", "library").
    """
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.stem}.unreadable-{stamp}{path.suffix}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.stem}.unreadable-{stamp}-{counter}{path.suffix}")
    try:
        for suffix in ("-wal", "-shm", "-journal", ""):
            source = Path(str(path) + suffix)
            if source.exists():
                os.replace(source, Path(str(aside) + suffix))
    except OSError as error:
        return f"{path}: not a readable Yuedu {what} ({reason}), and it could not be moved aside ({error.strerror}); nothing was changed"
    return f"{path}: not a readable Yuedu {what} ({reason}); it was kept as {aside.name} and a new, empty {what} will be started"


BUSY_ATTEMPTS = 3  # each waits out the store's busy timeout (10 s): half a minute before a change is given up


def is_busy(error: Exception) -> bool:
    """Whether a store's error means another program holds the lock (worth trying again), not bad input."""
    text = str(error)
    return "busy in another program" in text or "database is locked" in text


def retry_while_busy(action, on_wait=None, attempts: int = BUSY_ATTEMPTS):
    """``action()``, tried again while another program holds the lock; ``on_wait(attempt)`` before each new try."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except UserError as error:
            if not is_busy(error) or attempt == attempts:
                raise
            if on_wait is not None:
                on_wait(attempt)
