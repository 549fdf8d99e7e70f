"""Text to tokens: each word with its reading in context, its gloss, and its place in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, chain, compress, count, repeat
from operator import is_
from typing import Iterable, NamedTuple, Protocol, Sequence

from reader.core import phrase_pinyin, refine
from reader.core.dictionary import _REFERENCE_ONLY, Dictionary, Entry
from reader.core.pinyin import numbered_to_marked
from reader.core.hanzi import ALL_HANZI, HANZI, hanzi_count, is_chinese
from reader.core.segment import Segmenter
from reader.core.traditional import lay_on, simplify

UNKNOWN_SYLLABLE = "xx5"  # CC-CEDICT's own mark for a character whose reading is not known


class Reading(NamedTuple):
    """How one word is read and glossed; shared by every token of that word read that way (a named tuple, like
    :class:`~reader.core.dictionary.Entry`: one is built per distinct word of a text)."""

    numbered: str
    gloss: str | None
    in_dictionary: bool
    entry: Entry | None = None
    # the word's other readings in CC-CEDICT, (numbered, first sense), for "also: huán, to pay back" beside 还 hái
    others: tuple[tuple[str, str], ...] = ()

    @property
    def pinyin(self) -> str:
        """The reading with tone marks, syllables space-separated."""
        return numbered_to_marked(self.numbered)


NOT_CHINESE = Reading("", None, False)
# A Reading's five fields as one tuple, as Reading(...) makes them without the named tuple's Python-level __new__
# (~0.5 µs of its ~0.8): what the readings of most words (one entry, or none) are made with
_new_reading = tuple.__new__


@dataclass(slots=True)
class Token:
    """A word (or a run of non-Chinese text) at ``start:end`` code points of the text."""

    text: str
    start: int
    end: int
    reading: Reading

    @property
    def is_chinese(self) -> bool:
        """Whether the token holds hanzi (a word a reader can look up)."""
        return self.reading is not NOT_CHINESE

    @property
    def pinyin(self) -> str:
        """Tone-marked reading in context; "" for non-Chinese."""
        return self.reading.pinyin

    @property
    def numbered(self) -> str:
        """CC-CEDICT-style reading, one syllable per hanzi; "" for non-Chinese."""
        return self.reading.numbered

    @property
    def gloss(self) -> str | None:
        """A short meaning for the reading used, or None."""
        return self.reading.gloss

    @property
    def in_dictionary(self) -> bool:
        """Whether CC-CEDICT has this word as a headword."""
        return self.reading.in_dictionary

    def to_json(self) -> dict:
        """The token as the command line's JSON object."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "pinyin": self.pinyin,
            "numbered": self.numbered,
            "gloss": self.gloss,
            "in_dictionary": self.in_dictionary,
        }


# What ContextReader.choose answers for a word it can only read with the whole text: it is asked again, with the
# text, in one batch at the end (choose_in_text).
ASK_WITH_TEXT = "?"


class ContextReader(Protocol):
    """Chooses the reading of a word CC-CEDICT reads more than one way, from the words around it."""

    def choose(self, words: Sequence[str], index: int, candidates: Sequence[str]) -> str | None:
        """The numbered reading of ``words[index]`` among ``candidates``, None to keep the word's default, or
        ASK_WITH_TEXT to be asked by :meth:`choose_in_text`."""

    def choose_in_text(self, text: str, requests: Sequence[tuple[int, Sequence[str]]]) -> list[str | None]:
        """For each (start, candidates) of a word at ``start`` in ``text`` that choose() asked about, in one batch: its
        numbered reading among the candidates, or None to keep the word's default."""


def _pypinyin_numbered(word: str) -> list[str]:
    """pypinyin's CC-CEDICT-style syllables for the hanzi of ``word`` (one per hanzi; xx5 where it has none)."""
    items = phrase_pinyin.numbered(word)
    if "一" not in word and "不" not in word and ALL_HANZI(word):
        spelled = "".join(items)
        if phrase_pinyin.NO_PINYIN not in spelled and "v" not in spelled:
            return items  # nearly every word asked (~10,000 a text): each item as pypinyin gives it
    return [
        UNKNOWN_SYLLABLE if item.startswith(phrase_pinyin.NO_PINYIN) else _CITATION_TONE.get(char) or item.replace("v", "u:")
        for char, item in zip(word, items)
        if HANZI.match(char)
    ]


