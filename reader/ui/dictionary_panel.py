"""The dictionary side panel: every CC-CEDICT entry for a word, its characters, related words, examples; search."""

from __future__ import annotations

import html
import re
from typing import Callable
from urllib.parse import quote, unquote

from PySide6.QtCore import QUrl, Signal, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.annotate import also_text, other_readings
from reader.core.example_sentences import Example
from reader.core.pinyin import numbered_syllable_to_marked, tone_of
from reader.core.hanzi import HANZI, is_chinese
from reader.core.tones import TONE_SCHEMES
from reader.ui.theme import LIGHT, Theme, readable_on_dark

WORD_LINK = "word:"
MORE_LINK = "more:"  # the next page of a search
MAX_RELATED = 12
MAX_SEARCH_RESULTS = 30

_HAN = HANZI.pattern
_HAN_RUN = rf"{_HAN}(?:{_HAN}|·)*"
# CC-CEDICT's cross-reference: 個|个[ge4], 葡萄[pu2 tao5], 個|个 (the reading is optional)
_REFERENCE = re.compile(rf"({_HAN_RUN})(?:\|({_HAN_RUN}))?(?:\[([A-Za-z0-9:, ·]+)\])?")
_CLASSIFIER = re.compile(r"^CL:(.*)$")


def word_href(word: str) -> str:
    """The link that opens ``word`` in the panel."""
    return WORD_LINK + quote(word)


def word_from_url(url: QUrl) -> str | None:
    """The word a panel link points to, or None for any other link."""
    text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    if not text.startswith(WORD_LINK):
        return None
    return unquote(text[len(WORD_LINK):]) or None


def tone_colours(scheme: str | None, dark: bool = False) -> tuple[str, ...] | None:
    """The colours of a tone scheme (index = tone), lifted for a dark background; None for no colours."""
    if scheme is None:
        return None
    colours = TONE_SCHEMES[scheme]
    return tuple(readable_on_dark(c) if dark and c else c for c in colours) if dark else colours


def pinyin_html(numbered: str, scheme) -> str:
    """Tone-marked pinyin, each syllable in its tone's colour (``scheme``: a scheme name, its colours, or None)."""
    colours = TONE_SCHEMES[scheme] if isinstance(scheme, str) else scheme
    pieces = []
    for syllable in numbered.split():
        marked = html.escape(numbered_syllable_to_marked(syllable))
        if colours is None or not re.search(r"[A-Za-z]", syllable):
            pieces.append(marked)
        else:
            colour = colours[tone_of(syllable)]
            pieces.append(f'<span style="color:{colour}">{marked}</span>')
    return " ".join(pieces)


def _reference_html(match: re.Match, scheme) -> str:
    first, second, reading = match.groups()
    simplified = second or first
    label = html.escape(simplified)
    if second and second != first:
        label = f"{html.escape(first)}|{html.escape(second)}"
    link = f'<a href="{html.escape(word_href(simplified))}">{label}</a>'
    if reading:
        link += f' <span class="ref-pinyin">{pinyin_html(reading, scheme)}</span>'
    return link


def definition_html(definition: str, scheme) -> str:
    """One sense, escaped, with its cross-references ("variant of X", "see X", "used in X") as links."""
    parts = []
    position = 0
    for match in _REFERENCE.finditer(definition):
        parts.append(html.escape(definition[position:match.start()]))
        parts.append(_reference_html(match, scheme))
        position = match.end()
    parts.append(html.escape(definition[position:]))
    return "".join(parts)


def classifiers_html(definition: str, scheme) -> str | None:
    """``CL:個|个[ge4],家[jia1]`` as linked classifiers with their pinyin; None when not a classifier sense."""
    match = _CLASSIFIER.match(definition)
    if not match:
        return None
    items = []
    for item in match.group(1).split(","):
        reference = _REFERENCE.fullmatch(item.strip())
        if reference:
            first, second, reading = reference.groups()
            simplified = second or first
            text = f'<a href="{html.escape(word_href(simplified))}">{html.escape(simplified)}</a>'
            if reading:
                text += f" {pinyin_html(reading, scheme)}"
            items.append(text)
        elif item.strip():
            items.append(html.escape(item.strip()))
    return " · ".join(items)


