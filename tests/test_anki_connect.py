"""AnkiConnect export against AnkiConnect's actions on a collection of the official Anki library (tests/ankiconnect_stub.py),
and against misbehaving servers on 127.0.0.1 (drip-feeding, huge, malformed, reset mid-answer)."""

import socket
import threading
import time

import genanki
import pytest

from reader.core.anki.ankiconnect import AnkiConnect, AnkiConnectError
from reader.core.anki.notetype import SENTENCE_MODEL_ID, WORD_MODEL_ID
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
    store.add("利率", "li4 lu:4", ["interest rate"], Context("利率{{c1::上升}}了。", "财经"), status=Status.LEARNING_2)
    store.add("长", "zhang3", ["to grow"], Context("孩子长得很快。", "小说"))
    for known in ("我", "去", "取", "钱"):
        store.add(known, "", [], status=Status.KNOWN)
    store.close()
    return path


@pytest.fixture
def anki(tmp_path):
    stub = StubAnki(tmp_path / "anki")
    with StubServer(stub) as server:
        stub.url = server.url
        yield stub


def export(run_cli, data_dir, anki, *extra):
    return run_cli("--data-dir", data_dir, "export", "ankiconnect", "--url", anki.url, *extra)


def test_first_export_imports_a_package_with_yuedus_guids_and_note_type_ids(run_cli, data_dir, anki):
    status, stdout, stderr = export(run_cli, data_dir, anki)
    assert (status, stdout, stderr) == (0, "added 3 word notes to Anki\n", "")
    # findNotes twice each time: Yuedu's note type id, then an older Yuedu's note type of the same name
    assert anki.actions() == ["version", "findNotes", "findNotes", "importPackage", "findNotes", "notesInfo",
                              "findNotes", "findCards"]
    words = anki.words()
    assert sorted(words) == ["利率", "银行", "长"]
    assert words["银行"]["guid"] == genanki.guid_for("yuedu-word", "银行")
    assert {w["mid"] for w in words.values()} == {WORD_MODEL_ID}
    assert words["银行"]["decks"] == ["Yuedu"] and words["银行"]["tags"] == ["hsk::3", "yuedu", "yuedu::新闻"]
    assert words["利率"]["fields"]["Sentence"] == '<b class="hl">利率</b>&#123;&#123;c1::上升&#125;&#125;了。'
    state = ExportState.open(data_dir)
    assert sorted(state.note_ids("ankiconnect").values()) == sorted(w["id"] for w in words.values())
    state.close()


def test_second_export_updates_the_same_notes_and_adds_the_new_kinds_cards(run_cli, data_dir, anki):
    export(run_cli, data_dir, anki)
    before = anki.words()
    anki.requests.clear()
    status, stdout, _ = export(run_cli, data_dir, anki, "--cards", "recognition,listening")
    assert (status, stdout) == (0, "added 0 word notes to Anki, updated 3\n")
    assert anki.actions() == ["version", "findNotes", "notesInfo", "findNotes", "multi", "multi", "findCards"]
    after = anki.words()
    assert {w: n["id"] for w, n in after.items()} == {w: n["id"] for w, n in before.items()}
    assert after["银行"]["decks"] == ["Yuedu", "Yuedu"]
    # fewer kinds later: the cards stay filled (no blank cards)
    export(run_cli, data_dir, anki, "--cards", "production")
    assert [len(n["decks"]) for n in anki.words().values()] == [3, 3, 3]
    assert anki.col.get_empty_cards().notes == []


def test_with_sentences_the_cloze_notes_come_in_too(run_cli, data_dir, anki):
    export(run_cli, data_dir, anki)
    assert export(run_cli, data_dir, anki, "--sentences")[1] == (
        "added 0 word notes and 1 sentence note to Anki, updated 3\n")
    [cloze] = anki.col.find_notes(f"mid:{SENTENCE_MODEL_ID}")
    note = anki.col.get_note(cloze)
    assert note["Text"] == "我去{{c1::银行}}取钱。" and note.guid == genanki.guid_for("yuedu-sentence", "我去银行取钱。", "银行")


def test_a_note_deleted_in_anki_is_added_again(run_cli, data_dir, anki):
    export(run_cli, data_dir, anki)
    anki.col.remove_notes([anki.words()["银行"]["id"]])
    assert export(run_cli, data_dir, anki)[1] == "added 1 word note to Anki, updated 2\n"
    assert sorted(anki.words()) == ["利率", "银行", "长"]


