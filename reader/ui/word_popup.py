"""The hover card: the word, its pinyin in this sentence in tone colours, and its first senses."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from reader.core.annotate import also_text
from reader.core.pinyin import numbered_syllable_to_marked, numbered_to_marked, tone_of
from reader.core.tones import TONE_SCHEMES

_CLASSIFIER = re.compile(r"([^,\[\]]+)\[([^\]]+)\]")
MAX_SENSES = 3
MAX_WIDTH = 340
_REFERENCE_PREFIXES = ("CL:",)


def senses_of(token) -> list[str]:
    """The first two or three senses to show for a token: its entry's (classifiers apart), else its gloss."""
    entry = getattr(token.reading, "entry", None)
    senses: list[str] = []
    classifiers = ""
    if entry is not None:
        for definition in entry.definitions:
            if definition.startswith(_REFERENCE_PREFIXES):
                classifiers = classifiers or definition
                continue
            senses.append(definition)
            if len(senses) == MAX_SENSES:
                break
    if not senses and token.gloss:
        senses = [token.gloss]
    if classifiers and len(senses) < MAX_SENSES:
        senses.append("classifier: " + classifier_text(classifiers))
    return senses


def classifier_text(definition: str) -> str:
    """CC-CEDICT's ``CL:個|个[ge4],家[jia1]`` as a reader wants it: ``个 gè, 家 jiā``."""
    found = []
    for forms, numbered in _CLASSIFIER.findall(definition[3:]):
        simplified = forms.split("|")[-1].strip()
        found.append(f"{simplified} {numbered_to_marked(numbered)}")
    return ", ".join(found) if found else definition[3:].strip()


def context_syllables(numbered: str) -> list[tuple[str, int]]:
    """(tone-marked syllable, tone) for a numbered reading; "?" where the reading is unknown."""
    result = []
    for syllable in numbered.split():
        if syllable.lower().startswith("xx"):
            result.append(("?", 5))
        else:
            result.append((numbered_syllable_to_marked(syllable), tone_of(syllable)))
    return result