def entry_html(entry, scheme, in_context: bool = False, link_headword: bool = False) -> str:
    """One entry: headword (traditional beside simplified when they differ), pinyin, numbered senses, classifiers."""
    head = html.escape(entry.simplified)
    if link_headword:
        head = f'<a class="headlink" href="{html.escape(word_href(entry.simplified))}">{head}</a>'
    forms = f'<span class="head">{head}</span>'
    if entry.traditional != entry.simplified:
        forms += f' <span class="trad">{html.escape(entry.traditional)}</span>'
    marker = ' <span class="context">in this text</span>' if in_context else ""
    senses, classifiers = [], []
    for definition in entry.definitions:
        shown = classifiers_html(definition, scheme)
        if shown is not None:
            classifiers.append(shown)
        else:
            senses.append(definition_html(definition, scheme))
    lines = [f'<p class="entryhead">{forms} &nbsp;<span class="pinyin">{pinyin_html(entry.numbered, scheme)}</span>{marker}</p>']
    if senses:
        lines.append(
            '<table class="senses" cellspacing="0" cellpadding="1">'
            + "".join(f'<tr><td class="num">{n}.</td><td>{s}</td></tr>' for n, s in enumerate(senses, 1))
            + "</table>"
        )
    if classifiers:
        lines.append(f'<p class="cl"><span class="label">Classifiers</span> {" · ".join(classifiers)}</p>')
    return '<div class="entry">' + "".join(lines) + "</div>"


def _everyday_sense(word: str, reading: str | None, entries):
    """An entry for the everyday reading the text gave ``word`` when CC-CEDICT has no entry read so, else None."""
    if not reading or any(e.numbered.lower() == reading.lower() for e in entries):
        return None
    from types import SimpleNamespace

    from reader.core.polyphone import PolyphoneReader

    gloss = PolyphoneReader.extra_gloss(word, reading)
    if gloss is None:
        return None
    return SimpleNamespace(simplified=word, traditional=word, numbered=reading, definitions=(gloss,))


def _main_readings(entries) -> list:
    """A character's entries worth listing: common readings first, each reading once, at most three."""
    from reader.core.annotate import gloss_rank

    chosen, seen = [], set()
    for entry in sorted(entries, key=gloss_rank):
        key = entry.numbered  # case kept: a surname (Liu2) is a reading worth listing beside liu2
        if key not in seen:
            seen.add(key)
            chosen.append(entry)
    return chosen[:3]


def _first_sense(entry) -> str:
    for definition in entry.definitions:
        if not definition.startswith("CL:"):
            return definition
    return ""


def example_html(example: Example, word: str) -> str:
    """A sentence, escaped, with every occurrence of ``word`` highlighted."""
    pieces = [html.escape(piece) for piece in example.sentence.split(word)]
    marked = f'<span class="hit">{html.escape(word)}</span>'
    source = f' <span class="source">— {html.escape(example.source)}</span>' if example.source else ""
    return f'<p class="example">{marked.join(pieces)}{source}</p>'


def style_sheet(theme: Theme, family: str) -> str:
    """The panel's CSS in the theme's colours."""
    font = f"font-family: '{family}';" if family else ""
    return f"""
body {{ color: {theme.text}; {font} }}
a {{ color: {theme.link}; text-decoration: none; }}
a.headlink {{ color: {theme.text}; }}
.title {{ font-size: 30pt; font-weight: 600; }}
.subtitle {{ color: {theme.muted}; }}
.section {{ color: {theme.muted}; font-size: 9pt; font-weight: 600; letter-spacing: 1px; margin-top: 14px; }}
.entry {{ margin-bottom: 8px; }}
.entryhead {{ margin-top: 8px; margin-bottom: 2px; }}
.head {{ font-size: 16pt; }}
.trad {{ font-size: 13pt; color: {theme.muted}; }}
.pinyin {{ font-size: 13pt; }}
.context {{ color: {theme.accent}; font-size: 8pt; font-weight: 600; }}
.num {{ color: {theme.muted}; padding-right: 4px; }}
.cl {{ margin-top: 3px; }}
.label {{ color: {theme.muted}; font-size: 9pt; }}
.ref-pinyin {{ font-size: 9pt; }}
.row {{ margin-top: 2px; margin-bottom: 2px; }}
.gloss {{ color: {theme.muted}; }}
.example {{ margin-top: 4px; margin-bottom: 6px; }}
.hit {{ background-color: {theme.highlight}; font-weight: 600; }}
.source {{ color: {theme.muted}; font-size: 8pt; }}
.empty {{ color: {theme.muted}; }}
.level {{ color: {theme.muted}; font-size: 9pt; margin-top: 0px; }}
.also {{ color: {theme.muted}; margin-top: 0px; }}
.note {{ color: {theme.muted}; margin-top: 0px; font-size: small; }}
"""


