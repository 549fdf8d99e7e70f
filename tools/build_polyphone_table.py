"""Build reader/core/data/polyphones.json from the tuning half of the CPP development set.

Run from the project root: python -m tools.build_polyphone_table [--cpp DIR] [--out FILE]

CPP (Chinese Polyphones with Pinyin, Park & Lee, Interspeech 2020, Apache-2.0) marks one polyphone per sentence.
Only the tuning half (even line numbers) is read; the odd half is benchmarks/bench_polyphone.py's held-out set.
For every tuning sentence where the segmented word does not decide the reading (a CC-CEDICT word with several
readings, or an ambiguous piece of a word CC-CEDICT lacks), it counts the label against the character, the word
before and the word after. The table keeps:
  defaults: a character's majority reading there (a strict majority of at least MIN_DEFAULT examples), or over
  all its sentences when it never appeared undecided;
  prev/next, prev_char/next_char: a neighbouring word (or its nearest character) that always gave one reading
  other than the default (at least MIN_CONTEXT times);
  words: a multi-character word's majority reading.
No sentence is stored, only characters, words and readings.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.bench_polyphone import CPP_DIR, cpp_items
from reader.core.polyphone import TABLE_PATH

MIN_DEFAULT = 1
MIN_CONTEXT = 1


def decision_unit(annotator, words: list[str], token_index: int, offset: int):
    """(window of words, index of the deciding unit in it, position of the char in the unit), or None when the word decides."""
    word = words[token_index]
    reading = annotator.reading_of(word)
    if reading.in_dictionary:
        if len(annotator.candidates(word)) > 1:
            return words, token_index, offset
        return None
    kind = annotator._ambiguity_of(word, reading)
    if not kind:
        return None
    start = max(0, token_index - 12)
    window = [*words[start:token_index], *kind, *words[token_index + 1 : token_index + 9]]
    position = 0
    for k, piece in enumerate(kind):
        if position <= offset < position + len(piece):
            if len(annotator.candidates(piece)) > 1:
                return window, token_index - start + k, offset - position
            return None
        position += len(piece)
    return None


def collect(items, annotator):
    """Counters of labels by character, by (character, previous word), by (character, next word), by word."""
    by_char: dict[str, Counter] = defaultdict(Counter)
    by_prev: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_next: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_word: dict[str, Counter] = defaultdict(Counter)
    by_prev_char: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_next_char: dict[tuple[str, str], Counter] = defaultdict(Counter)
    every_char: dict[str, Counter] = defaultdict(Counter)
    for text, index, label in items:
        every_char[text[index]][label.lower()] += 1
        tokens = annotator.annotate(text)
        words = [t.text for t in tokens]
        token_index = next(k for k, t in enumerate(tokens) if t.start <= index < t.end)
        unit = decision_unit(annotator, words, token_index, index - tokens[token_index].start)
        if unit is None:
            continue
        window, position, offset = unit
        word = window[position]
        label = label.lower()
        if len(word) == 1:
            previous = window[position - 1] if position else ""
            following = window[position + 1] if position + 1 < len(window) else ""
            by_char[word][label] += 1
            by_prev[(word, previous)][label] += 1
            by_next[(word, following)][label] += 1
            by_prev_char[(word, previous[-1:])][label] += 1
            by_next_char[(word, following[:1])][label] += 1
        else:
            for candidate in annotator.candidates(word):
                if candidate.split()[offset].lower() == label:
                    by_word[word][candidate] += 1
                    break
    # A character seen only where its word decided still says which reading it has most often.
    for char, counts in every_char.items():
        by_char.setdefault(char, counts)
    return by_char, by_prev, by_next, by_prev_char, by_next_char, by_word


def build(items, annotator, min_default: int = MIN_DEFAULT, min_context: int = MIN_CONTEXT) -> dict:
    """The table (see the module docstring) learned from ``items``."""
    by_char, by_prev, by_next, by_prev_char, by_next_char, by_word = collect(items, annotator)
    defaults = {}
    for char, counts in sorted(by_char.items()):
        (best, count), *rest = counts.most_common() + [("", 0)]
        if count >= min_default and count > rest[0][1]:
            defaults[char] = best
    table = {"defaults": defaults, "prev": {}, "next": {}, "prev_char": {}, "next_char": {}, "words": {}}
    for name, counter in (("prev", by_prev), ("next", by_next), ("prev_char", by_prev_char), ("next_char", by_next_char)):
        for (char, neighbour), counts in sorted(counter.items()):
            if not neighbour or len(counts) != 1:
                continue
            (label, count), = counts.items()
            if count >= min_context and label != defaults.get(char):
                table[name].setdefault(char, {})[neighbour] = label
    for word, counts in sorted(by_word.items()):
        (best, count), *rest = counts.most_common() + [("", 0)]
        if count > rest[0][1]:
            table["words"][word] = best
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cpp", type=Path, default=CPP_DIR)
    parser.add_argument("--out", type=Path, default=TABLE_PATH)
    args = parser.parse_args()
    from reader.core.annotate import Annotator
    from reader.core.session import Session

    dictionary = Session().dictionary
    annotator = Annotator(dictionary)
    table = build(cpp_items("tune", args.cpp), annotator)
    table = {
        "about": "Learned by tools/build_polyphone_table.py from the tuning half (even lines) of the CPP development set "
        "(Chinese Polyphones with Pinyin, github.com/kakaobrain/g2pM, Apache License 2.0). Readings only, no sentences.",
        **table,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    sizes = {key: len(value) for key, value in table.items() if isinstance(value, dict)}
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes): {sizes}")


if __name__ == "__main__":
    main()
