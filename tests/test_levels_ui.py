"""The HSK band and frequency of a word in the window: a badge on the hover card, a line in the dictionary panel."""

import pytest
from PySide6.QtCore import QPoint

from reader.core.session import Session
from reader.ui.dictionary_panel import DictionaryPanel
from tests.conftest import SAMPLE
from tests.test_main_window import make_window, open_and_wait
from tests.test_reading_view import hover, make_view, token  # noqa: F401 (make_view is a fixture)


@pytest.fixture(autouse=True)
def _mouse_away_afterwards(qtbot):
    """Leave the pointer elsewhere: a later test hovering the same spot must see the mouse move there."""
    yield
    from PySide6.QtGui import QCursor

    QCursor.setPos(QPoint(0, 0))


def test_the_hover_card_carries_the_band_and_rank_badge(qtbot, make_view):
    levels = Session().levels
    view = make_view("我们去银行取钱，然后在公园里行走。")
    view.level_of = levels.level
    hover(qtbot, view, token(view, "银行"))
    assert view.popup.plain_text() == "银行 銀行 [HSK 3 · #570]\nyín háng\n1. bank\n2. classifier: 家 jiā, 个 gè"
    assert view.popup.level_label.toolTip() == "HSK 3 · the 570th most common word (Zipf 5.3)"
    hover(qtbot, view, token(view, "行走"))
    assert view.popup.plain_text().splitlines()[0] == "行走 [HSK 5 · #6,687]"


def test_no_badge_until_the_tables_are_loaded(qtbot, make_view):
    view = make_view("我们去银行取钱。")
    view.level_of = lambda word: None
    hover(qtbot, view, token(view, "银行"))
    assert not view.popup.level_label.isVisibleTo(view.popup)
    assert view.popup.plain_text().splitlines()[0] == "银行 銀行"


def test_the_panel_says_the_band_and_how_common_the_word_is(qtbot, dictionary):
    levels = Session().levels
    panel = DictionaryPanel(lambda: dictionary)
    qtbot.addWidget(panel)
    panel.level_of = levels.level
    panel.show_word("經濟", "jing1 ji4")
    shown = [line.strip() for line in panel.plain_text().splitlines() if line.strip()]
    assert shown[:2] == ["經濟", "HSK 4 · the 136th most common word (Zipf 5.9)"]
    panel.show_word("新质生产力", None)
    assert "not in the HSK lists · rare (fewer than one in a million words)" in panel.plain_text()


def test_the_window_loads_the_tables_off_its_thread_and_shows_them(qtbot, _isolated_data_dir, annotator, monkeypatch):
    from reader.core import levels

    monkeypatch.setattr(levels, "_TABLES", None)  # as in a new process: the window loads them after the text
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)
    qtbot.waitUntil(window.session.levels.loaded, timeout=30_000)
    assert window.word_level("创新").badge() == "HSK 5 · #909"
    window.panel.show_word("创新", "chuang4 xin1")
    assert "HSK 5 · the 909th most common word (Zipf 5.1)" in window.panel.plain_text()


def _tints(view, block=0) -> dict[str, int]:
    """Each word box of a block and its tint key, as laid out now."""
    layout = view._ensure_layout(block)[0]
    return {box.text: box.tint for line in layout.lines for box in line.boxes if box.token >= 0}


def test_the_text_can_be_tinted_by_hsk_band(qtbot, make_view):
    from reader.core.models import Status
    from reader.ui.word_tints import HSK_KEY, tint_function

    levels = Session().levels
    levels.level("的")
    view = make_view("我们去银行取钱，王老师说新质生产力很重要。")
    view.set_status_lookup({"银行": Status.NEW}.get)
    # by learning status (the default): only the saved new word is tinted
    assert {word: key for word, key in _tints(view).items() if key} == {"银行": 1}
    view.set_tint(tint_function("hsk", levels))
    tints = _tints(view)
    assert tints["我们"] == HSK_KEY + 1 and tints["银行"] == HSK_KEY + 3 and tints["重要"] == HSK_KEY + 3
    assert tints["王老师"] == HSK_KEY  # 王 is in no list: beyond the lists
    assert tints["生产力"] == HSK_KEY + 5
    view.set_tint(tint_function("off", levels))
    assert not any(_tints(view).values())
    assert not any(line.tinted for line in view._ensure_layout(0)[0].lines)


def test_the_hsk_tint_is_chosen_in_the_view_menu_shows_a_legend_and_is_remembered(qtbot, _isolated_data_dir, annotator):
    from reader.ui.word_tints import HSK_KEY

    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    hsk = next(a for a in view_menu.actions() if a.text() == "Tint Words by &HSK Level")
    assert not window.word_tints.legend.isVisibleTo(window)
    hsk.trigger()
    assert hsk.isChecked() and window.settings.word_tint == "hsk"
    assert window.word_tints.legend.isVisibleTo(window)
    assert [chip.text() for chip in window.word_tints.legend.chips] == ["1", "2", "3", "4", "5", "6", "7-9", "beyond"]
    block = next(i for i, b in enumerate(window.view.blocks()) if "创新" in b.text and b.tokens)
    assert _tints(window.view, block)["创新"] == HSK_KEY + 5
    window.save_settings()
    window.close()
    again = make_window(qtbot, _isolated_data_dir)
    assert again.settings.word_tint == "hsk" and again.word_tints.legend.isVisibleTo(again)
