"""A polyphone's other readings beside the one the text has: the hover card and the dictionary panel say "also: …"."""

import pytest

from reader.core.annotate import also_text
from reader.ui.dictionary_panel import DictionaryPanel
from tests.test_reading_view import hover, make_view, token  # noqa: F401 (make_view is a fixture)


@pytest.mark.parametrize(
    "text, word, pinyin, also",
    [
        ("他还了我的书。", "还", "huán", "also: hái, still"),
        ("我还想再看一遍。", "还", "hái", "also: huán, to pay back"),
        ("她给客人倒了一杯茶。", "倒", "dào", "also: dǎo, to fall; to collapse; to lie horizontally"),
        ("這家銀行很大。", "銀行", "yín háng", ""),  # one reading: nothing else to show
    ],
)
def test_a_tokens_other_readings_come_with_its_reading(annotator, text, word, pinyin, also):
    found = next(t for t in annotator.annotate(text) if t.text == word)
    assert found.pinyin == pinyin
    assert also_text(found.reading.others) == also


@pytest.mark.parametrize(
    "text, word, pinyin, gloss, also",
    [
        ("我请了两天病假，落下了不少功课。", "落下", "là xià", "to leave behind; to fall behind (in one's lessons)", "also: luò xià, to fall"),
        ("天黑了，太阳慢慢落下了。", "落下", "luò xià", "to fall", "also: là xià, to leave behind; to fall behind (in one's lessons)"),
        ("蛋白要打发到硬性发泡。", "打发", "dǎ fā", "to whisk (egg whites, cream) until stiff", "also: dǎ fa, to dispatch sb to do sth"),
        ("請你把這段話重讀一遍。", "重讀", "chóng dú", "to read again", "also: zhòng dú, stress (on a syllable)"),
        ("这个词的第二个音节要重读。", "重读", "zhòng dú", "stress (on a syllable)", "also: chóng dú, to read again"),
        ("往鸡肚子里塞上葱和姜。", "塞上", "sāi shàng", "to stuff in; to plug (with)", ""),  # a phrase CC-CEDICT lacks
    ],
)
def test_an_everyday_sense_the_dictionary_lacks_is_read_and_glossed_as_such(annotator, text, word, pinyin, gloss, also):
    found = next(t for t in annotator.annotate(text) if t.text == word)
    assert (found.pinyin, found.gloss, also_text(found.reading.others)) == (pinyin, gloss, also)


def test_the_gloss_is_the_sense_of_the_reading_used(annotator):
    repaid = next(t for t in annotator.annotate("他还了我的书。") if t.text == "还")
    still = next(t for t in annotator.annotate("我还想再看一遍。") if t.text == "还")
    assert (repaid.gloss, still.gloss) == ("to pay back", "still")


def test_the_hover_card_shows_the_other_readings_under_the_pinyin(qtbot, make_view):
    view = make_view("他还了我的书，我还想再看一遍。")
    hover(qtbot, view, token(view, "还"))
    # the badge after the word depends on the level tables being loaded; the lines under it do not
    assert view.popup.plain_text().splitlines()[1:5] == ["huán", "also: hái, still", "1. to pay back", "2. to return"]
    hover(qtbot, view, token(view, "书"))
    assert not any(line.startswith("also:") for line in view.popup.plain_text().splitlines())


def test_the_dictionary_panel_names_the_other_readings_of_the_word_in_the_text(qtbot, dictionary):
    panel = DictionaryPanel(lambda: dictionary, None)
    qtbot.addWidget(panel)
    panel.show_word("还", "huan2")
    shown = [line.strip() for line in panel.plain_text().splitlines() if line.strip()]
    assert shown[0] == "还" and "also: hái, still" in shown[:3]
    panel.show_word("银行", "yin2 hang2")
    assert not any(line.strip().startswith("also:") for line in panel.plain_text().splitlines())
