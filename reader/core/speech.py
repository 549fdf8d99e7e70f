"""Speech: words and sentences spoken offline, in the readings Yuedu chose for them, with the time each word starts.

On Linux the voice is espeak-ng's Mandarin, driven through pyttsx3's binding of libespeak-ng. It is given the
pinyin of each word *in this sentence* (its "Latin as pinyin" voice), not the hanzi: espeak-ng's own hanzi reader
mispronounces polyphones (还 in 他还了我的书) and, in the 1.51 release Debian ships, reads the tone numbers it
produces aloud in English. The engine reports where each word starts in the audio, so the reader can highlight
words as they are spoken. Elsewhere (Windows SAPI5, macOS) the platform's own Mandarin voice speaks the hanzi
through pyttsx3, and word times are estimated from the syllables.
"""

from __future__ import annotations

import ctypes
import io
import sys
import threading
import wave
from dataclasses import dataclass
from typing import Sequence

from reader.core.errors import UserError

DEFAULT_RATE = 150  # words (syllables, for Mandarin) per minute: espeak-ng's 175 is brisk for a learner
MIN_RATE, MAX_RATE = 80, 400
NO_VOICE = ("no Mandarin voice installed: install espeak-ng (Debian/Ubuntu: sudo apt install espeak-ng; Fedora: "
            "sudo dnf install espeak-ng; Windows: add the Chinese (Simplified) speech pack; macOS: add the Tingting voice)")
_DIGITS = dict(zip("0123456789０１２３４５６７８９", ["ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3"] * 2))
_PAUSES = {"，": ",", "、": ",", "；": ";", "：": ":", "。": ".", "！": "!", "？": "?", "…": ".", "\n": ".",
           ",": ",", ";": ";", ":": ":", ".": ".", "!": "!", "?": "?"}


class SpeechError(UserError):
    """No voice, or the engine failed: one line for the user."""


@dataclass(frozen=True, slots=True)
class WordMark:
    """A word of the spoken text (``start:end`` code points) and the millisecond of the audio where it starts."""

    start: int
    end: int
    at_ms: int


@dataclass(frozen=True)
class Speech:
    """Synthesised audio (16-bit mono PCM) and the words' start times."""

    samples: bytes
    sample_rate: int
    marks: tuple[WordMark, ...]

    @property
    def duration_ms(self) -> int:
        """Length of the audio in milliseconds."""
        return round(1000 * len(self.samples) / 2 / self.sample_rate) if self.sample_rate else 0

    def wav_bytes(self) -> bytes:
        """The audio as a WAV file."""
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self.sample_rate)
            wav.writeframes(self.samples)
        return buffer.getvalue()

    def mark_at(self, elapsed_ms: int) -> WordMark | None:
        """The word being spoken ``elapsed_ms`` into the audio (None before the first)."""
        current = None
        for mark in self.marks:
            if mark.at_ms > elapsed_ms:
                break
            current = mark
        return current


@dataclass(frozen=True)
class Script:
    """What the engine is given for a text: pinyin for the hanzi words, pauses for punctuation; and, for each
    spoken word, where it stands in the script and in the text."""

    text: str
    words: tuple[tuple[int, int, int, int], ...]  # (script start, script end, text start, text end)

    def text_span(self, script_position: int) -> tuple[int, int] | None:
        """The text span of the word at ``script_position`` in the script (0-based)."""
        for script_start, script_end, text_start, text_end in self.words:
            if script_start <= script_position < script_end:
                return text_start, text_end
        return None


def syllables_for_speech(numbered: str) -> list[str]:
    """CC-CEDICT syllables as the pinyin voice reads them: tone 5 without its digit, ü as v, no unknown marks."""
    spoken = []
    for syllable in numbered.split():
        syllable = syllable.lower().replace("u:", "v").replace("ü", "v")
        if syllable.startswith("xx") or not syllable[:1].isalpha():
            continue
        spoken.append(syllable[:-1] if syllable.endswith("5") else syllable)
    return spoken


def script_for(tokens: Sequence) -> Script:
    """The pinyin script for annotated tokens: each hanzi word in the reading it has here, digits in Mandarin,
    punctuation as pauses; Latin words and symbols are left out (the voice would read them as pinyin)."""
    parts: list[str] = []
    words: list[tuple[int, int, int, int]] = []
    length = 0
    for token in tokens:
        if token.is_chinese:
            spoken = " ".join(syllables_for_speech(_with_digits(token)))
        else:
            spoken = " ".join(_DIGITS[ch] for ch in token.text if ch in _DIGITS)
            pause = next((_PAUSES[ch] for ch in token.text if ch in _PAUSES), "")
            if pause and not spoken:
                if parts and parts[-1] not in ",;:.!?":
                    parts.append(pause)
                    length += len(pause)
                continue
        if not spoken:
            continue
        if parts:
            parts.append(" ")
            length += 1
        words.append((length, length + len(spoken), token.start, token.end))
        parts.append(spoken)
        length += len(spoken)
    return Script("".join(parts), tuple(words))


