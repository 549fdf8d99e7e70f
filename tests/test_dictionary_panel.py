"""The dictionary side panel: entries, classifiers, cross-reference links, characters, related words, search."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QUrl

from reader.core.example_sentences import Example, examples_for
from reader.ui.dictionary_panel import (
    DictionaryPanel,
    classifiers_html,
    definition_html,
    pinyin_html,
    word_from_url,
    word_href,
)


@pytest.fixture
def panel(qtbot, dictionary):
    paragraphs = [("我去银行取钱。他在银行工作！今天下雨。", "Notes"), ("<b>银行</b> & 利率", "Tags")]
    widget = DictionaryPanel(lambda: dictionary, lambda word: examples_for(word, paragraphs))
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    return widget


def lines(panel):
    return [line.strip() for line in panel.plain_text().splitlines() if line.strip()]


def test_word_page_lists_every_entry_with_reading_senses_and_classifiers(panel):
    panel.show_word("银行", "yin2 hang2")
    shown = lines(panel)
    assert shown[:6] == ["银行", "银行 銀行  yín háng in this text", "1.", "bank", "Classifiers 家 jiā · 个 gè", "CHARACTERS"]
    assert [e.numbered for e in panel.current_entries] == ["yin2 hang2"]


@pytest.mark.parametrize(
    "word, reading, readings",
    [
        ("行", "xing2", ["xing2", "hang2", "heng2"]),  # the reading in the text first, the others after
        ("行", "hang2", ["hang2", "heng2", "xing2"]),
        ("了", None, ["le5", "liao3", "liao3", "liao4"]),  # 了 and 瞭 both simplify to 了
        ("着", "zhe5", ["zhe5", "zhao1", "zhao2", "zhuo2"]),
    ],
)
def test_each_reading_is_an_entry_of_its_own_with_the_context_reading_first(panel, word, reading, readings):
    panel.show_word(word, reading)
    assert [e.numbered for e in panel.current_entries] == readings


def test_senses_are_numbered_in_dictionary_order(panel):
    panel.show_word("了", None)
    shown = lines(panel)
    start = shown.index("了  le")
    assert shown[start + 1 : start + 7] == [
        "1.", "(completed action marker)",
        "2.", "(modal particle indicating change of state, situation now)",
        "3.", "(modal particle intensifying preceding clause)",
    ]
    assert "了  liǎo" in shown


def test_traditional_form_is_shown_beside_the_simplified(panel):
    panel.show_word("说", "shuo1")
    assert lines(panel)[1:3] == ["also: shuì, to persuade", "说 說  shuō in this text"]


def test_characters_section_gives_each_character_its_main_readings(panel):
    panel.show_word("银行", "yin2 hang2")
    shown = lines(panel)
    characters = shown[shown.index("CHARACTERS") + 1 : shown.index("CHARACTERS") + 3]
    assert characters[0] == "银  yín silver"
    assert characters[1].startswith("行  háng (bound form) row; line · xíng (bound form) to walk; to go; to travel")


def test_words_containing_the_word_follow_most_common_first(panel):
    panel.show_word("银行", "yin2 hang2")
    shown = lines(panel)
    related = shown[shown.index("WORDS WITH 银行") + 1 :]
    assert related[0] == "商业银行  shāng yè yín háng  commercial bank"
    assert "银行卡  yín háng kǎ  bank card" in related


def test_examples_come_from_the_reading_with_the_word_highlighted_and_escaped(panel):
    panel.show_word("银行", "yin2 hang2")
    shown = lines(panel)
    assert shown[shown.index("IN YOUR READING") + 1 :] == ["我去银行取钱。 — Notes", "他在银行工作！ — Notes", "<b>银行</b> & 利率 — Tags"]
    source = panel.browser.toHtml()
    assert "&lt;b&gt;" in source  # article text is never taken as markup
    assert "background-color" in source  # the word is highlighted in its sentences


def test_unknown_word_says_so_and_still_breaks_into_characters(panel):
    panel.show_word("刘益安", "liu2 yi4 an1")
    shown = lines(panel)
    assert shown[:2] == ["刘益安", "Not in CC-CEDICT — liú yì ān."]
    assert shown[shown.index("CHARACTERS") + 1].startswith("刘  liú (classical) a type of battle-ax · Liú surname Liu")


def test_classifier_sense_renders_as_linked_classifiers():
    shown = classifiers_html("CL:家[jia1],個|个[ge4]", None)
    assert shown == '<a href="word:%E5%AE%B6">家</a> jiā · <a href="word:%E4%B8%AA">个</a> gè'
    assert classifiers_html("bank", None) is None


@pytest.mark.parametrize(
    "definition, target, label",
    [
        ("variant of 為|为[wei2]", "为", "為|为"),
        ("used in 葡萄[pu2 tao5]", "葡萄", "葡萄"),
        ("see 兒子|儿子[er2 zi5]", "儿子", "兒子|儿子"),
        ("abbr. for 葡萄牙[Pu2 tao2 ya2]", "葡萄牙", "葡萄牙"),
    ],
)
def test_cross_references_become_links_to_the_simplified_word(definition, target, label):
    shown = definition_html(definition, None)
    assert f'<a href="{word_href(target)}">{label}</a>' in shown


def test_definition_text_is_escaped():
    assert definition_html("a <b>bold</b> & claim", None) == "a &lt;b&gt;bold&lt;/b&gt; &amp; claim"


def test_pinyin_is_tone_coloured_per_syllable_in_the_chosen_scheme():
    assert pinyin_html("yin2 hang2", "pleco") == '<span style="color:#02b31c">yín</span> <span style="color:#02b31c">háng</span>'
    assert pinyin_html("nu:3 er2", "mdbg") == '<span style="color:#00a000">nǚ</span> <span style="color:#d89000">ér</span>'
    assert pinyin_html("ge4", None) == "gè"


def test_variant_link_navigates_the_panel_and_back_returns(panel):
    panel.show_word("爲")
    assert "variant of 為|为 wéi" in lines(panel)
    panel.browser.anchorClicked.emit(QUrl(word_href("为")))
    assert panel.current_word == "为"
    assert [e.numbered for e in panel.current_entries][:2] == ["wei2", "wei4"]
    panel.back()
    assert panel.current_word == "爲"
    panel.forward()
    assert panel.current_word == "为"


def test_link_round_trips_astral_and_punctuated_words():
    for word in ("𠮷野家", "一·二八", "A型"):
        assert word_from_url(QUrl(word_href(word))) == word
    assert word_from_url(QUrl("https://example.com")) is None


@pytest.mark.parametrize(
    "query, first",
    [
        ("银行", "yin2 hang2"),
        ("yinhang", "yin2 hang2"),
        ("yín háng", "yin2 hang2"),
        ("yin2hang2", "yin2 hang2"),
        ("bank", "yin2 hang2"),
    ],
)
def test_search_box_shows_results_as_entries(panel, qtbot, query, first):
    panel.search_box.setText(query)
    qtbot.keyClick(panel.search_box, "\r")
    assert panel.results and panel.results[0].numbered == first
    shown = lines(panel)
    assert shown[0].endswith(f"for “{query}”")
    assert shown[1] == "银行 銀行  yín háng"


def test_search_result_headword_links_to_its_page(panel):
    panel.search("yinhang")
    assert f'href="{word_href("银行")}"' in panel.browser.toHtml()


def test_search_with_no_result_says_how_to_search(panel):
    panel.search("qqqzzz")
    assert panel.results == []
    assert lines(panel)[0] == "0 results for “qqqzzz”"


def test_save_button_asks_to_save_the_word_with_its_reading(panel, qtbot):
    panel.set_saving_enabled(True)
    panel.show_word("行", "hang2")
    with qtbot.waitSignal(panel.save_requested) as signal:
        panel.save_button.click()
    assert signal.args == ["行", "hang2"]


def test_examples_for_splits_sentences_and_stops_at_the_limit():
    paragraphs = [("一。二有字。三有字！四有字？", "A"), ("五有字", "B")]
    found = examples_for("有字", paragraphs, limit=3)
    assert found == [Example("二有字。", "A"), Example("三有字！", "A"), Example("四有字？", "A")]


def test_dark_theme_lifts_tone_colours_so_they_read_on_a_dark_background():
    from PySide6.QtGui import QColor

    from reader.ui.dictionary_panel import tone_colours

    assert tone_colours("pleco") == ("", "#e30000", "#02b31c", "#1510f0", "#8900bf", "#777777")
    dark = tone_colours("pleco", dark=True)
    assert all(QColor(colour).lightnessF() >= 0.6 for colour in dark[1:5])
    assert QColor(dark[3]).hslHueF() == pytest.approx(QColor("#1510f0").hslHueF(), abs=0.01)  # still blue
    assert tone_colours(None, dark=True) is None


@pytest.mark.parametrize(
    "word, reading, sense",
    [
        ("落下", "la4 xia4", "to leave behind; to fall behind (in one's lessons)"),
        ("打发", "da3 fa1", "to whisk (egg whites, cream) until stiff"),
    ],
)
def test_an_everyday_sense_cc_cedict_lacks_is_the_first_entry_when_the_text_reads_it(panel, word, reading, sense):
    """Regression: the hover card glossed 落下 là xià "leave behind", but the panel showed only luò xià's entry."""
    panel.show_word(word, reading)
    shown = lines(panel)
    start = next(i for i, line in enumerate(shown) if line.endswith("in this text"))
    assert shown[start].startswith(f"{word}  ")
    assert shown[start + 1 : start + 4] == ["1.", sense, "An everyday sense CC-CEDICT does not list."]
    assert shown[start - 1].startswith("also: ")  # the dictionary's own readings stay listed after it


