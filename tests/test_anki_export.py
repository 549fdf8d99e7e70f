"""Anki export to files: the .apkg opened as Anki opens it (zip + SQLite), the text file line by line, the note fields."""

import json
import sqlite3
import zipfile

import genanki
import pytest

from reader.core.anki.exporters import ExportOptions, TextFileExporter, collect_notes
from reader.core.anki.notes import escape, highlighted, meaning_html, pinyin_html, sanitise_tag, word_note
from reader.core.anki.notetype import (
    DEFAULT_DECK_ID,
    SENTENCE_FIELDS,
    SENTENCE_MODEL_ID,
    WORD_FIELDS,
    WORD_MODEL_ID,
    deck_id_for,
    word_model,
)
from reader.core.models import Context, Status, VocabWord
from reader.core.vocabulary import VocabularyStore

SCRIPT_SENTENCE = "利率<script>alert(1)</script>上升了。"


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    store = VocabularyStore.open(path)
    store.add("银行", "yin2 hang2", ["bank", "CL:家[jia1]"], Context("我去银行取钱。", "新闻 标题"))
    store.add("利率", "li4 lu:4", ["interest rate"], Context(SCRIPT_SENTENCE, "经济"), status=Status.LEARNING_3)
    store.add("已经", "yi3 jing1", ["already"], status=Status.KNOWN)
    store.add("东西", "dong1 xi5", ["thing"], status=Status.IGNORED)
    for known in ("我", "去", "取", "钱"):
        store.add(known, "", [], status=Status.KNOWN)
    store.close()
    return path