class WordPopup(QFrame):
    """A frameless card drawn inside the window near the cursor; it never takes the mouse or the focus."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("wordPopup")
        self.token = None
        self._numbered = ""  # the reading shown: the token's own, or as spoken (sandhi of 一 and 不)
        self._background = QColor("#ffffff")
        self._border = QColor("#c8c4b8")
        self._text = QColor("#1f1f1f")
        self._muted = QColor("#6b6b6b")
        self._tones: tuple[str, ...] | None = TONE_SCHEMES["pleco"]
        self._family = ""

        self.word_label = QLabel(self)
        self.word_label.setTextFormat(Qt.TextFormat.PlainText)
        self.traditional_label = QLabel(self)
        self.traditional_label.setTextFormat(Qt.TextFormat.PlainText)
        self.level_label = QLabel(self)  # HSK band and frequency rank: "HSK 3 · #570"
        self.level_label.setTextFormat(Qt.TextFormat.PlainText)
        self.level_label.setObjectName("levelBadge")
        self.level_label.setVisible(False)
        self.level_of = None  # word -> WordLevel, set once the tables are loaded (off the UI thread)
        self.pinyin_label = QLabel(self)
        self.pinyin_label.setTextFormat(Qt.TextFormat.RichText)  # each syllable html-escaped
        self.also_label = QLabel(self)  # the word's other readings: "also: huán, to pay back"
        self.also_label.setTextFormat(Qt.TextFormat.PlainText)
        self.also_label.setWordWrap(True)
        self.also_label.setMaximumWidth(MAX_WIDTH - 24)
        self.senses_label = QLabel(self)
        self.senses_label.setTextFormat(Qt.TextFormat.PlainText)
        self.senses_label.setWordWrap(True)
        self.senses_label.setMaximumWidth(MAX_WIDTH - 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(2)
        heading = QHBoxLayout()
        heading.setSpacing(10)
        heading.addWidget(self.word_label, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addWidget(self.traditional_label, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        heading.addWidget(self.level_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(heading)
        for label in (self.word_label, self.traditional_label, self.level_label, self.pinyin_label, self.also_label,
                      self.senses_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.pinyin_label)
        layout.addWidget(self.also_label)
        layout.addWidget(self.senses_label)
        self._pinyin_plain = ""
        self._apply_fonts()
        self.hide()

    # -- appearance -------------------------------------------------------------------------

    def set_colors(self, background: QColor, text: QColor, muted: QColor, border: QColor) -> None:
        """The card's colours (the theme's paper, text, muted and border colours)."""
        self._background, self._text, self._muted, self._border = QColor(background), QColor(text), QColor(muted), QColor(border)
        for label in (self.word_label, self.pinyin_label, self.senses_label):
            label.setStyleSheet(f"color: {self._text.name()}; background: transparent;")
        self.traditional_label.setStyleSheet(f"color: {self._muted.name()}; background: transparent;")
        self.also_label.setStyleSheet(f"color: {self._muted.name()}; background: transparent;")
        self.level_label.setStyleSheet(
            f"color: {self._muted.name()}; background: transparent; border: 1px solid {self._border.name()};"
            " border-radius: 4px; padding: 0px 4px;")
        if self.token is not None:
            self._fill(self.token)
        self.update()

    def set_tone_colors(self, tones: tuple[str, ...] | None) -> None:
        """Tone colours for syllables 1-5 (index 0 unused), or None for plain pinyin."""
        self._tones = tones
        if self.token is not None:
            self._fill(self.token)

    def set_font_family(self, family: str) -> None:
        """The CJK family for the word."""
        self._family = family
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        word_font = QFont(self._family) if self._family else QFont()
        word_font.setPixelSize(30)
        self.word_label.setFont(word_font)
        small = QFont(self._family) if self._family else QFont()
        small.setPixelSize(14)
        traditional = QFont(word_font)
        traditional.setPixelSize(20)
        self.traditional_label.setFont(traditional)
        badge = QFont()
        badge.setPixelSize(11)
        self.level_label.setFont(badge)
        self.senses_label.setFont(small)
        self.also_label.setFont(small)
        pinyin = QFont(self._family) if self._family else QFont()
        pinyin.setPixelSize(18)
        self.pinyin_label.setFont(pinyin)

    # -- content ----------------------------------------------------------------------------

    def _fill(self, token) -> None:
        self.word_label.setText(token.text)
        entry = getattr(token.reading, "entry", None)
        traditional = entry.traditional if entry is not None and entry.traditional != token.text else ""
        self.traditional_label.setText(traditional)
        self.traditional_label.setToolTip("traditional characters")
        self.traditional_label.setVisible(bool(traditional))
        level = self.level_of(token.text) if self.level_of is not None and token.is_chinese else None
        self.level_label.setText(level.badge() if level is not None else "")
        self.level_label.setToolTip(level.describe() if level is not None else "")
        self.level_label.setVisible(level is not None)
        syllables = context_syllables(self._numbered)
        self._pinyin_plain = " ".join(s for s, _ in syllables)
        parts = []
        for syllable, tone in syllables:
            colour = self._tones[tone] if self._tones else self._text.name()
            parts.append(f'<span style="color:{colour}">{html.escape(syllable)}</span>')
        self.pinyin_label.setText(" ".join(parts))
        also = also_text(getattr(token.reading, "others", ()))
        self.also_label.setText(also)
        self.also_label.setVisible(bool(also))
        senses = senses_of(token)
        if senses:
            text = "\n".join(f"{i}. {sense}" if len(senses) > 1 else sense for i, sense in enumerate(senses, 1))
        else:
            text = "not in CC-CEDICT"
        self.senses_label.setText(text)
        metrics = self.senses_label.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 6
        self.senses_label.setFixedWidth(max(160, min(MAX_WIDTH - 24, widest)))

    def show_token(self, token, word_rect: QRect, cursor: QPoint | None = None, numbered: str | None = None) -> None:
        """Show the card for ``token`` under (or above) ``word_rect``, given in the parent's coordinates.

        ``numbered`` is the reading to show when it is not the token's own (the sandhi of 一 and 不).
        """
        self.token = token
        self._numbered = token.numbered if numbered is None else numbered
        self._fill(token)
        self.adjustSize()
        size = self.sizeHint()
        self.resize(size)
        frame = self.parentWidget().rect()
        x = (cursor.x() if cursor is not None else word_rect.left()) - 24
        y = word_rect.bottom() + 8
        if y + size.height() > frame.bottom() - 4 and word_rect.top() - 8 - size.height() >= frame.top() + 4:
            y = word_rect.top() - 8 - size.height()
        x = max(frame.left() + 4, min(x, frame.right() - 4 - size.width()))
        y = max(frame.top() + 4, min(y, frame.bottom() - 4 - size.height()))
        self.move(x, y)
        self.raise_()
        self.show()

    def plain_text(self) -> str:
        """The card's text as a reader sees it: word (and its traditional form), pinyin, senses, one per line."""
        heading = self.word_label.text()
        if self.traditional_label.isVisibleTo(self) and self.traditional_label.text():
            heading += " " + self.traditional_label.text()
        if self.level_label.isVisibleTo(self):
            heading += " [" + self.level_label.text() + "]"
        lines = [heading, self._pinyin_plain]
        if self.also_label.isVisibleTo(self):
            lines.append(self.also_label.text())
        lines.extend(self.senses_label.text().split("\n"))
        return "\n".join(lines)

    def pinyin_colors(self) -> list[tuple[str, str]]:
        """(syllable, colour name) as drawn, for tests and screenshots."""
        if self.token is None:
            return []
        return [(s, (self._tones[t] if self._tones else self._text.name())) for s, t in context_syllables(self._numbered)]

    def paintEvent(self, event) -> None:
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            path = QPainterPath()
            path.addRoundedRect(self.rect().adjusted(1, 1, -1, -1), 7, 7)
            shadow = QColor(0, 0, 0, 40)
            painter.fillPath(path.translated(0, 1), shadow)
            painter.fillPath(path, self._background)
            painter.setPen(QPen(self._border, 1))
            painter.drawPath(path)
