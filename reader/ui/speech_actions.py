"""The window's Speech menu: say the word, the sentence, or the article from the cursor on, words highlighted as
they are spoken; pause, stop, speed. Disabled, with the reason, where no Mandarin voice is installed."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from reader.ui import operations
from reader.ui.speech_player import AudioOutput, SpeechPlayer

RATES = (("&Slow", 110), ("&Normal", 150), ("&Fast", 190))
CHECKING = "Looking for a Mandarin voice…"


class SpeechActions(QObject):
    """Speech for one window: actions, a menu, and the player; the speech engine loads on first use, off the UI thread.

    ``window`` gives the view (word cursor, blocks, highlighting), the settings, ``status_label`` and ``report_error``.
    """

    def __init__(self, window, output: AudioOutput | None = None):
        super().__init__(window)
        self.window = window
        self.player = SpeechPlayer(output, self)
        self.player.word_started.connect(self._word_started)
        self.player.finished.connect(self._utterance_finished)
        self.player.failed.connect(self._failed)
        self.problem: str | None = CHECKING
        self._checked = False
        self._queue: list[int] = []  # blocks still to read, for "read from here"
        self._block: int | None = None  # the block being spoken
        self._offset = 0  # where in that block the spoken text starts
        self._paused_at: tuple[int, int] | None = None  # (block, offset) to resume from
        self._paused_end: int | None = None  # where a paused word or sentence ends (None: the block's end)
        self._continuous = False
        self._synthesis = None

        def action(text, slot, shortcut=None, checkable=False):
            made = QAction(text, window)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
            made.setCheckable(checkable)
            made.triggered.connect(slot)
            window.addAction(made)
            return made

        self.word_action = action("Say the &Word", self.say_word, "P")
        self.sentence_action = action("Say the &Sentence", self.say_sentence, "Shift+P")
        self.read_action = action("&Read Aloud from Here", self.read_from_cursor, "Ctrl+Shift+P")
        self.pause_action = action("&Pause", self.toggle_pause, "Ctrl+Shift+Space")
        self.stop_action = action("S&top", self.stop, "Escape")
        self.rate_actions = QActionGroup(self)
        for label, rate in RATES:
            made = action(f"{label} ({rate} syllables a minute)", lambda checked=False, r=rate: self.set_rate(r),
                          checkable=True)
            made.setData(rate)
            self.rate_actions.addAction(made)
        self.voice_actions = QActionGroup(self)
        self.voice_menu: QMenu | None = None
        self.reason_action = QAction(CHECKING, window)
        self.reason_action.setEnabled(False)
        self._update()

    @property
    def speaking_actions(self) -> tuple[QAction, ...]:
        """The actions that need a voice."""
        return self.word_action, self.sentence_action, self.read_action

    def fill_menu(self, menu: QMenu) -> None:
        """Put the speech actions into ``menu``; it checks for a voice the first time it opens."""
        menu.addActions(list(self.speaking_actions))
        menu.addSeparator()
        menu.addAction(self.pause_action)
        menu.addAction(self.stop_action)
        menu.addSeparator()
        menu.addActions(self.rate_actions.actions())
        self.voice_menu = menu.addMenu("&Voice")
        self.voice_menu.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.reason_action)
        menu.aboutToShow.connect(self.check_voice)

    # -- availability ---------------------------------------------------------------------------

    def check_voice(self, on_done=None) -> None:
        """Find out, off the UI thread, whether a Mandarin voice and a way to play sound are there."""
        if self._checked:
            if on_done:
                on_done()
            return
        self._checked = True
        output_problem = self.player.output.problem

        def work(_report):
            from reader.core.speech import SpeechError, voices

            try:
                found = voices()
            except SpeechError as error:
                return str(error), ()
            return output_problem(), found

        def done(found):
            self.problem, voices = found
            self._fill_voices(voices)
            self._update()
            if on_done:
                on_done()

        operations.run_in_background(work, done, lambda error: done((str(error), ())))

    def _fill_voices(self, voices) -> None:
        """The engine's Mandarin voices as a choice in Speech › Voice (the setting's, or the first, checked)."""
        chosen = self.window.settings.speech_voice or (voices[0].id if voices else "")
        for voice in voices:
            made = QAction(voice.name, self.window)
            made.setCheckable(True)
            made.setData(voice.id)
            made.setChecked(voice.id == chosen)
            made.triggered.connect(lambda checked=False, v=voice.id: self.set_voice(v))
            self.voice_actions.addAction(made)
            if self.voice_menu is not None:
                self.voice_menu.addAction(made)
        if self.voice_menu is not None:
            self.voice_menu.setEnabled(bool(voices))

    def set_voice(self, voice: str) -> None:
        """Speak with ``voice`` (an engine voice id) from now on (saved with the settings)."""
        self.window.settings.speech_voice = voice
        self.window.settings.save()
        for made in self.voice_actions.actions():
            made.setChecked(made.data() == voice)

    def _update(self) -> None:
        available = self.problem in (None, CHECKING)  # not known yet: the first use looks
        for made in self.speaking_actions:
            made.setEnabled(available)
            made.setToolTip("" if available else self.problem)
            made.setStatusTip("" if available else self.problem)
        playing = self.player.playing or self._paused_at is not None
        self.pause_action.setEnabled(playing)
        self.pause_action.setText("&Resume" if self._paused_at is not None else "&Pause")
        self.stop_action.setEnabled(playing)
        rate = self.window.settings.speech_rate
        for made in self.rate_actions.actions():
            made.setChecked(made.data() == rate)
        self.reason_action.setText(self.problem or "")
        self.reason_action.setVisible(not available)
        self.window.panel.set_speech_problem(None if self.problem == CHECKING else self.problem)

    # -- what to say ---------------------------------------------------------------------------

    def _when_ready(self, then) -> None:
        if self.problem == CHECKING and not self._checked:
            self.check_voice(lambda: self._when_ready(then))
        elif self.problem is None:
            then()
        elif self.problem != CHECKING:
            self.window.status_label.setText(self.problem)

    def say_word(self) -> None:
        """Say the word under the cursor."""
        self._when_ready(lambda: self._say_span(*self._cursor_span(whole_sentence=False)))

    def say_sentence(self) -> None:
        """Say the sentence the cursor is in."""
        self._when_ready(lambda: self._say_span(*self._cursor_span(whole_sentence=True)))

    def read_from_cursor(self) -> None:
        """Read the article aloud from the word under the cursor (or the top of the screen) to its end."""

        def start():
            position = self.window.view.cursor_position()
            block, offset = (position[0], self._token_start(*position)) if position else (
                self.window.view.first_visible_block(), 0)
            self._read(block, offset)

        self._when_ready(start)

    def say_entry(self, word: str, numbered: str) -> None:
        """Say a word of the dictionary panel in the reading given (the dictionary's first when "")."""

        def start():
            annotator = self.window.session.annotator
            rate, voice = self.window.settings.speech_rate, self.window.settings.speech_voice or None
            self.stop()

            def work(_report):
                from reader.core.speech import speak_word

                return speak_word(annotator, word, numbered, rate, voice)

            def play(speech):
                self._synthesis = None
                self.player.play(speech)
                self._update()

            self._synthesis = operations.run_in_background(work, play, self._failed, serial="speech")

        self._when_ready(start)

    def _read(self, block: int, offset: int) -> None:
        blocks = self.window.view.blocks()
        self._queue = list(range(block + 1, len(blocks)))
        self._continuous = True
        self._say_block(block, offset, None)

    def _cursor_span(self, whole_sentence: bool) -> tuple[int | None, int, int | None]:
        position = self.window.view.cursor_position()
        if position is None:
            return None, 0, None
        block, number = position
        tokens = self.window.view.blocks()[block].tokens or []
        token = tokens[number]
        if not whole_sentence:
            return block, token.start, token.end
        from reader.core.vocabulary import sentence_span

        start, end = sentence_span(self.window.view.blocks()[block].text, token.start, token.end)
        return block, start, end

    def _token_start(self, block: int, number: int) -> int:
        tokens = self.window.view.blocks()[block].tokens or []
        return tokens[number].start if number < len(tokens) else 0

    def _say_span(self, block: int | None, start: int, end: int | None) -> None:
        if block is None:
            self.window.status_label.setText("Move to a word first (click it, or use the arrow keys)")
            return
        self._queue = []
        self._continuous = False
        self._say_block(block, start, end)

    def _say_block(self, block: int, start: int, end: int | None) -> None:
        """Synthesise ``start:end`` of a block off the UI thread, then play it."""
        tokens = self.window.view.blocks()[block].tokens
        if not tokens:
            self._next_block()
            return
        chosen = [t for t in tokens if t.start >= start and (end is None or t.end <= end)]
        rate, voice = self.window.settings.speech_rate, self.window.settings.speech_voice or None
        self._paused_at = None
        self.player.stop()
        if self._synthesis is not None:
            self._synthesis.cancel()

        def work(_report):
            from reader.core.speech import speak_tokens

            return speak_tokens(chosen, rate, voice)

        def play(speech):
            self._synthesis = None
            if not speech.marks:
                self._next_block()
                return
            self._block, self._offset = block, 0
            self.player.play(speech)
            self._update()

        self._synthesis = operations.run_in_background(work, play, self._failed, serial="speech")

    def _next_block(self) -> None:
        if self._continuous and self._queue:
            self._say_block(self._queue.pop(0), 0, None)
        else:
            self._finish()

    # -- while speaking ---------------------------------------------------------------------------

    def _word_started(self, start: int, end: int) -> None:
        if self._block is not None:
            self.window.view.mark_spoken(self._block, start, end)

    def _utterance_finished(self) -> None:
        self._next_block()

    def _finish(self) -> None:
        self._block = None
        self._continuous = False
        self._queue = []
        self.window.view.clear_selection()
        self._update()

    def toggle_pause(self) -> None:
        """Pause speaking (remembering the word), or go on from that word."""
        if self._paused_at is not None:
            block, offset = self._paused_at
            queue, continuous = self._queue, self._continuous
            self._say_block(block, offset, None if continuous else self._paused_end)
            self._queue, self._continuous = queue, continuous
        elif self.player.playing and self._block is not None:
            self._paused_at = (self._block, self.player.spoken_at or 0)
            self._paused_end = self._spoken_end()
            self.player.stop()
        self._update()

    def _spoken_end(self) -> int | None:
        speech = self.player.speech
        return speech.marks[-1].end if speech is not None and speech.marks else None

    def stop(self) -> None:
        """Stop speaking."""
        if self._synthesis is not None:
            self._synthesis.cancel()
            self._synthesis = None
        self.player.stop()
        self._paused_at = None
        self._finish()

    def set_rate(self, rate: int) -> None:
        """Speak at ``rate`` syllables a minute from now on (saved with the settings)."""
        self.window.settings.speech_rate = rate
        self.window.settings.save()
        self._update()

    def _failed(self, error) -> None:
        self._synthesis = None
        self.player.stop()
        self._paused_at = None
        self._finish()
        from reader.core.speech import SpeechError

        self.window.report_error(error if isinstance(error, Exception) else SpeechError(str(error)))
