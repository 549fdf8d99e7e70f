"""Subtitles (.srt, .ass, .ssa, .vtt): one paragraph per cue, its times and translation beside it, nothing else."""

import json

import pytest

from reader.core.errors import UserError
from reader.core.importers import import_file
from reader.core.importers.subtitles import cue_time
from reader.core.library import Library

DRAMA_SRT = """1
00:00:01,000 --> 00:00:03,200
<i>你回来了？</i>
You're back?

2
00:00:03,500 --> 00:00:05,000
{\\an8}嗯，路上堵车。
Yeah, traffic was bad.

3
00:01:02,040 --> 00:01:04,000
- 吃饭了吗？
- 还没呢。

4
00:01:05,000 --> 00:01:06,000
♪ ♪

"""

# A fansub .ass: Chinese and English as two events at the same times (two styles), override tags, \\N, a comment, a
# drawing, and the events out of order in the file.
COOKING_ASS = """[Script Info]
ScriptType: v4.00+
PlayResX: 1920
PlayResY: 1080

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: CN,Noto Sans CJK SC,60,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,40,1
Style: EN,Arial,40,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:12.50,0:00:15.00,CN,,0,0,0,,{\\fad(200,200)}再放一勺盐，\\N{\\c&H00FFFF&}小火慢炖十分钟。
Dialogue: 0,0:00:12.50,0:00:15.00,EN,,0,0,0,,Add a spoon of salt, and simmer for ten minutes.
Comment: 0,0:00:13.00,0:00:14.00,CN,,0,0,0,,翻译备注：不要显示
Dialogue: 0,0:00:02.00,0:00:04.00,CN,,0,0,0,,{\\b1}今天我们做红烧肉。{\\b0}
Dialogue: 0,0:00:02.00,0:00:04.00,EN,,0,0,0,,Today we're making braised pork.
Dialogue: 0,0:00:05.00,0:00:06.00,CN,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100 0 100{\\p0}
Dialogue: 1,1:02:03.25,1:02:05.00,CN,,0,0,0,,出锅！
"""

CLASS_VTT = """WEBVTT
Kind: captions
Language: zh-TW

NOTE 這段不該出現

intro
00:00:00.500 --> 00:00:02.000 align:start position:10%
<v 老師>同學們好，今天學習「再見」的用法。

00:00:02.500 --> 00:00:04.000
<c.yellow>請</c>打開課本第三頁。
"""


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_srt_cues_are_paragraphs_without_timestamps_or_codes_and_keep_their_times(tmp_path):
    document = import_file(_write(tmp_path / "第01集.srt", DRAMA_SRT))
    [episode] = document.articles
    assert document.title == "第01集"
    assert episode.title == "第01集"
    assert episode.paragraphs == ["你回来了？", "嗯，路上堵车。", "- 吃饭了吗？ - 还没呢。", "♪ ♪"]
    assert episode.paragraph_info == [
        {"start": 1000, "end": 3200, "translation": "You're back?"},
        {"start": 3500, "end": 5000, "translation": "Yeah, traffic was bad."},
        {"start": 62040, "end": 64000},
        {"start": 65000, "end": 66000},
    ]
    assert [cue_time(info) for info in episode.paragraph_info] == [
        "00:01–00:03.2", "00:03.5–00:05", "01:02.04–01:04", "01:05–01:06"]


def test_bilingual_ass_keeps_the_chinese_events_with_the_english_as_translation(tmp_path):
    [episode] = import_file(_write(tmp_path / "红烧肉.ass", COOKING_ASS)).articles
    assert episode.paragraphs == ["今天我们做红烧肉。", "再放一勺盐， 小火慢炖十分钟。", "出锅！"]
    assert episode.paragraph_info == [
        {"start": 2000, "end": 4000, "translation": "Today we're making braised pork."},
        {"start": 12500, "end": 15000, "translation": "Add a spoon of salt, and simmer for ten minutes."},
        {"start": 3723250, "end": 3725000},
    ]
    assert cue_time(episode.paragraph_info[2]) == "1:02:03.25–1:02:05"


