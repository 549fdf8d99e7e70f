"""Vocabulary benchmarks with a 50,000-word vocabulary: what statuses and statistics add to annotating, and the
vocabulary window's time to first paint.

Run from the project root: python -m benchmarks.bench_vocabulary [--repeats N]
Every figure is a ratio against work timed in the same run (these machines are noisy):
- tinting and statistics against annotating the same page (budget: at most 10% more);
- the whole ``annotate --json`` process with the 50,000-word vocabulary against one with no vocabulary;
- the window's first paint against a bare ``SELECT ... fetchall()`` of the same rows (the floor for reading them).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks._common import SAMPLE, python

WORDS = 50_000
ANNOTATE_TO_NULL = (
    "import sys; sys.argv = ['yuedu', '--data-dir', sys.argv[2], 'annotate', sys.argv[1], '--json']\n"
    "sys.stdout = open(__import__('os').devnull, 'w', encoding='utf-8')\n"
    "from reader.cli import main; raise SystemExit(main())\n"
)


def build_vocabulary(data_dir: Path, annotator) -> None:
    """50,000 CC-CEDICT words, the sample page's own words among them, statuses spread over all six."""
    from reader.core.models import Context, Status, VocabWord
    from reader.core.vocabulary import VocabularyStore

    statuses = [Status.NEW, Status.LEARNING_2, Status.LEARNING_3, Status.LEARNING_4, Status.KNOWN, Status.KNOWN, Status.IGNORED]
    text = SAMPLE.read_text(encoding="utf-8")
    chosen: dict[str, None] = {t.text: None for t in annotator.annotate(text) if t.is_chinese}
    for word in annotator.dictionary.headwords():
        if len(chosen) >= WORDS:
            break
        chosen.setdefault(word)
    words = []
    for number, word in enumerate(list(chosen)[:WORDS]):
        entries = annotator.dictionary.lookup(word)
        numbered = entries[0].numbered if entries else annotator.reading_of(word).numbered
        definitions = entries[0].definitions if entries else ()
        contexts = (Context(f"{word}在这个句子里。"),) if number % 4 == 0 else ()
        words.append(VocabWord(word, numbered, definitions, statuses[number % len(statuses)], contexts))
    with VocabularyStore.open(data_dir) as store:
        store.add_many(words)


