"""``vocab`` and ``stats`` on the command line, and the status in ``annotate --json``."""

import json

import pytest

from reader.core.vocabulary import FILE_NAME
from tests.conftest import SAMPLE


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def vocab(run_cli, data):
    """Run ``yuedu --data-dir DATA vocab ...``."""

    def run(*argv):
        return run_cli("--data-dir", data, "vocab", *argv)

    return run


def _listed(vocab, *argv):
    status, out, err = vocab("list", "--json", *argv)
    assert (status, err) == (0, "")
    return json.loads(out)


@pytest.mark.parametrize(
    ("word", "sentence", "pinyin", "first_definition"),
    [
        ("行", "我去银行取钱。", "háng", "(bound form) row; line"),
        ("行", "你说得对，行！", "xíng", "(bound form) to walk; to go; to travel"),
        ("长", "校长来了。", "zhǎng", "chief"),
        ("长", "这条路很长。", "cháng", "long"),
        ("行长", "银行行长走了。", "háng zhǎng", "bank president"),
        ("还", "他还没来。", "hái", "still"),
        ("觉", "我睡了一觉。", "jiào", "a nap"),
    ],
)
def test_add_with_context_saves_the_reading_in_that_sentence(vocab, word, sentence, pinyin, first_definition):
    status, out, err = vocab("add", word, "--context", sentence)
    assert (status, err) == (0, "")
    assert out.startswith(f"{word} [{pinyin}] new: {first_definition}")
    (saved,) = _listed(vocab)
    assert (saved["word"], saved["pinyin"], saved["status"], saved["contexts"]) == (word, pinyin, "new", [sentence])
    assert saved["definitions"][0] == first_definition


def test_list_json_has_the_documented_keys(vocab):
    vocab("add", "银行", "--context", "银行关门了。", "--status", "learning")
    (saved,) = _listed(vocab)
    assert {"word", "pinyin", "status", "definitions", "contexts", "added"} <= set(saved)
    assert saved["word"] == "银行" and saved["pinyin"] == "yín háng" and saved["status"] == "learning"
    assert saved["definitions"] == ["bank", "CL:家[jia1],個|个[ge4]"]
    assert saved["contexts"] == ["银行关门了。"]
    assert saved["added"].endswith("+00:00") and saved["added"][:4].isdigit()


def test_adding_again_from_another_sentence_keeps_one_word(vocab):
    vocab("add", "长", "--context", "校长来了。")
    vocab("add", "长", "--context", "校长走了。")
    vocab("add", "长", "--context", "校长来了。")
    (saved,) = _listed(vocab)
    assert (saved["pinyin"], saved["contexts"]) == ("zhǎng", ["校长来了。", "校长走了。"])


def test_add_without_context_uses_the_dictionarys_first_reading(vocab):
    assert vocab("add", "长")[1] == "长 [cháng] new: long; (bound form) length; (bound form) strong point; forte\n"
    assert _listed(vocab)[0]["contexts"] == []


@pytest.mark.parametrize(
    ("name", "shown", "level"),
    [("new", "new", 1), ("learning", "learning", 2), ("known", "known", 5), ("ignored", "ignored", 98), ("3", "learning", 3)],
)
def test_set_status(vocab, name, shown, level):
    vocab("add", "银行")
    status, out, _ = vocab("set", "银行", name)
    assert status == 0 and out.startswith(f"银行 [yín háng] {shown}")
    saved = _listed(vocab)[0]
    assert (saved["status"], saved["level"]) == (shown, level)


def test_set_on_an_unsaved_word_saves_it(vocab):
    assert vocab("set", "走", "known")[0] == 0
    assert [(w["word"], w["pinyin"], w["status"]) for w in _listed(vocab)] == [("走", "zǒu", "known")]


