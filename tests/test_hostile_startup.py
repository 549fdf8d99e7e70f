"""The window always starts: damaged or foreign databases, a data dir that is a file, a read-only or full disk,
a settings file nested 100,000 deep. It says what is wrong in plain words and keeps damaged files aside, untouched."""

import errno
import json
import os
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.core.errors import UserError
from reader.core.library import Library
from reader.core.recovery import open_data_dir
from reader.core.session import Session
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings
from tests.conftest import SAMPLE
from tests.test_hostile_window import boxes  # noqa: F401 (the fixture)
from tests.test_main_window import open_and_wait

RECIPE = "红烧肉\n五花肉切块，冷水下锅，焯水后捞出。\n锅里放糖炒出糖色，再放肉翻炒上色。\n"


def start(qtbot, data_dir):
    """The window as ``run`` makes it, shown, with the recipe open."""
    session = Session(data_dir=data_dir)
    problems = open_data_dir(session)  # as run() does, before anything reads the data directory
    window = MainWindow(session, Settings.load(session.data_dir))
    qtbot.addWidget(window)
    window.show_problems(problems)
    window.show()
    recipe = Path(session.data_dir).parent / "recipe.txt" if Path(session.data_dir).parent.is_dir() else None
    if recipe is None or not os.access(recipe.parent, os.W_OK):
        recipe = SAMPLE
    else:
        recipe.write_text(RECIPE, encoding="utf-8")
    open_and_wait(qtbot, window, recipe)
    qtbot.wait(20)  # the problems' box is shown once the window is up
    return window


def _problems_shown(window, boxes):
    assert window.isVisible()
    assert boxes and all(fmt == Qt.TextFormat.PlainText for _, fmt in boxes)
    return boxes[0][0]


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda path: path.write_bytes(b"this is not a database at all, just words " * 200), "file is not a database"),
        (lambda path: _foreign(path), "it is another program's database"),
    ],
    ids=["garbage", "foreign"],
)
def test_window_starts_on_a_damaged_or_foreign_library_and_keeps_it_aside(qtbot, tmp_path, boxes, damage, reason):
    data = tmp_path / "data"
    data.mkdir()
    damage(data / "library.sqlite3")
    before = (data / "library.sqlite3").read_bytes()
    window = start(qtbot, data)
    message = _problems_shown(window, boxes)
    (aside,) = [p for p in data.iterdir() if p.name.startswith("library.unreadable-") and p.suffix == ".sqlite3"]
    assert aside.read_bytes() == before
    assert message == (f"{data / 'library.sqlite3'}: not a readable Yuedu library ({reason}); it was kept as "
                       f"{aside.name} and a new, empty library will be started")
    assert window.current_key is not None and window.library_panel.article_keys()  # the new library holds the recipe


def _foreign(path):
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE photos (name TEXT)")
    connection.commit()
    connection.close()


def test_window_shows_a_damaged_vocabulary_in_the_window_not_only_on_stderr(qtbot, tmp_path, boxes):
    data = tmp_path / "data"
    data.mkdir()
    (data / "vocabulary.sqlite3").write_bytes(b"\x00garbage" * 1000)
    window = start(qtbot, data)
    message = _problems_shown(window, boxes)
    assert "vocabulary.sqlite3: not a readable Yuedu vocabulary (file is not a database); it was kept as vocabulary.unreadable-" in message
    assert window.vocabulary() is not None and len(window.vocabulary()) == 0


def test_window_starts_when_the_data_dir_is_a_file(qtbot, tmp_path, boxes):
    blocker = tmp_path / "data"
    blocker.write_text("not a directory", encoding="utf-8")
    window = start(qtbot, blocker)
    message = _problems_shown(window, boxes)
    assert message.startswith(f"{blocker}: cannot be the data directory (it is a file). Yuedu works in ")
    assert "nothing read or saved will be kept" in message and blocker.read_text(encoding="utf-8") == "not a directory"
    assert window.current_key is not None


