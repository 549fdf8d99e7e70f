import json
import os
import subprocess
import sys

import pytest

from reader.commands import COMMAND_MODULES
from tests.conftest import ROOT, SAMPLE


def test_lookup_json_lists_every_homograph_with_exact_keys(run_cli):
    status, out, err = run_cli("lookup", "长", "--json")
    assert status == 0 and err == ""
    entries = json.loads(out)
    assert [(e["pinyin"], e["numbered"]) for e in entries] == [("cháng", "chang2"), ("zhǎng", "zhang3")]
    assert all(list(e) == ["simplified", "traditional", "pinyin", "numbered", "definitions", "hsk", "frequency",
                           "frequency_rank"] for e in entries)
    assert {(e["hsk"], e["frequency_rank"]) for e in entries} == {("2", 175)}  # the word's, whatever the reading
    assert entries[0]["traditional"] == "長"
    assert entries[1]["definitions"][:2] == ["chief", "head"]


def test_lookup_by_traditional_form(run_cli):
    status, out, _ = run_cli("lookup", "銀行", "--json")
    assert status == 0
    assert json.loads(out)[0]["simplified"] == "银行"


def test_lookup_text_output(run_cli):
    status, out, _ = run_cli("lookup", "女儿")
    assert status == 0
    assert out == "女儿 (女兒) [nǚ ér]\n  1. daughter\n"


def test_lookup_nothing_found_exits_1_with_one_line(run_cli):
    status, out, err = run_cli("lookup", "无此词")
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and "无此词" in err


@pytest.mark.parametrize("query", [["yin2", "hang2"], ["yinhang"], ["yínháng"], ["bank"]])
def test_search_finds_yinhang_first(run_cli, query):
    status, out, _ = run_cli("search", *query, "--json")
    assert status == 0
    assert json.loads(out)[0]["simplified"] == "银行"


def test_annotate_json_tokens_rebuild_the_normalised_text(run_cli, tmp_path):
    source = tmp_path / "crlf.txt"
    source.write_bytes("\ufeff银行行长\r\n走了。".encode("utf-8"))
    status, out, _ = run_cli("annotate", source, "--json")
    assert status == 0
    tokens = json.loads(out)["tokens"]
    assert "".join(t["text"] for t in tokens) == "银行行长\n走了。"
    assert tokens[-1] == {
        "text": "。", "start": 7, "end": 8, "pinyin": "", "numbered": "", "gloss": None, "in_dictionary": False,
        "status": None, "hsk": None, "frequency": None, "frequency_rank": None,
    }
    assert {k: tokens[0][k] for k in ("text", "hsk", "frequency", "frequency_rank")} == {
        "text": "银行行长", "hsk": None, "frequency": None, "frequency_rank": None}
    for token in tokens:
        assert set(token) == {"text", "start", "end", "pinyin", "numbered", "gloss", "in_dictionary", "status", "hsk",
                              "frequency", "frequency_rank"}


def test_annotate_sample_page_covers_it(run_cli):
    status, out, _ = run_cli("annotate", SAMPLE, "--json")
    tokens = json.loads(out)["tokens"]
    assert "".join(t["text"] for t in tokens) == SAMPLE.read_text(encoding="utf-8")
    first = next(t for t in tokens if t["text"] == "创新")
    assert (first["pinyin"], first["numbered"], first["in_dictionary"]) == ("chuàng xīn", "chuang4 xin1", True)


def test_annotate_html_escapes_text_and_puts_pinyin_above(run_cli, tmp_path):
    source = tmp_path / "page.txt"
    source.write_text("银行<script>alert(1)</script>&", encoding="utf-8")
    out_file = tmp_path / "page.html"
    status, _, _ = run_cli("annotate", source, "--html", out_file)
    assert status == 0
    html = out_file.read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in html
    assert '<ruby class="tone2">银<rt>yín</rt></ruby><ruby class="tone2">行<rt>háng</rt></ruby>' in html
    assert ".tone1 { color:" in html


