"""Line layout for the reading view: blocks of text cut into lines of positioned word boxes, ruby above hanzi."""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QGlyphRun, QRawFont

from reader.core.pinyin import numbered_syllable_to_marked, tone_of

# Kinsoku (禁则): characters that may not begin a line, and characters that may not end one.
NO_LINE_START = set("，。、；：？！）》」』】〕〗〉”’…—～·,.;:?!)]}%‰℃°'\"")
NO_LINE_END = set("（《「『【〔〖〈“‘([{$￥#")
_UNIT = re.compile(
    r"\s+"  # a run of spaces: a break opportunity that hangs at a line's end
    r"|[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+(?:['’.,:\-/][0-9A-Za-z\u00c0-\u024f]+)*"  # a Latin word or number
    r"|.",  # anything else, one code point at a time (hanzi, punctuation, symbols)
    re.S,
)
ELLIPSIS_PAIRS = ("……", "——")
RUBY_GAP_EMS = 0.2  # the least room between two words' pinyin, in ems of the text


def _may_be_overhung(text: str) -> bool:
    """Whether a neighbour's pinyin may reach over this unit: punctuation marks and spaces, not words."""
    return all(ch.isspace() or unicodedata.category(ch)[0] == "P" for ch in text)
# Characters the shaper joins or swaps in context (a doubled dash becomes one line): drawn with drawText.
_SHAPED = set("—―─…⋯\u200d")


@dataclass(frozen=True)
class BlockStyle:
    """How one kind of block looks: size relative to the body, weight, colour role, spacing in body ems."""

    scale: float
    bold: bool = False
    muted: bool = False
    line_spacing: float = 1.8  # line height in ems of the block's font
    space_before: float = 0.0
    space_after: float = 0.9


STYLES: dict[str, BlockStyle] = {
    "kicker": BlockStyle(0.82, muted=True, line_spacing=1.45, space_before=0.4, space_after=0.35),
    "title": BlockStyle(1.85, bold=True, line_spacing=1.4, space_before=0.1, space_after=0.45),
    "subtitle": BlockStyle(1.18, muted=True, line_spacing=1.5, space_after=0.9),
    "byline": BlockStyle(0.82, muted=True, line_spacing=1.5, space_after=0.15),
    "dateline": BlockStyle(0.82, muted=True, line_spacing=1.5, space_after=1.3),
    "heading": BlockStyle(1.2, bold=True, line_spacing=1.5, space_before=0.8, space_after=0.6),
    "paragraph": BlockStyle(1.0, line_spacing=1.85, space_after=0.8),
    # a piece of a very long paragraph, with more of it in the next block: no space between them
    "continued": BlockStyle(1.0, line_spacing=1.85, space_after=0.0),
    # the other language of a bilingual subtitle cue, quietly under its Chinese line
    "translation": BlockStyle(0.82, muted=True, line_spacing=1.45, space_after=0.8),
}


