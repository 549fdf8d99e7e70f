"""One definition of a hanzi, shared by the cut, the dictionary search, the levels, the word lists and learner words.

Regression: nine modules each had their own character class, and they disagreed at the edges (〇 and extension B
counted by some and not others; the Yijing hexagram symbols U+4DC0-4DFF, between extension A and the main block,
counted as hanzi by the dictionary, the levels and the vocabulary but not by the cut)."""

import pytest

from reader.core import hanzi
from reader.core.corrections import check_word
from reader.core.errors import UserError
from reader.core.importers.subtitles import has_hanzi


@pytest.mark.parametrize(
    "char, counts",
    [
        ("中", True),      # the main block
        ("〇", True),      # 二〇二六年
        ("㐀", True),      # extension A
        ("𠀀", True),      # extension B
        ("𰀀", True),      # extension G
        ("豈", True),      # a compatibility ideograph
        ("丽", True),      # a compatibility supplement ideograph (U+2F800)
        ("䷀", False),     # a Yijing hexagram symbol, not a character
        ("，", False),
        ("。", False),
        ("a", False),
        ("３", False),
        ("ー", False),     # the katakana prolonged sound mark
    ],
)
def test_one_hanzi_definition_everywhere(char, counts):
    assert hanzi.is_chinese(char) is counts
    assert has_hanzi(f"Line {char}") is counts  # subtitles: a cue's Chinese line
    if counts:
        assert check_word(char) == char  # a learner's own word
    else:
        with pytest.raises(UserError, match="is not a hanzi"):
            check_word(char)


def test_hanzi_count_and_whole_words():
    assert hanzi.hanzi_count("他说：“二〇二六年见！”OK") == 8
    assert hanzi.ALL_HANZI("二〇二六年") is not None
    assert hanzi.ALL_HANZI("3D打印") is None
