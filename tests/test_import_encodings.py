"""Text files in every common Chinese encoding are read right without asking; bad input is one clear line."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.errors import UserError
from reader.core.importers import import_file
from reader.core.paths import sample_path
from reader.core.textfile import decode_bytes, read_text_file

SIMPLIFIED = [
    "我今天去图书馆看书。",
    "你吃饭了吗?",
    "中国人工智能企业深度求索推出的国产大模型惊艳全球。",
    "立春启新岁,复工正当时。",
    "口袋公园是一种规模较小、布局灵活的城市公共绿地。",
    "他说:“我们明天见!”",
    "银行行长",
    "好",
]
TRADITIONAL = [
    "我們今天去圖書館看書。",
    "台灣的大學很多。",
    "這是一本繁體中文的小說,請慢慢閱讀。",
    "香港海洋公園的大熊貓寶寶今天亮相。",
    "讀書",
]
RARE = "䶮是一个罕见的字,𠮷也是。"  # outside GBK: only GB18030 (and UTF) can hold them


def _encoded(text, encoding):
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


UNICODE = [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("utf-16-le-bom", "utf-16"), ("utf-16-be-bom", "utf-16")]
CASES = (
    [(text, written, read) for text in SIMPLIFIED + TRADITIONAL for written, read in UNICODE]
    + [(text, written, "gb18030") for text in SIMPLIFIED for written in ("gb2312", "gbk", "gb18030")]
    + [(text, "gbk", "gb18030") for text in TRADITIONAL]  # GBK holds traditional characters too
    + [(text, "big5", "big5") for text in TRADITIONAL]
    + [(RARE, "gb18030", "gb18030")]
)


@pytest.mark.parametrize("text, written, read", CASES)
def test_short_texts_decode_in_every_encoding(tmp_path, text, written, read):
    path = tmp_path / "text.txt"
    path.write_bytes(_encoded(text, written))
    decoded = read_text_file(path)
    assert (decoded.text, decoded.encoding) == (text, read)


@pytest.mark.parametrize("written, read", UNICODE + [("gb18030", "gb18030"), ("gbk", "gb18030")])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_the_sample_page_imports_the_same_in_every_encoding(sample_text, tmp_path, written, read, newline):
    path = tmp_path / "page.txt"
    path.write_bytes(_encoded(sample_text.replace("\n", newline), written))
    document = import_file(path)
    assert document.encoding == read
    assert [a.title for a in document.articles][:3] == ["“创新链”遇见“产业链”", "首对“港产”大熊猫亮相", "浙江着力建设新形态市集"]
    assert len(document.articles) == 7
    assert all("\r" not in p for a in document.articles for p in a.paragraphs)


def test_a_big5_page_imports(tmp_path):
    text = "台灣新聞\n\n新華社台北2月15日電(記者 張三)台灣的大學很多,學生們都很努力讀書。\n\n圖書館裡有很多人。\n"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    document = import_file(path)
    assert document.encoding == "big5"
    [article] = document.articles
    assert (article.title, article.paragraphs[-1]) == ("台灣新聞", "圖書館裡有很多人。")


@pytest.fixture(scope="module")
def sample_text():
    from tests.conftest import SAMPLE

    return SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "input: the file is empty"),
        (b"  \n\r\n\t ", "input: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "input: this is a binary file (a PNG image), not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "input: this is a binary file (a JPEG image), not text"),
        (b"GIF89a\x01\x00", "input: this is a binary file (a GIF image), not text"),
        (b"%PDF-1.7\n%\xe2\xe3", "input: this is a binary file (a PDF document), not text"),
        (b"PK\x03\x04\x14\x00", "input: this is a binary file (a zip archive), not text"),
        (b"\x7fELF\x02\x01\x01", "input: this is a binary file (a program), not text"),
        (b"abc\x00def\x00", "input: this is a binary file, not text"),
        (bytes(range(0x80, 0x100)) * 20, "input: cannot tell the text encoding (is this a text file?)"),
        (bytes(range(1, 256)) * 4, "input: cannot tell the text encoding (is this a text file?)"),
    ],
)
def test_bad_bytes_are_one_clear_line(data, message):
    with pytest.raises(UserError) as caught:
        decode_bytes(data)
    assert str(caught.value) == message


def test_gb2312_guess_is_read_as_gb18030():
    """Regression: a GB2312 guess failed on a character outside GB2312 further on."""
    text = "今天天气很好,我们去公园散步。" * 50 + "镕"  # 镕 is in GBK/GB18030, not in GB2312
    decoded = decode_bytes(text.encode("gb18030"))
    assert (decoded.text, decoded.encoding) == (text, "gb18030")


def test_short_gbk_text_is_not_taken_for_korean():
    """Regression: charset-normalizer alone reads short GBK Chinese as cp949."""
    assert decode_bytes("我今天去图书馆看书。".encode("gbk")).encoding == "gb18030"


def test_a_long_file_decoded_and_cleaned_in_pieces_reads_as_it_does_whole(monkeypatch):
    # A 200 MB file was decoded and cleaned in single calls that held the window's UI thread 0.1-0.7 s each; now in
    # pieces, cut so that a CR LF pair or a character's UTF-8 bytes are never torn apart.
    from reader.core import textfile

    text = "第一章\r\n他推开门，雨已经停了。\x1b[31m\r旧式换行\f下一页\n" * 40 + "最后一行没有换行\r"
    data = text.encode("utf-8")
    whole = textfile.decode_bytes(data).text
    monkeypatch.setattr(textfile, "PIECE", 7)  # pieces end inside three-byte characters and between CR and LF
    assert textfile.decode_bytes(data).text == whole
    assert "\r" not in whole and "\x1b" not in whole
    assert whole.count("\n") == text.count("\n") + text.count("\r") - text.count("\r\n") + text.count("\f")
    assert list(textfile.lines_of_pieces([whole])) == whole.split("\n")
    with pytest.raises(textfile.UserError):
        textfile.decode_bytes(b" \n\t ")  # only whitespace: the file is empty, as before


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16", "utf-8-sig", "utf-32"])
def test_a_long_file_in_any_encoding_decoded_in_pieces_reads_as_it_does_whole(monkeypatch, encoding):
    # the window imports a long file as pieces of text, never joined into one string (a 200 MB file's join held its
    # UI thread 0.2-0.6 s): the pieces must hold exactly the text decode_bytes gives, whatever the encoding
    from reader.core import textfile

    lead = "\ufeff" if encoding.startswith("utf") else ""  # a U+FEFF after the byte-order mark is dropped as well
    text = lead + "第一章 重逢\r\n他推開門，雨已經停了。\r\n\r\n「你來了？」她問。\x1b[0m\n" * 30 + "最後一行沒有換行"
    data = text.encode(encoding)
    whole = textfile.decode_bytes(data)
    monkeypatch.setattr(textfile, "PIECE", 7)  # pieces end inside multi-byte characters and between CR and LF
    pieces = textfile.decode_bytes_in_pieces(data)
    assert len(pieces.pieces) > 10
    assert all(piece.endswith("\n") for piece in pieces.pieces[:-1])
    assert ("".join(pieces.pieces), pieces.encoding) == (whole.text, whole.encoding)
    assert whole.text.startswith("第一章 重逢\n他推開門")
    assert "\r" not in whole.text and "\x1b" not in whole.text and whole.text.endswith("她問。[0m\n最後一行沒有換行")
    assert list(textfile.lines_of_pieces(pieces.pieces)) == whole.text.split("\n")


@given(st.lists(st.text(alphabet="ab\n\r", max_size=6), max_size=8))
def test_lines_of_pieces_are_the_lines_of_the_joined_text(pieces):
    from reader.core.textfile import lines_of_pieces

    assert list(lines_of_pieces(pieces)) == "".join(pieces).split("\n")


def test_a_newspaper_file_read_in_pieces_gives_the_articles_of_the_whole_text(tmp_path, monkeypatch):
    from reader.core import textfile
    from reader.core.newspaper import split_articles

    page = sample_path().read_text(encoding="utf-8")
    path = tmp_path / "page.txt"
    path.write_bytes(page.replace("\n", "\r\n").encode("gb18030"))
    monkeypatch.setattr(textfile, "PIECE", 97)
    document = import_file(path)
    whole = split_articles(textfile.clean_text(page), "page")
    assert len(document.articles) == len(whole) > 3
    assert [(a.title, a.byline, a.dateline, a.paragraphs) for a in document.articles] == \
        [(a.title, a.byline, a.dateline, a.paragraphs) for a in whole]