def test_after_the_apkg_was_imported_first_nothing_doubles(run_cli, data_dir, anki, tmp_path):
    """Regression: notes sent through AnkiConnect got random GUIDs and another note type id, so the .apkg doubled them."""
    assert run_cli("--data-dir", data_dir, "export", "apkg", tmp_path / "w.apkg")[0] == 0
    anki.do_importPackage(str(tmp_path / "w.apkg"))
    ids = {w: n["id"] for w, n in anki.words().items()}
    assert export(run_cli, data_dir, anki)[1] == "added 0 word notes to Anki, updated 3\n"
    assert run_cli("--data-dir", data_dir, "export", "apkg", tmp_path / "w2.apkg")[0] == 0
    anki.do_importPackage(str(tmp_path / "w2.apkg"))
    assert {w: n["id"] for w, n in anki.words().items()} == ids
    assert anki.col.note_count() == 3


def test_reading_and_deck_change_update_in_place_keep_reviews_and_move_the_cards(run_cli, data_dir, anki):
    export(run_cli, data_dir, anki)
    long_id = anki.words()["长"]["id"]
    anki.col.db.execute("update cards set type = 2, queue = 2, ivl = 9, reps = 4 where nid = ?", long_id)
    store = VocabularyStore.open(data_dir)
    store.remove("长")
    store.add("长", "chang2", ["long"], Context("这条路很长。", "游记"))
    store.close()
    status, stdout, _ = export(run_cli, data_dir, anki, "--deck", "中文::HSK")
    assert (status, stdout) == (0, "added 0 word notes to Anki, updated 3, moved 3 cards to 中文::HSK\n")
    words = anki.words()
    assert words["长"]["id"] == long_id and words["长"]["reps"] == [4]
    assert words["长"]["fields"]["Pinyin"] == '<span class="tone2">cháng</span>'
    assert {d for w in words.values() for d in w["decks"]} == {"中文::HSK"}


def test_api_key_is_sent_and_a_wrong_one_is_named(run_cli, data_dir, tmp_path):
    stub = StubAnki(tmp_path / "keyed", key="s3cret")
    with StubServer(stub) as server:
        stub.url = server.url
        assert export(run_cli, data_dir, stub, "--key", "s3cret")[0] == 0
        assert {r["key"] for r in stub.requests} == {"s3cret"}
        status, _, stderr = export(run_cli, data_dir, stub, "--key", "wrong")
    assert (status, stderr) == (2, f"yuedu: AnkiConnect at {server.url} refused the API key "
                                   "(valid api key must be provided)\n")


def test_ankiconnect_older_than_version_6_is_named(run_cli, data_dir, tmp_path):
    stub = StubAnki(tmp_path / "old", version=5)
    with StubServer(stub) as server:
        stub.url = server.url
        status, stdout, stderr = export(run_cli, data_dir, stub)
    assert (status, stdout) == (2, "")
    assert stderr == (f"yuedu: AnkiConnect at {server.url} is too old (API version 5, Yuedu needs 6); "
                      "update AnkiConnect\n")


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


@pytest.mark.parametrize("action, answer, message", [
    ("version", {"result": None, "error": None}, "answered version with NoneType; is it AnkiConnect?"),
    ("findNotes", {"result": None, "error": None}, "answered findNotes with NoneType, not a list; is it AnkiConnect?"),
    ("findNotes", {"result": {"a": 1}, "error": None}, "answered findNotes with dict, not a list; is it AnkiConnect?"),
    ("findNotes", {"result": "1,2", "error": None}, "answered findNotes with str, not a list; is it AnkiConnect?"),
    ("findNotes", {"result": [], "error": {"nested": [1, 2]}}, 'AnkiConnect refused findNotes: {"nested": [1, 2]}'),
])
def test_answers_of_the_wrong_shape_are_one_line(run_cli, data_dir, anki, action, answer, message):
    anki.reply = {action: answer}
    status, stdout, stderr = export(run_cli, data_dir, anki)
    assert (status, stdout) == (2, "")
    assert stderr.endswith(message + "\n") and stderr.count("\n") == 1