# pypinyin's phrases carry 一 and 不 with their spoken sandhi (第一名 yi4); ``numbered`` keeps dictionary tones.
_CITATION_TONE = {"一": "yi1", "不": "bu4"}


def _pypinyin_knows(word: str) -> bool:
    """Whether pypinyin's phrase dictionary lists ``word`` (so its reading there was chosen for this very phrase)."""
    return phrase_pinyin.is_phrase(word)


def hanzi_syllables(entry: Entry) -> list[str] | None:
    """The entry's syllables that belong to hanzi (``3D打印`` gives ``da3 yin4``), or None when they do not align."""
    syllables = entry.numbered.split()
    headword = entry.simplified
    if len(syllables) == len(headword):
        if ALL_HANZI(headword):
            return syllables  # nearly every entry: one match instead of one a character
        return [s for ch, s in zip(headword, syllables) if HANZI.match(ch)]
    if len(syllables) == hanzi_count(headword):
        return syllables
    return None




def gloss_rank(entry: Entry) -> tuple[bool, bool]:
    """Sort key putting the entry worth glossing first: common words before names, real senses before cross-references."""
    first = entry.definitions[0] if entry.definitions else ""
    return (entry.numbered[:1].isupper(), _REFERENCE_ONLY.match(first) is not None)


def other_readings(entries: Sequence[Entry], used: str, limit: int = 3) -> tuple[tuple[str, str], ...]:
    """The readings CC-CEDICT gives a word besides ``used``, as (numbered, first sense), common ones first and a
    surname's reading left out: what the hover card and the dictionary panel show as "also"."""
    return _other_readings(tuple((entry, hanzi_syllables(entry)) for entry in sorted(entries, key=gloss_rank)), used, limit)


def _other_readings(ranked: Sequence[tuple[Entry, list[str] | None]], used: str, limit: int = 3) -> tuple[tuple[str, str], ...]:
    """:func:`other_readings` of entries already in gloss order, each with its :func:`hanzi_syllables`."""
    found: dict[str, str] = {used.lower(): ""}
    others = []
    for entry, syllables in ranked:
        key = " ".join(syllables) if syllables else ""
        if not key or key.lower() in found or key[:1].isupper():
            continue
        sense = next((d for d in entry.definitions if not d.startswith("CL:")), "")
        found[key.lower()] = sense
        others.append((key, sense))
    return tuple(others[:limit])


def also_text(others: Sequence[tuple[str, str]]) -> str:
    """``also: huán, to pay back`` for a word's other readings ("" when it has none)."""
    return "also: " + "; ".join(f"{numbered_to_marked(n)}, {sense}" if sense else numbered_to_marked(n) for n, sense in others) if others else ""


