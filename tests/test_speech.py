"""Speech: espeak-ng's Mandarin voice reading Yuedu's own readings, word times, the `say` command and the window."""

import array
import json
import os
import sys
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from reader.core import speech
from reader.core.speech import NO_VOICE, script_for, speak_tokens, syllables_for_speech
from tests.conftest import SAMPLE

SENTENCE = "我们去银行取钱，然后在公园里行走。"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        (SENTENCE, "wo3 men qu4 yin2 hang2 qu3 qian2, ran2 hou4 zai4 gong1 yuan2 li3 xing2 zou3."),
        ("她女儿2025年考上了大学。", "ta1 nv3 er2 er4 ling2 er4 wu3 nian2 kao3 shang4 le da4 xue2."),  # ü, digits
        ("Hello，DeepSeek推出了新模型！", "tui1 chu1 le xin1 mo2 xing2!"),  # Latin left out: the voice reads pinyin
    ],
)
def test_the_voice_is_given_the_readings_in_context(annotator, text, script):
    assert script_for(annotator.annotate(text)).text == script


def test_neutral_tone_and_unknown_syllables_are_spoken_as_the_voice_reads_pinyin():
    assert syllables_for_speech("nu:3 er5 xx5 Lin2") == ["nv3", "er", "lin2"]


def test_a_word_and_a_sentence_give_audio_of_plausible_length(annotator):
    word = speak_tokens(annotator.annotate("银行"))
    sentence = speak_tokens(annotator.annotate(SENTENCE))
    assert 400 <= word.duration_ms <= 2500  # two syllables
    assert 3000 <= sentence.duration_ms <= 9000  # fifteen syllables and a pause at 150 a minute
    samples = [int.from_bytes(sentence.samples[i:i + 2], "little", signed=True) for i in range(0, 20000, 2)]
    assert max(abs(s) for s in samples) > 1000  # sound, not silence


def test_each_word_is_marked_where_the_audio_reaches_it(annotator):
    tokens = annotator.annotate(SENTENCE)
    spoken = speak_tokens(tokens)
    words = [SENTENCE[m.start:m.end] for m in spoken.marks]
    assert words == [t.text for t in tokens if t.is_chinese]
    times = [m.at_ms for m in spoken.marks]
    assert times[0] == 0 and times == sorted(times) and len(set(times)) == len(times)
    assert times[-1] < spoken.duration_ms
    assert spoken.mark_at(times[3] + 1).start == spoken.marks[3].start and spoken.mark_at(-1) is None


def test_slower_speech_takes_longer(annotator):
    tokens = annotator.annotate(SENTENCE)
    assert speak_tokens(tokens, rate=100).duration_ms > 1.3 * speak_tokens(tokens, rate=190).duration_ms


