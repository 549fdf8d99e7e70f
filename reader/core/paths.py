"""Where Yuedu keeps the user's data and its caches (platform directories, overridable)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reader.core.errors import UserError

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
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(f"{path}: cannot be the data directory (it is a file)") from None
    except OSError as error:
        raise UserError(f"{path}: cannot create the data directory ({error.strerror})") from None
    if not path.is_dir():
        raise UserError(f"{path}: cannot be the data directory (not a directory)")
    return path


def cache_dir() -> Path:
    """The directory for rebuildable caches (parsed dictionary, segmenter model); created on demand."""
    override = os.environ.get(CACHE_ENV)
    if not override:
        import platformdirs

        override = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    path = Path(override)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        # caches are an optimisation: a cache directory that cannot be made costs time, never a start
        path = Path(tempfile.gettempdir()) / f"{APP_NAME}-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The project's ``resources/`` folder (the built-in sample page and bundled files)."""
    return Path(__file__).resolve().parents[2] / "resources"


def sample_path() -> Path:
    """The built-in sample: a real Xinhua newspaper page."""
    return resources_dir() / "sample_xinhua.txt"
