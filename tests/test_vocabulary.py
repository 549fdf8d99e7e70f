"""The vocabulary store: saved words, their sentences and statuses, kept safely in SQLite."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date, datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.errors import UserError
from reader.core.models import Context, Status, VocabWord
from reader.core.vocabulary import (
    APPLICATION_ID,
    FILE_NAME,
    SCHEMA_VERSION,
    VocabularyStore,
    known_words_in,
    parse_status,
    status_label,
)
from tests.conftest import ROOT


class Clock:
    """A settable clock, so dates in the store are exact."""

    def __init__(self, moment="2026-03-01T09:00:00+00:00"):
        self.moment = datetime.fromisoformat(moment)

    def __call__(self):
        return self.moment


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    with VocabularyStore.open(tmp_path, clock=clock) as opened:
        yield opened


def test_a_saved_word_keeps_reading_senses_sentence_and_date(store):
    saved = store.add(
        "行", "hang2", ["row", "line", "commercial firm"],
        Context("我去银行取钱。", article="第一课", document="lessons.txt"), traditional="行",
    )
    assert saved == VocabWord(
        word="行",
        numbered="hang2",
        definitions=("row", "line", "commercial firm"),
        status=Status.NEW,
        contexts=(Context("我去银行取钱。", "第一课", "lessons.txt", "2026-03-01T09:00:00+00:00"),),
        added="2026-03-01T09:00:00+00:00",
        traditional="行",
        notes="",
    )
    assert saved.pinyin == "háng"
    assert store.get("行") == saved


def test_saving_again_from_another_sentence_adds_the_sentence_not_a_word(store):
    store.add("长", "zhang3", ["chief", "head"], Context("校长来了。"))
    store.add("长", "chang2", ["long"], Context("这条河很长。"))
    store.add("长", "zhang3", ["chief"], Context("校长来了。"))  # the same sentence again: kept once
    word = store.get("长")
    assert [c.sentence for c in word.contexts] == ["校长来了。", "这条河很长。"]
    assert (word.numbered, word.definitions) == ("zhang3", ("chief", "head"))  # the reading it was first saved with
    assert len(store) == 1 and [w.word for w in store.words()] == ["长"]


def test_saving_again_keeps_the_status_unless_one_is_given(store):
    store.add("银行", "yin2 hang2", ["bank"])
    store.set_status("银行", Status.LEARNING_3)
    assert store.add("银行", "yin2 hang2", ["bank"], Context("银行关门了。")).status is Status.LEARNING_3
    assert store.add("银行", "yin2 hang2", ["bank"], status=Status.KNOWN).status is Status.KNOWN


def test_a_word_saved_without_reading_gets_one_later(store):
    store.add("走", "", [])
    assert store.add("走", "zou3", ["to walk"]).numbered == "zou3"
    assert store.get("走").definitions == ("to walk",)


@pytest.mark.parametrize("bad", ["", "   "])
def test_an_empty_word_is_refused(store, bad):
    with pytest.raises(UserError):
        store.add(bad, "", [])


def test_status_changes_single_and_bulk(store):
    for word, numbered in [("银行", "yin2 hang2"), ("校长", "xiao4 zhang3"), ("走", "zou3")]:
        store.add(word, numbered, [])
    store.set_status("走", Status.IGNORED)
    assert store.set_statuses(["银行", "校长", "不在"], Status.KNOWN) == 2
    assert store.status_map() == {"银行": Status.KNOWN, "校长": Status.KNOWN, "走": Status.IGNORED}
    with pytest.raises(UserError, match="不在: not in the vocabulary"):
        store.set_status("不在", Status.KNOWN)


def test_notes_and_removal(store):
    store.add("银行", "yin2 hang2", ["bank"], Context("银行关门了。"))
    store.set_notes("银行", "cf. 行业")
    assert store.get("银行").notes == "cf. 行业"
    store.remove("银行")
    assert store.get("银行") is None and len(store) == 0
    with pytest.raises(UserError):
        store.remove("银行")
    with pytest.raises(UserError):
        store.set_notes("银行", "x")
    # the sentences went with the word
    raw = sqlite3.connect(store.path)
    assert raw.execute("SELECT COUNT(*) FROM contexts").fetchone() == (0,)


@pytest.fixture
def filled(store):
    rows = [
        ("银行", "yin2 hang2", ["bank"], Status.KNOWN, "銀行", ""),
        ("行长", "hang2 zhang3", ["bank president"], Status.LEARNING_2, "行長", "from the news"),
        ("校长", "xiao4 zhang3", ["principal (of school)", "headmaster"], Status.NEW, "校長", ""),
        ("李克强", "Li3 Ke4 qiang2", [], Status.IGNORED, None, ""),
        ("绿色", "lu:4 se4", ["green"], Status.LEARNING_4, "綠色", ""),
    ]
    for word, numbered, definitions, status, traditional, notes in rows:
        store.add(word, numbered, definitions, status=status, traditional=traditional)
        if notes:
            store.set_notes(word, notes)
    return store


@pytest.mark.parametrize(
    ("statuses", "text", "expected"),
    [
        (None, None, ["银行", "行长", "校长", "李克强", "绿色"]),
        ([Status.KNOWN], None, ["银行"]),
        ([Status.LEARNING_2, Status.LEARNING_3, Status.LEARNING_4], None, ["行长", "绿色"]),
        ([Status.NEW, Status.IGNORED], None, ["校长", "李克强"]),
        (None, "行", ["银行", "行长"]),
        (None, "銀", ["银行"]),
        (None, "hang", ["银行", "行长"]),
        (None, "yinhang", ["银行"]),
        (None, "yín háng", ["银行"]),
        (None, "xiao4", ["校长"]),
        (None, "HEADMASTER", ["校长"]),
        (None, "lü", ["绿色"]),
        (None, "news", ["行长"]),
        ([Status.KNOWN], "zhang", []),
        (None, "nothing like this", []),
    ],
)
def test_words_filtered_by_status_and_text(filled, statuses, text, expected):
    assert [w.word for w in filled.words(statuses, text)] == expected


def test_status_map_sees_another_connections_changes(filled, tmp_path):
    assert filled.status_map()["校长"] is Status.NEW
    with VocabularyStore.open(tmp_path) as other:
        other.set_status("校长", Status.KNOWN)
        other.add("走", "zou3", ["to walk"])
    mapping = filled.status_map()
    assert mapping["校长"] is Status.KNOWN and mapping["走"] is Status.NEW
    with pytest.raises(TypeError):
        mapping["走"] = Status.KNOWN  # read-only: a caller cannot change the store's cache
    assert filled.status_map() is mapping  # nothing changed since: the same mapping, no copy


def test_table_rows_are_plain_columns(filled):
    rows = filled.table_rows()
    assert rows.words == ["银行", "行长", "校长", "李克强", "绿色"]
    assert rows.definitions_at(2) == "principal (of school); headmaster" and rows.definitions_at(3) == ""
    assert rows.statuses == [Status.KNOWN, Status.LEARNING_2, Status.NEW, Status.IGNORED, Status.LEARNING_4]
    assert rows.notes[1] == "from the news" and rows.context_counts == [0, 0, 0, 0, 0]


def test_history_counts_known_words_per_day(store, clock):
    store.add("银行", "yin2 hang2", [], status=Status.KNOWN)
    clock.moment = datetime(2026, 3, 3, 12, tzinfo=timezone.utc)
    store.add("校长", "xiao4 zhang3", [])
    store.set_statuses(["校长"], Status.KNOWN)
    store.add("走", "zou3", [], status=Status.KNOWN)
    clock.moment = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)
    store.remove("走")
    assert store.history() == [(date(2026, 3, 1), 1), (date(2026, 3, 3), 3), (date(2026, 3, 4), 2)]


def test_add_many_adds_only_unsaved_words_and_restore_undoes_it(store):
    store.add("银行", "yin2 hang2", ["bank"], status=Status.LEARNING_3)
    added = store.add_many(
        [VocabWord("银行", "yin2 hang2", status=Status.KNOWN), VocabWord("走", "zou3", ("to walk",), Status.KNOWN)]
    )
    assert added == ["走"]
    assert store.status_map() == {"银行": Status.LEARNING_3, "走": Status.KNOWN}
    store.restore_statuses({"走": None})
    assert store.status_map() == {"银行": Status.LEARNING_3}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("银行\n校长\n\n走\n", ["银行", "校长", "走"]),
        ("银行\r\n银行\n", ["银行"]),  # once each
        ("# a comment\n// Pleco category\n银行\n", ["银行"]),
        ("银行[銀行]\tyin2hang2\tbank\n校长[校長]\txiao4zhang3\theadmaster\n", ["银行", "校长"]),  # Pleco flashcards
        ("#separator:tab\n#html:true\n<b>银行</b>\tyín háng\tbank\n", ["银行"]),  # Anki notes as plain text
        ('word,pinyin\n"银行",yínháng\n校长,"xiàozhǎng, head"\n', ["银行", "校长"]),  # CSV with a header
        ("hello\n123\n银行 yínháng bank\n", ["银行"]),  # lines without hanzi skipped
    ],
)
def test_known_words_file_formats(text, expected):
    assert known_words_in(text) == expected


def test_import_known_marks_listed_words_known(store, tmp_path):
    store.add("银行", "yin2 hang2", ["bank"], status=Status.LEARNING_2)
    store.add("走", "zou3", ["to walk"], status=Status.KNOWN)
    listing = tmp_path / "known.txt"
    listing.write_text("# from Pleco\n银行\t\n走\n校长\n", encoding="utf-8")
    described = []

    def describe(word):
        described.append(word)
        return "xiao4 zhang3", ("headmaster",), "校長"

    assert store.import_known(listing, describe) == 2  # 银行 changed, 校长 added; 走 was known already
    assert described == ["校长"]
    assert store.status_map() == {"银行": Status.KNOWN, "走": Status.KNOWN, "校长": Status.KNOWN}
    assert store.get("校长").definitions == ("headmaster",)


def test_import_known_without_words_is_a_user_error(store, tmp_path):
    listing = tmp_path / "empty.txt"
    listing.write_text("# nothing\nhello\n", encoding="utf-8")
    with pytest.raises(UserError, match="no Chinese words"):
        store.import_known(listing)


def test_export_tab_separated_reads_back_with_import(filled, tmp_path):
    filled.add("银行", "yin2 hang2", [], Context("银行\t关门了。\n"))
    filled.add("银行", "yin2 hang2", [], Context("我去银行取钱。"))
    filled.set_card_sentence("银行", filled.get("银行").contexts[0].sentence)
    target = tmp_path / "vocabulary.tsv"
    assert filled.export(target) == 5
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#word\tpinyin\tnumbered\tstatus\tdefinitions\tnotes\ttraditional\tadded\tsentences\tcard_sentence"
    assert lines[1] == ("银行\tyín háng\tyin2 hang2\tknown\tbank\t\t銀行\t2026-03-01T09:00:00+00:00\t银行 关门了。 | 我去银行取钱。"
                        "\t银行 关门了。")
    assert lines[2].split("\t")[:6] == ["行长", "háng zhǎng", "hang2 zhang3", "learning", "bank president", "from the news"]
    assert known_words_in(target.read_text(encoding="utf-8")) == ["银行", "行长", "校长", "李克强", "绿色"]


def test_export_json_and_csv(filled, tmp_path):
    filled.export(tmp_path / "v.json")
    data = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert data[2]["word"] == "校长" and data[2]["pinyin"] == "xiào zhǎng" and data[2]["status"] == "new"
    assert data[4]["pinyin"] == "lǜ sè"
    assert [entry["card_sentence"] for entry in data] == [None] * 5  # none picked: the export's rule chooses
    filled.export(tmp_path / "v.csv")
    assert (tmp_path / "v.csv").read_text(encoding="utf-8").splitlines()[3].startswith("校长,xiào zhǎng,xiao4 zhang3,new,")


def test_export_into_a_missing_directory_writes_nothing(filled, tmp_path):
    with pytest.raises(UserError):
        filled.export(tmp_path / "missing" / "v.tsv")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("new", Status.NEW), ("learning", Status.LEARNING_2), ("known", Status.KNOWN), ("ignored", Status.IGNORED),
     ("KNOWN", Status.KNOWN), ("3", Status.LEARNING_3), ("5", Status.KNOWN)],
)
def test_status_names(name, status):
    assert parse_status(name) is status


def test_unknown_status_name_is_a_user_error():
    with pytest.raises(UserError, match="unknown status 'familiar'"):
        parse_status("familiar")


@pytest.mark.parametrize(
    ("status", "label"),
    [(None, "unseen"), (Status.NEW, "new"), (Status.LEARNING_4, "learning"), (Status.KNOWN, "known"), (Status.IGNORED, "ignored")],
)
def test_status_labels(status, label):
    assert status_label(status) == label


# ------------------------------------------------------------------------------------------- durability


def test_new_file_has_schema_version_application_id_and_wal(store):
    raw = sqlite3.connect(store.path)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert raw.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_reopening_keeps_everything(tmp_path):
    with VocabularyStore.open(tmp_path) as first:
        first.add("银行", "yin2 hang2", ["bank"], Context("银行关门了。"), status=Status.LEARNING_3)
    with VocabularyStore.open(tmp_path) as second:
        word = second.get("银行")
    assert (word.numbered, word.status, [c.sentence for c in word.contexts]) == ("yin2 hang2", Status.LEARNING_3, ["银行关门了。"])


def test_a_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / FILE_NAME
    VocabularyStore.open(tmp_path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(UserError, match="newer version of Yuedu"):
        VocabularyStore.open(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if "unreadable" in p.name) == []


def _aside(tmp_path):
    return sorted(p for p in tmp_path.iterdir() if ".unreadable-" in p.name)


def test_a_corrupt_file_is_moved_aside_with_a_clear_message(tmp_path):
    path = tmp_path / FILE_NAME
    garbage = b"this is not a database at all, just bytes " * 200
    path.write_bytes(garbage)
    with pytest.raises(UserError) as caught:
        VocabularyStore.open(tmp_path)
    message = str(caught.value)
    assert "not a readable Yuedu vocabulary" in message and "\n" not in message
    (aside,) = _aside(tmp_path)
    assert aside.name in message and aside.name.startswith("vocabulary.unreadable-") and aside.suffix == ".sqlite3"
    assert aside.read_bytes() == garbage  # kept, byte for byte
    assert not path.exists()
    with VocabularyStore.open(tmp_path) as fresh:  # the next start begins a new, empty vocabulary
        assert len(fresh) == 0
    assert _aside(tmp_path) == [aside]


def test_a_damaged_page_is_detected_and_moved_aside(tmp_path):
    with VocabularyStore.open(tmp_path) as store:
        store.add_many(VocabWord(f"词{i}", "ci2", (f"sense {i}" * 20,)) for i in range(2000))
    raw = sqlite3.connect(tmp_path / FILE_NAME)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    path = tmp_path / FILE_NAME
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(3 * page, min(len(data), 40 * page)):  # overwrite b-tree pages after the schema page
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    with pytest.raises(UserError, match="not a readable Yuedu vocabulary"):
        VocabularyStore.open(tmp_path)
    assert len(_aside(tmp_path)) == 1 and not path.exists()


def test_another_programs_database_is_moved_aside_not_overwritten(tmp_path):
    path = tmp_path / FILE_NAME
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    raw.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    raw.commit()
    raw.close()
    with pytest.raises(UserError, match="another program's database"):
        VocabularyStore.open(tmp_path)
    (aside,) = _aside(tmp_path)
    assert sqlite3.connect(aside).execute("SELECT url FROM moz_places").fetchall() == [("https://example.org",)]


def test_an_empty_file_becomes_a_vocabulary(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"")
    with VocabularyStore.open(tmp_path) as store:
        store.add("走", "zou3", [])
        assert len(store) == 1


def test_a_missing_data_directory_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no such directory"):
        VocabularyStore.open(tmp_path / "missing")


_WRITER = """
import sys, time
from reader.core.models import Status, VocabWord
from reader.core.vocabulary import VocabularyStore

