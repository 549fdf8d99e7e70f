import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.tokens_json import tokens_to_json
from reader.core.segment import join_graphemes


def words(annotator, text):
    return [(t.text, t.pinyin) for t in annotator.annotate(text) if t.is_chinese]


@pytest.mark.parametrize(
    "sentence, word, pinyin, numbered",
    [
        ("我去银行取钱。", "银行", "yín háng", "yin2 hang2"),
        ("他在路上行走。", "行走", "xíng zǒu", "xing2 zou3"),
        ("孩子长大了。", "长大", "zhǎng dà", "zhang3 da4"),
        ("他是我们的校长。", "校长", "xiào zhǎng", "xiao4 zhang3"),
        ("我的女儿喜欢绿色。", "女儿", "nǚ ér", "nu:3 er2"),
        ("我的女儿喜欢绿色。", "绿色", "lǜ sè", "lu:4 se4"),
        ("你去哪儿？", "哪儿", "nǎ r", "na3 r5"),
        ("我们跑马拉松比赛。", "马拉松", "mǎ lā sōng", "ma3 la1 song1"),
        ("行长说了。", "行长", "háng zhǎng", "hang2 zhang3"),
        ("我了解这个问题。", "了解", "liǎo jiě", "liao3 jie3"),
        ("这家企业推出了新产品。", "企业", "qǐ yè", "qi3 ye4"),
        ("北京是中国的首都。", "北京", "Běi jīng", "Bei3 jing1"),
    ],
)
def test_reading_in_context(annotator, sentence, word, pinyin, numbered):
    token = next(t for t in annotator.annotate(sentence) if t.text == word)
    assert (token.pinyin, token.numbered) == (pinyin, numbered)
    assert token.in_dictionary


def test_gloss_is_first_definition_of_the_reading_used(annotator):
    tokens = {t.text: t for t in annotator.annotate("他是银行的行长，不是校长。")}
    assert tokens["银行"].gloss == "bank"
    assert tokens["行长"].gloss == "bank president"
    assert tokens["校长"].gloss == "(college, university) president"


def test_word_missing_from_cedict_gets_gloss_from_its_parts(annotator):
    token = next(t for t in annotator.annotate("科技成果转化") if t.text == "科技成果")
    assert not token.in_dictionary
    assert token.gloss == "科技: science and technology · 成果: result"
    assert token.numbered == "ke1 ji4 cheng2 guo3"


def test_name_missing_from_cedict_is_read_and_glossed_as_a_name(annotator):
    token = next(t for t in annotator.annotate("王小明说") if t.text == "王小明")
    assert not token.in_dictionary
    assert token.gloss == "Wáng Xiǎo míng, a name: 王 surname Wang · 小 small · 明 bright"
    assert token.pinyin == "Wáng Xiǎo míng"


def test_non_chinese_tokens_have_no_reading(annotator):
    tokens = annotator.annotate("DeepSeek推出了大模型, 2025年")
    latin = next(t for t in tokens if t.text == "DeepSeek")
    assert (latin.pinyin, latin.numbered, latin.gloss, latin.in_dictionary) == ("", "", None, False)


@pytest.mark.parametrize(
    "text, piece",
    [
        ("吉野家和𠮷野家", "𠮷"),
        ("𪚥字很复杂", "𪚥"),
        ("全角ＡＢＣ１２３字母", "Ａ"),
        ("家庭👨‍👩‍👧表情", "👨‍👩‍👧"),
        ("国旗🇨🇳🇯🇵", "🇨🇳"),
        ("组合字符e\u0301结束", "e\u0301"),
        ("点赞👍🏽好", "👍🏽"),
    ],
)
def test_unusual_characters_pass_through_intact(annotator, text, piece):
    tokens = annotator.annotate(text)
    assert "".join(t.text for t in tokens) == text
    assert any(t.text == piece for t in tokens)
    for token in tokens:
        assert text[token.start : token.end] == token.text


def test_astral_hanzi_offsets_count_code_points(annotator):
    tokens = annotator.annotate("𠮷野家好")
    last = tokens[-1]
    assert (last.text, last.start, last.end) == ("好", 3, 4)


def test_numbered_has_one_syllable_per_hanzi(annotator):
    for token in annotator.annotate((__import__("tests.conftest").conftest.SAMPLE).read_text(encoding="utf-8")):
        hanzi = sum(1 for ch in token.text if "\u4e00" <= ch <= "\u9fff")
        assert len(token.numbered.split()) == hanzi, token


def test_tokens_json_matches_token_fields(annotator):
    tokens = annotator.annotate("我去银行。OK")
    data = json.loads(tokens_to_json(tokens))
    assert data["tokens"] == [t.to_json() for t in tokens]
    assert data["tokens"][2] == {
        "text": "银行",
        "start": 2,
        "end": 4,
        "pinyin": "yín háng",
        "numbered": "yin2 hang2",
        "gloss": "bank",
        "in_dictionary": True,
    }


def test_regression_combining_mark_after_hanzi_is_not_split_off(annotator):
    tokens = annotator.annotate("字\u0301")
    assert [t.text for t in tokens] == ["字\u0301"]


def test_join_graphemes_keeps_zwj_sequences_whole():
    assert join_graphemes(["a", "👨", "\u200d", "👩", "b"]) == ["a", "👨\u200d👩", "b"]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=60))
def test_tokens_cover_arbitrary_unicode_exactly(annotator, text):
    tokens = annotator.annotate(text)
    assert "".join(t.text for t in tokens) == text
    position = 0
    for token in tokens:
        assert token.start == position and token.text
        assert text[token.start : token.end] == token.text
        position = token.end
    assert position == len(text)


_CJKISH = st.characters(
    codec="utf-8",
    categories=("Lo", "Mn", "Nd", "Po", "Zs", "So", "Cc"),
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from("银行长大了的我们𠮷𪚥ＡＢ１\u200d\u0301👍🏽🇨\n，。"), _CJKISH), max_size=80))
def test_tokens_cover_chinese_heavy_text_exactly(annotator, text):
    tokens = annotator.annotate(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)
