"""The window given hostile files: markup in file names, titles, paths in errors and definitions is never rendered.

Qt takes text that looks like HTML as rich text in labels, message boxes and tooltips; ``<img src=/dev/zero>`` then
makes it read /dev/zero until the process dies. Every widget of the app is walked for crafted text shown as markup.
"""

import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QTreeWidget, QTreeWidgetItemIterator

from reader.core.models import Context
from reader.core.vocabulary import VocabularyStore
from tests.test_import_formats import CHAPTERS, make_epub
from tests.test_main_window import make_window, open_and_wait

IMAGE = "<img src=/dev/zero>"
BOLD = "<b>x</b>"
PAYLOADS = (IMAGE, BOLD, "<b>粗体")


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes the app opens: (text, text format), the box closed at once instead of waiting for a click."""
    shown = []

    def exec_(box):
        shown.append((box.text(), box.textFormat()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def markup_shown():
    """Every place in every open widget where crafted markup would be rendered: (widget, where, text)."""
    found = []

    def check(widget, where, text, plain):
        if text and any(payload in text for payload in PAYLOADS) and not plain:
            found.append((type(widget).__name__, where, text))

    for widget in QApplication.allWidgets():
        if isinstance(widget, QLabel):
            check(widget, "text", widget.text(), widget.textFormat() == Qt.TextFormat.PlainText)
        check(widget, "toolTip", widget.toolTip(), False)  # a tooltip has no text format: it must be escaped
        check(widget, "statusTip", widget.statusTip(), True)
        if isinstance(widget, QTreeWidget):
            items = QTreeWidgetItemIterator(widget)
            while items.value():
                item = items.value()
                for column in range(widget.columnCount()):
                    check(widget, f"item tooltip {item.text(0)}", item.toolTip(column), False)
                items += 1
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            for row in range(min(model.rowCount(root), 200)):
                for column in range(16):  # columnCount is private on some Qt models: walk until the index is invalid
                    index = model.index(row, column, root)
                    if not index.isValid():
                        break
                    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                    check(widget, f"cell tooltip {row},{column}", tip if isinstance(tip, str) else "", False)
    return found


def _crafted_epub(path):
    """An EPUB whose title is markup and whose spine names a missing chapter with markup in its path."""
    make_epub(path, CHAPTERS, title="&lt;img src=/dev/zero&gt;书名&lt;b&gt;x&lt;/b&gt;")
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    opf = members["OEBPS/content.opf"].decode("utf-8")
    opf = opf.replace('href="text/c2.xhtml"', 'href="text/&lt;img src=/dev/zero&gt;&lt;b&gt;x&lt;/b&gt;.xhtml"')
    members["OEBPS/content.opf"] = opf.encode("utf-8")
    with zipfile.ZipFile(path, "w") as book:
        for name, data in members.items():
            book.writestr(name, data)
    return path


def test_crafted_titles_names_errors_and_definitions_are_never_rendered_as_markup(qtbot, tmp_path, _isolated_data_dir, boxes):
    _isolated_data_dir.mkdir(parents=True)
    store = VocabularyStore.open(_isolated_data_dir)
    store.add("银行", "yin2 hang2", [f"{IMAGE} bank {BOLD}"], Context(f"我去银行取钱。{BOLD}"))
    store.close()
    page = tmp_path / "<b>粗体 page.html"
    page.write_text(
        f"<html><head><title>{IMAGE.replace('<', '&lt;')}标题{BOLD.replace('<', '&lt;')}</title></head>"
        "<body><h1>&lt;b&gt;x&lt;/b&gt;新闻</h1><p>今天下雨了，我们在家里看书。</p>"
        "<h1>第二篇</h1><p>明天去公园。</p></body></html>", encoding="utf-8")
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), page)
    with qtbot.waitSignal(window.import_failed, timeout=30_000):
        window.open_paths([str(_crafted_epub(tmp_path / "<b>粗体.epub"))])
    window.open_vocabulary_window()
    window.open_export_dialog()
    qtbot.wait(50)

    assert markup_shown() == []
    title = window.windowTitle()  # a window title is never rich text: the crafted title shows as written
    assert window.isVisible() and title.endswith(" — Yuedu") and BOLD in title
    assert boxes and all(fmt == Qt.TextFormat.PlainText for _, fmt in boxes)
    assert any("which is missing" in text and IMAGE in text for text, _ in boxes)
    assert window.status_label.text() == boxes[-1][0]
    tips = []
    items = QTreeWidgetItemIterator(window.library_panel.tree)
    while items.value():
        tips.append(items.value().toolTip(0))
        items += 1
    # the library's tooltips show the title as written: escaped inside a <p>, so Qt draws the characters
    assert any("&lt;img src=/dev/zero&gt;标题&lt;b&gt;x&lt;/b&gt;" in tip for tip in tips)
    window.export_dialog.reject()  # a window-modal dialog left open would take later tests' mouse events
    window.export_dialog.deleteLater()
    window.vocabulary_window.close()
    window.vocabulary_window.deleteLater()


def test_show_warning_is_plain_text(qtbot, boxes):
    from reader.ui import plain_text

    plain_text.show_warning(None, "Yuedu", f"{IMAGE}: no such file")
    assert boxes == [(f"{IMAGE}: no such file", Qt.TextFormat.PlainText)]


def test_a_fifo_dev_zero_or_zip_bomb_in_the_import_queue_is_refused_and_the_queue_goes_on(qtbot, tmp_path, _isolated_data_dir, boxes):
    import os

    fifo = tmp_path / "<b>pipe.txt"
    os.mkfifo(fifo)
    recipe = tmp_path / "recipe.txt"
    recipe.write_text("西红柿炒鸡蛋\n先把鸡蛋打散，再把西红柿切块。\n", encoding="utf-8")
    from tests.test_hostile_inputs import _bomb

    bomb = _bomb(tmp_path / "bomb.epub", "OEBPS/text/c1.xhtml", 8 << 20)
    window = make_window(qtbot, _isolated_data_dir)
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.open_paths([str(fifo), "/dev/zero", str(bomb), str(recipe)])
    assert [text for text, _ in boxes][:2] == [
        f"{fifo}: not a regular file (a pipe, a device or a socket); give Yuedu a file to read",
        "/dev/zero: not a regular file (a pipe, a device or a socket); give Yuedu a file to read",
    ]
    assert len(boxes) == 3 and boxes[2][0].startswith(f"{bomb}: refused: a possible zip bomb (OEBPS/text/c1.xhtml inflates to 8 MB, ")
    assert all(fmt == Qt.TextFormat.PlainText for _, fmt in boxes)
    assert window.isVisible() and window.windowTitle().startswith("西红柿炒鸡蛋")
