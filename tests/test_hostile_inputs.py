"""Hostile files given as input: pipes, devices, zip bombs, huge and odd XML. One line, never a hang or a MemoryError."""

import json
import os
import threading
import tracemalloc
import zipfile

import pytest

from reader.core.errors import UserError
from reader.core.importers import import_file
from reader.core.textfile import read_bytes
from tests.test_import_formats import CHAPTERS, make_epub

NOT_REGULAR = "not a regular file (a pipe, a device or a socket); give Yuedu a file to read"


def _finishes(run, seconds=20):
    """Run ``run()`` on a daemon thread; the result, or a failure if it is still running after ``seconds``."""
    outcome = {}

    def target():
        try:
            outcome["value"] = run()
        except BaseException as error:  # handed back to the test
            outcome["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s (a hang)"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "novel.txt"
    os.mkfifo(path)
    yield path
    # unblock a reader the code under test may have left waiting (only matters when the test fails)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


@pytest.mark.parametrize(
    "argv",
    [["import", "{fifo}"], ["annotate", "{fifo}"], ["annotate", "{fifo}", "--json"], ["stats", "{fifo}"],
     ["vocab", "import-known", "{fifo}"], ["--dictionary", "{fifo}", "lookup", "行"]],
    ids=["import", "annotate", "annotate-json", "stats", "import-known", "dictionary"],
)
def test_a_fifo_given_as_a_file_is_refused_in_one_line_not_waited_on(run_cli, fifo, argv):
    status, out, err = _finishes(lambda: run_cli(*[a.format(fifo=fifo) for a in argv]))
    assert (status, out) == (2, "")
    prefix = "yuedu: dictionary " if "--dictionary" in argv else "yuedu: "
    assert err == f"{prefix}{fifo}: {NOT_REGULAR}\n"


@pytest.mark.parametrize("argv", [["import", "/dev/zero"], ["stats", "/dev/zero"], ["--dictionary", "/dev/zero", "lookup", "行"]])
def test_dev_zero_as_input_or_dictionary_is_refused_without_reading_it(run_cli, argv):
    tracemalloc.start()
    try:
        status, out, err = _finishes(lambda: run_cli(*argv))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (status, out) == (2, "")
    assert err.endswith(f"/dev/zero: {NOT_REGULAR}\n") and err.count("\n") == 1
    assert peak < 64 << 20


def test_a_file_larger_than_yuedu_reads_is_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(300 << 20)  # sparse: no disk used
    with pytest.raises(UserError) as caught:
        read_bytes(huge)
    assert str(caught.value) == f"{huge}: too large to read (300 MB; Yuedu reads files up to 256 MB)"


def _bomb(path, member, size, chapters=CHAPTERS):
    """An EPUB whose ``member`` is replaced by ``size`` bytes that deflate to almost nothing."""
    make_epub(path, chapters)
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            if name == member:
                with book.open(name, "w", force_zip64=True) as entry:
                    head = data[: data.index(b"<body>") + 6] if b"<body>" in data else b"<container>"
                    entry.write(head)
                    block = b" " * (1 << 20)
                    for _ in range(size >> 20):
                        entry.write(block)
            else:
                book.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "member, size, reason",
    [
        ("OEBPS/text/c1.xhtml", 8 << 20, "OEBPS/text/c1.xhtml inflates to 8 MB"),
        ("OEBPS/text/c1.xhtml", 2 << 30, "OEBPS/text/c1.xhtml inflates to 2048 MB"),
        ("META-INF/container.xml", 8 << 20, "META-INF/container.xml inflates to 8 MB"),
    ],
    ids=["chapter-bomb", "2GB-chapter", "huge-container"],
)
def test_zip_bomb_epub_is_refused_by_size_and_ratio_without_inflating_it(tmp_path, member, size, reason):
    if size > 64 << 20 and member.endswith("xhtml"):
        # writing 2 GB through deflate takes ~10 s: declare the size instead (the header is what a bomb lies with)
        path = _bomb(tmp_path / "bomb.epub", member, 8 << 20)
        _declare_size(path, member, size)
    else:
        path = _bomb(tmp_path / "bomb.epub", member, size)
    assert path.stat().st_size < 1 << 20
    tracemalloc.start()
    try:
        with pytest.raises(UserError) as caught:
            _finishes(lambda: import_file(path), seconds=10)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(caught.value)
    assert message.startswith(f"{path}: refused: a possible zip bomb ({reason}, ") and "\n" not in message
    assert peak < 48 << 20