def _with_digits(token) -> str:
    """A Chinese token's syllables with its digits spoken (2025年 → er4 ling2 er4 wu3 nian2)."""
    if not any(ch in _DIGITS for ch in token.text):
        return token.numbered
    syllables = iter(token.numbered.split())
    spoken = []
    for ch in token.text:
        if ch in _DIGITS:
            spoken.append(_DIGITS[ch])
        elif "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            spoken.append(next(syllables, ""))
    return " ".join(s for s in spoken if s)


# --------------------------------------------------------------------------------------------- engines


@dataclass(frozen=True)
class Voice:
    """A voice the engine offers."""

    id: str
    name: str


class EspeakEngine:
    """espeak-ng's Mandarin voice reading pinyin, through pyttsx3's ctypes binding of libespeak-ng."""

    name = "espeak-ng"
    VOICES = (Voice("cmn-latn-pinyin", "Mandarin, lower voice (espeak-ng)"),
              Voice("cmn-latn-pinyin+f3", "Mandarin, higher voice (espeak-ng)"))
    _lock = threading.Lock()  # libespeak-ng is one synthesiser per process
    _binding = None
    _sample_rate = 0

    @classmethod
    def problem(cls) -> str | None:
        """Why this engine cannot speak here (None when it can)."""
        try:
            cls._load()
        except SpeechError as error:
            return str(error)
        return None

    @classmethod
    def _load(cls):
        if cls._binding is None:
            with cls._lock:
                if cls._binding is None:
                    try:
                        from pyttsx3.drivers import _espeak
                    except Exception:  # pyttsx3 raises RuntimeError when libespeak-ng is missing; OSError on a broken one
                        raise SpeechError(NO_VOICE) from None
                    rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 500, None, 0)
                    if rate <= 0 or _espeak.SetVoiceByName(b"cmn-latn-pinyin") != _espeak.EE_OK:
                        raise SpeechError(NO_VOICE)
                    cls._sample_rate = rate
                    cls._binding = _espeak
        return cls._binding

    def voices(self) -> tuple[Voice, ...]:
        """The Mandarin voices this engine has."""
        return self.VOICES

    def synthesize(self, script: Script, rate: int = DEFAULT_RATE, voice: str | None = None) -> Speech:
        """Speak ``script`` into memory; marks are in text positions (via the script's words)."""
        espeak = self._load()
        if not script.text:
            return Speech(b"", self._sample_rate, ())
        audio = bytearray()
        starts: list[tuple[int, int]] = []  # (script position, audio ms)

        def collect(wav, count, events):
            index = 0
            while events[index].type != espeak.EVENT_LIST_TERMINATED:
                event = events[index]
                if event.type == espeak.EVENT_WORD:
                    starts.append((event.text_position - 1, event.audio_position))
                index += 1
            if count > 0:
                audio.extend(ctypes.string_at(wav, count * 2))
            return 0

        with self._lock:
            espeak.SetSynthCallback(collect)
            chosen = voice if voice in {v.id for v in self.VOICES} else self.VOICES[0].id
            espeak.SetVoiceByName(chosen.encode("ascii"))
            espeak.SetParameter(espeak.RATE, max(MIN_RATE, min(MAX_RATE, int(rate))), 0)
            espeak.Synth(script.text.encode("utf-8"), flags=espeak.ENDPAUSE | espeak.CHARS_UTF8)
            espeak.Synchronize()
        return Speech(bytes(audio), self._sample_rate, _marks_from(script, starts))


def _marks_from(script: Script, starts: list[tuple[int, int]]) -> tuple[WordMark, ...]:
    """One mark per text word, at the first syllable of it the engine reported."""
    marks: list[WordMark] = []
    for position, at_ms in starts:
        span = script.text_span(position)
        if span is not None and (not marks or (marks[-1].start, marks[-1].end) != span):
            marks.append(WordMark(span[0], span[1], at_ms))
    return tuple(marks)


