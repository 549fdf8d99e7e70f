"""The library panel says how much of each article the learner knows, sorts by it, and follows the vocabulary."""

from reader.core.models import Status
from reader.core.vocabulary import VocabularyStore
from reader.ui import plain_text
from reader.ui.library_panel import KNOWN_COLUMN
from tests.test_main_window import make_window, open_and_wait

EASY = "我喜欢学习中文。我每天都学习。"  # 我 喜欢 学习 中文 。 我 每天 都 学习 。: 8 running words
HARD = "蕴含巨大的价值。"  # 蕴含 巨大 的 价值 。: 4 running words


def rows(window):
    panel = window.library_panel
    items = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    return [(item.text(0), item.text(KNOWN_COLUMN)) for item in items]


def test_each_article_shows_known_share_sorts_by_it_and_follows_the_vocabulary(qtbot, tmp_path, _isolated_data_dir):
    _isolated_data_dir.mkdir(parents=True)
    with VocabularyStore.open(_isolated_data_dir) as store:
        for word in ("我", "学习", "的"):
            store.add(word, "", status=Status.KNOWN)
    easy, hard = tmp_path / "easy.txt", tmp_path / "hard.txt"
    easy.write_text(EASY, encoding="utf-8")
    hard.write_text(HARD, encoding="utf-8")
    window = make_window(qtbot, _isolated_data_dir)
    open_and_wait(qtbot, window, easy)
    open_and_wait(qtbot, window, hard)
    qtbot.waitUntil(lambda: all(text.endswith("% known") for _, text in rows(window)), timeout=30_000)
    # 我 ×2 and 学习 ×2 of 8 running words; 的 1 of 4
    assert sorted(rows(window)) == [("easy", "50% known"), ("hard", "25% known")]
    items = {window.library_panel.tree.topLevelItem(i).text(0): window.library_panel.tree.topLevelItem(i) for i in range(2)}
    assert items["hard"].toolTip(KNOWN_COLUMN) == plain_text.tooltip(
        "HSK 7-9 · 25.0% known · 3 new · 75.0 new per 100 words")

    window.library_panel.sort_combo.setCurrentIndex(window.library_panel.sort_combo.findData("easiest"))
    assert [title for title, _ in rows(window)] == ["easy", "hard"]
    window.library_panel.sort_combo.setCurrentIndex(window.library_panel.sort_combo.findData("hardest"))
    assert [title for title, _ in rows(window)] == ["hard", "easy"]

    window.session.vocabulary.add("蕴含", "", status=Status.KNOWN)
    window.session.vocabulary.add("价值", "", status=Status.KNOWN)
    window._statuses_changed()
    assert [row for row in rows(window)] == [("easy", "50% known"), ("hard", "75% known")]
    window.library_panel.sort_combo.setCurrentIndex(window.library_panel.sort_combo.findData("easiest"))
    assert [title for title, _ in rows(window)] == ["hard", "easy"]


def test_work_still_running_when_its_window_goes_calls_nothing_back(qtbot, tmp_path, _isolated_data_dir):
    from reader.ui import operations

    path = tmp_path / "long.txt"
    path.write_text(EASY * 2000, encoding="utf-8")
    window = make_window(qtbot, _isolated_data_dir)
    open_and_wait(qtbot, window, path)
    difficulty = window.library_difficulty
    difficulty._profiles.clear()
    difficulty.profile(window.library_panel.article_keys())  # a worker starts profiling again
    difficulty.deleteLater()  # as when the window is closed and deleted
    qtbot.wait(20)
    assert operations.wait_until_idle(30_000)  # its results arrive with no one to take them: no error
