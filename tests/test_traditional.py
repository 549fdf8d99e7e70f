"""Traditional text cut as its simplified twin: the twin's words laid back on the text, place for place."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.traditional import lay_on, simplify

# mostly simplified news with traditional characters here and there (the fast path), or many of them (the plain one)
SIMPLIFIED = list("我们在银行说话这本书的作者后来回到北京，。a1 ")
TRADITIONAL = list("這書會說話後來還臺灣們長")
WORDS = st.one_of(
    st.lists(st.text(st.sampled_from(SIMPLIFIED * 40 + TRADITIONAL), min_size=1, max_size=4), max_size=200),
    st.lists(st.text(st.sampled_from(SIMPLIFIED + TRADITIONAL), min_size=1, max_size=4), max_size=120),
)


def sliced(text, words):
    pieces, position = [], 0
    for word in words:
        pieces.append(text[position : position + len(word)])
        position += len(word)
    return pieces


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_words_of_the_simplified_twin_laid_on_the_text_cut_it_at_the_same_places(words):
    text = "".join(words)
    twin = simplify(text)
    twin_words = sliced(twin, words)
    assert lay_on(text, twin_words) == words
    assert lay_on(twin, words) == twin_words


def test_a_long_simplified_text_with_a_few_traditional_characters_keeps_every_word():
    everyday = ["我们", "在", "银行", "说话", "，"] * 400
    words = everyday + ["這", "本", "書", "的", "作者"] + ["後來", "回到", "北京", "。"] * 30 + everyday
    text = "".join(words)
    assert lay_on(simplify(text), words) == sliced(simplify(text), words)
    assert lay_on(text, sliced(simplify(text), words)) == words


def test_simplify_of_a_long_text_maps_every_character_whether_it_has_few_or_many_traditional_ones():
    # a text with few mapped characters is simplified match by match, one with many translated whole: either way each
    # character gets its own simplified form, also where the text changes kind after the part that chose the way
    few = "我们在银行说话，这本书的作者后来回到北京。" * 300 + "這本書後來還給臺灣的朋友了。" + "我们在银行说话。" * 200
    assert simplify(few) == "我们在银行说话，这本书的作者后来回到北京。" * 300 + "这本书后来还给台湾的朋友了。" + "我们在银行说话。" * 200
    many = "這本書後來還給臺灣的朋友了。" * 400
    assert simplify(many) == "这本书后来还给台湾的朋友了。" * 400
    assert simplify(many + few) == simplify(many) + simplify(few)
    assert simplify("這" + "我" * 3000 + many) == "这" + "我" * 3000 + simplify(many)
