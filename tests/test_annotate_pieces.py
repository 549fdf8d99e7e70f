"""A long text is annotated piece by piece, written as it goes, with exactly the tokens of the text read whole."""

import codecs
import gc
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotate import NOT_CHINESE, annotate_in_pieces, columns_in_pieces, text_pieces
from reader.core.tokens_json import TokensJsonWriter, tokens_to_json
from tests.conftest import SAMPLE

GENRES = "\n".join([
    "他推开门，雨已经停了，巷子里只剩下路灯昏黄的光。她还在等他回来吗？",  # novel
    "哈哈哈你在干嘛呢？？晚上一起吃火锅不😂",  # chat
    "将五花肉切成2厘米见方的块，冷水下锅焯水3分钟，捞出沥干。",  # recipe
    "同学们，请把课本翻到第35页，完成练习一和练习二。",  # school
    "请各部门于11月30日前提交2026年度预算至财务部，逾期不再受理。",  # office
    "- 你确定吗？\n- 我从来没有这么确定过。",  # subtitles
    "這本書的作者曾經在臺灣住過很多年，後來才回到北京。",  # traditional
])


def pieced_json(annotator, text, size):
    out = io.StringIO()
    writer = TokensJsonWriter(out)
    for tokens in annotate_in_pieces(annotator.annotate, text, size):
        writer.write(tokens)
    writer.close()
    return out.getvalue()


def pieced_columns_json(annotator, text, size):
    out = io.StringIO()
    writer = TokensJsonWriter(out)
    for offset, words, readings in columns_in_pieces(annotator.words_and_readings, text, size):
        writer.write_words(words, readings, offset)
    writer.close()
    return out.getvalue()


def test_text_read_in_small_pieces_gives_the_json_of_the_text_read_whole(annotator):
    text = SAMPLE.read_text(encoding="utf-8") + "\n" + GENRES
    whole = tokens_to_json(annotator.annotate(text))
    assert pieced_json(annotator, text, 300) == whole
    # the command line's path: words and readings, no Token built
    assert pieced_columns_json(annotator, text, 300) == whole


def test_words_and_readings_are_the_tokens_columns_with_and_without_the_learners_words(tmp_path):
    """The JSON path takes the words and readings as columns; they must be annotate's tokens, the learner's merges,
    splits and readings included (those are laid on tokens)."""
    from reader.core.session import Session

    session = Session(tmp_path)
    text = MORE_GENRES + "\n" + GENRES
    annotator = session.annotator
    plain = annotator.annotate(text)
    assert annotator.words_and_readings(text) == ([t.text for t in plain], [t.reading for t in plain])
    session.corrections.add("走进了", "zou3 jin4 le5", "walked into")  # a merge with its own reading
    session.corrections.split("火锅", ["火", "锅"])
    session.corrections.set_reading("还", "huan2", "to give back (the learner's)")
    personal = annotator.annotate(text)
    assert [t.text for t in personal] != [t.text for t in plain]
    assert annotator.words_and_readings(text) == ([t.text for t in personal], [t.reading for t in personal])
    assert pieced_columns_json(annotator, text, 60) == tokens_to_json(personal)


def test_one_long_line_is_cut_after_a_sentence_end_and_reads_the_same(annotator):
    line = GENRES.replace("\n", "") * 20  # ~1,700 characters, no line end
    pieces = list(text_pieces(line, 200))
    assert len(pieces) > 5 and "".join(piece for _, piece in pieces) == line
    assert all(piece[-1] in "。！？" for _, piece in pieces[:-1])
    assert pieced_json(annotator, line, 200) == tokens_to_json(annotator.annotate(line))


def test_pieces_end_at_line_ends_and_cover_the_text(annotator):
    text = GENRES * 3
    pieces = list(text_pieces(text, 100))
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]


def test_text_without_any_break_is_still_cut_into_pieces():
    text = "a" * 1000
    assert [len(piece) for _, piece in text_pieces(text, 300)] == [300, 300, 300, 100]