class RawServer:
    """A loopback server that answers every connection with ``serve(connection)``."""

    def __init__(self, serve):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(4)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.serve = serve
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += connection.recv(65536)
                head, _, body = request.partition(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                while len(body) < length:  # read the whole request: closing on unread data would reset
                    body += connection.recv(65536)
                try:
                    self.serve(connection)
                except OSError:
                    pass

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.socket.close()


def test_a_drip_feeding_server_is_cut_off_at_the_deadline():
    """Regression: the timeout was per read, so one byte every few seconds kept the export waiting for good."""
    def drip(connection):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(100):
            connection.sendall(b" ")
            time.sleep(0.2)

    with RawServer(drip) as server:
        started = time.monotonic()
        with pytest.raises(AnkiConnectError) as caught:
            AnkiConnect(server.url, timeout=1.5).request("version")
        assert time.monotonic() - started < 4
    assert str(caught.value) == f"Anki did not answer version at {server.url} within 1.5 s"


def test_a_drip_fed_header_is_cut_off_too():
    def drip(connection):
        for char in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
            connection.sendall(bytes([char]))
            time.sleep(0.2)

    with RawServer(drip) as server:
        started = time.monotonic()
        with pytest.raises(AnkiConnectError, match="did not answer version"):
            AnkiConnect(server.url, timeout=1.0).request("version")
        assert time.monotonic() - started < 3


def test_a_huge_answer_is_refused_unread():
    """Regression: an 800 MB answer was read whole (3.5 GB of memory) and echoed in the error line."""
    def huge(connection):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 838860800\r\n\r\n" + b"[" * 65536)

    with RawServer(huge) as server:
        with pytest.raises(AnkiConnectError) as caught:
            AnkiConnect(server.url).request("notesInfo")
    assert str(caught.value) == f"AnkiConnect at {server.url} sent more than 256 MB for notesInfo; is it AnkiConnect?"


def test_an_answer_without_length_is_capped_while_read():
    def endless(connection):
        connection.sendall(b"HTTP/1.0 200 OK\r\n\r\n")
        for _ in range(64):
            connection.sendall(b"7" * 65536)

    with RawServer(endless) as server:
        with pytest.raises(AnkiConnectError, match="sent more than 1 MB for findNotes"):
            AnkiConnect(server.url, max_reply=1024 * 1024).request("findNotes")


def test_deeply_nested_json_is_one_line():
    body = b"[" * 100000 + b"]" * 100000

    def nested(connection):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)

    with RawServer(nested) as server:
        with pytest.raises(AnkiConnectError) as caught:
            AnkiConnect(server.url).request("version")
    assert str(caught.value) == f"{server.url} is not AnkiConnect (its answer to version is not JSON it could send)"


def test_a_connection_reset_mid_answer_says_what_happened_not_anki_is_not_running():
    def reset(connection):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"res")
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    with RawServer(reset) as server:
        with pytest.raises(AnkiConnectError) as caught:
            AnkiConnect(server.url).request("importPackage")
    assert str(caught.value) == (
        f"the connection to Anki at {server.url} broke during importPackage (Anki may have quit or crashed); "
        "what Anki took before stays, export again to finish")


def test_notes_of_an_older_yuedus_note_type_are_updated_not_doubled(run_cli, data_dir, anki):
    """Notes an older Yuedu sent through AnkiConnect have a "Yuedu word" note type with another id."""
    from reader.core.anki.notetype import WORD_FIELDS

    models = anki.col.models
    legacy = models.new("Yuedu word")
    for name in WORD_FIELDS:
        models.add_field(legacy, models.new_field(name))
    template = models.new_template("Recognition")
    template["qfmt"], template["afmt"] = "{{#Recognition card}}{{Hanzi}}{{/Recognition card}}", "{{Meaning}}"
    models.add_template(legacy, template)
    models.add(legacy)
    note = anki.col.new_note(models.by_name("Yuedu word"))
    note["Hanzi"], note["Recognition card"] = "银行", "y"
    anki.col.add_note(note, anki.col.decks.id("Yuedu"))
    status, stdout, _ = export(run_cli, data_dir, anki)
    assert (status, stdout) == (0, "added 2 word notes to Anki, updated 1\n")
    assert anki.col.get_note(note.id)["Meaning"] == "bank"
    hanzi = [anki.col.get_note(n)["Hanzi"] for n in anki.col.find_notes('"Hanzi:*"')]
    assert sorted(hanzi) == ["利率", "银行", "长"]
