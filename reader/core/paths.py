"""Where Yuedu keeps the user's data and its caches (platform directories, overridable)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "yuedu"
CACHE_ENV = "YUEDU_CACHE_DIR"
DATA_ENV = "YUEDU_DATA_DIR"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The directory for what the user owns (library, vocabulary, settings); created on demand."""
    if override is None and os.environ.get(DATA_ENV):
        override = os.environ[DATA_ENV]
    if override is None:
        import platformdirs

        override = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    path = Path(override)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """The directory for rebuildable caches (parsed dictionary, segmenter model); created on demand."""
    override = os.environ.get(CACHE_ENV)
    if not override:
        import platformdirs

        override = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    path = Path(override)
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The project's ``resources/`` folder (the built-in sample page and bundled files)."""
    return Path(__file__).resolve().parents[2] / "resources"


def sample_path() -> Path:
    """The built-in sample: a real Xinhua newspaper page."""
    return resources_dir() / "sample_xinhua.txt"
