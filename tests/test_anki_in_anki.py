"""Every export imported into a fresh collection of the official Anki library, the way File > Import does it, then
Anki's own checks (note check, card rendering, Check Database, Empty Cards) and the exact notes, decks and tags."""

import genanki
import pytest
from anki.importing import AnkiPackageImporter

from reader.core.anki.notetype import SENTENCE_MODEL_ID, WORD_MODEL_ID
from reader.core.models import Context, Status
from reader.core.vocabulary import VocabularyStore
from tests.anki_collection import AnkiCollection
from tests.ankiconnect_stub import StubAnki, StubServer

WORD = "Yuedu word"
CLOZE = "Yuedu sentence (cloze)"
BRACES = "我去银行取钱{{c2::吧}}。"  # a saved sentence holding cloze markup: must stay text


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    store = VocabularyStore.open(path)
    store.add("银行", "yin2 hang2", ["bank"], Context("我去银行取钱。", "新闻"))  # news
    store.add("银行", "", [], Context(BRACES, "聊天"))  # chat, saved later: the newest
    store.add("长", "zhang3", ["to grow"], Context("孩子长得很快，一年长高了五厘米。", "小说 第三章"))  # novel
    store.add("焯水", "chao1 shui3", ["to blanch"], Context("排骨先焯水，再加<b>料酒</b>炖{{Hanzi}}。", "菜谱"))  # recipe
    store.add("會議", "hui4 yi4", ["meeting"], Context("明天的會議改到三點。", "辦公室"), traditional="會議")  # office
    for known in ("我", "去", "取", "钱", "吧"):
        store.add(known, "", [], status=Status.KNOWN)
    store.close()
    return path


@pytest.fixture
def anki(tmp_path):
    collection = AnkiCollection(tmp_path / "anki")
    yield collection
    collection.close()


def export(run_cli, data_dir, destination, out, *extra):
    status, stdout, stderr = run_cli("--data-dir", data_dir, "export", destination, out, *extra)
    assert (status, stderr) == (0, ""), stderr
    return stdout


def test_apkg_in_a_fresh_anki_passes_every_check_with_exact_notes(run_cli, data_dir, anki, tmp_path):
    out = tmp_path / "all.apkg"
    export(run_cli, data_dir, "apkg", out, "--cards", "recognition,production,listening", "--sentences")
    assert anki.import_package(out) == {"new": 6}
    anki.check()
    assert anki.note_type_ids()[WORD] == WORD_MODEL_ID and anki.note_type_ids()[CLOZE] == SENTENCE_MODEL_ID
    words = anki.notes(WORD)
    assert sorted(words) == sorted(["银行", "长", "焯水", "會議"])
    bank = words["银行"]
    assert bank.guid == genanki.guid_for("yuedu-word", "银行")
    assert bank.cards == [0, 1, 2] and bank.decks == ["Yuedu"] * 3
    assert bank.tags == ["hsk::3", "yuedu", "yuedu::聊天"]  # the newest sentence's source
    assert bank.fields["Sentence"] == '我去<b class="hl">银行</b>取钱&#123;&#123;c2::吧&#125;&#125;。'
    assert bank.fields["Sentence pinyin"] == 'wǒ qù <b class="hl">yín háng</b> qǔ qián {{c2:: ba}}.'.replace(
        "{", "&#123;").replace("}", "&#125;")
    recipe = words["焯水"]
    assert recipe.fields["Sentence"] == ('排骨先<b class="hl">焯水</b>，再加&lt;b&gt;料酒&lt;/b&gt;炖'
                                         "&#123;&#123;Hanzi&#125;&#125;。")
    front, back = anki.card_text("焯水", 0)
    assert "&lt;b&gt;料酒&lt;/b&gt;" in back
    assert "{{" not in back  # shown as the text it is: Anki never read it as a field
    clozes = anki.notes(CLOZE)
    assert sorted(clozes) == ["我去{{c1::银行}}取钱&#123;&#123;c2::吧&#125;&#125;。", "我去{{c1::银行}}取钱。"]
    for note in clozes.values():
        assert note.cards == [0] and note.decks == ["Yuedu"] and note.tags == ["yuedu", "yuedu::" + (
            "聊天" if "c2" in next(iter(note.fields.values())) else "新闻")]
        assert note.fields["Sentence"] in ("我去银行取钱。", "我去银行取钱吧。")  # what {{tts}} reads: Chinese only
    question, answer = anki.card_text("我去{{c1::银行}}取钱&#123;&#123;c2::吧&#125;&#125;。")
    assert "[...]" in question and "{{c2::吧}}" in answer.replace("&#123;", "{").replace("&#125;", "}")
    assert anki.count() == (6, 14)


