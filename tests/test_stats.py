"""Article figures against the vocabulary, statuses for tinting, "mark the rest as known" with undo, readings in context."""

import pytest

from reader.core.models import Context, Status
from reader.core.stats import ArticleStats, article_stats, mark_rest_known, status_of, token_statuses
from reader.core.vocabulary import (
    VocabularyStore,
    reading_for,
    reading_in_sentence,
    reading_in_tokens,
    save_token,
    sentence_at,
)

# 银行行长 | 走 | 了 | 。 | 银行 | 关门 | 了 | 。  -> 6 Chinese word tokens, 5 distinct words
TEXT = "银行行长走了。银行关门了。"


@pytest.fixture
def store(tmp_path):
    with VocabularyStore.open(tmp_path) as opened:
        yield opened


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        ({}, ArticleStats(words=6, unique=5, known=0, new_unique=5)),
        ({"了": Status.KNOWN}, ArticleStats(words=6, unique=5, known=2, new_unique=4)),
        ({"了": Status.KNOWN, "银行": Status.KNOWN, "走": Status.KNOWN}, ArticleStats(6, 5, 4, 2)),
        ({"银行行长": Status.NEW, "关门": Status.LEARNING_3}, ArticleStats(6, 5, 0, 4)),
        ({"了": Status.IGNORED, "走": Status.LEARNING_4}, ArticleStats(6, 5, 0, 3)),
        ({w: Status.KNOWN for w in ["银行行长", "走", "了", "银行", "关门"]}, ArticleStats(6, 5, 6, 0)),
        ({"不在文中": Status.KNOWN}, ArticleStats(6, 5, 0, 5)),
    ],
)
def test_article_figures(annotator, saved, expected):
    assert article_stats(annotator.annotate(TEXT), saved) == expected


@pytest.mark.parametrize(
    ("saved", "percent"),
    [({}, 0.0), ({"了": Status.KNOWN}, 33.3), ({"了": Status.KNOWN, "走": Status.KNOWN}, 50.0),
     ({"了": Status.KNOWN, "走": Status.KNOWN, "银行": Status.KNOWN}, 66.7)],
)
def test_known_percent_counts_running_words(annotator, saved, percent):
    figures = article_stats(annotator.annotate(TEXT), saved)
    assert figures.known_percent == percent
    assert figures.to_json() == {"words": 6, "unique": 5, "known_percent": percent, "new_unique": figures.new_unique}


def test_a_text_without_chinese(annotator):
    figures = article_stats(annotator.annotate("Hello, world! 2024."), {})
    assert figures == ArticleStats(0, 0, 0, 0) and figures.known_percent == 0.0


def test_summary_line():
    assert ArticleStats(1234, 456, 1080, 40).summary() == "1,234 words · 456 unique · 87.5% known · 40 new"


def test_token_statuses_for_tinting(annotator):
    tokens = annotator.annotate("银行关门了。Hello")
    saved = {"银行": Status.LEARNING_2, "了": Status.KNOWN}
    assert [t.text for t in tokens] == ["银行", "关门", "了", "。", "Hello"]
    assert token_statuses(tokens, saved) == [Status.LEARNING_2, None, Status.KNOWN, None, None]
    assert [status_of(t, saved) for t in tokens] == ["learning", "unseen", "known", None, None]


def test_mark_the_rest_known_and_undo(annotator, store):
    store.add("走", "zou3", ["to walk"], status=Status.LEARNING_3)
    store.add("了", "le5", [], status=Status.NEW)
    tokens = annotator.annotate(TEXT)
    change = mark_rest_known(store, tokens)
    assert change.words == ("银行行长", "银行", "关门")
    assert store.status_map() == {
        "走": Status.LEARNING_3, "了": Status.NEW, "银行行长": Status.KNOWN, "银行": Status.KNOWN, "关门": Status.KNOWN,
    }
    bank = store.get("银行")
    assert (bank.numbered, bank.definitions[0], bank.traditional) == ("yin2 hang2", "bank", "銀行")
    assert article_stats(tokens, store.status_map()) == ArticleStats(6, 5, 3, 1)
    # a word the learner saved a sentence for since then is kept by the undo
    store.add("关门", "guan1 men2", [], Context("银行关门了。"))
    assert change.undo(store) == 2
    assert store.status_map() == {"走": Status.LEARNING_3, "了": Status.NEW, "关门": Status.KNOWN}


