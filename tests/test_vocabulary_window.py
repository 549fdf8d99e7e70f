"""The vocabulary window: table over the store, filter, sort, notes, bulk status, delete with undo, chart."""

from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLineEdit, QTableView

from reader.core.models import Context, Status, VocabWord
from reader.core.vocabulary import VocabularyStore
from reader.ui import plain_text
from reader.ui.vocabulary_window import KnownWordsChart, VocabularyTableModel, VocabularyWindow

WORDS = [
    # word, numbered, definitions, status, sentences, notes
    ("银行", "yin2 hang2", ("bank",), Status.KNOWN, ("我去银行取钱。", "银行关门了。"), ""),
    ("行长", "hang2 zhang3", ("bank president",), Status.LEARNING_2, ("银行行长走了。",), "from the news"),
    ("校长", "xiao4 zhang3", ("principal (of school)", "headmaster"), Status.NEW, (), ""),
    ("李克强", "Li3 Ke4 qiang2", ("Li Keqiang",), Status.IGNORED, (), ""),
    ("绿色", "lu:4 se4", ("green",), Status.LEARNING_4, ("绿色的山。",), ""),
    ("走", "zou3", ("to walk", "to go"), Status.NEW, (), ""),
]


class Clock:
    def __init__(self):
        self.moment = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)

    def __call__(self):
        return self.moment


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    opened = VocabularyStore.open(tmp_path, clock=clock)
    for word, numbered, definitions, status, sentences, notes in WORDS:
        for sentence in sentences or (None,):
            opened.add(word, numbered, definitions, Context(sentence) if sentence else None, status)
        if notes:
            opened.set_notes(word, notes)
        clock.moment = clock.moment.replace(minute=clock.moment.minute + 1)
    return opened


@pytest.fixture
def window(qtbot, store):
    widget = VocabularyWindow(store)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def column(window, number):
    model = window.model
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def select(window, *words):
    window.table.clearSelection()
    selection = window.table.selectionModel()
    for row in range(window.model.rowCount()):
        if window.model.word_at(row) in words:
            selection.select(window.model.index(row, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)


def test_it_is_a_table_view_over_a_table_model(window):
    assert type(window.table) is QTableView
    assert isinstance(window.table.model(), VocabularyTableModel)


def test_newest_first_with_every_column(window):
    model = window.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Word", "Pinyin", "Status", "Definitions", "Notes", "Sentences", "Added",
    ]
    assert column(window, 0) == ["走", "绿色", "李克强", "校长", "行长", "银行"]
    assert [model.data(model.index(4, c)) for c in range(7)] == [
        "行长", "háng zhǎng", "Learning (2)", "bank president", "from the news", "银行行长走了。", "2026-03-01",
    ]
    assert column(window, 1) == ["zǒu", "lǜ sè", "Lǐ Kè qiáng", "xiào zhǎng", "háng zhǎng", "yín háng"]
    assert column(window, 5) == ["", "绿色的山。", "", "", "银行行长走了。", "我去银行取钱。 (+1 more)"]  # the sentences
    assert window.count_label.text() == "6 words"


@pytest.mark.parametrize(
    ("number", "order", "expected"),
    [
        (VocabularyTableModel.PINYIN, Qt.SortOrder.AscendingOrder, ["行长", "李克强", "绿色", "校长", "银行", "走"]),
        (VocabularyTableModel.STATUS, Qt.SortOrder.AscendingOrder, ["校长", "走", "行长", "绿色", "银行", "李克强"]),
        (VocabularyTableModel.SENTENCES, Qt.SortOrder.DescendingOrder, ["银行", "行长", "绿色", "校长", "李克强", "走"]),
        (VocabularyTableModel.ADDED, Qt.SortOrder.AscendingOrder, ["银行", "行长", "校长", "李克强", "绿色", "走"]),
        (VocabularyTableModel.NOTES, Qt.SortOrder.DescendingOrder, ["行长", "银行", "校长", "李克强", "绿色", "走"]),
    ],
)
def test_sorting_by_a_column(window, number, order, expected):
    window.table.sortByColumn(number, order)
    assert column(window, 0) == expected


@pytest.mark.parametrize(
    ("status_choice", "text", "expected", "count"),
    [
        ("All statuses", "", ["走", "绿色", "李克强", "校长", "行长", "银行"], "6 words"),
        ("New", "", ["走", "校长"], "2 of 6 words"),
        ("Learning", "", ["绿色", "行长"], "2 of 6 words"),
        ("Not known yet", "", ["走", "绿色", "校长", "行长"], "4 of 6 words"),
        ("Known", "", ["银行"], "1 of 6 words"),
        ("Ignored", "", ["李克强"], "1 of 6 words"),
        ("All statuses", "hang", ["行长", "银行"], "2 of 6 words"),
        ("All statuses", "yínháng", ["银行"], "1 of 6 words"),
        ("All statuses", "zhang", ["校长", "行长"], "2 of 6 words"),
        ("All statuses", "lv", ["绿色"], "1 of 6 words"),
        ("All statuses", "head", ["校长"], "1 of 6 words"),
        ("All statuses", "news", ["行长"], "1 of 6 words"),
        ("Known", "zhang", [], "0 of 6 words"),
        ("New", "走", ["走"], "1 of 6 words"),
    ],
)
def test_filter_by_status_and_text(window, status_choice, text, expected, count):
    window.status_filter.setCurrentText(status_choice)
    window.filter_edit.setText(text)
    window.apply_filter()
    assert column(window, 0) == expected
    assert window.count_label.text() == count


