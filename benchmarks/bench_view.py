"""Reading view speed on a 1,000,000-character novel: first paint, frames while scrolling, hover answers.

Every figure is a ratio against a bare QPainter.drawText of the same visible lines, timed in the same run.
Run from the project root: ``python -m benchmarks.bench_view`` (offscreen; about a minute).
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks._common import novel  # noqa: E402

FRAMES = 200
SIZE = (760, 900)  # about the reading column of the window at its default size


def _paragraphs(characters: int) -> list[str]:
    text = novel(characters).read_text(encoding="utf-8")
    return [line.strip() for line in text.split("\n") if line.strip()]


def _bare_frame(painter_cls, image, font, lines) -> float:
    """Time a bare drawText of ``lines`` ((x, baseline, text)) into ``image``."""
    started = time.perf_counter()
    with painter_cls(image) as painter:
        painter.fillRect(image.rect(), 0xFDFCF8)
        painter.setFont(font)
        for x, y, text in lines:
            painter.drawText(x, y, text)
    return time.perf_counter() - started


def _visible_runs(view):
    """(x, baseline, text) of every line the view has on screen, as a bare painter would draw them."""
    left, _ = view._column()
    return [(round(left), round(top + line.baseline), "".join(b.text for b in line.boxes))
            for _, top, line in view._visible_lines()]


def _frame(view, image) -> float:
    started = time.perf_counter()
    view.viewport().render(image)
    return time.perf_counter() - started


def _p95(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.95)]


def main(characters: int = 1_000_000) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from reader.core.session import Session
    from reader.ui.reading_view import Block, ReadingView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    paragraphs = _paragraphs(characters)
    total = sum(len(p) for p in paragraphs)
    print(f"novel: {total:,} characters in {len(paragraphs):,} paragraphs")

    annotator = Session().annotator
    annotator.segmenter.initialize()
    cache: dict[str, list] = {}
    tokens = [cache.setdefault(p, annotator.annotate(p)) if p not in cache else cache[p] for p in paragraphs]

    view = ReadingView()
    view.resize(*SIZE)
    view.show()
    app.processEvents()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    rows = []

    # -- first paint: a new article of plain text (the segmenter has not answered yet) ------------
    blocks = [Block("paragraph", p) for p in paragraphs]
    started = time.perf_counter()
    view.set_blocks(blocks)
    view.viewport().render(image)
    first_paint = time.perf_counter() - started
    font = view._layouter.fonts("paragraph").font
    bare_first = min(_bare_frame(QPainter, image, font, _visible_runs(view)) for _ in range(5))
    rows.append(("open + first paint (plain text)", bare_first, first_paint))

    started = time.perf_counter()
    for index, block_tokens in enumerate(tokens):
        view.set_block_tokens(index, block_tokens)  # every block: the cost of tokens arriving for a whole novel
    arrival = time.perf_counter() - started
    # The app freezes what it has loaded (dictionary, jieba, the article's tokens) out of the collector's reach;
    # otherwise a full collection walks jieba's 500,000-word dictionary and lands 35-230 ms in some frame.
    gc.collect()
    gc.freeze()

    for ruby in ("off", "all"):
        view.set_ruby_mode(ruby)
        view.scroll_to_block(0)
        view.viewport().render(image)
        # -- scrolling: a mouse-wheel notch (three lines) per frame, from the top ---------------
        bar = view.verticalScrollBar()
        notch = 3 * bar.singleStep()
        view_times, bare_times = [], []
        for _ in range(FRAMES):
            bar.setValue(bar.value() + notch)
            view_times.append(_frame(view, image))
            bare_times.append(_bare_frame(QPainter, image, font, _visible_runs(view)))
        rows.append((f"frame while scrolling, ruby {ruby} (median)", *(statistics.median(x) for x in (bare_times, view_times))))
        rows.append((f"frame while scrolling, ruby {ruby} (95th percentile)", *(_p95(x) for x in (bare_times, view_times))))
        rows.append((f"frame while scrolling, ruby {ruby} (max)", *(max(x) for x in (bare_times, view_times))))
        # -- jumping anywhere: a screen never laid out before ------------------------------------
        rng = random.Random(4)
        view_times, bare_times = [], []
        for _ in range(FRAMES):
            view.scroll_to_block(rng.randrange(len(blocks)))
            view_times.append(_frame(view, image))
            bare_times.append(_bare_frame(QPainter, image, font, _visible_runs(view)))
        rows.append((f"frame after a jump anywhere, ruby {ruby} (median)", *(statistics.median(x) for x in (bare_times, view_times))))
        rows.append((f"frame after a jump anywhere, ruby {ruby} (95th percentile)", *(_p95(x) for x in (bare_times, view_times))))
        rows.append((f"frame after a jump anywhere, ruby {ruby} (max)", *(max(x) for x in (bare_times, view_times))))
        slowest = sorted(range(FRAMES), key=view_times.__getitem__)[-3:]
        print(f"jumps, ruby {ruby}: slowest frames are numbers {slowest} of {FRAMES}")

    # -- hover: hit-test random points anywhere in the novel; then whole mouse moves (card shown or hidden) ----
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtCore import Qt

    view.set_ruby_mode("off")
    rng = random.Random(7)
    hits, moves, misses, bare_times = [], [], 0, []
    for _ in range(FRAMES):
        view.scroll_to_block(rng.randrange(len(blocks)))
        view.viewport().render(image)
        bare_times.append(_bare_frame(QPainter, image, font, _visible_runs(view)))
        for _ in range(10):
            point = QPoint(rng.randrange(SIZE[0]), rng.randrange(SIZE[1]))
            started = time.perf_counter()
            found = view.hit_test(point)
            hits.append(time.perf_counter() - started)
            misses += found is None
            event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(view.viewport().mapToGlobal(point)),
                                Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
            started = time.perf_counter()
            QApplication.sendEvent(view.viewport(), event)
            moves.append(time.perf_counter() - started)
    bare = statistics.median(bare_times)
    rows.append(("hover hit-test (median)", bare, statistics.median(hits)))
    rows.append(("hover hit-test (max)", bare, max(hits)))
    rows.append(("mouse move: hit-test + card shown/hidden (median)", bare, statistics.median(moves)))
    rows.append(("mouse move: hit-test + card shown/hidden (95th percentile)", bare, _p95(moves)))
    rows.append(("mouse move: hit-test + card shown/hidden (max)", bare, max(moves)))

    print(f"{'what':60} {'bare drawText':>14} {'view':>10} {'ratio':>8}")
    for name, bare_seconds, view_seconds in rows:
        print(f"{name:60} {bare_seconds * 1000:11.2f} ms {view_seconds * 1000:7.2f} ms {view_seconds / bare_seconds:7.2f}x")
    print(f"hover: {len(hits):,} points, {len(hits) - misses:,} on words")
    print(f"tokens arriving for all {len(blocks):,} blocks (set_block_tokens): {arrival * 1000:.1f} ms")
    print(f"layouts cached: {len(view._layouts):,} of {len(blocks):,} blocks")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