def test_annotate_sandhi_shows_yi_and_bu_as_spoken(run_cli, tmp_path):
    source = tmp_path / "page.txt"
    source.write_text("不是我的。我们一起去吧。第一名。", encoding="utf-8")
    status, plain, _ = run_cli("annotate", source)
    assert status == 0 and "不是\tbù shì\t" in plain and "一起\tyī qǐ\t" in plain
    status, spoken, _ = run_cli("annotate", source, "--sandhi")
    assert status == 0
    assert "不是\tbú shì\t" in spoken and "一起\tyì qǐ\t" in spoken and "第一名\tdì yī míng\t" in spoken
    out_file = tmp_path / "page.html"
    assert run_cli("annotate", source, "--sandhi", "--html", out_file)[0] == 0
    assert '<ruby class="tone2">不<rt>bú</rt></ruby>' in out_file.read_text(encoding="utf-8")


def test_annotate_sandhi_with_json_is_refused(run_cli, tmp_path):
    source = tmp_path / "page.txt"
    source.write_text("不是", encoding="utf-8")
    status, out, err = run_cli("annotate", source, "--sandhi", "--json")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "--json keeps the dictionary's tones" in err


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary file"),
        (lambda p: p.write_bytes(b""), "empty"),
    ],
)
def test_annotate_bad_input_is_one_line_exit_2(run_cli, tmp_path, make, message):
    path = tmp_path / "input"
    make(path)
    status, out, err = run_cli("annotate", path, "--json")
    assert (status, out) == (2, "")
    assert message in err and err.count("\n") == 1


def test_unreadable_dictionary_is_one_line_exit_2(run_cli, tmp_path):
    bad = tmp_path / "bad.u8"
    bad.write_text("not a dictionary\n", encoding="utf-8")
    status, _, err = run_cli("--dictionary", bad, "lookup", "行")
    assert status == 2
    assert err == f"yuedu: no CC-CEDICT entries found in {bad}\n"


def test_user_dictionary_file_is_used(run_cli, tmp_path):
    mine = tmp_path / "mine.u8"
    mine.write_text("測試 测试 [ce4 shi4] /my own test entry/\n", encoding="utf-8")
    status, out, _ = run_cli("--dictionary", mine, "lookup", "测试", "--json")
    assert status == 0
    assert json.loads(out)[0]["definitions"] == ["my own test entry"]


def test_unknown_option_is_one_line_exit_2(run_cli):
    with pytest.raises(SystemExit) as exit_info:
        run_cli("lookup", "行", "--bogus")
    assert exit_info.value.code == 2


def test_main_py_runs_as_a_real_process(tmp_path):
    env = dict(os.environ, YUEDU_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "lookup", "了", "--json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert [e["numbered"] for e in json.loads(result.stdout)] == ["le5", "liao3", "liao3", "liao4"]
    missing = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "annotate", str(tmp_path / "missing.txt")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr and missing.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "argv, last_line",
    [
        (["frobnicate"], "yuedu: 'frobnicate' is neither a command nor a file; commands: "
                         + ", ".join(sorted(COMMAND_MODULES))),
        (["stat", "chapter1.txt"], "yuedu: 'stat' is neither a command nor a file; did you mean 'stats'?"),
        (["serch", "bank"], "yuedu: 'serch' is neither a command nor a file; did you mean 'search'?"),
    ],
    ids=["frobnicate", "stat FILE", "serch bank"],
)
def test_mistyped_command_prints_usage_and_the_closest_command_instead_of_opening_the_window(tmp_path, argv, last_line):
    (tmp_path / "chapter1.txt").write_text("第一章\n", encoding="utf-8")
    env = dict(os.environ, YUEDU_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["usage: yuedu [-h] [--data-dir DIR] [--dictionary FILE] COMMAND ...", last_line]
    assert not (tmp_path / "data").exists()  # no window, no library made


def test_a_file_named_like_a_word_still_opens_in_the_window(tmp_path, monkeypatch):
    from reader.cli import _looks_like_a_command

    (tmp_path / "notes").write_text("我的笔记\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert not _looks_like_a_command("notes")
    assert _looks_like_a_command("note")
    assert not _looks_like_a_command("story.txt")
