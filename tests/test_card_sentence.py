"""The sentence on a word's Anki card, picked in the vocabulary window: it wins over the export's rule in the .apkg, the
text file and AnkiConnect (imported into the official Anki library), and it is undone like any vocabulary edit."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from reader.core.models import Context, Status
from reader.core.vocabulary import VocabularyStore
from reader.ui import card_sentence
from reader.ui.vocabulary_window import VocabularyTableModel, VocabularyWindow
from tests.anki_collection import AnkiCollection
from tests.ankiconnect_stub import StubAnki, StubServer

FIRST = "老师把作业发给学生们了。"  # school
LONGEST = "这个学生每天晚上都在图书馆里看书到很晚。"  # novel
NEWEST = "学生们都到了吗？"  # chat: the newest and the shortest
PICKED_SENTENCE_FIELD = '这个<b class="hl">学生</b>每天晚上都在图书馆里看书到很晚。'


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    with VocabularyStore.open(path) as store:
        for sentence, source in ((FIRST, "语文课"), (LONGEST, "小说"), (NEWEST, "群聊")):
            store.add("学生", "xue2 sheng5", ["student", "schoolchild"], Context(sentence, source))
        store.add("菜单", "cai4 dan1", ["menu"], Context("服务员，请给我菜单。", "菜谱"))  # one sentence: nothing to pick
        for known in ("老师", "这个", "每天", "我"):
            store.add(known, "", [], status=Status.KNOWN)
    return path


@pytest.fixture
def window(qtbot, data_dir):
    store = VocabularyStore.open(data_dir)
    widget = VocabularyWindow(store)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    store.close()


def sentences_cell(window, word):
    model = window.model
    row = [model.word_at(r) for r in range(model.rowCount())].index(word)
    return model.index(row, VocabularyTableModel.SENTENCES)


def pick_in_the_window(qtbot, window, sentence):
    """Double-click's editor on 学生's Sentences cell: choose ``sentence`` ("" gives the choice back to the rule)."""
    index = sentences_cell(window, "学生")
    window.table.setCurrentIndex(index)
    window.table.edit(index)
    (editor,) = [e for e in window.table.viewport().findChildren(QComboBox) if e.isVisible()]  # closed ones linger
    position = editor.findData(sentence)
    editor.setCurrentIndex(position)
    editor.activated.emit(position)
    qtbot.waitUntil(lambda: window.store.get("学生").card_sentence == (sentence or None), timeout=3000)


def export(run_cli, data_dir, destination, *extra):
    status, stdout, stderr = run_cli("--data-dir", data_dir, "export", destination, *extra)
    assert (status, stderr) == (0, ""), stderr
    return stdout


def test_the_window_lists_a_words_sentences_and_the_picked_one_is_kept_and_undone(qtbot, window):
    index = sentences_cell(window, "学生")
    model = window.model
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(sentences_cell(window, "菜单")) & Qt.ItemFlag.ItemIsEditable  # one sentence: no choice
    assert model.data(index) == f"{FIRST} (+2 more)"
    window.table.edit(index)
    (editor,) = window.table.viewport().findChildren(QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        card_sentence.BY_RULE, f"{NEWEST}  (newest)", LONGEST, FIRST]
    assert editor.currentIndex() == 0  # nothing picked yet: the rule
    editor.setCurrentIndex(2)
    editor.activated.emit(2)
    qtbot.waitUntil(lambda: window.store.get("学生").card_sentence == LONGEST, timeout=3000)
    assert not editor.isVisible()  # a pick in a list closes it
    assert model.data(index) == f"★ {LONGEST} (+2 more)"
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == (
        "<p style='white-space:pre'>" f"{FIRST}\n★ {LONGEST}  (on the Anki card)\n{NEWEST}" "</p>")
    assert window.undo_stack.undo_name == "Choose the card sentence of 学生"

    assert window.undo()
    assert window.store.get("学生").card_sentence is None
    assert window.model.data(sentences_cell(window, "学生")) == f"{FIRST} (+2 more)"
    assert window.message.text() == "Undone: Choose the card sentence of 学生"


def test_a_long_sentence_is_shortened_in_the_list_and_whole_in_its_tooltip(qtbot, tmp_path):
    long_sentence = "会议记录：" + "本季度销售额同比增长百分之十二，" * 8 + "请各部门负责人注意。"  # office
    with VocabularyStore.open(tmp_path) as store:
        store.add("会议", "hui4 yi4", ["meeting"], Context("明天的会议改到三点。"))
        store.add("会议", "", [], Context(long_sentence))
        widget = VocabularyWindow(store)
        qtbot.addWidget(widget)
        index = sentences_cell(widget, "会议")
        widget.table.edit(index)
        (editor,) = widget.table.viewport().findChildren(QComboBox)
        assert editor.itemText(1) == long_sentence[: card_sentence.LONGEST_ITEM - 1] + "…  (newest)"
        assert editor.itemData(1) == long_sentence
        assert long_sentence in editor.itemData(1, Qt.ItemDataRole.ToolTipRole)
        widget.close()


def test_the_picked_sentence_wins_over_the_rule_in_every_export_path(qtbot, window, run_cli, data_dir, tmp_path):
    first_package = tmp_path / "before.apkg"
    export(run_cli, data_dir, "apkg", first_package)
    anki = AnkiCollection(tmp_path / "anki")
    try:
        assert anki.import_package(first_package) == {"new": 2}
        assert anki.notes("Yuedu word")["学生"].fields["Sentence"] == '<b class="hl">学生</b>们都到了吗？'  # the rule: newest

        pick_in_the_window(qtbot, window, LONGEST)

        # the text file updates the note in an Anki that has Yuedu's note types
        text = tmp_path / "words.txt"
        export(run_cli, data_dir, "tsv", text)
        log = anki.import_text(text)
        assert log == {"updated": 1, "duplicate": 1}  # 学生 updated (found by its GUID); 菜单 unchanged
        student = anki.notes("Yuedu word")["学生"]
        assert student.fields["Sentence"] == PICKED_SENTENCE_FIELD
        assert student.fields["Source"] == "小说"
        anki.check()
    finally:
        anki.close()

    # the .apkg, whatever --sentence says, in a fresh Anki
    for rule in ("newest", "shortest", "first"):
        package = tmp_path / f"{rule}.apkg"
        export(run_cli, data_dir, "apkg", package, "--sentence", rule)
        fresh = AnkiCollection(tmp_path / f"fresh-{rule}")
        try:
            assert fresh.import_package(package) == {"new": 2}
            fresh.check()
            student = fresh.notes("Yuedu word")["学生"]
            assert student.fields["Sentence"] == PICKED_SENTENCE_FIELD
            assert student.fields["Sentence pinyin"] == (
                'zhè ge <b class="hl">xué sheng</b> měi tiān wǎn shang dōu zài tú shū guǎn lǐ kàn shū dào hěn wǎn.')
            assert student.tags == ["hsk::1", "yuedu", "yuedu::小说"]
            assert fresh.notes("Yuedu word")["菜单"].fields["Sentence"] == '服务员，请给我<b class="hl">菜单</b>。'
        finally:
            fresh.close()

    # AnkiConnect (the add-on's actions on a collection of the official library)
    stub = StubAnki(tmp_path / "connect")
    with StubServer(stub) as server:
        export(run_cli, data_dir, "ankiconnect", "--url", server.url, "--sentence", "first")
        assert stub.words()["学生"]["fields"]["Sentence"] == PICKED_SENTENCE_FIELD
        # the choice given back to the rule reaches Anki too
        pick_in_the_window(qtbot, window, "")
        export(run_cli, data_dir, "ankiconnect", "--url", server.url, "--sentence", "first")
        assert stub.words()["学生"]["fields"]["Sentence"] == '老师把作业发给<b class="hl">学生</b>们了。'
    stub.col.close()
