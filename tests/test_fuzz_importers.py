"""Every importer in the registry, fed random bytes, random EPUB/zip structures and random file names.

Each import must give articles or the app's one-line UserError, within a time and a memory bound: never another
exception, a hang or a runaway allocation. New importers (web pages, subtitles, PDF, images...) are covered by being
registered.
"""

import functools
import io
import os
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reader.core.errors import UserError
from reader.core.importers import import_file, importers

SECONDS_PER_FILE = 10
PEAK_BYTES = 96 << 20  # Python allocations while importing a file of at most a few KB

EXAMPLES = settings(
    max_examples=15, deadline=None, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# pieces the importers look for, so random documents get past the first check now and then
_MARKUP = st.sampled_from([
    b"<html>", b"</html>", b"<body>", b"<p>", b"</p>", b"<h1>", b"<title>", b"<!DOCTYPE html [<!ENTITY a \"&b;\">]>",
    b"&a;", b"&#0;", b"&#27;", b"<script>", b"<![CDATA[", b"<?xml version=\"1.0\"?>", b"\xef\xbb\xbf", b"\xff\xfe",
    "你好，世界。".encode(), "第一章".encode(), "今天下雨了。".encode("gb18030"), b"\x00", b"\x1b[2J", b"\r\n",
    b"1\n00:00:01,000 --> 00:00:02,000\n", b"WEBVTT\n\n", b"[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,",
    b"%PDF-1.4\n", b"obj\n<< /Length 10 >>\nstream\n", b"endstream\nendobj\n", b"trailer\n<< /Root 1 0 R >>\n%%EOF",
])
_CONTENT = st.one_of(
    st.binary(max_size=2048),
    st.lists(st.one_of(_MARKUP, st.binary(max_size=16)), max_size=40).map(b"".join),
)
_CONTAINER = (b'<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
              b'<rootfile full-path="OEBPS/content.opf"/></rootfiles></container>')
_OPF = (b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"><metadata><title>T</title></metadata>'
        b'<manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/>'
        b'<item id="d" href="../../etc/passwd" media-type="application/xhtml+xml"/></manifest>'
        b'<spine><itemref idref="c"/><itemref idref="d"/><itemref idref="c"/></spine></package>')
_MEMBER_NAMES = st.sampled_from([
    "mimetype", "META-INF/container.xml", "OEBPS/content.opf", "OEBPS/c.xhtml", "c.xhtml", "../evil.xhtml", "/abs.xhtml",
    "OEBPS/", "OEBPS/<img src=x>.xhtml", "META-INF/container.xml",
])
_KNOWN_MEMBERS = st.sampled_from([
    ("META-INF/container.xml", _CONTAINER), ("OEBPS/content.opf", _OPF), ("mimetype", b"application/epub+zip"),
])


@st.composite
def zip_archives(draw):
    """A zip of random members (some with the names and contents an EPUB has), sometimes cut short or bit-flipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for _ in range(draw(st.integers(0, 6))):
            if draw(st.booleans()):
                name, data = draw(_KNOWN_MEMBERS)
            else:
                name, data = draw(_MEMBER_NAMES), draw(_CONTENT)
            method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    data = bytearray(buffer.getvalue())
    damage = draw(st.sampled_from(["none", "truncate", "flip"]))
    if data and damage == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif data and damage == "flip":
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


_NAME_BYTES = st.binary(min_size=1, max_size=24).map(lambda raw: raw.replace(b"/", b"_").replace(b"\x00", b"_"))
FILE_NAMES = st.one_of(
    st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1, max_size=24),
    _NAME_BYTES.map(os.fsdecode),  # names that are not UTF-8
    st.sampled_from(["<img src=x>", "\x1b[2J", "-rf", ".", "..", "名字", " ", "a" * 200]),
)


_WARM_UP = ("<html><body><article><h1>公园</h1><p>" + "今天天气很好，我们一起去公园散步。" * 6 + "</p></article></body></html>"
            ).encode("utf-8")


@functools.cache
def _warmed(extension: str) -> None:
    """Import once unmeasured, so the bounds measure a file and not the first import of a library (trafilatura, lxml)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"warm{extension}"
        path.write_bytes(_WARM_UP)
        try:
            import_file(path)
        except UserError:
            pass


def _import_within_bounds(extension: str, name: str, data: bytes) -> None:
    """Import ``data`` saved as ``name + extension``; articles or a one-line UserError, within time and memory."""
    _warmed(extension)
    with tempfile.TemporaryDirectory() as folder:
        stem = name if name not in (".", "..") else f"_{name}"
        path = Path(folder) / (stem[:200] + extension)
        path.write_bytes(data)
        tracemalloc.start()
        started = time.perf_counter()
        try:
            document = import_file(path)
        except UserError as error:
            message = str(error)
            assert message and "\n" not in message and "\x1b" not in message
        else:
            assert document.articles and all(article.paragraphs or article.title for article in document.articles)
        finally:
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert elapsed < SECONDS_PER_FILE, f"{elapsed:.1f} s for {len(data)} bytes"
        assert peak < PEAK_BYTES, f"{peak >> 20} MB for {len(data)} bytes"


def _extension(name: str) -> str:
    return importers()[name].extensions[0] if importers()[name].extensions else ".dat"


@pytest.mark.parametrize("importer", sorted(importers()))
@EXAMPLES
@given(data=_CONTENT, name=FILE_NAMES)
def test_random_bytes_and_names_give_articles_or_one_line(importer, data, name):
    _import_within_bounds(_extension(importer), name, data)


@pytest.mark.parametrize("importer", sorted(importers()))
@EXAMPLES
@given(data=zip_archives())
def test_random_zip_structures_give_articles_or_one_line(importer, data):
    _import_within_bounds(_extension(importer), "book", data)
