"""Segmentation benchmark: F1 of word spans on the SIGHAN 2005 PKU development text, and how names are kept.

Run from the project root: python -m benchmarks.bench_segment

PKU's gold cuts a person's name between surname and given name (江 泽民, 邓 小平); Yuedu keeps a name whole (a
learner looks it up as one word). So each cut is scored twice: as it is, and with the names Yuedu marks split the
PKU way (surname | given name), which scores the name-aware cut by the benchmark's own convention.
The sentences are read from ../shared/data/sighan-pku-dev at run time and never copied into the project.
"""

from __future__ import annotations

import time

from benchmarks._common import SHARED

PKU_DIR = SHARED / "data" / "sighan-pku-dev"


def spans(words) -> set[tuple[int, int]]:
    """The (start, end) character spans of ``words`` laid end to end, whitespace dropped."""
    found = set()
    position = 0
    for word in words:
        word = "".join(word.split())
        if word:
            found.add((position, position + len(word)))
            position += len(word)
    return found


def f1(gold_lines, cut_lines) -> tuple[float, float, float]:
    """(precision, recall, F1) of word spans over parallel lists of word lists."""
    right = gold_total = cut_total = 0
    for gold, cut in zip(gold_lines, cut_lines):
        expected, got = spans(gold), spans(cut)
        right += len(expected & got)
        gold_total += len(expected)
        cut_total += len(got)
    precision, recall = right / cut_total, right / gold_total
    return precision, recall, 2 * precision * recall / (precision + recall)


def pku() -> tuple[list[str], list[list[str]]]:
    """The PKU development sentences and their gold words."""
    text = (PKU_DIR / "dev.txt").read_text(encoding="utf-8").splitlines()
    gold = [line.split() for line in (PKU_DIR / "dev_gold.txt").read_text(encoding="utf-8").splitlines()]
    return text, gold


def main() -> None:
    import jieba

    from reader.core.refine import name_split
    from reader.core.session import Session

    jieba.setLogLevel(60)
    text, gold = pku()
    annotator = Session().annotator
    segmenter = annotator.segmenter
    segmenter.cut("林晓站在門口")  # load the model and the tables the pass uses before timing
    jieba.initialize()
    cuts = {
        "bare jieba (HMM on)": lambda line: jieba.lcut(line),
        "bare jieba, HMM off": lambda line: jieba.lcut(line, HMM=False),
        "Yuedu: jieba + CC-CEDICT, HMM on": lambda line: segmenter.raw_cut(line, hmm=True),
        "Yuedu: jieba + CC-CEDICT, HMM off": lambda line: segmenter.raw_cut(line, hmm=False),
        "Yuedu's cut (names, dates, numbers)": segmenter.cut,
    }
    characters = sum(len(line) for line in text)
    print(f"SIGHAN 2005 PKU dev: {len(text)} lines, {characters:,} characters, {sum(map(len, gold)):,} gold words")
    print(f"  {'cut':40s} {'P':>6s} {'R':>6s} {'F1':>6s}  {'F1, names split PKU-style':>26s}  seconds")
    for name, cut in cuts.items():
        started = time.process_time()
        lines = [cut(line) for line in text]
        seconds = time.process_time() - started
        p, r, score = f1(gold, lines)
        pku_style = [[piece for word in line for piece in name_split(word, annotator.person_name)] for line in lines]
        print(f"  {name:40s} {p:6.2%} {r:6.2%} {score:6.2%}  {f1(gold, pku_style)[2]:26.2%}  {seconds:6.2f}")


if __name__ == "__main__":
    main()