def _same_reading(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(x.lower() == y.lower() for x, y in zip(a, b))


def _same_letters(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(x.lower().rstrip("12345") == y.lower().rstrip("12345") for x, y in zip(a, b))


class Annotator:
    """Segments text and gives every word its reading, computing each distinct word once."""

    def __init__(self, dictionary: Dictionary, segmenter: Segmenter | None = None, context: ContextReader | None = None):
        self.dictionary = dictionary
        self.segmenter = segmenter or Segmenter(dictionary.headwords, dictionary.cache_key)
        self.context = context
        self._readings: dict[str, Reading] = {}
        self._choices: dict[str, tuple[str, ...]] = {}
        self._by_reading: dict[tuple[str, str], Reading] = {}
        # word -> its entries with their hanzi syllables (None where they do not align), those worth glossing first
        self._ranked: dict[str, tuple[tuple[Entry, list[str] | None], ...]] = {}
        self._pieces: dict[str, tuple[str, ...]] = {}
        # word -> how its reading depends on context: True (a CC-CEDICT word with several readings), a tuple of
        # the dictionary pieces of a word CC-CEDICT lacks when one of them has several readings, or False.
        self._ambiguity: dict[str, bool | tuple[str, ...]] = {}
        self._fixed: dict[str, Reading] = {}  # word -> its reading, for words whose reading no context changes
        self._context_needed: dict[str, bool] = {}  # word -> _needs_context(word)
        self._names: dict[str, tuple[str, str] | None] = {}  # word -> person_name(word)
        self._sole_readings: dict[str, list[str] | None] = {}  # piece -> _sole_reading(piece)
        self._extras: dict[str, tuple[str, ...]] = {}  # word -> _extra_candidates(word)
        self._gloss_parts: dict[str, str | None] = {}  # piece -> _gloss_part(piece)
        self._unless_after: dict[str, tuple[Reading, frozenset[str]]] | None = None  # see _alone_unless_after

    REMEMBERED_WORDS = 300_000

    def forget(self) -> None:
        """Drop what was worked out per word (it is worked out again when next asked)."""
        memos = (self._readings, self._fixed, self._choices, self._by_reading, self._ambiguity, self._ranked, self._pieces,
                 self._context_needed, self._names, self._sole_readings, self._extras, self._gloss_parts)
        for memo in memos:
            memo.clear()
        self._unless_after = None

    def ranked_entries(self, word: str) -> tuple[tuple[Entry, list[str] | None], ...]:
        """``word``'s entries sorted by :func:`gloss_rank` (stable: file order among equals), each with its
        :func:`hanzi_syllables`; worked out once per word (a word's readings, candidates and glosses all ask)."""
        found = self._ranked.get(word)
        if found is None:
            entries = self.dictionary.entries(word)
            if len(entries) > 1:
                entries = sorted(entries, key=gloss_rank)
            found = self._ranked[word] = tuple((entry, hanzi_syllables(entry)) for entry in entries)
        return found

    def candidates(self, word: str) -> tuple[str, ...]:
        """The distinct readings CC-CEDICT gives ``word`` (hanzi syllables, space-separated), lower-case ones first."""
        found = self._choices.get(word)
        if found is None:
            seen: dict[str, None] = {}
            lowered: set[str] = set()
            for _, syllables in self.ranked_entries(word):
                if syllables:
                    key = " ".join(syllables)
                    if key.lower() not in lowered:
                        lowered.add(key.lower())
                        seen[key] = None
            everyday = self._extra_candidates(word)
            if everyday:
                if not seen:  # a phrase CC-CEDICT lacks (塞上, from pypinyin's phrases): its own reading first
                    seen[self.reading_of(word).numbered] = None
                seen.update(dict.fromkeys(everyday))  # an everyday sense CC-CEDICT lacks (落下 là xià)
            found = self._choices[word] = tuple(seen)
        return found

    def reading_of(self, word: str) -> Reading:
        """The reading ``word`` has on its own (the dictionary's, or pypinyin's where the dictionary has several)."""
        reading = self._readings.get(word)
        if reading is None:
            reading = self._readings[word] = self._compute_reading(word)
        return reading

    def reading_as(self, word: str, numbered: str) -> Reading:
        """``word`` read as ``numbered`` (one of its candidates), with the gloss of that reading."""
        key = (word, numbered)
        reading = self._by_reading.get(key)
        if reading is None:
            entries = self.dictionary.entries(word)
            if entries and not any(_same_reading(hanzi_syllables(e) or (), numbered.split()) for e in entries):
                reading = self._reading_by_characters(word, numbered)
            elif entries:
                reading = self._reading_from_entries(word, numbered.split())
            else:
                parts = self.person_name(word)
                if parts:  # the name's capitals back on its surname and given name (Wáng Yuán)
                    syllables = numbered.split()
                    for k in (0, len(parts[0])):
                        syllables[k] = syllables[k][:1].upper() + syllables[k][1:]
                    numbered = " ".join(syllables)
                    gloss = self.reading_of(word).gloss or ""
                    gloss = numbered_to_marked(numbered) + gloss[gloss.find(", a name: ") :]
                else:
                    known = getattr(self.context, "extra_gloss", None)
                    gloss = (known(word, numbered) if known is not None else None) or self.reading_of(word).gloss
                reading = Reading(numbered, gloss, False)
            self._by_reading[key] = reading
        return reading

    def _extra_candidates(self, word: str) -> tuple[str, ...]:
        """The context reader's everyday readings of ``word`` that CC-CEDICT does not list (落下 là xià)."""
        found = self._extras.get(word)  # asked for most words twice (their reading, their ambiguity)
        if found is None:
            extra = getattr(self.context, "extra_candidates", None)
            found = self._extras[word] = extra(word) if extra is not None else ()
        return found

    def _everyday_senses(self, word: str, used: str) -> tuple[tuple[str, str], ...]:
        """The context reader's everyday readings of ``word`` besides ``used``, as (numbered, gloss), for "also"."""
        return tuple(
            (n, self.context.extra_gloss(word, n) or "") for n in self._extra_candidates(word) if n.lower() != used.lower()
        )

    def _reading_by_characters(self, word: str, numbered: str) -> Reading:
        """A dictionary word read in a sense CC-CEDICT does not list under it (落下 là xià), glossed as the context
        reader knows it or else by each character's sense in that reading ("落: to leave out · 下: …")."""
        known = getattr(self.context, "extra_gloss", None)
        gloss = known(word, numbered) if known is not None else None
        if gloss:
            return Reading(numbered, gloss, True, None, _other_readings(self.ranked_entries(word), numbered))
        parts = []
        for char, syllable in zip(word, numbered.split()):
            senses = [e for e, _ in self.ranked_entries(char) if e.numbered.lower() == syllable.lower()]
            if senses and senses[0].definitions:
                parts.append(f"{char}: {senses[0].definitions[0]}")
        return Reading(numbered, " · ".join(parts) or None, True, None, _other_readings(self.ranked_entries(word), numbered))

    def pieces(self, word: str) -> tuple[str, ...]:
        """``word`` cut into the longest CC-CEDICT headwords from the left (single characters where none fits)."""
        found = self._pieces.get(word)  # asked for its reading and again for its ambiguity
        if found is None:
            pieces = []
            is_headword = self.dictionary.headword_test()
            start, length = 0, len(word)
            while start < length:
                end = min(length, start + 8)
                while end > start + 1 and not is_headword(word[start:end]):
                    end -= 1
                pieces.append(word[start:end])
                start = end
            found = self._pieces[word] = tuple(pieces)
        return found

    def _reading_by_pieces(self, word: str) -> list[str | None]:
        """The syllables of a word CC-CEDICT lacks where a piece of it is a CC-CEDICT word with one reading; None at
        the places no such piece covers (pypinyin's guess goes there)."""
        syllables: list[str | None] = [None] * len(word)
        position = 0
        for piece in self.pieces(word):
            sole = self._sole_readings.get(piece, False)  # the same pieces come back word after word
            if sole is False:
                sole = self._sole_readings[piece] = self._sole_reading(piece)
            if sole is not None:
                syllables[position : position + len(piece)] = sole
            position += len(piece)
        return syllables

    def _sole_reading(self, piece: str) -> list[str] | None:
        """The syllables of ``piece``'s one CC-CEDICT reading (lower case), None when it has none or several."""
        everyday = self._extra_candidates(piece)
        candidates = [c for c in self.candidates(piece) if c not in everyday]  # the dictionary's own
        if len(candidates) == 1 and len(candidates[0].split()) == len(piece):
            return candidates[0].lower().split()
        return None

    def _ambiguity_of(self, word: str, reading: Reading) -> bool | tuple[str, ...]:
        if reading.in_dictionary:
            if len(self.dictionary.entries(word)) == 1 and not self._extra_candidates(word):
                return False  # one entry is one reading (two thirds of a text's words): no candidates to work out
            return self._needs_context(word)
        # (a word CC-CEDICT lacks has candidates only where the context reader knows an everyday sense of it)
        if len(word) == 2 and self._extra_candidates(word) and len(self.candidates(word)) > 1:
            return True  # a phrase CC-CEDICT lacks with an everyday sense of the context reader's (塞上 sāi)
        if not reading.numbered or len(reading.numbered.split()) != len(word) or not ALL_HANZI(word):
            return False
        parts = self.person_name(word)
        if parts:
            # a name keeps its surname's reading (王芳 Wáng); an ambiguous given character is read in context (王媛 yuán)
            surname, given = parts
            return (surname, *given) if any(map(self._needs_context, given)) else False
        if _pypinyin_knows(word):
            return False  # a phrase pypinyin lists (弹钢琴, 做不了) already has its reading in context
        pieces = self.pieces(word)
        return pieces if any(map(self._needs_context, pieces)) else False

    def _needs_context(self, word: str) -> bool:
        """Whether the context reader may read ``word`` (a dictionary word or a piece of one) otherwise than on its
        own: it has several readings, and it is not a character the reader reads the same everywhere (的 is
        ~8,000 of the CPP text's 200,000 tokens: read once, it is found for every token by the fixed path)."""
        needed = self._context_needed.get(word)  # the same pieces (single characters mostly) come back word after word
        if needed is None:
            candidates = self.candidates(word)
            reads_alone = getattr(self.context, "reads_alone", None)
            needed = len(candidates) > 1 and (reads_alone is None or not reads_alone(simplify(word), candidates))
            self._context_needed[word] = needed
        return needed

    def _read_pieces(self, words: Sequence[str], index: int, pieces: tuple[str, ...], reading: Reading, seen=None):
        """The reading of a word CC-CEDICT lacks with its ambiguous pieces chosen from the words around (熟练地 →
        shú liàn de), and the pieces left open: [(position in the word, candidates)]. ``seen`` is the words as the
        context reader sees them (simplified, for traditional text)."""
        seen = seen or words
        start = max(0, index - 12)
        window = [*seen[start:index], *(simplify(piece) for piece in pieces), *seen[index + 1 : index + 9]]
        offset = index - start
        syllables = reading.numbered.split()
        position = 0
        changed = False
        left_open = []
        name = self.person_name(words[index])
        for k, piece in enumerate(pieces):
            candidates = self.candidates(piece)
            if len(candidates) > 1 and not (name and k == 0):
                choice = self.context.choose(window, offset + k, candidates)
                if choice == ASK_WITH_TEXT:
                    left_open.append((position, candidates))
                elif choice and self._replace(syllables, position, choice):
                    changed = True
            position += len(piece)
        return (self.reading_as(words[index], " ".join(syllables)) if changed else reading), left_open

    @staticmethod
    def _replace(syllables: list[str], position: int, choice: str) -> bool:
        """Put a piece's chosen reading into a word's syllables at ``position``; whether anything changed."""
        chosen = [c.lower() for c in choice.split()]
        if position + len(chosen) > len(syllables) or chosen == syllables[position : position + len(chosen)]:
            return False
        syllables[position : position + len(chosen)] = chosen
        return True

    def person_name(self, word: str) -> tuple[str, str] | None:
        """(surname, given name) when ``word`` is read as a person's name: name-shaped (reader/core/refine.py) and
        not a CC-CEDICT word other than a name (林晓 yes, 高兴 no)."""
        found = self._names.get(word, False)  # asked for its reading, its ambiguity and its pieces
        if found is False:
            found = self._names[word] = self._person_name(word)
        return found

    def _person_name(self, word: str) -> tuple[str, str] | None:
        parts = refine.person_name(word)
        shape = word if parts else simplify(word)  # 陳默, 何靜: the name's shape is that of its simplified twin
        if parts is None and shape is not word:
            parts = refine.person_name(shape)
        if parts is None and shape[:1] in refine.AMBIGUOUS_SURNAMES and not self.segmenter.refiner.word_tag(shape):
            parts = refine.person_name(shape, ambiguous=True)  # 何静, 任静: only what the cut made a name (常青树 is none)
        if parts and shape is not word:
            parts = (word[: len(parts[0])], word[len(parts[0]) :])
        if parts and all(entry.numbered[:1].isupper() for entry in self.dictionary.entries(word)):
            return parts
        return None

    def _name_reading(self, word: str, surname: str, given: str) -> Reading:
        """A name CC-CEDICT lacks, read and glossed as one: Lín Xiǎo, "a name: 林 surname Lin · 晓 dawn"."""
        from reader.core.polyphone import SURNAME_READINGS

        surname_entries = [e for e in self.dictionary.entries(surname) if e.numbered[:1].isupper()]
        if surname in SURNAME_READINGS:
            family = [SURNAME_READINGS[surname]]
        elif surname_entries and hanzi_syllables(surname_entries[0]):
            family = [s.lower() for s in hanzi_syllables(surname_entries[0])]
        else:
            family = _pypinyin_numbered(surname)
        own = _pypinyin_numbered(given)
        syllables = [s[:1].upper() + s[1:] if k in (0, len(family)) else s for k, s in enumerate(family + own)]
        parts = [f"{surname} {surname_entries[0].definitions[0] if surname_entries else 'surname'}"]
        for char in given:
            entries = self.ranked_entries(char)
            if entries and entries[0][0].definitions:
                parts.append(f"{char} {entries[0][0].definitions[0]}")
        pinyin = numbered_to_marked(" ".join(syllables))
        return Reading(" ".join(syllables), f"{pinyin}, a name: " + " · ".join(parts), False)

    def _compute_reading(self, word: str) -> Reading:
        if not is_chinese(word):
            return NOT_CHINESE
        if not self.dictionary.entries(word):
            parts = self.person_name(word)
            if parts:
                return self._name_reading(word, *parts)
            if ALL_HANZI(word) and not _pypinyin_knows(word):
                # pieces with one reading first; pypinyin (one syllable a hanzi) only for the places they leave, and
                # not asked at all where they leave none (about half of such words)
                syllables = self._reading_by_pieces(word)
                if None in syllables:
                    syllables = [own or guess for own, guess in zip(syllables, _pypinyin_numbered(word))]
            else:
                syllables = _pypinyin_numbered(word)  # a phrase pypinyin lists, or a word not all hanzi: as pypinyin reads it
            return _new_reading(Reading, (" ".join(syllables), self.compound_gloss(word), False, None, ()))
        return self._reading_from_entries(word, None)

    def _reading_from_entries(self, word: str, wanted: list[str] | None) -> Reading:
        """Pick the entry whose reading matches ``wanted`` (exactly, then ignoring tones), else the first entry;
        ``wanted`` None asks pypinyin, only where CC-CEDICT reads the word more than one way."""
        entries = self.dictionary.entries(word)
        if len(entries) == 1 and wanted is None and not self._extra_candidates(word):
            # most words: one entry, whose reading and first sense it is (what the general way below gives for it)
            entry = entries[0]
            syllables = hanzi_syllables(entry)
            if syllables:
                return _new_reading(
                    Reading, (" ".join(syllables), entry.definitions[0] if entry.definitions else None, True, entry, ())
                )
        # the aligned entries in gloss order (sorting then filtering gives what filtering then sorting gave)
        aligned = [(entry, syllables) for entry, syllables in self.ranked_entries(word) if syllables]
        if not aligned:
            wanted = _pypinyin_numbered(word) if wanted is None else wanted
            return Reading(" ".join(wanted), entries[0].definitions[0] if entries else None, bool(entries), entries[0] if entries else None)
        distinct = {" ".join(s).lower() for _, s in aligned}
        chosen = None
        if len(distinct) == 1:
            chosen = aligned[0]
        else:
            wanted = _pypinyin_numbered(word) if wanted is None else wanted
            chosen = next((pair for pair in aligned if _same_reading(pair[1], wanted)), None)
            chosen = chosen or next((pair for pair in aligned if _same_letters(pair[1], wanted)), None)
            chosen = chosen or aligned[0]
        entry, syllables = chosen
        others = _other_readings(self.ranked_entries(word), " ".join(syllables)) if len(distinct) > 1 else ()
        others += self._everyday_senses(word, " ".join(syllables))
        return Reading(" ".join(syllables), entry.definitions[0] if entry.definitions else None, True, entry, others)

    def compound_gloss(self, word: str) -> str | None:
        """A gloss for a word CC-CEDICT lacks, from the longest dictionary words inside it (``刘: surname Liu · 益安: …``)."""
        parts = []
        if len(word) <= 8:
            # within 8 characters this is the cut pieces() makes (the longest headword from the left), less the
            # single characters no entry or no hanzi glosses: that cut is made once per word already, and each
            # piece's part once per piece (the same pieces come back word after word)
            known = self._gloss_parts
            for piece in self.pieces(word):
                part = known.get(piece, False)
                if part is False:
                    part = known[piece] = self._gloss_part(piece)
                if part is not None:
                    parts.append(part)
            return " · ".join(parts) if parts else None
        i = 0
        while i < len(word):
            for j in range(len(word), i, -1):
                part = self._gloss_part(word[i:j])
                if part is not None:
                    parts.append(part)
                    i = j
                    break
            else:
                i += 1
        return " · ".join(parts) if parts else None

    def _gloss_part(self, piece: str) -> str | None:
        """``piece: first sense`` of a dictionary word of hanzi (its first entry in gloss order), else None."""
        if self.dictionary.entries(piece) and is_chinese(piece):
            return f"{piece}: {self.ranked_entries(piece)[0][0].definitions[0]}"  # min(entries, key=gloss_rank)
        return None

    def annotate(self, text: str, learner=None) -> list[Token]:
        """Tokens covering ``text`` exactly, each with its reading in this context.

        ``learner`` (:class:`~reader.core.corrections.LearnerWords`) is the learner's own words, applied last: their
        merges and splits over the cut, their readings over the dictionary's and the context's.
        """
        words, readings, tokens = self._read(text, learner)
        if tokens is None:
            ends = list(accumulate(map(len, words)))
            tokens = list(map(Token, words, chain((0,), ends), ends, readings))
        return tokens

    def words_and_readings(self, text: str, learner=None) -> tuple[list[str], list[Reading]]:
        """:meth:`annotate`'s tokens as two columns, their words and their readings (each token starts where the one
        before it ends): what a writer of many tokens needs, without building a Token for each (~0.1 s of the CPP
        sentences' 202,000 tokens)."""
        words, readings, tokens = self._read(text, learner)
        if tokens is not None:
            words, readings = [token.text for token in tokens], [token.reading for token in tokens]
        return words, readings

    def _read(self, text: str, learner) -> tuple[list[str], list[Reading], list[Token] | None]:
        """The words of ``text`` and their readings in context; with ``learner``, also the tokens the learner's
        readings were laid on (else None: the caller builds them if it needs them)."""
        if len(self._readings) > self.REMEMBERED_WORDS:
            self.forget()  # a text read piece by piece keeps memory bounded whatever its length
        # the context reader's rules and model know simplified text: traditional text is shown them as its twin
        words, seen_text, seen = self.segmenter.cut_with_twin(text)
        learner = learner or None  # asked once, not per word
        if learner is not None:
            words = learner.recut(text, words)
            seen = words if seen_text is text else lay_on(seen_text, words)
        context = self.context
        left_open = []  # (word number, position of the piece in the word, candidates) for choose_in_text
        readings = self._readings
        if learner is None:
            # a word read the same in any context is read once and then found by one C-level pass over the words;
            # only the rest (new words, and those the context decides: ~50,000 of 200,000 in the CPP text) loop here
            fixed = self._fixed
            found = list(map(fixed.get, words))
            for word, (reading, after) in self._alone_unless_after().items():
                # 的 (~8,000 of the CPP text's words): its own reading wherever the context reader would keep it
                for index in compress(count(), map(word.__eq__, words)):
                    if index == 0 or seen[index - 1] not in after:
                        found[index] = reading
            for index in compress(count(), map(is_, found, repeat(None))):
                word = words[index]
                reading = fixed.get(word)  # read so earlier in this text
                if reading is None:
                    reading = readings.get(word) or self.reading_of(word)
                    if context is not None:
                        reading = self._read_in_context(words, seen, index, reading, left_open)
                        if not self._ambiguity[word]:
                            fixed[word] = reading
                    else:
                        fixed[word] = reading
                found[index] = reading
        else:
            found = []
            learned, forms = learner.by_word, learner.forms  # forms: the learner's words as their simplified twins
            for index, word in enumerate(words):
                # a learner word as written, or written in the other script (嚴賦憬 for 严赋憬, 严赋憬 for 嚴賦憬)
                own = learner.reading(self, word) if word in learned or word in forms or seen[index] in forms else None
                reading = own or readings.get(word) or self.reading_of(word)
                if context is not None and own is None:
                    reading = self._read_in_context(words, seen, index, reading, left_open)
                found.append(reading)
        if left_open:
            self._choose_in_text(seen_text, words, found, left_open)
        if learner is None:
            return words, found, None
        ends = list(accumulate(map(len, words)))
        tokens = list(map(Token, words, chain((0,), ends), ends, found))
        learner.fix_occurrences(self, text, tokens)
        return words, found, tokens

    def _alone_unless_after(self) -> dict[str, tuple[Reading, frozenset[str]]]:
        """The context reader's words read alone except right after a few words (its reads_alone_unless_after), each
        with its own reading: word -> (reading, those words)."""
        found = self._unless_after
        if found is None:
            listed = getattr(self.context, "reads_alone_unless_after", None)
            found = self._unless_after = {
                word: (self.reading_of(word), after) for word, after in (listed() if listed is not None else {}).items()
            }
        return found

    def _read_in_context(self, words, seen, index: int, reading: Reading, left_open: list) -> Reading:
        """The reading of ``words[index]`` (read ``reading`` on its own) in the words around it; what only the whole
        text can decide goes to ``left_open``."""
        word = words[index]
        ambiguity = self._ambiguity
        kind = ambiguity.get(word)
        if kind is None:
            kind = ambiguity[word] = self._ambiguity_of(word, reading)
        if kind is True:
            candidates = self.candidates(word)
            choice = self.context.choose(seen, index, candidates)
            if choice == ASK_WITH_TEXT:
                left_open.append((index, 0, candidates))
            elif choice:
                reading = self.reading_as(word, choice)
        elif kind:
            reading, pieces_open = self._read_pieces(words, index, kind, reading, seen)
            left_open.extend((index, piece_position, candidates) for piece_position, candidates in pieces_open)
        return reading

    def _choose_in_text(self, text: str, words: list[str], found: list[Reading],
                        left_open: list[tuple[int, int, tuple[str, ...]]]) -> None:
        """Ask the context reader, in one batch, for the words choose() left open, and read those words so."""
        starts = list(accumulate(map(len, words), initial=0))
        requests = [(starts[number] + piece_position, candidates) for number, piece_position, candidates in left_open]
        choices = self.context.choose_in_text(text, requests)
        changed: dict[int, list[str]] = {}
        for (number, piece_position, candidates), choice in zip(left_open, choices):
            if choice is None:
                continue
            word = words[number]
            if piece_position == 0 and len(candidates[0].split()) == len(word):
                found[number] = self.reading_as(word, choice)
                continue
            syllables = changed.get(number) or found[number].numbered.split()
            if self._replace(syllables, piece_position, choice):
                changed[number] = syllables
        for number, syllables in changed.items():
            found[number] = self.reading_as(words[number], " ".join(syllables))


# Where a long text may be cut into pieces annotated one after the other without changing a token: after a line
# end; in a line longer than a piece, after a sentence end (the cut never joins across either).
_LINE_END = "\n"
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”」』）)\"']*")


