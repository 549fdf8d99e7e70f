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


def book_difficulty(segmenter, text: str, label: str, runs: int = 5) -> None:
    """Cut, then cut + difficulty, in CPU seconds of this process (the cut is single-threaded; CPU time is what
    a loaded machine distorts least), best of ``runs``; each run grades every word afresh (tables stay loaded)."""
    from reader.core.difficulty import text_difficulty, word_counts
    from reader.core.session import Session

    statuses = {}
    best_cut = best_total = float("inf")
    clock = time.process_time
    for _ in range(runs):
        levels = Session().levels
        started = clock()
        words = segmenter.cut(text)
        cut = clock() - started
        figures = text_difficulty(text, word_counts(words), statuses, levels)
        total = clock() - started
        best_cut, best_total = min(best_cut, cut), min(best_total, total)
    print(f"  {label} ({len(text):,} characters, {figures.unique:,} distinct words, {figures.words:,} running):"
          f" cut {best_cut:.3f} s, cut + difficulty {best_total:.3f} s: {best_total / best_cut:.2f}x   (HSK {figures.level})")


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
    news = "\n".join(p.read_text(encoding="utf-8") for p in (cpp_text(), pku_text()))
    soup = headword_soup().read_text(encoding="utf-8")
    levels.profile_band("的"), levels.character_level("的")  # the grading tables, loaded once per process
    print("Difficulty of a book against its cut (CPU time, best of 5):")
    book_difficulty(segmenter, news, "news book: CPP + PKU dev")
    book_difficulty(segmenter, news + "\n" + soup, "worst case: the same + a 40,000-headword soup")
    lines = [line for line in cpp_text().read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = ["\n".join(lines[i:i + 20]) for i in range(0, 20 * 500, 20)]
    print(f"Library of 500 articles ({sum(map(len, articles)):,} characters):")
    library_sort(levels, segmenter, articles)
    for name, path in (("CPP dev", cpp_text()),):
        print(f"  ({name}: {describe(path)})")


if __name__ == "__main__":
    main()
