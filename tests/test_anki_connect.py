"""AnkiConnect export against a stand-in AnkiConnect on loopback: the exact requests, no duplicates, updates."""

import socket

import pytest

from reader.core.anki.notetype import SENTENCE_FIELDS, WORD_FIELDS
from reader.core.anki.state import ExportState
from reader.core.models import Context, Status
from reader.core.vocabulary import VocabularyStore
from tests.ankiconnect_stub import StubAnki, StubServer


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    store = VocabularyStore.open(path)
    store.add("银行", "yin2 hang2", ["bank"], Context("我去银行取钱。", "新闻"))
    store.add("利率", "li4 lu:4", ["interest rate"], status=Status.LEARNING_2)
    store.close()
    return path


@pytest.fixture
def anki():
    stub = StubAnki()
    with StubServer(stub) as server:
        stub.url = server.url
        yield stub


def export(run_cli, data_dir, anki, *extra):
    return run_cli("--data-dir", data_dir, "export", "ankiconnect", "--url", anki.url, *extra)


def test_first_export_creates_deck_and_note_type_then_adds(run_cli, data_dir, anki):
    status, stdout, stderr = export(run_cli, data_dir, anki)
    assert (status, stdout, stderr) == (0, "added 2 word notes to Anki\n", "")
    assert anki.actions() == ["version", "deckNames", "createDeck", "modelNames", "createModel",
                              "canAddNotesWithErrorDetail", "addNotes"]
    assert all(r["version"] == 6 and "key" not in r for r in anki.requests)
    assert anki.requests[2]["params"] == {"deck": "Yuedu"}
    model = anki.requests[4]["params"]
    assert model["modelName"] == "Yuedu word" and model["inOrderFields"] == list(WORD_FIELDS)
    assert model["isCloze"] is False
    assert [t["Name"] for t in model["cardTemplates"]] == ["Recognition", "Production", "Listening"]
    added = anki.requests[6]["params"]["notes"]
    assert [n["fields"]["Hanzi"] for n in added] == ["银行", "利率"]
    assert added[0]["deckName"] == "Yuedu" and added[0]["modelName"] == "Yuedu word"
    assert added[0]["tags"] == ["yuedu", "yuedu::新闻"]
    assert added[0]["options"] == {"allowDuplicate": False}
    assert added[0]["fields"]["Recognition card"] == "y" and added[0]["fields"]["Production card"] == ""
    state = ExportState.open(data_dir)
    assert sorted(state.note_ids("ankiconnect").values()) == sorted(anki.notes)
    state.close()


def test_second_export_adds_nothing_and_updates_the_same_notes(run_cli, data_dir, anki):
    export(run_cli, data_dir, anki)
    ids = sorted(anki.notes)
    anki.requests.clear()
    status, stdout, _ = export(run_cli, data_dir, anki, "--cards", "recognition,listening")
    assert (status, stdout) == (0, "added 0 word notes to Anki, updated 2\n")
    assert anki.actions() == ["version", "deckNames", "modelNames", "modelFieldNames", "notesInfo", "multi"]
    assert anki.requests[4]["params"] == {"notes": ids}
    updates = anki.requests[5]["params"]["actions"]
    assert [u["action"] for u in updates] == ["updateNoteFields", "updateNoteFields"]
    assert [u["params"]["note"]["id"] for u in updates] == ids
    assert updates[0]["params"]["note"]["fields"]["Listening card"] == "y"
    assert sorted(anki.notes) == ids  # no second note for any word
    assert anki.notes[ids[0]]["fields"]["Listening card"] == "y"


def test_new_only_export_sends_nothing_once_everything_is_in_anki(run_cli, data_dir, anki):
    export(run_cli, data_dir, anki)
    anki.requests.clear()
    status, _, stderr = export(run_cli, data_dir, anki, "--new-only")
    assert (status, stderr) == (2, "yuedu: nothing to export: no new or learning words not exported before\n")
    assert anki.requests == []


def test_a_note_deleted_in_anki_is_added_again(run_cli, data_dir, anki):
    export(run_cli, data_dir, anki)
    deleted = min(anki.notes)
    del anki.notes[deleted]
    anki.requests.clear()
    assert export(run_cli, data_dir, anki)[1] == "added 1 word note to Anki, updated 1\n"
    assert anki.actions()[-3:] == ["canAddNotesWithErrorDetail", "addNotes", "multi"]
    assert len(anki.notes) == 2


