"""The window as a learner meets it (issue 15): first start, focus, panels, reading flow."""

import pytest
from PySide6.QtCore import Qt, QUrl

from tests.conftest import SAMPLE
from tests.test_main_window import make_window, no_message_boxes, open_and_wait, window  # noqa: F401 (fixtures)


def test_opening_the_font_list_keeps_the_font_and_escape_closes_it(qtbot, _isolated_data_dir):
    window = make_window(qtbot, _isolated_data_dir)
    family = window.view.font_family()
    assert window.font_combo.currentFont().family() == family  # the list opens on the family in use
    window.choose_font()
    qtbot.waitUntil(lambda: window.font_combo.view().isVisible())
    assert window.font_combo.view().currentIndex().data() == family
    qtbot.keyClick(window.font_combo.view(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.font_combo.view().isVisible())
    qtbot.keyClick(window.font_combo, Qt.Key.Key_Return)  # Enter in the box: the family shown is the one in use
    assert window.view.font_family() == family
    assert window.settings.font_family in ("", family)


def _scrollbar_shown(view) -> bool:
    bar = view.verticalScrollBar()
    return bar.maximum() > 0 and bar.isVisible()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_scroll_bar_shows_right_after_launch_in_either_theme(qtbot, _isolated_data_dir, annotator, theme):
    from reader.ui.settings import Settings

    settings = Settings.load(_isolated_data_dir)
    settings.theme = theme
    settings.save()
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)
    qtbot.waitUntil(lambda: _scrollbar_shown(window.view), timeout=3000)


def test_end_reaches_the_bottom_with_the_last_line_whole(qtbot, window):
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.wait(50)
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0
    last = window._blocks[-1].text
    lines = view.drawn_lines()
    assert last.endswith(lines[-1])
    # the last line lies wholly inside the viewport, with the page margin below it
    top, block_height = view._tops_now()[-2] - bar.value(), view._heights[-1]
    assert top + block_height <= view.viewport().height()
    window._store_position()
    assert window.shelf.progress(window.current_key) == 1.0
    assert window.library_panel._items[window.current_key].text(1) == "✓"


def test_picking_an_article_moves_focus_to_the_text_and_pagedown_space_scroll_it(qtbot, window):
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    keys = window.library_panel.article_keys()
    tree = window.library_panel.tree
    tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    longest = max(keys[1:], key=lambda k: sum(map(len, window.shelf.article(k).paragraphs)))  # more than a screen
    item = window.library_panel._items[longest]
    tree.setCurrentItem(item)
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.current_key == longest
    assert QApplication.focusWidget() is window.view
    bar = window.view.verticalScrollBar()
    assert bar.value() == 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)
    after_page_down = bar.value()
    assert after_page_down > window.view.viewport().height() / 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert bar.value() > after_page_down
    assert tree.currentItem() is item  # the library did not move


@pytest.mark.parametrize(
    "pasted",
    [
        "你吃饭了吗？我还没吃呢，一起去吧。",  # chat
        "先把鸡蛋打散，再加一点盐。",  # recipe
        "老师说：明天考试。\n大家都很紧张。",  # school
    ],
    ids=["chat", "recipe", "school"],
)
def test_short_paste_is_shown_once_not_as_title_and_body(qtbot, _isolated_data_dir, annotator, pasted):
    from PySide6.QtGui import QGuiApplication

    window = make_window(qtbot, _isolated_data_dir)
    QGuiApplication.clipboard().setText(pasted)
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.paste_article()
    assert [block.text for block in window._blocks] == pasted.split("\n")
    assert [block.kind for block in window._blocks] == ["paragraph"] * len(pasted.split("\n"))
    assert "".join(window.view.drawn_lines()) == pasted.replace("\n", "")


def _click_word(qtbot, window, word):
    token = window.view.select_first(word)
    window.view.clear_selection()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.token_rect(token).center())


def test_dictionary_panel_is_not_stale_after_switching_articles_and_its_box_follows_clicks(qtbot, window):
    panel = window.panel
    panel.focus_search()
    qtbot.keyClicks(panel.search_box, "bank")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert panel.search_box.text() == "bank"
    _click_word(qtbot, window, "生产力")
    assert panel.current_word == "生产力"
    assert panel.search_box.text() == "生产力"  # not the old query "bank"
    _click_word(qtbot, window, "科技")
    assert panel.search_box.text() == "科技"
    panel.back()
    assert (panel.current_word, panel.search_box.text()) == ("生产力", "生产力")

    other = window.library_panel.article_keys()[1]
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.open_article(other)
    assert panel.current_word is None
    assert panel.search_box.text() == ""
    assert panel.plain_text().startswith("Click a word in the text")
    assert not panel.back_button.isEnabled()


