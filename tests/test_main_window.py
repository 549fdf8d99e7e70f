"""The reader window driven as a user would: open, click, search, toggle, paste, drop, and come back later."""

import json
import re

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core.models import Status
from reader.core.session import Session
from reader.ui import operations
from reader.core.blocks import article_blocks, blocks_for, is_heading
from reader.core.vocabulary import sentence_at
from reader.ui.main_window import MainWindow
from reader.ui.settings import SETTINGS_FILE, Settings
from tests.conftest import SAMPLE


def make_window(qtbot, data_dir, interactive=True):
    session = Session(data_dir=data_dir)
    window = MainWindow(session, Settings.load(session.data_dir), interactive=interactive)
    qtbot.addWidget(window)
    window.show()
    return window


def open_and_wait(qtbot, window, *paths):
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.open_paths([str(p) for p in paths])
    return window


@pytest.fixture
def window(qtbot, _isolated_data_dir, annotator):
    return open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    """A modal box would hang an offscreen test: record what would have been shown instead."""
    shown = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, _n=name, **k: shown.append((_n, text)))
    monkeypatch.setattr("reader.ui.plain_text.show_warning", lambda parent, title, text: shown.append(("warning", text)))
    return shown


def panel_lines(window):
    return [line.strip() for line in window.panel.plain_text().splitlines() if line.strip()]


def test_sample_opens_as_a_newspaper_page_and_is_segmented(window):
    kinds = [block.kind for block in window._blocks]
    texts = [block.text for block in window._blocks]
    assert "“创新链”遇见“产业链”" in texts[:3]
    assert kinds[texts.index("打造产学研深度融合新范式")] == "heading"
    assert all(block.tokens for block in window._blocks)
    assert "".join(t.text for t in window._blocks[-1].tokens) == texts[-1]
    assert window.windowTitle().endswith("— Yuedu")


def test_enter_on_a_word_fills_the_panel_with_its_entries(qtbot, window):
    token = window.view.select_first("科技")
    assert token is not None and token.numbered == "ke1 ji4"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.panel.current_word == "科技"
    assert panel_lines(window)[:5] == ["科技", "HSK 4 · the 407th most common word (Zipf 5.5)", "科技  kē jì in this text",
                                       "1.", "science and technology"]
    qtbot.waitUntil(lambda: "IN YOUR READING" in panel_lines(window))  # looked for on a worker thread
    lines = panel_lines(window)
    examples = lines[lines.index("IN YOUR READING") + 1 :]
    assert examples and all("科技" in line for line in examples)


def test_the_reading_in_context_is_the_entry_marked_in_the_panel(qtbot, window):
    token = window.view.select_first("行走")
    assert token is not None
    window.show_token(token)
    assert panel_lines(window)[2] == "行走  xíng zǒu in this text"


