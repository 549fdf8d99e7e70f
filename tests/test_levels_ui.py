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


def test_the_window_loads_the_tables_off_its_thread_and_shows_them(qtbot, _isolated_data_dir, annotator):
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir), SAMPLE)
    assert window.word_level("创新").badge() == "HSK 5 · #909"
    window.panel.show_word("创新", "chuang4 xin1")
    assert "HSK 5 · the 909th most common word (Zipf 5.1)" in window.panel.plain_text()
