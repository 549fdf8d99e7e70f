"""Writing a file so that a failure never leaves half of it behind.

Every file Yuedu writes for the user (exports, ``annotate --html``, settings) goes through ``atomic_path``: the
text is written to a temporary file beside the target, which then replaces it. A symlink is written through
(the file it points to is replaced, the link stays); the new file gets the permissions the user's umask gives
(or the replaced file's); a device, a FIFO or a directory is refused in one line, never opened or replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from reader.core.errors import UserError


def current_umask() -> int:
    """The process's umask, read without changing it where the platform allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore (a moment in which another thread's files get 022)
    os.umask(mask)
    return mask


_SPECIAL_TREES = ("/dev/", "/proc/")  # /dev/stdout links to whatever fd 1 is: a terminal, a pipe, the shell's file


def _follow_links(target: Path) -> tuple[Path, bool]:
    """``target`` with its symlinks followed hop by hop, and whether any hop went through /dev or /proc."""
    special = False
    for _ in range(40):
        special = special or os.path.abspath(target).startswith(_SPECIAL_TREES)
        if not target.is_symlink():
            break
        link = Path(os.readlink(target))
        target = link if link.is_absolute() else target.parent / link
    else:
        raise UserError(f"{target}: too many levels of symbolic links")
    resolved = Path(os.path.realpath(target))
    return resolved, special or str(resolved).startswith(_SPECIAL_TREES)


def write_target(target: str | os.PathLike) -> Path:
    """The regular file a write to ``target`` should replace (through symlinks), or UserError in one line."""
    target, special = _follow_links(Path(target))
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise UserError(f"{target}: cannot write ({error.strerror})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UserError(f"{target}: is a directory")
    if special or info is not None and not stat.S_ISREG(info.st_mode):
        raise UserError(f"{target}: not a regular file (a device, a pipe or a socket); choose a file to write")
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such directory")
    return target


@contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path beside ``target``; on success it replaces ``target``, on failure it is removed.

    A write that fails for want of room or rights (ENOSPC, EROFS, EACCES...) becomes a one-line UserError.
    """
    shown = Path(target)
    target = write_target(target)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0o666 & ~current_umask()
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise UserError(f"{shown}: cannot write ({error.strerror})") from None
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            yield temporary
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except OSError as error:
            if error.errno is None:
                raise
            raise UserError(f"{shown}: cannot write ({error.strerror}); nothing was written") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomic(target: str | os.PathLike, text: str) -> None:
    """Write UTF-8 text to ``target`` all at once or not at all."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
