"""Writing a file so that a failure never leaves half of it behind."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from reader.core.errors import UserError


@contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path beside ``target``; on success it replaces ``target``, on failure it is removed."""
    target = Path(target)
    if target.is_dir():
        raise UserError(f"{target}: is a directory")
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such directory")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise UserError(f"{target}: cannot write ({error.strerror})") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomic(target: str | os.PathLike, text: str) -> None:
    """Write UTF-8 text to ``target`` all at once or not at all."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
