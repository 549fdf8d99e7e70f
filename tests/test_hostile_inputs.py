"""Hostile files given as input: pipes, devices, zip bombs, huge and odd XML. One line, never a hang or a MemoryError."""

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
