"""Light, dark and follow-the-system themes: one palette for the widgets, the reading view and the panel."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette


@dataclass(frozen=True)
class Theme:
    """The colours of one theme."""

    name: str
    dark: bool
    window: str
    paper: str  # the reading view's background
    text: str
    muted: str
    accent: str
    link: str
    highlight: str  # the searched or looked-up word in example sentences
    border: str


LIGHT = Theme(
    name="light",
    dark=False,
    window="#f3f2ee",
    paper="#fdfcf8",
    text="#1f1f1f",
    muted="#6b6b6b",
    accent="#2b63c6",
    link="#1f5fb4",
    highlight="#fff0a8",
    border="#d9d6cc",
)
DARK = Theme(
    name="dark",
    dark=True,
    window="#26272b",
    paper="#1d1e21",
    text="#e2e2e2",
    muted="#9a9a9a",
    accent="#7aa7f0",
    link="#8ab4f8",
    highlight="#5a4d1a",
    border="#3b3d42",
)


def readable_on_dark(colour: str) -> str:
    """A tone colour lifted so it reads on a dark background (Pleco's blue and purple are too dark there)."""
    color = QColor(colour)
    hue, saturation, lightness, _ = color.getHslF()
    if lightness >= 0.62:
        return colour
    lifted = QColor.fromHslF(max(hue, 0.0), saturation, 0.68)
    return lifted.name()


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark scheme (QStyleHints.colorScheme)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(choice: str) -> Theme:
    """The theme for a setting: "light", "dark", or "system" (the desktop's scheme)."""
    app = QGuiApplication.instance()
    hints = app.styleHints() if app is not None else None
    if hints is not None and hasattr(hints, "setColorScheme"):  # Qt 6.8+: native dialogs follow our choice too
        wanted = {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}.get(choice, Qt.ColorScheme.Unknown)
        if choice == "system" or hints.colorScheme() != wanted:
            hints.blockSignals(True)
            hints.setColorScheme(wanted)
            hints.blockSignals(False)
    if choice == "dark":
        return DARK
    if choice == "light":
        return LIGHT
    return DARK if system_is_dark() else LIGHT


def palette_for(theme: Theme) -> QPalette:
    """A Fusion palette in the theme's colours."""
    palette = QPalette()
    window, paper, text = QColor(theme.window), QColor(theme.paper), QColor(theme.text)
    muted = QColor(theme.muted)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, window)
        palette.setColor(group, QPalette.ColorRole.WindowText, text)
        palette.setColor(group, QPalette.ColorRole.Base, paper)
        palette.setColor(group, QPalette.ColorRole.AlternateBase, window)
        palette.setColor(group, QPalette.ColorRole.Text, text)
        palette.setColor(group, QPalette.ColorRole.Button, window)
        palette.setColor(group, QPalette.ColorRole.ButtonText, text)
        palette.setColor(group, QPalette.ColorRole.ToolTipBase, paper)
        palette.setColor(group, QPalette.ColorRole.ToolTipText, text)
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, muted)
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(theme.accent))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff" if not theme.dark else "#111111"))
        palette.setColor(group, QPalette.ColorRole.Link, QColor(theme.link))
        palette.setColor(group, QPalette.ColorRole.Mid, QColor(theme.border))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return palette


def apply(theme: Theme) -> None:
    """Give the whole application the theme's palette (Fusion, so it looks the same everywhere)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette_for(theme))
