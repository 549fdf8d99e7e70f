"""Clicking a word with a huge file in the library: how long the UI thread blocks for the example sentences.

Run from the project root: python -m benchmarks.bench_example_search [--big-mb N] [--repeats N]

The big file (the CPP sentences repeated, as ``bench_window --huge``) is imported into a fresh library; then, for a
common word, a word found only late and a word the library lacks (every paragraph read), interleaved:
- bare: one Python loop over the library's paragraphs testing ``word in paragraph`` (the least any search costs);
- on the UI thread: ``examples_for`` over the paragraphs, as the panel did before (the whole time the window froze);
- on a worker: the dictionary panel's ``show_word`` with the window's ``ExampleSearch``: the time ``show_word`` holds
  the UI thread, the time until the sentences are on screen, and the longest gap of a 5 ms UI timer meanwhile.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from benchmarks.bench_window import big_file

WORDS = [("我们", "common"), ("电脑", "rarer"), ("鹦鹉螺", "absent")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.example_sentences import examples_for
    from reader.core.recovery import open_data_dir, open_stores
    from reader.core.session import Session
    from reader.core.shelf import LibraryShelf
    from reader.ui import operations
    from reader.ui.dictionary_panel import DictionaryPanel
    from reader.ui.example_search import ExampleSearch

    app = QApplication.instance() or QApplication([])
    path = big_file(args.big_mb)
    session = Session(data_dir=tempfile.mkdtemp(prefix="yuedu-examples-bench-"))
    open_data_dir(session)
    open_stores(session)
    shelf = LibraryShelf(session.library)
    started = time.perf_counter()
    shelf.accept(shelf.read(str(path)))
    paragraphs = sum(1 for _ in shelf.paragraphs())
    print(f"{path.stat().st_size / 1e6:.0f} MB file imported in {time.perf_counter() - started:.1f} s: "
          f"{paragraphs:,} paragraphs; best of {args.repeats}, load {os.getloadavg()[0]:.1f}")
    panel = DictionaryPanel(lambda: session.dictionary, None)
    search = ExampleSearch(shelf.paragraphs, panel.show_examples, panel)
    panel._examples = search
    panel.resize(420, 700)
    panel.show()
    app.processEvents()

    def on_worker(word: str) -> tuple[float, float, float]:
        gaps, last = [], [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        ticker = QTimer()
        ticker.setInterval(5)
        ticker.timeout.connect(tick)
        ticker.start()
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()
        search._found = None  # another word was shown in between: looked for afresh
        clicked = time.perf_counter()
        panel.show_word(word)
        held = time.perf_counter() - clicked
        gaps.append(time.perf_counter() - last[0])  # the click's own gap
        last[0] = time.perf_counter()
        while operations.busy():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        shown = time.perf_counter() - clicked
        ticker.stop()
        return held, shown, max(gaps)

    for word, kind in WORDS:
        bare, blocking, worker = [], [], []
        for _ in range(args.repeats):
            at = time.perf_counter()
            any(word in paragraph for paragraph, _ in shelf.paragraphs())
            bare.append(time.perf_counter() - at)
            at = time.perf_counter()
            found = examples_for(word, shelf.paragraphs())
            blocking.append(time.perf_counter() - at)
            worker.append(on_worker(word))
        shown_examples = panel.plain_text().count(" — ")
        held, shown, gap = min(w[0] for w in worker), min(w[1] for w in worker), min(w[2] for w in worker)
        print(f"  {word} ({kind}, {len(found)} sentences, {shown_examples} shown): bare scan {min(bare) * 1000:.1f} ms; "
              f"on the UI thread {min(blocking) * 1000:.1f} ms ({min(blocking) / min(bare):.2f}x bare); "
              f"on a worker: UI thread held {held * 1000:.1f} ms, sentences shown after {shown * 1000:.0f} ms "
              f"({shown / min(bare):.2f}x bare), longest UI gap meanwhile {gap * 1000:.0f} ms")


if __name__ == "__main__":
    main()