def test_window_starts_on_a_settings_file_nested_100000_deep(qtbot, tmp_path, boxes):
    data = tmp_path / "data"
    data.mkdir()
    nested = "[" * 100_000 + "]" * 100_000
    (data / "settings.json").write_text(nested, encoding="utf-8")
    window = start(qtbot, data)
    message = _problems_shown(window, boxes)
    assert message == (f"{data / 'settings.json'}: the settings could not be read (RecursionError); the file was kept as "
                       "settings.unreadable.json and the defaults are used")
    assert (data / "settings.unreadable.json").read_text(encoding="utf-8") == nested
    window.close()
    assert json.loads((data / "settings.json").read_text(encoding="utf-8")) is not None


def test_window_starts_when_the_library_cannot_be_opened_at_all(qtbot, tmp_path, boxes, monkeypatch):
    def full(cls, data_dir, clock=None):
        raise UserError(f"{Path(data_dir) / 'library.sqlite3'}: cannot open the library (database or disk is full)")

    monkeypatch.setattr(Library, "open", classmethod(full))
    data = tmp_path / "data"
    window = start(qtbot, data)
    message = _problems_shown(window, boxes)
    assert message == (f"{data / 'library.sqlite3'}: cannot open the library (database or disk is full)\n\n"
                       "The library is kept in memory for this session only: nothing added to it will be kept.")
    assert window.current_key is not None  # the recipe opened from memory


class _FullDisk:
    """A connection whose every write fails as SQLite fails on a full disk."""

    def __init__(self, connection):
        self._connection = connection

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self._connection.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._connection, name)


def test_full_disk_when_opening_an_article_or_closing_the_window_does_not_raise(qtbot, tmp_path, boxes, monkeypatch):
    data = tmp_path / "data"
    window = start(qtbot, data)
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.open_paths([str(SAMPLE)])
    library = window.session.library
    library._db = _FullDisk(library._db)
    other = next(key for key in window.library_panel.article_keys() if key != window.current_key)
    window.open_article(other)  # stores the position of the article left: the disk is full (said once the write fails)
    qtbot.waitUntil(lambda: window.status_label.text().endswith("the change was not saved (database or disk is full)"),
                    timeout=10_000)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", disk_full)
    window.settings.zoom = 1.5  # something to save
    window.close()  # must not raise
    assert not window.isVisible()