def test_word_already_in_anki_from_an_apkg_is_adopted_not_duplicated(run_cli, data_dir, anki):
    anki.do_createModel("Yuedu word", list(WORD_FIELDS))
    [old_id] = anki.do_addNotes([{"modelName": "Yuedu word", "deckName": "Yuedu",
                                  "fields": {name: ("银行" if name == "Hanzi" else "") for name in WORD_FIELDS},
                                  "tags": []}])
    status, stdout, _ = export(run_cli, data_dir, anki)
    assert (status, stdout) == (0, "added 1 word note to Anki, updated 1\n")
    find = next(r for r in anki.requests if r["action"] == "findNotes")
    assert find["params"] == {"query": '"note:Yuedu word" "Hanzi:银行"'}
    assert len(anki.notes) == 2
    assert anki.notes[old_id]["fields"]["Meaning"] == "bank"


def test_refused_note_is_named_and_not_marked_exported(run_cli, data_dir, anki):
    anki.refuse.add("利率")
    status, stdout, stderr = export(run_cli, data_dir, anki)
    assert (status, stdout) == (2, "")
    assert stderr == ("yuedu: added 1 word note to Anki; Anki refused 1 "
                      "(利率: cannot create note because it is empty)\n")
    state = ExportState.open(data_dir)
    assert {key for key in state.exported_guids()} and len(state.note_ids("ankiconnect")) == 1
    state.close()
    anki.refuse.clear()
    anki.requests.clear()
    assert export(run_cli, data_dir, anki, "--new-only")[1] == "added 1 word note to Anki\n"
    assert [n["fields"]["Hanzi"] for n in anki.requests[-1]["params"]["notes"]] == ["利率"]


def test_older_ankiconnect_without_error_detail_falls_back_to_can_add_notes(run_cli, data_dir):
    stub = StubAnki(error_detail=False)
    with StubServer(stub) as server:
        stub.url = server.url
        assert export(run_cli, data_dir, stub)[1] == "added 2 word notes to Anki\n"
    assert stub.actions()[-3:] == ["canAddNotesWithErrorDetail", "canAddNotes", "addNotes"]


def test_ankiconnect_older_than_version_6_is_named(run_cli, data_dir):
    stub = StubAnki(version=5)
    with StubServer(stub) as server:
        stub.url = server.url
        status, stdout, stderr = export(run_cli, data_dir, stub)
    assert (status, stdout) == (2, "")
    assert stderr == (f"yuedu: AnkiConnect at {server.url} is too old (API version 5, Yuedu needs 6); "
                      "update AnkiConnect\n")
    assert stub.actions() == ["version"]


def test_api_key_is_sent_and_a_wrong_one_is_named(run_cli, data_dir):
    stub = StubAnki(key="s3cret")
    with StubServer(stub) as server:
        stub.url = server.url
        assert export(run_cli, data_dir, stub, "--key", "s3cret")[0] == 0
        assert {r["key"] for r in stub.requests} == {"s3cret"}
        status, _, stderr = export(run_cli, data_dir, stub, "--key", "wrong")
    assert (status, stderr) == (2, f"yuedu: AnkiConnect at {server.url} refused the API key "
                                   "(valid api key must be provided)\n")


def test_anki_not_running(run_cli, data_dir):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, stdout, stderr = run_cli("--data-dir", data_dir, "export", "ankiconnect", "--url", f"http://127.0.0.1:{port}")
    assert (status, stdout) == (2, "")
    assert stderr == (f"yuedu: Anki is not running, or AnkiConnect is not installed "
                      f"(nothing answers at http://127.0.0.1:{port})\n")
    state = ExportState.open(data_dir)
    assert state.exported_guids() == set()
    state.close()


def test_sentence_notes_get_the_cloze_note_type(run_cli, data_dir, anki):
    store = VocabularyStore.open(data_dir)
    for known in ("我", "去", "取", "钱"):
        store.add(known, "", [], status=Status.KNOWN)
    store.close()
    assert export(run_cli, data_dir, anki, "--sentences")[1] == "added 2 word notes and 1 sentence note to Anki\n"
    models = [r["params"] for r in anki.requests if r["action"] == "createModel"]
    assert [(m["modelName"], m["isCloze"]) for m in models] == [("Yuedu sentence (cloze)", True), ("Yuedu word", False)]
    assert models[0]["inOrderFields"] == list(SENTENCE_FIELDS)
    cloze = anki.requests[-1]["params"]["notes"][-1]
    assert cloze["fields"]["Text"] == "我去{{c1::银行}}取钱。"