def test_mark_the_rest_known_twice_changes_nothing_the_second_time(annotator, store):
    tokens = annotator.annotate(TEXT)
    mark_rest_known(store, tokens)
    assert mark_rest_known(store, tokens).words == ()


# ------------------------------------------------------------------------------------------ readings in context


@pytest.mark.parametrize(
    ("word", "sentence", "numbered", "first_definition"),
    [
        ("行", "我去银行取钱。", "hang2", "(bound form) row; line"),
        ("行", "这样做不行。", "xing2", "(bound form) to walk; to go; to travel"),
        ("长", "校长来了。", "zhang3", "chief"),
        ("长", "这条河很长。", "chang2", "long"),
        ("行长", "银行行长走了。", "hang2 zhang3", "bank president"),  # inside the one token 银行行长
        ("银行", "银行行长走了。", "yin2 hang2", "bank"),
        ("还", "我还没还书。", "hai2", "still"),  # the first occurrence
        ("乐", "音乐让人快乐。", "yue4", "music"),
        ("重", "这很重要。", "zhong4", "heavy"),
        ("了", "我了解他。", "liao3", "to finish"),
        ("李克强", "李克强来了。", "Li3 Ke4 qiang2", "Li Keqiang (1955–2023), PRC politician, premier 2013–2023"),
    ],
)
def test_reading_in_sentence(annotator, word, sentence, numbered, first_definition):
    reading = reading_in_sentence(annotator, word, sentence)
    assert (reading.numbered, reading.definitions[0]) == (numbered, first_definition)


@pytest.mark.parametrize(
    ("word", "numbered", "traditional"),
    [("长", "chang2", "長"), ("银行", "yin2 hang2", "銀行"), ("行", "hang2", None), ("走", "zou3", None)],
)
def test_reading_without_a_sentence_is_the_dictionarys_first(annotator, word, numbered, traditional):
    reading = reading_for(annotator, word)
    assert (reading.numbered, reading.traditional) == (numbered, traditional)


def test_a_word_the_dictionary_lacks_gets_a_compound_gloss(annotator):
    reading = reading_for(annotator, "刘益安")
    assert reading.numbered == "liu2 yi4 an1"
    assert reading.definitions == ("刘: (classical) a type of battle-ax · 益: benefit · 安: (bound form) calm; peaceful",)


def test_the_later_occurrence_near_the_cursor(annotator):
    text = "我还没还书。"
    tokens = annotator.annotate(text)
    assert reading_in_tokens(annotator, "还", tokens, text, near=3).numbered == "huan2"


@pytest.mark.parametrize(
    ("text", "start", "end", "sentence"),
    [
        ("他说：“我去银行。”然后走了！再见", 6, 8, "他说：“我去银行。”"),
        ("他说：“我去银行。”然后走了！再见", 10, 12, "然后走了！"),
        ("他说：“我去银行。”然后走了！再见", 15, 16, "再见"),
        ("第一段\n  银行关门了  \n第三段", 6, 8, "银行关门了"),
        ("你好吗？？我很好。", 0, 2, "你好吗？？"),
    ],
)
def test_sentence_at(text, start, end, sentence):
    assert sentence_at(text, start, end) == sentence


def test_save_token_keeps_reading_sentence_article_and_document(annotator, store):
    text = "第一句。银行行长走了。"
    tokens = annotator.annotate(text)
    index = next(i for i, t in enumerate(tokens) if t.text == "银行行长")
    saved = save_token(store, annotator, text, tokens, index, word="行长", article="新闻", document="page.txt")
    assert (saved.word, saved.numbered, saved.definitions) == ("行长", "hang2 zhang3", ("bank president",))
    assert [(c.sentence, c.article, c.document) for c in saved.contexts] == [("银行行长走了。", "新闻", "page.txt")]
    whole = save_token(store, annotator, text, tokens, index, status=Status.LEARNING_2)
    assert (whole.word, whole.pinyin, whole.status) == ("银行行长", "yín háng háng zhǎng", Status.LEARNING_2)


