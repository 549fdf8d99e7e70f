"""The learner's own words: merges (a name, an idiom, 新质生产力), splits (为首对 → 为 | 首对) and readings of their own.

A word taught in one script holds in the other: 严赋憬 added in simplified keeps 嚴賦憬 whole in traditional text, and
the reverse (both are matched as their simplified twins, reader/core/traditional.py).

They are kept in the vocabulary file (tables ``learner_words`` and ``occurrence_readings``, one transaction per
change) and applied as the last pass over any cut, after the cut engine and the name and number pass: the learner's
words win over both. Every front door reads text through :class:`PersonalAnnotator`, so the window, ``annotate``,
``stats``, the vocabulary and the Anki export all see the same words.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from bisect import bisect_right
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Iterable, Sequence

from reader.core.errors import UserError
from reader.core.hanzi import HANZI
from reader.core.pinyin import marked_syllable_to_numbered
from reader.core.traditional import lay_on, simplify

# Merges and splits take effect across the text; a learner word of one character only gives its reading.
# A pinyin syllable: an initial and a final (not every pair is a real syllable, but stray letters are caught).
_SYLLABLE = re.compile(
    r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|u:an|u:e|ang|eng|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ing|ua|uo|ui|un|ue"
    r"|u:|a|o|e|i|u)|m|n|ng|hm|hng|r)[1-5]?$",
    re.IGNORECASE,
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 长孙 宇文 轩辕 端木 独孤 南宫 西门 呼延 澹台 钟离 东方".split()
)
FILE_FORMAT = "yuedu-learner-words"


@dataclass(frozen=True)
class LearnerWord:
    """One word the learner taught: kept whole (``pieces == (word,)``) or cut into ``pieces``; its own reading and meaning."""

    word: str
    pieces: tuple[str, ...]
    numbered: str = ""  # the learner's reading, one syllable per hanzi; "" to keep the dictionary's
    meaning: str = ""
    is_name: bool = False

    @property
    def is_split(self) -> bool:
        """Whether this word is cut into pieces (rather than kept whole)."""
        return len(self.pieces) > 1

    @property
    def summary(self) -> str:
        """One line on what the learner taught: "Your word: Yán Fù jǐng · a name · the head of the team"."""
        from reader.core.pinyin import numbered_to_marked

        if self.is_split:
            return f"Your split: {' | '.join(self.pieces)}"
        parts = [numbered_to_marked(self.numbered), "a name" if self.is_name else "", self.meaning]
        return "Your word" + (": " + " · ".join(p for p in parts if p) if any(parts) else " (kept whole)")

    def to_json(self) -> dict:
        """The word as ``words list --json`` prints it and ``words export`` writes it."""
        from reader.core.pinyin import numbered_to_marked

        return {
            "word": self.word,
            "pieces": list(self.pieces),
            "pinyin": numbered_to_marked(self.numbered),
            "numbered": self.numbered,
            "meaning": self.meaning,
            "name": self.is_name,
        }


@dataclass(frozen=True)
class OccurrenceReading:
    """A reading fixed for one occurrence: ``word`` at ``offset`` in ``sentence`` (wherever that sentence appears)."""

    sentence: str
    offset: int
    word: str
    numbered: str

    def to_json(self) -> dict:
        """The fix as ``words export`` writes it."""
        return {"sentence": self.sentence, "offset": self.offset, "word": self.word, "numbered": self.numbered}


# ------------------------------------------------------------------------------------------------ checking


def check_word(word: str) -> str:
    """``word`` stripped; UserError unless it is one or more hanzi and nothing else."""
    word = (word or "").strip()
    if not word:
        raise UserError("give a word in Chinese characters")
    bad = [char for char in word if not HANZI.fullmatch(char)]
    if bad:
        raise UserError(f"{word}: not a word in Chinese characters ({bad[0]!r} is not a hanzi)")
    return word


def check_pieces(word: str, pieces: Sequence[str]) -> tuple[str, ...]:
    """The pieces ``word`` is cut into; UserError unless there are at least two and together they spell ``word``."""
    pieces = tuple(piece.strip() for piece in pieces if piece.strip())
    if len(pieces) < 2:
        raise UserError(f"{word}: give at least two pieces to split it into")
    if "".join(pieces) != word:
        raise UserError(f"{word}: the pieces {' + '.join(pieces)} do not spell it")
    return pieces


def parse_reading(word: str, pinyin: str | None) -> str:
    """The learner's reading as CC-CEDICT-style syllables (``yan2 fu4 jing3``), from numbers or tone marks.

    UserError when a syllable is not pinyin or the number of syllables is not the number of characters.
    """
    text = (pinyin or "").strip()
    if not text:
        return ""
    syllables = []
    for raw in re.split(r"[\s,'’·]+", text):
        if not raw:
            continue
        syllable = raw if raw[-1:].isdigit() else marked_syllable_to_numbered(raw)
        syllable = syllable.replace("ü", "u:").replace("Ü", "U:").replace("v", "u:").replace("V", "U:")
        if not _SYLLABLE.match(syllable):
            raise UserError(f"{word}: {raw!r} is not a pinyin syllable (write yan2 or yán)")
        syllables.append(syllable)
    if len(syllables) != len(word):
        raise UserError(
            f"{word}: {len(word)} character{'s' if len(word) != 1 else ''} but {len(syllables)} "
            f"syllable{'s' if len(syllables) != 1 else ''} in the reading {text!r}"
        )
    return " ".join(syllables)


def name_syllables(word: str, numbered: str) -> str:
    """A name's reading with its surname and given name capitalised (严赋憬: Yan2 Fu4 jing3; 欧阳修: Ou1 yang2 Xiu1)."""
    syllables = [s.lower() for s in numbered.split()]
    surname = 2 if word[:2] in COMPOUND_SURNAMES and len(word) > 2 else 1
    for index in {0, surname} & set(range(len(syllables))):
        syllables[index] = syllables[index][:1].upper() + syllables[index][1:]
    return " ".join(syllables)