class DictionaryPanel(QWidget):
    """Search box, back/forward, and the page for a word or a search; links navigate within the panel."""

    save_requested = Signal(str, str)  # word, numbered reading
    speak_requested = Signal(str, str)  # word, numbered reading ("" for the dictionary's first)
    word_shown = Signal(str)
    leave_requested = Signal()  # Escape in the panel: back to the text

    def __init__(
        self,
        dictionary: Callable[[], object],
        examples: Callable[[str], list[Example] | None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._dictionary = dictionary
        self._examples = examples
        self._word_body: tuple[tuple, str] | None = None  # the word page shown, and its HTML before the examples
        self._tone_scheme: str | None = "pleco"
        self._theme = LIGHT
        self._family = ""
        self._history: list[tuple[str, str, str | None]] = []  # (kind, text, reading)
        self._history_index = -1
        self.level_of = None  # word -> WordLevel, once the tables are loaded
        self.learner_word = None  # word -> the learner's own entry (reader/core/corrections.py) or None
        self.current_word: str | None = None
        self.current_reading: str | None = None
        self.current_entries: list = []
        self.results: list = []
        self._search_shown = MAX_SEARCH_RESULTS  # results of the current search on screen ("More" adds a page)
        self.setMinimumWidth(240)

        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search: 银行, yinhang, yín háng, bank")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(lambda: self.search(self.search_box.text()))
        self.back_button = QToolButton(self)
        self.back_button.setText("‹")
        self.back_button.setToolTip("Back (Alt+Left)")
        self.back_button.clicked.connect(self.back)
        self.forward_button = QToolButton(self)
        self.forward_button.setText("›")
        self.forward_button.setToolTip("Forward (Alt+Right)")
        self.forward_button.clicked.connect(self.forward)
        for button in (self.back_button, self.forward_button):
            button.setAutoRaise(True)
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.leave_requested.emit)
        leave.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # only while the focus is in the panel
        QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), self, self.back)
        QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right), self, self.forward)

        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)

        self.save_button = QPushButton("Save word", self)
        self.save_button.setToolTip("Save this word with its sentence to your vocabulary (S)")
        self.save_button.clicked.connect(self._save)
        self.save_button.setEnabled(False)
        self.save_button.setVisible(False)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        top.addWidget(self.search_box, 1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        self._speech_problem: str | None = None
        self.say_button = QPushButton("Say it", self)
        self.say_button.clicked.connect(
            lambda: self.current_word and self.speak_requested.emit(self.current_word, self._spoken_reading()))
        bottom.addWidget(self.say_button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addLayout(bottom)
        self._update_buttons()
        self._show_welcome()

    # -- configuration -------------------------------------------------------------------------

    def set_saving_enabled(self, enabled: bool) -> None:
        """Show the "Save word" button (once a vocabulary store exists to save into)."""
        self.save_button.setVisible(enabled)
        self._update_buttons()

    def set_tone_colors(self, enabled: bool, scheme: str) -> None:
        """Colour pinyin by tone in ``scheme``, or not at all."""
        self._tone_scheme = scheme if enabled else None
        self._rerender()

    @property
    def _scheme(self) -> tuple[str, ...] | None:
        return tone_colours(self._tone_scheme, self._theme.dark)

    def set_theme(self, theme: Theme, family: str = "") -> None:
        """Use the theme's colours and the reading font for hanzi."""
        self._theme = theme
        self._family = family
        self._rerender()

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # -- navigation -----------------------------------------------------------------------------

    def show_word(self, word: str, reading: str | None = None) -> None:
        """Show everything about ``word``; ``reading`` (numbered) marks the entry read that way in the text."""
        self._push(("word", word, reading))

    def search(self, query: str) -> None:
        """Show the entries matching a hanzi, pinyin or English query."""
        query = query.strip()
        if query:
            self._search_shown = MAX_SEARCH_RESULTS
            self._push(("search", query, None))

    def reset(self) -> None:
        """Back to the empty page, with no history and an empty search box (another article is open)."""
        self._history.clear()
        self._history_index = -1
        self.search_box.clear()
        self._show_welcome()
        self._update_buttons()

    def more_results(self) -> None:
        """Show the next page of the search on screen, below the results already shown."""
        if 0 <= self._history_index < len(self._history) and self._history[self._history_index][0] == "search":
            self._search_shown += MAX_SEARCH_RESULTS
            self._render(self._history[self._history_index])

    def back(self) -> None:
        """Go to the previous page."""
        if self._history_index > 0:
            self._history_index -= 1
            self._render(self._history[self._history_index])

    def forward(self) -> None:
        """Go to the next page."""
        if self._history_index < len(self._history) - 1:
            self._history_index += 1
            self._render(self._history[self._history_index])

    def plain_text(self) -> str:
        """What the panel shows, as plain text (for tests and the clipboard)."""
        return self.browser.toPlainText()

    def _push(self, page) -> None:
        if 0 <= self._history_index < len(self._history) and self._history[self._history_index][:2] == page[:2]:
            self._history[self._history_index] = page
        else:
            del self._history[self._history_index + 1:]
            self._history.append(page)
            self._history_index = len(self._history) - 1
        self._render(page)

    def _follow(self, url: QUrl) -> None:
        if url.toString() == MORE_LINK:
            self.more_results()
            return
        word = word_from_url(url)
        if word:
            self.show_word(word)

    def _save(self) -> None:
        if self.current_word:
            reading = self.current_reading or (self.current_entries[0].numbered if self.current_entries else "")
            self.save_requested.emit(self.current_word, reading)

    def _spoken_reading(self) -> str:
        if self.current_reading:
            return self.current_reading
        return self.current_entries[0].numbered if self.current_entries else ""

    def set_speech_problem(self, problem: str | None) -> None:
        """Enable "Say it" when a voice is there; otherwise say why in its tooltip."""
        self._speech_problem = problem
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.back_button.setEnabled(self._history_index > 0)
        self.forward_button.setEnabled(self._history_index < len(self._history) - 1)
        self.save_button.setEnabled(bool(self.current_word) and is_chinese(self.current_word or ""))
        problem = self._speech_problem
        self.say_button.setEnabled(problem is None and bool(self.current_word) and is_chinese(self.current_word or ""))
        self.say_button.setToolTip(problem or "Hear the word in the reading shown first (P says the word under the cursor)")

    def _rerender(self) -> None:
        if 0 <= self._history_index < len(self._history):
            self._render(self._history[self._history_index])
        else:
            self._show_welcome()

    def _render(self, page) -> None:
        kind, text, reading = page
        if not self.search_box.hasFocus():  # the box names what the page shows, never a search left from before
            self.search_box.setText(text)
        if kind == "word":
            body = self._word_page(text, reading)
            self._word_body = (page, body)
            # None: the examples are still being looked for (a big library) and come by show_examples
            examples = self._examples(text) if self._examples and is_chinese(text) else None
            body += self._examples_html(text, examples)
        else:
            self._word_body = None
            body = self._search_page(text)
        self._set_html(body)
        self._update_buttons()
        if kind == "word":
            self.word_shown.emit(text)

    def show_examples(self, word: str, examples: list[Example]) -> None:
        """Add the example sentences found later for ``word``, if its page is still the one shown (else drop them)."""
        shown = self._word_body
        if shown is None or shown[0][:2] != ("word", word) or not self._history or \
                self._history[self._history_index] != shown[0]:
            return
        bar = self.browser.verticalScrollBar()
        scrolled = bar.value()  # the reader may have scrolled while they were looked for
        self._set_html(shown[1] + self._examples_html(word, examples))
        bar.setValue(scrolled)

    def _set_html(self, body: str) -> None:
        self.browser.document().setDefaultStyleSheet(style_sheet(self._theme, self._family))
        self.browser.setHtml(f"<html><body>{body}</body></html>")

    def _show_welcome(self) -> None:
        self._word_body = None
        self.current_word = None
        self.current_entries = []
        self._set_html(
            '<p class="empty">Click a word in the text (or move to it with the arrow keys and press Enter) '
            "to see every dictionary entry for it here.</p>"
            '<p class="empty">Search with Ctrl+L: hanzi, pinyin with or without tones, or English.</p>'
        )

    # -- pages ----------------------------------------------------------------------------------

    def _word_page(self, word: str, reading: str | None) -> str:
        dictionary = self._dictionary()
        scheme = self._scheme
        entries = dictionary.lookup(word)
        if reading:  # the reading the word has in the text goes first
            entries.sort(key=lambda e: e.numbered.lower() != reading.lower())
        self.current_word = word
        self.current_reading = reading
        self.current_entries = entries
        self.results = []
        parts = [f'<p class="title">{html.escape(word)}</p>']
        level = self.level_of(word) if self.level_of is not None and is_chinese(word) else None
        if level is not None:
            parts.append(f'<p class="level">{html.escape(level.describe())}</p>')
        own = self.learner_word(word) if self.learner_word is not None else None
        if own is not None:
            parts.append(f'<p class="level">{html.escape(own.summary)}</p>')
        also = also_text(other_readings(entries, reading)) if reading and entries else ""
        if also:  # the other readings of a polyphone, so a doubtful reading in the text shows at once
            parts.append(f'<p class="also">{html.escape(also)}</p>')
        everyday = _everyday_sense(word, reading, entries)
        if everyday is not None:  # the sense the text uses is one CC-CEDICT lacks (落下 là xià "leave behind"): first
            parts.append(entry_html(everyday, scheme, in_context=True)
                         + '<p class="note">An everyday sense CC-CEDICT does not list.</p>')
        if entries:
            parts += [entry_html(e, scheme, in_context=bool(reading) and e.numbered.lower() == reading.lower()) for e in entries]
        elif everyday is None:
            guess = f" — {pinyin_html(reading, scheme)}" if reading else ""
            parts.append(f'<p class="empty">Not in CC-CEDICT{guess}.</p>')
        characters = list(dict.fromkeys(ch for ch in word if HANZI.match(ch)))
        if len(word) > 1 and characters:
            rows = []
            for char in characters:
                main = _main_readings(dictionary.lookup(char))
                if not main:
                    rows.append(f'<p class="row"><span class="head">{html.escape(char)}</span></p>')
                    continue
                readings = " · ".join(
                    f'{pinyin_html(e.numbered, scheme)} <span class="gloss">{definition_html(_first_sense(e), scheme)}</span>'
                    for e in main
                )
                rows.append(
                    f'<p class="row"><a class="headlink" href="{html.escape(word_href(char))}">'
                    f'<span class="head">{html.escape(char)}</span></a> &nbsp;{readings}</p>'
                )
            parts.append('<p class="section">CHARACTERS</p>' + "".join(rows))
        if is_chinese(word):
            related = dictionary.words_containing(word, limit=MAX_RELATED)
            if related:
                rows = [
                    f'<p class="row"><a href="{html.escape(word_href(e.simplified))}">{html.escape(e.simplified)}</a>'
                    f' &nbsp;{pinyin_html(e.numbered, scheme)} &nbsp;<span class="gloss">{definition_html(_first_sense(e), scheme)}</span></p>'
                    for e in related
                ]
                parts.append(f'<p class="section">WORDS WITH {html.escape(word)}</p>' + "".join(rows))
        return "".join(parts)

    def _examples_html(self, word: str, examples: list[Example] | None) -> str:
        if not examples or not is_chinese(word):
            return ""
        return '<p class="section">IN YOUR READING</p>' + "".join(example_html(x, word) for x in examples)

    def _search_page(self, query: str) -> str:
        dictionary = self._dictionary()
        results = dictionary.search(query, limit=self._search_shown)
        total = dictionary.search_count(query)
        self.current_word = None
        self.current_reading = None
        self.current_entries = []
        self.results = results
        shown = f"{len(results)} of {total} results" if total > len(results) else \
            f'{len(results)} result{"s" if len(results) != 1 else ""}'
        header = f'<p class="subtitle">{shown} for “{html.escape(query)}”</p>'
        if not results:
            return header + '<p class="empty">Nothing found. Try hanzi, pinyin (yinhang, yin2hang2) or an English word.</p>'
        more = (f'<p><a href="{MORE_LINK}">More results ({min(MAX_SEARCH_RESULTS, total - len(results))} more of '
                f'{total - len(results)})</a></p>' if total > len(results) else "")
        return header + "".join(entry_html(e, self._scheme, link_headword=True) for e in results) + more