def _extends_previous(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == "\u200d"
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def split_units(text: str, base: int, out: list) -> None:
    """Append (start, end) code-point spans of the breakable units of a non-word run (graphemes kept whole)."""
    for match in _UNIT.finditer(text):
        start, end = match.span()
        if out and start > 0 and (_extends_previous(text[start]) or text[start - 1] == "\u200d"):
            prev_start, _ = out[-1]
            out[-1] = (prev_start, base + end)
            continue
        out.append((base + start, base + end))


class Fonts:
    """The fonts and cached character advances for one block kind at the current family and zoom."""

    def __init__(self, family: str, pixel_size: float, style: BlockStyle):
        self.font = QFont(family) if family else QFont()
        self.font.setPixelSize(max(6, round(pixel_size * style.scale)))
        self.font.setBold(style.bold)
        self.font.setKerning(False)  # advances then add up exactly, so hit-testing matches what is drawn
        self.font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        self.metrics = QFontMetricsF(self.font)
        self.ruby_font = QFont(self.font)
        self.ruby_font.setBold(False)
        self.ruby_font.setPixelSize(max(11, round(self.font.pixelSize() * 0.56)))
        self.ruby_metrics = QFontMetricsF(self.ruby_font)
        self.style = style
        self.em = self.metrics.horizontalAdvance("中")
        self.height = self.metrics.height()
        self.ascent = self.metrics.ascent()
        self.ruby_height = self.ruby_metrics.height()
        self.ruby_ascent = self.ruby_metrics.ascent()
        self.line_height = math.ceil(max(self.height, self.font.pixelSize() * style.line_spacing))
        self.ruby_band = math.ceil(self.ruby_height * 0.9)
        self.ruby_descent = self.ruby_metrics.descent()
        self.glyph_top = self.font.pixelSize() * 0.9  # a hanzi's ink rises about 0.88 em above the baseline
        self._advances: dict[str, float] = {}
        self._ruby_advances: dict[str, float] = {}
        self._ruby_words: dict[str, tuple] = {}
        self.ruby_raw = QRawFont.fromFont(self.ruby_font)
        self._ruby_glyphs: dict[str, tuple | None] = {}
        self._ruby_strings: dict[str, tuple | None] = {}  # a syllable's glyphs: a few thousand syllables at most

    def advance(self, char: str) -> float:
        """The advance of one code point (cached)."""
        width = self._advances.get(char)
        if width is None:
            width = self._advances[char] = self.metrics.horizontalAdvance(char)
        return width

    def width(self, text: str) -> float:
        """The width of ``text`` as the sum of its code points' advances."""
        advances = self._advances
        total = 0.0
        for char in text:
            width = advances.get(char)
            if width is None:
                width = advances[char] = self.metrics.horizontalAdvance(char)
            total += width
        return total

    def ruby_word(self, numbered: str) -> tuple[tuple, float] | None:
        """((x offset, syllable, tone), ...) and total width of a word's pinyin as written over it; None if unknown."""
        found = self._ruby_words.get(numbered)
        if found is None:
            syllables = ruby_syllables(numbered)
            joined = join_for_ruby([s for s, _ in syllables])
            parts, x = [], 0.0
            for part, (_, tone) in zip(joined, syllables):
                if part:
                    parts.append((x, part, tone))
                x += self.ruby_width(part) if part else 0.0
            found = self._ruby_words[numbered] = (tuple(parts), x) if parts else ((), 0.0)
        return found if found[0] else None

    def ruby_width(self, text: str) -> float:
        """The width of a pinyin syllable in the ruby font (cached)."""
        width = self._ruby_advances.get(text)
        if width is None:
            width = self._ruby_advances[text] = self.ruby_metrics.horizontalAdvance(text)
        return width


class Box(NamedTuple):
    """One unit of a line: a word (or part of one), a space, a Latin word, a punctuation mark.

    A tuple of plain values, so the garbage collector stops tracking it: hundreds of thousands of boxes
    would otherwise make every full collection (and the frame it lands in) slower.
    """

    x: float
    width: float
    start: int  # code points in the block's text
    end: int
    text: str
    text_x: float  # where the text starts (a word under a wider pinyin is centred)
    token: int = -1  # index of the block's token, or -1
    ruby: tuple = ()  # ((x offset in box, syllable, tone), ...)
    tint: int = 0  # the key of the word's tint in the view (reader.ui.word_tints), 0 for none


@dataclass(slots=True)
class Line:
    """One line of a block: its boxes left to right, and the runs of text drawn in one call each."""

    top: float  # relative to the block's top
    height: float
    baseline: float  # relative to the block's top
    ruby_baseline: float
    boxes: list[Box]
    xs: list[float]
    runs: list[tuple[float, str]] = field(default_factory=list)
    ruby_text: list[str] = field(default_factory=list)
    glyphs: tuple | None = None  # the pinyin as glyph runs (see glyph_runs)
    painted: bool = False  # drawn once already (the next frame draws it from a picture)
    pixmap: object = None  # the line drawn once, kept by the view while it has room
    tinted: bool = False  # some word on the line has a tint


@dataclass(slots=True)
class BlockLayout:
    """A block laid out at one width: its lines and its height (spacing included)."""

    lines: list[Line]
    height: float
    tops: list[float]  # each line's top, for binary search

    def line_at(self, y: float) -> Line | None:
        """The line at ``y`` (block coordinates), the nearest one above or below when between lines."""
        if not self.lines:
            return None
        index = bisect_right(self.tops, y) - 1
        return self.lines[max(0, min(index, len(self.lines) - 1))]


def ruby_syllables(numbered: str) -> list[tuple[str, int]]:
    """The tone-marked syllables of a numbered reading with their tones; unknown syllables are left out."""
    result = []
    for syllable in numbered.split():
        if syllable.lower().startswith("xx"):
            result.append(("", 5))
            continue
        result.append((numbered_syllable_to_marked(syllable), tone_of(syllable)))
    return result


def join_for_ruby(syllables: list[str]) -> list[str]:
    """Syllables as written together over one word: an apostrophe before a/o/e after the first (xī'ān)."""
    out = []
    for i, text in enumerate(syllables):
        if i and text and out and any(out) and text[0].lower() in "aāáǎàoōóǒòeēéěè":
            text = "'" + text
        out.append(text)
    return out


def status_tint(word: str, status: int) -> int:
    """Tint by learning status: new and learning words (1-4) keep their status as the key; others go plain."""
    return status if 0 < status < 5 else 0


class Layouter:
    """Cuts blocks into lines at a width, with the fonts of the view's family and zoom."""

    def __init__(self, family: str, pixel_size: float, width: float, ruby: str, status_lookup=None,
                 fonts: dict | None = None, tint_of=None):
        self.family = family
        self.pixel_size = pixel_size
        self.width = max(40.0, width)
        self.ruby = ruby  # "off" | "all" | "unknown"
        self.status_lookup = status_lookup
        # tint_of(word, status) -> the word's tint key (0: none); None tints by learning status
        self.tint_of = tint_of if tint_of is not None else status_tint
        # fonts (and their measured advances and static texts) outlive a layouter: a new width or ruby mode
        # lays the text out again, but need not measure it again
        shared = fonts if fonts is not None else {}
        self._fonts: dict[str, Fonts] = shared.setdefault((family, round(pixel_size, 3)), {})

    def fonts(self, kind: str) -> Fonts:
        """The fonts for a block kind."""
        fonts = self._fonts.get(kind)
        if fonts is None:
            style = STYLES.get(kind, STYLES["paragraph"])
            fonts = self._fonts[kind] = Fonts(self.family, self.pixel_size, style)
        return fonts

    def estimate(self, kind: str, length: int) -> float:
        """A block's height before it is laid out, from its length."""
        fonts = self.fonts(kind)
        per_line = max(1, int(self.width / (fonts.em * 0.97)))
        lines = max(1, -(-length // per_line))
        line_height = fonts.line_height + (fonts.ruby_band if self.ruby != "off" else 0)
        style = fonts.style
        body_em = self.fonts("paragraph").em
        return round(style.space_before * body_em) + lines * line_height + round(style.space_after * body_em)

    def _wants_ruby(self, word: str) -> tuple[bool, int]:
        status = 0
        if self.status_lookup is not None:
            found = self.status_lookup(word)
            status = int(found) if found is not None else 0
        if self.ruby == "all":
            return True, status
        if self.ruby == "unknown":
            return status < 5, status  # unseen (0), new or learning; known (5) and ignored (98) go without
        return False, status

    def layout(self, kind: str, text: str, tokens, readings: dict[int, str] | None = None) -> BlockLayout:
        """Lay out one block's text (with its tokens when segmented).

        ``readings`` maps a token's index to the numbered reading to write over it instead of its own
        (the sandhi of 一 and 不); tokens it leaves out show ``token.numbered``.
        """
        fonts = self.fonts(kind)
        style = fonts.style
        body_em = self.fonts("paragraph").em
        ruby_on = self.ruby != "off"
        ruby_band = fonts.ruby_band if ruby_on else 0
        line_height = fonts.line_height + ruby_band
        # the units: (start, end, token index or -1, the word's pinyin (Fonts.ruby_word) or None, tint)
        units: list[tuple[int, int, int, object, int]] = []
        tint_of = self.tint_of
        if tokens:
            spans: list[tuple[int, int]] = []
            covered = 0
            for index, token in enumerate(tokens):
                if token.start > covered:  # text no token covers is still shown, as plain text
                    spans.clear()
                    split_units(text[covered:token.start], covered, spans)
                    units.extend((s, e, -1, None, 0) for s, e in spans)
                covered = max(covered, token.end)
                if token.is_chinese:
                    ruby = None
                    wanted, status = self._wants_ruby(token.text)
                    tint = tint_of(token.text, status)
                    if wanted and ruby_on:
                        ruby = fonts.ruby_word(readings.get(index, token.numbered) if readings else token.numbered)
                    if ruby or token.end - token.start == 1:
                        units.append((token.start, token.end, index, ruby, tint))
                    else:
                        # Chinese breaks between any two characters; only a word under its pinyin stays whole.
                        # The pieces of a word that share a line are merged back into one box (finish_line).
                        spans.clear()
                        split_units(token.text, token.start, spans)
                        units.extend((s, e, index, None, tint) for s, e in spans)
                else:
                    spans.clear()
                    split_units(token.text, token.start, spans)
                    units.extend((s, e, -1, None, 0) for s, e in spans)
            if covered < len(text):
                spans.clear()
                split_units(text[covered:], covered, spans)
                units.extend((s, e, -1, None, 0) for s, e in spans)
        else:
            spans = []
            split_units(text, 0, spans)
            units = [(s, e, -1, None, 0) for s, e in spans]

        width = self.width
        lines: list[Line] = []
        top = float(round(style.space_before * body_em))
        line_boxes: list[Box] = []

        def finish_line():
            nonlocal top
            boxes = []
            for box in line_boxes:
                if boxes and box.token >= 0 and boxes[-1].token == box.token and not box.ruby:
                    first = boxes[-1]
                    width_together = box.x + box.width - first.x
                    boxes[-1] = first._replace(width=width_together, end=box.end, text=first.text + box.text)
                else:
                    boxes.append(box)
            line_boxes.clear()
            while len(boxes) > 1 and boxes[-1].text.isspace():
                boxes.pop()  # a space at a line's end hangs
            baseline = top + ruby_band + (line_height - ruby_band - fonts.height) / 2 + fonts.ascent
            ruby_baseline = baseline - fonts.glyph_top - 1 - fonts.ruby_descent * 0.6
            line = Line(top, line_height, baseline, ruby_baseline, boxes, [b.x for b in boxes])
            line.tinted = any(b.tint for b in boxes)
            self._make_runs(line)
            lines.append(line)
            top += line_height

        # Group units that may not be parted (kinsoku) into clusters, then fill lines greedily. A word's pinyin
        # wider than the word may overhang a neighbouring punctuation mark or space (as ruby does in JIS X 4051
        # and the W3C's clreq), never another word or another word's pinyin: so “创新链” stays together.
        gap = fonts.em * RUBY_GAP_EMS
        n = len(units)
        i = 0
        pieces: list[tuple[int, int, int, object, int, float, bool]] = []  # unit + (width, may be overhung)
        pen = ruby_right = hard_right = 0.0  # the x after the last unit, its pinyin, and the last word's text

        def place(piece, pen, ruby_right, hard_right):
            """(text x, pen, pinyin right, word right, rightmost ink) of a unit placed after the line so far."""
            start, end, token, ruby, tint, w, hangable = piece
            if not ruby:
                base = pen if hangable else max(pen, ruby_right)  # a word never sits under another's pinyin
                return base, base + w, ruby_right, hard_right if hangable else base + w, base + w
            over = (ruby[1] + gap - w) / 2  # how far the pinyin (with its margin) reaches past each side of the word
            base = max(pen, hard_right + over, ruby_right + over)
            return base, base + w, base + w + over, base + w, base + w + max(0.0, over - gap / 2)

        while i < n:
            j = i + 1
            while j < n and self._glued(text, units[j - 1], units[j]):
                j += 1
            pieces.clear()
            for unit in units[i:j]:
                start, end, token, ruby, tint = unit
                piece_text = text[start:end]
                hangable = not ruby and _may_be_overhung(piece_text)
                pieces.append((start, end, token, ruby, tint, fonts.width(piece_text), hangable))
            if len(pieces) == 1 and text[pieces[0][0]:pieces[0][1]].isspace():
                # a space: dropped at a line's start, and a line may break at it
                if line_boxes:
                    if pen + pieces[0][5] > width:
                        finish_line()
                        pen = ruby_right = hard_right = 0.0
                    else:
                        p = pieces[0]
                        line_boxes.append(Box(pen, p[5], p[0], p[1], text[p[0]:p[1]], pen, p[2], (), 0))
                        pen += p[5]
                i = j
                continue
            if line_boxes:  # the whole cluster on this line, or all of it on the next
                state = (pen, ruby_right, hard_right)
                for piece in pieces:
                    _, *state, right = place(piece, *state)
                    if right > width:
                        finish_line()
                        pen = ruby_right = hard_right = 0.0
                        break
            for piece in pieces:
                start, end, token, ruby, tint, w, _ = piece
                base, after, new_ruby_right, new_hard_right, right = place(piece, pen, ruby_right, hard_right)
                if line_boxes and right > width:
                    finish_line()  # only inside a cluster wider than a whole line
                    pen = ruby_right = hard_right = 0.0
                    base, after, new_ruby_right, new_hard_right, right = place(piece, pen, ruby_right, hard_right)
                if w > width and not ruby:
                    # a unit wider than the whole line (a long word or URL) breaks between code points
                    pen = self._split_wide(text, start, end, token, tint, fonts, line_boxes, finish_line)
                    ruby_right, hard_right = 0.0, pen
                    continue
                line_boxes.append(self._box(text, start, end, token, ruby, tint, pen, base, w))
                pen, ruby_right, hard_right = after, new_ruby_right, new_hard_right
            i = j
        if line_boxes or not lines:
            finish_line()
        height = top + round(style.space_after * body_em)
        return BlockLayout(lines, height, [line.top for line in lines])

    def _split_wide(self, text, start, end, token, tint, fonts, line_boxes, finish_line) -> float:
        """A unit wider than a line, broken across lines between its code points; returns the x after it."""
        x = 0.0
        piece_start = start
        for position in range(start, end):
            w = fonts.advance(text[position])
            if x + w > self.width and position > piece_start:
                line_boxes.append(Box(0.0, x, piece_start, position, text[piece_start:position], 0.0, token, (), tint))
                finish_line()
                piece_start, x = position, 0.0
            x += w
        line_boxes.append(Box(0.0, x, piece_start, end, text[piece_start:end], 0.0, token, (), tint))
        return x

    @staticmethod
    def _glued(text: str, left, right) -> bool:
        """Whether no line may break between two adjacent units."""
        after = text[right[0]]
        before = text[left[1] - 1]
        if after in NO_LINE_START or before in NO_LINE_END:
            return not after.isspace() and not before.isspace()
        return before + after in ELLIPSIS_PAIRS

    @staticmethod
    def _box(text, start, end, token, ruby, tint, x, base, w) -> Box:
        """The box from the pen ``x`` to the end of the text placed at ``base``; the pinyin centred over the text
        (it may reach past the box, over a punctuation mark)."""
        ruby_parts = ()
        if ruby:
            parts, ruby_w = ruby
            rx = base - x + (w - ruby_w) / 2
            ruby_parts = tuple((rx + dx, part, tone) for dx, part, tone in parts)
        return Box(x, base + w - x, start, end, text[start:end], base, token, ruby_parts, tint)

    @staticmethod
    def _make_runs(line: Line) -> None:
        """Merge boxes whose text follows on exactly into runs, so a frame draws a line in a few calls."""
        runs: list[tuple[float, str]] = []
        run_x, run_text, run_end = 0.0, [], None
        for box in line.boxes:
            if run_text and run_end is not None and abs(box.text_x - run_end) < 0.01:
                run_text.append(box.text)
            else:
                if run_text:
                    runs.append((run_x, "".join(run_text)))
                run_x, run_text = box.text_x, [box.text]
            run_end = box.x + box.width  # a box's text ends where the box does (any gap is before the text)
        if run_text:
            runs.append((run_x, "".join(run_text)))
        line.runs = runs
        line.ruby_text = ["".join(p for _, p, _ in box.ruby) for box in line.boxes if box.ruby]


def char_x(fonts: Fonts, box: Box, offset: int) -> float:
    """The x of code point ``offset`` (block coordinates) inside ``box``, at the left of that character."""
    if offset <= box.start:
        return box.text_x if box.start == offset and box.text_x != box.x else box.x
    if offset >= box.end:
        return box.x + box.width
    return box.text_x + fonts.width(box.text[: offset - box.start])


def offset_at_x(fonts: Fonts, box: Box, x: float) -> int:
    """The code point boundary in ``box`` nearest to ``x``."""
    if x <= box.text_x:
        return box.start
    position = box.text_x
    for i, char in enumerate(box.text):
        w = fonts.advance(char)
        if x < position + w / 2:
            return box.start + i
        position += w
    return box.end


def _glyph(raw: QRawFont, metrics: QFontMetricsF, cache: dict, char: str):
    """(glyph index, advance) of a code point in the font itself, or None when drawText would draw it otherwise:
    a fallback font, a mark to position, or a glyph the shaper substitutes (CJK fonts swap in full-width dashes)."""
    found = cache.get(char, False)
    if found is False:
        found = None
        if not _extends_previous(char) and char not in _SHAPED:
            indexes = raw.glyphIndexesForString(char)
            if len(indexes) == 1 and indexes[0] != 0:
                advance = raw.advancesForGlyphIndexes(indexes)[0].x()
                if abs(advance - metrics.horizontalAdvance(char)) < 0.01:
                    found = (indexes[0], advance)
        cache[char] = found
    return found


def _glyph_string(raw: QRawFont, metrics: QFontMetricsF, cache: dict, text: str) -> tuple | None:
    """(glyph indexes, x offsets) of ``text`` in the font itself, or None if one needs a fallback font."""
    indexes, offsets, x = [], [], 0.0
    get = cache.get
    for char in text:
        glyph = get(char, False)
        if glyph is False:
            glyph = _glyph(raw, metrics, cache, char)
        if glyph is None:
            return None
        indexes.append(glyph[0])
        offsets.append(x)
        x += glyph[1]
    return indexes, offsets


def _place(glyphs: tuple | None, x: float, y: float, indexes: list, positions: list) -> bool:
    """Append glyphs (from _glyph_string) drawn from (x, y) on their baseline; False if there are none."""
    if glyphs is None:
        return False
    indexes.extend(glyphs[0])
    positions.extend([QPointF(x + offset, y) for offset in glyphs[1]])
    return True


def _run(raw: QRawFont, indexes: list, positions: list) -> QGlyphRun:
    run = QGlyphRun()
    run.setRawFont(raw)
    run.setGlyphIndexes(indexes)
    run.setPositions(positions)
    return run


def glyph_runs(fonts: Fonts, line: Line) -> tuple:
    """The line's pinyin as one glyph run per tone, made once: (runs by tone, syllables needing drawText).

    Positions come from our own layout, so a line's pinyin is a handful of calls whatever its length; the
    hanzi runs stay with drawText (a line is one to a dozen runs, and the shaper knows CJK punctuation best).
    """
    found = line.glyphs
    if found is None:
        by_tone: dict[int, tuple[list, list]] = {}
        ruby_plain = []
        syllables = fonts._ruby_strings
        for box in line.boxes:
            for dx, part, tone in box.ruby:
                glyphs = syllables.get(part, False)
                if glyphs is False:
                    glyphs = syllables[part] = _glyph_string(fonts.ruby_raw, fonts.ruby_metrics, fonts._ruby_glyphs, part)
                tone_indexes, tone_positions = by_tone.setdefault(tone, ([], []))
                if not _place(glyphs, box.x + dx, line.ruby_baseline, tone_indexes, tone_positions):
                    ruby_plain.append((tone, QPointF(box.x + dx, line.ruby_baseline), part))
        ruby = [(tone, _run(fonts.ruby_raw, i, p)) for tone, (i, p) in sorted(by_tone.items()) if i]
        found = line.glyphs = (ruby, ruby_plain)
    return found