@contextmanager
def read_only(folder: Path):
    """``folder`` made read-only for this process: chmod for a user, a read-only bind mount for root."""
    if os.geteuid() != 0:
        modes = {path: path.stat().st_mode for path in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield folder
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    mount = folder.with_name(folder.name + "-ro")
    mount.mkdir()
    done = subprocess.run(["mount", "--bind", str(folder), str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot make a read-only directory here (root without mount)")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)  # lazy: a store may still hold a file open


def test_read_only_data_dir_opens_read_only_in_the_window_and_vocab_list(qtbot, tmp_path, boxes, run_cli):
    data = tmp_path / "data"
    recipe = tmp_path / "recipe.txt"
    recipe.write_text(RECIPE, encoding="utf-8")
    assert run_cli("--data-dir", data, "import", recipe)[0] == 0
    assert run_cli("--data-dir", data, "vocab", "add", "红烧肉")[0] == 0
    with read_only(data) as frozen:
        status, out, err = run_cli("--data-dir", frozen, "vocab", "list")
        assert (status, err) == (0, "") and out.startswith("红烧肉\thóng shāo ròu\tnew\t")
        status, out, err = run_cli("--data-dir", frozen, "vocab", "add", "糖色")
        assert (status, out) == (2, "")
        assert err == f"yuedu: {frozen / 'vocabulary.sqlite3'}: the vocabulary is read-only here (the data directory cannot be written); nothing was changed\n"
        window = start(qtbot, frozen)
        message = _problems_shown(window, boxes)
        assert f"{frozen / 'library.sqlite3'}: opened read-only (the data directory cannot be written)" in message
        assert len(window.library_panel.article_keys()) >= 1
        window.close()


def test_read_only_data_dir_is_read_only_even_while_another_connection_holds_its_wal(tmp_path):
    """Regression: with the WAL files held open elsewhere (the window, or this very process), a read-only data dir
    opened and read normally, and a save failed late with SQLite's 'attempt to write a readonly database'."""
    from reader.core.vocabulary import VocabularyStore

    data = tmp_path / "data"
    data.mkdir()
    with VocabularyStore.open(data) as holder:
        holder.add("红烧肉", "hong2 shao1 rou4", ["braised pork"])
        assert (data / "vocabulary.sqlite3-wal").exists()
        with read_only(data) as frozen, VocabularyStore.open(frozen) as store:
            assert store.read_only and [w.word for w in store.words()] == ["红烧肉"]
            with pytest.raises(UserError) as refused:
                store.add("糖色", "tang2 se4", [])
            assert str(refused.value) == (f"{frozen / 'vocabulary.sqlite3'}: the vocabulary is read-only here "
                                          "(the data directory cannot be written); nothing was changed")
        assert [w.word for w in holder.words()] == ["红烧肉"]


def test_export_from_a_read_only_data_dir_is_not_called_a_damaged_export_record(tmp_path, run_cli):
    data = tmp_path / "data"
    assert run_cli("--data-dir", data, "vocab", "add", "红烧肉")[0] == 0
    assert run_cli("--data-dir", data, "export", "tsv", tmp_path / "first.txt")[0] == 0  # the record exists
    with read_only(data) as frozen:
        status, out, err = run_cli("--data-dir", frozen, "export", "tsv", tmp_path / "words.txt")
    assert (status, out) == (2, "")
    assert err.startswith(f"yuedu: {frozen / 'exports.sqlite3'}: cannot open the export record (")
    assert err.endswith("); nothing was exported\n") and "not a Yuedu export record" not in err


class _FailingOnRead:
    """A connection whose reads fail as SQLite's do where it may not create the WAL's index beside the file."""

    def __init__(self, connection):
        self._connection = connection

    def execute(self, *args):
        raise sqlite3.OperationalError("unable to open database file")

    def close(self):
        self._connection.close()


@pytest.mark.parametrize("wal_held", [False, True], ids=["closed", "wal-held-elsewhere"])
@pytest.mark.parametrize("second", ["opens", "cannot-open", "fails-on-read"])
def test_a_library_in_a_read_only_data_dir_still_finds_example_sentences(tmp_path, run_cli, monkeypatch, wal_held,
                                                                         second):
    """The search for a word's example sentences reads the library on a second, read-only connection; in a read-only
    data directory that connection may not open, or open and fail on its first read (no WAL index it may create):
    the search must then read on the library's one connection and find the same articles and paragraphs."""
    from reader.core import sqlite_store

    data = tmp_path / "data"
    recipe = tmp_path / "recipe.txt"
    recipe.write_text(RECIPE, encoding="utf-8")
    assert run_cli("--data-dir", data, "import", recipe)[0] == 0
    assert run_cli("--data-dir", data, "import", SAMPLE)[0] == 0
    with Library.open(data) as writable:
        expected = {word: writable.articles_containing(word) for word in ("五花肉", "糖色", "的", "没有这个词")}
        paragraphs = {article: writable.paragraphs(article) for found in expected.values() for article in found}
    assert expected["五花肉"] and len(expected["的"]) > 1 and not expected["没有这个词"]
    connect = sqlite3.connect

    def second_connection(target, *args, **kwargs):
        if not str(target).endswith("?mode=ro") or second == "opens":
            return connect(target, *args, **kwargs)
        if second == "cannot-open":
            raise sqlite3.OperationalError("unable to open database file")
        return _FailingOnRead(connect(target, *args, **kwargs))

    monkeypatch.setattr(sqlite_store.sqlite3, "connect", second_connection)
    holder = Library.open(data) if wal_held else None  # the window of another process, holding the WAL open
    try:
        with read_only(data) as frozen, Library.open(frozen) as library:
            assert library.read_only
            assert {word: library.articles_containing(word) for word in expected} == expected
            assert {article: library.paragraphs(article) for article in paragraphs} == paragraphs
            # which connection read: the second where it works, else (and from then on) the library's own
            assert isinstance(library._reader, sqlite3.Connection) == (second == "opens")
    finally:
        if holder is not None:
            holder.close()