# ------------------------------------------------------------------------------------------------ applying


@dataclass(frozen=True)
class LearnerWords:
    """Everything the learner taught, as one unchanging snapshot: what a cut is corrected with."""

    words: tuple[LearnerWord, ...] = ()
    occurrences: tuple[OccurrenceReading, ...] = ()
    by_word: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self.by_word.update({w.word: w for w in self.words})

    def __bool__(self) -> bool:
        return bool(self.words or self.occurrences)

    def get(self, word: str) -> LearnerWord | None:
        """The learner's entry for ``word``, or None."""
        return self.by_word.get(word)

    def entry_for(self, word: str) -> LearnerWord | None:
        """The learner's entry for ``word`` as written or in the other script (嚴賦憬 for 严赋憬), or None."""
        found = self.by_word.get(word)
        if found is None and self.words:
            found = self._by_form.get(simplify(word))
        return found

    @property
    def forms(self) -> dict[str, LearnerWord]:
        """The learner's words by their simplified twins (what a text in either script is matched as)."""
        return self._by_form

    @cached_property
    def _by_form(self) -> dict[str, LearnerWord]:
        """Each word by its simplified twin; the word as written wins over another with the same twin."""
        forms: dict[str, LearnerWord] = {}
        for entry in self.words:
            form = simplify(entry.word)
            if form not in forms or entry.word == form:
                forms[form] = entry
        return forms

    @cached_property
    def _merge_pattern(self) -> re.Pattern | None:
        return _longest_first([form for form, w in self._by_form.items() if not w.is_split and len(form) > 1])

    @cached_property
    def _split_pattern(self) -> re.Pattern | None:
        return _longest_first([form for form, w in self._by_form.items() if w.is_split])

    @cached_property
    def _occurrences_by_word(self) -> dict[str, list[OccurrenceReading]]:
        found: dict[str, list[OccurrenceReading]] = {}
        for occurrence in self.occurrences:
            found.setdefault(occurrence.word, []).append(occurrence)
        return found

    def recut(self, text: str, words: list[str]) -> list[str]:
        """``words`` (a cut of ``text``) with the learner's merges and splits applied; they still cover ``text`` exactly.

        A merged word becomes one word wherever it occurs, cutting through the words around it (林晓站 → 林晓 | 站).
        A split word is cut into its pieces where it stands as whole words (为首对 → 为 | 首对), never through a
        neighbour or a merged word.
        """
        merges, splits = self._merge_pattern, self._split_pattern
        seen = simplify(text) if merges is not None or splits is not None else text  # same length, same places
        if (merges is None or not merges.search(seen)) and (splits is None or not splits.search(seen)):
            return words
        bounds = [0, *accumulate(map(len, words))]  # where each word starts, and the text's end
        edits: list[tuple[int, int, tuple[str, ...]]] = []  # (start, end, the words there), apart from each other
        if merges is not None:
            for match in merges.finditer(seen):
                start, end = match.span()
                while end < len(text) and _is_mark(text[end]):
                    end += 1  # a combining mark or variation selector belongs to the merged word's last character
                edits.append((start, end, (text[start:end],)))
        if splits is not None:
            merged = list(edits)
            starts = set(bounds)
            for match in splits.finditer(seen):
                start, end = match.span()
                if start not in starts or end not in starts:
                    continue  # the stretch is part of a longer word here
                if not any(s < end and start < e for s, e, _ in merged):
                    pieces = self._by_form[match.group()].pieces
                    edits.append((start, end, tuple(lay_on(text[start:end], pieces))))  # in the text's own script
            edits.sort()
        return _apply_edits(text, words, bounds, edits)

    def reading(self, annotator, word: str):
        """The learner's own reading of ``word`` (a :class:`~reader.core.annotate.Reading`), or None to read it as usual."""
        entry = self.entry_for(word)
        if entry is None or entry.is_split:
            return None
        readings = self._readings
        if word not in readings:
            readings[word] = own_reading(annotator, entry if entry.word == word else replace(entry, word=word))
        return readings[word]

    @cached_property
    def _readings(self) -> dict:
        return {}

    def fix_occurrences(self, annotator, text: str, tokens: list) -> None:
        """Give the tokens whose reading the learner fixed for that one occurrence their fixed reading."""
        wanted = self._occurrences_by_word
        if not wanted:
            return
        for token in tokens:
            for occurrence in wanted.get(token.text, ()):
                at = text.find(occurrence.sentence)
                while at >= 0:
                    if at + occurrence.offset == token.start:
                        token.reading = reading_as_given(annotator, token.text, occurrence.numbered)
                        break
                    at = text.find(occurrence.sentence, at + 1)

    def words_changed_since(self, earlier: "LearnerWords") -> set[str]:
        """The words whose cut or reading differs between ``earlier`` and this snapshot (to re-read the text holding them)."""
        before = {w.word: w for w in earlier.words}
        after = self.by_word
        changed = {word for word in before.keys() | after.keys() if before.get(word) != after.get(word)}
        changed.update(o.word for o in set(earlier.occurrences) ^ set(self.occurrences))
        return changed