def test_fewer_card_kinds_later_leave_no_blank_cards(run_cli, data_dir, anki, tmp_path):
    """Regression: recognition only after all three emptied the other kinds' fields (2 of 3 cards blank)."""
    export(run_cli, data_dir, "apkg", tmp_path / "1.apkg", "--cards", "recognition,production,listening")
    anki.import_package(tmp_path / "1.apkg")
    export(run_cli, data_dir, "apkg", tmp_path / "2.apkg", "--cards", "recognition")
    assert anki.import_package(tmp_path / "2.apkg") == {"updated": 4}
    anki.check()
    assert {word: note.cards for word, note in anki.notes(WORD).items()} == {
        w: [0, 1, 2] for w in ("银行", "长", "焯水", "會議")}
    export(run_cli, data_dir, "tsv", tmp_path / "3.txt", "--cards", "production")
    assert anki.import_text(tmp_path / "3.txt") == {"duplicate": 4}  # matched by first field, nothing to change
    anki.check()
    assert anki.count() == (4, 12)


def test_text_file_in_a_fresh_anki_gives_complete_cards_and_never_blocks_the_apkg(run_cli, data_dir, anki, tmp_path):
    """Regression: Front=蕴含, Back="" in Basic, holding Yuedu's GUIDs, so the later .apkg was refused as conflicting."""
    out = tmp_path / "words.txt"
    assert export(run_cli, data_dir, "tsv", out, "--deck", "中文::生词") == f"wrote 4 word notes to {out}\n"
    assert anki.import_text(out) == {"new": 4}
    anki.check()
    basic = anki.notes("Basic")
    assert sorted(basic) == sorted(f'<div class="hanzi">{w}</div>' for w in ("银行", "长", "焯水", "會議"))
    bank = basic['<div class="hanzi">银行</div>']
    assert bank.decks == ["中文::生词"] and bank.tags == ["hsk::3", "yuedu", "yuedu::聊天"]
    assert '<span class="tone2">yín</span>' in bank.fields["Back"] and "bank" in bank.fields["Back"]
    assert bank.guid != genanki.guid_for("yuedu-word", "银行")
    export(run_cli, data_dir, "apkg", tmp_path / "words.apkg", "--deck", "中文::生词")
    assert anki.import_package(tmp_path / "words.apkg") == {"new": 4}
    anki.check()
    assert sorted(anki.notes(WORD)) == sorted(["银行", "长", "焯水", "會議"])


def test_text_file_updates_yuedu_notes_in_place_and_the_apkg_after_it_too(run_cli, data_dir, anki, tmp_path):
    export(run_cli, data_dir, "apkg", tmp_path / "1.apkg")
    anki.import_package(tmp_path / "1.apkg")
    store = VocabularyStore.open(data_dir)
    store.set_notes("银行", "ATM: 自动取款机")
    store.add("长", "", [], Context("他长得像他爸爸。", "短信"))
    store.close()
    export(run_cli, data_dir, "tsv", tmp_path / "2.txt")
    assert anki.import_text(tmp_path / "2.txt") == {"updated": 2, "duplicate": 2}  # 2 changed (found by GUID), 2 same
    anki.check()
    words = anki.notes(WORD)
    assert words["银行"].fields["Notes"] == "ATM: 自动取款机"
    assert words["长"].fields["Sentence"] == '他<b class="hl">长</b>得像他爸爸。'
    assert words["银行"].guid == genanki.guid_for("yuedu-word", "银行")
    export(run_cli, data_dir, "apkg", tmp_path / "3.apkg")
    log = anki.import_package(tmp_path / "3.apkg")
    assert "new" not in log and "conflicting" not in log and sum(log.values()) == 4
    assert anki.count() == (4, 4)
    anki.check()


