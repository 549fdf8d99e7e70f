"""Library housekeeping in the window: the panel's context menu and Delete key, each step undone with Ctrl+Z."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox

from reader.ui import operations
from tests.conftest import SAMPLE
from tests.test_main_window import make_window, open_and_wait

NOTE = "周末做红烧肉\n五花肉切块，冷水下锅，焯水后捞出。\n加冰糖炒出糖色，再放肉翻炒。"


@pytest.fixture
def window(qtbot, _isolated_data_dir, annotator):
    """The sample page (7 articles) and a pasted recipe, the recipe open."""
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)
    with qtbot.waitSignal(window.segmentation_finished, timeout=30_000):
        window.open_text(NOTE)
    yield window
    operations.wait_until_idle(30_000)  # nothing of this window's may land in the next test's


@pytest.fixture
def answers(monkeypatch):
    """What the confirmation box is answered (Yes unless a test says otherwise); the questions asked."""
    asked, reply = [], {"button": QMessageBox.StandardButton.Yes}

    def answer(box):
        asked.append(box.text())
        assert box.textFormat() == Qt.TextFormat.PlainText  # a title like <img src=...> is shown as written
        return reply["button"]

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked, reply


def documents(window) -> dict[str, list[str]]:
    """Each document of the library panel with its articles' titles (none shown for a one-article document)."""
    tree = window.library_panel.tree
    items = (tree.topLevelItem(index) for index in range(tree.topLevelItemCount()))
    return {item.text(0): [item.child(i).text(0) for i in range(item.childCount())] for item in items}


def titles(window):
    tree = window.library_panel.tree
    rows = []
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        rows.append(item.text(0))
        rows += [f"  {item.child(i).text(0)}" for i in range(item.childCount())]
    return rows


def select_document(qtbot, window, title):
    tree = window.library_panel.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0) == title)
    tree.setCurrentItem(item)
    tree.setFocus()
    return item


def menu_texts(window, document_key, article_key=""):
    menu = window.library_actions.build_menu(document_key, article_key)
    return [a.text() for a in menu.actions() if not a.isSeparator()], menu


def trigger(window, document_key, text, article_key=""):
    _, menu = menu_texts(window, document_key, article_key)
    next(a for a in menu.actions() if a.text() == text).trigger()


def test_delete_key_asks_then_removes_and_ctrl_z_brings_it_back(qtbot, window, answers):
    """Delete works in the library panel and in the text (picking an article moves the focus to the text)."""
    asked, _ = answers
    note_key = window.current_key
    select_document(qtbot, window, "周末做红烧肉")
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        qtbot.keyClick(window.library_panel.tree, Qt.Key.Key_Delete)
    assert asked == ["Remove “周末做红烧肉” from the library?\n\nReading positions go with it; the file itself stays "
                     "where it is. Edit › Undo brings it back."]
    assert "周末做红烧肉" not in titles(window) and window.session.library.counts() == (1, 7)
    assert window.status_label.text() == "Remove 周末做红烧肉 (Ctrl+Z to undo)"
    assert window.current_key != note_key and window.windowTitle() == "“创新链”遇见“产业链” — Yuedu"
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "周末做红烧肉" in titles(window) and note_key in window.library_panel.article_keys()
    assert window.status_label.text() == "Undone: Remove 周末做红烧肉"


def test_delete_answered_no_changes_nothing(qtbot, window, answers):
    asked, reply = answers
    reply["button"] = QMessageBox.StandardButton.No
    before = titles(window)
    select_document(qtbot, window, "sample_xinhua")
    qtbot.keyClick(window.library_panel.tree, Qt.Key.Key_Delete)
    assert asked[0].startswith("Remove “sample_xinhua” and its 7 articles from the library?")
    assert titles(window) == before and window.session.library.counts() == (2, 8)
    assert not window.session.undo.can_undo