def test_annotate_json_of_a_file_longer_than_a_piece_rebuilds_it(run_cli, tmp_path):
    text = (SAMPLE.read_text(encoding="utf-8") + "\n") * 12  # over 65,536 characters: two pieces at least
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    status, out, _ = run_cli("annotate", source, "--json")
    tokens = json.loads(out)["tokens"]
    assert status == 0 and "".join(t["text"] for t in tokens) == text
    assert all(text[t["start"] : t["end"]] == t["text"] for t in tokens)
    assert tokens[-1]["end"] == len(text)


def test_json_writer_writes_each_value_as_json_dumps_does():
    """The writer serialises strings and numbers itself (fast); what it writes must be json.dumps's bytes exactly."""
    from reader.core.annotate import NOT_CHINESE, Reading, Token

    odd = 'a "quoted" \\ back\tslash\n\u2028line\x01ctl 😂 é'
    readings = [Reading("ni3 hao3", odd, True), Reading("xx5", None, False), NOT_CHINESE]
    extras = [
        {"status": "unseen", "hsk": "7-9", "frequency": 5.12, "frequency_rank": 812},
        {"status": odd, "hsk": None, "frequency": 1e-07, "frequency_rank": 10**20, "flag": True, "none": False},
        {"frequency": float("nan"), "big": float("inf"), "list": [1, "二"]},
    ]
    tokens = [Token(text, k, k + 1, reading) for k, (text, reading) in enumerate(zip(["你好", odd, "\ud800x"], readings))]
    out = io.StringIO()
    writer = TokensJsonWriter(out, extra=lambda word, reading: extras[[t.text for t in tokens].index(word)])
    writer.write(tokens[:2])
    writer.write(tokens[2:])
    writer.close()

    def reference(token):
        reading, more = token.reading, extras[token.start]
        values = {"text": token.text, "start": token.start, "end": token.end, "pinyin": reading.pinyin}
        fields = [f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=False)}" for k, v in values.items()]
        fields.append(f'"numbered":{json.dumps(reading.numbered)}')
        fields.append(f'"gloss":{json.dumps(reading.gloss, ensure_ascii=False)}')
        fields.append(f'"in_dictionary":{json.dumps(reading.in_dictionary)}')
        fields += [f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=False)}" for k, v in more.items()]
        return "\n{" + ",".join(fields) + "}"

    assert out.getvalue() == '{"tokens":[' + ",".join(reference(t) for t in tokens) + "\n]}"


def test_json_written_to_a_utf8_file_is_the_text_streams_json_encoded(annotator):
    """To a UTF-8 file (stdout) the writer writes bytes itself; they must be what a text stream would hold,
    a '%' in a word or a gloss included (the bytes are formatted with %d)."""
    text = GENRES + "\n涨幅达50%，100% 纯棉，%d %s {0} %d,\"end\":%d"
    tokens = annotator.annotate(text)
    extra = lambda word, reading: {"status": "unseen", "note": "5%"} if reading is not NOT_CHINESE else {"status": None}
    as_text = io.StringIO()
    write_with_extra = lambda stream: (writer := TokensJsonWriter(stream, extra=extra), writer.write(tokens),
                                       writer.close())
    write_with_extra(as_text)
    raw = io.BytesIO()
    as_file = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    as_file.write("before ")
    write_with_extra(as_file)
    as_file.write(" after")
    as_file.flush()
    assert raw.getvalue().decode("utf-8") == "before " + as_text.getvalue() + " after"
    assert [t["text"] for t in json.loads(as_text.getvalue())["tokens"]] == [t.text for t in tokens]


def test_a_word_read_two_ways_gets_each_tokens_own_reading_in_the_json():
    """The writer finds a word's serialised form by the word and checks the reading: 还 hái and 还 huán (and a new
    word met twice in one batch) must each keep their own pinyin and gloss, whatever the order and the batches."""
    from reader.core.annotate import NOT_CHINESE, Reading, Token

    hai = Reading("hai2", "still; yet", True)
    huan = Reading("huan2", "to pay back", True)
    again = Reading("hai2", "still; yet", True)  # equal to hai, another object (a later piece's)
    words = [("还", hai), ("钱", Reading("qian2", "money", True)), ("还", huan), ("，", NOT_CHINESE), ("还", hai),
             ("还", huan), ("还", again), ("钱", Reading("qian2", "coin", True)), ("，", NOT_CHINESE), ("还", huan)]
    tokens = [Token(text, k, k + 1, reading) for k, (text, reading) in enumerate(words)]
    for chunk in (1, 3, 100):
        out = io.StringIO()
        writer = TokensJsonWriter(out, chunk=chunk)
        writer.write(tokens[:4])
        writer.write(tokens[4:])
        writer.close()
        assert json.loads(out.getvalue())["tokens"] == [token.to_json() for token in tokens]