store = VocabularyStore.open({data!r})
store.add("银行", "yin2 hang2", ["bank"], status=Status.KNOWN)

def words():
    for i in range(500):
        yield VocabWord(f"词{{i}}", "ci2", ("word",), Status.KNOWN)
        if i == 250:
            print("mid-transaction", flush=True)
            time.sleep(60)

store.{method}(words())
"""


@pytest.mark.parametrize("method", ["add_many"])
def test_a_writer_killed_mid_transaction_loses_only_that_action(tmp_path, method):
    script = _WRITER.format(data=str(tmp_path), method=method)
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert writer.stdout.readline().strip() == "mid-transaction"
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    with VocabularyStore.open(tmp_path) as reopened:
        assert reopened.status_map() == {"银行": Status.KNOWN}
        reopened.add("走", "zou3", ["to walk"])
        assert len(reopened) == 2
    raw = sqlite3.connect(tmp_path / FILE_NAME)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


_BULK_STATUS_WRITER = """
import sys, time
from reader.core.models import Status, VocabWord
from reader.core.vocabulary import VocabularyStore

store = VocabularyStore.open({data!r})
store.add_many(VocabWord(f"词{{i}}", "ci2", ("word",), Status.NEW) for i in range(300))

def words():
    for i in range(300):
        yield f"词{{i}}"
        if i == 150:
            print("mid-transaction", flush=True)
            time.sleep(60)