def test_typing_in_the_filter_box_filters_after_a_pause(qtbot, window):
    qtbot.keyClicks(window.filter_edit, "xiao")
    qtbot.waitUntil(lambda: column(window, 0) == ["校长"], timeout=2000)


def test_typing_a_status_key_in_the_filter_box_is_just_typing(qtbot, window, store):
    select(window, "走")
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "k")
    assert window.filter_edit.text() == "k" and store.get("走").status is Status.NEW


def test_editing_notes_saves_them(window, store):
    model = window.model
    row = column(window, 0).index("校长")
    assert model.flags(model.index(row, VocabularyTableModel.NOTES)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(row, VocabularyTableModel.WORD)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(row, VocabularyTableModel.NOTES), "cf. 长 zhǎng")
    assert store.get("校长").notes == "cf. 长 zhǎng"
    assert model.data(model.index(row, VocabularyTableModel.NOTES)) == "cf. 长 zhǎng"


def test_editing_a_note_through_the_editor(qtbot, window, store):
    row = column(window, 0).index("走")
    index = window.model.index(row, VocabularyTableModel.NOTES)
    window.table.setCurrentIndex(index)
    window.table.edit(index)
    (editor,) = window.table.viewport().findChildren(QLineEdit)
    editor.setText("to walk, not to run")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: store.get("走").notes == "to walk, not to run", timeout=2000)


def test_bulk_status_change_is_one_step_and_undoable(qtbot, window, store):
    changes = []
    window.vocabulary_changed.connect(lambda: changes.append(1))
    select(window, "走", "校长", "绿色")
    assert window.set_selected_status(Status.KNOWN) == 3
    assert store.status_map() == {
        "银行": Status.KNOWN, "行长": Status.LEARNING_2, "校长": Status.KNOWN, "李克强": Status.IGNORED,
        "绿色": Status.KNOWN, "走": Status.KNOWN,
    }
    assert window.message.text() == "3 words set to Known (5)"
    assert window.selected_words() == ["走", "绿色", "校长"]  # the selection stays on the changed words
    assert window.undo()
    assert store.status_map()["走"] is Status.NEW and store.status_map()["绿色"] is Status.LEARNING_4
    assert len(changes) == 2


@pytest.mark.parametrize(
    ("key", "status"),
    [(Qt.Key.Key_1, Status.NEW), (Qt.Key.Key_3, Status.LEARNING_3), (Qt.Key.Key_5, Status.KNOWN),
     (Qt.Key.Key_K, Status.KNOWN), (Qt.Key.Key_I, Status.IGNORED)],
)
def test_status_keys_in_the_table(qtbot, window, store, key, status):
    select(window, "行长")
    window.table.setFocus()
    qtbot.keyClick(window.table, key)
    assert store.get("行长").status is status


def test_a_status_filter_drops_words_that_no_longer_match(window, store):
    window.status_filter.setCurrentText("New")
    select(window, "走")
    window.set_selected_status(Status.KNOWN)
    assert column(window, 0) == ["校长"]


def test_delete_with_undo_brings_back_sentences_and_notes(qtbot, window, store):
    select(window, "银行", "行长")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert column(window, 0) == ["走", "绿色", "李克强", "校长"]
    assert store.get("银行") is None and window.count_label.text() == "4 words"
    assert window.message.text() == "Deleted 2 words (Undo brings them back)"
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    restored = store.get("行长")
    assert (restored.status, restored.notes, [c.sentence for c in restored.contexts]) == (
        Status.LEARNING_2, "from the news", ["银行行长走了。"],
    )
    assert [c.sentence for c in store.get("银行").contexts] == ["我去银行取钱。", "银行关门了。"]
    assert sorted(column(window, 0)) == sorted(w[0] for w in WORDS)


def test_buttons_follow_the_selection(window):
    assert not window.delete_button.isEnabled() and not window.status_buttons[Status.KNOWN].isEnabled()
    assert not window.undo_button.isEnabled()
    select(window, "走")
    assert window.delete_button.isEnabled() and window.status_buttons[Status.KNOWN].isEnabled()


def test_reloads_when_another_program_changed_the_vocabulary(window, store, tmp_path):
    with VocabularyStore.open(tmp_path) as other:
        other.add("关门", "guan1 men2", ["to close the door"])
    assert window.reload_if_changed()
    assert column(window, 0)[0] == "关门"
    assert not window.reload_if_changed()


def test_status_tints_on_new_and_learning_rows_only(window):
    model = window.model
    tints = {model.data(model.index(r, 0)): model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole)
             for r in range(model.rowCount())}
    assert tints["走"] == QColor(255, 170, 40, 105)
    assert tints["行长"] == QColor(255, 185, 60, 75)
    assert tints["银行"] is None and tints["李克强"] is None


