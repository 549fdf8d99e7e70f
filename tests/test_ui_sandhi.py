"""The sandhi of 一 and 不 in the window: off by default; when on, the pinyin over the words and on the hover card
read 不是 bú shì and 一起 yì qǐ, while tokens, the dictionary panel and saved words keep the dictionary tones."""

import json

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QMessageBox

from reader.ui import operations
from reader.core.tones import TONE_SCHEMES
from reader.ui.reading_view import Block, ReadingView
from reader.ui.settings import SETTINGS_FILE, Settings

PLECO = TONE_SCHEMES["pleco"]
TEXT = "这不是我的书。我们一起去看一看，他是第一个来的。大家要统一。"


@pytest.fixture
def make_view(qtbot, annotator):
    """A shown view on the given paragraphs, segmented, with pinyin over every word."""

    def make(*texts, sandhi=False):
        view = ReadingView()
        qtbot.addWidget(view)
        view.resize(900, 500)
        view.set_ruby_mode("all")
        view.set_tone_sandhi(sandhi)
        view.show()
        qtbot.waitExposed(view)
        blocks = [Block("paragraph", text) for text in texts]
        view.set_blocks(blocks)
        for index, block in enumerate(blocks):
            view.set_block_tokens(index, annotator.annotate(block.text))
        view.viewport().repaint()
        return view

    return make


def token(view, word):
    return next(t for b in view.blocks() for t in (b.tokens or []) if t.text == word)


def ruby_over(view, *words) -> dict[str, str]:
    """The pinyin drawn over each of ``words`` on screen now (words in the order they are drawn)."""
    drawn = view.drawn_ruby()
    shown = [t for b in view.blocks() for t in (b.tokens or []) if t.is_chinese]
    assert len(drawn) == len(shown), (drawn, [t.text for t in shown])
    pairs = {}
    for tok, pinyin in zip(shown, drawn):
        pairs.setdefault(tok.text, pinyin)
    return {word: pairs[word] for word in words}


def hover_card(qtbot, view, word):
    rect = view.token_rect(token(view, word))
    assert not rect.isEmpty()
    qtbot.mouseMove(view.viewport(), QPoint(2, view.viewport().height() - 2))  # off the text first
    qtbot.mouseMove(view.viewport(), rect.center())
    assert view.popup_visible()
    return view.popup.plain_text().split("\n")[1], view.popup.pinyin_colors()


WORDS = ("不是", "一起", "看一看", "第一个", "统一", "我们")


def test_without_the_option_the_pinyin_keeps_the_dictionary_tones(make_view):
    view = make_view(TEXT)
    assert not view.tone_sandhi()
    assert ruby_over(view, *WORDS) == {
        "不是": "bùshì", "一起": "yīqǐ", "看一看": "kànyīkàn", "第一个": "dìyīgè", "统一": "tǒngyī", "我们": "wǒmen",
    }


def test_with_the_option_one_and_bu_are_written_as_spoken(make_view):
    view = make_view(TEXT, sandhi=True)
    assert ruby_over(view, *WORDS) == {
        "不是": "búshì", "一起": "yìqǐ", "看一看": "kànyikàn", "第一个": "dìyīgè", "统一": "tǒngyī", "我们": "wǒmen",
    }


def test_toggling_the_option_redraws_the_words_on_screen(make_view):
    view = make_view(TEXT)
    assert ruby_over(view, "不是")["不是"] == "bùshì"
    view.set_tone_sandhi(True)
    assert ruby_over(view, "不是", "一起") == {"不是": "búshì", "一起": "yìqǐ"}
    view.set_tone_sandhi(False)
    assert ruby_over(view, "不是", "一起") == {"不是": "bùshì", "一起": "yīqǐ"}


@pytest.mark.parametrize(
    "text, word, plain, spoken",
    [
        ("一个人来了。", "一个", "yīge", "yíge"),
        ("我不去。", "不", "bù", "bú"),
        ("我不想去。", "不想", "bùxiǎng", "bùxiǎng"),
        ("他不会来。", "不会", "bùhuì", "búhuì"),
        ("一天", "一天", "yītiān", "yìtiān"),
        ("一样", "一样", "yīyàng", "yíyàng"),
        ("一九八四年", "一九八四年", "yījiǔbāsìnián", "yījiǔbāsìnián"),
        ("第一", "第一", "dìyī", "dìyī"),
    ],
)
def test_sandhi_over_single_words(make_view, text, word, plain, spoken):
    assert ruby_over(make_view(text), word)[word] == plain
    assert ruby_over(make_view(text, sandhi=True), word)[word] == spoken


def test_a_paragraph_ending_in_yi_keeps_yi_before_the_next_paragraph(make_view):
    # 统一 ends its block: the 是 that opens the next block is not the syllable after it
    view = make_view("全国统一", "是大事。", sandhi=True)
    assert ruby_over(view, "统一")["统一"] == "tǒngyī"


def test_the_hover_card_shows_what_is_drawn_over_the_word(qtbot, make_view):
    view = make_view(TEXT)
    assert hover_card(qtbot, view, "不是") == ("bù shì", [("bù", PLECO[4]), ("shì", PLECO[4])])
    view.set_tone_sandhi(True)
    assert hover_card(qtbot, view, "不是") == ("bú shì", [("bú", PLECO[2]), ("shì", PLECO[4])])
    assert hover_card(qtbot, view, "一起") == ("yì qǐ", [("yì", PLECO[4]), ("qǐ", PLECO[3])])
    assert hover_card(qtbot, view, "第一个") == ("dì yī gè", [("dì", PLECO[4]), ("yī", PLECO[1]), ("gè", PLECO[4])])