def test_text_file_with_sentences_writes_the_cloze_notes_beside_it(run_cli, data_dir, anki, tmp_path):
    export(run_cli, data_dir, "tsv", tmp_path / "plain.txt", "--sentences")  # before Yuedu's note types went out
    export(run_cli, data_dir, "apkg", tmp_path / "1.apkg", "--sentences")
    anki.import_package(tmp_path / "1.apkg")
    out = tmp_path / "all.txt"
    sentences = tmp_path / "all-sentences.txt"
    assert export(run_cli, data_dir, "tsv", out, "--sentences") == (
        f"wrote 4 word notes and 2 sentence notes to {out} (sentence notes in {sentences})\n")
    assert anki.import_text(out) == {"duplicate": 4}
    assert anki.import_text(sentences) == {"duplicate": 2}
    anki.check()
    assert anki.count() == (6, 6)
    fresh = AnkiCollection(tmp_path / "fresh")
    try:
        assert fresh.import_text(tmp_path / "plain-sentences.txt") == {"new": 2}
        fresh.check()
        cards = fresh.notes("Basic")
        assert len(cards) == 2
        [braced] = [n for n in cards.values() if "c2" in n.fields["Back"]]
        assert "[…]" in braced.fields["Front"] and "银行" not in braced.fields["Front"]
    finally:
        fresh.close()


def test_reading_change_updates_the_same_note_and_keeps_its_reviews(run_cli, data_dir, anki, tmp_path):
    """Regression: 长 zhǎng then cháng made a second note (.apkg) or overwrote the first (AnkiConnect)."""
    export(run_cli, data_dir, "apkg", tmp_path / "1.apkg")
    anki.import_package(tmp_path / "1.apkg")
    note_id = anki.col.find_notes('"Hanzi:长"')[0]
    anki.col.db.execute("update cards set type = 2, queue = 2, ivl = 12, reps = 5 where nid = ?", note_id)
    store = VocabularyStore.open(data_dir)
    store.remove("长")
    store.add("长", "chang2", ["long"], Context("这条河很长。", "课文"))
    store.close()
    export(run_cli, data_dir, "apkg", tmp_path / "2.apkg")
    assert anki.import_package(tmp_path / "2.apkg") == {"updated": 4}
    note = anki.col.get_note(note_id)
    assert note["Pinyin"] == '<span class="tone2">cháng</span>' and note["Meaning"] == "long"
    assert [(c.reps, c.ivl) for c in note.cards()] == [(5, 12)]
    export(run_cli, data_dir, "tsv", tmp_path / "3.txt")
    assert anki.import_text(tmp_path / "3.txt") == {"duplicate": 4}
    # the import AnkiConnect's importPackage runs (the same backend, merging note types)
    export(run_cli, data_dir, "apkg", tmp_path / "4.apkg")
    AnkiPackageImporter(anki.col, str(tmp_path / "4.apkg")).run()
    assert anki.count() == (4, 4)
    assert [(c.reps, c.ivl) for c in anki.col.get_note(note_id).cards()] == [(5, 12)]
    anki.check()