class PlatformEngine:
    """The platform's own Mandarin voice through pyttsx3 (SAPI5 on Windows, NSSpeechSynthesizer on macOS)."""

    name = "pyttsx3"

    def __init__(self):
        import pyttsx3

        self._engine = pyttsx3.init()
        self._voices = tuple(
            Voice(v.id, v.name) for v in self._engine.getProperty("voices")
            if any("zh" in str(lang).lower() for lang in (v.languages or ())) or "chinese" in str(v.name).lower()
        )
        if not self._voices:
            raise SpeechError(NO_VOICE)

    def voices(self) -> tuple[Voice, ...]:
        """The Mandarin voices the platform has."""
        return self._voices

    def synthesize(self, script: Script, rate: int = DEFAULT_RATE, tokens: Sequence = (), voice: str | None = None) -> Speech:
        """Speak the hanzi text to a temporary WAV file; word times are spread over the audio by syllables."""
        import os
        import tempfile

        text = "".join(t.text for t in tokens)
        handle, path = tempfile.mkstemp(suffix=".wav")
        os.close(handle)
        try:
            self._engine.setProperty("voice", voice or self._voices[0].id)
            self._engine.setProperty("rate", rate)
            self._engine.save_to_file(text, path)
            self._engine.runAndWait()
            with wave.open(path, "rb") as wav:
                samples, sample_rate = wav.readframes(wav.getnframes()), wav.getframerate()
        finally:
            os.unlink(path)
        duration = round(1000 * len(samples) / 2 / sample_rate) if sample_rate else 0
        total = max(1, sum(e - s for s, e, _ts, _te in script.words))
        marks, elapsed = [], 0
        for script_start, script_end, text_start, text_end in script.words:
            marks.append(WordMark(text_start, text_end, round(duration * elapsed / total)))
            elapsed += script_end - script_start
        return Speech(samples, sample_rate, tuple(marks))


_ENGINE = None
_ENGINE_PROBLEM: str | None = None


def engine():
    """The engine that speaks on this machine; SpeechError (one line, saying what to install) when none can."""
    global _ENGINE, _ENGINE_PROBLEM
    if _ENGINE is None and _ENGINE_PROBLEM is None:
        problem = EspeakEngine.problem()
        if problem is None:
            _ENGINE = EspeakEngine()
        elif sys.platform in ("win32", "darwin"):
            try:
                _ENGINE = PlatformEngine()
            except SpeechError as error:
                _ENGINE_PROBLEM = str(error)
            except Exception as error:  # a platform driver that fails to start: say so, do not crash
                _ENGINE_PROBLEM = f"{NO_VOICE} ({error})"
        else:
            _ENGINE_PROBLEM = problem
    if _ENGINE is None:
        raise SpeechError(_ENGINE_PROBLEM or NO_VOICE)
    return _ENGINE


def speak_tokens(tokens: Sequence, rate: int = DEFAULT_RATE, voice: str | None = None) -> Speech:
    """Annotated tokens spoken in the readings they carry (by ``voice``, an id of ``voices()``; None: the first);
    marks are offsets into the tokens' text."""
    chosen = engine()
    script = script_for(tokens)
    if isinstance(chosen, PlatformEngine):
        return chosen.synthesize(script, rate, tokens, voice)
    return chosen.synthesize(script, rate, voice)


def speak_word(annotator, word: str, numbered: str = "", rate: int = DEFAULT_RATE, voice: str | None = None) -> Speech:
    """One word spoken in the reading ``numbered`` (its usual reading when "")."""
    from reader.core.annotate import Token

    reading = annotator.reading_as(word, numbered) if numbered else annotator.reading_of(word)
    return speak_tokens([Token(word, 0, len(word), reading)], rate, voice)


def voices() -> tuple[Voice, ...]:
    """The Mandarin voices there are (SpeechError when none)."""
    return engine().voices()


# --------------------------------------------------------------------------------------------- playing

# Commands that play a WAV file and exit, most capable first (PipeWire, PulseAudio, ALSA, macOS).
PLAYERS = (("pw-play", []), ("paplay", []), ("aplay", ["-q"]), ("afplay", []))
NO_PLAYER = "no audio player found: install pulseaudio-utils, pipewire-bin or alsa-utils"


def player_command(path: str) -> list[str] | None:
    """The command that plays the WAV file at ``path`` on this machine, or None (Windows plays through winsound)."""
    import shutil

    for name, options in PLAYERS:
        found = shutil.which(name)
        if found:
            return [found, *options, path]
    return None


def play_blocking(speech: Speech) -> None:
    """Play ``speech`` to the end (for the command line); SpeechError when nothing here can play sound."""
    import os
    import subprocess
    import tempfile

    handle, path = tempfile.mkstemp(suffix=".wav")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(speech.wav_bytes())
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(path, winsound.SND_FILENAME)
            return
        command = player_command(path)
        if command is None:
            raise SpeechError(f"{NO_PLAYER}; or write a file with --out")
        result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if result.returncode != 0:
            reason = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or [f"exit {result.returncode}"]
            raise SpeechError(f"{os.path.basename(command[0])} could not play the sound ({reason[0][:200]}); "
                              "write a file with --out instead")
    finally:
        os.unlink(path)