def test_a_real_headline_that_the_first_sentence_repeats_stays_a_title():
    from reader.core.blocks import blocks_for
    from reader.core.models import Article

    article = Article("西红柿炒鸡蛋", ["西红柿炒鸡蛋是最常见的家常菜之一，酸甜可口。", "先把鸡蛋打散。"])
    assert [b.kind for b in blocks_for(article)] == ["title", "paragraph", "paragraph"]


# -- search ranking (issue 15, item 10) ---------------------------------------------------------------


def _headwords(entries):
    return [f"{e.simplified} {e.numbered}" for e in entries]


def test_search_bank_lists_the_common_words_before_rare_literary_characters(dictionary):
    found = [e.simplified for e in dictionary.search("bank", limit=200)]
    assert found[:3] == ["银行", "岸", "滨"]
    for word in ("河岸", "堤岸", "银行"):
        for rare in ("皋", "澨", "阤"):
            assert found.index(word) < found.index(rare), (word, rare)


def test_search_chi_does_not_put_a_rare_reading_of_a_common_character_near_the_top(dictionary):
    found = _headwords(dictionary.search("chi", limit=10))
    assert found[:3] == ["吃 chi1", "吃 chi1", "持 chi2"]
    assert "离 chi1" not in found  # 离 is lí; chī is an archaic "mythical beast"


def test_search_to_eat_puts_the_first_sense_first(dictionary):
    assert _headwords(dictionary.search("to eat", limit=2)) == ["吃 chi1", "食 shi2"]


def test_search_pages_beyond_thirty(dictionary, run_cli):
    total = dictionary.search_count("bank")
    assert total > 60
    first, second = dictionary.search("bank", limit=30), dictionary.search("bank", limit=30, offset=30)
    assert len(first) == len(second) == 30 and not set(_headwords(first)) & set(_headwords(second))
    status, out, err = run_cli("search", "bank", "--limit", "2", "--offset", "30")
    assert status == 0 and err == ""
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        f"{e.simplified} ({e.traditional}) [{e.pinyin}]" if e.traditional != e.simplified else f"{e.simplified} [{e.pinyin}]"
        for e in second[:2]
    ]
    status, _, err = run_cli("search", "bank", "--offset", str(total))
    assert status == 1 and err == f"yuedu: nothing found for 'bank' after the first {total}\n"


def test_search_panel_shows_more_results_on_request(qtbot, dictionary):
    from reader.ui.dictionary_panel import DictionaryPanel

    panel = DictionaryPanel(lambda: dictionary)
    qtbot.addWidget(panel)
    panel.search("bank")
    total = dictionary.search_count("bank")
    text = panel.plain_text()
    assert text.startswith(f"30 of {total} results for “bank”")
    assert text.rstrip().endswith(f"More results (30 more of {total - 30})")
    panel._follow(QUrl("more:"))  # the "More results" link
    assert len(panel.results) == 60
    assert panel.plain_text().startswith(f"60 of {total} results for “bank”")
    assert _headwords(panel.results[30:]) == _headwords(dictionary.search("bank", limit=30, offset=30))


# -- moving through a book (item 13) ------------------------------------------------------------------


def test_next_and_previous_article_by_keys_menu_and_paging_on_at_the_end(qtbot, window):
    from PySide6.QtWidgets import QApplication

    keys = window.library_panel.article_keys()
    assert window.current_key == keys[0]
    assert window.book.place_label.text() == "Article 1 of 7"
    assert window.book.next_action.isEnabled() and not window.book.previous_action.isEnabled()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert [a.text() for a in view_menu.actions()][2:4] == ["&Next Article", "&Previous Article"]

    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == keys[1] and window.book.place_label.text() == "Article 2 of 7"
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.book.previous_action.trigger()
    assert window.current_key == keys[0]

    # reading on with Space: at the end of the article, the next one opens
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    assert window.current_key == keys[0]
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert window.current_key == keys[1]
    assert window.view.verticalScrollBar().value() == 0

    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.open_article(keys[-1])
    assert window.book.place_label.text() == "Article 7 of 7" and not window.book.next_action.isEnabled()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert window.current_key == keys[-1]
    assert window.status_label.text() == "The end of the book."


