"""Names, dates, numbers and traditional text cut the way a reader expects, whatever the cut engine guessed."""

import pytest


def cut(annotator, text):
    return "|".join(token.text for token in annotator.annotate(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        # a name never takes the verb or adverb after it (jieba's HMM glued 林晓站, 陈默正)
        ("林晓站在门口。", "林晓|站|在|门口|。"),
        ("陈默正要出门。", "陈默|正要|出门|。"),
        ("林小雨笑了。", "林小雨|笑|了|。"),
        ("王芳和李明去了北京。", "王芳|和|李明|去|了|北京|。"),
        ("“张晓梅，你等一下！”", "“|张晓梅|，|你|等|一下|！|”"),
        ("周磊把作业交给了老师。", "周磊|把|作业|交给|了|老师|。"),
        ("欧阳娜娜来了。", "欧阳娜娜|来|了|。"),
        ("我叫王芳，是新来的。", "我|叫|王芳|，|是|新|来|的|。"),
        # not names: a surname-like character before an everyday word
        ("我很高兴认识你。", "我|很|高兴|认识|你|。"),
        ("王小姐在吗？", "王小姐|在|吗|？"),
    ],
)
def test_person_names_are_one_word_and_never_take_the_next(annotator, text, expected):
    assert cut(annotator, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新华社上海3月2日电", "新华社|上海|3月|2日|电"),  # not 日电 "NEC"
        ("新华社北京2月15日电（记者王芳）", "新华社|北京|2月|15日|电|（|记者|王芳|）"),
        ("会议定于2024年5月3日下午3点召开。", "会议|定于|2024年|5月|3日|下午|3点|召开|。"),
        ("今年工资涨了3.5%。", "今年|工资|涨|了|3.5%|。"),
        ("我们12:30在门口见。", "我们|12:30|在|门口|见|。"),
        ("他买了3个苹果，花了1,000元。", "他|买|了|3|个|苹果|，|花|了|1,000|元|。"),
        ("二○○一年十二月三十一日", "二○○一年|十二月|三十一日"),
        # full-width joiners join digits; a joiner after a word that is no number stays punctuation
        ("共有1，000人，增长了3．5%。", "共有|1，000|人|，|增长|了|3．5%|。"),
        ("我们12：30见，第十四届。", "我们|12：30|见|，|第十四届|。"),
        ("第二，五十五个人，百分之五十。", "第二|，|五十五个|人|，|百分之五十|。"),
        ("再等五分钟就好。", "再|等|五分钟|就|好|。"),
    ],
)
def test_dates_times_and_numbers_are_cut_as_read(annotator, text, expected):
    assert cut(annotator, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("你還錢了嗎？", "你|還|錢|了|嗎|？"),
        ("這個問題很難解決。", "這個|問題|很|難|解決|。"),
        ("我們坐捷運去台北車站。", "我們|坐|捷運|去|台北|車站|。"),
        ("書要按時還。", "書|要|按時|還|。"),
    ],
)
def test_traditional_text_is_cut_like_its_simplified_twin(annotator, text, expected):
    assert cut(annotator, text) == expected


@pytest.mark.parametrize(
    "text, expected, name, pinyin",
    [
        # the dictionary's 明说 "say explicitly" took the given name: 康|明说
        ("康明说他明天一早就出发。", "康明|说|他|明天|一|早就|出发|。", "康明", "Kāng Míng"),
        ("康明說得對。", "康明|說得對|。", "康明", "Kāng Míng"),
        # surnames that are also everyday words: a name where a clause, verb or role opens it and a verb follows
        ("何静把碗筷摆好。", "何静|把|碗筷|摆好|。", "何静", "Hé Jìng"),
        ("请常伟把报告发给我。", "请|常伟|把|报告|发给|我|。", "常伟", "Cháng Wěi"),
        ("班长任婷婷今天请假了。", "班长|任婷婷|今天|请假|了|。", "任婷婷", "Rén Tíng tíng"),
        ("何靜說她不去了。", "何靜|說|她|不|去|了|。", "何靜", "Hé Jìng"),
        ("陳默正要出門。", "陳默|正要|出門|。", "陳默", "Chén Mò"),
    ],
)
def test_regression_names_after_everyday_surnames_and_glued_verbs(annotator, text, expected, name, pinyin):
    tokens = annotator.annotate(text)
    assert "|".join(t.text for t in tokens) == expected
    assert next(t for t in tokens if t.text == name).pinyin == pinyin


