"""Collection-level undo in the core: named steps, undo and redo, vocabulary changes put back exactly."""

import pytest

from reader.core.errors import UserError
from reader.core.models import Context, Status
from reader.core.stats import mark_rest_known
from reader.core.undo import UndoStack, UndoStep
from reader.core.vocabulary import VocabularyStore


@pytest.fixture
def store(tmp_path):
    with VocabularyStore.open(tmp_path) as opened:
        yield opened


@pytest.fixture
def stack():
    return UndoStack()


def test_steps_are_undone_newest_first_then_redone_and_a_new_step_drops_the_redo(stack):
    log = []
    for name in ("one", "two"):
        stack.push(UndoStep(name, lambda n=name: log.append(f"undo {n}"), lambda n=name: log.append(f"redo {n}")))
    assert (stack.undo_name, stack.redo_name) == ("two", None)
    assert stack.undo().name == "two"
    assert stack.undo().name == "one"
    assert stack.undo() is None and not stack.can_undo
    assert stack.redo().name == "one"
    assert (stack.undo_name, stack.redo_name) == ("one", "two")
    stack.push(UndoStep("three", lambda: log.append("undo three"), lambda: None))
    assert not stack.can_redo and stack.redo() is None
    assert log == ["undo two", "undo one", "redo one"]


def test_the_oldest_steps_fall_off_past_the_limit():
    stack = UndoStack(limit=3)
    for number in range(5):
        stack.push(UndoStep(str(number), lambda: None, lambda: None))
    assert [stack.undo().name for _ in range(3)] == ["4", "3", "2"]
    assert stack.undo() is None


def test_listeners_hear_every_move(stack):
    heard = []
    stack.on_change(lambda: heard.append((stack.undo_name, stack.redo_name)))
    stack.push(UndoStep("Save 银行", lambda: None, lambda: None))
    stack.undo()
    stack.redo()
    assert heard == [("Save 银行", None), (None, "Save 银行"), ("Save 银行", None)]


def test_a_status_change_is_undone_and_redone_exactly(stack, store):
    store.add("银行", "yin2 hang2", ["bank"], Context("我去银行取钱。"), Status.LEARNING_2)
    store.set_notes("银行", "from the news")
    before = store.get("银行")
    stack.record_rows("Set 银行 known", store, ["银行"], lambda: store.set_status("银行", Status.KNOWN))
    assert store.get("银行").status is Status.KNOWN
    assert stack.undo().name == "Set 银行 known"
    assert store.get("银行") == before
    stack.redo()
    assert store.get("银行").status is Status.KNOWN and store.get("银行").notes == "from the news"


def test_undoing_a_save_forgets_the_word_and_a_second_save_only_its_new_sentence(stack, store):
    stack.record_rows("Save 走", store, ["走"], lambda: store.add("走", "zou3", ["to walk"], Context("他走了。")))
    stack.record_rows("Save 走", store, ["走"], lambda: store.add("走", "zou3", ["to walk"], Context("我们走吧！")))
    assert [c.sentence for c in store.get("走").contexts] == ["他走了。", "我们走吧！"]
    stack.undo()
    assert [c.sentence for c in store.get("走").contexts] == ["他走了。"]
    stack.undo()
    assert store.get("走") is None and "走" not in store.status_map()


def test_a_removed_word_comes_back_with_sentences_notes_and_its_place_in_the_list(stack, store):
    for word, sentence in (("锅", "锅里放油。"), ("炒", "大火炒一分钟。"), ("盐", "加一点盐。")):
        store.add(word, "", [], Context(sentence), Status.LEARNING_3)
    store.set_notes("炒", "stir-fry")
    before = store.get("炒")
    stack.record_rows("Remove 炒", store, ["炒"], lambda: store.remove("炒"))
    assert [w.word for w in store.words()] == ["锅", "盐"]
    stack.undo()
    assert store.get("炒") == before
    assert [w.word for w in store.words()] == ["锅", "炒", "盐"]  # saved order kept


def test_mark_the_rest_known_is_one_step_and_keeps_earlier_steps_below_it(stack, store, annotator):
    tokens = annotator.annotate("老师说：“明天不上课。”大家都很高兴。")
    stack.record_rows("Save 老师", store, ["老师"], lambda: store.add("老师", "lao3 shi1", ["teacher"]))
    unseen = {t.text for t in tokens if t.is_chinese} - {"老师"}
    marked = stack.record_rows(f"Mark {len(unseen)} words known", store, unseen, lambda: mark_rest_known(store, tokens))
    assert set(marked.words) == unseen and store.status_map()["高兴"] is Status.KNOWN
    assert stack.undo().name == f"Mark {len(unseen)} words known"
    assert dict(store.status_map()) == {"老师": Status.NEW}
    assert stack.undo().name == "Save 老师"
    assert len(store) == 0
    stack.redo()
    stack.redo()
    assert store.status_map()["高兴"] is Status.KNOWN and store.status_map()["老师"] is Status.NEW


def test_a_change_that_fails_or_changes_nothing_is_not_a_step(stack, store):
    store.add("茶", "cha2", ["tea"], status=Status.KNOWN)
    with pytest.raises(UserError):
        stack.record_rows("Set 水 known", store, ["水"], lambda: store.set_status("水", Status.KNOWN))
    stack.record_rows("Set 茶 known", store, ["茶"], lambda: store.set_status("茶", Status.KNOWN))
    assert not stack.can_undo


def test_a_word_saved_again_elsewhere_after_a_delete_does_not_block_the_undo(stack, store):
    store.add("甲", "jia3", [])
    stack.record_rows("Remove 甲", store, ["甲"], lambda: store.remove("甲"))
    store.add("乙", "yi3", [])  # takes the row number 甲 had
    stack.undo()
    assert [w.word for w in store.words()] == ["乙", "甲"]
    assert store.get("甲").numbered == "jia3"