def test_tokens_keep_the_dictionary_tones(make_view):
    view = make_view(TEXT, sandhi=True)
    assert view.drawn_ruby()  # laid out with the sandhi
    assert [token(view, w).numbered for w in ("不是", "一起", "看一看")] == ["bu4 shi4", "yi1 qi3", "kan4 yi1 kan4"]
    assert view.shown_reading(0, view.blocks()[0].tokens.index(token(view, "不是"))) == "bu2 shi4"


def _ink_colour_above(view, word) -> tuple[int, int, int]:
    """The most saturated colour drawn in the pinyin band over the first character of ``word``."""
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    with QPainter(image) as painter:
        view.paint_to(painter, view.viewport().rect())
    rect = view.token_rect(token(view, word))
    line_top = rect.top() - view.line_height_of(0) // 2
    best, best_saturation = (0, 0, 0), -1
    for x in range(rect.left(), rect.left() + rect.width() // 2):
        for y in range(max(0, line_top), rect.top()):
            colour = image.pixelColor(x, y)
            if colour.hsvSaturation() > best_saturation:
                best, best_saturation = (colour.red(), colour.green(), colour.blue()), colour.hsvSaturation()
    return best


def _nearest_tone(rgb) -> int:
    def distance(name):
        value = int(name[1:], 16)
        return sum((a - b) ** 2 for a, b in zip(rgb, ((value >> 16) & 255, (value >> 8) & 255, value & 255)))

    return min(range(1, 5), key=lambda tone: distance(PLECO[tone]))


def test_the_sandhi_tone_is_drawn_in_its_tone_colour(make_view):
    view = make_view("这不是书。")
    assert _nearest_tone(_ink_colour_above(view, "不是")) == 4  # bù in the fourth tone's blue
    view.set_tone_sandhi(True)
    assert _nearest_tone(_ink_colour_above(view, "不是")) == 2  # bú in the second tone's green


# -- the window: the View menu, the setting, the panel ----------------------------------------------


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: None)
    monkeypatch.setattr("reader.ui.plain_text.show_warning", lambda *a, **k: None)


def make_window(qtbot, data_dir):
    from reader.core.session import Session
    from reader.ui.main_window import MainWindow

    session = Session(data_dir=data_dir)
    window = MainWindow(session, Settings.load(session.data_dir), interactive=False)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(TEXT + "\n", encoding="utf-8")
    return path


def open_article(qtbot, window, path):
    with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
        window.open_paths([str(path)])
    window.set_ruby_mode("all")


def view_menu_actions(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    return [a for a in menu.actions() if not a.isSeparator()]


def test_the_option_is_off_by_default_and_not_written_to_the_settings_file(qtbot, _isolated_data_dir, annotator, article):
    assert Settings().tone_sandhi is False
    assert Settings.load(_isolated_data_dir).tone_sandhi is False
    window = make_window(qtbot, _isolated_data_dir)
    open_article(qtbot, window, article)
    assert not window.sandhi_action.isChecked() and not window.view.tone_sandhi()
    assert ruby_over(window.view, "不是")["不是"] == "bùshì"
    window.close()
    stored = json.loads((_isolated_data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert "tone_sandhi" not in stored


def test_the_view_menu_action_turns_it_on_and_it_survives_a_restart(qtbot, _isolated_data_dir, annotator, article):
    window = make_window(qtbot, _isolated_data_dir)
    open_article(qtbot, window, article)
    actions = view_menu_actions(window)
    assert window.sandhi_action in actions
    assert window.sandhi_action.isCheckable()
    # next to the tone-colour actions
    assert actions.index(window.sandhi_action) == actions.index(window.tone_action) + len(window.scheme_actions.actions()) + 1
    window.sandhi_action.trigger()
    assert window.sandhi_action.isChecked() and window.settings.tone_sandhi
    assert ruby_over(window.view, "不是", "一起", "第一个") == {"不是": "búshì", "一起": "yìqǐ", "第一个": "dìyīgè"}
    window.close()
    stored = json.loads((_isolated_data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert stored["tone_sandhi"] is True
    assert Settings.load(_isolated_data_dir).tone_sandhi is True

    again = make_window(qtbot, _isolated_data_dir)
    open_article(qtbot, again, article)
    assert again.sandhi_action.isChecked() and again.view.tone_sandhi()
    assert ruby_over(again.view, "不是", "一起") == {"不是": "búshì", "一起": "yìqǐ"}
    again.sandhi_action.trigger()
    assert not again.settings.tone_sandhi
    assert ruby_over(again.view, "不是", "一起") == {"不是": "bùshì", "一起": "yīqǐ"}


def test_the_panel_and_saved_words_keep_the_dictionary_tones(qtbot, _isolated_data_dir, annotator, article):
    window = make_window(qtbot, _isolated_data_dir)
    open_article(qtbot, window, article)
    window.set_tone_sandhi(True)
    selected = window.view.select_first("不是")
    assert selected.numbered == "bu4 shi4"
    assert window.view.popup.plain_text().split("\n")[1] == "bú shì"  # the card: as spoken
    panel = window.panel.plain_text()
    assert "bù shì" in panel and "bú shì" not in panel  # the dictionary: its own tones
    window.save_word()
    operations.wait_until_idle()  # the change is written off the UI thread
    assert window.session.vocabulary.get("不是").numbered == "bu4 shi4"
