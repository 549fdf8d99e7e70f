"""Which words the text tints, and how: by learning status (new warm, learning lighter as it rises), by HSK band
(a colour a band, from green for HSK 1 through yellow and orange to red for 7-9, grey beyond the lists), or not at all; the View menu's
choice and its legend in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from reader.core.levels import BANDS, band_label
from reader.ui.layout import status_tint
from reader.ui.plain_text import plain_label
from reader.ui.settings import WORD_TINTS as TINT_MODES

# Status tints (alpha over the paper): new is warm, learning lighter as the level rises; known and ignored plain.
STATUS_TINTS = {1: (255, 170, 40, 105), 2: (255, 185, 60, 75), 3: (255, 200, 80, 50), 4: (255, 215, 110, 30)}
HSK_KEY = 10  # a word's tint key is HSK_KEY + its band; HSK_KEY itself: in no list ("beyond")
# Easy bands faint (they are most of any text), harder ones stronger, so the eye goes to what is hard.
HSK_TINTS = {
    HSK_KEY + 1: (76, 175, 80, 40),
    HSK_KEY + 2: (0, 150, 136, 50),
    HSK_KEY + 3: (3, 155, 229, 60),
    HSK_KEY + 4: (103, 58, 183, 55),
    HSK_KEY + 5: (251, 192, 45, 90),
    HSK_KEY + 6: (245, 124, 0, 80),
    HSK_KEY + 7: (211, 47, 47, 75),
    HSK_KEY: (117, 117, 117, 70),
}


def tint_colors(dark: bool) -> dict[int, QColor]:
    """Every tint key's colour, a little fainter on dark paper."""
    return {key: QColor(r, g, b, round(a * (0.8 if dark else 1.0)))
            for key, (r, g, b, a) in (STATUS_TINTS | HSK_TINTS).items()}


def tint_function(mode: str, levels):
    """``tint_of(word, status)`` for a layout: by status, by the HSK band a text profile counts the word in
    (``levels.profile_band``; untinted until the tables are loaded, off the UI thread), or nothing."""
    if mode == "hsk":
        def hsk_tint(word: str, status: int) -> int:
            if not levels.loaded():
                return 0
            return HSK_KEY + (levels.profile_band(word) or 0)

        return hsk_tint
    if mode == "off":
        return lambda word, status: 0
    return status_tint


class TintLegend(QWidget):
    """The bands and their colours, in the status bar while the text is tinted by HSK band."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(2)
        layout.addWidget(plain_label("HSK", self))
        self.chips: list[QLabel] = []
        for key, label in [(HSK_KEY + band, band_label(band)) for band in BANDS] + [(HSK_KEY, "beyond")]:
            chip = plain_label(label, self)
            r, g, b, a = HSK_TINTS[key]
            chip.setStyleSheet(f"background: rgba({r}, {g}, {b}, {a}); padding: 0 4px; border-radius: 3px;")
            chip.setToolTip("Words in no HSK list" if key == HSK_KEY else f"HSK {label} words")
            layout.addWidget(chip)
            self.chips.append(chip)


class WordTintActions(QObject):
    """View › Tint Words: by learning status, by HSK band, or none; remembered in the settings."""

    changed = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        for mode, label, tip in (
            ("status", "Tint Words by Learning &Status", "New words warm, learning words lighter as they rise"),
            ("hsk", "Tint Words by &HSK Level", "A colour for each HSK 3.0 band; grey for words in no list"),
            ("off", "No &Word Tints", "The text without tints"),
        ):
            action = QAction(label, window)
            action.setCheckable(True)
            action.setData(mode)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda checked=False, m=mode: self.set_mode(m))
            window.addAction(action)
            self.group.addAction(action)
        self.legend = TintLegend(window)
        self.legend.hide()

    def actions(self) -> list[QAction]:
        """The three choices, for the View menu."""
        return self.group.actions()

    def mode(self) -> str:
        """The current choice: "status", "hsk" or "off"."""
        mode = self.window.settings.word_tint
        return mode if mode in TINT_MODES else "status"

    def set_mode(self, mode: str) -> None:
        """Tint the text this way from now on."""
        self.window.settings.word_tint = mode
        self.apply()
        self.changed.emit(mode)

    def tables_loaded(self) -> None:
        """The HSK tables are in memory: lay the text out again if it is tinted by band (words laid out before had
        no band to show)."""
        if self.mode() == "hsk":
            self.apply()

    def apply(self) -> None:
        """Push the setting to the view, the menu and the legend."""
        mode = self.mode()
        self.window.view.set_tint(tint_function(mode, self.window.session.levels))
        for action in self.group.actions():
            action.setChecked(action.data() == mode)
        self.legend.setVisible(mode == "hsk")
