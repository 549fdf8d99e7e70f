"""The learner's corrections through the reader window: select, Make One Word, Split Word Here, Fix Reading…, undo,
and the words still there after a restart."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from reader.core.models import Status
from reader.ui import operations
from tests.test_levels_ui import _mouse_away_afterwards  # noqa: F401 (a later test hovering there sees a move)
from tests.test_main_window import make_window, no_message_boxes, open_and_wait  # noqa: F401 (fixture)
from tests.test_reading_view import hover, token

NOVEL = "林晓站在门口，看着外面的雨。\n陈默正要出门，手机响了。\n严赋憬为首对的事情负责。\n“严赋憬站起来！”老师说。\n"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def novel(tmp_path):
    path = tmp_path / "第一章.txt"
    path.write_text(NOVEL, encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, _isolated_data_dir, annotator, novel):
    return open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), novel)


def block_of(window, text):
    return next(i for i, block in enumerate(window._blocks) if text in block.text)


def select(window, text, within):
    """Drag the mouse over ``text`` in the paragraph holding ``within``, as a reader would."""
    view = window.view
    block = block_of(window, within)
    start = window._blocks[block].text.index(text)
    first = next(t for t in window._blocks[block].tokens if t.start <= start < t.end)
    last = next(t for t in window._blocks[block].tokens if t.start < start + len(text) <= t.end)
    left, right = view.token_rect(first, block), view.token_rect(last, block)
    per_char_left = left.width() / len(first.text)
    per_char_right = right.width() / len(last.text)
    begin = QPoint(round(left.left() + per_char_left * (start - first.start) + 2), left.center().y())
    end = QPoint(round(right.left() + per_char_right * (start + len(text) - last.start) - 2), right.center().y())
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, begin)
    QTest.mouseMove(viewport, QPoint((begin.x() + end.x()) // 2, begin.y()))
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert view.selected_text() == text
    return block


def texts(window, within):
    return [t.text for t in window._blocks[block_of(window, within)].tokens]


def test_enter_on_a_selection_looks_up_the_selection_not_the_word_around_it(qtbot, window):
    select(window, "林晓", "门口")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.panel.current_word == "林晓"
    assert "正要" in texts(window, "出门")
    select(window, "正", "出门")
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.panel.current_word == "正"


def test_select_merge_hover_and_restart_still_merged(qtbot, window, _isolated_data_dir, novel):
    assert texts(window, "负责")[:3] == ["严", "赋", "憬"]  # a name no dictionary knows, cut into characters
    select(window, "严赋憬", "负责")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    operations.wait_until_idle()  # corrections are written off the UI thread
    assert window.status_label.text() == "严赋憬 is one word now"
    assert texts(window, "负责")[:2] == ["严赋憬", "为首"]
    assert texts(window, "老师说")[1:3] == ["严赋憬", "站"]  # the rest of the article at once
    hover(qtbot, window.view, token(window.view, "严赋憬"))
    assert window.view.popup_visible()
    lines = window.view.popup.plain_text().splitlines()
    assert lines[0].split()[0] == "严赋憬" and lines[1] == "yán fù jǐng"
    window.close()

    again = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), novel)
    assert texts(again, "负责")[:2] == ["严赋憬", "为首"]


def test_split_at_a_right_click_then_undo_and_redo(qtbot, window):
    view = window.view
    block = block_of(window, "出门")
    word = token(view, "出门")
    rect = view.token_rect(word, block)
    between = QPoint(round(rect.center().x()), rect.center().y())
    window.correction_actions._pressed_at = view.offset_at(between)  # what the context menu records
    assert window.correction_actions._pressed_at == (block, word.start + 1)
    window.correction_actions.split_action.trigger()
    operations.wait_until_idle()  # corrections are written off the UI thread
    assert texts(window, "出门")[2:4] == ["出", "门"]
    assert window.undo_actions.undo_action.text() == "&Undo Split 出门 into 出 | 门"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert texts(window, "出门")[2] == "出门"
    assert window.status_label.text() == "Undone: Split 出门 into 出 | 门"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert texts(window, "出门")[2:4] == ["出", "门"]


def test_split_off_a_selected_character(qtbot, window):
    assert texts(window, "出门")[:3] == ["陈默", "正要", "出门"]
    select(window, "正", "出门")
    window.correction_actions.split_action.trigger()
    operations.wait_until_idle()  # corrections are written off the UI thread
    assert texts(window, "出门")[:4] == ["陈默", "正", "要", "出门"]
    assert window.session.learner_words().get("正要").pieces == ("正", "要")


def test_fix_a_reading_everywhere_with_a_meaning_and_save_the_word(qtbot, window):
    select(window, "陈默", "出门")
    window.correction_actions.merge_action.trigger()
    operations.wait_until_idle()  # corrections are written off the UI thread
    window.view.select_first("陈默")
    window.correction_actions.fix_reading("chén mò", "the narrator's friend", is_name=True)
    operations.wait_until_idle()  # corrections are written off the UI thread
    chen = token(window.view, "陈默")
    assert (chen.pinyin, chen.gloss) == ("Chén Mò", "the narrator's friend")
    window.save_word()
    operations.wait_until_idle()  # saves are written off the UI thread
    saved = window.session.vocabulary.get("陈默")
    assert (saved.pinyin, saved.definitions, saved.status) == ("Chén Mò", ("the narrator's friend",), Status.NEW)


def test_a_reading_fixed_everywhere_reaches_the_saved_word_and_undo_puts_it_back(qtbot, window):
    window.view.select_first("门口")
    window.save_word()
    operations.wait_until_idle()  # saves are written off the UI thread
    assert window.session.vocabulary.get("门口").pinyin == "mén kǒu"
    window.view.select_first("门口")
    window.correction_actions.fix_reading("men2 kou5")
    operations.wait_until_idle()  # corrections are written off the UI thread
    assert window.session.vocabulary.get("门口").pinyin == "mén kou"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.session.vocabulary.get("门口").pinyin == "mén kǒu"
    assert window.session.learner_words().get("门口") is None


def test_fix_a_reading_only_here(qtbot, tmp_path, _isolated_data_dir, annotator):
    path = tmp_path / "借书.txt"
    path.write_text("他还了我的书，我还没看完。\n", encoding="utf-8")
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), path)
    readings = lambda: [t.pinyin for t in window._blocks[block_of(window, "看完")].tokens if t.text == "还"]
    before = readings()
    assert before[1] == "hái"
    other = {"huán": ("hai2", "hái"), "hái": ("huan2", "huán")}[before[0]]  # whatever the context reader chose
    window.view.select_first("还")
    window.correction_actions.fix_reading(other[0], everywhere=False)
    operations.wait_until_idle()  # corrections are written off the UI thread
    assert readings() == [other[1], "hái"]
    assert window.status_label.text() == f"还 is read {other[1]} in this sentence now"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert readings() == before


def test_bad_selections_say_so_in_one_line(qtbot, window, no_message_boxes):
    window.correction_actions.merge_action.trigger()
    assert window.status_label.text().startswith("Select the characters to keep together")
    select(window, "门口，看", "门口")
    window.correction_actions.merge_action.trigger()
    assert no_message_boxes == [("warning", "门口，看: not a word in Chinese characters ('，' is not a hanzi)")]
    assert not window.session.learner_words()


def test_the_reading_dialog_shows_the_word_as_plain_text_and_applies_what_was_typed(qtbot, window):
    window.view.select_first("门口")
    window.correction_actions.open_reading_dialog()
    dialog = window.correction_actions.dialog
    assert dialog.pinyin_edit.text() == "mén kǒu"
    dialog.pinyin_edit.setText("men2 kou3")
    dialog.meaning_edit.setText("doorway")
    dialog.accept()
    operations.wait_until_idle()  # corrections are written off the UI thread
    assert token(window.view, "门口").gloss == "doorway"


def test_make_one_word_while_another_program_holds_the_lock_waits_off_the_ui_thread(qtbot, window):
    import sqlite3
    import time

    window.session.vocabulary._db.execute("PRAGMA busy_timeout = 200")
    holder = sqlite3.connect(window.session.vocabulary.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the command line, a second window
    try:
        select(window, "严赋憬", "负责")
        started = time.perf_counter()
        window.correction_actions.merge_action.trigger()
        assert time.perf_counter() - started < 0.15  # the window does not freeze
        qtbot.waitUntil(lambda: "busy in another program: trying again" in window.status_label.text(), timeout=5_000)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    operations.wait_until_idle()
    assert texts(window, "负责")[0] == "严赋憬"
    assert window.status_label.text() == "严赋憬 is one word now"


def test_the_panel_says_what_the_learner_taught(qtbot, window):
    select(window, "严赋憬", "负责")
    window.correction_actions.merge_action.trigger()
    operations.wait_until_idle()
    window.view.select_first("严赋憬")
    window.correction_actions.fix_reading("yan2 fu4 jing3", "the head of the team", is_name=True)
    operations.wait_until_idle()
    window.show_token(token(window.view, "严赋憬"))
    lines = [line.strip() for line in window.panel.plain_text().splitlines() if line.strip()]
    assert "Your word: Yán Fù jǐng · a name · the head of the team" in lines[:4]
    select(window, "正", "出门")
    window.correction_actions.split_action.trigger()
    operations.wait_until_idle()
    window.panel.show_word("正要")
    assert "Your split: 正 | 要" in window.panel.plain_text()
