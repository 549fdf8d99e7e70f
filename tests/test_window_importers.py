"""What the window shows of subtitles, web pages, PDFs and pictures: as a learner meets them."""

from PySide6.QtCore import QPoint, Qt

from reader.ui import operations
from tests.conftest import SAMPLE
from tests.test_import_subtitles import DRAMA_SRT
from tests.test_import_web import site  # noqa: F401 (a fixture)
from tests.test_main_window import make_window, no_message_boxes, open_and_wait  # noqa: F401 (a fixture)


def test_subtitle_cues_show_their_translation_quietly_and_their_time_on_hover(qtbot, tmp_path, _isolated_data_dir, annotator):
    path = tmp_path / "第01集.srt"
    path.write_text(DRAMA_SRT, encoding="utf-8")
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), path)
    assert [(b.kind, b.text, b.note) for b in window._blocks] == [
        ("title", "第01集", None),
        ("paragraph", "你回来了？", "00:01–00:03.2"),
        ("translation", "You're back?", "00:01–00:03.2"),
        ("paragraph", "嗯，路上堵车。", "00:03.5–00:05"),
        ("translation", "Yeah, traffic was bad.", "00:03.5–00:05"),
        ("paragraph", "- 吃饭了吗？ - 还没呢。", "01:02.04–01:04"),
        ("paragraph", "♪ ♪", "01:05–01:06"),
    ]
    window.view.select_first("堵车")
    rect = window.view.token_rect(window.view.current_token())
    assert window.view.note_at(rect.center()) == "00:03.5–00:05"
    assert window.view.note_at(QPoint(rect.center().x(), 1)) is None  # above the text: the title has no time
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    operations.wait_until_idle()  # the change is written off the UI thread
    [context] = window.session.vocabulary.get("堵车").contexts
    assert (context.sentence, context.article, context.document) == ("嗯，路上堵车。", "第01集 00:03.5–00:05", "第01集")


def test_open_web_page_fetches_the_article_and_opens_it(qtbot, _isolated_data_dir, annotator, site, monkeypatch):
    from reader.ui import web_page
    from tests.test_import_web import _serve
    from tests.web_pages import PAGES

    base, routes = site
    recipe = next(p for p in PAGES if p.name == "recipe")
    _serve(routes, "/recipe", recipe)
    window = make_window(qtbot, _isolated_data_dir)
    monkeypatch.setattr(web_page, "ask_web_address", lambda parent: f"{base}/recipe")
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.open_web_action.trigger()
    assert [(b.kind, b.text) for b in window._blocks] == [("title", recipe.title)] + [("paragraph", p) for p in recipe.paragraphs]


def test_an_unreachable_web_page_is_one_line_in_a_message_box(qtbot, _isolated_data_dir, site, no_message_boxes):  # noqa: F811
    base, _ = site
    window = make_window(qtbot, _isolated_data_dir)
    with qtbot.waitSignal(window.import_failed, timeout=30_000):
        window.open_paths([f"{base}/gone"])
    assert no_message_boxes == [("warning", f"{base}/gone: the site answered 404 Not Found")]


def test_a_picture_opens_as_its_recognised_text(qtbot, tmp_path, _isolated_data_dir, annotator):
    from tests.ocr_pictures import encoded, render

    path = tmp_path / "菜谱.png"
    path.write_bytes(encoded(render(["西红柿炒鸡蛋", "", "先把鸡蛋打散，再切好西红柿。"], size=30)))
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), path)
    assert [(b.kind, b.text) for b in window._blocks] == [
        ("title", "菜谱"), ("heading", "西红柿炒鸡蛋"), ("paragraph", "先把鸡蛋打散，再切好西红柿。")]


def test_a_broken_picture_is_one_line_in_a_message_box(qtbot, tmp_path, _isolated_data_dir, no_message_boxes):  # noqa: F811
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    window = make_window(qtbot, _isolated_data_dir)
    with qtbot.waitSignal(window.import_failed, timeout=30_000):
        window.open_paths([str(path)])
    assert no_message_boxes == [("warning", f"{path}: not a readable picture (the file is damaged or cut short)")]
    assert window.session.library.documents() == []


def test_paste_as_new_article_with_a_picture_on_the_clipboard_reads_its_text_once(qtbot, _isolated_data_dir, annotator, ocr_engine):
    from PySide6.QtGui import QGuiApplication

    from tests.ocr_pictures import render

    window = make_window(qtbot, _isolated_data_dir)
    QGuiApplication.clipboard().setImage(render(["“你吃饭了吗？”", "", "“还没呢，一起去吧。”"], size=30, dark=True))
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.paste_action.trigger()
    # titled by its first line, as pasted text is (the title is not shown again above the same line)
    assert [(b.kind, b.text) for b in window._blocks] == [("paragraph", "“你吃饭了吗？”"), ("paragraph", "“还没呢，一起去吧。”")]
    assert [d.title for d in window.session.library.documents()] == ["“你吃饭了吗？”"]
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.paste_action.trigger()  # the same picture again: the same entry, no copy
    assert len(window.session.library.documents()) == 1


