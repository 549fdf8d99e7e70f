"""Words › Words to Learn First in the window: the ranked list of the open book, saved in one undoable step."""

from reader.core.models import Status
from reader.core.vocabulary import VocabularyStore
from tests.test_main_window import make_window, open_and_wait

RECIPE = "先把鸡蛋打散。\n锅里放一点油，然后把鸡蛋倒进锅里。\n鸡蛋炒好以后盛出来，再放一点油。\n"


def test_the_list_ranks_the_open_articles_words_and_saves_them_with_undo(qtbot, tmp_path, _isolated_data_dir):
    _isolated_data_dir.mkdir(parents=True)
    with VocabularyStore.open(_isolated_data_dir) as store:
        store.add("先", "xian1", status=Status.KNOWN)
    recipe = tmp_path / "recipe.txt"
    recipe.write_text(RECIPE, encoding="utf-8")
    window = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir, interactive=False), recipe)
    window.prestudy_action.trigger()
    dialog = window.prestudy_dialog
    qtbot.addWidget(dialog)  # closed afterwards: an open dialog would take later tests' hover events
    dialog.target.setValue(60)
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.plan.target == 60, timeout=20_000)
    # 先 known: 鸡蛋 3 times in 3 paragraphs, then 一点, 把, 放 and 油 (2 times in 2; ties in code-point order)
    assert dialog.words()[:5] == ["鸡蛋", "一点", "把", "放", "油"]
    assert dialog.table.item(0, 1).text() == "鸡蛋" and dialog.table.item(0, 4).text() == "3 of 3"
    assert dialog.summary.text() == dialog.plan.summary() and dialog.plan.reached
    listed = dialog.words()
    with qtbot.waitSignal(dialog.saved, timeout=20_000) as saved:
        dialog.save_button.click()
    assert saved.args == [len(listed)]
    words = {w.word: w for w in window.vocabulary().words()}
    assert set(listed) <= set(words) and words["鸡蛋"].status is Status.NEW
    assert [c.sentence for c in words["鸡蛋"].contexts] == ["先把鸡蛋打散。"]
    assert window.status_label.text() == f"Saved {len(listed)} words to learn first (Ctrl+Z takes them back)"
    window.undo_actions.undo_action.trigger()
    assert {w.word for w in window.vocabulary().words()} == {"先"}
    dialog.close()  # a top-level dialog left open takes the later tests' hover events (their cards come up empty)
