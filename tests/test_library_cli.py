"""``library list|remove|rename|archive|unarchive|merge``: exact output, one-line errors, the library as the window sees it."""

import json

import pytest

from reader.core.library import Library
from tests.conftest import SAMPLE


@pytest.fixture
def stocked(run_cli, tmp_path, _isolated_data_dir):
    """The sample page (7 articles) and a pasted recipe note, in the test's data directory."""
    assert run_cli("import", SAMPLE)[0] == 0
    with Library.open(_isolated_data_dir) as library:
        library.import_text("红烧肉\n五花肉切块，冷水下锅，焯水后捞出。", title="红烧肉")
    return _isolated_data_dir


def test_library_list_shows_documents_and_their_articles(run_cli, stocked):
    status, out, err = run_cli("library", "list")
    assert (status, err) == (0, "")
    assert out == (
        "  2  红烧肉\n"
        "  1  sample_xinhua  (7 articles)\n"
        "     1.1  “创新链”遇见“产业链”\n"
        "     1.2  首对“港产”大熊猫亮相\n"
        "     1.3  浙江着力建设新形态市集\n"
        "     1.4  宁夏公布96家工伤保险协议机构 方便工伤职工异地就医\n"
        "     1.5  天津将提升改造80个口袋公园\n"
        "     1.6  “北京地铁”河北造\n"
        "     1.7  四川招工市场一线见闻\n"
    )


def test_library_list_json(run_cli, stocked):
    status, out, _ = run_cli("library", "list", "--json")
    documents = json.loads(out)
    assert status == 0 and [d["id"] for d in documents] == [2, 1]
    assert list(documents[1]) == ["id", "title", "source", "imported", "last_read", "archived", "articles"]
    assert documents[1]["source"] == str(SAMPLE.resolve()) and documents[1]["archived"] is False
    assert documents[1]["articles"][1] == {"id": "1.2", "title": "首对“港产”大熊猫亮相", "paragraphs": 3, "progress": 0.0}
    assert documents[0]["articles"] == [{"id": "2.1", "title": "红烧肉", "paragraphs": 1, "progress": 0.0}]


def test_an_empty_library_says_so(run_cli):
    assert run_cli("library", "list") == (0, "the library is empty\n", "")
    assert run_cli("library", "list", "--json") == (0, "[]\n", "")


def test_library_rename_a_document_and_an_article(run_cli, stocked):
    assert run_cli("library", "rename", "1", "新华社 2月16日") == (0, "renamed 1: sample_xinhua → 新华社 2月16日\n", "")
    assert run_cli("library", "rename", "1.2", "熊猫") == (0, "renamed 1.2: 首对“港产”大熊猫亮相 → 熊猫\n", "")
    out = run_cli("library", "list")[1]
    assert "  1  新华社 2月16日  (7 articles)\n" in out and "     1.2  熊猫\n" in out


def test_library_remove_by_title_then_by_id(run_cli, stocked):
    assert run_cli("library", "remove", "红烧肉") == (0, "removed 2 红烧肉\n", "")
    assert run_cli("library", "remove", "1") == (0, "removed 1 sample_xinhua (7 articles)\n", "")
    assert run_cli("library", "list")[1] == "the library is empty\n"


def test_library_merge_a_book_back_into_one_article(run_cli, stocked):
    assert run_cli("library", "merge", "1.6") == (0, "merged 1.6 with 1.7: “北京地铁”河北造\n", "")
    assert run_cli("library", "merge", "1") == (0, "merged the 6 articles of 1 into one: sample_xinhua\n", "")
    assert run_cli("library", "list")[1] == "  2  红烧肉\n  1  sample_xinhua\n"


def test_library_archive_and_unarchive(run_cli, stocked):
    assert run_cli("library", "archive", "2") == (0, "archived 2 红烧肉\n", "")
    assert run_cli("library", "list")[1].startswith("  2  红烧肉  [archived]\n")
    assert run_cli("library", "unarchive", "红烧肉") == (0, "unarchived 2 红烧肉\n", "")
    assert run_cli("library", "list")[1].startswith("  2  红烧肉\n")


@pytest.mark.parametrize("argv, message", [
    (["remove", "9"], "yuedu: no document '9' in the library (see: library list)\n"),
    (["remove", "没有这本书"], "yuedu: no document '没有这本书' in the library (see: library list)\n"),
    (["remove", "1.2"], "yuedu: library remove takes a document, not an article (1.2): merge the article into its neighbour instead\n"),
    (["rename", "1.9", "x"], "yuedu: document 1 has 7 article(s): no article 1.9\n"),
    (["rename", "2", "   "], "yuedu: a document's title cannot be empty\n"),
    (["merge", "2"], "yuedu: document 2 (红烧肉) is one article already: nothing to merge\n"),
    (["merge", "1.7"], "yuedu: '四川招工市场一线见闻' is the last article of its document: there is none after it to merge\n"),
])
def test_library_bad_input_is_one_line_and_exit_2(run_cli, stocked, argv, message):
    before = run_cli("library", "list")[1]
    status, out, err = run_cli("library", *argv)
    assert (status, out, err) == (2, "", message)
    assert run_cli("library", "list")[1] == before


def test_the_same_title_twice_asks_for_the_id(run_cli, stocked, _isolated_data_dir):
    with Library.open(_isolated_data_dir) as library:
        library.import_text("红烧肉要小火慢炖。", title="红烧肉")
    assert run_cli("library", "remove", "红烧肉") == (
        2, "", "yuedu: '红烧肉' is the title of 2 documents (3, 2): name one by its id\n")


def test_an_unknown_library_action_is_one_line_and_exit_2(capsys):
    from reader.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["library", "frobnicate"])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err.count("\n") == 1
    assert err.startswith("yuedu library: error: argument ACTION: invalid choice: 'frobnicate'")