def test_deck_change_through_the_apkg_leaves_cards_anki_has_and_puts_new_ones_in_the_new_deck(
        run_cli, data_dir, anki, tmp_path):
    export(run_cli, data_dir, "apkg", tmp_path / "1.apkg", "--deck", "Old")
    anki.import_package(tmp_path / "1.apkg")
    export(run_cli, data_dir, "apkg", tmp_path / "2.apkg", "--deck", "New", "--cards", "recognition,listening")
    anki.import_package(tmp_path / "2.apkg")
    anki.check()
    assert anki.notes(WORD)["银行"].decks == ["Old", "New"]


@pytest.mark.parametrize("choice, sentence", [
    ("newest", BRACES), ("first", "我去银行取钱。"), ("shortest", "我去银行取钱。")])
def test_sentence_choice_picks_the_saved_sentence_on_the_card(run_cli, data_dir, anki, tmp_path, choice, sentence):
    """Regression: a second sentence saved for a word never reached its card (the first always won)."""
    export(run_cli, data_dir, "apkg", tmp_path / "1.apkg", "--sentence", choice)
    anki.import_package(tmp_path / "1.apkg")
    shown = anki.notes(WORD)["银行"].fields["Sentence"]
    assert shown == sentence.replace("银行", '<b class="hl">银行</b>').replace("{", "&#123;").replace("}", "&#125;")


def test_bad_sentence_choice_is_one_line(run_cli, data_dir, tmp_path):
    status, stdout, stderr = run_cli("--data-dir", data_dir, "export", "apkg", tmp_path / "x.apkg", "--sentence", "best")
    assert (status, stdout) == (2, "")
    assert stderr.count("\n") == 1 and "newest" in stderr
    assert not (tmp_path / "x.apkg").exists()


def test_apkg_export_leaves_nothing_in_the_temp_directory(run_cli, data_dir, tmp_path, monkeypatch):
    """Regression: genanki's temporary collection (22 MB for 50,000 words) stayed in the temp directory."""
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    export(run_cli, data_dir, "apkg", tmp_path / "w.apkg", "--sentences")
    export(run_cli, data_dir, "apkg", tmp_path / "w.apkg")
    assert list(scratch.iterdir()) == []


def test_a_word_the_text_file_adds_is_the_note_a_later_apkg_and_ankiconnect_update(run_cli, data_dir, tmp_path):
    """Regression: a word the text file added to an Anki with Yuedu's note types got Anki's own GUID, so the .apkg
    imported after it made a second note for it."""
    anki = AnkiCollection(tmp_path / "anki")
    export(run_cli, data_dir, "apkg", tmp_path / "1.apkg", "--sentences")
    assert anki.import_package(tmp_path / "1.apkg") == {"new": 6}
    with VocabularyStore.open(data_dir) as store:
        store.add("菜单", "cai4 dan1", ["menu"], Context("服务员，请把菜单给我。", "餐馆"))  # restaurant
        store.add("字幕", "zi4 mu4", ["subtitles"], Context("这部电影没有中文字幕。", "S01E02 00:12:31"))  # subtitles
    out = tmp_path / "2.txt"
    export(run_cli, data_dir, "tsv", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:6] == ["#separator:tab", "#html:true", "#deck:Yuedu", "#notetype column:1", "#guid column:2",
                         "#tags column:3"]
    menu = next(line.split("\t") for line in lines if line.split("\t")[3:4] == ["菜单"])
    assert menu[:3] == [WORD, genanki.guid_for("yuedu-word", "菜单"), "yuedu yuedu::餐馆 hsk::3"]
    assert anki.import_text(out) == {"new": 2, "duplicate": 4}
    words = anki.notes(WORD)
    assert {w: n.guid for w, n in words.items()} == {w: genanki.guid_for("yuedu-word", w) for w in words}
    assert words["字幕"].fields["Source"] == "S01E02 00:12:31" and words["字幕"].decks == ["Yuedu"]
    anki.check()

    # the .apkg after it (a while later: Anki updates a note only from a newer one): the same six word notes
    anki.col.db.execute("update notes set mod = mod - 60")
    with VocabularyStore.open(data_dir) as store:
        store.set_notes("菜单", "点菜 = to order")
    export(run_cli, data_dir, "apkg", tmp_path / "3.apkg", "--sentences")
    assert anki.import_package(tmp_path / "3.apkg") == {"updated": 8}  # none new
    assert anki.notes(WORD)["菜单"].fields["Notes"] == "点菜 = to order"
    assert anki.count() == (8, 8)
    anki.check()
    note_ids = {w: anki.col.find_notes(f'"Hanzi:{w}"') for w in anki.notes(WORD)}
    anki.close()

    # and AnkiConnect after both: updates the same notes
    stub = StubAnki(tmp_path / "anki")
    with StubServer(stub) as server:  # closes the collection when done
        assert export(run_cli, data_dir, "ankiconnect", "--url", server.url) == (
            "added 0 word notes to Anki, updated 6\n")
        assert {w: [n["id"]] for w, n in stub.words().items()} == note_ids


