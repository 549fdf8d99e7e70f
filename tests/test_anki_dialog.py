"""The export dialog, offscreen: preview from the templates with escaped text, exports off the UI thread."""

import zipfile

import pytest

from reader.core.models import Context, Status
from reader.core.session import Session
from reader.core.vocabulary import VocabularyStore
from reader.ui.export_dialog import ExportDialog
from reader.ui.operations import wait_until_idle
from tests.ankiconnect_stub import StubAnki, StubServer


@pytest.fixture
def session(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    store = VocabularyStore.open(data)
    store.add("利率", "li4 lu:4", ["interest rate"], Context("利率<script>alert(1)</script>上升了。", "经济"))
    store.add("银行", "yin2 hang2", ["bank"], status=Status.KNOWN)
    store.close()
    return Session(data_dir=data)


@pytest.fixture
def dialog(qtbot, session, monkeypatch):
    warnings = []
    monkeypatch.setattr("reader.ui.plain_text.show_warning", lambda parent, title, text: warnings.append(text))
    widget = ExportDialog(session)
    widget.warnings = warnings
    qtbot.addWidget(widget)
    return widget


def test_preview_shows_the_first_card_with_text_escaped(dialog):
    front, back = dialog.preview_text()
    assert front.strip() == "利率"
    assert "lì lǜ" in back and "interest rate" in back
    assert "利率<script>alert(1)</script>上升了。" in back  # shown as text, not run or dropped as markup


def test_preview_follows_the_card_kind(dialog):
    dialog.kind_boxes["recognition"].setChecked(False)
    dialog.kind_boxes["listening"].setChecked(True)
    front, back = dialog.preview_text()
    assert front.split() == ["听", "🔊"]
    assert "利率" in back


def test_preview_says_when_nothing_is_chosen(dialog):
    dialog.kind_boxes["recognition"].setChecked(False)
    assert dialog.preview_text() == ("choose at least one kind of card", "")


def test_export_apkg_runs_in_background_and_reports(qtbot, dialog, tmp_path):
    out = tmp_path / "deck.apkg"
    dialog.path_edit.setText(str(out))
    dialog.deck_edit.setText("中文")
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as signal:
        dialog.export_button.click()
        assert dialog.message.text() == "Exporting…"
        assert not dialog.export_button.isEnabled()
    assert signal.args == [f"wrote 1 word note to {out}"]
    assert dialog.message.text() == f"wrote 1 word note to {out}"
    assert zipfile.ZipFile(out).namelist()
    assert dialog.export_button.isEnabled()


def test_export_to_anki_through_ankiconnect(qtbot, dialog, tmp_path):
    stub = StubAnki(tmp_path / "anki")
    with StubServer(stub) as server:
        dialog.destination.setCurrentIndex(dialog.destination.findData("ankiconnect"))
        dialog.url_edit.setText(server.url)
        with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as signal:
            dialog.export_button.click()
        assert signal.args == ["added 1 word note to Anki"]
        assert "importPackage" in stub.actions()
        assert list(stub.words()) == ["利率"]


def test_sentence_choice_and_rules_are_shown(dialog, session):
    store = session.vocabulary
    store.add("利率", "", [], Context("利率不变。", "新闻"))
    dialog.sentence_choice.setCurrentIndex(dialog.sentence_choice.findData("first"))
    assert "利率<script>alert(1)</script>上升了。" in dialog.preview_text()[1]
    dialog.sentence_choice.setCurrentIndex(dialog.sentence_choice.findData("newest"))
    assert "利率不变。" in dialog.preview_text()[1]
    assert dialog.options().sentence_rule == "newest"
    assert dialog.rules.text().startswith("Card kinds add up")


def test_anki_not_running_is_a_message(qtbot, dialog):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog.destination.setCurrentIndex(dialog.destination.findData("ankiconnect"))
    dialog.url_edit.setText(f"http://127.0.0.1:{port}")
    with qtbot.waitSignal(dialog.export_failed, timeout=60_000):
        dialog.export_button.click()
    expected = f"Anki is not running, or AnkiConnect is not installed (nothing answers at http://127.0.0.1:{port})"
    assert dialog.warnings == [expected]
    assert dialog.message.text() == expected


def test_missing_file_name_is_a_message_without_work(dialog):
    dialog.export_button.click()
    assert dialog.warnings == ["choose where to write the file"]
    assert wait_until_idle(1000)


def test_preview_card_choice_offers_the_chosen_kinds(dialog):
    dialog.kind_boxes["production"].setChecked(True)
    assert [dialog.preview_card.itemData(i) for i in range(dialog.preview_card.count())] == ["recognition", "production"]
    dialog.preview_card.setCurrentIndex(1)
    front, back = dialog.preview_text()
    assert front.split() == ["写汉字", "interest", "rate"]
    assert back.split()[3:] == ["利率", "lì", "lǜ", "利率<script>alert(1)</script>上升了。", "经济", "🔊"]


def test_preview_of_a_sentence_card(dialog, session):
    store = session.vocabulary
    for known in ("我", "去", "取", "钱"):
        store.add(known, "", [], status=Status.KNOWN)
    store.add("银行", "yin2 hang2", ["bank"], Context("我去银行取钱。", "新闻"), status=Status.NEW)
    session.annotator  # loaded, as in the window
    dialog.sentences_box.setChecked(True)
    dialog.preview_card.setCurrentIndex(dialog.preview_card.findData("sentence"))
    front, back = dialog.preview_text()
    assert front.strip() == "我去[…]取钱。"
    assert back.split()[0] == "我去银行取钱。"
