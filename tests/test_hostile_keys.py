"""Status keys while another program changes or locks the vocabulary: never lost silently, never a frozen window."""

import sqlite3
import time

import pytest
from PySide6.QtCore import Qt

from reader.core.models import Status
from reader.core.vocabulary import VocabularyStore
from reader.ui import operations
from tests.conftest import SAMPLE
from tests.test_hostile_window import boxes  # noqa: F401 (the fixture)
from tests.test_main_window import make_window, open_and_wait


@pytest.fixture
def window(qtbot, _isolated_data_dir, annotator):
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)
    window.view.select_first("科技")
    window.view.setFocus()
    return window


def test_a_status_key_on_a_word_another_program_removed_saves_it_again(qtbot, window, boxes):
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    operations.wait_until_idle()
    with VocabularyStore.open(window.session.data_dir) as elsewhere:
        elsewhere.remove("科技")  # the command line, a second window
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    operations.wait_until_idle()
    assert boxes == []
    assert window.session.vocabulary.get("科技").status is Status.KNOWN
    assert window.status_label.text() == "Saved 科技 kē jì (known)"


@pytest.fixture
def locked(window):
    """Another program holding the vocabulary's write lock; each of the window's tries waits 0.2 s, not 10 s."""
    window.session.vocabulary._db.execute("PRAGMA busy_timeout = 200")
    holder = sqlite3.connect(window.session.vocabulary.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()


def test_a_status_key_while_another_program_holds_the_lock_waits_off_the_ui_thread_and_retries(qtbot, window, locked, boxes):
    started = time.perf_counter()
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert time.perf_counter() - started < 0.15  # the key returns at once: the window does not freeze
    qtbot.waitUntil(lambda: "busy in another program: trying again" in window.status_label.text(), timeout=5_000)
    locked.execute("ROLLBACK")  # the other program finishes
    operations.wait_until_idle()
    assert window.session.vocabulary.get("科技").status is Status.KNOWN
    assert window.status_label.text() == "Saved 科技 kē jì (known)" and boxes == []


def test_a_status_key_that_cannot_be_saved_says_so_in_a_plain_text_box(qtbot, window, locked, boxes):
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    operations.wait_until_idle()
    assert window.session.vocabulary.get("科技") is None
    ((text, text_format),) = boxes
    assert text_format == Qt.TextFormat.PlainText
    assert text.startswith(f"{window.session.vocabulary.path}: the vocabulary is busy in another program (")
    assert window.status_label.text() == text
