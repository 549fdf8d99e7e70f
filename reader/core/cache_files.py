"""Derived data kept in the cache directory as marshal files: read back when intact, rebuilt when not."""

from __future__ import annotations

import gc
import marshal
import mmap
import os
from pathlib import Path
from typing import Callable, Iterable

from reader.core.garbage import collection_paused


def load_marshal(path: Path) -> object | None:
    """A cached marshal blob, or None when it is missing or damaged; what it holds is kept out of the collector's reach."""
    try:
        # mapped, not read: marshal copies what it reads into its objects anyway, and a read would first copy the whole
        # file (the dictionary's: 20 MB, ~5,000 page faults, ~15 ms). The cache files are only ever replaced (written
        # aside and renamed), never truncated in place, so the mapping always holds the file it was opened on.
        with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped, collection_paused():
            # hundreds of thousands of small objects: collection passes would triple the load
            value = marshal.loads(mapped)
            # kept for the whole process: out of the collector's reach, or the next collection walks all of them
            # at once (0.1-0.2 s holding the GIL, which the window's UI thread then waits for)
            gc.freeze()
            return value
    except (OSError, EOFError, ValueError, TypeError):
        return None


def store_marshal(path: Path, value) -> None:
    """Write ``value`` to ``path`` whole or not at all (a temporary file renamed); a cache that cannot be written is
    left out, since it only saves time."""
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    try:
        temporary.write_bytes(marshal.dumps(value))
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a read-only cache directory costs time, not correctness


def cached(path: Path, build: Callable[[], object], is_valid: Callable[[object], bool]):
    """The value kept at ``path`` when ``is_valid`` finds it intact, else ``build()``'s, written there for next time."""
    value = load_marshal(path)
    if is_valid(value):
        return value
    value = build()
    store_marshal(path, value)
    return value


def package_cache(name: str, package: str, data_files: Iterable[str]) -> Path:
    """The cache file ``name`` of data derived from ``package``'s ``data_files``, named by their stamp."""
    from reader.core import paths

    return paths.cache_dir() / f"{name}-{package_stamp(package, data_files)}.marshal"


def package_stamp(package: str, data_files: Iterable[str]) -> str:
    """Which data an installed package holds (the sizes and times of ``data_files`` in its folder), found without
    importing it: what a cache derived from that data is named by ("unknown" for a packaging not understood, whose
    cache is then built once under that name)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    try:
        folder = Path(spec.origin).parent
        stats = [(folder / name).stat() for name in data_files]
    except (AttributeError, TypeError, OSError):
        return "unknown"
    return "-".join(f"{stat.st_size}.{stat.st_mtime_ns}" for stat in stats)
