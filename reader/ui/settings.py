"""The window's settings: typed defaults in one dataclass, stored as JSON holding only what differs from them."""

from __future__ import annotations

import json
import os
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

from reader.core.atomic import write_text_atomic

SETTINGS_FILE = "settings.json"
RUBY_MODES = ("off", "all", "unknown")
THEMES = ("system", "light", "dark")
TONE_SCHEMES = ("pleco", "mdbg")
WORD_TINTS = ("status", "hsk", "off")  # tint words by learning status, by HSK band, or not at all
MIN_ZOOM, MAX_ZOOM = 0.5, 3.0


@dataclass
class Settings:
    """Everything the window remembers between runs; each field's default is what a new user gets."""

    geometry: str = ""  # QMainWindow.saveGeometry(), base64
    splitter_sizes: list[int] = field(default_factory=list)
    library_visible: bool = True
    font_family: str = ""  # "" = the best CJK font the system has
    zoom: float = 1.0
    ruby_mode: str = "unknown"
    word_tint: str = "status"
    tone_colors: bool = True
    tone_scheme: str = "pleco"
    tone_sandhi: bool = False  # pinyin shows 一 and 不 as spoken (不是 bú shì); the dictionary keeps its tones
    theme: str = "system"
    last_article: str = ""  # the key of the article open when the window closed
    missing_font_told: bool = False  # the reader was told once which CJK font to install
    mark_known_when_paging: bool = False  # PageDown/Space past a page: its words never saved become known (LingQ)
    speech_rate: int = 150  # syllables per minute when a word or the text is read aloud
    speech_voice: str = ""  # the id of the chosen Mandarin voice ("" = the engine's first)

    def __post_init__(self):
        self._path: Path | None = None
        self.problem = ""  # what was wrong with the stored file (kept aside), for the window to say

    @classmethod
    def load(cls, data_dir: str | Path) -> "Settings":
        """The settings stored in ``data_dir`` (defaults for anything missing, unreadable or of the wrong type)."""
        path = Path(data_dir) / SETTINGS_FILE
        stored: dict = {}
        problem = ""
        try:
            loaded = json.loads(path.read_bytes()[:1 << 20].decode("utf-8"))
            if isinstance(loaded, dict):
                stored = loaded
        except OSError:
            pass  # no file yet (or unreadable): start from the defaults rather than refuse to open
        except (ValueError, RecursionError) as error:  # damaged, or nested 100,000 deep: kept aside, defaults used
            problem = _keep_aside(path, type(error).__name__)
        settings = cls()
        settings.problem = problem
        for item in fields(cls):
            if item.name in stored and _valid(item.name, stored[item.name], getattr(settings, item.name)):
                setattr(settings, item.name, _copy(stored[item.name]))
        settings._path = path
        return settings

    def changed(self) -> dict:
        """The fields whose value differs from the default, as JSON-ready values."""
        defaults = Settings()
        return {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if getattr(self, item.name) != getattr(defaults, item.name)
        }

    def save(self, data_dir: str | Path | None = None) -> None:
        """Write the non-default values (atomically) to the data directory's settings file."""
        path = Path(data_dir) / SETTINGS_FILE if data_dir is not None else self._path
        if path is None:
            raise ValueError("settings were not loaded from a directory; pass data_dir")
        text = json.dumps(self.changed(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        try:
            if path.read_text(encoding="utf-8") == text:
                return
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
        self._path = path


def _keep_aside(path: Path, reason: str) -> str:
    """Rename a damaged settings file so it is neither read again nor overwritten; the message for the window."""
    aside = path.with_name(f"{path.stem}.unreadable{path.suffix}")
    try:
        os.replace(path, aside)
    except OSError:
        return f"{path}: the settings could not be read ({reason}); the defaults are used"
    return f"{path}: the settings could not be read ({reason}); the file was kept as {aside.name} and the defaults are used"


def default_of(name: str):
    """The default value of the field ``name``."""
    item = next(f for f in fields(Settings) if f.name == name)
    return item.default if item.default is not MISSING else item.default_factory()


def _copy(value):
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def _valid(name: str, value, default) -> bool:
    """Whether a stored value can stand in for ``default`` (same type, and in range for the enumerated fields)."""
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and MIN_ZOOM <= value <= MAX_ZOOM
    if isinstance(default, int):  # speech_rate
        from reader.core.speech import MAX_RATE, MIN_RATE

        return isinstance(value, int) and not isinstance(value, bool) and MIN_RATE <= value <= MAX_RATE
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
    if isinstance(default, dict):
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in value.items()
        )
    if not isinstance(value, str):
        return False
    choices = {"ruby_mode": RUBY_MODES, "theme": THEMES, "tone_scheme": TONE_SCHEMES, "word_tint": WORD_TINTS}.get(name)
    return choices is None or value in choices
