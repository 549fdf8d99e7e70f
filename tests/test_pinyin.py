import pytest

from reader.core.pinyin import (
    marked_syllable_to_numbered,
    numbered_to_marked,
    search_key,
    tone_of,
    tone_signature,
)


@pytest.mark.parametrize(
    "numbered, marked",
    [
        ("nu:3", "nǚ"),
        ("lu:4", "lǜ"),
        ("lu:e4", "lüè"),
        ("nu:3 er2", "nǚ ér"),
        ("yin2 hang2", "yín háng"),
        ("zhang3 da4", "zhǎng dà"),
        ("yi1 dian3 r5", "yī diǎn r"),
        ("na3 r5", "nǎ r"),
        ("le5", "le"),
        ("dong1 xi5", "dōng xi"),
        ("Zhong1 guo2", "Zhōng guó"),
        ("gou3", "gǒu"),
        ("liu2", "liú"),
        ("gui4", "guì"),
        ("xue2", "xué"),
        ("er4", "èr"),
        ("Ou1 zhou1", "Ōu zhōu"),
        ("m2", "m"),
        ("xx5", "xx"),
        ("san1 D da3 yin4", "sān D dǎ yìn"),
    ],
)
def test_numbered_to_marked(numbered, marked):
    assert numbered_to_marked(numbered) == marked


@pytest.mark.parametrize(
    "marked, numbered",
    [("nǚ", "nu:3"), ("lǜ", "lu:4"), ("háng", "hang2"), ("de", "de5"), ("Zhōng", "Zhong1")],
)
def test_marked_to_numbered(marked, numbered):
    assert marked_syllable_to_numbered(marked) == numbered


@pytest.mark.parametrize(
    "query", ["yin2 hang2", "yinhang", "yínháng", "yín háng", "Yin2Hang2", "YINHANG"]
)
def test_search_key_ignores_tones_spaces_and_case(query):
    assert search_key(query) == "yinhang"


@pytest.mark.parametrize("query", ["nu:3", "nǚ", "nv3", "nü"])
def test_search_key_spells_u_umlaut_one_way(query):
    assert search_key(query) == "nv"


@pytest.mark.parametrize(
    "query, tones",
    [("yin2 hang2", (2, 2)), ("yínháng", (2, 2)), ("yinhang", None), ("dōngxi", (1,)), ("dong1 xi5", (1,))],
)
def test_tone_signature(query, tones):
    assert tone_signature(query) == tones


@pytest.mark.parametrize("syllable, tone", [("ma1", 1), ("ma3", 3), ("le5", 5), ("r5", 5), ("xx5", 5)])
def test_tone_of(syllable, tone):
    assert tone_of(syllable) == tone
