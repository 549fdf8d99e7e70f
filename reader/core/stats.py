"""Per-article figures against the vocabulary, token statuses for highlighting, and "mark the rest as known"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from reader.core.difficulty import word_counts
from reader.core.models import Status, VocabWord
from reader.core.vocabulary import UNSEEN, VocabularyStore


@dataclass(frozen=True)
class ArticleStats:
    """How much of an article the learner knows."""

    words: int  # Chinese word tokens (running words)
    unique: int  # distinct Chinese words
    known: int  # running words whose status is known
    new_unique: int  # distinct words never saved or saved as new

    @property
    def known_percent(self) -> float:
        """The share of running words known, in percent, to one decimal (0.0 for a text without Chinese)."""
        return round(100 * self.known / self.words, 1) if self.words else 0.0

    def to_json(self) -> dict:
        """The figures as ``stats --json`` prints them."""
        return {"words": self.words, "unique": self.unique, "known_percent": self.known_percent, "new_unique": self.new_unique}

    def summary(self) -> str:
        """One line for a status bar: ``1,234 words · 456 unique · 87.5% known · 40 new``."""
        return f"{self.words:,} words · {self.unique:,} unique · {self.known_percent:.1f}% known · {self.new_unique:,} new"


def article_stats(tokens: Sequence, statuses: Mapping[str, Status]) -> ArticleStats:
    """The figures for annotated ``tokens`` given every saved word's status (``VocabularyStore.status_map()``)."""
    return stats_of_counts(word_counts(token.text for token in tokens), statuses)


def _count(counts: dict[str, int], tokens: Sequence, step: int) -> None:
    get = counts.get
    for token in tokens:
        if token.is_chinese:
            text = token.text
            counts[text] = get(text, 0) + step


class RunningCounts:
    """An open article's Chinese words counted as its blocks' tokens arrive (and are replaced), so its figures
    cost one step per distinct word: a 2,000,000-character line is 1.2 million tokens, 0.6 s to count afresh."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def replace(self, old: Sequence | None, new: Sequence | None) -> None:
        """A block's tokens ``old`` (None: it had none) became ``new``."""
        counts = self.counts
        if old:
            _count(counts, old, -1)
            for token in old:
                if counts.get(token.text, 1) <= 0:
                    del counts[token.text]  # gone from the article: no longer counted as a distinct word
        if new:
            _count(self.counts, new, 1)

    def stats(self, statuses: Mapping[str, Status]) -> ArticleStats:
        """The article's figures for these statuses."""
        return stats_of_counts(self.counts, statuses)


def stats_of_counts(counts: Mapping[str, int], statuses: Mapping[str, Status]) -> ArticleStats:
    """The figures for counted running words (``difficulty.word_counts``), so a text is counted once for both
    these and its difficulty."""
    known = Status.KNOWN
    new = Status.NEW
    known_tokens = 0
    new_unique = 0
    get = statuses.get
    for word, count in counts.items():
        status = get(word)
        if status is None or status is new:
            new_unique += 1
        elif status is known:
            known_tokens += count
    return ArticleStats(words=sum(counts.values()), unique=len(counts), known=known_tokens, new_unique=new_unique)


def token_statuses(tokens: Sequence, statuses: Mapping[str, Status]) -> list[Status | None]:
    """Each token's status for tinting the text: its saved status, or None (unseen, or not a word)."""
    get = statuses.get
    return [get(token.text) if token.is_chinese else None for token in tokens]


def status_of(token, statuses: Mapping[str, Status]) -> str | None:
    """A token's status name for JSON: new, learning, known, ignored, unseen; None for non-words."""
    if not token.is_chinese:
        return None
    status = statuses.get(token.text)
    return UNSEEN if status is None else status.label


@dataclass(frozen=True)
class MarkedKnown:
    """What "mark the rest as known" changed: the words it added as known (to undo it)."""

    words: tuple[str, ...]

    def undo(self, store: VocabularyStore) -> int:
        """Take the words back out (those still known and without a saved sentence); returns how many."""
        return store.forget_unused(self.words, Status.KNOWN)


def mark_rest_known(store: VocabularyStore, tokens: Sequence) -> MarkedKnown:
    """Save every unseen word of an article as known, in one transaction, with the reading it has there."""
    statuses = store.status_map()
    unseen: dict[str, VocabWord] = {}
    for token in tokens:
        if token.is_chinese and token.text not in statuses and token.text not in unseen:
            entry = token.reading.entry
            definitions = tuple(entry.definitions) if entry is not None else ((token.gloss,) if token.gloss else ())
            traditional = entry.traditional if entry is not None and entry.traditional != token.text else None
            unseen[token.text] = VocabWord(token.text, token.numbered, definitions, Status.KNOWN, traditional=traditional)
    return MarkedKnown(tuple(store.add_many(unseen.values())))


# -- which words a "mark as known" takes: the LingQ way (the page paged past, the text up to here) -------------


def unseen_words(tokens: Sequence, statuses: Mapping[str, Status]) -> list[str]:
    """The distinct Chinese words of ``tokens`` never saved (no status at all), in reading order."""
    return list(dict.fromkeys(t.text for t in tokens if t.is_chinese and t.text not in statuses))


def tokens_before(block_tokens: Sequence[Sequence | None], block: int, token: int) -> list:
    """Every token of the blocks before ``block`` and of ``block`` before index ``token`` ("mark up to here")."""
    earlier = [t for tokens in block_tokens[:max(0, block)] for t in (tokens or ())]
    return earlier + list((block_tokens[block] or ())[:max(0, token)]) if 0 <= block < len(block_tokens) else earlier


def tokens_at(block_tokens: Sequence[Sequence | None], places) -> list:
    """The tokens at (block, token index) ``places`` (the words of the lines a page-down left behind), each once."""
    seen, tokens = set(), []
    for block, index in places:
        if (block, index) not in seen and 0 <= block < len(block_tokens) and 0 <= index < len(block_tokens[block] or ()):
            seen.add((block, index))
            tokens.append(block_tokens[block][index])
    return tokens