def test_a_text_file_with_guids_in_an_anki_without_yuedus_note_types_imports_nothing_and_blocks_nothing(
        run_cli, data_dir, anki, tmp_path):
    """Once Yuedu's note types went out, the text file carries GUIDs: an Anki without the note types must not keep
    them on Basic notes (the .apkg would then be refused as "conflicting")."""
    export(run_cli, data_dir, "apkg", tmp_path / "elsewhere.apkg")  # imported into another Anki, not this one
    export(run_cli, data_dir, "tsv", tmp_path / "words.txt")
    assert anki.import_text(tmp_path / "words.txt") == {"missing_notetype": 4}
    assert anki.count() == (0, 0)
    export(run_cli, data_dir, "apkg", tmp_path / "words.apkg")
    assert anki.import_package(tmp_path / "words.apkg") == {"new": 4}
    assert anki.import_text(tmp_path / "words.txt") == {"duplicate": 4}
    anki.check()
    assert anki.count() == (4, 4)


def test_words_an_older_text_file_sent_without_guids_are_matched_by_first_field_not_doubled(
        run_cli, data_dir, anki, tmp_path):
    """A word Anki holds under its own GUID (sent by a text file before GUIDs travelled) gets no GUID in the text
    file: Anki finds it by its first field instead of adding a second note."""
    other = tmp_path / "other"
    other.mkdir()
    with VocabularyStore.open(other) as store:  # Yuedu's note types reach this Anki from another vocabulary
        store.add("银行", "yin2 hang2", ["bank"], Context("银行几点开门？", "短信"))
    export(run_cli, other, "apkg", tmp_path / "other.apkg")
    assert anki.import_package(tmp_path / "other.apkg") == {"new": 1}
    export(run_cli, data_dir, "tsv", tmp_path / "1.txt")  # no note type sent from here yet: no GUIDs
    assert anki.import_text(tmp_path / "1.txt") == {"new": 3, "first_field_match": 1}
    export(run_cli, data_dir, "apkg", tmp_path / "elsewhere.apkg")  # to another Anki: now the text file has GUIDs
    with VocabularyStore.open(data_dir) as store:
        store.add("放假", "fang4 jia4", ["to have a holiday"], Context("学校下周一放假。", "通知"))  # school notice
        store.set_notes("长", "长 zhǎng: to grow")
    export(run_cli, data_dir, "tsv", tmp_path / "2.txt")
    rows = {row[3]: row[1] for row in (line.split("\t") for line in
                                       (tmp_path / "2.txt").read_text(encoding="utf-8").splitlines()[6:])}
    assert rows == {"银行": "", "长": "", "焯水": "", "會議": "", "放假": genanki.guid_for("yuedu-word", "放假")}
    assert anki.import_text(tmp_path / "2.txt") == {"new": 1, "first_field_match": 1, "duplicate": 3}
    anki.check()
    assert sorted(anki.notes(WORD)) == sorted(["银行", "长", "焯水", "會議", "放假"])
    assert anki.notes(WORD)["长"].fields["Notes"] == "长 zhǎng: to grow"
