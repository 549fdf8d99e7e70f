"""pypinyin's readings for words CC-CEDICT lacks, from compact tables instead of pypinyin's own 57 MiB of them.

Importing pypinyin loads its 47,000 phrases and 42,000 characters as nested lists of strings, a copy of each, and
a set of every phrase prefix: 57 MiB in every process that reads one word CC-CEDICT does not know (the window
with the sample page does). Yuedu asks pypinyin one question only, ``lazy_pinyin(word, style=TONE3,
neutral_tone_with_five=True)``, so the answers it can give are worked out once, with pypinyin itself, and kept in
the cache directory: each phrase's numbered syllables, each character's first reading, and pypinyin's own
segmentation (longest phrase first, as ``pypinyin.seg.mmseg`` cuts) replayed over them. ~8 MiB; the same syllables
for every input (a test compares the two on every phrase, every CC-CEDICT headword and arbitrary mixtures).
"""

from __future__ import annotations

import re
import threading
from array import array

CACHE_FORMAT = 3
# what stands for a character pypinyin has no reading for (one item per character, as its errors= gives); a character
# it counts as hanzi but cannot read comes back in the numbered style too ("\x005")
NO_PINYIN = "\0"
_LOCK = threading.Lock()
_TABLES: "_Tables | None" = None


def numbered(word: str) -> list[str]:
    """pypinyin's ``lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)``, one item per character;
    each character it has no reading for gives an item starting with NO_PINYIN."""
    return _tables().numbered(word)


def is_phrase(word: str) -> bool:
    """Whether pypinyin's phrase dictionary lists ``word``."""
    return _tables().phrases.get(word) is not None


class _Tables:
    """Phrase prefixes (a phrase maps to its syllables, a mere prefix to None) and characters' first readings
    (``syllables[codes[code point - first]]``; syllable 0 is what an unread hanzi gives)."""

    def __init__(self, phrases: dict[str, str | None], syllables: list[str], first: int, codes: bytes, hans: str):
        self.phrases = phrases
        self.syllables = syllables
        self.first = first
        self.codes = array("H")
        self.codes.frombytes(codes)
        self.hans = re.compile(hans)  # pypinyin's RE_HANS: what it treats as a character to read
        self.all_hans = self.hans.fullmatch  # RE_HANS is ^[…]+$: all of a word, or not

    def char(self, char: str) -> str:
        """The first reading of a character pypinyin counts as hanzi, in its numbered style (NO_PINYIN + "5" if none)."""
        index = ord(char) - self.first
        return self.syllables[self.codes[index] if 0 <= index < len(self.codes) else 0]

    def numbered(self, word: str) -> list[str]:
        result: list[str] = []
        if self.all_hans(word):  # nearly every word asked: one run of characters to read
            self._read_run(word, result)
            return result
        hans = self.hans.match
        run_start = 0
        length = len(word)
        while run_start < length:
            # pypinyin's simple_seg: runs of characters it reads, and runs of others (one NO_PINYIN each)
            reading = hans(word[run_start]) is not None
            run_end = run_start + 1
            while run_end < length and (hans(word[run_end]) is not None) == reading:
                run_end += 1
            if reading:
                self._read_run(word[run_start:run_end], result)
            else:
                result.extend(NO_PINYIN * (run_end - run_start))
            run_start = run_end
        return result

    def _read_run(self, run: str, result: list[str]) -> None:
        """pypinyin.seg.mmseg's strict cut of a run of hanzi, each piece read as a phrase or character by character.

        ``Seg(prefix_set, no_non_phrases=True).cut(run)`` step for step, its quirks kept: from each place the longest
        phrase that a run of prefixes reaches is one piece; where the prefixes stop before any phrase, the first
        character is; where they run to the end without a phrase, every character left is read alone (even where a
        phrase starts inside). One probe per prefix, no generator: ~10,000 words a text ask (a tenth of their cost)."""
        phrases = self.phrases
        char = self.char
        start, length = 0, len(run)
        while start < length:
            found_end, found = 0, None
            end = start + 1
            while end <= length:
                value = phrases.get(run[start:end], _NOT_A_PREFIX)
                if value is _NOT_A_PREFIX:
                    break
                if value is not None:
                    found_end, found = end, value
                end += 1
            if found_end:
                result.extend(found.split(" "))
                start = found_end
            elif end > length:  # prefixes to the end and no phrase among them
                result.extend(map(char, run[start:]))
                return
            else:
                result.append(char(run[start]))
                start += 1


_NOT_A_PREFIX = object()


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                _TABLES = _load()
    return _TABLES


def _load() -> _Tables:
    from reader.core.cache_files import cached, package_cache

    # named by pypinyin's data files, found without importing pypinyin
    cache = package_cache(f"pypinyin-{CACHE_FORMAT}", "pypinyin", ("phrases_dict.json", "pinyin_dict.json", "phrases_dict.py"))
    phrases, syllables_text, first, codes, hans = cached(cache, _build, _is_table_data)
    return _Tables(phrases, syllables_text.split("\n"), first, codes, hans)


def _is_table_data(data) -> bool:
    return (
        isinstance(data, tuple) and len(data) == 5 and isinstance(data[0], dict) and isinstance(data[1], str)
        and isinstance(data[2], int) and isinstance(data[3], bytes) and isinstance(data[4], str)
    )


def _with_prefixes(lines: list[str]) -> dict[str, str | None]:
    """"phrase\tsyllables" lines as the phrase table: each phrase to its syllables, each mere prefix to None.

    The cache holds this dict itself: marshal rebuilds it in a third of the time that splitting the lines and
    inserting every prefix takes (~0.03 s against ~0.09 s, paid by every process that reads a word CC-CEDICT lacks)."""
    phrases: dict[str, str | None] = {}
    for line in lines:
        phrase, _, syllables = line.partition("\t")
        phrases[phrase] = syllables
        for end in range(1, len(phrase)):
            phrases.setdefault(phrase[:end], None)
    return phrases


def _build() -> tuple:
    """The tables, worked out with pypinyin itself (once per installed pypinyin)."""
    from pypinyin import Style
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    lazy = Pinyin(UltimateConverter(neutral_tone_with_five=True)).lazy_pinyin
    # a list of one string is read whole (a phrase as the phrase, a character as itself), never cut again
    lines = [f"{phrase}\t{' '.join(lazy([phrase], style=Style.TONE3))}" for phrase in sorted(PHRASES_DICT)]
    first, last = min(PINYIN_DICT), max(PINYIN_DICT)

    def read(char: str) -> str:
        return lazy([char], style=Style.TONE3, errors=lambda chars: [NO_PINYIN] * len(chars))[0]

    unread = next((chr(c) for c in range(0x3400, 0x32400) if c not in PINYIN_DICT and RE_HANS.match(chr(c))), None)
    syllables: dict[str, int] = {read(unread) if unread else NO_PINYIN: 0}
    codes = array("H", bytes(2 * (last - first + 1)))
    for code_point in PINYIN_DICT:
        codes[code_point - first] = syllables.setdefault(read(chr(code_point)), len(syllables))
    return _with_prefixes(lines), "\n".join(syllables), first, codes.tobytes(), RE_HANS.pattern
