"""How long the window's UI thread waits on the library while an example search looks through a huge one.

Run from the project root: python -m benchmarks.bench_library_wait [--big-mb N] [--repeats N]

The big file (the CPP sentences repeated, as ``bench_window --huge``) is imported once into a library kept in
benchmarks/out. Then, interleaved, best and worst of ``--repeats``:
- bare: the UI thread's read of an article whose text the window has not kept (``LibraryShelf.article``), alone;
- during a search: the same reads, one every 10 ms, while a worker looks for the example sentences of a word the
  library lacks (every article's text asked of SQLite), as the dictionary panel's search does; the longest read is
  the longest the window would have waited;
- a new snapshot taking the old one's place (``LibraryShelf.accept`` after an import): the time on the UI thread.
"""

from __future__ import annotations

import argparse
import os
import threading
import time

from benchmarks._common import OUT
from benchmarks.bench_window import big_file

ABSENT = "鹦鹉螺"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from reader.core.example_sentences import examples_for
    from reader.core.library import Library
    from reader.core.shelf import LibraryShelf

    path = big_file(args.big_mb)
    library = Library.open(OUT / f"library-cpp-{args.big_mb}mb")
    if library.counts()[0] == 0:
        library.store_file(path)
    shelf = LibraryShelf(library)
    shelf.accept(shelf.load())
    keys = [entry.key for document in shelf.documents() for entry in document.articles]
    print(f"{path.stat().st_size / 1e6:.0f} MB file in the library: {len(keys)} articles; load {os.getloadavg()[0]:.1f}")
    uncached = iter(keys * (args.repeats * 1000))

    def read_uncached() -> float:
        shelf._texts.clear()  # an article the window has not kept: read from the library
        started = time.perf_counter()
        shelf.article(next(uncached))
        return time.perf_counter() - started

    bare, during, searches, accepts = [], [], [], []
    for _ in range(args.repeats):
        bare.append(max(read_uncached() for _ in range(20)))
        done = threading.Event()
        paragraphs = shelf.paragraphs(ABSENT)

        def search() -> None:
            started = time.perf_counter()
            examples_for(ABSENT, paragraphs)
            searches.append(time.perf_counter() - started)
            done.set()

        worker = threading.Thread(target=search)
        worker.start()
        waits = []
        while not done.is_set():
            waits.append(read_uncached())
            time.sleep(0.01)
        worker.join()
        during.append(max(waits))
        for key in keys[:LibraryShelf.TEXTS_KEPT]:
            shelf.article(key)  # the window keeps the last articles read: they go with the old snapshot
        result = shelf.load()
        started = time.perf_counter()
        shelf.accept(result)
        accepts.append(time.perf_counter() - started)
    ms = lambda values: f"{min(values) * 1000:.1f}-{max(values) * 1000:.1f} ms"  # noqa: E731
    print(f"UI read of an uncached article, alone (longest of 20): {ms(bare)}")
    print(f"UI read of an uncached article during a search for a word the library lacks (longest): {ms(during)}")
    print(f"the search itself: {ms(searches)}")
    print(f"a new snapshot taking the old one's place (accept, UI thread): {ms(accepts)}; load {os.getloadavg()[0]:.1f}")
    library.close()


if __name__ == "__main__":
    main()