def test_no_everyday_entry_where_cc_cedict_has_the_reading(panel):
    panel.show_word("落下", "luo4 xia4")
    assert "An everyday sense CC-CEDICT does not list." not in panel.plain_text()


def sentences_by_splitting(word, paragraphs, limit):
    """The examples as first found: every paragraph split into all its sentences."""
    from reader.core.example_sentences import _SENTENCE_END

    found, seen = [], set()
    for paragraph, source in paragraphs:
        for sentence in _SENTENCE_END.split(paragraph) if word in paragraph else []:
            sentence = sentence.strip()
            if word in sentence and sentence not in seen:
                seen.add(sentence)
                found.append(Example(sentence, source))
                if len(found) >= limit:
                    return found
    return found


@given(st.lists(st.text(alphabet="ab好。！？!?；;…\n ", max_size=60), max_size=4),
       st.text(alphabet="ab好。！？…\n ", min_size=1, max_size=3), st.integers(1, 8))
def test_examples_are_the_sentences_splitting_would_find(texts, word, limit):
    # regression: clicking a word in a 2,000,000-character line split all of it into sentences, ~0.4 s of the UI thread
    paragraphs = [(text, f"source {number}") for number, text in enumerate(texts)]
    assert examples_for(word, paragraphs, limit) == sentences_by_splitting(word, paragraphs, limit)


def test_examples_in_a_very_long_line_come_from_around_each_occurrence():
    line = "他推开门，雨已经停了。" * 20_000 + "她在银行工作！" + "我们明天见。" * 20_000
    assert examples_for("银行", [(line, "Novel")]) == [Example("她在银行工作！", "Novel")]
    assert examples_for("雨", [(line, "Novel")]) == [Example("他推开门，雨已经停了。", "Novel")]