def test_a_one_article_paste_has_no_book_to_move_through(qtbot, window):
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.open_text("他每天早上六点起床，先跑步，再吃早饭。")
    assert window.book.place_label.text() == ""
    assert not window.book.next_action.isEnabled() and not window.book.previous_action.isEnabled()


# -- the vocabulary window (item 9) -------------------------------------------------------------------


@pytest.fixture
def vocabulary_window(qtbot, tmp_path):
    from reader.core.models import Context, Status
    from reader.core.vocabulary import VocabularyStore
    from reader.ui.vocabulary_window import VocabularyWindow

    store = VocabularyStore.open(tmp_path)
    store.add("高兴", "gao1 xing4", ["happy"], Context("见到你很高兴。"), Status.NEW)
    store.add("高兴", "gao1 xing4", ["happy"], Context("他今天不太高兴。"), Status.NEW)
    store.add("中华人民共和国", "Zhong1 hua2 Ren2 min2 Gong4 he2 guo2", ["People's Republic of China"], None, Status.NEW)
    store.add("字幕", "zi4 mu4", ["subtitles"], Context("这部电影有中文字幕吗？"), Status.LEARNING_2)
    window = VocabularyWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _row_of(window, word):
    return next(p for p in range(window.model.rowCount()) if window.model.word_at(p) == word)


def _edit(qtbot, window, word, column, text):
    from PySide6.QtWidgets import QLineEdit

    index = window.model.index(_row_of(window, word), column)
    window.table.setCurrentIndex(index)
    window.table.edit(index)
    editor = window.table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.setText(text)  # typed as an input method would commit it (QTest cannot type ā)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.table.indexWidget(index) is None)  # the delegate commits in a queued call


def test_vocabulary_window_edits_reading_meaning_and_status_with_undo(qtbot, vocabulary_window):
    from PySide6.QtWidgets import QComboBox

    from reader.core.models import Status
    from reader.ui.vocabulary_window import VocabularyTableModel as M

    window, store = vocabulary_window, vocabulary_window.store
    _edit(qtbot, window, "高兴", M.PINYIN, "gāo xing")
    assert store.get("高兴").numbered == "gao1 xing5"
    assert window.model.data(window.model.index(_row_of(window, "高兴"), M.PINYIN)) == "gāo xing"
    _edit(qtbot, window, "字幕", M.DEFINITIONS, "subtitles; captions")
    assert store.get("字幕").definitions == ("subtitles", "captions")

    index = window.model.index(_row_of(window, "字幕"), M.STATUS)
    window.table.setCurrentIndex(index)
    window.table.edit(index)
    combo = window.table.indexWidget(index)
    assert isinstance(combo, QComboBox) and combo.currentText() == "Learning (2)"
    combo.setCurrentIndex(combo.findText("Known (5)"))
    combo.activated.emit(combo.currentIndex())
    assert store.get("字幕").status == Status.KNOWN

    _edit(qtbot, window, "高兴", M.PINYIN, "gao1")  # one syllable for two characters: refused, nothing changed
    assert store.get("高兴").numbered == "gao1 xing5"
    assert window.message.text() == "高兴: 2 characters but 1 syllable in the reading 'gao1'"
    assert window.undo() and store.get("字幕").status == Status.LEARNING_2
    assert window.undo() and store.get("字幕").definitions == ("subtitles",)


def test_vocabulary_window_shows_the_saved_sentences_and_the_whole_pinyin(vocabulary_window):
    from reader.ui.vocabulary_window import VocabularyTableModel as M

    window, model = vocabulary_window, vocabulary_window.model
    row = _row_of(window, "高兴")
    assert model.data(model.index(row, M.SENTENCES)) == "见到你很高兴。 (+1 more)"
    assert "他今天不太高兴。" in model.data(model.index(row, M.SENTENCES), Qt.ItemDataRole.ToolTipRole)
    long = model.data(model.index(_row_of(window, "中华人民共和国"), M.PINYIN))
    assert long == "Zhōng huá Rén mín Gòng hé guó"
    assert window.table.columnWidth(M.PINYIN) >= window.table.fontMetrics().horizontalAdvance(long)


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                  (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)], ids=["Escape", "Ctrl+W"])
def test_vocabulary_window_closes_with_escape_and_ctrl_w(qtbot, vocabulary_window, keys):
    window = vocabulary_window
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(lambda: window.table.hasFocus())
    qtbot.keyClick(window.table, *keys)
    assert not window.isVisible()