def test_pasting_a_picture_without_text_is_one_line_in_a_message_box(qtbot, _isolated_data_dir, ocr_engine, no_message_boxes):  # noqa: F811
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    window = make_window(qtbot, _isolated_data_dir)
    blank = QImage(300, 200, QImage.Format.Format_RGB32)
    blank.fill(QColor(200, 220, 240))
    QGuiApplication.clipboard().setImage(blank)
    with qtbot.waitSignal(window.import_failed, timeout=30_000):
        window.paste_action.trigger()
    assert no_message_boxes == [("warning", "The pasted picture: no text found in the picture")]
    assert window.session.library.documents() == []


def test_a_picture_shows_beside_its_text_and_a_word_outlines_the_line_it_was_read_from(qtbot, tmp_path, _isolated_data_dir, annotator, ocr_engine):
    from tests.ocr_pictures import encoded, render

    path = tmp_path / "通知.png"
    path.write_bytes(encoded(render(["关于国庆节放假安排的通知", "", "各部门请于九月二十八日下午", "五点前提交工作总结。"], size=30)))
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), path)
    pane = window.picture_pane
    assert pane.isVisible() and window.shelf.picture(window.current_key) == path.resolve()
    assert pane.view.box is None
    # line cells 30 px high from y = 45 every 48 px (the second left blank): 提交 is on the fourth, the last line of
    # the second paragraph, 国庆节 on the first
    window.view.select_first("提交")
    left, top, right, bottom = pane.view.box
    assert 45 + 3 * 48 - 5 <= top < 45 + 3 * 48 + 15 and bottom < 45 + 4 * 48 and left < 60 and right > 250
    window.view.select_first("国庆节")
    assert 45 - 5 <= pane.view.box[1] < 45 + 15
    window.open_paths([SAMPLE])  # text not read from a picture: the pane goes
    qtbot.waitUntil(lambda: not pane.isVisible(), timeout=30_000)


def test_correct_text_rewrites_the_word_at_the_cursor_as_one_undoable_step(qtbot, tmp_path, _isolated_data_dir, annotator):
    path = tmp_path / "识别.txt"
    path.write_text("他在古田创立垒教会。\n", encoding="utf-8")
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), path)
    window.view.select_first("垒")
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.text_correction.correct("斋")
    assert [b.text for b in window._blocks if b.kind == "paragraph"] == ["他在古田创立斋教会。"]
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.undo_actions.undo_action.trigger()
    assert [b.text for b in window._blocks if b.kind == "paragraph"] == ["他在古田创立垒教会。"]


def test_read_text_on_screen_reads_the_box_dragged_on_a_still_of_the_screen(qtbot, _isolated_data_dir, annotator, ocr_engine):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter, QPixmap

    from tests.ocr_pictures import render

    # a "screen": a subtitle line at the bottom of a dark video frame, and a chat line above it that is not chosen
    still = QPixmap(900, 500)
    still.fill(QColor(20, 24, 30))
    painter = QPainter(still)
    painter.drawImage(40, 60, render(["别忘了带伞。"], size=26))
    painter.drawImage(200, 380, render(["我们明天见吧。"], size=32, dark=True))
    painter.end()
    window = make_window(qtbot, _isolated_data_dir)
    picker = window.screen_capture.pick(still)
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        qtbot.mousePress(picker, Qt.MouseButton.LeftButton, pos=QPoint(180, 360))
        qtbot.mouseMove(picker, QPoint(600, 420))
        qtbot.mouseRelease(picker, Qt.MouseButton.LeftButton, pos=QPoint(620, 480))
    assert [(b.kind, b.text) for b in window._blocks] == [("paragraph", "我们明天见吧。")]


def test_a_click_on_the_screen_still_without_a_drag_reads_nothing(qtbot, _isolated_data_dir):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPixmap

    still = QPixmap(400, 300)
    still.fill(QColor(200, 200, 200))
    window = make_window(qtbot, _isolated_data_dir)
    picker = window.screen_capture.pick(still)
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert not picker.isVisible() and window.session.library.documents() == []


def test_a_long_line_shows_as_blocks_and_correct_text_rewrites_the_right_place_in_a_later_one(qtbot, tmp_path, _isolated_data_dir, annotator):
    # One line of 6,000 characters: laid out as one block it held the UI thread for seconds (a 2,000,000-character
    # line for 113 s); it is shown as blocks of at most 1,000 characters, and a correction there lands in its line.
    from reader.core.blocks import MAX_BLOCK_CHARACTERS

    sentences = ["我们今天去公园散步。", "老师让同学们把课本翻到第三十五页。", "妈妈在厨房里做红烧肉，香味飘满了整个屋子。"]
    line = "".join(sentences[i % 3] for i in range(300)) + "他在古田创立垒教会。" + "".join(sentences[:2])
    path = tmp_path / "长行.txt"
    path.write_text(line + "\n", encoding="utf-8")
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), path)
    pieces = [b for b in window._blocks if b.kind in ("continued", "paragraph")]
    assert len(pieces) > 1 and all(len(b.text) <= MAX_BLOCK_CHARACTERS for b in pieces)
    assert "".join(b.text for b in pieces) == line
    assert all(b.text.endswith("。") for b in pieces)  # cut after sentence ends: no word is split
    assert [b.kind for b in pieces] == ["continued"] * (len(pieces) - 1) + ["paragraph"]
    assert window.view.select_first("垒") is not None
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.text_correction.correct("斋")
    assert "".join(b.text for b in window._blocks if b.kind in ("continued", "paragraph")) == line.replace("垒", "斋")