def best(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def statuses_and_statistics(repeats: int, data_dir: Path, annotator) -> None:
    from reader.core.stats import article_stats, token_statuses
    from reader.core.vocabulary import VocabularyStore

    text = SAMPLE.read_text(encoding="utf-8")
    annotator.annotate(text)  # readings cached, as for any page after the first
    annotate = best(repeats, lambda: annotator.annotate(text))
    tokens = annotator.annotate(text)
    with VocabularyStore.open(data_dir) as store:
        started = time.perf_counter()
        store.status_map()
        first_load = time.perf_counter() - started

        def tint_and_count():
            statuses = store.status_map()
            token_statuses(tokens, statuses)
            article_stats(tokens, statuses)

        added = best(repeats, tint_and_count)

    def fresh_store_for_one_article():  # the command line: open the store, look up only this page's words
        with VocabularyStore.open(data_dir) as store:
            statuses = store.statuses_of(t.text for t in tokens if t.is_chinese)
            token_statuses(tokens, statuses)
            article_stats(tokens, statuses)

    one_article = best(repeats, fresh_store_for_one_article)
    chinese = sum(1 for t in tokens if t.is_chinese)
    print(f"Sample page ({len(text):,} characters, {chinese:,} Chinese word tokens), {WORDS:,}-word vocabulary, best of {repeats}:")
    print(f"  annotate (readings cached)             {annotate * 1000:7.1f} ms")
    print(f"  statuses for tinting + statistics      {added * 1000:7.1f} ms   adds {added / annotate:6.1%}   (budget 10%)")
    print(f"  first status_map() of the session      {first_load * 1000:7.1f} ms   = {first_load / annotate:6.1%} of one annotate"
          " (once per session and after each change)")
    print(f"  open + this page's statuses + stats    {one_article * 1000:7.1f} ms   adds {one_article / annotate:6.1%}"
          "   (the command line: a fresh store, only the page's words looked up)")


def annotate_process(repeats: int, data_dir: Path, env: dict) -> None:
    from benchmarks._common import run_process

    empty = tempfile.mkdtemp(prefix="yuedu-bench-empty-")
    runs: dict[str, list[float]] = {empty: [], str(data_dir): []}
    for directory in runs:  # warm the caches first
        run_process([python(), "-c", ANNOTATE_TO_NULL, str(SAMPLE), directory], env)
    for _ in range(repeats):  # interleaved, so a burst of load on the machine hits both alike
        for directory, times in runs.items():
            times.append(run_process([python(), "-c", ANNOTATE_TO_NULL, str(SAMPLE), directory], env)[0])
    bare, ours = min(runs[empty]), min(runs[str(data_dir)])
    bare_median, ours_median = statistics.median(runs[empty]), statistics.median(runs[str(data_dir)])
    print(f"`annotate --json` on the sample page, whole process, best of {repeats} interleaved (median):")
    print(f"  no vocabulary                          {bare:7.2f} s ({bare_median:.2f})")
    print(f"  {WORDS:,}-word vocabulary (status key)   {ours:7.2f} s ({ours_median:.2f})   ratio {ours / bare:.3f}x"
          f" (medians {ours_median / bare_median:.3f}x)")


def window_first_paint(repeats: int, data_dir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from reader.core.vocabulary import FILE_NAME, VocabularyStore
    from reader.ui.vocabulary_window import VocabularyWindow

    app = QApplication.instance() or QApplication([])

    class FirstPaint(QObject):
        def __init__(self):
            super().__init__()
            self.at = None

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and self.at is None:
                self.at = time.perf_counter()
            return False

    def bare_fetch():
        connection = sqlite3.connect(data_dir / FILE_NAME)
        connection.execute("SELECT id, word, numbered, status, definitions, added, notes, traditional FROM words").fetchall()
        connection.close()

    bare = best(repeats, bare_fetch)
    firsts = []
    with VocabularyStore.open(data_dir) as store:
        for _ in range(repeats):
            started = time.perf_counter()
            window = VocabularyWindow(store)
            watcher = FirstPaint()
            window.table.viewport().installEventFilter(watcher)
            window.show()
            while watcher.at is None:
                app.processEvents()
            firsts.append(watcher.at - started)
            window.close()
            window.deleteLater()
            app.processEvents()
        window = VocabularyWindow(store)
        window.show()
        app.processEvents()
        window.filter_edit.setText("hang")
        filtering = best(repeats, window.apply_filter)
        window.filter_edit.setText("")
        window.apply_filter()
        sorting = best(repeats, lambda: window.table.sortByColumn(1, window.table.horizontalHeader().sortIndicatorOrder()))
        window.close()
    first = min(firsts)
    print(f"Vocabulary window on {WORDS:,} words, best of {repeats}:")
    print(f"  bare SELECT of every row (fetchall)    {bare * 1000:7.1f} ms")
    print(f"  window built and first paint           {first * 1000:7.1f} ms   ratio {first / bare:.2f}x")
    print(f"  filter by text (\"hang\")                {filtering * 1000:7.1f} ms")
    print(f"  sort by pinyin                         {sorting * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from reader.core.session import Session

    annotator = Session().annotator
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="yuedu-bench-vocab-") as directory:
        data_dir = Path(directory)
        started = time.perf_counter()
        build_vocabulary(data_dir, annotator)
        print(f"Built a {WORDS:,}-word vocabulary in {time.perf_counter() - started:.2f} s (one transaction)\n")
        statuses_and_statistics(args.repeats, data_dir, annotator)
        print()
        annotate_process(args.repeats, data_dir, env)
        print()
        window_first_paint(args.repeats, data_dir)


if __name__ == "__main__":
    main()