def test_annotate_json_leaves_the_callers_garbage_collector_as_it_was(run_cli, tmp_path):
    """The command tunes the collector for its run (fewer passes); a caller in the same process (the tests, a
    script) gets its own thresholds back."""
    import gc

    source = tmp_path / "text.txt"
    source.write_text(GENRES, encoding="utf-8")
    before = gc.get_threshold()
    status, out, _ = run_cli("annotate", source, "--json")
    assert status == 0 and json.loads(out)["tokens"]
    assert gc.get_threshold() == before


MORE_GENRES = "\n".join([
    "张伟笑着说：“老李，你明天还来不来？”李娜没有回答，转身走进了雨里。",  # novel dialogue with names
    "昨天的会议记录已上传至共享盘，请于本周五下班前确认。",  # office
    "先把鸡蛋打散，加入少许盐，再倒入热油锅中快速翻炒。",  # recipe
    "第3集 | 00:12:05,300 --> 00:12:07,900 你为什么不告诉我？",  # subtitles
    "2024年GDP增长5.2%，其中第三产业贡献率达到60%以上。",  # news with numbers
    "我們明天早上九點在圖書館門口見面，別遲到喔！",  # traditional chat
])


def test_annotating_makes_no_reference_cycles_so_a_batch_run_may_pause_the_collector(annotator):
    # `annotate` pauses garbage collection for its whole run (reader/commands/annotate.py): that is only safe while
    # reading a text leaves nothing that only a collection pass would free
    annotator.annotate(GENRES)  # what loads on first use (tables, the polyphone model) is loaded here
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        out = io.StringIO()
        writer = TokensJsonWriter(out)
        for tokens in annotate_in_pieces(annotator.annotate, MORE_GENRES + "\n" + GENRES, 120):
            writer.write(tokens)
        for offset, words, readings in columns_in_pieces(annotator.words_and_readings, GENRES, 120):
            writer.write_words(words, readings, offset)
        writer.close()
        del writer, tokens, words, readings
        assert json.loads(out.getvalue())["tokens"][0]["text"] == "张伟"
        assert gc.collect() == 0
    finally:
        if collecting:
            gc.enable()


@given(st.text(alphabet="他说。！\n\r a", max_size=400), st.lists(st.integers(0, 400), max_size=6), st.integers(1, 40))
def test_pieces_of_a_text_read_in_parts_are_the_pieces_of_the_text_whole(text, cuts, size):
    # a big file is annotated as it is read: its parts are never joined, yet every cut must fall where it falls
    # in the whole text
    from reader.core.annotate import text_pieces_of

    bounds = sorted({0, len(text), *(min(cut, len(text)) for cut in cuts)})
    parts = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    assert list(text_pieces_of(parts, size)) == list(text_pieces(text, size))


def test_a_big_file_annotated_as_it_is_read_gives_the_json_of_the_file_read_whole(run_cli, tmp_path, monkeypatch):
    from reader.core import textfile

    text = "\r\n".join([SAMPLE.read_text(encoding="utf-8"), GENRES, "\x1b[1m不\x07要\f紧"]) * 2
    source = tmp_path / "big.txt"
    source.write_bytes(text.encode("utf-8"))
    whole = run_cli("annotate", source, "--json")
    monkeypatch.setattr(textfile, "STREAM_BYTES", 0)  # every file counts as big
    monkeypatch.setattr(textfile, "PIECE", 1000)  # read in pieces that end inside characters and CR LF pairs
    read = []
    monkeypatch.setattr(textfile, "read_bytes", lambda *args, **kwargs: read.append(args) or b"")
    streamed = run_cli("annotate", source, "--json")
    assert streamed == whole and whole[0] == 0 and read == []  # never read whole
    assert json.loads(whole[1])["tokens"][-1]["text"] == "紧"