def test_say_writes_a_wav_file_with_the_word_times(run_cli, tmp_path):
    out = tmp_path / "sentence.wav"
    status, stdout, err = run_cli("say", "他在银行工作。", "--out", out, "--json")
    assert status == 0, err
    listing = json.loads(stdout)
    assert [w["text"] for w in listing["words"]] == ["他", "在", "银行", "工作"]
    assert [w["start"] for w in listing["words"]] == [0, 1, 2, 4]
    with wave.open(str(out)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        assert abs(1000 * wav.getnframes() / 22050 - listing["duration_ms"]) <= 1


def test_say_reads_a_file(run_cli, tmp_path):
    text = tmp_path / "dialogue.txt"
    text.write_text("“你吃饭了吗？”\n“吃了。”\n", encoding="utf-8")
    out = tmp_path / "dialogue.wav"
    status, _, err = run_cli("say", text, "--out", out)
    assert status == 0 and err.startswith("wrote ") and err.endswith(f" s of speech to {out}\n")
    assert out.read_bytes()[:4] == b"RIFF"


@pytest.mark.parametrize(("args", "message"), [
    (["hello"], "nothing to say: 'hello' holds no Chinese"),
    (["你好", "--rate", "10"], "--rate 10: give 80 to 400 syllables per minute"),
    (["你好", "--json"], "--json lists the word times of a file written with --out"),
])
def test_say_bad_input_is_one_line(run_cli, args, message):
    assert run_cli("say", *args) == (2, "", f"yuedu: {message}\n")


@pytest.fixture
def no_voice(monkeypatch):
    def missing(cls):
        raise speech.SpeechError(NO_VOICE)

    monkeypatch.setattr(speech, "_ENGINE", None)
    monkeypatch.setattr(speech, "_ENGINE_PROBLEM", None)
    monkeypatch.setattr(speech.EspeakEngine, "_load", classmethod(missing))


def test_without_a_voice_say_tells_what_to_install(run_cli, tmp_path, no_voice):
    status, out, err = run_cli("say", "你好", "--out", tmp_path / "x.wav")
    assert (status, out) == (2, "") and err == f"yuedu: {NO_VOICE}\n"
    assert not (tmp_path / "x.wav").exists()


# ------------------------------------------------------------------------------------------- the window


@pytest.fixture
def window(qtbot, _isolated_data_dir, annotator):
    from reader.ui.speech_player import SilentOutput
    from tests.test_main_window import make_window, open_and_wait

    opened = open_and_wait(qtbot, make_window(qtbot, _isolated_data_dir, interactive=False), SAMPLE)
    opened.speech.player.set_output(SilentOutput())
    return opened


def test_p_says_the_word_under_the_cursor_and_highlights_it(qtbot, window):
    token = window.view.select_first("创新")
    window.view.setFocus()
    window.speech.word_action.trigger()
    qtbot.waitUntil(lambda: window.speech.player.playing, timeout=10_000)
    assert window.view.selected_text() == "创新"
    assert window.speech.stop_action.isEnabled()
    qtbot.waitUntil(lambda: not window.speech.player.playing, timeout=10_000)
    assert window.view.selected_text() == "" and not window.speech.stop_action.isEnabled()
    assert token.text == "创新"


def test_reading_aloud_highlights_the_words_in_order_and_never_blocks_the_window(qtbot, window):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    spoken = []
    window.speech.player.word_started.connect(lambda start, end: spoken.append(window.view.selected_text()))
    window.view.select_first("科技")
    window.speech.read_action.trigger()
    qtbot.waitUntil(lambda: len(spoken) >= 6, timeout=20_000)
    timer.stop()
    block, number = window.view.cursor_position()
    assert spoken[:6] == [t.text for t in window.view.blocks()[block].tokens[number:] if t.is_chinese][:6]
    assert len(ticks) >= 50  # the UI thread ran a 10 ms timer all along
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.speech.player.playing and window.view.selected_text() == ""


def test_pause_remembers_the_word_and_resume_goes_on_from_it(qtbot, window):
    window.view.select_first("科技")
    window.speech.sentence_action.trigger()
    qtbot.waitUntil(lambda: window.speech.player.playing and bool(window.speech.player.spoken_at), timeout=10_000)
    qtbot.wait(600)
    window.speech.toggle_pause()
    paused_at = window.speech._paused_at
    assert not window.speech.player.playing and window.speech.pause_action.text() == "&Resume"
    window.speech.toggle_pause()
    qtbot.waitUntil(lambda: window.speech.player.playing, timeout=10_000)
    assert window.speech.player.speech.marks[0].start == paused_at[1]


def test_without_a_voice_the_commands_are_disabled_with_the_reason(qtbot, window, no_voice):
    window.speech.check_voice()
    qtbot.waitUntil(lambda: window.speech.problem == NO_VOICE, timeout=10_000)
    for action in window.speech.speaking_actions:
        assert not action.isEnabled() and action.toolTip() == NO_VOICE
    assert window.speech.reason_action.text() == NO_VOICE and window.speech.reason_action.isVisible()
    window.panel.show_word("银行", None)
    assert not window.panel.say_button.isEnabled() and window.panel.say_button.toolTip() == NO_VOICE


def test_the_panel_says_its_word(qtbot, window):
    window.panel.show_word("银行", None)
    spoken = []
    window.speech.player.word_started.connect(lambda start, end: spoken.append((start, end)))
    window.panel.say_button.click()
    qtbot.waitUntil(lambda: bool(spoken), timeout=10_000)
    assert window.speech.player.speech.marks[0].start == 0 and window.speech.player.speech.marks[0].end == 2


def test_say_without_a_player_or_with_a_failing_one_is_one_line(run_cli, monkeypatch):
    monkeypatch.setattr(speech, "player_command", lambda path: None)
    status, out, err = run_cli("say", "你好")
    assert (status, out) == (2, "") and err == f"yuedu: {speech.NO_PLAYER}; or write a file with --out\n"
    failing = [sys.executable, "-c", "import sys; sys.stderr.write('audio open error: no card'); sys.exit(1)"]
    monkeypatch.setattr(speech, "player_command", lambda path: [*failing, path])
    status, out, err = run_cli("say", "你好")
    assert (status, out) == (2, "")
    player = os.path.basename(sys.executable)
    assert err == f"yuedu: {player} could not play the sound (audio open error: no card); write a file with --out instead\n"


# ------------------------------------------------------------------------------------------- Anki


def test_export_with_sound_puts_each_words_recording_in_anki(run_cli, tmp_path):
    from tests.anki_collection import AnkiCollection

    assert run_cli("vocab", "add", "银行", "--context", "我去银行取钱。")[0] == 0
    assert run_cli("vocab", "add", "散步", "--context", "我们去公园散步。")[0] == 0
    package = tmp_path / "words.apkg"
    status, out, err = run_cli("export", "apkg", package, "--sound")
    assert status == 0, err
    collection = AnkiCollection(tmp_path / "anki")
    try:
        collection.import_package(package)
        notes = collection.notes()
        media = Path(collection.col.media.dir())
        for word in ("银行", "散步"):
            sound = notes[word].fields["Sound"]
            name = sound.removeprefix("[sound:").removesuffix("]")
            assert sound == f"[sound:{name}]" and name.startswith("yuedu-") and name.endswith(".wav")
            with wave.open(str(media / name)) as wav:
                assert 400 <= 1000 * wav.getnframes() / wav.getframerate() <= 2500  # two syllables
        collection.check()
    finally:
        collection.close()


def test_the_text_file_refuses_sound_in_one_line(run_cli, tmp_path):
    run_cli("vocab", "add", "银行")
    status, out, err = run_cli("export", "tsv", tmp_path / "words.txt", "--sound")
    assert (status, out) == (2, "")
    assert err == "yuedu: an Anki text file cannot carry sound files: export an .apkg, or straight to Anki, with sound\n"
    assert not (tmp_path / "words.txt").exists()


def test_export_without_sound_leaves_the_field_empty(run_cli, tmp_path):
    import zipfile

    run_cli("vocab", "add", "银行")
    package = tmp_path / "plain.apkg"
    assert run_cli("export", "apkg", package)[0] == 0
    with zipfile.ZipFile(package) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"] and archive.read("media") == b"{}"


def test_the_learner_picks_the_voice_and_it_is_remembered(qtbot, window, monkeypatch):
    real_speak = speech.speak_tokens
    window.speech.check_voice()
    qtbot.waitUntil(lambda: window.speech.problem is None, timeout=10_000)
    choices = {action.text(): action for action in window.speech.voice_actions.actions()}
    assert list(choices) == ["Mandarin, lower voice (espeak-ng)", "Mandarin, higher voice (espeak-ng)"]
    assert choices["Mandarin, lower voice (espeak-ng)"].isChecked() and window.speech.voice_menu.isEnabled()
    choices["Mandarin, higher voice (espeak-ng)"].trigger()
    assert window.settings.speech_voice == "cmn-latn-pinyin+f3"
    from reader.ui.settings import Settings

    assert Settings.load(window.session.data_dir).speech_voice == "cmn-latn-pinyin+f3"
    asked = []
    monkeypatch.setattr(speech, "speak_tokens", lambda tokens, rate, voice=None: asked.append((rate, voice)) or
                        real_speak(tokens, rate, voice))
    window.view.select_first("创新")
    window.speech.word_action.trigger()
    qtbot.waitUntil(lambda: window.speech.player.playing, timeout=10_000)
    assert asked == [(150, "cmn-latn-pinyin+f3")]


def zero_crossings(spoken) -> float:
    samples = array.array("h", spoken.samples)
    return sum(1 for a, b in zip(samples, samples[1:]) if (a < 0) != (b < 0)) / len(samples)


def test_the_higher_voice_is_higher(annotator):
    tokens = annotator.annotate(SENTENCE)
    lower, higher = speak_tokens(tokens), speak_tokens(tokens, voice="cmn-latn-pinyin+f3")
    assert zero_crossings(higher) > 1.2 * zero_crossings(lower)  # measured: 0.138 against 0.0995
