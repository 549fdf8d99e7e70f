"""Import speed: a 10 MB GB18030 file through ``import_file`` against reading and decoding it with the stdlib alone.

Both are timed in the same run (best of 3, in-process), and reported as a ratio; a 50 MB file is timed too
(the window imports off its UI thread, with progress). Run from the project root:
``python -m benchmarks.bench_import``.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

from benchmarks._common import OUT, SAMPLE


def gb18030_file(megabytes: int) -> Path:
    """The sample page repeated to about ``megabytes`` MB, encoded in GB18030 (cached in benchmarks/out)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"page-{megabytes}mb.gb18030.txt"
    if not path.exists():
        page = SAMPLE.read_text(encoding="utf-8").encode("gb18030")
        path.write_bytes(page * (megabytes * 1_000_000 // len(page) + 1))
    return path


def bare(path: Path) -> int:
    """The baseline: read the bytes, decode as GB18030 (told the encoding), split into lines."""
    return len(path.read_bytes().decode("gb18030").splitlines())


def yuedu(path: Path) -> int:
    from reader.core.importers import import_file

    return len(import_file(path).articles)


def best(function, path: Path, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function(path)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    ten = gb18030_file(10)
    yuedu(ten)  # warm: imports, the common-hanzi table
    bare_seconds, yuedu_seconds = best(bare, ten), best(yuedu, ten)
    print(f"10 MB GB18030: stdlib read+decode+splitlines {bare_seconds:.3f} s, import_file {yuedu_seconds:.3f} s, "
          f"ratio {yuedu_seconds / bare_seconds:.1f}x ({yuedu(ten)} articles)")
    fifty = gb18030_file(50)
    bare50, yuedu50 = best(bare, fifty, 1), best(yuedu, fifty, 1)
    print(f"50 MB GB18030: stdlib {bare50:.3f} s, import_file {yuedu50:.3f} s, ratio {yuedu50 / bare50:.1f}x")
    import tempfile

    from reader.core.library import Library

    with tempfile.TemporaryDirectory() as data, Library.open(data) as library:
        started = time.perf_counter()
        library.import_file(fifty)
        stored = time.perf_counter() - started
        started = time.perf_counter()
        library.import_file(fifty)
        reopened = time.perf_counter() - started
    print(f"50 MB GB18030 into the library: {stored:.3f} s; opening it again (found by path + hash): {reopened:.3f} s")
    tracemalloc.start()
    yuedu(ten)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"10 MB GB18030: import_file peak Python allocations {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
