"""The library: documents kept once, reading positions, rename/split/merge, failures that change nothing."""

import sqlite3

import pytest

from reader.core.errors import UserError
from reader.core.library import FILE_NAME, SCHEMA_VERSION, Library
from tests.conftest import SAMPLE


class Clock:
    """A clock the test moves forward."""

    def __init__(self):
        self.minute = 0

    def __call__(self):
        self.minute += 1
        return f"2026-02-16T08:{self.minute:02d}:00+00:00"


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "data", clock=Clock()) as opened:
        yield opened


@pytest.fixture
def page(library):
    return library.import_file(SAMPLE)


def test_imported_document_is_stored_with_its_articles(library, page):
    assert (page.title, page.encoding, page.source, page.existing) == ("sample_xinhua", "utf-8", str(SAMPLE.resolve()), False)
    assert [a.title for a in page.articles][:2] == ["“创新链”遇见“产业链”", "首对“港产”大熊猫亮相"]
    assert [a.ordinal for a in page.articles] == list(range(7))
    stored = library.document(page.id)
    assert stored.articles[6].article.kicker == "搭对接平台、多举措留人……"
    assert stored.articles[0].article.paragraphs == page.articles[0].article.paragraphs
    assert library.counts() == (1, 7)


def test_reopening_the_same_file_opens_the_existing_entry(library, page, tmp_path):
    library.set_position(page.articles[2].id, 3)
    again = library.import_file(SAMPLE)
    assert (again.id, again.existing, again.articles[2].position) == (page.id, True, 3)
    assert library.counts() == (1, 7)


