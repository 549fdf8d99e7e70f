"""Example sentences for a word from the learner's own reading (the dictionary panel's "In your reading")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

MAX_EXAMPLES = 6
_ENDS = "。！？!?；;…"  # a sentence ends after one of these, and at a line end (which is dropped)
# what a paragraph's sentences are: its pieces split here (the search below finds the same ones without splitting)
_SENTENCE_END = re.compile(f"(?<=[{_ENDS}])|\n")


@dataclass(frozen=True)
class Example:
    """A sentence from the user's own reading, and where it came from."""

    sentence: str
    source: str = ""


def examples_for(word: str, paragraphs: Iterable[tuple[str, str]], limit: int = MAX_EXAMPLES) -> list[Example]:
    """Up to ``limit`` distinct sentences containing ``word`` from (paragraph, source) pairs, in the order they come."""
    found: list[Example] = []
    seen = set()
    for paragraph, source in paragraphs:
        if word not in paragraph:
            continue
        for sentence in _sentences_with(word, paragraph):
            sentence = sentence.strip()
            if word in sentence and sentence not in seen:
                seen.add(sentence)
                found.append(Example(sentence, source))
                if len(found) >= limit:
                    return found
    return found


_BOUNDARY = re.compile(f"[{_ENDS}\n]")
_REACH = 256


def _sentences_with(word: str, paragraph: str):
    """The sentences of ``paragraph`` (as ``_SENTENCE_END.split`` gives them) in which ``word`` starts, in order,
    found from each occurrence: splitting a whole 2,000,000-character paragraph took the UI thread ~0.4 s a click."""
    last_begin = -1
    at = paragraph.find(word)
    while at >= 0:
        begin = _sentence_begin(paragraph, at)
        if begin != last_begin:
            last_begin = begin
            stop = _BOUNDARY.search(paragraph, at)
            end = len(paragraph) if stop is None else stop.start() + (stop.group() != "\n")
            yield paragraph[begin:end]
        at = paragraph.find(word, at + 1)


def _sentence_begin(paragraph: str, at: int) -> int:
    """Where the sentence holding position ``at`` begins: just after the last sentence end or line end before it."""
    reach = _REACH
    while True:
        start = max(0, at - reach)
        ends = [match.end() for match in _BOUNDARY.finditer(paragraph, start, at)]
        if ends or start == 0:
            return ends[-1] if ends else 0
        reach *= 4
