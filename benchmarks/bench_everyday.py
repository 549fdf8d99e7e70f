"""Everyday sentences of our own (tests/everyday/*.tsv): every polyphone's reading, and names, dates and numbers cut whole.

Run from the project root: python -m benchmarks.bench_everyday [--draft FILE] [--misses]

Each line of a file is one sentence, then a tab and the gold reading of every polyphone in it, in order, as
``字reading`` (CC-CEDICT style: ``还huan2 了le5``), then optionally a tab and ``miss`` where Yuedu still gets the line
wrong (the test expects that failure). A stretch in {braces} (a name, a date, a number) must come out as one word.
A polyphone is a character CC-CEDICT reads more than one way on its own (lower-case entries, tones counted).

``--draft FILE`` turns a file of bare sentences into lines of that form with Yuedu's readings, and prints where
pypinyin or g2pM read a polyphone otherwise, for checking by hand before the lines are added.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from benchmarks._common import ROOT

EVERYDAY_DIR = ROOT / "tests" / "everyday"
_GOLD_ITEM = re.compile(r"^(.)([a-zA-Z:]+[1-5])$")


@lru_cache(maxsize=1)
def polyphones() -> frozenset[str]:
    """Characters CC-CEDICT reads more than one way as a lower-case single-character headword."""
    from reader.core.session import Session

    dictionary = Session().dictionary
    found = set()
    for word in dictionary.headwords():
        if len(word) == 1:
            readings = {e.numbered.lower() for e in dictionary.lookup(word) if e.numbered[:1].islower() and " " not in e.numbered}
            if len(readings) > 1:
                found.add(word)
    return frozenset(found)


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The sentence without braces, and the (start, end) of each {stretch} that must be one word."""
    text, spans, start = [], [], None
    for char in marked:
        if char == "{":
            start = len(text)
        elif char == "}":
            spans.append((start, len(text)))
        else:
            text.append(char)
    return "".join(text), spans


def gold_positions(text: str, gold: str) -> list[tuple[int, str]]:
    """(index in ``text``, reading) for each ``字reading`` of ``gold``, matched in order; ValueError when one is missing."""
    found = []
    position = 0
    for item in gold.split():
        match = _GOLD_ITEM.match(item)
        if not match:
            raise ValueError(f"bad gold item {item!r}")
        char, reading = match.groups()
        index = text.find(char, position)
        if index < 0:
            raise ValueError(f"{char} of {item!r} not found in {text!r} after position {position}")
        found.append((index, reading))
        position = index + 1
    return found


