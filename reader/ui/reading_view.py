"""The reading view: an article painted block by block, pinyin above words, a word cursor, hover cards."""

from __future__ import annotations

import html
import math
import re
from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from reader.core.blocks import Block
from reader.core.tones import DEFAULT_SCHEME, TONE_SCHEMES
from reader.ui import operations
from reader.ui.fonts import default_family
from reader.ui.layout import STYLES, BlockLayout, Box, Layouter, Line, char_x, glyph_runs, offset_at_x
from reader.ui.word_tints import tint_colors

BASE_PIXEL_SIZE = 21  # the body text at zoom 1
MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 0.5, 3.0, 1.1
MAX_COLUMN_EMS = 36  # a comfortable measure: about 36 hanzi a line
ORIGIN = QPointF(0.0, 0.0)
LINE_PAD = 4  # a line's picture reaches this far either side of the column (overhanging glyphs)
PIXMAP_BUDGET = 48 << 20  # bytes of line pictures kept: a dozen screens at a time
MAX_CACHED_LAYOUTS = 400  # blocks kept laid out: several screens either way


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    """``a`` blended towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * share_of_b),
        round(a.green() + (b.green() - a.green()) * share_of_b),
        round(a.blue() + (b.blue() - a.blue()) * share_of_b),
    )


class ReadingView(QAbstractScrollArea):
    """An article drawn from its token model: only visible blocks are laid out and painted."""

    word_hovered = Signal(object)  # the Token under the mouse or the word cursor, or None when it leaves a word
    word_activated = Signal(object)  # the Token clicked, or the one Enter was pressed on
    selection_activated = Signal(str)  # Enter pressed on a selection within one paragraph: look up what is selected
    position_changed = Signal(int)  # index of the first visible block
    zoom_changed = Signal(float)
    paged_past_end = Signal()  # PageDown or Space with the end of the article already on screen
    paged_past = Signal(object)  # [(block, token index)]: the words on the lines a page-down scrolled off the top

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        viewport = self.viewport()
        viewport.setMouseTracking(True)
        viewport.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        viewport.setCursor(Qt.CursorShape.IBeamCursor)
        self._blocks: list[Block] = []
        self._family = default_family()
        self._zoom = 1.0
        self._ruby = "off"
        self._status_lookup = None
        self._tint_of = None  # by learning status
        self._tones_enabled = True
        self._scheme = DEFAULT_SCHEME
        self._sandhi = False
        # block index -> (the tokens it was worked out from, {token index: numbered reading as spoken}), made
        # once per block when the block is first laid out with sandhi on; only the tokens 一 or 不 change are kept
        self._spoken: dict[int, tuple[list, dict[int, str]]] = {}
        self._background = QColor("#fdfcf8")
        self._text = QColor("#1f1f1f")
        self._accent = QColor("#2b63c6")
        self._derive_colors()
        self._layouter: Layouter | None = None
        self._font_cache: dict = {}
        self._pixmap_lines: OrderedDict[int, Line] = OrderedDict()
        self._pixmap_bytes = 0
        self._pixmap_style = None
        self._layouts: OrderedDict[int, BlockLayout] = OrderedDict()
        self._heights: list[float] = []
        self._tops: list[float] = [0.0]
        self._tops_dirty = False
        self._anchor_block = 0
        self._anchor_offset = 0.0
        self._first_visible = -1
        self._cursor: tuple[int, int] | None = None  # (block, token index) of the word cursor
        self._hover: tuple[int, int] | None = None  # the word under the mouse
        self._popup_shown_for: tuple[int, int] | None = None
        self._selection: tuple[tuple[int, int], tuple[int, int]] | None = None  # (anchor, focus) (block, offset)
        self._press: tuple[int, int] | None = None
        self._press_pos: QPoint | None = None
        self._dragging = False
        self._goal_x: float | None = None
        self._last_mouse: QPoint | None = None
        self._rehover_pending = False
        self._popup = None
        self.level_of = None  # word -> WordLevel or None (tables not loaded yet): the hover card's HSK badge
        self._syncing_scrollbar = False
        self.verticalScrollBar().setSingleStep(24)

    # -- public interface -------------------------------------------------------------------

    def set_blocks(self, blocks: list[Block]) -> None:
        """Show a new article (plain text at once; words become live as their tokens arrive)."""
        self._blocks = blocks
        self._layouts.clear()
        self._spoken.clear()
        self._drop_pixmaps()
        self._cursor = self._hover = self._selection = self._press = None
        self._goal_x = None
        self._anchor_block, self._anchor_offset = 0, -float(self._page_margin())
        self._first_visible = -1
        self._hide_popup()
        self._reestimate(build=False)  # the fonts and their measurements carry over from the last article
        self._sync_scrollbar()
        self.viewport().update()

    def blocks(self) -> list[Block]:
        """The article's blocks as shown."""
        return self._blocks

    def set_block_tokens(self, index: int, tokens: list) -> None:
        """The segmentation of block ``index`` has arrived: its words become live."""
        if not 0 <= index < len(self._blocks):
            return
        self._blocks[index].tokens = tokens
        self._spoken.pop(index, None)
        if self._layouts.pop(index, None) is not None and self._is_block_visible(index):
            self.viewport().update()
            if self._last_mouse is not None and not self._rehover_pending:
                self._rehover_pending = True
                QTimer.singleShot(0, self._rehover)

    def set_ruby_mode(self, mode: str) -> None:
        """Pinyin above words: "off", "all", or "unknown" (words whose status is not known)."""
        if mode not in ("off", "all", "unknown"):
            raise ValueError(f"unknown ruby mode {mode!r}")
        if mode != self._ruby:
            self._ruby = mode
            self._relayout_all(reestimate=True)

    def ruby_mode(self) -> str:
        """The current pinyin-above-words mode."""
        return self._ruby

    def set_tone_sandhi(self, enabled: bool) -> None:
        """Write 一 and 不 over the words as spoken (不是 bú shì, 一起 yì qǐ) rather than with their dictionary tones."""
        enabled = bool(enabled)
        if enabled != self._sandhi:
            self._sandhi = enabled
            self._relayout_all(reestimate=False)

    def tone_sandhi(self) -> bool:
        """Whether the pinyin shows the sandhi of 一 and 不."""
        return self._sandhi

    def shown_reading(self, block: int, token: int) -> str:
        """The numbered reading the view shows for a token (above it and on its card): sandhi applied when on."""
        tokens = self._blocks[block].tokens
        own = tokens[token].numbered
        if not self._sandhi:
            return own
        return self._spoken_readings(block).get(token, own)

    def set_status_lookup(self, lookup) -> None:
        """``lookup(word) -> Status | None`` for tints and the "unknown" ruby mode; None treats every word as unseen."""
        self._status_lookup = lookup
        self._relayout_all(reestimate=False)

    def set_tint(self, tint_of) -> None:
        """``tint_of(word, status) -> key`` (reader.ui.word_tints): which words are tinted, and how."""
        self._tint_of = tint_of
        self._relayout_all(reestimate=False)

    def set_tone_colors(self, enabled: bool, scheme: str = DEFAULT_SCHEME) -> None:
        """Colour pinyin by tone (Pleco's or MDBG's scheme), or draw it in one muted colour."""
        self._tones_enabled = bool(enabled)
        self._scheme = scheme if scheme in TONE_SCHEMES else DEFAULT_SCHEME
        self._update_popup_style()
        self.viewport().update()

    def set_font_family(self, family: str) -> None:
        """The family for the text (the best CJK family installed when empty)."""
        family = family or default_family()
        if family != self._family:
            self._family = family
            self._update_popup_style()
            self._relayout_all(reestimate=True)

    def font_family(self) -> str:
        """The family the text is drawn in."""
        return self._family

    def set_zoom(self, factor: float) -> None:
        """Scale the text (1.0 is the default size)."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, float(factor)))
        if abs(factor - self._zoom) > 1e-9:
            self._zoom = factor
            self._relayout_all(reestimate=True)
            self.zoom_changed.emit(factor)

    def zoom(self) -> float:
        """The current zoom factor."""
        return self._zoom

    def zoom_in(self) -> None:
        """Make the text one step bigger."""
        self.set_zoom(round(self._zoom * ZOOM_STEP, 2))

    def zoom_out(self) -> None:
        """Make the text one step smaller."""
        self.set_zoom(round(self._zoom / ZOOM_STEP, 2))

    def set_colors(self, background: QColor, text: QColor, accent: QColor) -> None:
        """The theme's paper, ink and accent colours."""
        self._background, self._text, self._accent = QColor(background), QColor(text), QColor(accent)
        self._derive_colors()
        palette = self.viewport().palette()
        palette.setColor(QPalette.ColorRole.Base, self._background)
        palette.setColor(QPalette.ColorRole.Window, self._background)
        self.viewport().setPalette(palette)
        self._update_popup_style()
        self.viewport().update()

    def select_first(self, word: str):
        """Put the word cursor on the first occurrence of ``word``, scroll there, show its card; the Token or None."""
        for index, block in enumerate(self._blocks):
            if not block.tokens or word not in block.text:
                continue
            for token_index, token in enumerate(block.tokens):
                if token.text == word and token.is_chinese:
                    self._set_cursor(index, token_index, center=True)
                    self.word_activated.emit(token)
                    return token
        return None

    def current_token(self):
        """The Token under the word cursor, or None."""
        if self._cursor is None:
            return None
        block, token = self._cursor
        tokens = self._blocks[block].tokens if block < len(self._blocks) else None
        return tokens[token] if tokens and token < len(tokens) else None

    def cursor_position(self) -> tuple[int, int] | None:
        """(block, token number) of the word cursor, or None."""
        return self._cursor

    def mark_spoken(self, block: int, start: int, end: int) -> None:
        """Highlight the words being spoken (as the selection, code points of the block) and keep them on screen."""
        self._selection = ((block, start), (block, end))
        self._ensure_offset_visible(block, start)
        self.viewport().update()

    def scroll_to_block(self, index: int) -> None:
        """Scroll so that block ``index`` is at the top."""
        if not self._blocks:
            return
        self._anchor_block = max(0, min(index, len(self._blocks) - 1))
        self._anchor_offset = -float(self._page_margin()) if self._anchor_block == 0 else 0.0
        self._sync_scrollbar()
        self.viewport().update()
        self._note_position()

    def scroll_to_end(self) -> None:
        """Show the end of the article, its last line whole above the bottom margin."""
        if not self._blocks:
            return
        bar = self.verticalScrollBar()
        self._sync_scrollbar()
        for _ in range(12):  # the blocks on screen get their real heights, which moves the end: until it holds
            end = bar.maximum()
            self._anchor_from(float(end))
            self._prepare()
            if bar.maximum() == end and bar.value() == end:
                break
        self._after_scroll()

    def first_visible_block(self) -> int:
        """Index of the first block on screen (the reading position)."""
        return self._anchor_block

    def find_text(self, text: str, forward: bool = True) -> bool:
        """Select the next (or previous) match of ``text`` after the selection or the top of the screen; wraps."""
        if not text or not self._blocks:
            return False
        pattern = re.compile(re.escape(text), re.IGNORECASE)
        n = len(self._blocks)
        if self._selection is not None:
            start, end = self._ordered_selection()
            origin = (start[0], start[1] + 1) if forward else start
        else:
            first = self._anchor_block
            origin = (first, 0) if forward else (first, len(self._blocks[first].text))
        block, offset = origin
        for step in range(n + 1):
            index = (block + step) % n if forward else (block - step) % n
            text_of = self._blocks[index].text
            if forward:
                match = pattern.search(text_of, offset if step == 0 else 0)
                if step == n and match and match.start() >= origin[1]:
                    match = None
                found = (match.start(), match.end()) if match else None
            else:
                limit = offset if step == 0 else len(text_of) + 1
                found = None
                for match in pattern.finditer(text_of):
                    if match.start() < limit:
                        found = (match.start(), match.end())
                    else:
                        break
            if found is not None:
                self._selection = ((index, found[0]), (index, found[1]))
                self._ensure_offset_visible(index, found[0], center=True)
                self.viewport().update()
                return True
        return False

    def selected_text(self) -> str:
        """The text selected with the mouse (or by find), blocks joined by newlines."""
        if self._selection is None:
            return ""
        (b1, o1), (b2, o2) = self._ordered_selection()
        if b1 == b2:
            return self._blocks[b1].text[o1:o2]
        parts = [self._blocks[b1].text[o1:]]
        parts.extend(self._blocks[b].text for b in range(b1 + 1, b2))
        parts.append(self._blocks[b2].text[:o2])
        return "\n".join(parts)

    def selected_span(self) -> tuple[int, int, int] | None:
        """(block, start, end) of a non-empty selection inside one block, else None."""
        if self._selection is None:
            return None
        (b1, o1), (b2, o2) = self._ordered_selection()
        return (b1, o1, o2) if b1 == b2 and o1 < o2 else None

    def offset_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(block, code point offset) of the text nearest to viewport point ``pos``."""
        return self._offset_at(pos)

    def _ordered_selection(self) -> tuple[tuple[int, int], tuple[int, int]]:
        first, second = self._selection
        return (first, second) if first <= second else (second, first)

    def select_range(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Select from (block, offset) ``start`` to ``end`` (offsets in code points)."""
        self._selection = (start, end)
        self.viewport().update()

    def clear_selection(self) -> None:
        """Deselect."""
        self._selection = None
        self.viewport().update()

    def copy(self) -> None:
        """Put the selection on the clipboard."""
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def refresh(self) -> None:
        """Repaint after the vocabulary changed (statuses change tints and which words get pinyin)."""
        self._relayout_all(reestimate=False)

    # -- for tests, screenshots and benchmarks ----------------------------------------------

    @property
    def popup(self):
        """The hover card (created on first use)."""
        if self._popup is None:
            from reader.ui.word_popup import WordPopup

            self._popup = WordPopup(self.window())
            self._popup.level_of = self.level_of
            self._update_popup_style()
        return self._popup

    def popup_visible(self) -> bool:
        """Whether the hover card is showing."""
        return self._popup is not None and self._popup.isVisible()

    def token_rect(self, token, block: int | None = None) -> QRect:
        """Where ``token`` is drawn, in viewport coordinates (its first box); an empty rect if not found."""
        found = self._find_token(token, block)
        if found is None:
            return QRect()
        return self._token_rect(*found)

    def drawn_ruby(self) -> list[str]:
        """The pinyin drawn above words on screen now, in reading order."""
        return [text for _, _, line in self._visible_lines() for text in line.ruby_text]

    def drawn_lines(self) -> list[str]:
        """The text of each line on screen now."""
        return ["".join(box.text for box in line.boxes) for _, _, line in self._visible_lines()]

    def line_height_of(self, block: int) -> float:
        """The height of block ``block``'s lines (ruby band included)."""
        layout = self._ensure_layout(block)[0]
        return layout.lines[0].height if layout.lines else 0.0

    def hit_test(self, pos: QPoint):
        """The Token drawn at ``pos`` (viewport coordinates), or None."""
        hit = self._word_at(pos)
        if hit is None:
            return None
        return self._blocks[hit[0]].tokens[hit[1]]

    def paint_to(self, painter: QPainter, rect: QRect) -> None:
        """Paint the visible part of the text into ``rect`` of ``painter`` (the paint event's work)."""
        self._prepare()
        self._paint(painter, rect)

    # -- geometry ---------------------------------------------------------------------------

    def _body_em(self) -> float:
        return BASE_PIXEL_SIZE * self._zoom

    def _page_margin(self) -> int:
        """Paper above the first block and below the last."""
        return round(self._body_em() * 1.4)

    def _column(self) -> tuple[float, float]:
        """(left, width) of the text column in the viewport."""
        em = self._body_em()
        width = self.viewport().width()
        margin = max(12.0, em * 1.6)
        column = max(80.0, min(width - 2 * margin, em * MAX_COLUMN_EMS))
        return float(round(max(margin, (width - column) / 2))), column  # whole pixels: line pictures stay crisp

    def _ensure_layouter(self) -> Layouter:
        _, column = self._column()
        layouter = self._layouter
        if layouter is None or abs(layouter.width - column) > 0.5:
            if layouter is not None and self._blocks:
                self._keep_anchor_fraction()
            self._layouter = self._new_layouter(column)
            self._layouts.clear()
            self._reestimate(build=False)
        return self._layouter

    def _new_layouter(self, column: float) -> Layouter:
        if len(self._font_cache) > 8:
            self._font_cache.clear()
        return Layouter(self._family, self._body_em(), column, self._ruby, self._status_lookup, self._font_cache,
                        self._tint_of)

    def _keep_anchor_fraction(self) -> None:
        height = self._heights[self._anchor_block] if self._anchor_block < len(self._heights) else 0
        self._anchor_fraction = self._anchor_offset / height if height else 0.0

    def _relayout_all(self, reestimate: bool) -> None:
        if self._blocks:
            self._keep_anchor_fraction()
        self._layouter = None
        self._layouts.clear()
        self._drop_pixmaps()
        if reestimate or not self._blocks:
            self._ensure_layouter()
        else:
            _, column = self._column()
            self._layouter = self._new_layouter(column)
        self._sync_scrollbar()
        self._hide_popup()
        self.viewport().update()

    def _reestimate(self, build: bool = True) -> None:
        """Heights of all blocks from their lengths (exact ones replace them as blocks are laid out)."""
        if build or self._layouter is None:
            _, column = self._column()
            self._layouter = self._new_layouter(column)
        layouter = self._layouter
        per_kind = {kind: layouter.estimate(kind, 1) for kind in STYLES}
        fonts = {kind: layouter.fonts(kind) for kind in STYLES}
        rule = {}
        for kind, font in fonts.items():
            per_line = max(1, int(layouter.width / (font.em * 0.97)))
            line = font.line_height + (font.ruby_band if self._ruby != "off" else 0)
            rule[kind] = (per_line, line, per_kind[kind] - line)
        paragraph = rule["paragraph"]
        get = rule.get
        self._heights = heights = [
            r[2] + (-(-len(b.text) // r[0]) or 1) * r[1] for b in self._blocks for r in (get(b.kind, paragraph),)
        ]
        self._tops_dirty = True
        fraction = getattr(self, "_anchor_fraction", None)
        if fraction is not None and self._anchor_block < len(heights):
            self._anchor_offset = fraction * heights[self._anchor_block]
            self._anchor_fraction = None

    def _tops_now(self) -> list[float]:
        if self._tops_dirty or len(self._tops) != len(self._heights) + 1:
            self._tops = list(accumulate(self._heights, initial=float(self._page_margin())))
            self._tops_dirty = False
        return self._tops

    def _block_at(self, y: float) -> int:
        tops = self._tops_now()
        index = bisect_right(tops, y) - 1
        return max(0, min(index, len(self._blocks) - 1))

    def _ensure_layout(self, index: int) -> tuple[BlockLayout, bool]:
        """Block ``index``'s layout (made now if needed) and whether its height changed."""
        layout = self._layouts.get(index)
        if layout is not None:
            self._layouts.move_to_end(index)
            return layout, False
        layouter = self._layouter or self._ensure_layouter()
        block = self._blocks[index]
        readings = self._spoken_readings(index) if self._sandhi and block.tokens else None
        layout = layouter.layout(block.kind, block.text, block.tokens, readings)
        self._layouts[index] = layout
        if len(self._layouts) > MAX_CACHED_LAYOUTS:
            self._layouts.popitem(last=False)
        changed = abs(self._heights[index] - layout.height) > 0.01
        if changed:
            self._heights[index] = layout.height
            self._tops_dirty = True
        return layout, changed

    def _spoken_readings(self, index: int) -> dict[int, str]:
        """{token index: numbered reading with the sandhi of 一 and 不} for block ``index``, worked out once.

        A block at a time: a paragraph or heading ends a phrase, so 一 at its end stays yī (统一).
        """
        tokens = self._blocks[index].tokens
        if not tokens:
            return {}
        found = self._spoken.get(index)
        if found is not None and found[0] is tokens:
            return found[1]
        readings = {}
        if any("一" in token.text or "不" in token.text for token in tokens):
            from reader.core.polyphone import sandhi_syllables

            for number, (token, syllables) in enumerate(zip(tokens, sandhi_syllables(tokens))):
                spoken = " ".join(syllables)
                if spoken != " ".join(token.numbered.split()):
                    readings[number] = spoken
        self._spoken[index] = (tokens, readings)
        return readings

    def _scroll_y(self) -> float:
        return float(self.verticalScrollBar().value())

    def _prepare(self) -> None:
        """Lay out the blocks on screen, keeping the block at the top where it is when heights settle."""
        self._ensure_layouter()
        if not self._blocks:
            return
        height = self.viewport().height()
        for _ in range(6):
            tops = self._tops_now()
            y = tops[self._anchor_block] + self._anchor_offset
            changed = False
            index = self._anchor_block
            while index < len(self._blocks) and tops[index] < y + height:
                changed |= self._ensure_layout(index)[1]
                index += 1
            if not changed:
                break
        self._sync_scrollbar()

    def _sync_scrollbar(self) -> None:
        """Scroll range from the heights, the value from the anchor block; then the anchor from the value."""
        bar = self.verticalScrollBar()
        # Signals stay on: the scroll area shows or hides the bar on rangeChanged (blocked, the bar never showed
        # after launch); scrollContentsBy leaves the anchor alone while the range is being set.
        self._syncing_scrollbar = True
        try:
            if not self._blocks:
                bar.setRange(0, 0)
                return
            self._anchor_block = min(self._anchor_block, len(self._blocks) - 1)
            tops = self._tops_now()
            viewport_height = self.viewport().height()
            target = round(tops[self._anchor_block] + self._anchor_offset)
            bar.setRange(0, max(0, round(tops[-1] + self._page_margin() * 2) - viewport_height))
            bar.setPageStep(max(1, viewport_height))
            bar.setSingleStep(max(1, round(self._body_em() * 1.8)))
            bar.setValue(target)
        finally:
            self._syncing_scrollbar = False
        value = bar.value()
        if value != target:
            self._anchor_from(value)

    def _anchor_from(self, y: float) -> None:
        index = self._block_at(y)
        self._anchor_block = index
        self._anchor_offset = y - self._tops_now()[index]

    def _scroll_to(self, y: float) -> None:
        self._anchor_from(max(0.0, y))
        self._sync_scrollbar()
        self._after_scroll()

    def _after_scroll(self) -> None:
        self._hide_popup()
        self.viewport().update()
        self._note_position()

    def _note_position(self) -> None:
        first = self._anchor_block
        bar = self.verticalScrollBar()
        if self._blocks and 0 < bar.maximum() <= bar.value():
            first = len(self._blocks) - 1  # scrolled to the end: read to the last line (100%, and reopened there)
        if first != self._first_visible and self._blocks:
            self._first_visible = first
            self.position_changed.emit(first)

    def _is_block_visible(self, index: int) -> bool:
        tops = self._tops_now()
        y = self._scroll_y()
        return index < len(tops) - 1 and tops[index] < y + self.viewport().height() and tops[index + 1] > y

    def page_down(self) -> None:
        """Scroll on by a page (two lines kept); tell who listens which words the reader has left behind."""
        before = self._scroll_y()
        bar = self.verticalScrollBar()
        if self._blocks and before >= bar.maximum():
            self.paged_past_end.emit()
            return
        shown = [(index, before + block_top + line.top + line.height, line) for index, block_top, line in self._visible_lines()]
        self._scroll_to(before + max(1, self.verticalScrollBar().pageStep() - self._body_em() * 2))
        top = self._scroll_y()
        # only lines seen whole and now above the top: the kept lines and a line cut at the bottom are still to read
        seen = before + self.viewport().height()
        passed = [(index, box.token) for index, bottom, line in shown if bottom <= top + 0.5 and bottom <= seen + 0.5
                  for box in line.boxes if box.token >= 0]
        if top > before and passed:
            self.paged_past.emit(list(dict.fromkeys(passed)))

    def _visible_lines(self):
        """(block index, block top in viewport, line) for every line on screen."""
        self._prepare()
        if not self._blocks:
            return
        tops = self._tops_now()
        y = self._scroll_y()
        bottom = y + self.viewport().height()
        index = self._block_at(y)
        while index < len(self._blocks) and tops[index] < bottom:
            layout = self._ensure_layout(index)[0]
            block_top = tops[index] - y
            for line in layout.lines:
                if block_top + line.top + line.height > 0 and block_top + line.top < bottom - y:
                    yield index, block_top, line
            index += 1

    # -- painting ---------------------------------------------------------------------------

    def _derive_colors(self) -> None:
        self._muted = _mix(self._text, self._background, 0.42)
        self._dark = self._background.lightnessF() < 0.5
        accent = QColor(self._accent)
        accent.setAlpha(60 if self._dark else 40)
        self._hover_fill = accent
        selection = QColor(self._accent)
        selection.setAlpha(110 if self._dark else 80)
        self._selection_fill = selection
        self._tints = tint_colors(self._dark)

    def _tone_colors(self) -> list[QColor] | None:
        if not self._tones_enabled:
            return None
        colours = TONE_SCHEMES[self._scheme]
        if self._dark:
            from reader.ui.theme import readable_on_dark

            colours = ("",) + tuple(readable_on_dark(c) for c in colours[1:])
        return [QColor(c) if c else QColor() for c in colours]

    def paintEvent(self, event) -> None:
        with operations.ui_busy(), QPainter(self.viewport()) as painter:  # the segmenter waits: a screen appears sooner
            self.paint_to(painter, event.rect())
        self._note_position()

    def _paint(self, painter: QPainter, rect: QRect) -> None:
        painter.fillRect(rect, self._background)
        if not self._blocks:
            return
        layouter = self._layouter
        left, _ = self._column()
        tops = self._tops_now()
        y = self._scroll_y()
        clip_top, clip_bottom = rect.top(), rect.bottom() + 1
        tones = self._tone_colors()
        tone_names = tuple(c.name() if c.isValid() else "" for c in tones) if tones else None
        selection = self._ordered_selection() if self._selection else None
        dpr = painter.device().devicePixelRatioF()
        style = (self._background.rgba(), self._text.rgba(), tone_names, dpr, self._family, layouter.width)
        if style != self._pixmap_style:
            self._drop_pixmaps()
            self._pixmap_style = style
        index = self._block_at(y + clip_top)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        while index < len(self._blocks) and tops[index] - y < clip_bottom:
            layout = self._layouts.get(index) or self._ensure_layout(index)[0]
            block = self._blocks[index]
            fonts = layouter.fonts(block.kind)
            block_top = tops[index] - y
            ink = self._muted if fonts.style.muted else self._text
            first_line = max(0, bisect_right(layout.tops, clip_top - block_top) - 1)
            marked = self._marked_tokens(index)
            for line in layout.lines[first_line:]:
                line_top = block_top + line.top
                if line_top >= clip_bottom:
                    break
                pixmap = line.pixmap
                if pixmap is None and line.painted:
                    # a line drawn again (scrolling): from now on it is one picture, one call a frame
                    pixmap = self._line_pixmap(line, fonts, ink, tones, dpr)
                if pixmap is not None:
                    painter.drawPixmap(QPointF(left - LINE_PAD, line_top), pixmap)
                else:
                    line.painted = True  # first sight (a jump, a new article): drawn directly
                    self._draw_line(painter, left, block_top, line, fonts, ink, tones)
                if marked or selection is not None:
                    self._paint_marks(painter, left, line_top, line, fonts, index, marked, selection)
            index += 1

    def _draw_line(self, painter, dx: float, dy: float, line: Line, fonts, ink, tones) -> None:
        """Tints, text and pinyin of one line, with the line's block origin at (dx, dy)."""
        painter.translate(dx, dy)
        tints = self._tints
        if line.tinted:
            text_top = line.baseline - fonts.ascent - 2
            text_height = fonts.height + 4
            for box in line.boxes:
                if box.tint in tints:
                    # half a pixel in from either side, so two tinted words side by side still show their seam
                    painter.fillRect(QRectF(box.x + 0.5, text_top, box.width - 1, text_height), tints[box.tint])
        painter.setFont(fonts.font)
        painter.setPen(ink)
        baseline = line.baseline
        for x, text in line.runs:
            painter.drawText(QPointF(x, baseline), text)
        if line.ruby_text:
            ruby, ruby_plain = line.glyphs or glyph_runs(fonts, line)
            if tones is None:
                painter.setPen(self._muted)
            for tone, run in ruby:
                if tones is not None:
                    painter.setPen(tones[tone])
                painter.drawGlyphRun(ORIGIN, run)
            if ruby_plain:  # letters the font lacks: Qt finds a fallback font
                painter.setFont(fonts.ruby_font)
                for tone, point, part in ruby_plain:
                    painter.setPen(self._muted if tones is None else tones[tone])
                    painter.drawText(point, part)
        painter.translate(-dx, -dy)

    def _line_pixmap(self, line: Line, fonts, ink, tones, dpr: float) -> QPixmap:
        width = self._layouter.width + 2 * LINE_PAD
        pixmap = QPixmap(math.ceil(width * dpr), math.ceil(line.height * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(self._background)  # opaque, so text keeps its subpixel antialiasing
        with QPainter(pixmap) as painter:
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self._draw_line(painter, LINE_PAD, -line.top, line, fonts, ink, tones)
        line.pixmap = pixmap
        cache = self._pixmap_lines
        cache[id(line)] = line
        self._pixmap_bytes += pixmap.width() * pixmap.height() * 4
        while self._pixmap_bytes > PIXMAP_BUDGET and len(cache) > 1:
            _, oldest = cache.popitem(last=False)
            if oldest.pixmap is not None:
                self._pixmap_bytes -= oldest.pixmap.width() * oldest.pixmap.height() * 4
                oldest.pixmap = None
        return pixmap

    def _drop_pixmaps(self) -> None:
        for line in self._pixmap_lines.values():
            line.pixmap = None
            line.painted = False
        self._pixmap_lines.clear()
        self._pixmap_bytes = 0

    def _marked_tokens(self, block: int) -> dict[int, int]:
        """Token indexes of block ``block`` drawn highlighted: 2 for the active word, 1 for the cursor."""
        marked = {}
        if self._cursor is not None and self._cursor[0] == block:
            marked[self._cursor[1]] = 2 if self._popup_shown_for == self._cursor else 1
        if self._hover is not None and self._hover[0] == block:
            marked[self._hover[1]] = 2
        return marked

    def _paint_marks(self, painter, left, line_top, line: Line, fonts, block, marked, selection) -> None:
        """The word under the mouse or the cursor, and the selection, laid over the line's text."""
        text_top = line.baseline - fonts.ascent - 2 + (line_top - line.top)
        text_height = fonts.height + 4
        if marked:
            for box in line.boxes:
                state = marked.get(box.token) if box.token >= 0 else None
                if state:
                    top = line_top if box.ruby else text_top
                    height = (text_top + text_height - line_top) if box.ruby else text_height
                    if state == 2:
                        painter.fillRect(QRectF(left + box.x - 1, top, box.width + 2, height), self._hover_fill)
                    painter.fillRect(QRectF(left + box.x, text_top + text_height - 2, box.width, 2), self._accent)
        if selection is not None and line.boxes:
            (b1, o1), (b2, o2) = selection
            if b1 <= block <= b2:
                line_start, line_end = line.boxes[0].start, line.boxes[-1].end
                start = o1 if block == b1 else 0
                end = o2 if block == b2 else 1 << 60
                if start < line_end and end > line_start:
                    x1 = self._x_of(fonts, line, max(start, line_start))
                    x2 = self._x_of(fonts, line, min(end, line_end))
                    painter.fillRect(QRectF(left + x1, text_top, x2 - x1, text_height), self._selection_fill)

    @staticmethod
    def _x_of(fonts, line: Line, offset: int) -> float:
        starts = [box.start for box in line.boxes]
        index = max(0, bisect_right(starts, offset) - 1)
        box = line.boxes[index]
        if offset >= box.end:
            return box.x + box.width
        return char_x(fonts, box, offset)

    # -- hit-testing ------------------------------------------------------------------------

    def _locate(self, pos: QPoint, nearest: bool = False):
        """(block, layout, line, x in column) at a viewport point; None off the text (unless ``nearest``)."""
        if not self._blocks:
            return None
        self._prepare()
        y = pos.y() + self._scroll_y()
        tops = self._tops_now()
        if y < 0 or y >= tops[-1]:
            if not nearest:
                return None
            y = min(max(y, 0.0), tops[-1] - 1)
        index = self._block_at(y)
        layout = self._ensure_layout(index)[0]
        if self._tops_dirty:
            tops = self._tops_now()
        local = y - tops[index]
        line = layout.line_at(local)
        if line is None:
            return None
        if not nearest and not (line.top <= local < line.top + line.height):
            return None
        left, _ = self._column()
        return index, layout, line, pos.x() - left

    def _word_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(block, token index) of the Chinese word drawn at ``pos``."""
        found = self._locate(pos)
        if found is None:
            return None
        index, _, line, x = found
        i = bisect_right(line.xs, x) - 1
        if i < 0:
            return None
        box = line.boxes[i]
        if box.token < 0 or x >= box.x + box.width:
            return None
        return index, box.token

    def _offset_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(block, code point offset) nearest to ``pos``, for selecting."""
        found = self._locate(pos, nearest=True)
        if found is None:
            return None
        index, layout, line, x = found
        y = pos.y() + self._scroll_y() - self._tops_now()[index]
        if not line.boxes:
            return index, 0
        if y < line.top and line is layout.lines[0]:
            return index, 0
        if y >= line.top + line.height and line is layout.lines[-1]:
            return index, len(self._blocks[index].text)
        i = max(0, bisect_right(line.xs, x) - 1)
        box = line.boxes[i]
        if x < box.x:
            return index, box.start
        fonts = self._layouter.fonts(self._blocks[index].kind)
        return index, offset_at_x(fonts, box, x)

    def _find_token(self, token, block: int | None = None) -> tuple[int, int] | None:
        indexes = [block] if block is not None else range(len(self._blocks))
        for index in indexes:
            tokens = self._blocks[index].tokens
            if not tokens:
                continue
            for token_index, candidate in enumerate(tokens):
                if candidate is token:
                    return index, token_index
        return None

    def _token_rect(self, block: int, token: int) -> QRect:
        """The first box of a token in viewport coordinates (laying its block out if needed)."""
        layout = self._ensure_layout(block)[0]
        tokens = self._blocks[block].tokens
        if not tokens or not 0 <= token < len(tokens):
            return QRect()
        start, end = tokens[token].start, tokens[token].end
        tops = self._tops_now()
        left, _ = self._column()
        top = tops[block] - self._scroll_y()
        for line in layout.lines:
            if not line.boxes or line.boxes[-1].end <= start:
                continue
            for box in line.boxes:
                if box.token == token or (box.start < end and box.end > start):
                    fonts = self._layouter.fonts(self._blocks[block].kind)
                    text_top = top + line.baseline - fonts.ascent
                    return QRectF(left + box.x, text_top, box.width, fonts.height).toAlignedRect()
        return QRect()

    def _token_line(self, block: int, token: int) -> tuple[int, Line, Box] | None:
        layout = self._ensure_layout(block)[0]
        for number, line in enumerate(layout.lines):
            for box in line.boxes:
                if box.token == token:
                    return number, line, box
        return None

    # -- the word cursor --------------------------------------------------------------------

    def _set_cursor(self, block: int, token: int, center: bool = False, popup: bool = True) -> None:
        old = self._cursor
        self._cursor = (block, token)
        self._hover = None
        tok = self._blocks[block].tokens[token]
        self._ensure_offset_visible(block, tok.start, center=center)
        self._update_token(old)
        self._update_token(self._cursor)
        if popup:
            self._show_popup(block, token)
        self.word_hovered.emit(tok)

    def _update_token(self, where) -> None:
        if where is None:
            return
        rect = self._token_rect(*where)
        if not rect.isNull():
            self.viewport().update(rect.adjusted(-4, -self._line_slack(where[0]), 4, 6))

    def _line_slack(self, block: int) -> int:
        layout = self._layouts.get(block)
        if layout and layout.lines:
            return int(layout.lines[0].height)
        return 60

    def _ensure_offset_visible(self, block: int, offset: int, center: bool = False) -> None:
        layout = self._ensure_layout(block)[0]
        line = layout.lines[0]
        for candidate in layout.lines:
            if candidate.boxes and candidate.boxes[0].start <= offset:
                line = candidate
        self._prepare()
        tops = self._tops_now()
        top = tops[block] + line.top
        bottom = top + line.height
        y = self._scroll_y()
        height = self.viewport().height()
        if center:
            if top < y or bottom > y + height:  # out of sight: bring it a third of the way down the screen
                self._scroll_to(max(0.0, top - height / 3))
        elif top < y:
            self._scroll_to(top - line.height * 0.5)
        elif bottom > y + height:
            self._scroll_to(bottom - height + line.height * 0.5)

    def _first_visible_word(self) -> tuple[int, int] | None:
        for index, _, line in self._visible_lines():
            for box in line.boxes:
                if box.token >= 0:
                    return index, box.token
        return None

    def move_cursor(self, key: str) -> None:
        """Move the word cursor: "left", "right", "up", "down" (by line)."""
        if self._cursor is None:
            start = self._first_visible_word()
            if start is not None:
                self._goal_x = None
                self._set_cursor(*start)
            return
        block, token = self._cursor
        if key in ("left", "right"):
            self._goal_x = None
            step = 1 if key == "right" else -1
            tokens = self._blocks[block].tokens or []
            i = token + step
            while True:
                while 0 <= i < len(tokens):
                    if tokens[i].is_chinese:
                        self._set_cursor(block, i)
                        return
                    i += step
                block += step
                if not 0 <= block < len(self._blocks):
                    return
                tokens = self._blocks[block].tokens or []
                i = 0 if step > 0 else len(tokens) - 1
        found = self._token_line(block, token)
        if found is None:
            return
        number, line, box = found
        goal = self._goal_x if self._goal_x is not None else box.x + box.width / 2
        step = 1 if key == "down" else -1
        layout = self._ensure_layout(block)[0]
        number += step
        while True:
            if not 0 <= number < len(layout.lines):
                block += step
                if not 0 <= block < len(self._blocks):
                    return
                layout = self._ensure_layout(block)[0]
                number = 0 if step > 0 else len(layout.lines) - 1
                continue
            candidates = [b for b in layout.lines[number].boxes if b.token >= 0]
            if candidates:
                best = min(candidates, key=lambda b: abs(b.x + b.width / 2 - goal))
                self._set_cursor(block, best.token)
                self._goal_x = goal
                return
            number += step

    # -- the hover card ---------------------------------------------------------------------

    def _show_popup(self, block: int, token: int, cursor: QPoint | None = None) -> None:
        rect = self._token_rect(block, token)
        if rect.isNull() or not self.isVisible():
            self._popup_shown_for = (block, token)
            return
        popup = self.popup
        window = self.window()
        if popup.parentWidget() is not window:
            popup.setParent(window)
            self._update_popup_style()
        origin = self.viewport().mapTo(window, QPoint(0, 0))
        tok = self._blocks[block].tokens[token]
        popup.show_token(tok, rect.translated(origin), cursor + origin if cursor is not None else None,
                         self.shown_reading(block, token))
        self._popup_shown_for = (block, token)

    def _hide_popup(self) -> None:
        previous = self._popup_shown_for
        self._popup_shown_for = None
        if self._popup is not None:
            self._popup.hide()
        if previous is not None:
            self._update_token(previous)

    def _update_popup_style(self) -> None:
        if self._popup is None:
            return
        paper = _mix(self._background, QColor("#ffffff") if not self._dark else QColor("#3a3c42"), 0.6)
        self._popup.set_colors(paper, self._text, self._muted, _mix(self._background, self._text, 0.25))
        tones = self._tone_colors()
        self._popup.set_tone_colors(tuple(c.name() if c.isValid() else "" for c in tones) if tones else None)
        self._popup.set_font_family(self._family)

    # -- events -----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._ensure_layouter()
        self._sync_scrollbar()
        shown = self._popup_shown_for
        if shown is not None and self.popup_visible():
            self._show_popup(*shown)  # the word moved with the new width: the card follows it

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        if self._syncing_scrollbar:
            self.viewport().update()
            return
        # the reader scrolled (wheel, scroll bar): the word now under a resting mouse gets its card
        self._anchor_from(self._scroll_y())
        self._after_scroll()
        if self._last_mouse is not None and not self._rehover_pending and self._press is None:
            self._rehover_pending = True
            QTimer.singleShot(0, self._rehover)

    def _rehover(self) -> None:
        self._rehover_pending = False
        if self._last_mouse is not None:  # cleared when the mouse leaves the text
            self._hover = None  # answer afresh: the word under the mouse may be the same token in a new place
            self._hover_at(self._last_mouse)

    def _hover_at(self, pos: QPoint) -> None:
        hit = self._word_at(pos)
        if hit == self._hover and (hit is None or self._popup_shown_for == hit):
            return
        old_hover = self._hover
        self._hover = hit
        self._update_token(old_hover)
        if hit is None:
            self._hide_popup()
            self.word_hovered.emit(None)
            return
        old_cursor = self._cursor
        self._cursor = hit
        self._goal_x = None
        self._update_token(old_cursor)
        self._update_token(hit)
        self._show_popup(*hit, cursor=pos)
        self.word_hovered.emit(self._blocks[hit[0]].tokens[hit[1]])

    def mouseMoveEvent(self, event) -> None:
        pos = event.position().toPoint()
        self._last_mouse = pos
        if event.buttons() & Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragging and self._press_pos is not None:
                if (pos - self._press_pos).manhattanLength() < QGuiApplication.styleHints().startDragDistance():
                    return
                self._dragging = True
                self._hover = None
                self._hide_popup()
            height = self.viewport().height()
            if pos.y() < 0:
                self._scroll_to(self._scroll_y() + pos.y())
            elif pos.y() > height:
                self._scroll_to(self._scroll_y() + pos.y() - height)
            where = self._offset_at(pos)
            if where is not None:
                self._selection = (self._press, where)
                self.viewport().update()
            return
        self._hover_at(pos)

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position().toPoint()
        self._press_pos = pos
        self._press = self._offset_at(pos)
        self._dragging = False
        if self._selection is not None:
            self._selection = None
            self.viewport().update()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        dragged = self._dragging
        self._dragging = False
        self._press = None
        if dragged:
            return
        hit = self._word_at(pos)
        if hit is not None:
            self._goal_x = None
            old = self._cursor
            self._cursor = hit
            self._update_token(old)
            self._update_token(hit)
            if self._popup_shown_for != hit:
                self._show_popup(*hit, cursor=pos)
            self.word_activated.emit(self._blocks[hit[0]].tokens[hit[1]])

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseDoubleClickEvent(event)
        found = self._locate(event.position().toPoint())
        if found is None:
            return
        index, _, line, x = found
        i = bisect_right(line.xs, x) - 1
        if 0 <= i < len(line.boxes):
            box = line.boxes[i]
            start, end = box.start, box.end
            if box.token >= 0:
                token = self._blocks[index].tokens[box.token]
                start, end = token.start, token.end
            self._selection = ((index, start), (index, end))
            self._hide_popup()
            self.viewport().update()

    def leaveEvent(self, event) -> None:
        self._leave()
        super().leaveEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.Leave:
            self._leave()
        elif event.type() == event.Type.ToolTip:
            note = self.note_at(event.pos())
            if note:
                # escaped inside a <p>: the file's text shows as written, never as markup
                QToolTip.showText(event.globalPos(), f"<p style='white-space:pre'>{html.escape(note)}</p>", self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def note_at(self, pos: QPoint) -> str | None:
        """The note of the block drawn at viewport point ``pos`` (a subtitle cue's time), if any."""
        found = self._locate(pos)
        return self._blocks[found[0]].note if found is not None else None

    def _leave(self) -> None:
        self._last_mouse = None
        if self._hover is not None:
            old = self._hover
            self._hover = None
            self._update_token(old)
            self._hide_popup()
            self.word_hovered.emit(None)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        bar = self.verticalScrollBar()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.matches(QKeySequence.StandardKey.SelectAll):
            if self._blocks:
                self.select_range((0, 0), (len(self._blocks) - 1, len(self._blocks[-1].text)))
        elif event.matches(QKeySequence.StandardKey.ZoomIn) or (
            modifiers & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Equal, Qt.Key.Key_Plus)
        ):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut) or (
            modifiers & Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_Minus
        ):
            self.zoom_out()
        elif key == Qt.Key.Key_Right:
            self.move_cursor("right")
        elif key == Qt.Key.Key_Left:
            self.move_cursor("left")
        elif key == Qt.Key.Key_Down:
            self.move_cursor("down")
        elif key == Qt.Key.Key_Up:
            self.move_cursor("up")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            token = self.current_token()
            span = self.selected_span()
            if span is not None and self._blocks[span[0]].text[span[1] : span[2]].strip():
                self.selection_activated.emit(self._blocks[span[0]].text[span[1] : span[2]].strip())
            elif token is not None:
                if self._cursor != self._popup_shown_for:
                    self._show_popup(*self._cursor)
                self.word_activated.emit(token)
        elif key == Qt.Key.Key_PageDown or (key == Qt.Key.Key_Space and not modifiers):
            self.page_down()
        elif key == Qt.Key.Key_PageUp or (key == Qt.Key.Key_Space and modifiers == Qt.KeyboardModifier.ShiftModifier):
            self._scroll_to(self._scroll_y() - max(1, bar.pageStep() - self._body_em() * 2))
        elif key == Qt.Key.Key_Home:
            self._scroll_to(0)
        elif key == Qt.Key.Key_End:
            self.scroll_to_end()
        elif key == Qt.Key.Key_Escape:
            self._hide_popup()
            if self._selection is not None:
                self.clear_selection()
            else:
                event.ignore()
        else:
            super().keyPressEvent(event)