def test_a_book_split_into_articles_merges_back_into_one_and_undo_splits_it_again(qtbot, window):
    first = window.library_panel.article_keys()[1]  # the sample's first article
    window.open_article(first)
    texts, _ = menu_texts(window, "1", first)
    assert texts == ["Rename Article…", "Merge with Next Article", "Rename Document…", "Merge All 7 Articles into One",
                     "Archive", "Remove from Library…"]
    before = len(window._blocks)
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        trigger(window, "1", "Merge All 7 Articles into One")
    # which document comes first is which was read last, to the second: opening the sample's article may fall in the
    # recipe's second or the next (regression: the test failed one run in ~20 when it asked for an order)
    assert documents(window) == {"周末做红烧肉": [], "sample_xinhua": []}
    assert window.current_key == first and len(window._blocks) > before
    assert window._blocks[-1].text == "(新华社成都2月16日电)"
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        window.undo_actions.undo()
    articles = documents(window)["sample_xinhua"]
    assert len(articles) == 7 and articles[:2] == ["“创新链”遇见“产业链”", "首对“港产”大熊猫亮相"]
    assert len(window._blocks) == before


def test_merge_with_next_article_from_the_menu(qtbot, window):
    keys = window.library_panel.article_keys()
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        trigger(window, "1", "Merge with Next Article", keys[2])  # 首对“港产”大熊猫亮相 + 浙江
    assert titles(window)[3:5] == ["  首对“港产”大熊猫亮相", "  宁夏公布96家工伤保险协议机构 方便工伤职工异地就医"]
    texts, _ = menu_texts(window, "1", window.library_panel.article_keys()[-1])
    menu = window.library_actions.build_menu("1", window.library_panel.article_keys()[-1])
    assert not next(a for a in menu.actions() if a.text() == "Merge with Next Article").isEnabled()


def test_archive_moves_a_document_under_the_archive_and_back(qtbot, window):
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        trigger(window, "1", "Archive")
    assert titles(window)[0] == "周末做红烧肉" and titles(window)[1:3] == ["Archive (1)", "  sample_xinhua"]
    assert menu_texts(window, "1")[0][-2] == "Put Back on the Reading List"
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        trigger(window, "1", "Put Back on the Reading List")
    assert "Archive (1)" not in titles(window)


def test_rename_from_the_menu_renames_the_open_article_and_the_window_title(qtbot, window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("红烧肉 菜谱", True))
    note = window.library_panel.current_document_key() or "2"
    assert menu_texts(window, "2")[0] == ["Rename…", "Archive", "Remove from Library…"]
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        trigger(window, note, "Rename…")
    assert titles(window)[0] == "红烧肉 菜谱" and window.windowTitle() == "红烧肉 菜谱 — Yuedu"


def test_removing_the_last_document_leaves_an_empty_window(qtbot, window):
    for document in ("2", "1"):
        with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
            window.library_actions.remove(document, confirm=False)
    assert titles(window) == [] and window.current_key is None and window.windowTitle() == "Yuedu"
    assert window.view.blocks() == []


def test_every_paste_added_a_document_even_of_the_same_text(qtbot, window):
    before = window.library_panel.article_keys()
    QGuiApplication.clipboard().setText(NOTE.replace("\n", "\r\n") + "\r\n")
    with qtbot.waitSignal(window.article_opened, timeout=30_000):
        window.paste_article()
    assert operations.wait_until_idle(30_000)
    assert (window.library_panel.article_keys(), window.current_key) == (before, before[0])
    assert window.session.library.counts() == (2, 8) and not window.session.undo.can_undo


def test_delete_in_the_text_removes_the_open_articles_document_after_asking(qtbot, window, answers):
    asked, _ = answers
    window.library_panel.tree.setCurrentItem(None)
    window.view.setFocus()
    with qtbot.waitSignal(window.library_actions.library_changed, timeout=10_000):
        qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert asked[0].startswith("Remove “周末做红烧肉” from the library?") and "周末做红烧肉" not in titles(window)


def test_delete_in_the_dictionary_search_box_deletes_text_only(qtbot, window, answers):
    asked, _ = answers
    window.panel.focus_search()
    edit = QGuiApplication.focusObject()
    edit.setText("银行")
    edit.setCursorPosition(0)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert (edit.text(), asked, window.session.library.counts()) == ("行", [], (2, 8))


def test_work_finishing_after_its_window_closed_is_dropped_not_raised(qtbot):
    """A library reload or a segmentation that ends after its window was deleted used to raise in a later test."""
    import threading

    from PySide6.QtWidgets import QLabel
    from shiboken6 import delete

    from reader.ui import operations

    label, release, seen = QLabel(), threading.Event(), []
    operations.run_in_background(lambda report: release.wait(10) and "done", on_success=label.setText)
    operations.run_in_background(lambda report: release.wait(10) and "done", on_success=seen.append)
    delete(label)
    release.set()
    assert operations.wait_until_idle(10_000) and seen == ["done"]
