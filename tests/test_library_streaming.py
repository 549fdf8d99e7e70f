"""A big plain UTF-8 text file goes into the library as it is read: the same documents and articles as when read whole.

The streaming path is taken for files over textfile.STREAM_BYTES; the tests lower it (and the piece size) so that
small texts of every genre take it, and compare with the same file imported whole.
"""

import pytest

from reader.core import textfile
from reader.core.errors import UserError
from reader.core.library import Library
from reader.core.shelf import LibraryShelf
from tests.conftest import SAMPLE

NOVEL = "第一章 出发\n\n　　他早上六点就起床了,\n收拾好行李。\n\n第二章 到达\n\n火车晚上才到。\n\n他很累。\n"
TEXTS = {
    "newspaper.txt": SAMPLE.read_text(encoding="utf-8"),
    "novel.txt": NOVEL,
    "chat.txt": "小王:你今天几点下班?\n小李:大概六点吧,怎么了?\n小王:一起去吃火锅吗?😋\n",
    "recipe.md": "番茄炒蛋\n\n材料:鸡蛋三个,番茄两个,盐少许。\n\n做法:先把鸡蛋打散,\n再下锅炒熟。\n",
    "school.text": "第三课 春天来了\n\n春天来了,小草绿了,花儿开了。\n同学们在操场上跑步。\n",
    "office": "关于调整办公时间的通知\n\n各部门:\r\n自下周一起,上班时间调整为上午九点。\r\n请相互转告。\r\n",
    "subtitles.txt": "我们走吧。\n\n等一下!\n\n你忘了带钥匙。\n",
    "traditional.txt": "臺灣的夜市很熱鬧,\n晚上有很多人去吃東西。\n\n這裡的豬血糕很有名。\n",
}


def _stream_everything(monkeypatch) -> None:
    """Every file over 16 bytes streams, read 64 bytes at a time, and is never read whole."""
    monkeypatch.setattr(textfile, "STREAM_BYTES", 16)
    monkeypatch.setattr(textfile, "PIECE", 64)
    monkeypatch.setattr(textfile, "read_bytes", lambda *args, **kwargs: pytest.fail("a streamed file was read whole"))


@pytest.fixture
def streaming(monkeypatch):
    _stream_everything(monkeypatch)


def _stored(library: Library) -> list:
    return [(d.title, d.encoding, [(r.ordinal, r.article.to_json()) for r in d.articles]) for d in library.documents()]


def _imported_whole(tmp_path, name: str) -> list:
    path = tmp_path / "whole" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(TEXTS[name], encoding="utf-8")
    with Library.open(tmp_path / "whole-data") as library:
        library.import_file(path)
        return _stored(library)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_big_text_file_is_stored_as_it_is_read_with_the_same_articles(tmp_path, monkeypatch, name):
    expected = _imported_whole(tmp_path, name)
    path = tmp_path / "streamed" / name
    path.parent.mkdir()
    path.write_text(TEXTS[name], encoding="utf-8")
    _stream_everything(monkeypatch)
    with Library.open(tmp_path / "data") as library:
        record = library.import_file(path)
        assert not record.existing
        assert _stored(library) == expected and expected[0][2]