def test_chart_points_run_to_today():
    chart = KnownWordsChart(today=lambda: date(2026, 3, 10))
    chart.set_history([(date(2026, 3, 1), 1), (date(2026, 3, 3), 40)])
    assert chart.points() == [(date(2026, 3, 1), 1), (date(2026, 3, 3), 40), (date(2026, 3, 10), 40)]


def test_chart_draws_the_line_in_the_highlight_colour(qtbot):
    chart = KnownWordsChart(today=lambda: date(2026, 3, 10))
    qtbot.addWidget(chart)
    chart.resize(400, 120)
    chart.set_history([(date(2026, 3, 1), 0), (date(2026, 3, 5), 100)])
    image = chart.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    accent = chart.palette().color(chart.palette().ColorRole.Highlight)
    right_half = {image.pixelColor(x, y).name() for x in range(220, 390) for y in range(0, 120)}
    assert accent.name() in right_half  # the line at the top after the jump


def test_chart_with_no_known_words(qtbot, tmp_path):
    store = VocabularyStore.open(tmp_path)
    store.add("走", "zou3", [])
    window = VocabularyWindow(store)
    qtbot.addWidget(window)
    assert window.chart.points() == [(date.today(), 0)]
    window.chart.grab()  # paints the "no known words yet" line without failing


def test_window_chart_follows_the_store(window, store, clock):
    clock.moment = datetime(2026, 3, 4, 10, tzinfo=timezone.utc)
    select(window, "走", "校长")
    window.set_selected_status(Status.KNOWN)
    assert window.chart._history == [(date(2026, 3, 1), 1), (date(2026, 3, 4), 3)]


def test_fifty_thousand_words_load_as_plain_columns(qtbot, tmp_path):
    store = VocabularyStore.open(tmp_path)
    store.add_many(VocabWord(f"词{i:05d}", "ci2", (f"word {i}",), Status(1 + i % 5)) for i in range(50_000))
    calls = []
    original = store.get
    store.get = lambda *a: calls.append(a) or original(*a)
    window = VocabularyWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.count_label.text() == "50,000 words"
    window.status_filter.setCurrentText("Known")
    assert window.count_label.text() == "10,000 of 50,000 words"
    window.filter_edit.setText("word 4999")
    window.apply_filter()
    assert column(window, 0) == ["词49999", "词49994", "词04999"]
    assert calls == []  # nothing fetched row by row


def test_a_note_on_a_word_deleted_elsewhere_is_a_message_not_a_crash(window, store, monkeypatch):
    shown = []
    monkeypatch.setattr("reader.ui.plain_text.show_warning", lambda parent, title, text: shown.append(text))
    row = column(window, 0).index("走")
    store.remove("走")  # another window or the command line
    assert not window.model.setData(window.model.index(row, VocabularyTableModel.NOTES), "x")
    assert shown == ["走: not in the vocabulary"] and window.message.text() == "走: not in the vocabulary"


# -- word levels --------------------------------------------------------------------------------


def test_hsk_band_and_frequency_columns(window):
    model = window.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (7, 8)] == ["HSK", "Frequency"]
    assert column(window, VocabularyTableModel.HSK) == ["2", "2", "", "3", "", "3"]
    assert column(window, VocabularyTableModel.FREQUENCY) == ["#239", "#1,850", "#16,835", "#2,190", "#13,174", "#570"]
    assert model.data(model.index(5, VocabularyTableModel.HSK), Qt.ItemDataRole.ToolTipRole) == plain_text.tooltip(
        "HSK 3 · the 570th most common word (Zipf 5.3)")


def test_sorting_by_band_and_by_frequency_puts_unlisted_words_last(window):
    window.table.sortByColumn(VocabularyTableModel.HSK, Qt.SortOrder.AscendingOrder)
    assert column(window, 0) == ["绿色", "走", "银行", "校长", "行长", "李克强"]  # ties keep the saved order
    window.table.sortByColumn(VocabularyTableModel.FREQUENCY, Qt.SortOrder.AscendingOrder)
    assert column(window, 0) == ["走", "银行", "绿色", "校长", "行长", "李克强"]


def test_filter_by_band(window):
    window.level_filter.setCurrentIndex(window.level_filter.findData("3"))
    assert sorted(column(window, 0)) == ["校长", "银行"] and window.count_label.text() == "2 of 6 words"
    window.level_filter.setCurrentIndex(window.level_filter.findData("none"))
    assert sorted(column(window, 0)) == ["李克强", "行长"]
    window.status_filter.setCurrentIndex(5)  # ignored
    assert column(window, 0) == ["李克强"]


def test_the_chart_shows_learning_beside_known_and_the_frequency_bands_below(window):
    # 银行 (known) is the 570th most common word: one of the top 1,000
    assert window.bands_label.text() == (
        "Known: 0.1% of the 1,000 most common words · 0.1% of 2,000 · 0.0% of 5,000 · 0.0% of 10,000")
    assert window.chart.points()[-1][1] == 1
    assert window.chart.learning_points()[-1][1] == 4  # 行长, 校长, 绿色, 走 (李克强 is ignored)