store.set_statuses(words(), Status.KNOWN)
"""


def test_a_bulk_status_change_killed_midway_changes_nothing(tmp_path):
    script = _BULK_STATUS_WRITER.format(data=str(tmp_path))
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert writer.stdout.readline().strip() == "mid-transaction"
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    with VocabularyStore.open(tmp_path) as reopened:
        statuses = reopened.status_map()
    assert len(statuses) == 300 and set(statuses.values()) == {Status.NEW}


def test_a_reader_sees_the_last_committed_state_while_a_writer_holds_a_transaction(tmp_path):
    """A window reading while the command line writes: no 'database is locked', no half-done change."""
    script = _WRITER.format(data=str(tmp_path), method="add_many")
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert writer.stdout.readline().strip() == "mid-transaction"
        with VocabularyStore.open(tmp_path) as reader:
            assert reader.status_map() == {"银行": Status.KNOWN}
            assert [w.word for w in reader.words()] == ["银行"]
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)


_CONCURRENT_WRITER = """
import sys
from reader.core.models import Context
from reader.core.vocabulary import VocabularyStore

store = VocabularyStore.open({data!r})
for i in range(60):
    store.add(f"{prefix}{{i}}", "ci2", ["word"], Context(f"句子{{i}}。"))
    store.add("共同", "gong4 tong2", ["common"], Context("{prefix}的句子。"))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    VocabularyStore.open(tmp_path).close()
    writers = [
        subprocess.Popen([sys.executable, "-c", _CONCURRENT_WRITER.format(data=str(tmp_path), prefix=p)], cwd=ROOT)
        for p in ("甲", "乙")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    with VocabularyStore.open(tmp_path) as store:
        assert len(store) == 121
        assert sorted(c.sentence for c in store.get("共同").contexts) == ["乙的句子。", "甲的句子。"]
        assert store.get("甲59").contexts[0].sentence == "句子59。"


def test_threads_sharing_one_store(store):
    def save(prefix):
        for i in range(50):
            store.add(f"{prefix}{i}", "ci2", [])

    threads = [threading.Thread(target=save, args=(p,)) for p in "甲乙丙"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store) == 150


def test_statuses_of_some_words(filled, tmp_path):
    many = [f"词{i}" for i in range(1200)] + ["校长", "银行", "不在", "银行"]
    assert filled.statuses_of(many) == {"校长": Status.NEW, "银行": Status.KNOWN}
    filled.status_map()  # from the cached map when it is fresh
    assert filled.statuses_of(["李克强", "不在"]) == {"李克强": Status.IGNORED}
    with VocabularyStore.open(tmp_path) as other:
        other.set_status("李克强", Status.KNOWN)
    assert filled.statuses_of(["李克强"]) == {"李克强": Status.KNOWN}


class _DamagedConnection:
    """A connection whose file went bad after it was opened (SQLite reports it on the next query)."""

    def __init__(self, real):
        self.real = real

    @property
    def in_transaction(self):
        return self.real.in_transaction

    def execute(self, sql, *args):
        if sql.startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            raise sqlite3.DatabaseError("database disk image is malformed")
        return self.real.execute(sql, *args)


@pytest.mark.parametrize(
    "action",
    [lambda s: s.words(), lambda s: s.get("银行"), lambda s: s.status_map(), lambda s: s.table_rows(),
     lambda s: s.add("走", "zou3", []), lambda s: s.set_statuses(["银行"], Status.NEW)],
)
def test_damage_found_while_open_is_one_clear_line_and_changes_nothing(tmp_path, action):
    store = VocabularyStore.open(tmp_path)
    store.add("银行", "yin2 hang2", ["bank"], status=Status.KNOWN)
    real = store._db
    store._db = _DamagedConnection(real)
    with pytest.raises(UserError, match="the vocabulary file is damaged \\(database disk image is malformed\\); nothing was changed"):
        action(store)
    store._db = real
    assert not real.in_transaction and store.status_map() == {"银行": Status.KNOWN}


def test_an_older_schema_is_migrated_in_place_keeping_every_word(tmp_path, monkeypatch):
    import reader.core.vocabulary as vocabulary

    with VocabularyStore.open(tmp_path) as old:
        old.add("银行", "yin2 hang2", ["bank"], Context("银行关门了。"), status=Status.LEARNING_3)
    migration = "ALTER TABLE words ADD COLUMN frequency INTEGER NOT NULL DEFAULT 0; CREATE INDEX words_added ON words (added)"
    monkeypatch.setattr(vocabulary, "MIGRATIONS", [*vocabulary.MIGRATIONS, migration])
    monkeypatch.setattr(vocabulary, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with VocabularyStore.open(tmp_path) as migrated:
        word = migrated.get("银行")
    assert (word.status, [c.sentence for c in word.contexts]) == (Status.LEARNING_3, ["银行关门了。"])
    raw = sqlite3.connect(tmp_path / FILE_NAME)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION + 1,)
    assert raw.execute("SELECT word, frequency FROM words").fetchall() == [("银行", 0)]


def test_a_failed_migration_leaves_the_old_schema_and_data(tmp_path, monkeypatch):
    import reader.core.vocabulary as vocabulary

    with VocabularyStore.open(tmp_path) as old:
        old.add("银行", "yin2 hang2", ["bank"])
    broken = "ALTER TABLE words ADD COLUMN extra TEXT; ALTER TABLE no_such_table ADD COLUMN x TEXT"
    monkeypatch.setattr(vocabulary, "MIGRATIONS", [*vocabulary.MIGRATIONS, broken])
    monkeypatch.setattr(vocabulary, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(UserError):
        VocabularyStore.open(tmp_path)
    raw = sqlite3.connect(tmp_path / FILE_NAME)
    assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert [row[1] for row in raw.execute("PRAGMA table_info(words)")][-1] == "card_sentence"  # no half-added column
    assert raw.execute("SELECT word FROM words").fetchall() == [("银行",)]
    assert _aside(tmp_path) == []


_HANZI_WORDS = st.lists(st.text(alphabet="银行长校走了关门绿色李克强学生书音乐", min_size=1, max_size=4), min_size=1, max_size=30)


@given(_HANZI_WORDS)
def test_known_word_lists_read_back_in_every_format(words):
    expected = list(dict.fromkeys(words))
    assert known_words_in("\n".join(words)) == expected
    assert known_words_in("\n".join(f"{w}[{w}]\tpin1\tmeaning, more" for w in words)) == expected
    assert known_words_in("#separator:tab\n" + "\n".join(f"<div>{w}</div>\tpin\tx" for w in words)) == expected
    assert known_words_in("word,pinyin\n" + "\n".join(f'"{w}","a, b"' for w in words)) == expected


def test_the_sentence_picked_for_the_card_is_kept_per_word_and_undone_like_any_edit(store):
    from reader.core.undo import UndoStack

    for sentence in ("老师把作业发给学生。", "这个学生很努力。", "學生們都到齊了嗎？"):  # school, novel, traditional
        store.add("学生", "xue2 sheng5", ["student"], Context(sentence))
    store.add("老师", "lao3 shi1", ["teacher"], Context("老师把作业发给学生。"))
    assert store.get("学生").card_sentence is None
    stack = UndoStack()
    stack.record_rows("Put a sentence on the card of 学生", store, ["学生"],
                      lambda: store.set_card_sentence("学生", "这个学生很努力。"))
    assert store.get("学生").card_sentence == "这个学生很努力。" and store.get("老师").card_sentence is None
    assert store.table_rows().card_sentences == ["这个学生很努力。", None]
    stack.undo()
    assert store.get("学生").card_sentence is None
    stack.redo()
    assert store.get("学生").card_sentence == "这个学生很努力。"
    with pytest.raises(UserError, match="not one of its saved sentences"):
        store.set_card_sentence("学生", "我们今天学习学生。")
    with pytest.raises(UserError, match="not in the vocabulary"):
        store.set_card_sentence("教室", None)
    store.set_card_sentence("学生", None)
    assert store.get("学生").card_sentence is None


def test_a_vocabulary_from_before_card_sentences_opens_with_none_picked(tmp_path):
    import reader.core.vocabulary as vocabulary
    from reader.core.sqlite_store import migrate

    raw = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    migrate(raw, vocabulary.MIGRATIONS[:3], vocabulary.APPLICATION_ID)  # the schema of the release before
    raw.execute("INSERT INTO words (word, numbered, definitions, status, added, changed) VALUES "
                "('菜单', 'cai4 dan1', '[\"menu\"]', 1, '2026-01-01', '2026-01-01')")
    raw.execute("INSERT INTO contexts (word_id, sentence, added) VALUES (1, '服务员，请给我菜单。', '2026-01-01')")
    raw.close()
    with VocabularyStore.open(tmp_path) as migrated:
        assert migrated.get("菜单").card_sentence is None
        migrated.set_card_sentence("菜单", "服务员，请给我菜单。")
        assert migrated.words()[0].card_sentence == "服务员，请给我菜单。"
