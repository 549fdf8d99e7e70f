"""The native cut (rjieba) gives exactly the reference cut's tokens (Python jieba over the same dictionary)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.segment import SEGMENTER_ENV, Segmenter
from reader.core.traditional import simplify

pytest.importorskip("rjieba")

GENRES = [
    "他推开门，雨已经停了，巷子里只剩下路灯昏黄的光。",  # novel
    "哈哈哈你在干嘛呢？？晚上一起吃火锅不😂👍",  # chat
    "将五花肉切成2厘米见方的块，冷水下锅焯水3分钟。",  # recipe
    "同学们，请把课本翻到第35页，完成练习一和练习二。",  # school
    "请各部门于11月30日前提交2026年度预算（Excel格式）至财务部。",  # office
    "- 你确定吗？\n- 我从来没有这么确定过。\r\n",  # subtitles
    "這本書的作者曾經在臺灣住過很多年。",  # traditional
    "用Wi-Fi连上http://example.com/a?b=1，下载COVID-19数据的3.5%样本。",
    "他买了iPhone 15和一件T恤，在A股赚了1,000元，卡拉OK唱到凌晨。",
    "C++和c#的区别；AT&T的股价涨了+2.5%。x.y.z_v1--beta",
    "1902-1907年间，苯二氮䓬类药物；㺢㹢狓是一种动物；𫚉鱼很少见。",
    "Ｅｍａｉｌ：ａｂｃ＠１２３．ｃｏｍ　全角空格　和  两个空格\t制表符",
    "e\u0301 👨\u200d👩\u200d👧 🇨🇳🇯🇵 mixed 한국어 日本語のテキスト",
]


@pytest.fixture(scope="module")
def engines(dictionary):
    native = Segmenter(dictionary.headwords, dictionary.cache_key, engine="native")
    reference = Segmenter(dictionary.headwords, dictionary.cache_key, engine="python")
    return native, reference


@pytest.mark.parametrize("text", GENRES)
def test_native_cut_gives_the_reference_tokens_in_every_genre(engines, text):
    native, reference = engines
    assert native.engine == "rjieba" and reference.engine == "jieba"
    assert native.cut(text) == reference.cut(text)
    for hmm in (True, False):  # the engines are given simplified text (the cut's twin of a traditional one)
        assert native.raw_cut(simplify(text), hmm) == reference.raw_cut(simplify(text), hmm)
    assert "".join(native.cut(text)) == text


def test_native_cut_leaves_out_the_words_only_traditional_text_holds_and_scores_routes_as_before(engines):
    """The cut is given simplified text only, so CC-CEDICT's traditional forms (臺灣, 曾經) are not added to the native
    dictionary; their counts are (one word carries them all), or the total every route is divided by would shrink
    and cuts that weigh one long word against two short ones would change."""
    native, reference = engines
    jieba_rs = native._engine._native_cut.__self__
    assert not jieba_rs.has_word("曾經") and not jieba_rs.has_word("這本書")
    assert jieba_rs.has_word("红烧肉") and jieba_rs.has_word("斗牛士之歌")  # jieba's own word, and CC-CEDICT's
    for text in GENRES + ["這本書的作者曾經在臺灣住過很多年。", "研究生命起源", "结婚的和尚未结婚的", "他说的确实在理"]:
        assert native.cut(text) == reference.cut(text)


def test_a_lone_surrogate_is_cut_as_python_jieba_cuts_it_not_a_crash_of_the_native_cut(engines, annotator):
    """Regression: jieba-rs cannot be given a lone surrogate (text pasted from a broken source), and the native cut
    raised UnicodeEncodeError; Python jieba keeps one as a word of its own."""
    native, reference = engines
    for text in ["我们\ud800去银行。", "\udcff开头", "结尾\udfff", "他说\ud83d好\ude00吧。"]:
        for hmm in (True, False):
            assert native.raw_cut(text, hmm) == reference.raw_cut(text, hmm)
        assert native.cut(text) == reference.cut(text)
    tokens = annotator.annotate("我们\ud800去银行。")
    assert [(t.text, t.numbered) for t in tokens] == [("我们", "wo3 men5"), ("\ud800", ""), ("去", "qu4"),
                                                     ("银行", "yin2 hang2"), ("。", "")]


def test_native_cut_splits_latin_runs_as_python_jieba_does(engines):
    native, _ = engines
    assert native.raw_cut("用Wi-Fi上网") == ["用", "Wi", "-", "Fi", "上网"]
    assert native.raw_cut("涨了3.5%", hmm=True)[-1] == "3.5%"
    assert native.raw_cut("涨了3.5%", hmm=False)[-4:] == ["3", ".", "5", "%"]
    assert native.raw_cut("1902-1907年", hmm=False) == ["1902", "-", "1907", "年"]
    assert native.raw_cut("C++很难", hmm=False)[0] == "C++"


def test_native_cut_keeps_rarer_hanzi_apart_as_python_jieba_does(engines):
    native, reference = engines
    # jieba-rs alone would keep 苯二氮䓬 whole; Python jieba does not see 䓬 (CJK extension A) as a hanzi
    for hmm in (True, False):
        assert native.raw_cut("苯二氮䓬类", hmm) == reference.raw_cut("苯二氮䓬类", hmm)
        assert "䓬" in native.raw_cut("苯二氮䓬类", hmm)


def test_sample_page_is_cut_the_same_by_both(engines, annotator):
    from tests.conftest import SAMPLE

    native, reference = engines
    text = SAMPLE.read_text(encoding="utf-8")
    assert native.cut(text) == reference.cut(text)


def test_annotate_json_is_the_same_with_either_cut(engines, dictionary):
    from reader.core.annotate import Annotator
    from reader.core.tokens_json import tokens_to_json
    from reader.core.polyphone import default_context_reader

    native, reference = engines
    text = "\n".join(GENRES)
    fast = Annotator(dictionary, native, context=default_context_reader())
    slow = Annotator(dictionary, reference, context=default_context_reader())
    assert tokens_to_json(fast.annotate(text)) == tokens_to_json(slow.annotate(text))


_PIECES = st.sampled_from(
    ["我们", "银行", "的", "了", "长", "行", "一", "不", "䓬", "𫚉", "㺢", "iPhone", "COVID-19", "3.5%", "2024年", "C++",
     "c#", "AT&T", "x.y", "_", "-", "+", "#", "&", ".", "%", " ", "  ", "\n", "\r\n", "\t", "，", "。", "!", "é",
     "e\u0301", "👍", "🇨🇳", "\u200d", "１２", "　", "T恤", "A股", "卡拉OK", "abc", "123", "http://a.b/c?d=1"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=30))
def test_native_cut_equals_the_reference_on_any_mixture(engines, pieces):
    native, reference = engines
    text = "".join(pieces)
    assert _same_or_tied(native.cut(text), reference.cut(text))
    assert _same_or_tied(native.raw_cut(simplify(text), True), reference.raw_cut(simplify(text), True))


def _same_or_tied(native: list[str], reference: list[str]) -> bool:
    """The same words, or the same words in another order: two routes through the text with equal scores."""
    from collections import Counter

    return native == reference or ("".join(native) == "".join(reference) and Counter(native) == Counter(reference))


def test_a_tie_between_two_routes_is_broken_the_other_way_natively(engines):
    """Regression: the mixture test failed now and then on 长长长. 长|长长 and 长长|长 score exactly the same in
    jieba's route (the same two words); Python jieba takes the longer first word, jieba-rs the shorter. No reader
    can call either better."""
    native, reference = engines
    assert reference.raw_cut("长长长我们了", False) == ["长长", "长", "我们", "了"]
    assert native.raw_cut("长长长我们了", False) == ["长", "长长", "我们", "了"]
    assert _same_or_tied(native.cut("他长长长地叹了口气"), reference.cut("他长长长地叹了口气"))


def test_the_reference_cut_is_used_when_asked_or_when_rjieba_is_missing(dictionary, monkeypatch):
    import importlib.util

    monkeypatch.setenv(SEGMENTER_ENV, "python")
    assert Segmenter(dictionary.headwords, dictionary.cache_key).engine == "jieba"
    monkeypatch.delenv(SEGMENTER_ENV)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "rjieba" else real_find_spec(name, *a))
    assert Segmenter(dictionary.headwords, dictionary.cache_key).engine == "jieba"


def test_a_text_longer_than_one_native_call_is_cut_as_the_reference_cuts_it(engines):
    # jieba-rs holds the GIL for a whole call, so a long text goes to it in pieces ending at CJK punctuation
    from reader.core.segment import NATIVE_PIECE

    native, reference = engines
    text = simplify("".join(GENRES)) * (3 * NATIVE_PIECE // len("".join(GENRES)) + 1)  # the engines get simplified text
    assert len(text) > 3 * NATIVE_PIECE
    for hmm in (True, False):
        assert native.raw_cut(text, hmm) == reference.raw_cut(text, hmm)
    no_marks = "这是一个没有标点的很长的句子" * (NATIVE_PIECE // 10)  # nowhere to cut: one call, the same words
    assert native.raw_cut(no_marks, False) == reference.raw_cut(no_marks, False)