def _longest_first(words: list[str]) -> re.Pattern | None:
    """A pattern finding ``words`` left to right, the longest at each place; built as a trie (林(?:晓|小雨)), so a
    thousand words cost about what ten do, instead of a thousand alternatives tried at every character."""
    if not words:
        return None
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first, the shorter if it fails

    return re.compile(pattern(trie))


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me", "Mc") or "\ufe00" <= char <= "\ufe0f"


def _apply_edits(text: str, words: list[str], bounds: list[int], edits: list[tuple[int, int, tuple[str, ...]]]) -> list[str]:
    """``words`` (starting at ``bounds``, which ends with the text's end) with each edit's stretch replaced by its
    words; a word an edit cuts into keeps its parts outside the stretch. Untouched runs are copied as slices."""
    result: list[str] = []
    last = len(words) - 1
    k, position = 0, 0  # word k holds ``position``: the text before it is done
    for start, end, replacement in edits:
        i = bisect_right(bounds, start) - 1  # the word holding the edit's start
        if i > k:
            result.append(text[position : bounds[k + 1]])
            result.extend(words[k + 1 : i])
            position = bounds[i]
        if position < start:
            result.append(text[position:start])
        result.extend(replacement)
        position = end
        k = min(bisect_right(bounds, end) - 1, last)
    if position < len(text):
        result.append(text[position : bounds[k + 1]])
        result.extend(words[k + 1 :])
    return result


NO_LEARNER_WORDS = LearnerWords()