def read_apkg(path):
    """Notes, cards, models and decks of an .apkg, read the way Anki reads it."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        target = path.parent / (path.name + ".anki2")
        target.write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(target)
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    notes = {}
    for note_id, guid, mid, flds, tags in db.execute("SELECT id, guid, mid, flds, tags FROM notes"):
        cards = sorted(ord_ for (ord_,) in db.execute("SELECT ord FROM cards WHERE nid = ?", (note_id,)))
        fields = flds.split("\x1f")
        notes[fields[0]] = {"guid": guid, "mid": mid, "fields": fields, "tags": tags.split(), "cards": cards}
    db.close()
    return notes, models, decks


def field(note, name, names=WORD_FIELDS):
    return note["fields"][names.index(name)]


def test_apkg_holds_new_and_learning_words_with_their_fields_guids_and_tags(run_cli, data_dir, tmp_path):
    out = tmp_path / "words.apkg"
    status, stdout, stderr = run_cli("--data-dir", data_dir, "export", "apkg", out)
    assert (status, stdout, stderr) == (0, f"wrote 2 word notes to {out}\n", "")
    notes, models, decks = read_apkg(out)
    assert sorted(notes) == ["利率", "银行"]
    bank = notes["银行"]
    assert bank["guid"] == genanki.guid_for("yuedu-word", "银行")
    assert bank["mid"] == WORD_MODEL_ID
    assert field(bank, "Pinyin") == '<span class="tone2">yín</span> <span class="tone2">háng</span>'
    assert field(bank, "Color") == '<span class="tone2">银</span><span class="tone2">行</span>'
    assert field(bank, "Meaning") == "<ol><li>bank</li><li>CL:家[jia1]</li></ol>"
    assert field(bank, "Sentence") == '我去<b class="hl">银行</b>取钱。'
    assert field(bank, "Sentence pinyin") == 'wǒ qù <b class="hl">yín háng</b> qǔ qián.'
    assert field(bank, "Source") == "新闻 标题"
    assert bank["tags"] == ["yuedu", "yuedu::新闻_标题", "hsk::3"]  # 银行 is an HSK 3 word
    assert bank["cards"] == [0]
    assert field(notes["利率"], "Pinyin") == '<span class="tone4">lì</span> <span class="tone4">lǜ</span>'
    model = models[str(WORD_MODEL_ID)]
    assert model["name"] == "Yuedu word"
    assert [f["name"] for f in model["flds"]] == list(WORD_FIELDS)
    assert [t["name"] for t in model["tmpls"]] == ["Recognition", "Production", "Listening"]
    assert "{{tts zh_CN:Hanzi}}" in model["tmpls"][2]["qfmt"]
    assert ".nightMode .tone1" in model["css"] and ".tone3 { color: #1510f0; }" in model["css"]
    assert len({f["id"] for f in model["flds"]}) == len(WORD_FIELDS)
    assert decks[str(DEFAULT_DECK_ID)]["name"] == "Yuedu"


def test_sentence_with_script_tag_is_text_not_markup(run_cli, data_dir, tmp_path):
    out = tmp_path / "words.apkg"
    run_cli("--data-dir", data_dir, "export", "apkg", out)
    notes, _, _ = read_apkg(out)
    assert field(notes["利率"], "Sentence") == (
        '<b class="hl">利率</b>&lt;script&gt;alert(1)&lt;/script&gt;上升了。'
    )
    assert "<script>" not in "".join(notes["利率"]["fields"])


@pytest.mark.parametrize(
    "kinds, ords",
    [
        ("recognition", [0]),
        ("production", [1]),
        ("listening", [2]),
        ("recognition,production", [0, 1]),
        ("recognition,listening", [0, 2]),
        ("production,listening", [1, 2]),
        ("listening,recognition,production", [0, 1, 2]),
    ],
)
def test_every_note_has_exactly_the_chosen_cards(run_cli, data_dir, tmp_path, kinds, ords):
    store = VocabularyStore.open(data_dir)
    store.add("乜嘢", "", [])  # no reading, no meaning, no sentence: the front must still make a card
    store.close()
    out = tmp_path / "cards.apkg"
    assert run_cli("--data-dir", data_dir, "export", "apkg", out, "--cards", kinds)[0] == 0
    notes, _, _ = read_apkg(out)
    assert sorted(notes) == ["乜嘢", "利率", "银行"]
    assert {word: note["cards"] for word, note in notes.items()} == {word: ords for word in notes}


def test_listening_only_front_is_not_empty_to_genanki():
    """Regression: a front holding only {{tts ...}} made genanki require every field, so notes got no card."""
    req = dict((ord_, (mode, fields)) for ord_, mode, fields in word_model()._req)
    assert req[2] == ("all", [WORD_FIELDS.index("Listening card")])
    assert req[1] == ("all", [WORD_FIELDS.index("Production card")])
    assert req[0] == ("all", [WORD_FIELDS.index("Recognition card")])


def test_status_picks_other_words(run_cli, data_dir, tmp_path):
    out = tmp_path / "known.apkg"
    assert run_cli("--data-dir", data_dir, "export", "apkg", out, "--status", "known")[0] == 0
    notes, _, _ = read_apkg(out)
    assert sorted(notes) == ["去", "取", "已经", "我", "钱"]
    assert run_cli("--data-dir", data_dir, "export", "apkg", out, "--status", "ignored", "new")[0] == 0
    assert sorted(read_apkg(out)[0]) == ["东西", "银行"]


def test_new_only_skips_words_exported_before(run_cli, data_dir, tmp_path):
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    assert run_cli("--data-dir", data_dir, "export", "apkg", first)[0] == 0
    status, stdout, stderr = run_cli("--data-dir", data_dir, "export", "apkg", second, "--new-only")
    assert (status, stdout) == (2, "")
    assert stderr == "yuedu: nothing to export: no new or learning words not exported before\n"
    assert not second.exists()
    store = VocabularyStore.open(data_dir)
    store.add("汇率", "hui4 lu:4", ["exchange rate"])
    store.close()
    assert run_cli("--data-dir", data_dir, "export", "apkg", second, "--new-only")[0] == 0
    assert sorted(read_apkg(second)[0]) == ["汇率"]
    # without --new-only everything chosen goes out again, under the same GUIDs (Anki updates, never duplicates)
    assert run_cli("--data-dir", data_dir, "export", "apkg", second)[0] == 0
    again = read_apkg(second)[0]
    assert again["银行"]["guid"] == read_apkg(first)[0]["银行"]["guid"]


def test_named_deck_has_a_stable_id(run_cli, data_dir, tmp_path):
    out = tmp_path / "deck.apkg"
    assert run_cli("--data-dir", data_dir, "export", "apkg", out, "--deck", "中文::阅读")[0] == 0
    _, _, decks = read_apkg(out)
    assert decks[str(deck_id_for("中文::阅读"))]["name"] == "中文::阅读"
    assert deck_id_for("中文::阅读") == deck_id_for("中文::阅读") != deck_id_for("中文") != DEFAULT_DECK_ID
    assert deck_id_for("Yuedu") == DEFAULT_DECK_ID


def test_sentence_cards_for_i_plus_one_sentences(run_cli, data_dir, tmp_path):
    out = tmp_path / "sentences.apkg"
    status, stdout, _ = run_cli("--data-dir", data_dir, "export", "apkg", out, "--sentences")
    assert (status, stdout) == (0, f"wrote 2 word notes and 1 sentence note to {out}\n")
    notes, models, _ = read_apkg(out)
    cloze = notes["我去{{c1::银行}}取钱。"]  # 利率's sentence has three unknown words (利率, 上升, 了): not i+1
    assert cloze["mid"] == SENTENCE_MODEL_ID
    assert cloze["cards"] == [0]
    assert cloze["guid"] == genanki.guid_for("yuedu-sentence", "我去银行取钱。", "银行")
    assert field(cloze, "Word", SENTENCE_FIELDS) == "银行"
    assert field(cloze, "Meaning", SENTENCE_FIELDS) == "<ol><li>bank</li><li>CL:家[jia1]</li></ol>"
    assert models[str(SENTENCE_MODEL_ID)]["type"] == 1
    assert "{{cloze:Text}}" in models[str(SENTENCE_MODEL_ID)]["tmpls"][0]["qfmt"]


def test_unwritable_output_fails_in_one_line_and_leaves_nothing(run_cli, data_dir, tmp_path):
    out = tmp_path / "missing" / "words.apkg"
    status, stdout, stderr = run_cli("--data-dir", data_dir, "export", "apkg", out)
    assert (status, stdout, stderr) == (2, "", f"yuedu: {out.parent}: no such directory\n")
    assert not out.parent.exists()


def test_failed_write_leaves_no_partial_file(run_cli, data_dir, tmp_path, monkeypatch):
    import genanki as genanki_module

    def broken(self, cursor, timestamp, id_gen):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(genanki_module.Package, "write_to_db", broken)
    out = tmp_path / "words.apkg"
    out.write_bytes(b"the previous export")
    status, _, stderr = run_cli("--data-dir", data_dir, "export", "apkg", out)
    assert (status, stderr) == (2, f"yuedu: {out}: cannot write (No space left on device)\n")
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "words.apkg"]


def test_bad_card_kind_and_status_are_one_line_errors(run_cli, data_dir, tmp_path):
    assert run_cli("--data-dir", data_dir, "export", "apkg", tmp_path / "x.apkg", "--cards", "writing")[1:] == (
        "", "yuedu: unknown card kind 'writing' (use recognition, production, listening)\n")
    assert run_cli("--data-dir", data_dir, "export", "tsv", tmp_path / "x.txt", "--status", "mastered")[1:] == (
        "", "yuedu: unknown status 'mastered' (use new, learning, known, ignored or 1-5)\n")
    assert list(tmp_path.glob("x.*")) == []


def test_text_file_line_by_line(run_cli, data_dir, tmp_path):
    out = tmp_path / "words.txt"
    status, stdout, _ = run_cli("--data-dir", data_dir, "export", "tsv", out, "--deck", "Chinese", "--cards",
                                "recognition,production")
    assert (status, stdout) == (0, f"wrote 2 word notes to {out}\n")
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[:6] == [
        "#separator:tab",
        "#html:true",
        "#notetype:Yuedu word",
        "#deck:Chinese",
        "#columns:" + "\t".join((*WORD_FIELDS, "Front", "Back", "Tags")),
        "#tags column:16",
    ]
    row = lines[6].split("\t")
    assert row[:13] == [
        "银行",
        "",
        '<span class="tone2">yín</span> <span class="tone2">háng</span>',
        '<span class="tone2">银</span><span class="tone2">行</span>',
        "<ol><li>bank</li><li>CL:家[jia1]</li></ol>",
        "",
        '我去<b class="hl">银行</b>取钱。',
        'wǒ qù <b class="hl">yín háng</b> qǔ qián.',
        "新闻 标题",
        "",
        "y",
        "y",
        "",
    ]
    assert row[13] == '<div class="hanzi">银行</div>'
    assert row[14].startswith('<div class="hanzi">银行</div><hr id=answer><div class="pinyin"><span class="tone2">yín')
    assert row[15] == "yuedu yuedu::新闻_标题 hsk::3"
    assert lines[7].split("\t")[0] == "利率"
    assert lines[7].split("\t")[6] == '<b class="hl">利率</b>&lt;script&gt;alert(1)&lt;/script&gt;上升了。'
    assert lines[8:] == [""]


def test_text_file_with_sentences_writes_a_second_file_for_the_cloze_note_type(run_cli, data_dir, tmp_path):
    out = tmp_path / "all.txt"
    assert run_cli("--data-dir", data_dir, "export", "tsv", out, "--sentences")[0] == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 6 + 2
    lines = (tmp_path / "all-sentences.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:6] == ["#separator:tab", "#html:true", "#notetype:Yuedu sentence (cloze)", "#deck:Yuedu",
                         "#columns:" + "\t".join((*SENTENCE_FIELDS, "Front", "Back", "Tags")), "#tags column:11"]
    [row] = [line.split("\t") for line in lines[6:]]
    assert row[0] == "我去{{c1::银行}}取钱。" and row[1] == "我去银行取钱。"


def test_text_file_cell_starting_with_hash_is_quoted():
    notes = [word_note(VocabWord("#标签", "biao1 qian1", ('say "hi"\tnow',)), ["recognition"])]
    text = TextFileExporter("unused").text(notes, ExportOptions())
    row = text.splitlines()[-1]
    assert row.startswith('"#标签"\t')
    assert '"say &quot;hi&quot;\tnow"' in row


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<b>bold</b> & co", "&lt;b&gt;bold&lt;/b&gt; &amp; co"),
        ('"quoted"', "&quot;quoted&quot;"),
        ("{{c1::x}}", "&#123;&#123;c1::x&#125;&#125;"),
    ],
)
def test_escape(text, expected):
    assert escape(text) == expected


def test_field_helpers():
    assert pinyin_html("nu:3 er2 r5") == (
        '<span class="tone3">nǚ</span> <span class="tone2">ér</span> <span class="tone5">r</span>'
    )
    assert meaning_html(["one"]) == "one"
    assert meaning_html([]) == ""
    assert highlighted("银行的银行", "银行") == '<b class="hl">银行</b>的<b class="hl">银行</b>'
    assert highlighted("a<b", "x") == "a&lt;b"
    assert sanitise_tag(' 人民日报: "头版"  新闻 ') == "人民日报_头版_新闻"


def test_cloze_braces_in_sentence_cannot_make_cards():
    from reader.core.anki.notes import sentence_note

    note = sentence_note("看{{c2::这}}银行", "银行", "yin2 hang2", ["bank"])
    assert note.fields[0] == "看&#123;&#123;c2::这&#125;&#125;{{c1::银行}}"


def test_collect_notes_without_annotator_has_no_sentence_pinyin(data_dir):
    store = VocabularyStore.open(data_dir)
    notes = collect_notes(store, None, ExportOptions())
    store.close()
    assert [n.key for n in notes] == ["银行", "利率"]
    assert notes[0].field_dict()["Sentence pinyin"] == ""


@pytest.mark.parametrize("deck, message", [("  ", "the deck name is empty"), ("a\tb", "'a\\tb' is not a deck name")])
def test_bad_deck_name_is_a_one_line_error(run_cli, data_dir, tmp_path, deck, message):
    out = tmp_path / "x.txt"
    assert run_cli("--data-dir", data_dir, "export", "tsv", out, "--deck", deck) == (2, "", f"yuedu: {message}\n")
    assert not out.exists()


GENRES = [
    "他说：“我用DeepSeek 写代码（求索）。”",  # chat, Latin inside
    "排骨先焯水，再加料酒炖40分钟。",  # recipe, digits
    "《红楼梦》第三回：林黛玉进贾府。",  # novel, book title
    "请于3月5日前提交Q1报告!",  # office, ASCII punctuation
    "老師說：「明天考試。」",  # school, traditional
    "利率<script>alert(1)</script>上升了。",  # hostile markup
]


@pytest.mark.parametrize("sentence, word, expected", [
    (GENRES[0], "求索", 'tā shuō: &quot;wǒ yòng DeepSeek xiě dài mǎ (<b class="hl">qiú suǒ</b>).&quot;'),
    (GENRES[1], "焯水", 'pái gǔ xiān <b class="hl">chāo shuǐ</b>, zài jiā liào jiǔ dùn 40 fēn zhōng.'),
    (GENRES[2], "林黛玉", '《Hóng lóu Mèng》 dì sān huí: <b class="hl">Lín Dài yù</b> jìn Jiǎ fǔ.'),
    (GENRES[3], "提交", 'qǐng yú 3 yuè 5 rì qián <b class="hl">tí jiāo</b> Q1 bào gào!'),
    (GENRES[4], "考試", 'lǎo shī shuō: &quot;míng tiān <b class="hl">kǎo shì</b>.&quot;'),
    (GENRES[5], "利率", '<b class="hl">lì lǜ</b> &lt;script&gt;alert(1)&lt;/script&gt; shàng shēng le.'),
])
def test_sentence_pinyin_keeps_punctuation_and_latin_text_as_written(annotator, sentence, word, expected):
    """Regression: everything that was not a hanzi word was spaced out: `qiú suǒ( DeepSeek)`, `&lt; script&gt;`."""
    from reader.core.anki.notes import sentence_pinyin_html

    numbered = next(t.numbered for t in annotator.annotate(sentence) if t.text == word)
    assert sentence_pinyin_html(sentence, word, numbered, annotator.annotate) == expected


def test_spoken_text_is_only_the_chinese():
    from reader.core.anki.notes import spoken_text

    assert [spoken_text(s) for s in GENRES] == [
        "他说：“我用写代码（求索）。”", "排骨先焯水，再加料酒炖分钟。", "《红楼梦》第三回：林黛玉进贾府。",
        "请于月日前提交报告", "老師說：「明天考試。」", "利率上升了。"]
    assert spoken_text("我去银行取钱{{c2::吧}}。") == "我去银行取钱吧。"


def test_sentences_annotated_in_one_batch_read_as_one_by_one(annotator):
    from reader.core.anki.exporters import annotate_many

    sentences = [*GENRES, "这条河很长。", "孩子长得很快。", "一行行的字", "line one\nline two 银行"]
    batch = annotate_many(annotator, sentences)
    for sentence in sentences:
        assert [(t.text, t.numbered) for t in batch(sentence)] == [
            (t.text, t.numbered) for t in annotator.annotate(sentence)]


def test_an_export_record_from_before_guid_sent_marks_every_text_file_row_as_sent_without_its_guid(tmp_path):
    import sqlite3

    from reader.core.anki import state as state_module
    from reader.core.anki.state import ExportRecord, ExportState
    from reader.core.sqlite_store import migrate

    raw = sqlite3.connect(tmp_path / state_module.FILE_NAME, isolation_level=None)
    migrate(raw, state_module.MIGRATIONS[:2], state_module.APPLICATION_ID)  # the record of the release before
    raw.executemany("INSERT INTO exported (guid, destination, kind, key, exported) VALUES (?, ?, ?, ?, '2026-11-01')",
                    [("g-bank", "tsv", "word", "银行"), ("g-bank", "apkg", "word", "银行"), ("g-grow", "apkg", "word", "长")])
    raw.close()
    with ExportState.open(tmp_path) as state:
        assert state.guids_sent_without_guid() == {"g-bank"}
        assert state.kinds_sent_to(("apkg", "ankiconnect")) == {"word"} and state.kinds_sent_to(("ankiconnect",)) == set()
        state.record("tsv", [ExportRecord("g-grow", "word", "长"), ExportRecord("g-bank", "word", "银行")])
        assert state.guids_sent_without_guid() == {"g-bank"}  # once without its GUID, always matched by first field


@pytest.mark.parametrize("kinds", [("recognition",), ("production", "listening"), ("recognition", "production", "listening")])
def test_the_package_holds_row_for_row_what_genankis_own_writer_writes(data_dir, annotator, tmp_path, kinds):
    """write_package inserts the notes and cards itself (one statement each instead of two a note): the rows must be
    genanki's, whatever the card kinds, with cloze notes among them."""
    import itertools

    from reader.core.anki.exporters import write_package
    from reader.core.anki.notetype import sentence_model

    store = VocabularyStore.open(data_dir)
    notes = collect_notes(store, annotator, ExportOptions(card_kinds=kinds, sentences=True, deck="中文::HSK"))
    store.close()
    assert {note.kind for note in notes} == {"word", "sentence"}
    write_package(notes, "中文::HSK", tmp_path / "ours.apkg", 1_800_000_000.0)
    with zipfile.ZipFile(tmp_path / "ours.apkg") as archive:
        (tmp_path / "ours.anki2").write_bytes(archive.read("collection.anki2"))

    models = {"word": word_model(), "sentence": sentence_model()}
    deck = genanki.Deck(deck_id_for("中文::HSK"), "中文::HSK")
    for note in notes:
        deck.add_note(genanki.Note(model=models[note.kind], fields=list(note.fields), guid=note.guid, tags=list(note.tags)))
    reference = sqlite3.connect(tmp_path / "genanki.anki2")
    genanki.Package(deck).write_to_db(reference.cursor(), 1_800_000_000.0, itertools.count(1_800_000_000_000))
    reference.commit()

    ours = sqlite3.connect(tmp_path / "ours.anki2")
    for table in ("col", "notes", "cards"):
        assert ours.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() == \
            reference.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    assert ours.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ours.close()
    reference.close()
