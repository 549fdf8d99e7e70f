"""Playing synthesised speech without blocking the window, and saying which word is being spoken as it goes."""

from __future__ import annotations

import os
import sys
import tempfile

from PySide6.QtCore import QElapsedTimer, QObject, QProcess, QTimer, Signal

from reader.core.speech import NO_PLAYER, Speech, player_command

TICK_MS = 25


class AudioOutput(QObject):
    """Plays one WAV file at a time; ``ended`` when it has played (or failed: ``failed`` says why first)."""

    ended = Signal()
    failed = Signal(str)

    def problem(self) -> str | None:
        """Why this output cannot play here (None when it can)."""
        return None

    def start(self, path: str) -> None:
        """Start playing the file at ``path``."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop at once (no ``ended``)."""


class ProcessOutput(AudioOutput):
    """A player command (pw-play, paplay, aplay, afplay) run as a child process."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._process: QProcess | None = None

    def problem(self) -> str | None:
        """Why sound cannot be played here (None when a player command is there)."""
        return None if sys.platform == "win32" or player_command("x.wav") else NO_PLAYER

    def start(self, path: str) -> None:
        self.stop()
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(path, winsound.SND_FILENAME | winsound.SND_ASYNC)
            return  # the clock ends the utterance
        command = player_command(path)
        if command is None:
            self.failed.emit(NO_PLAYER)
            return
        process = QProcess(self)
        process.finished.connect(lambda code, _status, p=process: self._finished(p, code))
        process.errorOccurred.connect(lambda _error, p=process: self._finished(p, -1))
        self._process = process
        process.start(command[0], command[1:])

    def _finished(self, process: QProcess, code: int) -> None:
        if process is not self._process:
            return
        self._process = None
        if code != 0:
            error = bytes(process.readAllStandardError()).decode(errors="replace").strip().splitlines()[-1:]
            self.failed.emit(f"the sound could not be played ({error[0][:200] if error else f'exit {code}'})")
        self.ended.emit()

    def stop(self) -> None:
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(None, 0)
        process, self._process = self._process, None
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.kill()
            process.waitForFinished(1000)


class SilentOutput(AudioOutput):
    """Plays nothing: the clock alone runs the words (tests, and machines without sound)."""

    def start(self, path: str) -> None:
        pass


class SpeechPlayer(QObject):
    """Plays a Speech and reports each word as the audio reaches it; never blocks the UI thread."""

    word_started = Signal(int, int)  # text start, end of the word now spoken
    finished = Signal()  # played to the end
    failed = Signal(str)

    def __init__(self, output: AudioOutput | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.output = output or ProcessOutput(self)
        self.output.failed.connect(self._output_failed)
        self._speech: Speech | None = None
        self._next_mark = 0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._file: str | None = None
        self.spoken_at: int | None = None  # text start of the word spoken last

    def set_output(self, output: AudioOutput) -> None:
        """Play through ``output`` from now on (tests use a SilentOutput)."""
        self.stop()
        self.output = output
        output.failed.connect(self._output_failed)

    @property
    def speech(self) -> Speech | None:
        """What is playing now."""
        return self._speech

    @property
    def playing(self) -> bool:
        """Whether speech is playing now."""
        return self._speech is not None

    def play(self, speech: Speech) -> None:
        """Start playing ``speech`` from its beginning (stopping whatever was playing)."""
        self.stop()
        handle, self._file = tempfile.mkstemp(prefix="yuedu-speech-", suffix=".wav")
        with os.fdopen(handle, "wb") as stream:
            stream.write(speech.wav_bytes())
        self._speech = speech
        self._next_mark = 0
        self.spoken_at = None
        self._clock.start()
        self._timer.start()
        self.output.start(self._file)
        self._tick()

    def stop(self) -> None:
        """Stop at once, without ``finished``."""
        self._timer.stop()
        self.output.stop()
        self._speech = None
        self._remove_file()

    def elapsed_ms(self) -> int:
        """How far into the audio the player is."""
        return self._clock.elapsed() if self._speech is not None else 0

    def _tick(self) -> None:
        speech = self._speech
        if speech is None:
            return
        elapsed = self._clock.elapsed()
        marks = speech.marks
        while self._next_mark < len(marks) and marks[self._next_mark].at_ms <= elapsed:
            mark = marks[self._next_mark]
            self._next_mark += 1
            self.spoken_at = mark.start
            self.word_started.emit(mark.start, mark.end)
        if elapsed >= speech.duration_ms:
            self._timer.stop()  # the player process may take a moment more: it is left to end by itself
            self._speech = None
            self._remove_file()
            self.finished.emit()

    def _output_failed(self, reason: str) -> None:
        self.stop()
        self.failed.emit(reason)

    def _remove_file(self) -> None:
        if self._file is not None:
            try:
                os.unlink(self._file)
            except OSError:
                pass
            self._file = None