@pytest.mark.parametrize("data, warned", [
    ("今天天气很好，我们去公园散步。\n".encode("gb18030") * 40, False),  # not UTF-8: read whole, as GB18030
    ("今天天气很好，我们去公园散步。\n".encode("utf-8") * 40 + b"\xff\xfe bad", True),  # two bad bytes: replaced, said
    (codecs.BOM_UTF8 + "\ufeff银行行长。\n".encode("utf-8") * 40, False),  # a byte-order mark
])
def test_a_big_file_that_is_not_plain_utf8_reads_and_warns_as_before(run_cli, tmp_path, monkeypatch, data, warned):
    from reader.core import textfile

    source = tmp_path / "big.txt"
    source.write_bytes(data)
    whole = run_cli("annotate", source, "--json")
    monkeypatch.setattr(textfile, "STREAM_BYTES", 0)
    assert run_cli("annotate", source, "--json") == whole
    assert whole[0] == 0 and ("replaced with" in whole[2]) == warned and json.loads(whole[1])["tokens"]


def test_a_big_file_that_cannot_be_read_says_so_in_one_line(run_cli, tmp_path, monkeypatch):
    from reader.core import textfile

    monkeypatch.setattr(textfile, "STREAM_BYTES", 0)
    blank, binary = tmp_path / "blank.txt", tmp_path / "binary.txt"
    blank.write_bytes(b" \n\t " * 100)
    binary.write_bytes("银行".encode("utf-8") * 100 + b"\x00")
    for path, reason in [(blank, "the file is empty"), (binary, "this is a binary file"), (tmp_path, "is a directory")]:
        status, out, err = run_cli("annotate", path, "--json")
        assert (status, out) == (2, "") and reason in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("sandhi", [False, True])
def test_plain_listing_of_a_text_longer_than_a_piece_is_that_of_the_text_read_whole(run_cli, annotator, tmp_path, sandhi):
    # the plain listing is written piece by piece too (a 200 MB file once kept every token); 一 and 不 take their
    # spoken tones from the next syllable, and a piece never ends between them and it
    from reader.core.polyphone import display_pinyin

    lines = (SAMPLE.read_text(encoding="utf-8") + "\n" + GENRES + "\n" + MORE_GENRES + "\n不是我的。我们一起去吧。一不小心。\n").splitlines()
    text = "\n".join(f"{number}：{line}" for number, line in enumerate(lines * 10))  # ~72,000 characters: two pieces
    assert len(text) > 1 << 16
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    whole = annotator.annotate(text)
    expected = "".join(
        f"{token.text}\t{pinyin}\t{token.gloss or ''}\n"
        for token, pinyin in zip(whole, display_pinyin(whole, sandhi=sandhi))
        if token.is_chinese
    )
    status, out, err = run_cli("annotate", source, *(["--sandhi"] if sandhi else []))
    assert (status, err) == (0, "")
    assert out == expected
    assert ("不是\tbú shì\t" in out) is sandhi


@pytest.mark.parametrize("sandhi", [False, True])
def test_html_page_of_a_text_longer_than_a_piece_is_that_of_the_text_read_whole(run_cli, annotator, tmp_path, sandhi):
    from reader.core.html_export import annotated_html
    from reader.core.polyphone import sandhi_syllables

    lines = (GENRES + "\n" + MORE_GENRES + "\n不是我的。我们一起去吧。<b>一不小心</b>&amp;\n").splitlines()
    text = "\n".join(f"{number}：{line}" for number, line in enumerate(lines * 260))  # ~70,000 characters: two pieces
    assert len(text) > 1 << 16
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    whole = annotator.annotate(text)
    page = tmp_path / "long.html"
    status, out, err = run_cli("annotate", source, "--html", page, *(["--sandhi"] if sandhi else []))
    assert (status, out, err) == (0, "", "")
    written = page.read_text(encoding="utf-8")
    assert written == annotated_html(whole, title="long.txt", syllables=sandhi_syllables(whole) if sandhi else None)
    assert "<b>" not in written and "&lt;b&gt;" in written
    assert ('<ruby class="tone2">不<rt>bú</rt></ruby>' in written) is sandhi