# -- pinyin over gappy text (item 14) -----------------------------------------------------------------


RUBY_TEXTS = [
    "“创新链”遇见“产业链”",  # news headline
    "他说：“我们明天去长城，好不好？”",  # novel dialogue
    "先放油，再放葱、姜、蒜，炒香以后加盐。",  # recipe
    "《红楼梦》是中国古典小说的巅峰之作。",  # school
    "哈哈，你又迟到了！老板问你（为什么）不回微信……",  # chat
]


def _laid_out(annotator, text, width=2000.0):
    from reader.ui.fonts import default_family
    from reader.ui.layout import Layouter

    layouter = Layouter(default_family(), 21.0, width, "all")
    return layouter, layouter.layout("paragraph", text, annotator.annotate(text))


@pytest.mark.parametrize("text", RUBY_TEXTS, ids=["news", "novel", "recipe", "school", "chat"])
def test_pinyin_overhangs_punctuation_so_quotes_stay_with_their_words(qapp, annotator, text):
    from reader.ui.layout import RUBY_GAP_EMS, _may_be_overhung

    layouter, layout = _laid_out(annotator, text)
    [line] = layout.lines
    em = layouter.fonts("paragraph").em
    boxes = line.boxes
    for before, after in zip(boxes, boxes[1:]):
        gap = after.text_x - (before.text_x + layouter.fonts("paragraph").width(before.text))
        if _may_be_overhung(before.text) and after.ruby and before.text in "“《（":
            assert gap < 0.01, (before.text, after.text)  # an opening mark touches its word
        if _may_be_overhung(after.text) and before.ruby:
            assert gap < 0.01, (before.text, after.text)  # so does a closing one
    # the pinyin never collides: each word's reaches no further than the next word's, less the gap between them
    spans = [(b.x + b.ruby[0][0], b.x + b.ruby[-1][0] + layouter.fonts("paragraph").ruby_width(b.ruby[-1][1]))
             for b in boxes if b.ruby]
    for (_, right), (left, _) in zip(spans, spans[1:]):
        assert left - right >= em * RUBY_GAP_EMS - 0.01
    # nor does it reach over another word's text
    for box in boxes:
        if box.ruby and not _may_be_overhung(box.text):
            left, right = box.x + box.ruby[0][0], box.x + box.ruby[-1][0]
            for other in boxes:
                if other is not box and not _may_be_overhung(other.text):
                    other_right = other.text_x + layouter.fonts("paragraph").width(other.text)
                    assert other_right <= left + 0.01 or other.text_x >= right - 0.01 or other.ruby


def test_escape_in_the_dictionary_search_goes_back_to_the_text(qtbot, window):
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    window.search_action.trigger()  # Ctrl+L
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.search_box)
    qtbot.keyClicks(window.panel.search_box, "bank")
    qtbot.keyClick(window.panel.search_box, Qt.Key.Key_Return)
    qtbot.keyClick(window.panel.search_box, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.view
    qtbot.keyClick(window.view, Qt.Key.Key_Right)  # the arrows move the word cursor again
    assert window.view.current_token() is not None


def test_the_segmenter_waits_while_the_window_paints_and_never_longer_than_its_limit(qtbot):
    # regression: laying out a screen never seen before took 50-250 ms of the UI thread while the segmenter, taking
    # every other turn on the interpreter lock, doubled it; now the worker gives way between blocks while a paint runs
    import threading
    import time

    from reader.ui import operations

    waited = []

    def worker(limit):
        started = time.perf_counter()
        operations.give_way(limit)
        waited.append(time.perf_counter() - started)

    with operations.ui_busy():
        with operations.ui_busy():  # a paint inside a paint: the outer one decides
            pass
        thread = threading.Thread(target=worker, args=(5.0,))
        thread.start()
        time.sleep(0.15)
        assert thread.is_alive()  # still waiting: the window is painting
    thread.join(2)
    assert not thread.is_alive() and 0.1 < waited[0] < 2
    worker(5.0)
    assert waited[1] < 0.05  # nothing painting: no wait at all
    with operations.ui_busy():
        worker(0.05)  # a window that stays busy never stops the work for longer than the limit
    assert 0.04 < waited[2] < 1