def test_ctrl_l_focuses_dictionary_search_and_enter_shows_results(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.search_box.hasFocus()
    qtbot.keyClicks(window.panel.search_box, "shengchanli")
    qtbot.keyClick(window.panel.search_box, Qt.Key.Key_Return)
    assert [e.simplified for e in window.panel.results][:1] == ["生产力"]
    assert panel_lines(window)[1] == "生产力 生產力  shēng chǎn lì"


@pytest.mark.parametrize("shortcut, mode", [("Ctrl+1", "off"), ("Ctrl+2", "all"), ("Ctrl+3", "unknown")])
def test_ruby_mode_shortcuts_reach_the_view_and_the_settings(qtbot, window, monkeypatch, shortcut, mode):
    seen = []
    monkeypatch.setattr(window.view, "set_ruby_mode", seen.append)
    action = next(a for a in window.ruby_actions.actions() if a.shortcut().toString() == shortcut)
    action.trigger()
    assert seen == [mode]
    assert window.settings.ruby_mode == mode
    assert window.ruby_combo.currentData() == mode
    assert action.isChecked()


def test_tone_colour_toggle_reaches_view_and_panel(qtbot, window, monkeypatch):
    seen = []
    monkeypatch.setattr(window.view, "set_tone_colors", lambda enabled, scheme: seen.append((enabled, scheme)))
    window.panel.show_word("科技")
    window.tone_check.setChecked(False)
    assert seen[-1] == (False, "pleco")
    assert "#e30000" not in window.panel.browser.toHtml()  # kē, tone 1, no longer in Pleco red
    next(a for a in window.scheme_actions.actions() if a.data() == "mdbg").trigger()
    assert seen[-1] == (True, "mdbg")
    assert "#ff0000" in window.panel.browser.toHtml()  # kē, tone 1, in MDBG red


def test_zoom_keys_step_the_zoom_and_reach_the_view(qtbot, window, monkeypatch):
    seen = []
    monkeypatch.setattr(window.view, "set_zoom", seen.append)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert seen == [1.1, 1.21, 1.1]
    assert window.settings.zoom == 1.1


def test_settings_store_only_what_differs_from_the_defaults_and_reload(qtbot, window, _isolated_data_dir):
    window.set_ruby_mode("all")
    window.set_theme("dark")
    window._set_zoom(1.3)
    window.set_library_visible(False)
    window.close()
    stored = json.loads((_isolated_data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert stored["ruby_mode"] == "all" and stored["theme"] == "dark" and stored["zoom"] == 1.3
    assert stored["library_visible"] is False
    assert stored["last_article"] == window.current_key
    assert not {"tone_colors", "tone_scheme", "font_family", "positions"} & set(stored)
    again = make_window(qtbot, _isolated_data_dir)
    assert again.settings.ruby_mode == "all"
    assert again.ruby_combo.currentData() == "all"
    assert again.settings.zoom == 1.3
    assert not again.library_panel.isVisibleTo(again)


def test_settings_file_holds_nothing_when_nothing_changed(tmp_path):
    settings = Settings.load(tmp_path)
    settings.save()
    assert json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8")) == {}


@pytest.mark.parametrize(
    "stored, field, expected",
    [
        ({"zoom": "big"}, "zoom", 1.0),
        ({"zoom": 99}, "zoom", 1.0),
        ({"ruby_mode": "sometimes"}, "ruby_mode", "unknown"),
        ({"tone_colors": 1}, "tone_colors", True),
        ({"splitter_sizes": ["a", 1]}, "splitter_sizes", []),
        ({"theme": "dark"}, "theme", "dark"),
        ({"word_tint": "rainbow"}, "word_tint", "status"),
        ({"word_tint": "hsk"}, "word_tint", "hsk"),
        ({"splitter_sizes": [200, 600, 300]}, "splitter_sizes", [200, 600, 300]),
    ],
)
def test_settings_ignore_values_of_the_wrong_type(tmp_path, stored, field, expected):
    (tmp_path / SETTINGS_FILE).write_text(json.dumps(stored), encoding="utf-8")
    assert getattr(Settings.load(tmp_path), field) == expected


def test_damaged_settings_file_gives_the_defaults(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text("{not json", encoding="utf-8")
    assert Settings.load(tmp_path) == Settings()


def test_reading_position_is_remembered_per_article(qtbot, window, _isolated_data_dir):
    first = window.current_key
    window.view.scroll_to_block(20)  # the reader scrolls down the long first article
    assert window._position == 20
    keys = window.library_panel.article_keys()
    other = next((k for k in keys if k != first), None)
    if other is not None:
        with qtbot.waitSignal(window.segmentation_finished, timeout=30_000):
            window.library_panel.article_chosen.emit(other)
    window.close()
    again = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)  # the same file opened again
    assert again.current_key == (other or first)  # goes on with the article read last
    if other is not None:
        with qtbot.waitSignal(again.segmentation_finished, timeout=30_000):
            again.library_panel.article_chosen.emit(first)
    assert again._position == 20
    assert again.view.first_visible_block() == 20


def test_paste_creates_an_article_and_opens_it(qtbot, window):
    QGuiApplication.clipboard().setText("今天天气很好。\n我们去公园散步吧！")
    before = len(window.library_panel.article_keys())
    with qtbot.waitSignal(window.segmentation_finished, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [block.text for block in window._blocks if block.kind == "paragraph"][-2:] == ["今天天气很好。", "我们去公园散步吧！"]
    assert len(window.library_panel.article_keys()) == before + 1
    assert window.library_panel.article_keys()[0] == window.current_key  # the newest document comes first
    assert [t.text for t in window._blocks[-1].tokens][:3] == ["我们", "去", "公园"]


def test_paste_of_an_empty_clipboard_changes_nothing(qtbot, window):
    QGuiApplication.clipboard().setText("   ")
    before = window.library_panel.article_keys()
    window.paste_article()
    assert window.library_panel.article_keys() == before
    assert "no text" in window.status_label.text()


def drop(window, mime):
    event = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_dropping_a_file_imports_and_opens_it(qtbot, window, tmp_path):
    dropped = tmp_path / "故事.txt"
    dropped.write_text("小猫钓鱼\n\n小猫和妈妈一起去河边钓鱼。\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    before = len(window.library_panel.article_keys())
    with qtbot.waitSignal(window.segmentation_finished, timeout=30_000):
        drop(window, mime)
    assert "小猫和妈妈一起去河边钓鱼。" in [block.text for block in window._blocks]
    assert len(window.library_panel.article_keys()) == before + 1


def test_bad_file_shows_one_line_in_a_message_box(qtbot, window, tmp_path, no_message_boxes):
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    opened = window.current_key
    with qtbot.waitSignal(window.import_failed, timeout=30_000):
        window.open_paths([str(tmp_path / "missing.txt")])
    with qtbot.waitSignal(window.import_failed, timeout=30_000):
        window.open_paths([str(binary)])
    assert [kind for kind, _ in no_message_boxes] == ["warning", "warning"]
    assert no_message_boxes[0][1].endswith("missing.txt: no such file")
    assert no_message_boxes[1][1].startswith(f"{binary}: ") and no_message_boxes[1][1].endswith(", not text")
    assert all("\n" not in text for _, text in no_message_boxes)
    assert window.current_key == opened  # the open article is untouched


def test_find_bar_finds_text_in_the_article(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible() and window.find_bar.edit.hasFocus()
    window.find_bar.edit.setText("马拉松")  # QTest cannot type hanzi
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.find_bar.status.text() == ""
    assert window.view.selected_text() == "马拉松"
    window.find_bar.edit.setText("不存在的词语")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.find_bar.status.text() == "Not found"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_escape_in_the_find_bar_gives_the_keys_back_to_the_text(qtbot, window):
    # regression (seen driving the window under Xvfb): after Esc the keys went to the dictionary panel's search box,
    # so PageDown did nothing
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    window.find_bar.open()
    assert QApplication.focusWidget() is window.find_bar.edit
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.view
    window.find_bar.open()
    window.find_bar.close_bar()  # the ✕ button
    assert not window.find_bar.isVisible() and QApplication.focusWidget() is window.view


def test_the_status_bar_stops_saying_the_dictionary_is_being_prepared_once_words_are_live(qtbot, _isolated_data_dir, tmp_path):
    # regression: a 2,000,000-character line said "hover works in a moment" for the 15 s it took to segment,
    # while hovering had worked since its first block's words arrived
    long_text = tmp_path / "novel.txt"
    long_text.write_text("他推开门，雨已经停了，巷子里只剩下路灯昏黄的光。\n" * 6_000, encoding="utf-8")
    window = make_window(qtbot, _isolated_data_dir)
    window.open_paths([str(long_text)])
    qtbot.waitUntil(lambda: any(block.tokens for block in window.view.blocks()), timeout=60_000)
    assert not window.segmented and not window.status_label.text().startswith("Preparing")
    qtbot.waitUntil(lambda: window.segmented, timeout=120_000)


@pytest.mark.parametrize(
    "paragraph, heading",
    [
        ("打造产学研深度融合新范式", True),
        ("第一章 风起", True),
        ("立春启新岁，复工正当时。", False),
        ("瞄准产业重大需求和技术难题，与龙头", False),
        ("“4月份我们要参加北京亦庄的半程马拉松比赛！”", False),
        ("“创新链”遇见“产业链”", True),  # a headline may end in a quotation mark
        ("记者了解到：", False),
        ("这是一段很长很长的正文没有标点但是它长得超过了三十个字所以不是标题而是正文", False),
    ],
)
def test_headings_are_short_lines_without_sentence_punctuation(paragraph, heading):
    assert is_heading(paragraph) is heading


def test_blocks_keep_the_newspaper_furniture_in_order():
    from reader.core.models import Article

    article = Article(title="标题", paragraphs=["正文。"], subtitle="副题", kicker="引题", byline="记者 某某", dateline="北京")
    assert [(b.kind, b.text) for b in blocks_for(article)] == [
        ("kicker", "引题"), ("title", "标题"), ("subtitle", "副题"), ("byline", "记者 某某"), ("dateline", "北京"),
        ("paragraph", "正文。"),
    ]


def test_a_closing_dateline_ends_the_article_as_printed():
    from reader.core.models import Article

    article = Article(title="标题", paragraphs=["正文。", "二段。"], dateline="(新华社北京2月15日电)")
    blocks, paragraphs = article_blocks(article)
    assert [(b.kind, b.text) for b in blocks] == [
        ("title", "标题"), ("paragraph", "正文。"), ("paragraph", "二段。"), ("dateline", "(新华社北京2月15日电)"),
    ]
    assert paragraphs == [-1, 0, 1, -1]


@pytest.mark.parametrize(
    "text, word, sentence",
    [
        ("我去银行。他在银行工作！你呢？", "工作", "他在银行工作！"),
        ("“走吧。”他说。", "走", "“走吧。”"),
        ("没有句号的句子", "句子", "没有句号的句子"),
    ],
)
def test_sentence_at_a_word(text, word, sentence):
    start = text.index(word)
    assert sentence_at(text, start, start + len(word)) == sentence


def test_operations_deliver_results_and_failures_on_the_ui_thread(qtbot):
    import threading

    main = threading.get_ident()
    seen = []
    operations.run_in_background(lambda report: (report(0.5), threading.get_ident())[1],
                                 on_success=lambda worker: seen.append(("ok", worker != main, threading.get_ident() == main)),
                                 on_progress=lambda value: seen.append(("progress", value)))
    operations.run_in_background(lambda report: 1 / 0, on_failure=lambda error: seen.append(("failed", type(error).__name__)))
    assert operations.wait_until_idle(10_000)
    assert sorted(seen, key=str) == sorted([("progress", 0.5), ("ok", True, True), ("failed", "ZeroDivisionError")], key=str)


def test_dark_theme_reaches_the_widgets_the_view_and_the_panel(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from reader.ui.theme import DARK, LIGHT

    seen = []
    monkeypatch.setattr(window.view, "set_colors", lambda *colours: seen.append([c.name() for c in colours]))
    next(a for a in window.theme_actions.actions() if a.data() == "dark").trigger()
    assert seen[-1] == [DARK.paper, DARK.text, DARK.accent]
    assert QApplication.palette().window().color().name() == DARK.window
    assert DARK.text in window.panel.browser.document().defaultStyleSheet()
    window.set_theme("light")
    assert seen[-1] == [LIGHT.paper, LIGHT.text, LIGHT.accent]
    assert window.settings.theme == "light"


# -- vocabulary: keys on the word under the cursor ------------------------------------------------


def test_s_saves_the_word_under_the_cursor_with_its_sentence_and_reading(qtbot, window):
    window.view.select_first("科技")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    operations.wait_until_idle()  # the change is written off the UI thread
    saved = window.session.vocabulary.get("科技")
    assert saved.numbered == "ke1 ji4" and saved.definitions == ("science and technology",)
    assert [c.sentence for c in saved.contexts] == [
        "2025年春节,中国人工智能企业深度求索(DeepSeek)推出的国产大模型以“小成本办大事”的高性能惊艳全球,"
        "成为中国科技创新体系持续深化、科研技术加快落地的生动写照。"
    ]
    assert saved.status.label == "new"
    assert window.status_label.text() == "Saved 科技 kē jì (new)"
    assert re.fullmatch(r"[\d,]+ words · [\d,]+ unique · 0\.0% known · [\d,]+ new", window.statistics_label.text())


@pytest.mark.parametrize("key, label", [(Qt.Key.Key_K, "known"), (Qt.Key.Key_I, "ignored"), (Qt.Key.Key_3, "learning")])
def test_status_keys_set_the_status_of_the_word_under_the_cursor(qtbot, window, key, label):
    window.view.select_first("生产力")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, key)
    operations.wait_until_idle()  # the change is written off the UI thread
    assert window.session.vocabulary.get("生产力").status.label == label
    assert window.status_label.text() == f"生产力: {label}"


def test_panel_save_button_saves_a_character_met_inside_a_word_with_that_reading(qtbot, window):
    token = window.view.select_first("银行") or window.view.select_first("行走")
    assert token is not None
    window.panel.show_word("行")
    assert window.panel.save_button.isVisible()
    window.panel.save_button.click()
    operations.wait_until_idle()  # the change is written off the UI thread
    assert window.session.vocabulary.get("行").numbered == "xing2"  # 行 as read in 行走


def test_mark_the_rest_as_known_leaves_no_pinyin_in_unknown_mode_and_undo_brings_it_back(qtbot, window):
    window.set_ruby_mode("unknown")
    window.view.select_first("科技")
    window.save_word()
    operations.wait_until_idle()  # the change is written off the UI thread
    window.view.scroll_to_block(0)
    assert window.view.drawn_ruby()  # every word is unseen: pinyin over all of them
    window.rest_known_action.trigger()
    statuses = window.session.vocabulary.status_map()
    assert statuses["科技"].label == "new"  # a saved word keeps its status
    assert statuses["生产力"].label == "known"
    assert set(window.view.drawn_ruby()) <= {"kējì"}  # only the word still new keeps its pinyin
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "生产力" not in window.session.vocabulary.status_map()
    assert len(window.view.drawn_ruby()) > 10


def test_vocabulary_window_opens_on_the_saved_words_and_its_changes_retint_the_text(qtbot, window):
    window.view.select_first("科技")
    window.save_word()
    operations.wait_until_idle()  # the change is written off the UI thread
    window.vocabulary_window_action.trigger()
    vocabulary_window = window.vocabulary_window
    assert vocabulary_window.isVisible()
    assert vocabulary_window.model.rowCount() == 1
    window.session.vocabulary.set_status("科技", Status.KNOWN)  # changed in the vocabulary window
    vocabulary_window.vocabulary_changed.emit()
    assert window._statuses["科技"].label == "known"
    window.vocabulary_window_action.trigger()
    assert window.vocabulary_window is vocabulary_window  # one window, raised again


def test_export_action_opens_the_anki_export_dialog(qtbot, window):
    assert window.export_action.isEnabled()
    window.export_action.trigger()
    assert window.export_dialog is not None and window.export_dialog.isVisible()
    assert window.export_dialog.windowTitle() == "Export to Anki"
    window.export_dialog.reject()


# -- mouse, clipboard, files, start page -----------------------------------------------------------


def test_clicking_a_word_fills_the_panel(qtbot, window):
    token = window.view.select_first("生产力")
    window.view.clear_selection()
    rect = window.view.token_rect(token)
    assert not rect.isEmpty()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.panel.current_word == "生产力"
    assert panel_lines(window)[1:9] == [
        "not in the HSK lists · the 4,903rd most common word (Zipf 4.3)",
        "生产力 生產力  shēng chǎn lì in this text",
        "1.", "production capability", "2.", "productive force", "3.", "productivity",
    ]


def test_ctrl_c_copies_the_selected_text(qtbot, window):
    QGuiApplication.clipboard().setText("")
    assert window.view.find_text("半程马拉松")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "半程马拉松"


def test_ctrl_o_imports_the_chosen_file(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    chosen = tmp_path / "gbk.txt"
    chosen.write_bytes("春眠不觉晓，处处闻啼鸟。".encode("gb18030"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(chosen)], ""))
    with qtbot.waitSignal(window.segmentation_finished, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert "春眠不觉晓，处处闻啼鸟。" in [block.text for block in window._blocks]


def test_font_choice_reaches_the_view_and_is_remembered(qtbot, window, _isolated_data_dir):
    from reader.ui.fonts import cjk_families

    family = next(f for f in cjk_families() if f != window.view.font_family())
    window.set_font_family(family)
    assert window.view.font_family() == family
    window.close()
    assert json.loads((_isolated_data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))["font_family"] == family
    assert make_window(qtbot, _isolated_data_dir).view.font_family() == family


def test_font_list_offers_only_families_that_write_chinese(window):
    from PySide6.QtGui import QFontDatabase

    assert window.font_combo.writingSystem() == QFontDatabase.WritingSystem.SimplifiedChinese


def test_start_page_is_the_sample_then_the_article_read_last(qtbot, _isolated_data_dir, annotator):
    fresh = make_window(qtbot, _isolated_data_dir)
    with qtbot.waitSignal(fresh.segmentation_finished, timeout=60_000):
        fresh.open_start_page([])
    assert fresh.shelf.article(fresh.current_key).title == "“创新链”遇见“产业链”"
    last = fresh.library_panel.article_keys()[-1]
    with qtbot.waitSignal(fresh.segmentation_finished, timeout=30_000):
        fresh.library_panel.article_chosen.emit(last)
    fresh.close()
    again = make_window(qtbot, _isolated_data_dir)
    with qtbot.waitSignal(again.segmentation_finished, timeout=60_000):
        again.open_start_page([])
    assert again.current_key == last