def test_list_by_status_and_text(vocab):
    for word, status in [("银行", "known"), ("校长", "learning"), ("走", "new"), ("李克强", "ignored"), ("关门", "3")]:
        vocab("add", word, "--status", status)
    assert [w["word"] for w in _listed(vocab, "--status", "learning")] == ["校长", "关门"]
    assert [w["word"] for w in _listed(vocab, "--status", "known")] == ["银行"]
    assert [w["word"] for w in _listed(vocab, "--status", "ignored")] == ["李克强"]
    assert [w["word"] for w in _listed(vocab, "--filter", "xiao")] == ["校长"]
    status, out, _ = vocab("list", "--status", "new")
    assert (status, out) == (0, "走\tzǒu\tnew\tto walk; to go; to run; to move (of vehicle); to visit; to leave; to go away; "
                                "to die (euph.); from; through; away (in compound verbs, such as 撤走[che4 zou3]); "
                                "to change (shape, form, meaning)\n")


def test_list_on_a_fresh_data_dir_is_empty_and_creates_nothing(vocab, data):
    assert _listed(vocab) == []
    assert not (data / FILE_NAME).exists()


def test_remove(vocab):
    vocab("add", "银行")
    vocab("add", "走")
    assert vocab("remove", "银行") == (0, "removed 银行\n", "")
    assert [w["word"] for w in _listed(vocab)] == ["走"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "hello"], "yuedu: 'hello' is not a Chinese word\n"),
        (["add", "行", "--context", "他走了。"], "yuedu: 行 does not occur in the sentence '他走了。'\n"),
        (["add", "走", "--status", "famous"], "yuedu: unknown status 'famous' (use new, learning, known, ignored or 1-5)\n"),
        (["set", "走", "sort-of"], "yuedu: unknown status 'sort-of' (use new, learning, known, ignored or 1-5)\n"),
        (["remove", "不在"], "yuedu: 不在: not in the vocabulary\n"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(vocab, argv, message):
    assert vocab(*argv) == (2, "", message)


def test_import_known_from_pleco_and_anki_exports(vocab, tmp_path):
    pleco = tmp_path / "pleco.txt"
    pleco.write_text("// Flashcards\n银行[銀行]\tyin2hang2\tbank\n校长[校長]\txiao4zhang3\theadmaster\n", encoding="utf-8")
    anki = tmp_path / "anki.txt"
    anki.write_text("#separator:tab\n#html:true\n走\tzǒu\tto walk\n银行\tyínháng\tbank\n", encoding="utf-8")
    assert vocab("import-known", pleco) == (0, "2 words marked known\n", "")
    assert vocab("import-known", anki) == (0, "1 word marked known\n", "")
    listed = _listed(vocab)
    assert [(w["word"], w["pinyin"], w["status"]) for w in listed] == [
        ("银行", "yín háng", "known"), ("校长", "xiào zhǎng", "known"), ("走", "zǒu", "known"),
    ]
    assert listed[1]["definitions"][0] == "(college, university) president"


def test_import_known_from_a_missing_file(vocab, tmp_path):
    status, out, err = vocab("import-known", tmp_path / "nope.txt")
    assert (status, out) == (2, "") and err.startswith("yuedu: ") and err.count("\n") == 1


def test_export_then_import_into_another_data_dir(vocab, run_cli, tmp_path):
    vocab("add", "银行", "--context", "银行关门了。", "--status", "known")
    vocab("add", "校长", "--status", "learning")
    target = tmp_path / "all.tsv"
    assert vocab("export", target) == (0, f"2 words written to {target}\n", "")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[1].split("\t")[:5] == ["银行", "yín háng", "yin2 hang2", "known", "bank; CL:家[jia1],個|个[ge4]"]
    assert lines[1].split("\t")[-2:] == ["银行关门了。", ""]  # the sentences, and no sentence picked for the card
    other = tmp_path / "other"
    other.mkdir()
    assert run_cli("--data-dir", other, "vocab", "import-known", target) == (0, "2 words marked known\n", "")


def test_a_corrupt_vocabulary_is_one_line_and_kept(vocab, data):
    (data / FILE_NAME).write_bytes(b"not sqlite " * 100)
    status, out, err = vocab("add", "银行")
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert "not a readable Yuedu vocabulary" in err
    (aside,) = [p for p in data.iterdir() if ".unreadable-" in p.name]
    assert aside.read_bytes() == b"not sqlite " * 100


# ---------------------------------------------------------------------------------------------- stats


def test_stats_json_against_the_vocabulary(run_cli, vocab, data, tmp_path):
    text = tmp_path / "article.txt"
    text.write_text("银行行长走了。银行关门了。", encoding="utf-8")
    profile = {"1": 33.3, "2": 16.7, "3": 50.0, "4": 0.0, "5": 0.0, "6": 0.0, "7-9": 0.0, "beyond": 0.0}
    assert json.loads(run_cli("--data-dir", data, "stats", text, "--json")[1]) == {
        "words": 6, "unique": 5, "known_percent": 0.0, "new_unique": 5,
        "unknown_unique": 5, "new_per_100": 83.3, "hsk_level": "3", "hsk_profile": profile,
    }
    vocab("set", "了", "known")
    vocab("set", "银行", "known")
    vocab("set", "走", "new")
    assert json.loads(run_cli("--data-dir", data, "stats", text, "--json")[1]) == {
        "words": 6, "unique": 5, "known_percent": 50.0, "new_unique": 3,
        "unknown_unique": 3, "new_per_100": 50.0, "hsk_level": "3", "hsk_profile": profile,
    }
    assert run_cli("--data-dir", data, "stats", text) == (0, (
        "words\t6\nunique\t5\nknown\t50.0%\nnew unique\t3\nunknown unique\t3\nnew per 100 words\t50.0\n"
        "HSK level\t3\nHSK profile\t1 33.3%  2 16.7%  3 50.0%  4 0.0%  5 0.0%  6 0.0%  7-9 0.0%  beyond 0.0%\n"), "")


def test_stats_of_the_sample_page_creates_no_vocabulary(run_cli, data):
    status, out, _ = run_cli("--data-dir", data, "stats", SAMPLE, "--json")
    figures = json.loads(out)
    assert status == 0 and figures["known_percent"] == 0.0 and figures["unique"] == figures["new_unique"] > 1000
    assert not (data / FILE_NAME).exists()


def test_stats_of_a_missing_file(run_cli, tmp_path):
    status, out, err = run_cli("stats", tmp_path / "nope.txt")
    assert (status, out) == (2, "") and err.count("\n") == 1


def test_annotate_json_of_a_long_text_carries_the_saved_statuses_too(run_cli, vocab, data, tmp_path):
    """A text over LONG_TEXT characters reads the whole vocabulary once instead of each piece's words: the same
    statuses, in every piece."""
    from reader.commands.annotate import LONG_TEXT

    vocab("set", "银行", "learning")
    vocab("set", "了", "known")
    vocab("set", "关门", "ignored")
    lines = ["银行关门了，我们去吃火锅吧。", "- 你确定吗？\n- 确定，银行早就关门了。", "请把课本翻到第35页。"]
    text = tmp_path / "long.txt"
    text.write_text("\n".join(lines * (LONG_TEXT // 10)), encoding="utf-8")
    status, out, _ = run_cli("--data-dir", data, "annotate", text, "--json")
    tokens = json.loads(out)["tokens"]
    assert status == 0 and tokens[-1]["end"] > max(LONG_TEXT, 1 << 16)  # long, and more than one piece
    expected = {"银行": "learning", "了": "known", "关门": "ignored", "课本": "unseen", "。": None, "\n": None}
    assert {t["text"]: t["status"] for t in tokens if t["text"] in expected} == expected
    assert {t["status"] for t in tokens if t["text"] == "银行"} == {"learning"}


def test_annotate_json_tokens_carry_the_status(run_cli, vocab, data, tmp_path):
    vocab("set", "银行", "learning")
    vocab("set", "了", "known")
    vocab("set", "李克强", "ignored")
    vocab("add", "走")
    text = tmp_path / "t.txt"
    text.write_text("银行关门了。李克强走了。OK", encoding="utf-8")
    status, out, _ = run_cli("--data-dir", data, "annotate", text, "--json")
    assert status == 0
    assert [(t["text"], t["status"]) for t in json.loads(out)["tokens"]] == [
        ("银行", "learning"), ("关门", "unseen"), ("了", "known"), ("。", None),
        ("李克强", "ignored"), ("走", "new"), ("了", "known"), ("。", None), ("OK", None),
    ]
