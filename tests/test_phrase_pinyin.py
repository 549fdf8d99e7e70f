"""pypinyin's readings from Yuedu's compact tables are pypinyin's own, for every phrase, character and headword."""

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import phrase_pinyin


@pytest.fixture(scope="module")
def reference():
    """pypinyin itself, asked the question Yuedu asks (numbered syllables, 5 for the neutral tone)."""
    from pypinyin import Style
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    lazy = Pinyin(UltimateConverter(neutral_tone_with_five=True)).lazy_pinyin
    return lambda word: lazy(word, style=Style.TONE3, errors=lambda chars: [phrase_pinyin.NO_PINYIN] * len(chars))


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("银行行长", ["yin2", "hang2", "hang2", "zhang3"]),  # two phrases, each read as one
        ("他们长大了", ["ta1", "men5", "zhang3", "da4", "le5"]),  # neutral tones as 5
        ("女儿", ["nv3", "er2"]),  # ü as v, as pypinyin writes it (annotate makes it u:)
        ("3D打印机", ["\0", "\0", "da3", "yin4", "ji1"]),  # one NO_PINYIN per character it cannot read
        ("", []),
    ],
)
def test_readings_of_everyday_words(word, syllables):
    assert phrase_pinyin.numbered(word) == syllables


def test_every_phrase_and_character_reads_as_pypinyin_reads_it(reference):
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    for phrase in PHRASES_DICT:
        assert phrase_pinyin.numbered(phrase) == reference(phrase), phrase
        assert phrase_pinyin.is_phrase(phrase)
    for code_point in PINYIN_DICT:
        char = chr(code_point)
        assert phrase_pinyin.numbered(char) == reference(char), char
        assert not phrase_pinyin.is_phrase(char)


def test_cedict_headwords_read_as_pypinyin_reads_them(reference, dictionary):
    for word in list(dictionary.headwords())[::3]:  # a third of them (every one: 30 s)
        assert phrase_pinyin.numbered(word) == reference(word), word


def test_phrases_glued_together_are_cut_as_pypinyin_cuts_them(reference):
    # runs of phrases and their prefixes, where the longest-match cut and its quirks decide the readings
    from pypinyin.constants import PHRASES_DICT

    phrases = sorted(PHRASES_DICT)
    for start in range(0, len(phrases) - 3, 7):
        text = "".join(phrases[start : start + 3]) + phrases[start][:-1] + phrases[-start - 1][1:]
        assert phrase_pinyin.numbered(text) == reference(text), text


_PIECES = st.sampled_from(["银行", "行长", "长大", "重庆", "重", "了", "不", "一", "得", "地", "中国人", "人民", "民", "𠀀", "〇",
                           "\ue815", "A", "3", " ", "，", "。", "é", "👍", "乾", "發展", "长江", "江水"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF)), max_size=14))
def test_arbitrary_mixtures_read_as_pypinyin_reads_them(reference, pieces):
    text = "".join(pieces)
    assert phrase_pinyin.numbered(text) == reference(text)


def test_reading_a_word_pypinyin_lacks_does_not_import_pypinyin():
    # pypinyin's own tables are 57 MiB; with the compact ones cached, a process reading 新质生产力 never loads them
    from reader.core.session import Session

    expected = " ".join(t.numbered for t in Session().annotator.annotate("新质生产力让王媛很高兴。"))  # caches written
    script = (
        "import sys\n"
        "from reader.core.session import Session\n"
        "print(' '.join(t.numbered for t in Session().annotator.annotate('新质生产力让王媛很高兴。')))\n"
        "print('pypinyin' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=dict(os.environ), check=True)
    assert done.stdout.splitlines() == [expected, "False"]
    assert expected.startswith("xin1 zhi4 sheng1 chan3 li4 rang4 Wang2 Yuan2")