def load(directory: Path = EVERYDAY_DIR) -> list[dict]:
    """Every sentence: file (genre), line number, text, spans, gold [(index, reading)], miss."""
    items = []
    for path in sorted(directory.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line or line.startswith("#"):
                continue
            marked, gold, *rest = line.split("\t") + [""]
            text, spans = parse_marked(marked)
            items.append({
                "genre": path.stem, "line": number, "marked": marked, "text": text, "spans": spans,
                "gold": gold_positions(text, gold), "miss": bool(rest and rest[0].strip() == "miss"),
            })
    return items


def yuedu_syllables(tokens, length: int) -> list[str]:
    """Yuedu's numbered syllable (lower case) for each code point of the text, "" where it gives none."""
    result = [""] * length
    for token in tokens:
        syllables = token.numbered.split()
        hanzi = [k for k, char in enumerate(token.text) if _is_hanzi(char)]
        if len(syllables) == len(hanzi):
            for k, syllable in zip(hanzi, syllables):
                result[token.start + k] = syllable.lower()
    return result


def _is_hanzi(char: str) -> bool:
    from reader.core.hanzi import HANZI

    return HANZI.match(char) is not None


def check(annotator, item) -> list[str]:
    """What Yuedu gets wrong on one sentence: readings ("还 huan2→hai2") and stretches not cut whole ("{林晓}")."""
    tokens = annotator.annotate(item["text"])
    read = yuedu_syllables(tokens, len(item["text"]))
    wrong = [f"{item['text'][i]} {gold}→{read[i] or '?'}" for i, gold in item["gold"] if read[i] != gold.lower()]
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    wrong += [f"{{{item['text'][a:b]}}}" for a, b in item["spans"] if a not in starts or b not in ends or _inside(tokens, a, b)]
    return wrong


def _inside(tokens, start: int, end: int) -> bool:
    """Whether a token boundary falls strictly inside start:end (the stretch is cut in pieces)."""
    return any(start < t.start < end for t in tokens)


def unlisted_polyphones(item) -> list[str]:
    """Polyphones of the sentence that its gold does not give a reading for."""
    listed = {i for i, _ in item["gold"]}
    return [f"{c}@{i}" for i, c in enumerate(item["text"]) if c in polyphones() and i not in listed]


def pypinyin_syllables(text: str) -> list[str]:
    from benchmarks.bench_polyphone import pypinyin_syllables as read

    return [s.lower() for s in read(text)]


def g2pm_reader():
    from g2pM import G2pM

    model = G2pM()

    def read(text: str) -> list[str]:
        syllables = model(text, char_split=True)
        return syllables if len(syllables) == len(text) else [""] * len(text)

    return read


def draft(path: Path) -> None:
    """Print draft lines for the bare sentences in ``path`` and, on stderr, where the other readers disagree."""
    from reader.core.session import Session

    annotator = Session().annotator
    g2pm = g2pm_reader()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text, _ = parse_marked(line)
        read = yuedu_syllables(annotator.annotate(text), len(text))
        other, model = pypinyin_syllables(text), g2pm(text)
        gold = []
        for i, char in enumerate(text):
            if char in polyphones():
                gold.append(f"{char}{read[i] or '?'}")
                if read[i] != other[i] or read[i] != model[i]:
                    print(f"{text}\t{i}\t{char}\tyuedu={read[i]} pypinyin={other[i]} g2pm={model[i]}", file=sys.stderr)
        print(f"{line}\t{' '.join(gold)}")


def report() -> None:
    from reader.core.session import Session

    annotator = Session().annotator
    items = load()
    g2pm = g2pm_reader()
    total = right = right_py = right_g2pm = spans = spans_right = 0
    by_genre: Counter = Counter()
    misses: Counter = Counter()
    for item in items:
        text = item["text"]
        read = yuedu_syllables(annotator.annotate(text), len(text))
        other, model = pypinyin_syllables(text), g2pm(text)
        for i, gold in item["gold"]:
            gold = gold.lower()
            total += 1
            right += read[i] == gold
            right_py += other[i] == gold
            right_g2pm += model[i] == gold
            if read[i] != gold:
                misses[(text[i], gold, read[i])] += 1
        wrong_spans = [w for w in check(annotator, item) if w.startswith("{")]
        spans += len(item["spans"])
        spans_right += len(item["spans"]) - len(wrong_spans)
        by_genre[item["genre"]] += 1
    print(f"Everyday sentences: {len(items)} ({', '.join(f'{g} {n}' for g, n in sorted(by_genre.items()))}); "
          f"{total} polyphone readings, {spans} names/dates/numbers")
    print(f"  Yuedu          {right / total:7.2%} of readings ({right}); {spans_right} of {spans} stretches cut whole")
    print(f"  pypinyin 0.55  {right_py / total:7.2%} ({right_py}), whole sentence")
    print(f"  g2pM 0.1.2.5   {right_g2pm / total:7.2%} ({right_g2pm}), whole sentence")
    print("  Yuedu's misses:", ", ".join(f"{c}:{g}→{r or '?'}×{n}" for (c, g, r), n in misses.most_common(40)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draft", type=Path, help="bare sentences to turn into draft lines")
    args = parser.parse_args()
    if args.draft:
        draft(args.draft)
    else:
        report()


if __name__ == "__main__":
    main()
