"""What the learner's own words cost: annotate with none, and with 1,000 of them, against the bare annotator, same run.

Run from the project root: python -m benchmarks.bench_learner_words

The learner's words come from the text itself (every 4th two-to-four-character stretch of hanzi on the CPP and PKU
texts, so they are found and applied), plus splits of words the text holds; a third of them carry a reading and
meaning of their own. Times are the best of five, whole text in one call (as ``annotate`` does) and paragraph by
paragraph (as the window does).
"""

from __future__ import annotations

import re
import tempfile

from benchmarks._texts import cpp_text, describe, pku_text, sample_page
from benchmarks.bench_vocabulary import best


def learner_words_for(text: str, count: int):
    """``count`` learner words drawn from ``text``: merges of stretches it holds, and a few splits."""
    from reader.core.corrections import LearnerWord

    stretches = list(dict.fromkeys(m.group() for m in re.finditer(r"[\u4e00-\u9fff]{2,4}", text)))[::4]
    words = []
    for number, stretch in enumerate(stretches[:count]):
        if number % 10 == 9:
            words.append(LearnerWord(stretch, (stretch[:1], stretch[1:])))
        elif number % 3 == 0:
            words.append(LearnerWord(stretch, (stretch,), " ".join(["ma1"] * len(stretch)), "own meaning"))
        else:
            words.append(LearnerWord(stretch, (stretch,)))
    return words


def main() -> None:
    from reader.core.session import Session

    for path in (sample_page(), cpp_text(), pku_text()):
        text = path.read_text(encoding="utf-8")
        paragraphs = [line for line in text.splitlines() if line.strip()]
        without = Session(data_dir=tempfile.mkdtemp()).annotator
        taught_session = Session(data_dir=tempfile.mkdtemp())
        taught_session.corrections._put(learner_words_for(text, 1000))
        taught = taught_session.annotator
        bare = taught.base
        for annotator in (bare, without, taught):
            annotator.annotate(text)  # warm: model, readings, the learner's snapshot
        rows = []
        for label, annotator in (("bare annotator", bare), ("no learner words", without), ("1,000 learner words", taught)):
            whole = best(5, lambda: annotator.annotate(text))
            by_paragraph = best(3, lambda: [annotator.annotate(p) for p in paragraphs])
            rows.append((label, whole, by_paragraph))
        print(describe(path), f"{len(paragraphs):,} paragraphs")
        for label, whole, by_paragraph in rows:
            print(f"  {label:22} whole {whole * 1000:8.1f} ms ({whole / rows[0][1]:.2f}x)"
                  f"   by paragraph {by_paragraph * 1000:8.1f} ms ({by_paragraph / rows[0][2]:.2f}x)")


if __name__ == "__main__":
    main()