def test_same_path_other_content_is_a_new_document(library, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("第一版。", encoding="utf-8")
    first = library.import_file(path)
    path.write_text("第二版。", encoding="utf-8")
    second = library.import_file(path)
    assert first.id != second.id and library.counts() == (2, 2)


def test_the_same_text_pasted_twice_is_one_document(library):
    first = library.import_text("我今天很高兴。")
    second = library.import_text("我今天很高兴。")
    assert (second.id, second.existing, second.source.startswith("pasted:")) == (first.id, True, True)


def test_reading_position_and_last_read(library, page):
    article = page.articles[1]
    assert (article.position, article.last_read, article.progress) == (0, None, 0.0)
    library.set_position(article.id, 1)
    stored = library.article(article.id)
    assert (stored.position, stored.last_read) == (1, "2026-02-16T08:02:00+00:00")
    assert stored.progress == pytest.approx(2 / 3)
    assert library.last_read().id == article.id
    assert library.document(page.id).last_read == "2026-02-16T08:02:00+00:00"
    library.set_position(article.id, 99)  # past the end: the last paragraph
    assert library.article(article.id).position == 2


def test_documents_most_recently_read_first(library, page, tmp_path):
    other_path = tmp_path / "other.txt"
    other_path.write_text("另一篇文章。", encoding="utf-8")
    other = library.import_file(other_path)
    assert [d.id for d in library.documents()] == [other.id, page.id]
    library.set_position(page.articles[0].id, 0)
    assert [d.id for d in library.documents()] == [page.id, other.id]


def test_rename_article(library, page):
    renamed = library.rename_article(page.articles[0].id, "  科技成果 转化  ")
    assert renamed.title == "科技成果 转化"
    with pytest.raises(UserError, match="cannot be empty"):
        library.rename_article(page.articles[0].id, "   ")


def test_split_at_a_subhead_takes_it_as_the_title(library, page):
    first = page.articles[0]
    head, tail = library.split_article(first.id, 3)
    assert (head.title, len(head.article.paragraphs)) == ("“创新链”遇见“产业链”", 3)
    assert (tail.title, tail.ordinal, len(tail.article.paragraphs)) == ("打造产学研深度融合新范式", 1, 40)
    assert tail.article.paragraphs[0] == "“4月份我们要参加北京亦庄的半程马拉松比赛!”"
    assert [a.ordinal for a in library.document(page.id).articles] == list(range(8))
    assert library.document(page.id).articles[2].title == "首对“港产”大熊猫亮相"


def test_split_at_a_plain_paragraph_names_the_new_part(library, page):
    _, tail = library.split_article(page.articles[2].id, 2)
    assert tail.title == "指导意见指出"
    assert tail.article.paragraphs[0].startswith("指导意见指出,要在传统市集发展基础上")


def test_split_then_merge_gives_back_the_article(library, page):
    original = page.articles[0].article
    head, _ = library.split_article(page.articles[0].id, 19)
    merged = library.merge_with_next(head.id)
    assert merged.article == original
    assert [a.title for a in library.document(page.id).articles] == [a.title for a in page.articles]


def test_merge_brings_the_next_items_headings_into_the_text(library, page):
    merged = library.merge_with_next(page.articles[2].id)  # 浙江 + 宁夏
    paragraphs = merged.article.paragraphs
    assert paragraphs[5:8] == [
        "宁夏公布96家工伤保险协议机构 方便工伤职工异地就医",
        "新华社银川2月16日电(记者 谢建雯 艾福梅)",
        paragraphs[7],
    ]
    assert paragraphs[7].startswith("记者近日从宁夏回族自治区社保局获悉")
    assert len(library.document(page.id).articles) == 6


def test_a_split_article_reads_in_print_order_and_merges_back(library, page):
    """The closing dateline (新华社北京2月15日电) ended the text: after a split it ends the second part, not the first."""
    head, tail = library.split_article(page.articles[0].id, 19)
    assert (head.article.dateline, tail.article.dateline) == (None, "(新华社北京2月15日电)")
    assert library.merge_with_next(head.id).article == page.articles[0].article


def test_split_keeps_the_reading_position_where_it_was(library, page):
    first = page.articles[0]
    library.set_position(first.id, 10)
    head, tail = library.split_article(first.id, 3)
    assert (head.position, tail.position, tail.last_read is not None) == (2, 6, True)
    # paragraph 10 of the whole ("立春启新岁") is paragraph 6 of the part after the subhead
    assert tail.article.paragraphs[tail.position] == "立春启新岁,复工正当时。"


@pytest.mark.parametrize("paragraph", [0, -1, 44, 100])
def test_split_outside_the_article_is_refused_and_changes_nothing(library, page, paragraph):
    with pytest.raises(UserError, match="cannot split"):
        library.split_article(page.articles[0].id, paragraph)
    assert library.counts() == (1, 7)
    assert library.article(page.articles[0].id).article == page.articles[0].article


def test_merging_the_last_article_is_refused(library, page):
    with pytest.raises(UserError, match="last article"):
        library.merge_with_next(page.articles[-1].id)
    assert library.counts() == (1, 7)


def test_unknown_ids_are_one_line_errors(library):
    for action in (lambda: library.article(999), lambda: library.document(999), lambda: library.set_position(999, 0),
                   lambda: library.rename_article(999, "x"), lambda: library.remove_document(999)):
        with pytest.raises(UserError, match="^no (article|document) 999 in the library$"):
            action()


def test_remove_document_takes_its_articles(library, page):
    library.remove_document(page.id)
    assert library.counts() == (0, 0)


def test_a_failing_action_leaves_the_library_unchanged(library, page, monkeypatch):
    import reader.core.library as module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(module.json, "dumps", broken)
    with pytest.raises(RuntimeError):
        library.split_article(page.articles[0].id, 3)
    with pytest.raises(RuntimeError):
        library.add("other", "hash", "标题", "utf-8", [page.articles[0].article])
    monkeypatch.undo()
    assert library.counts() == (1, 7)
    assert library.article(page.articles[0].id).article == page.articles[0].article


def test_bad_file_leaves_the_library_unchanged(library, page, tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(UserError, match="not a readable picture"):
        library.import_file(path)
    assert library.counts() == (1, 7)


def test_schema_version_and_reopening(tmp_path):
    data = tmp_path / "data"
    with Library.open(data) as library:
        library.import_text("我今天很高兴。")
    connection = sqlite3.connect(data / FILE_NAME)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()
    with Library.open(data) as library:
        assert library.counts() == (1, 1)


def test_newer_schema_is_refused(tmp_path):
    data = tmp_path / "data"
    Library.open(data).close()
    connection = sqlite3.connect(data / FILE_NAME)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(UserError, match="newer version of Yuedu"):
        Library.open(data)


def test_another_programs_database_is_not_taken(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    connection = sqlite3.connect(data / FILE_NAME)
    connection.execute("CREATE TABLE songs (name TEXT)")
    connection.close()
    with pytest.raises(UserError, match="not a readable Yuedu library .it is another program's database.; it was kept as"):
        Library.open(data)
    (aside,) = [p for p in data.iterdir() if ".unreadable-" in p.name]  # kept aside, untouched
    assert sqlite3.connect(aside).execute("SELECT name FROM sqlite_master").fetchall() == [("songs",)]
    Library.open(data).close()  # and a new library starts


def test_session_opens_the_library_in_its_data_dir(tmp_path):
    from reader.core.session import Session

    session = Session(data_dir=tmp_path / "session-data")
    assert session.library.path == tmp_path / "session-data" / FILE_NAME
    assert session.library is session.library
    session.library.close()


# -- housekeeping: the same paste once, rename, archive, merge a book, remove and put back ----------------


def test_every_paste_added_a_document_even_of_the_same_text(library):
    """The clipboard hands the same text back with CRLF, a trailing newline or spaces: still one document."""
    first = library.import_text("周末做了红烧肉。\n先把五花肉切块，冷水下锅。\n")
    for again in ("周末做了红烧肉。\r\n先把五花肉切块，冷水下锅。", "\n周末做了红烧肉。  \n先把五花肉切块，冷水下锅。\n\n"):
        assert (library.import_text(again).id, library.counts()) == (first.id, (1, 1))
    assert library.import_text("周末做了红烧肉。\n先把五花肉切块，热水下锅。").id != first.id


def test_merge_document_makes_a_book_one_article_again(library, page):
    merged = library.merge_document(page.id)
    document = library.document(page.id)
    assert library.counts() == (1, 1) and [a.id for a in document.articles] == [page.articles[0].id]
    assert (merged.title, merged.title_in_text, merged.article.kicker, merged.article.byline) == ("sample_xinhua", False, None, None)
    paragraphs, first = merged.article.paragraphs, page.articles[0].article
    # the first item's headings are lines of the text like every other item's
    heads = [h for h in (first.kicker, first.title, first.subtitle, first.byline) if h]
    assert heads[0] == "“创新链”遇见“产业链”" and paragraphs[:len(heads)] == heads
    # each item's closing dateline stays where it ended that item; the last one ends the whole text
    end = len(heads) + len(first.paragraphs)
    assert paragraphs[len(heads):end + 2] == first.paragraphs + ["(新华社北京2月15日电)", "首对“港产”大熊猫亮相"]
    assert (paragraphs[-1], merged.article.dateline) == (page.articles[-1].article.paragraphs[-1], "(新华社成都2月16日电)")
    assert "首对“港产”大熊猫亮相" in paragraphs  # the second item's headline is a line of the text again


def test_a_merged_book_goes_by_its_name_and_keeps_its_chapter_headings(library):
    book = library.import_text("第一章 出门\n他早上七点出门。\n第二章 回家\n晚上下雨了，他打车回家。", title="小说")
    assert [a.title for a in book.articles] == ["第一章 出门", "第二章 回家"]
    merged = library.merge_document(book.id)
    assert (merged.title, merged.article.paragraphs) == (
        "小说", ["第一章 出门", "他早上七点出门。", "第二章 回家", "晚上下雨了，他打车回家。"])


def test_rename_document_and_its_only_article(library, page):
    note = library.import_text("会议改到周三下午三点。")
    assert library.rename_document(note.id, "  开会  通知 ").title == "开会 通知"
    assert library.document(note.id).articles[0].title == "开会 通知"
    assert library.rename_document(page.id, "新华社 2月16日").articles[0].title == "“创新链”遇见“产业链”"
    with pytest.raises(UserError, match="^a document's title cannot be empty$"):
        library.rename_document(page.id, "  ")
    with pytest.raises(UserError, match="^no document 999 in the library$"):
        library.rename_document(999, "x")


def test_archive_keeps_the_document_and_a_paste_brings_it_back(library):
    note = library.import_text("明天降温，记得带伞。")
    library.set_position(note.articles[0].id, 0)
    assert library.set_archived(note.id).archived is True
    assert library.counts() == (1, 1) and library.document(note.id).articles[0].last_read is not None
    assert library.import_text("明天降温，记得带伞。\n").archived is False
    assert library.document(note.id).archived is False


def test_removed_document_comes_back_whole_with_the_same_ids(library, page):
    library.set_position(page.articles[3].id, 2)
    library.rename_article(page.articles[1].id, "熊猫")
    before = library.document(page.id)
    removed = library.remove_document(page.id)
    assert library.counts() == (0, 0)
    restored = library.restore_document(removed)
    assert restored == before and library.article(page.articles[3].id).position == 2
    assert library.last_read().id == page.articles[3].id


def test_restore_undoes_a_merge(library, page):
    before = library.document(page.id)
    library.merge_document(page.id)
    assert library.restore_document(before) == before and library.counts() == (1, 7)


def test_find_documents_by_id_or_title(library, page):
    note = library.import_text("Wi-Fi 密码是 8888。", title="Office Wi-Fi")
    assert [d.id for d in library.find_documents(str(note.id))] == [note.id]
    assert [d.id for d in library.find_documents("office  wi-fi")] == [note.id]
    assert [d.id for d in library.find_documents("sample_xinhua")] == [page.id]
    assert library.find_documents("没有这本书") == []


def test_a_library_from_before_archiving_opens_with_nothing_archived(tmp_path):
    from reader.core.library import MIGRATIONS, APPLICATION_ID
    from reader.core.sqlite_store import migrate

    data = tmp_path / "data"
    data.mkdir()
    old = sqlite3.connect(data / FILE_NAME, isolation_level=None)
    migrate(old, MIGRATIONS[:-1], APPLICATION_ID)
    old.execute("INSERT INTO documents (source, content_hash, title, encoding, imported) VALUES ('a', 'h', '旧书', 'utf-8', 'x')")
    old.close()
    with Library.open(data) as library:
        assert [(d.title, d.archived) for d in library.documents()] == [("旧书", False)]


def test_undo_stack_takes_back_a_removal_and_redoes_it(library, page):
    from reader.core.undo import UndoStack

    stack, before = UndoStack(), library.document(page.id)
    stack.record_rows("Remove sample_xinhua", library, [page.id], lambda: library.remove_document(page.id))
    assert library.counts() == (0, 0)
    assert stack.undo().name == "Remove sample_xinhua" and library.document(page.id) == before
    stack.redo()
    assert library.counts() == (0, 0)


def test_the_window_s_snapshot_of_the_library_is_out_of_the_collectors_reach(library):
    # regression: a 200 MB file's 2 million paragraphs were young objects when the window received the library's
    # snapshot, and the next collection walked them all (0.2 s of the UI thread as the first article opened)
    import gc

    from reader.core.shelf import LibraryShelf

    collecting = gc.isenabled()
    _, documents, _ = LibraryShelf(library).read(str(SAMPLE))
    tracked = {id(obj) for obj in gc.get_objects()}
    outline = documents[0].articles[0]
    assert len(documents) == 1 and outline.paragraph_count == len(library.article(outline.id).article.paragraphs) > 3
    assert id(outline) not in tracked and id(documents[0].articles) not in tracked
    assert gc.isenabled() == collecting  # the collector is left as it was found


def test_the_import_s_own_copy_of_a_big_file_is_not_freed_on_the_ui_thread(library, tmp_path):
    # regression: the window received the import's record with every paragraph of the file, and freed them all at
    # once on the UI thread after opening the first article (a 200 MB file: the window froze 50-85 ms)
    from reader.core.shelf import LibraryShelf

    text = "第一章 出发\n\n我们明天早上八点出发。\n记得带上雨伞！\n\n第二章 到达\n\n下午三点到了北京。\n"
    path = tmp_path / "trip.txt"
    path.write_text(text, encoding="utf-8")
    shelf = LibraryShelf(library)
    result = shelf.read(str(path))
    article_ids, _, texts = result
    assert all(type(article_id) is int for article_id in article_ids)  # ids, and only the text the window opens
    assert list(texts) == article_ids[:1]
    keys = shelf.accept(result)
    stored = library.documents()[0].articles
    assert keys == [shelf.key(record.id) for record in stored] and len(keys) >= 1
    assert [shelf.article(key).paragraphs for key in keys] == [record.article.paragraphs for record in stored]
    assert [(shelf.article(key).title, shelf.article(key).paragraphs) for key in keys] == [
        ("第一章 出发", ["我们明天早上八点出发。", "记得带上雨伞！"]), ("第二章 到达", ["下午三点到了北京。"])]


def test_let_go_in_pieces_empties_every_list():
    from reader.core.garbage import let_go_in_pieces

    lists = [[str(n) for n in range(10_000)], [], ["一"]]
    let_go_in_pieces(lists, piece=4096)
    assert lists == [[], [], []]