def test_save_token_regression_character_inside_a_word_gets_that_words_reading(annotator, store):
    """行 saved from 银行 is háng (not xíng, its reading on its own); 长 saved from 校长 is zhǎng."""
    for text, word, pinyin in [("我去银行取钱。", "行", "háng"), ("校长来了。", "长", "zhǎng")]:
        tokens = annotator.annotate(text)
        index = next(i for i, t in enumerate(tokens) if word in t.text)
        assert save_token(store, annotator, text, tokens, index, word=word).pinyin == pinyin


# -- the LingQ way: which words "mark up to here" and a page-down take ---------------------------------------

CHAT = ["哈哈，周末一起去爬山吧？", "好啊，我去买水和面包。"]  # chat: two blocks


def test_unseen_words_are_the_never_saved_ones_in_reading_order(annotator):
    from reader.core.stats import unseen_words

    tokens = [t for text in CHAT for t in annotator.annotate(text)]
    saved = {"周末": Status.NEW, "爬山": Status.LEARNING_2, "吧": Status.KNOWN, "面包": Status.IGNORED}
    assert unseen_words(tokens, saved) == ["哈哈", "一起", "去", "好", "啊", "我", "买", "水", "和"]


def test_mark_up_to_here_takes_the_words_before_the_cursor_word_only(annotator):
    from reader.core.stats import tokens_before

    blocks = [annotator.annotate(text) for text in CHAT]
    cursor = [t.text for t in blocks[1]].index("买")
    assert "".join(t.text for t in tokens_before(blocks, 1, cursor)) == "哈哈，周末一起去爬山吧？好啊，我去"
    assert tokens_before(blocks, 0, 0) == [] and tokens_before([None, blocks[1]], 1, 1) == blocks[1][:1]


def test_the_page_left_behind_is_the_tokens_of_its_places_once(annotator):
    from reader.core.stats import tokens_at

    blocks = [annotator.annotate("老师说明天考试，大家早点睡。"), None]
    assert [t.text for t in tokens_at(blocks, [(0, 0), (0, 1), (0, 1), (1, 0), (5, 0), (0, 99)])] == ["老师", "说"]


def test_marking_the_page_left_behind_keeps_saved_new_words_new_and_undoes(annotator, store):
    from reader.core.stats import tokens_at

    tokens = annotator.annotate("外卖到了，放在门口就行。")
    store.add("外卖", "wai4 mai4", ["takeout"], None, Status.NEW)
    marked = mark_rest_known(store, tokens_at([tokens], [(0, i) for i in range(4)]))
    assert marked.words == ("到", "了") and store.status_map()["外卖"] is Status.NEW
    assert marked.undo(store) == 2 and set(store.status_map()) == {"外卖"}


def test_running_counts_give_the_article_figures_as_blocks_arrive_and_are_replaced(annotator):
    from reader.core.models import Status
    from reader.core.stats import RunningCounts, article_stats

    blocks = [annotator.annotate(text) for text in ("我喜欢学习中文。", "老师说我的中文很好。", "Hello, 世界!")]
    statuses = {"中文": Status.KNOWN, "老师": Status.NEW, "喜欢": Status.KNOWN}
    running = RunningCounts()
    for tokens in blocks:
        running.replace(None, tokens)
    assert running.stats(statuses) == article_stats([t for b in blocks for t in b], statuses)
    replaced = annotator.annotate("我不喜欢下雨。")  # a block read again (a correction): 老师 and 说 are gone
    running.replace(blocks[1], replaced)
    blocks[1] = replaced
    assert running.stats(statuses) == article_stats([t for b in blocks for t in b], statuses)
    assert "老师" not in running.counts and running.counts["喜欢"] == 2
