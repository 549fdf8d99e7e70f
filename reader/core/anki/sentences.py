"""The "i+1" sentences: sentences from the learner's saved contexts with exactly one word not yet known."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from reader.core.models import Status, VocabWord

KNOWN_STATUSES = frozenset({Status.KNOWN, Status.IGNORED})


@dataclass(frozen=True)
class IPlusOne:
    """A sentence whose only unknown word is ``word`` (read ``numbered``, meaning ``definitions``)."""

    sentence: str
    word: str
    numbered: str
    definitions: tuple[str, ...]
    source: str | None


def unknown_words(tokens: Iterable, statuses: dict[str, Status]) -> list:
    """The Chinese tokens whose word is not known (unsaved, new or learning), first occurrence of each word."""
    seen: dict[str, object] = {}
    for token in tokens:
        if token.is_chinese and statuses.get(token.text) not in KNOWN_STATUSES:
            seen.setdefault(token.text, token)
    return list(seen.values())


def i_plus_one_sentences(words: Iterable[VocabWord], statuses: dict[str, Status], annotator) -> list[IPlusOne]:
    """Each distinct saved sentence that has exactly one unknown word, in the order the sentences were saved."""
    saved = {}
    sentences: dict[str, str | None] = {}
    for word in words:
        saved[word.word] = word
        for context in word.contexts:
            sentences.setdefault(context.sentence, context.article or context.document)
    found = []
    for sentence, source in sentences.items():
        unknown = unknown_words(annotator.annotate(sentence), statuses)
        if len(unknown) != 1:
            continue
        token = unknown[0]
        vocab = saved.get(token.text)
        if vocab is not None and vocab.definitions:
            numbered, definitions = vocab.numbered or token.numbered, tuple(vocab.definitions)
        else:
            entry = token.reading.entry
            definitions = tuple(entry.definitions) if entry is not None else ((token.gloss,) if token.gloss else ())
            numbered = token.numbered
        found.append(IPlusOne(sentence, token.text, numbered, definitions, source))
    return found