def text_pieces(text: str, size: int = 1 << 16):
    """(offset, piece) of ``text`` in pieces of about ``size`` code points, each ending at a line end where there
    is one (else a sentence end, else anywhere): a text is read in memory bounded by a piece, not by the text."""
    start = 0
    length = len(text)
    while start < length:
        end = start + size
        if end >= length:
            yield start, text[start:]
            return
        cut = text.rfind(_LINE_END, start, end)
        if cut < 0:
            cut = text.find(_LINE_END, end, end + 8 * size)
        if cut >= 0:
            cut += 1
        else:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, start + size // 2, end + 8 * size)]
            cut = ends[0] if ends else end
        yield start, text[start:cut]
        start = cut


def text_pieces_of(pieces: Iterable[str], size: int = 1 << 16):
    """``text_pieces("".join(pieces), size)`` without ever joining ``pieces`` (a file read as it is annotated): each
    cut looks at most 9 * size characters past a piece's start, so that much read ahead is enough."""
    reach = 9 * size + 1
    source = iter(pieces)
    buffer, position, offset, ended = "", 0, 0, False
    while True:
        while not ended and len(buffer) - position < reach:
            more = next(source, None)
            if more is None:
                ended = True
            else:
                buffer, position = buffer[position:] + more, 0
        window = buffer[position : position + reach]
        if not window:
            return
        _, piece = next(text_pieces(window, size))
        yield offset, piece
        offset += len(piece)
        position += len(piece)


def _offset_pieces(text: str | Iterable[str], size: int):
    return text_pieces(text, size) if isinstance(text, str) else text_pieces_of(text, size)


def annotate_in_pieces(annotate, text: str | Iterable[str], size: int = 1 << 16):
    """Tokens of ``text`` (whole, or its pieces) piece by piece (see :func:`text_pieces`), offsets into the whole
    text; ``annotate`` is an annotator's ``annotate``."""
    for offset, piece in _offset_pieces(text, size):
        tokens = annotate(piece)
        if offset:
            for token in tokens:
                token.start += offset
                token.end += offset
        yield tokens


def columns_in_pieces(words_and_readings, text: str | Iterable[str], size: int = 1 << 16):
    """(offset, words, readings) of ``text`` piece by piece, as :func:`annotate_in_pieces` gives tokens;
    ``words_and_readings`` is an annotator's."""
    for offset, piece in _offset_pieces(text, size):
        yield offset, *words_and_readings(piece)
