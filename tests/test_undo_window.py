"""Undo in the reader window: every vocabulary change is a named step on one stack, Ctrl+Z and Ctrl+Shift+Z walk it."""

import pytest
from PySide6.QtCore import Qt

from reader.ui import operations
from reader.core.models import Status
from tests.test_main_window import make_window, open_and_wait, no_message_boxes  # noqa: F401 (fixture)
from tests.conftest import SAMPLE

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, _isolated_data_dir, annotator):
    return open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)


def edit_menu_texts(window):
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Edit")
    return [action.text() for action in menu.actions() if action.text()]


def test_a_mistaken_status_key_is_undone_then_the_save_before_it_then_nothing(qtbot, window):
    statuses = window.session.vocabulary.status_map
    assert not window.undo_actions.undo_action.isEnabled()
    window.view.select_first("科技")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    operations.wait_until_idle()  # the change is written off the UI thread
    assert statuses()["科技"] is Status.KNOWN
    assert edit_menu_texts(window)[:2] == ["&Undo Set 科技 known", "&Redo"]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert statuses()["科技"] is Status.NEW
    assert window.status_label.text() == "Undone: Set 科技 known"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert "科技" not in statuses()
    assert window.status_label.text() == "Undone: Save 科技"
    assert not window.undo_actions.undo_action.isEnabled()
    assert edit_menu_texts(window)[:2] == ["&Undo", "&Redo Save 科技"]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert statuses()["科技"] is Status.KNOWN
    assert window.status_label.text() == "Redone: Set 科技 known"


def test_learning_levels_are_named_and_undone_one_by_one(qtbot, window):
    window.view.select_first("产业链")
    window.view.setFocus()
    for key in (Qt.Key.Key_2, Qt.Key.Key_4):
        qtbot.keyClick(window.view, key)
    operations.wait_until_idle()  # the change is written off the UI thread
    assert window.session.vocabulary.get("产业链").status is Status.LEARNING_4
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.status_label.text() == "Undone: Set 产业链 learning 4"
    assert window.session.vocabulary.get("产业链").status is Status.LEARNING_2


def test_a_change_in_the_vocabulary_window_is_undone_with_ctrl_z_in_the_reader(qtbot, window):
    window.view.select_first("科技")
    window.save_word()
    operations.wait_until_idle()  # the change is written off the UI thread
    window.vocabulary_window_action.trigger()
    vocabulary_window = window.vocabulary_window
    vocabulary_window.table.selectRow(0)
    vocabulary_window.delete_selected()
    assert "科技" not in window.session.vocabulary.status_map()
    assert window.undo_actions.undo_action.text() == "&Undo Delete 科技"
    window.undo_actions.undo_action.trigger()
    assert window.session.vocabulary.get("科技").contexts  # back with its sentence
    assert vocabulary_window.model.rowCount() == 1
    assert window._statuses["科技"] is Status.NEW  # the reader re-tinted