def reading_as_given(annotator, word: str, numbered: str, meaning: str = ""):
    """``word`` read as ``numbered`` even where the dictionary has no such reading; with ``meaning`` as its gloss."""
    from reader.core.annotate import Reading

    base = annotator.reading_as(word, numbered) if numbered else annotator.reading_of(word)
    if numbered and base.numbered.lower() != numbered.lower():
        base = Reading(numbered, base.gloss, base.in_dictionary, base.entry)
    elif numbered and base.numbered != numbered:  # the learner's capitals (a name): keep them
        base = Reading(numbered, base.gloss, base.in_dictionary, base.entry)
    if meaning:
        base = Reading(base.numbered, meaning, base.in_dictionary, None)
    return base


def own_reading(annotator, entry: LearnerWord):
    """How a learner word is read and glossed: the learner's reading and meaning, else the usual ones (a name capitalised)."""
    from reader.core.annotate import Reading

    if not entry.numbered and not entry.meaning and not entry.is_name:
        return None
    reading = reading_as_given(annotator, entry.word, entry.numbered, entry.meaning)
    if entry.is_name:
        surname, given, family = _surname_of(annotator, entry.word)
        numbered = entry.numbered or name_syllables(entry.word, " ".join([*family, *reading.numbered.split()[len(surname):]]))
        reading = Reading(numbered, entry.meaning or name_gloss(annotator, entry.word), reading.in_dictionary, None)
    return reading


def _surname_of(annotator, word: str) -> tuple[str, str, list[str]]:
    """(surname, given name, the surname's syllables as a surname: 单 Shan4, not dan1)."""
    from reader.core.annotate import hanzi_syllables

    length = 2 if word[:2] in COMPOUND_SURNAMES and len(word) > 2 else 1
    surname = word[:length]
    entries = [e for e in annotator.dictionary.lookup(surname) if e.numbered[:1].isupper() and hanzi_syllables(e)]
    family = hanzi_syllables(entries[0]) if entries else annotator.reading_of(surname).numbered.split()
    return surname, word[length:], family


def name_gloss(annotator, word: str) -> str:
    """How a name the learner taught is glossed: "a name: 严 surname Yan · 赋 poetic essay · 憬 awaken"."""
    from reader.core.annotate import gloss_rank

    surname, given, _ = _surname_of(annotator, word)
    surnames = [e for e in annotator.dictionary.lookup(surname) if e.numbered[:1].isupper() and e.definitions]
    parts = [f"{surname} {surnames[0].definitions[0] if surnames else 'surname'}"]
    for char in given:
        entries = sorted(annotator.dictionary.lookup(char), key=gloss_rank)
        if entries and entries[0].definitions:
            parts.append(f"{char} {entries[0].definitions[0]}")
    return "a name: " + " · ".join(parts)


class PersonalAnnotator:
    """The shared annotator seen through one learner's words: ``annotate`` and single-word readings apply them."""

    def __init__(self, base, learner_words):
        self.base = base
        self._learner_words = learner_words  # () -> LearnerWords, the current snapshot

    def __getattr__(self, name):
        return getattr(self.base, name)

    def learner_words(self) -> LearnerWords:
        """The learner's words as they are now."""
        return self._learner_words()

    def annotate(self, text: str):
        """Tokens covering ``text`` exactly, with the learner's merges, splits and readings applied last."""
        return self.base.annotate(text, learner=self._learner_words())

    def words_and_readings(self, text: str):
        """``annotate``'s tokens as (words, readings) columns (see Annotator.words_and_readings)."""
        return self.base.words_and_readings(text, learner=self._learner_words())

    def reading_of(self, word: str):
        """The learner's reading of ``word`` where they gave one, else the dictionary's."""
        own = self._learner_words().reading(self.base, word)
        return own if own is not None else self.base.reading_of(word)

    def candidates(self, word: str) -> tuple[str, ...]:
        """The readings of ``word``: the learner's own first."""
        found = self.base.candidates(word)
        own = self._learner_words().reading(self.base, word)
        if own is None:
            return found
        return (own.numbered, *(c for c in found if c.lower() != own.numbered.lower()))

    def reading_as(self, word: str, numbered: str):
        """``word`` read as ``numbered``: the learner's own reading and meaning when it is theirs."""
        own = self._learner_words().reading(self.base, word)
        if own is not None and own.numbered.lower() == numbered.lower():
            return own
        return self.base.reading_as(word, numbered)