def _declare_size(path, member, size):
    """Rewrite the central directory so ``member`` claims to inflate to ``size`` bytes (zip64 extra field)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(member)
    # the zip64 extra field of the central directory entry holds the real sizes; patch its uncompressed size
    import struct

    central = data.rfind(b"PK\x01\x02" , 0, len(data))
    while central >= 0:
        name_length, extra_length = struct.unpack_from("<HH", data, central + 28)
        name = bytes(data[central + 46 : central + 46 + name_length]).decode()
        if name == member:
            extra = central + 46 + name_length
            end = extra + extra_length
            while extra < end:
                tag, length = struct.unpack_from("<HH", data, extra)
                if tag == 1:
                    struct.pack_into("<Q", data, extra + 4, size)
                    break
                extra += 4 + length
            else:
                struct.pack_into("<I", data, central + 24, min(size, 0xFFFFFFFF))
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as book:
        assert book.getinfo(member).file_size == size and info.file_size != size


def test_epub_chapter_with_a_doctype_internal_subset_shows_no_brackets_or_entity_names(tmp_path):
    chapter = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE html [\n  <!ENTITY author "鲁迅">\n  <!ENTITY nested "&author;&author;">\n]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>故乡</title></head>'
        "<body><h1>故乡</h1><p>作者：&author;。&nested;</p><p>我冒了严寒，回到相隔二千余里，别了二十余年的故乡去。</p></body></html>"
    )
    path = make_epub(tmp_path / "book.epub", [("c1.xhtml", "x", ["x"])])
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    members["OEBPS/text/c1.xhtml"] = chapter.encode("utf-8")
    with zipfile.ZipFile(path, "w") as book:
        for name, data in members.items():
            book.writestr(name, data)
    document = import_file(path)
    assert [(a.title, a.paragraphs) for a in document.articles] == [
        ("故乡", ["作者：鲁迅。", "我冒了严寒，回到相隔二千余里，别了二十余年的故乡去。"])
    ]


def test_html_page_entities_expand_at_most_a_megabyte(tmp_path):
    value = "长" * 60_000
    page = f'<!DOCTYPE html [<!ENTITY a "{value}">]><html><body><p>{"&a;" * 100_000}</p><p>最后一段。</p></body></html>'
    path = tmp_path / "laughs.html"
    path.write_text(page, encoding="utf-8")
    document = _finishes(lambda: import_file(path), seconds=20)
    text = "".join(p for a in document.articles for p in a.paragraphs)
    assert len(text) <= (1 << 20) + 100 and text.endswith("最后一段。")


# -- clear messages: encodings, bad bytes, control characters, odd names -------------------------------------------

TEXT = "周末我们去爬山，山上的风景很美。\n晚上回家做了红烧肉，大家都说好吃。\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_reads_as_utf16_not_binary(run_cli, tmp_path, encoding):
    path = tmp_path / "diary.txt"
    path.write_bytes((TEXT * 20).encode(encoding))
    status, out, err = run_cli("import", path, "--json")
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["encoding"] == "utf-16"
    assert document["articles"][0]["paragraphs"][:2] == ["周末我们去爬山，山上的风景很美。", "晚上回家做了红烧肉，大家都说好吃。"]


def test_one_bad_byte_in_a_large_utf8_file_is_replaced_and_reported(run_cli, tmp_path):
    novel = ("第一章\n" + "他推开窗，看见院子里的桃花开了，心里一下子高兴起来。\n" * 9000).encode("utf-8")
    assert len(novel) > 700_000
    cut = len(novel.decode("utf-8")[:140_000].encode("utf-8"))  # between two characters
    broken = novel[:cut] + b"\xff" + novel[cut:]
    path = tmp_path / "novel.txt"
    path.write_bytes(broken)
    status, out, err = run_cli("annotate", path, "--json")
    assert status == 0
    assert err == f"yuedu: warning: {path}: 1 byte not valid utf-8 replaced with \ufffd (the rest of the file reads as utf-8)\n"
    text = "".join(token["text"] for token in json.loads(out)["tokens"])
    assert text.count("\ufffd") == 1 and text.replace("\ufffd", "") == novel.decode("utf-8")


def test_a_gb18030_file_is_still_gb18030_not_utf8_with_replacements(run_cli, tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes(("英文 abc " + TEXT).encode("gb18030"))
    status, out, err = run_cli("import", path, "--json")
    assert (status, err) == (0, "") and json.loads(out)["encoding"] == "gb18030"


def test_nul_and_escape_characters_are_never_stored_or_echoed(run_cli, tmp_path, _isolated_data_dir):
    page = tmp_path / "page.html"
    story = "".join(f"<p>第{n}段：今天下午，市图书馆举办了一场读书分享会，很多家长带着孩子来参加。</p>" for n in range(8))
    page.write_text(f"<html><body><article><h1>新闻&#27;[2J&#0;标题</h1><p>今天\x1b[31m下雨\x1b[0m了，可是大家都来了。</p>{story}"
                    "</article></body></html>", encoding="utf-8")
    text = tmp_path / "long.txt"
    text.write_bytes(("好" * 40_000 + "\n").encode("utf-8") + "中间\x00有\x1b[1m空字符。\n".encode("utf-8") + ("完" * 40_000).encode("utf-8"))
    for path in (page, text):
        status, out, err = run_cli("import", path)
        assert status == 0 and "\x1b" not in out + err and "\x00" not in out + err
    from reader.core.library import Library

    with Library.open(_isolated_data_dir) as library:
        stored = json.dumps([d.to_json() for d in library.documents()], ensure_ascii=False)
    assert "\\u0000" not in stored and "\\u001b" not in stored
    assert "今天[31m下雨[0m了，可是大家都来了。" in stored and "新闻[2J标题" in stored and "中间有[1m空字符。" in stored


def test_escape_sequences_in_a_file_name_never_reach_the_terminal(run_cli, tmp_path):
    status, out, err = run_cli("import", tmp_path / "\x1b[2J\x1b]0;pwned\x07.txt")
    assert (status, out) == (2, "")
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1
    assert err == f"yuedu: {tmp_path}/\\x1b[2J\\x1b]0;pwned\\x07.txt: no such file\n"


@pytest.mark.parametrize("limit", ["-1", "0", "many"])
def test_search_limit_must_be_a_positive_number(run_cli, capsys, limit):
    with pytest.raises(SystemExit) as exited:
        run_cli("search", "bank", "--limit", limit)
    captured = capsys.readouterr()
    assert (exited.value.code, captured.out) == (2, "")
    assert captured.err.count("\n") == 1 and "argument --limit: " in captured.err


def test_a_file_name_that_is_not_utf8_imports_and_annotates(run_cli, tmp_path, _isolated_data_dir):
    name = os.fsdecode(b"\xc4\xe3\xba\xc3-gbk-name.txt")  # 你好 in GBK: not UTF-8
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    status, out, err = run_cli("import", path)
    assert (status, err) == (0, "")
    assert "[1] \\xc4\\xe3\\xba\\xc3-gbk-name" in out
    status, out, err = run_cli("annotate", path, "--html", tmp_path / "out.html")
    assert (status, err) == (0, "")
    assert "<title>\\xc4\\xe3\\xba\\xc3-gbk-name.txt" in (tmp_path / "out.html").read_text(encoding="utf-8")


def test_a_data_dir_that_is_a_file_or_cannot_be_made_is_one_line(run_cli, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    status, out, err = run_cli("--data-dir", blocker, "vocab", "add", "银行")
    assert (status, out, err) == (2, "", f"yuedu: {blocker}: cannot be the data directory (it is a file)\n")
    status, out, err = run_cli("--data-dir", blocker / "inside", "vocab", "add", "银行")
    assert (status, out) == (2, "") and err == f"yuedu: {blocker / 'inside'}: cannot create the data directory (Not a directory)\n"


def test_a_library_with_a_damaged_page_is_kept_aside_on_import_and_a_new_one_starts(run_cli, tmp_path, _isolated_data_dir):
    for number in range(40):
        page = tmp_path / f"recipe-{number}.txt"
        page.write_text(f"第{number}道菜\n" + "先把土豆切成丝，用清水泡一下，再下锅大火翻炒。\n" * 30, encoding="utf-8")
        assert run_cli("import", page)[0] == 0
    library = _isolated_data_dir / "library.sqlite3"
    import sqlite3

    sqlite3.connect(library).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    data = bytearray(library.read_bytes())
    assert len(data) > 16 * 4096
    data[8 * 4096 : 8 * 4096 + 200] = b"\xa5" * 200  # scribble over a b-tree page in the middle
    library.write_bytes(bytes(data))
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(TEXT, encoding="utf-8")
    status, out, err = run_cli("import", fresh)
    assert (status, out) == (2, "") and err.count("\n") == 1
    (aside,) = [p for p in _isolated_data_dir.iterdir() if p.name.startswith("library.unreadable-") and p.suffix == ".sqlite3"]
    assert err.startswith(f"yuedu: {library}: not a readable Yuedu library (") and aside.name in err
    assert aside.read_bytes() == bytes(data)  # kept as it was
    status, out, err = run_cli("import", fresh)
    assert (status, err) == (0, "") and "[1] fresh\n    2 paragraphs\n    | 周末我们去爬山" in out


@pytest.mark.parametrize("engine", ["python", "native"])
def test_a_jieba_cache_of_the_wrong_shape_is_rebuilt(tmp_path, monkeypatch, engine):
    import marshal

    from reader.core.segment import Segmenter

    if engine == "native":
        pytest.importorskip("rjieba")
    monkeypatch.setenv("YUEDU_CACHE_DIR", str(tmp_path))
    from reader.core.segment import _NativeCut

    cache = tmp_path / "jieba-prefix-wrong-shape.marshal" if engine == "python" else _NativeCut.cache_file("wrong-shape")
    for wrong in ([1, 2, 3], ({"银行": "many"}, 3), ({}, 0), "text", ([("银行", "many")], []), ([], [3])):
        cache.write_bytes(marshal.dumps(wrong))
        segmenter = Segmenter(lambda: ["红烧肉", "严赋憬"], cache_key="wrong-shape", engine=engine)
        assert segmenter.cut("我们晚上做红烧肉。") == ["我们", "晚上", "做", "红烧肉", "。"]
        if engine == "python":
            words, total = marshal.loads(cache.read_bytes())
            assert words["红烧肉"] > 0 and total > 0
        else:
            missing, extra = marshal.loads(cache.read_bytes())
            assert "严赋憬" in extra and "红烧肉" not in extra  # jieba's own dictionary has 红烧肉
