"""Word levels and text difficulty: how much of real text the HSK and frequency data cover, and what grading costs.

Run from the project root: python -m benchmarks.bench_levels
The difficulty of a book is timed against its segmentation in the same process (the cut is the part both share).
"""

from __future__ import annotations

import time
from collections import Counter

from benchmarks._texts import cpp_text, describe, headword_soup, pku_text, sample_page


def coverage(levels, cut, name, path) -> None:
    from reader.core.difficulty import word_counts

    counts = word_counts(cut(path.read_text(encoding="utf-8")))
    running = sum(counts.values())

    def share(test) -> float:
        return 100 * sum(count for word, count in counts.items() if test(word)) / running

    print(f"  {name:12s} {running:8,} running words   HSK word {share(lambda w: levels.level(w).hsk is not None):5.1f}%"
          f"   HSK by pieces {share(lambda w: levels.profile_band(w) is not None):5.1f}%"
          f"   frequency {share(lambda w: levels.level(w).rank is not None):5.1f}%")


def book_difficulty(levels, segmenter, text: str, label: str) -> None:
    from reader.core.difficulty import text_difficulty, word_counts

    statuses = {}
    best_cut = best_total = float("inf")
    from reader.core.session import Session

    for _ in range(3):
        levels = Session().levels  # each run grades every word afresh (the tables stay loaded)
        started = time.perf_counter()
        words = segmenter.cut(text)
        cut = time.perf_counter() - started
        figures = text_difficulty(text, word_counts(words), statuses, levels)
        total = time.perf_counter() - started
        best_cut, best_total = min(best_cut, cut), min(best_total, total)
    print(f"  {label}: cut {best_cut:.2f} s, cut + difficulty {best_total:.2f} s: {best_total / best_cut:.2f}x"
          f"   (HSK {figures.level}, {figures.unique:,} distinct words)")


def library_sort(levels, segmenter, articles: list[str]) -> None:
    """What the library panel does when the vocabulary changes: grade 500 articles from their kept word counts, sort."""
    from reader.core.difficulty import difficulty_for, text_profile, word_counts
    from reader.core.models import Status

    started = time.perf_counter()
    profiles = [text_profile(text, word_counts(segmenter.cut(text)), levels) for text in articles]
    profiled = time.perf_counter() - started
    known = Counter()
    for profile in profiles:
        known.update(profile.counts)
    statuses = {word: Status.KNOWN for word, _ in known.most_common(3000)}
    started = time.perf_counter()
    graded = [difficulty_for(profile, statuses) for profile in profiles]
    order = sorted(range(len(graded)), key=lambda i: graded[i].known_percent)
    elapsed = time.perf_counter() - started
    print(f"  profiles (cut + bands + level, once per article, off the UI thread): {profiled:.2f} s")
    print(f"  after a vocabulary change: {len(articles)} articles regraded and sorted by % known in {1000 * elapsed:.0f} ms"
          f" (easiest {graded[order[-1]].known_percent:.1f}%, hardest {graded[order[0]].known_percent:.1f}%)")


def main() -> None:
    from reader.core.session import Session

    session = Session()
    segmenter = session.annotator.segmenter
    segmenter.initialize()
    levels = session.levels
    started = time.perf_counter()
    levels.level("的")
    print(f"Tables: HSK lists and wordfreq's Chinese list loaded in {time.perf_counter() - started:.2f} s")
    print("Coverage of running words:")
    for name, path in (("sample page", sample_page()), ("CPP dev", cpp_text()), ("PKU dev", pku_text())):
        coverage(levels, segmenter.cut, name, path)
    book = "\n".join(p.read_text(encoding="utf-8") for p in (cpp_text(), pku_text(), headword_soup()))
    print(f"Difficulty of a book (CPP + PKU + headword soup: {len(book):,} characters):")
    book_difficulty(levels, segmenter, book, "book")
    lines = [line for line in cpp_text().read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = ["\n".join(lines[i:i + 20]) for i in range(0, 20 * 500, 20)]
    print(f"Library of 500 articles ({sum(map(len, articles)):,} characters):")
    library_sort(levels, segmenter, articles)
    for name, path in (("CPP dev", cpp_text()),):
        print(f"  ({name}: {describe(path)})")


if __name__ == "__main__":
    main()