# ------------------------------------------------------------------------------------------------ storing


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Corrections:
    """The learner's words, kept in the vocabulary file; every change is one transaction."""

    def __init__(self, open_store, senses=None):
        self._open_store = open_store  # () -> the VocabularyStore, opened only when a change is checked and made
        # (word, numbered) -> the dictionary's senses of that reading, () when it has none: what a saved word's
        # meaning becomes when the learner fixes its reading without giving one (朝阳 zhāo yáng: the morning sun)
        self._senses = senses or (lambda word, numbered: ())
        self._cache: tuple[object, LearnerWords] | None = None

    @property
    def store(self):
        """The vocabulary store whose file holds the learner's words (its connection, lock and transactions)."""
        return self._open_store()

    # -- reading

    def current(self) -> LearnerWords:
        """The learner's words as they are now (read again only after someone changed the file)."""
        key = self.store.revision()
        cached = self._cache
        if cached is not None and cached[0] == key:
            return cached[1]
        with self.store._reading() as db:
            words = tuple(
                LearnerWord(word, tuple(pieces.split(" ")), numbered, meaning, bool(is_name))
                for word, pieces, numbered, meaning, is_name in db.execute(
                    "SELECT word, pieces, numbered, meaning, is_name FROM learner_words ORDER BY rowid"
                )
            )
            occurrences = tuple(
                OccurrenceReading(*row)
                for row in db.execute("SELECT sentence, offset, word, numbered FROM occurrence_readings ORDER BY rowid")
            )
        snapshot = LearnerWords(words, occurrences)
        self._cache = (key, snapshot)
        return snapshot

    def words(self) -> tuple[LearnerWord, ...]:
        """Every learner word, oldest first."""
        return self.current().words

    def get(self, word: str) -> LearnerWord | None:
        """The learner's entry for ``word``, or None."""
        return self.current().get(word)

    # -- changing

    def add(self, word: str, pinyin: str | None = None, meaning: str | None = None, is_name: bool = False) -> LearnerWord:
        """Keep ``word`` whole everywhere (a merge), with an optional reading and meaning of one's own."""
        word = check_word(word)
        numbered = parse_reading(word, pinyin)
        if is_name and numbered:
            numbered = name_syllables(word, numbered)
        entry = LearnerWord(word, (word,), numbered, (meaning or "").strip(), bool(is_name))
        self._put([entry])
        return entry

    def split(self, word: str, pieces: Sequence[str]) -> LearnerWord:
        """Cut ``word`` into ``pieces`` wherever it stands as a word."""
        word = check_word(word)
        entry = LearnerWord(word, check_pieces(word, pieces))
        self._put([entry])
        return entry

    def set_reading(self, word: str, pinyin: str, meaning: str | None = None) -> LearnerWord:
        """Read ``word`` as ``pinyin`` everywhere (keeping it whole, and its meaning and name mark when it had them)."""
        word = check_word(word)
        numbered = parse_reading(word, pinyin)
        old = self.get(word)
        if old is not None and not old.is_split:
            if old.is_name and numbered:
                numbered = name_syllables(word, numbered)
            entry = LearnerWord(word, (word,), numbered, old.meaning if meaning is None else meaning.strip(), old.is_name)
        else:
            entry = LearnerWord(word, (word,), numbered, (meaning or "").strip())
        self._put([entry])
        return entry

    def fix_occurrence(self, sentence: str, offset: int, word: str, pinyin: str) -> OccurrenceReading:
        """Read ``word`` as ``pinyin`` only where it stands at ``offset`` in ``sentence``."""
        word = check_word(word)
        if not sentence or sentence[offset : offset + len(word)] != word:
            raise UserError(f"{word} is not at that place in the sentence")
        fix = OccurrenceReading(sentence, offset, word, parse_reading(word, pinyin))
        with self.store._transaction() as db:
            db.execute(
                "INSERT INTO occurrence_readings (sentence, offset, word, numbered) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (sentence, offset, word) DO UPDATE SET numbered = excluded.numbered",
                (fix.sentence, fix.offset, fix.word, fix.numbered),
            )
        return fix

    def remove(self, word: str) -> LearnerWord:
        """Forget a learner word (merge, split or reading); UserError when there is none."""
        word = (word or "").strip()
        with self.store._transaction() as db:
            old = db.execute("SELECT pieces FROM learner_words WHERE word = ?", (word,)).fetchone()
            if old is None:
                raise not_yours(word)
            db.execute("DELETE FROM learner_words WHERE word = ?", (word,))
        return LearnerWord(word, tuple(old[0].split(" ")))

    def _put(self, entries: Iterable[LearnerWord], occurrences: Iterable[OccurrenceReading] = ()) -> None:
        now = _now()
        entries = list(entries)
        meanings = {  # worked out before the write: the dictionary may still have to load
            entry.word: [entry.meaning] if entry.meaning else list(self._senses(entry.word, entry.numbered))
            for entry in entries if entry.numbered and not entry.is_split
        }
        with self.store._transaction() as db:
            for entry in entries:
                db.execute(
                    "INSERT INTO learner_words (word, pieces, numbered, meaning, is_name, added) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (word) DO UPDATE SET pieces = excluded.pieces, numbered = excluded.numbered,"
                    " meaning = excluded.meaning, is_name = excluded.is_name",
                    (entry.word, " ".join(entry.pieces), entry.numbered, entry.meaning, int(entry.is_name), now),
                )
                if entry.word in meanings:
                    # the word already saved in the vocabulary (in either script) takes the reading, and the sense of
                    # that reading, and so its next Anki card: in this same transaction, so an undo puts both back
                    # (snapshot/restore below); without a sense of that reading its meaning stays as it was
                    forms = _script_forms(entry.word)
                    where = f"(word IN ({_marks(forms)}) OR traditional IN ({_marks(forms)}))"
                    db.execute(f"UPDATE words SET numbered = ?, changed = ? WHERE numbered != ? AND {where}",
                               (entry.numbered, now, entry.numbered, *forms, *forms))
                    if meanings[entry.word]:
                        senses = json.dumps(meanings[entry.word], ensure_ascii=False)
                        db.execute(f"UPDATE words SET definitions = ?, changed = ? WHERE definitions != ? AND {where}",
                                   (senses, now, senses, *forms, *forms))
            db.executemany(
                "INSERT INTO occurrence_readings (sentence, offset, word, numbered) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (sentence, offset, word) DO UPDATE SET numbered = excluded.numbered",
                [(o.sentence, o.offset, o.word, o.numbered) for o in occurrences],
            )

    # -- undo

    def snapshot(self, keys: Iterable) -> tuple:
        """The stored rows of the learner words named in ``keys`` (and of occurrence fixes given as (sentence, offset, word))."""
        rows = []
        with self.store._reading() as db:
            for key in keys:
                if isinstance(key, tuple):
                    row = db.execute(
                        "SELECT numbered FROM occurrence_readings WHERE sentence = ? AND offset = ? AND word = ?", key
                    ).fetchone()
                    rows.append(("occurrence", key, row))
                else:
                    row = db.execute(
                        "SELECT word, pieces, numbered, meaning, is_name, added FROM learner_words WHERE word = ?", (key,)
                    ).fetchone()
                    rows.append(("word", key, row))
                    forms = _script_forms(key)
                    saved = db.execute(
                        f"SELECT id, numbered, definitions, changed FROM words WHERE word IN ({_marks(forms)}) OR traditional IN"
                        f" ({_marks(forms)}) ORDER BY id",
                        (*forms, *forms),
                    ).fetchall()
                    rows.append(("vocabulary", key, tuple(saved)))  # the saved word's reading, which a fix changes
        return tuple(rows)

    def restore(self, snapshot: tuple) -> None:
        """Put the rows :meth:`snapshot` read back as they were, in one transaction."""
        with self.store._transaction() as db:
            for kind, key, row in snapshot:
                if kind == "vocabulary":
                    db.executemany("UPDATE words SET numbered = ?, definitions = ?, changed = ? WHERE id = ?",
                                   [(numbered, senses, changed, word_id) for word_id, numbered, senses, changed in row])
                elif kind == "occurrence":
                    db.execute("DELETE FROM occurrence_readings WHERE sentence = ? AND offset = ? AND word = ?", key)
                    if row is not None:
                        db.execute(
                            "INSERT INTO occurrence_readings (sentence, offset, word, numbered) VALUES (?, ?, ?, ?)",
                            (*key, row[0]),
                        )
                else:
                    db.execute("DELETE FROM learner_words WHERE word = ?", (key,))
                    if row is not None:
                        db.execute(
                            "INSERT INTO learner_words (word, pieces, numbered, meaning, is_name, added) VALUES (?, ?, ?, ?, ?, ?)",
                            row,
                        )

    # -- files

    def export(self, path: str | os.PathLike) -> int:
        """Write every learner word and occurrence fix to ``path`` as JSON, all at once; returns how many words."""
        from reader.core.atomic import write_text_atomic

        current = self.current()
        document = {
            "format": FILE_FORMAT,
            "version": 1,
            "words": [w.to_json() for w in current.words],
            "occurrences": [o.to_json() for o in current.occurrences],
        }
        write_text_atomic(Path(path), json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return len(current.words)

    def import_file(self, path: str | os.PathLike) -> int:
        """Add the words of a file ``words export`` wrote (or a plain list of words, one a line), in one transaction.

        Every entry is checked first: one bad entry and nothing is changed. Returns how many words were read.
        """
        from reader.core.textfile import read_text_file

        text = read_text_file(path).text
        entries, occurrences = _parse_file(str(path), text)
        self._put(entries, occurrences)
        return len(entries)

    def keys_in_file(self, path: str | os.PathLike) -> list:
        """What importing ``path`` would touch (for an undo step): its words and occurrence keys."""
        from reader.core.textfile import read_text_file

        entries, occurrences = _parse_file(str(path), read_text_file(path).text)
        return [e.word for e in entries] + [(o.sentence, o.offset, o.word) for o in occurrences]


def _script_forms(word: str) -> tuple[str, ...]:
    """``word`` and its simplified twin (one of them when they are the same)."""
    form = simplify(word)
    return (word,) if form == word else (word, form)


def _marks(values: Sequence) -> str:
    return ", ".join("?" * len(values))


def not_yours(word: str) -> UserError:
    """The error for a word the learner never added."""
    return UserError(f"{word}: not one of your words (see words list)")


def _parse_file(name: str, text: str) -> tuple[list[LearnerWord], list[OccurrenceReading]]:
    """The learner words and occurrence fixes of an exported file (JSON) or a plain list; UserError naming the bad line."""
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        entries = []
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                entries.append(LearnerWord(check_word(line), (check_word(line),)))
            except UserError as error:
                raise UserError(f"{name}: line {number}: {error}") from None
        if not entries:
            raise UserError(f"{name}: no words found")
        return entries, []
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"{name}: not a words file ({error.msg} at line {error.lineno})") from None
    items = document if isinstance(document, list) else document.get("words") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise UserError(f"{name}: not a words file (no list of words)")
    entries = []
    for number, item in enumerate(items, 1):
        try:
            if not isinstance(item, dict):
                raise UserError("not an object")
            word = check_word(str(item.get("word", "")))
            pieces = [str(p) for p in item.get("pieces") or [word]]
            if len(pieces) > 1:
                entries.append(LearnerWord(word, check_pieces(word, pieces)))
                continue
            if pieces != [word]:
                raise UserError(f"{word}: the pieces {' + '.join(pieces)} do not spell it")
            numbered = parse_reading(word, str(item.get("numbered") or item.get("pinyin") or ""))
            entries.append(LearnerWord(word, (word,), numbered, str(item.get("meaning") or "").strip(), bool(item.get("name"))))
        except UserError as error:
            raise UserError(f"{name}: word {number}: {error}") from None
    occurrences = []
    for number, item in enumerate(document.get("occurrences", []) if isinstance(document, dict) else [], 1):
        try:
            word = check_word(str(item["word"]))
            sentence, offset = str(item["sentence"]), int(item["offset"])
            if sentence[offset : offset + len(word)] != word:
                raise UserError(f"{word} is not at offset {offset} of its sentence")
            occurrences.append(OccurrenceReading(sentence, offset, word, parse_reading(word, str(item["numbered"]))))
        except (KeyError, TypeError, ValueError):
            raise UserError(f"{name}: occurrence {number}: needs sentence, offset, word and numbered") from None
        except UserError as error:
            raise UserError(f"{name}: occurrence {number}: {error}") from None
    return entries, occurrences