@pytest.mark.parametrize(
    "text, expected",
    [
        ("任何问题都可以提。", "任何|问题|都|可以|提|。"),
        ("他常来我家玩。", "他|常|来|我家|玩|。"),
        ("灯火常明。", "灯火|常|明|。"),
        ("这件事任他去吧。", "这件|事|任|他|去|吧|。"),
        ("常青树四季常青。", "常青树|四季常青|。"),
    ],
)
def test_everyday_words_are_no_names(annotator, text, expected):
    tokens = annotator.annotate(text)
    assert "|".join(t.text for t in tokens) == expected
    assert not any(t.pinyin[:1].isupper() for t in tokens)


def test_name_is_read_with_capitals_and_glossed_as_a_name(annotator):
    token = annotator.annotate("林晓站在门口。")[0]
    assert (token.text, token.pinyin) == ("林晓", "Lín Xiǎo")
    assert token.gloss == "Lín Xiǎo, a name: 林 surname Lin · 晓 dawn"
    assert annotator.annotate("王芳来了")[0].pinyin == "Wáng Fāng"


def test_name_with_an_ambiguous_given_character_reads_it_in_context(annotator):
    token = annotator.annotate("王媛可出演这个角色。")[0]
    assert (token.text, token.numbered) == ("王媛", "Wang2 Yuan2")
    assert token.gloss.startswith("Wáng Yuán, a name: 王 surname Wang")


def test_dictionary_word_shaped_like_a_name_keeps_its_own_reading(annotator):
    token = next(t for t in annotator.annotate("我很高兴。") if t.text == "高兴")
    assert token.pinyin == "gāo xìng" and annotator.person_name("高兴") is None


def test_pieces_still_cover_the_text(annotator):
    text = "新华社北京2月15日电 林晓站在門口，花了3.5%的錢。"
    tokens = annotator.annotate(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    "text, expected",
    [
        # 穿着 before what is worn is the verb and its particle, each time; the noun "attire" at a clause end stays whole
        ("她穿着一件白色的长裙，他也穿着西装。看看他的穿着。", "她|穿|着|一件|白色|的|长裙|，|他|也|穿|着|西装|。|看看|他|的|穿着|。"),
        # a word that swallowed its neighbour's first character gives it back: the fish's belly, the flowers all opened
        ("把姜切成片，塞进鱼肚子里。", "把|姜|切|成片|，|塞进|鱼|肚子|里|。"),
        ("春天来了，花都开了。", "春天|来|了|，|花|都|开|了|。"),
        ("他住在花都。", "他|住|在|花都|。"),
    ],
)
def test_words_that_swallowed_a_neighbour_are_cut_as_read(annotator, text, expected):
    assert cut(annotator, text) == expected


def test_numbers_are_joined_the_same_next_to_a_word_holding_a_nul(annotator):
    # the pass finds numbers in the words joined with NULs; a word holding one itself (a broken file) must not shift it
    refiner = annotator.segmenter.refiner
    words = ["第", "十四", "届", "2", "月", "3", ".", "5", "%", "五十", "五", "人"]
    expected = ["第十四", "届", "2月", "3.5%", "五十五", "人"]
    assert refiner.refine(words) == expected
    assert refiner.refine(["a\x00b", *words[:3], "\x00", *words[3:]]) == ["a\x00b", *expected[:2], "\x00", *expected[2:]]