def test_ssa_reads_like_ass(tmp_path):
    ssa = COOKING_ASS.replace("ScriptType: v4.00+", "ScriptType: v4.00").replace("[V4+ Styles]", "[V4 Styles]")
    [episode] = import_file(_write(tmp_path / "cooking.ssa", ssa)).articles
    assert episode.paragraphs[0] == "今天我们做红烧肉。"


def test_vtt_in_traditional_drops_notes_voice_and_class_tags(tmp_path):
    [lesson] = import_file(_write(tmp_path / "lesson.vtt", CLASS_VTT)).articles
    assert lesson.paragraphs == ["同學們好，今天學習「再見」的用法。", "請打開課本第三頁。"]
    assert lesson.paragraph_info == [{"start": 500, "end": 2000}, {"start": 2500, "end": 4000}]


def test_gbk_srt_is_decoded(tmp_path):
    document = import_file(_write(tmp_path / "old.srt", DRAMA_SRT, "gb18030"))
    assert document.encoding == "gb18030"
    assert document.articles[0].paragraphs[1] == "嗯，路上堵车。"


@pytest.mark.parametrize("name, content, message", [
    ("broken.srt", "1\n00:00:05,000 --> 00:00:01,000\n倒过来的时间\n\n", "cue 1 has broken timing"),
    ("empty.srt", "", "the file is empty"),
    ("noise.srt", "\x00\x01\x02 this is not a subtitle file at all", ""),
    ("noise.ass", "[Events]\nFormat: Start, End\nDialogue: garbage\n", ""),
    ("noise.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n", "no cues with text"),
])
def test_bad_subtitles_are_one_line(tmp_path, name, content, message):
    path = _write(tmp_path / name, content)
    with pytest.raises(UserError) as caught:
        import_file(path)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_import_of_a_bad_subtitle_stores_nothing(run_cli, tmp_path, _isolated_data_dir):
    path = _write(tmp_path / "broken.srt", "1\n00:00:05,000 --> 00:00:01,000\n倒过来\n\n")
    status, out, err = run_cli("import", path)
    assert (status, out) == (2, "")
    assert err == f"yuedu: {path}: cue 1 has broken timing (it ends at 00:01, before it starts at 00:05)\n"
    assert not (_isolated_data_dir / "library.sqlite3").exists() or Library.open(_isolated_data_dir).counts() == (0, 0)


def test_subtitles_in_the_library_keep_times_through_reimport_split_and_merge(tmp_path, _isolated_data_dir):
    path = _write(tmp_path / "第01集.srt", DRAMA_SRT)
    library = Library.open(_isolated_data_dir)
    first = library.import_file(path)
    [record] = first.articles
    library.set_position(record.id, 2)
    again = library.import_file(path)
    assert again.existing and again.id == first.id and library.counts() == (1, 1)
    assert again.articles[0].position == 2
    assert again.articles[0].article.paragraph_info == first.articles[0].article.paragraph_info
    head, tail = library.split_article(record.id, 2, title="后半")
    assert head.article.paragraph_info == first.articles[0].article.paragraph_info[:2]
    assert tail.article.paragraphs == ["- 吃饭了吗？ - 还没呢。", "♪ ♪"]
    assert tail.article.paragraph_info == first.articles[0].article.paragraph_info[2:]
    merged = library.merge_with_next(head.id)
    assert merged.article.paragraph_info == first.articles[0].article.paragraph_info


def test_import_json_carries_the_cue_times(run_cli, tmp_path):
    status, out, _ = run_cli("import", _write(tmp_path / "lesson.vtt", CLASS_VTT), "--json")
    assert status == 0
    assert json.loads(out)["articles"][0]["paragraph_info"] == [{"start": 500, "end": 2000}, {"start": 2500, "end": 4000}]
