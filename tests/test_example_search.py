"""The dictionary panel's example sentences are looked for on a worker thread and filled in when found."""

import threading
import time

import pytest

from reader.core.example_sentences import Example, examples_for
from reader.ui import operations
from reader.ui.dictionary_panel import DictionaryPanel
from reader.ui.example_search import ExampleSearch

READING = [
    ("他推开门，雨已经停了。她在银行工作，每天很晚才回家。", "Novel"),
    ("你明天去银行吗？顺便帮我取点钱呗", "Chat"),
    ("把鸡蛋打散，加一点盐。锅里放油，油热了再下鸡蛋。", "Recipe"),
    ("请于周五前把报销单交到财务部。银行回单也要附上。", "Office"),
    ("我等了你一个晚上\n你到底去哪儿了？\n我在银行排队。", "Subtitles"),
    ("這家銀行的利率比較高。我們下雨天不出門。", "Traditional"),
] * 3000  # 18,000 paragraphs: the search runs over many gives-way checks


@pytest.fixture
def reading_panel(qtbot, dictionary):
    def make(paragraphs):
        panel = DictionaryPanel(lambda: dictionary, None)
        search = ExampleSearch(paragraphs, panel.show_examples, panel)
        panel._examples = search
        qtbot.addWidget(panel)
        panel.resize(420, 700)
        return panel
    return make


def lines(panel):
    return [line.strip() for line in panel.plain_text().splitlines() if line.strip()]


def examples_shown(panel):
    shown = lines(panel)
    return shown[shown.index("IN YOUR READING") + 1:] if "IN YOUR READING" in shown else None


def test_examples_are_filled_in_later_from_a_worker_without_blocking_the_click(qtbot, reading_panel):
    gate = threading.Event()
    readers = []

    def paragraphs(_word):
        def held():
            readers.append(threading.current_thread())
            gate.wait(10)  # on the UI thread this would hold show_word for 10 s
            yield from READING
        return held()

    panel = reading_panel(paragraphs)
    panel.show_word("银行", "yin2 hang2")
    assert lines(panel)[:2] == ["银行", "银行 銀行  yín háng in this text"]  # the entries at once
    assert examples_shown(panel) is None  # the sentences not yet
    gate.set()
    qtbot.waitUntil(lambda: examples_shown(panel) is not None, timeout=10_000)
    assert readers and threading.main_thread() not in readers
    assert examples_shown(panel) == [
        "她在银行工作，每天很晚才回家。 — Novel",
        "你明天去银行吗？ — Chat",
        "银行回单也要附上。 — Office",
        "我在银行排队。 — Subtitles",
    ]
    # the same sentences, in the same order, as looking through the paragraphs at once finds
    assert examples_shown(panel) == [f"{x.sentence} — {x.source}" for x in examples_for("银行", READING)]


def test_a_stale_search_for_a_word_no_longer_shown_is_dropped(qtbot, reading_panel):
    gate = threading.Event()
    asked = []

    def paragraphs(_word):
        first = not asked
        asked.append(1)

        def held():
            if first:
                gate.wait(10)  # the first word's search is still running when the second word is clicked
            yield from READING
        return held()

    panel = reading_panel(paragraphs)
    panel.show_word("鸡蛋", "ji1 dan4")
    panel.show_word("下雨", "xia4 yu3")
    gate.set()
    assert operations.wait_until_idle(10_000)
    qtbot.wait(50)
    assert panel.current_word == "下雨"
    assert examples_shown(panel) == ["我們下雨天不出門。 — Traditional"]
    assert "鸡蛋" not in "".join(examples_shown(panel))


def test_examples_arriving_after_going_back_are_dropped_and_the_page_shown_keeps_its_own(qtbot, reading_panel):
    panel = reading_panel(lambda _word: iter(READING))
    panel.show_word("银行", "yin2 hang2")
    qtbot.waitUntil(lambda: examples_shown(panel) is not None, timeout=10_000)
    panel.show_word("油", None)
    panel.back()  # 银行 again: its sentences looked for again, 油's search dropped
    assert operations.wait_until_idle(10_000)
    qtbot.wait(50)
    assert panel.current_word == "银行"
    assert examples_shown(panel)[0] == "她在银行工作，每天很晚才回家。 — Novel"
    assert Example("锅里放油，油热了再下鸡蛋。", "Recipe") in examples_for("油", READING)
    assert not any("油" in line for line in examples_shown(panel))


CHAPTERS = [
    ("第一章 雨夜", "他推开门，雨已经停了。她在银行工作，每天很晚才回家。"),
    ("第二章 聊天", "你明天去银行吗？顺便帮我取点钱呗"),
    ("第三章 做饭", "把鸡蛋打散，加一点盐。锅里放油，油热了再下鸡蛋。"),
    ("第四章 上班", "请于周五前把报销单交到财务部。银行回单也要附上。"),
    ("第五章 台灣", "這家銀行的利率比較高。我們下雨天不出門。"),
]


def test_opening_an_article_while_a_rare_word_is_looked_for_does_not_wait_for_the_search(qtbot, reading_panel, tmp_path):
    """Bug: SQLite looking through the whole library for a rare word held the library's lock (~0.3 s with a 200 MB
    file), and the window, opening an article whose text it had not kept, waited for it."""
    from reader.core.library import Library
    from reader.core.shelf import LibraryShelf

    path = tmp_path / "book.txt"
    path.write_text("\n\n".join(f"{title}\n\n{text}" for title, text in CHAPTERS) + "\n", encoding="utf-8")
    with Library.open(tmp_path / "data") as library:
        shelf = LibraryShelf(library)
        keys = shelf.accept(shelf.read(str(path)))
        assert [entry.title for entry in shelf.documents()[0].articles] == [title for title, _ in CHAPTERS]
        shelf.READ_BEFORE_FILTERING = 0  # SQLite is asked at once which articles hold the word
        library.articles_containing("利率")  # the search's own connection, opened
        searching, gate = threading.Event(), threading.Event()

        def hold_the_search() -> int:
            if not searching.is_set():
                searching.set()
                gate.wait(10)  # SQLite still looking through the library
            return 0

        library._reader.set_progress_handler(hold_the_search, 1)
        panel = reading_panel(shelf.paragraphs)
        panel.show_word("利率", "li4 lu:4")
        assert searching.wait(10)
        started = time.perf_counter()
        recipe = shelf.article(keys[2])  # on the UI thread: its text was not kept
        waited = time.perf_counter() - started
        gate.set()
        assert recipe.title == "第三章 做饭" and recipe.paragraphs == [CHAPTERS[2][1]]
        assert waited < 5
        qtbot.waitUntil(lambda: examples_shown(panel) is not None, timeout=10_000)
        assert examples_shown(panel) == ["這家銀行的利率比較高。 — 第五章 台灣"]
