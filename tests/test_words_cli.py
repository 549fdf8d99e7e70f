"""``words add|split|list|remove|export|import`` on the command line, and their effect on annotate and stats."""

import json

import pytest

from reader.core.vocabulary import FILE_NAME
from tests.test_vocabulary_cli import data  # noqa: F401 (the data directory fixture)


@pytest.fixture
def words(run_cli, data):
    """Run ``yuedu --data-dir DATA words ...``."""

    def run(*argv):
        return run_cli("--data-dir", data, "words", *argv)

    return run


def listed(words):
    status, out, err = words("list", "--json")
    assert (status, err) == (0, "")
    return json.loads(out)


def test_add_a_name_with_its_reading_and_annotate_reads_it(words, run_cli, data, tmp_path):
    assert words("add", "严赋憬", "--pinyin", "yan2 fu4 jing3", "--name") == (0, "added 严赋憬\tYán Fù jǐng\t(name)\n", "")
    source = tmp_path / "news.txt"
    source.write_text("严赋憬为首对的事情负责。\n", encoding="utf-8")
    status, out, err = run_cli("--data-dir", data, "annotate", "--json", source)
    first = json.loads(out)["tokens"][0]
    assert (first["text"], first["pinyin"], first["gloss"]) == ("严赋憬", "Yán Fù jǐng", "a name: 严 surname Yan · 赋 poetic essay · 憬 awaken")


def test_split_then_list_as_lines_and_json(words):
    assert words("split", "为首对", "为", "首对") == (0, "split 为首对\t→ 为 | 首对\n", "")
    assert words("add", "新质生产力", "--meaning", "new quality productive forces")[0] == 0
    assert words("list") == (0, "为首对\t→ 为 | 首对\n新质生产力\t-\tnew quality productive forces\n", "")
    assert {w["word"]: w["pieces"] for w in listed(words)} == {"为首对": ["为", "首对"], "新质生产力": ["新质生产力"]}


def test_stats_counts_the_learners_words(run_cli, words, data, tmp_path):
    source = tmp_path / "chat.txt"
    source.write_text("严赋憬站在门口等你呢", encoding="utf-8")
    before = run_cli("--data-dir", data, "stats", "--json", source)[1]
    words("add", "严赋憬", "--name")
    after = run_cli("--data-dir", data, "stats", "--json", source)[1]
    assert (json.loads(before)["words"], json.loads(after)["words"]) == (9, 7)  # 严 | 赋 | 憬 → 严赋憬


def test_remove_export_and_import_round_trip(words, run_cli, tmp_path):
    words("add", "严赋憬", "--pinyin", "yán fù jǐng", "--meaning", "a colleague")
    words("split", "日电", "日", "电")
    exported = tmp_path / "mine.json"
    assert words("export", exported) == (0, f"2 words written to {exported}\n", "")
    assert words("remove", "日电") == (0, "removed 日电\n", "")
    assert [w["word"] for w in listed(words)] == ["严赋憬"]
    other = tmp_path / "other"
    assert run_cli("--data-dir", other, "words", "import", exported) == (0, f"2 words imported from {exported}\n", "")
    moved = json.loads(run_cli("--data-dir", other, "words", "list", "--json")[1])
    assert {(w["word"], w["numbered"], w["meaning"], tuple(w["pieces"])) for w in moved} == {
        ("严赋憬", "yan2 fu4 jing3", "a colleague", ("严赋憬",)), ("日电", "", "", ("日", "电")),
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("add", "abc"), "yuedu: abc: not a word in Chinese characters ('a' is not a hanzi)\n"),
        (("add", "严赋憬", "--pinyin", "yan2 fu4"), "yuedu: 严赋憬: 3 characters but 2 syllables in the reading 'yan2 fu4'\n"),
        (("add", "严赋憬", "--pinyin", "yan2 fu4 qqq"), "yuedu: 严赋憬: 'qqq' is not a pinyin syllable (write yan2 or yán)\n"),
        (("split", "为首对", "为", "首"), "yuedu: 为首对: the pieces 为 + 首 do not spell it\n"),
        (("split", "为首对", "为首对"), "yuedu: 为首对: give at least two pieces to split it into\n"),
        (("remove", "不在"), "yuedu: 不在: not one of your words (see words list)\n"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_changes(words, data, argv, message):
    words("add", "林晓", "--name")  # a word already there, so "nothing changes" is checked against something
    before = listed(words)
    assert words(*argv) == (2, "", message)
    assert listed(words) == before


def test_bad_input_on_a_fresh_data_dir_creates_no_file(words, data):
    for argv in (("add", "abc"), ("remove", "林晓"), ("split", "为首对", "为")):
        assert words(*argv)[0] == 2
    assert not (data / FILE_NAME).exists()


def test_an_import_with_one_bad_entry_imports_nothing(words, tmp_path):
    words("add", "林晓")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"words": [{"word": "严赋憬"}, {"word": "好的", "pieces": ["好", "地"]}]}, ensure_ascii=False),
                   encoding="utf-8")
    assert words("import", bad) == (2, "", f"yuedu: {bad}: word 2: 好的: the pieces 好 + 地 do not spell it\n")
    assert [w["word"] for w in listed(words)] == ["林晓"]
    plain = tmp_path / "names.txt"
    plain.write_text("# names from the novel\n陈默\n林小雨\n", encoding="utf-8")
    assert words("import", plain)[0] == 0
    assert [w["word"] for w in listed(words)] == ["林晓", "陈默", "林小雨"]


def test_a_word_added_in_simplified_is_kept_whole_in_traditional_text(words, run_cli, data, tmp_path):
    assert words("add", "严赋憬", "--pinyin", "yan2 fu4 jing3", "--name")[0] == 0
    assert words("add", "新质生产力", "--meaning", "new quality productive forces")[0] == 0
    source = tmp_path / "news-traditional.txt"
    source.write_text("嚴賦憬談新質生產力。\n", encoding="utf-8")
    status, out, err = run_cli("--data-dir", data, "annotate", "--json", source)
    tokens = json.loads(out)["tokens"]
    assert (status, err) == (0, "")
    assert [(t["text"], t["pinyin"]) for t in tokens[:3]] == [
        ("嚴賦憬", "Yán Fù jǐng"), ("談", "tán"), ("新質生產力", "xīn zhì shēng chǎn lì")]
    assert tokens[2]["gloss"] == "new quality productive forces"


def test_a_reading_fixed_with_words_add_reaches_the_saved_word_and_its_export(words, run_cli, data, tmp_path):
    def vocab(*argv):
        return run_cli("--data-dir", data, "vocab", *argv)

    assert vocab("add", "朝阳")[0] == 0
    assert [w["pinyin"] for w in json.loads(vocab("list", "--json")[1])] == ["cháo yáng"]
    assert words("add", "朝阳", "--pinyin", "zhao1 yang2")[0] == 0
    assert [(w["word"], w["pinyin"]) for w in json.loads(vocab("list", "--json")[1])] == [("朝阳", "zhāo yáng")]
    cards = tmp_path / "cards.txt"
    assert run_cli("--data-dir", data, "export", "tsv", cards)[0] == 0
    text = cards.read_text(encoding="utf-8")
    assert '<span class="tone1">zhāo</span> <span class="tone2">yáng</span>' in text and "cháo" not in text
    assert "the morning sun" in text and "facing the sun" not in text  # the sense of the reading now used
