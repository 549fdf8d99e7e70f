"""Web pages, EPUBs built by the tests, pasted text, and the import command on the command line."""

import json
import zipfile

import pytest

from reader.core.errors import UserError
from reader.core.importers import import_file, import_text, importer_for
from tests.conftest import SAMPLE

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>新华网 - 新闻</title>
<style>p {{ color: red; }} .秘密 {{ display: none }}</style>
<script>var 广告 = "不要显示这段脚本";</script></head>
<body><nav><script>document.write("脚本二")</script></nav>
<h1>浙江着力建设新形态市集</h1>
<p>新华社杭州2月15日电(记者 岳德亮)浙江省多部门联合印发&lt;指导意见&gt;,
   聚焦培育发展共同富裕市集。</p>
<p>同时,积极引导市集运营主体&amp;强村公司。<br>探索“土特产+市集”等模式创新。</p>
<noscript>请打开脚本</noscript>
<ul><li>第一点。</li><li>第二点。</li></ul>
</body></html>
"""


@pytest.mark.parametrize("charset, encoding", [("utf-8", "utf-8"), ("gb2312", "gb18030"), ("gbk", "gb18030"), ("big5", "big5")])
def test_html_page_gives_its_readable_text_only(tmp_path, charset, encoding):
    page = PAGE.format(charset=charset)
    if encoding == "big5":
        page = page.replace("浙江着力建设新形态市集", "浙江著力建設新形態市集")
        page = page.translate(str.maketrans("发联图积运强产创导织织诚团结", "發聯圖積運強產創導織織誠團結"))
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding, errors="strict") if encoding != "big5" else _big5(page))
    document = import_file(path)
    assert document.encoding == encoding
    text = json.dumps(document.to_json(), ensure_ascii=False)
    for hidden in ("广告", "不要显示", "脚本二", "color", "display", "<p>", "请打开脚本"):
        assert hidden not in text
    if encoding == "big5":
        return
    assert document.title == "浙江着力建设新形态市集"  # the article's headline, not the site's <title>
    [article] = document.articles
    assert article.title == "浙江着力建设新形态市集"
    assert article.dateline == "新华社杭州2月15日电(记者 岳德亮)"
    assert article.paragraphs == [  # the loose list after the article is not part of it
        "浙江省多部门联合印发<指导意见>, 聚焦培育发展共同富裕市集。",
        "同时,积极引导市集运营主体&强村公司。",
        "探索“土特产+市集”等模式创新。",
    ]


def _big5(page):
    return page.encode("big5", errors="replace")


def test_html_sample_page_splits_like_the_text(tmp_path):
    body = "".join(f"<p>{line}</p>\n" for line in SAMPLE.read_text(encoding="utf-8").split("\n") if line.strip())
    path = tmp_path / "sample.htm"
    path.write_text(f"<html><head><title>版面</title></head><body>{body}</body></html>", encoding="utf-8")
    assert [a.title for a in import_file(path).articles] == [a.title for a in import_file(SAMPLE).articles]


def make_epub(path, chapters, spine_order=None, title="测试之书", container=True, mimetype=True):
    """An EPUB 3 with an OPF spine, XHTML chapters ``[(file, title, [paragraphs])]`` and a cover image."""
    order = spine_order or [name for name, _, _ in chapters]
    with zipfile.ZipFile(path, "w") as book:
        if mimetype:
            book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        if container:
            book.writestr("META-INF/container.xml", (
                '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                "</rootfiles></container>"))
        manifest = "".join(
            f'<item id="{name.split(".")[0]}" href="text/{name}" media-type="application/xhtml+xml"/>' for name, _, _ in chapters)
        manifest += '<item id="cover" href="cover.png" media-type="image/png"/>'
        spine = "".join(f'<itemref idref="{name.split(".")[0]}"/>' for name in order)
        book.writestr("OEBPS/content.opf", (
            '<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata>'
            f"<manifest>{manifest}</manifest><spine>{spine}</spine></package>"))
        book.writestr("OEBPS/cover.png", b"\x89PNG\r\n\x1a\n\x00")
        for name, heading, paragraphs in chapters:
            body = (f"<h1>{heading}</h1>" if heading else "") + "".join(f"<p>{p}</p>" for p in paragraphs)
            book.writestr(f"OEBPS/text/{name}", (
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
                f"<title>{heading or '无题'}</title><style>p{{margin:0}}</style></head><body>{body}</body></html>"))
    return path


CHAPTERS = [
    ("cover.xhtml", None, []),
    ("c1.xhtml", "第一章 出发", ["他早上六点就起床了。", "外面还在下雨,\n他带上了伞。"]),
    ("c2.xhtml", "第二章 到达", ["火车晚上才到。"]),
    ("c3.xhtml", None, ["没有标题的一章。"]),
]


def test_epub_chapters_are_articles_in_spine_order(tmp_path):
    path = make_epub(tmp_path / "book.epub", CHAPTERS, spine_order=["cover.xhtml", "c2.xhtml", "c1.xhtml", "c3.xhtml"])
    document = import_file(path)
    assert (document.title, document.encoding) == ("测试之书", "utf-8")
    assert [(a.title, a.paragraphs) for a in document.articles] == [
        ("第二章 到达", ["火车晚上才到。"]),
        ("第一章 出发", ["他早上六点就起床了。", "外面还在下雨, 他带上了伞。"]),
        ("无题", ["没有标题的一章。"]),
    ]


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda p: p.write_text("这不是压缩包。", encoding="utf-8"), "not an EPUB (not a zip archive)"),
        (lambda p: p.write_bytes(b""), "not an EPUB (not a zip archive)"),
        (lambda p: make_epub(p, CHAPTERS, container=False), "not an EPUB (no META-INF/container.xml)"),
        (lambda p: make_epub(p, [("cover.xhtml", None, [])]), "the EPUB has no text"),
        (lambda p: _epub_with(p, "OEBPS/content.opf", "<package><broken"), "damaged EPUB (unreadable XML"),
    ],
)
def test_bad_epubs_are_one_clear_line(tmp_path, build, message):
    path = tmp_path / "book.epub"
    build(path)
    with pytest.raises(UserError) as caught:
        import_file(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def _epub_with(path, member, text):
    make_epub(path, CHAPTERS)
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    members[member] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w") as book:
        for name, data in members.items():
            book.writestr(name, data)


@pytest.mark.parametrize(
    "text, title, articles",
    [
        ("我今天很高兴。\n他也很高兴。", "我今天很高兴", [("我今天很高兴", ["我今天很高兴。", "他也很高兴。"])]),
        ("春天来了\n\n花都开了。", "春天来了", [("春天来了", ["花都开了。"])]),
        ("这是一个很长很长的句子,说的是今天天气很好而且大家都出去玩了。", "这是一个很长很长的句子",
         [("这是一个很长很长的句子", ["这是一个很长很长的句子,说的是今天天气很好而且大家都出去玩了。"])]),
    ],
)
def test_pasted_text(text, title, articles):
    document = import_text(text)
    assert (document.title, document.encoding, document.source_path) == (title, "utf-8", None)
    assert [(a.title, a.paragraphs) for a in document.articles] == articles


def test_pasted_newspaper_page_splits():
    assert len(import_text(SAMPLE.read_text(encoding="utf-8"), title="剪贴板").articles) == 7


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
def test_empty_paste_is_one_line(text):
    with pytest.raises(UserError, match="^the pasted text is empty$"):
        import_text(text)


@pytest.mark.parametrize(
    "name, importer", [("a.txt", "text"), ("a.TXT", "text"), ("a", "text"), ("a.log", "text"), ("a.html", "html"),
                       ("a.HTM", "html"), ("a.xhtml", "html"), ("a.epub", "epub")],
)
def test_registry_picks_the_importer_by_extension(name, importer):
    assert importer_for(name).name == importer


def test_progress_is_reported_rising_to_one(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes((SAMPLE.read_text(encoding="utf-8") * 40).encode("gb18030"))
    seen = []
    import_file(path, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 10


def test_import_file_works_from_worker_threads():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: [a.title for a in import_file(SAMPLE).articles], range(8)))
    assert all(result == results[0] for result in results) and len(results[0]) == 7


# ------------------------------------------------------------------------------------- command line


def test_import_json_is_exactly_the_articles(run_cli):
    status, out, err = run_cli("import", SAMPLE, "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["encoding", "articles"] and data["encoding"] == "utf-8"
    assert [list(a) for a in data["articles"]] == [["title", "subtitle", "kicker", "byline", "dateline", "paragraphs"]] * 7
    assert data["articles"][6]["kicker"] == "搭对接平台、多举措留人……"
    assert data["articles"][0]["paragraphs"][13].startswith("瞄准产业重大需求和技术难题,与龙头企业深度绑定")


def test_import_text_output(run_cli, tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    status, out, _ = run_cli("import", path)
    assert status == 0
    lines = out.split("\n")
    assert lines[:4] == ["encoding: gb18030", "articles: 7", "", "[1] “创新链”遇见“产业链”"]
    assert "    dateline: 新华社杭州2月15日电(记者 岳德亮)" in lines
    assert "    byline: 新华社记者 陈铎 摄" in lines


def test_import_puts_the_document_in_the_library_once(run_cli, _isolated_data_dir):
    from reader.core.library import Library

    for _ in range(2):
        assert run_cli("import", SAMPLE, "--json")[0] == 0
    with Library.open(_isolated_data_dir) as library:
        assert library.counts() == (1, 7)


@pytest.mark.parametrize(
    "name, make, message",
    [
        ("missing.txt", lambda p: None, "no such file"),
        ("folder", lambda p: p.mkdir(), "is a directory, not a file"),
        ("empty.txt", lambda p: p.write_bytes(b""), "the file is empty"),
        ("image.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not a readable picture (the file is damaged or cut short)"),
        ("image.gif", lambda p: p.write_bytes(b"GIF89a\x01\x00\x01\x00"), "this is a binary file (a GIF image), not text"),
        ("photo.txt", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "this is a binary file (a JPEG image), not text"),
        ("data.bin", lambda p: p.write_bytes(b"\x00\x01\x02\x03" * 100), "this is a binary file, not text"),
        ("noise.txt", lambda p: p.write_bytes(bytes(range(0x80, 0x100)) * 20), "cannot tell the text encoding (is this a text file?)"),
        ("book.epub", lambda p: p.write_text("不是压缩包", encoding="utf-8"), "not an EPUB (not a zip archive)"),
    ],
)
def test_import_bad_input_is_one_line_exit_2_and_library_unchanged(run_cli, tmp_path, _isolated_data_dir, name, make, message):
    from reader.core.library import Library

    assert run_cli("import", SAMPLE)[0] == 0
    with Library.open(_isolated_data_dir) as library:
        before = [(d.source, d.title, d.to_json()) for d in library.documents()]
    path = tmp_path / name
    make(path)
    status, out, err = run_cli("import", path, "--json")
    assert (status, out) == (2, "")
    assert err == f"yuedu: {path}: {message}\n"
    with Library.open(_isolated_data_dir) as library:
        assert library.counts() == (1, 7)
        assert [(d.source, d.title, d.to_json()) for d in library.documents()] == before


def test_bad_input_never_creates_a_library(run_cli, tmp_path, _isolated_data_dir):
    assert run_cli("import", tmp_path / "missing.txt")[0] == 2
    assert not (_isolated_data_dir / "library.sqlite3").exists()


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16"])
def test_annotate_decodes_like_import(run_cli, tmp_path, encoding):
    path = tmp_path / "text.txt"
    path.write_bytes("讀書" .encode(encoding) if encoding == "big5" else "银行".encode(encoding))
    status, out, _ = run_cli("annotate", path)
    assert status == 0
    assert out.split("\t")[0] in ("讀書", "银行")