def test_a_streamed_novel_has_its_chapters_and_joined_lines(tmp_path, streaming):
    path = tmp_path / "novel.txt"
    path.write_text(NOVEL, encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        record = library.import_file(path)
    assert (record.title, record.encoding) == ("novel", "utf-8")
    assert [(r.article.title, r.article.paragraphs) for r in record.articles] == [
        ("第一章 出发", ["他早上六点就起床了,收拾好行李。"]),
        ("第二章 到达", ["火车晚上才到。", "他很累。"]),
    ]


def test_a_streamed_file_opened_again_is_the_same_entry(tmp_path, streaming):
    path = tmp_path / "novel.txt"
    path.write_text(NOVEL, encoding="utf-8")
    seen = []
    with Library.open(tmp_path / "data") as library:
        first = library.import_file(path, seen.append)
        again = library.import_file(path)
        assert again.existing and again.id == first.id and library.counts() == (1, 2)
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_a_streamed_file_without_text_says_so_and_stores_nothing(tmp_path, monkeypatch):
    path = tmp_path / "blank.txt"
    path.write_text("\u3000\u3000\n\n\u3000\n" * 10, encoding="utf-8")
    with Library.open(tmp_path / "whole") as library, pytest.raises(UserError) as whole:
        library.import_file(path)
    monkeypatch.setattr(textfile, "STREAM_BYTES", 16)
    monkeypatch.setattr(textfile, "PIECE", 64)
    with Library.open(tmp_path / "data") as library:
        with pytest.raises(UserError) as streamed:
            library.import_file(path)
        assert library.counts() == (0, 0)
    assert str(streamed.value) == str(whole.value) == f"{path}: the file has no text"


def test_the_window_gets_a_streamed_file_s_articles_from_its_snapshot(tmp_path, streaming):
    path = tmp_path / "newspaper.txt"
    path.write_text(TEXTS["newspaper.txt"], encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        shelf = LibraryShelf(library)
        keys = shelf.accept(shelf.read(str(path)))
        stored = library.documents()[0].articles
        assert len(keys) == 7 == len(stored)
        assert [shelf.article(key).to_json() for key in keys] == [record.article.to_json() for record in stored]


def test_the_window_s_snapshot_holds_no_article_text_until_one_is_shown(tmp_path):
    # regression: the window's snapshot held every paragraph of the library (a 200 MB file: ~600 MiB for as long as
    # the window ran); now it holds the outline, and an article's text is read from the library when shown
    path = tmp_path / "novel.txt"
    path.write_text(NOVEL + "".join(f"第{n}章 继续\n\n他又走了{n}天。\n\n" for n in "三四五六七八九十"), encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        shelf = LibraryShelf(library)
        keys = shelf.accept(shelf.read(str(path)))
        assert len(keys) == 10 and list(shelf._texts) == [int(keys[0].split(":")[1])]  # read on the worker to open
        assert [(entry.title, entry.progress) for entry in shelf.documents()[0].articles][:2] == [
            ("第一章 出发", 0.0), ("第二章 到达", 0.0)]
        assert shelf.article(keys[1]).paragraphs == ["火车晚上才到。", "他很累。"]
        assert shelf.article(keys[9]).paragraphs == ["他又走了十天。"]
        assert list(shelf._texts) == [int(key.split(":")[1]) for key in (keys[0], keys[1], keys[9])]
        shelf.note_position(keys[1], 5)()  # past the end: the last paragraph
        assert shelf.position(keys[1]) == 1 == library.article(int(keys[1].split(":")[1])).position
        assert shelf.progress(keys[1]) == 1.0
        library.rename_article(int(keys[1].split(":")[1]), "到站")
        shelf.accept(shelf.load())
        assert shelf.article(keys[1]).title == "到站"  # read again after the library changed
        for key in keys:
            shelf.article(key)
        assert len(shelf._texts) == LibraryShelf.TEXTS_KEPT


@pytest.mark.parametrize("word", ["银行", "他", "下雨", "“走吧", "不存在的词", "\\"])
def test_example_sentences_read_only_the_articles_holding_the_word_find_the_same(tmp_path, word):
    from reader.core.example_sentences import examples_for

    path = tmp_path / "mixed.txt"
    path.write_text("\n\n".join(TEXTS.values()) + "\n\n银行\n\n他说:“走吧。”\n\n路径是 C:\\\\temp。\n", encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        shelf = LibraryShelf(library)
        shelf.accept(shelf.read(str(path)))
        everything = [(p, r.article.title) for d in library.documents() for r in d.articles for p in r.article.paragraphs]
        assert list(shelf.paragraphs()) == everything
        assert examples_for(word, shelf.paragraphs(word)) == examples_for(word, everything)
        shelf.READ_BEFORE_FILTERING = 0  # SQLite names the articles to read from the first
        assert examples_for(word, shelf.paragraphs(word)) == examples_for(word, everything)


def test_example_sentences_from_a_library_kept_in_memory_are_found_on_its_one_connection(tmp_path):
    """The window goes on with a library in memory when its file cannot be opened: no second connection to read on."""
    from reader.core.example_sentences import Example, examples_for
    from reader.core.library import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "novel.txt"
    path.write_text(NOVEL, encoding="utf-8")
    with Library.in_memory(tmp_path / "library.sqlite3", MIGRATIONS, APPLICATION_ID) as library:
        shelf = LibraryShelf(library)
        shelf.accept(shelf.read(str(path)))
        shelf.READ_BEFORE_FILTERING = 0
        assert examples_for("火车", shelf.paragraphs("火车")) == [Example("火车晚上才到。", "第二章 到达")]
        assert library._reader is False
