"""Marking words known the LingQ way: the page a page-down leaves behind (an option, off by default) and the text up
to the word cursor; only words never saved change, and Ctrl+Z takes each back."""

import pytest
from PySide6.QtCore import Qt

from reader.core.models import Status
from reader.ui import operations
from reader.ui.settings import Settings
from tests.test_main_window import make_window, open_and_wait
from tests.conftest import SAMPLE


@pytest.fixture
def window(qtbot, _isolated_data_dir, annotator):
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)
    window.view.setFocus()
    yield window
    operations.wait_until_idle(30_000)  # nothing of this window's may land in the next test's


def statuses(window):
    return window.session.vocabulary.status_map()


def words_of(window, blocks):
    return {t.text for b in blocks for t in (window._blocks[b].tokens or ()) if t.is_chinese}


def first_visible_line_block(window):
    return next(iter(window.view._visible_lines()))[0]


def test_paging_on_marks_nothing_by_default(qtbot, window):
    assert Settings().mark_known_when_paging is False and not window.known_marking.paging_action.isChecked()
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    assert window.view.first_visible_block() > 0 and statuses(window) == {}


@pytest.mark.parametrize("key", [Qt.Key.Key_PageDown, Qt.Key.Key_Space])
def test_the_page_left_behind_becomes_known_and_ctrl_z_takes_it_back(qtbot, window, key):
    window.known_marking.paging_action.trigger()
    assert window.settings.mark_known_when_paging is True
    window.session.vocabulary.add("产业链", "chan3 ye4 lian4", ["industrial chain"], None, Status.NEW)
    window._statuses_changed()
    qtbot.keyClick(window.view, key)
    known = {w for w, s in statuses(window).items() if s is Status.KNOWN}
    now_top = first_visible_line_block(window)
    left_behind = words_of(window, range(now_top))  # whole blocks above the new top were read
    still_to_read = words_of(window, range(now_top + 1, len(window._blocks))) - words_of(window, range(now_top + 1))
    assert now_top >= 2 and left_behind - {"产业链"} <= known
    assert known.isdisjoint(still_to_read) and statuses(window)["产业链"] is Status.NEW  # saved as new: stays new
    assert window.status_label.text() == f"Page read: {len(known)} words marked as known (Ctrl+Z to undo)"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert statuses(window) == {"产业链": Status.NEW}
    assert window.status_label.text() == f"Undone: Mark {len(known)} words of the page known"


def test_paging_back_up_marks_nothing(qtbot, window):
    window.known_marking.set_paging(True)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    first, steps = statuses(window), window.session.undo.undo_name
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp)
    qtbot.keyClick(window.view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert statuses(window) == first and window.session.undo.undo_name == steps


def test_mark_up_to_here_takes_the_words_before_the_cursor(qtbot, window):
    token = window.view.select_first("生产力")
    block = next(i for i, b in enumerate(window._blocks) if token in (b.tokens or ()))
    before = words_of(window, range(block)) | {t.text for t in window._blocks[block].tokens[:window._blocks[block].tokens.index(token)] if t.is_chinese}
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)
    assert set(statuses(window)) == before and "生产力" not in before
    assert window.status_label.text() == f"{len(before)} words before “生产力” marked as known (Ctrl+Z to undo)"
    assert window.session.undo.undo_name == f"Mark {len(before)} words up to here known"


def test_mark_up_to_here_without_a_word_cursor_says_so(qtbot, window):
    window.known_marking.mark_up_to_here()
    assert statuses(window) == {}
    assert window.status_label.text() == "Move the word cursor to a word first (click it or use the arrow keys)."


def test_the_paging_option_is_remembered(qtbot, window, _isolated_data_dir):
    window.known_marking.paging_action.trigger()
    window.save_settings()
    assert Settings.load(_isolated_data_dir).mark_known_when_paging is True
    again = make_window(qtbot, _isolated_data_dir)
    assert again.known_marking.paging_action.isChecked()
