"""Pinyin notation: CC-CEDICT numbered syllables, tone marks, and forms for searching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONE_MARKS = {
    "a": "āáǎà",
    "e": "ēéěè",
    "i": "īíǐì",
    "o": "ōóǒò",
    "u": "ūúǔù",
    "ü": "ǖǘǚǜ",
}
_MARKED_VOWEL = {mark: (vowel, tone + 1) for vowel, marks in _TONE_MARKS.items() for tone, mark in enumerate(marks)}
_SYLLABLE = re.compile(r"^([A-Za-zü:]+?)([1-5])?$")


def _place_tone(syllable: str, tone: int) -> str:
    """Put the tone mark on the vowel the standard rules choose (a/e first, then the o of ou, else the last vowel)."""
    lower = syllable.lower()
    if "a" in lower:
        index = lower.index("a")
    elif "e" in lower:
        index = lower.index("e")
    elif "ou" in lower:
        index = lower.index("o")
    else:
        index = max((i for i, ch in enumerate(lower) if ch in "aeiouü"), default=-1)
    if index < 0:
        return syllable
    vowel = lower[index]
    mark = _TONE_MARKS[vowel][tone - 1]
    if syllable[index].isupper():
        mark = mark.upper()
    return syllable[:index] + mark + syllable[index + 1 :]


@lru_cache(maxsize=8192)  # ~1,600 syllables exist: each is worked out once, not once per word that has it
def numbered_syllable_to_marked(syllable: str) -> str:
    """One CC-CEDICT syllable (``nu:3``, ``lu:4``, ``r5``, ``Zhang1``) to tone marks (``nǚ``, ``lǜ``, ``r``, ``Zhāng``)."""
    match = _SYLLABLE.match(syllable)
    if not match:
        return syllable
    letters, tone = match.group(1), match.group(2)
    letters = letters.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    if letters.lower() == "r" and tone == "5":
        return letters
    if not tone or tone == "5":
        return letters
    return _place_tone(letters, int(tone))


def numbered_to_marked(numbered: str) -> str:
    """A space-separated numbered reading (``nu:3 er2``) to tone marks (``nǚ ér``)."""
    return " ".join(map(numbered_syllable_to_marked, numbered.split()))  # map: no generator frame per word


def marked_syllable_to_numbered(syllable: str) -> str:
    """One tone-marked syllable (``nǚ``) to CC-CEDICT style (``nu:3``); an unmarked syllable gets tone 5."""
    tone = 5
    letters = []
    for ch in syllable:
        if ch in _MARKED_VOWEL:
            vowel, tone = _MARKED_VOWEL[ch]
            letters.append(vowel)
        elif ch.lower() in _MARKED_VOWEL:
            vowel, tone = _MARKED_VOWEL[ch.lower()]
            letters.append(vowel.upper())
        else:
            letters.append(ch)
    return "".join(letters).replace("ü", "u:").replace("Ü", "U:") + str(tone)


def tone_of(numbered_syllable: str) -> int:
    """The tone number (1-5) of a numbered syllable; 5 when it carries none."""
    last = numbered_syllable[-1:] if numbered_syllable else ""
    return int(last) if last in "12345" and last else 5


def search_key(text: str) -> str:
    """A pinyin string reduced for matching without tones: ``yín háng``, ``yin2 hang2`` and ``yinhang`` all give ``yinhang``."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch == "\u0308")
    stripped = unicodedata.normalize("NFC", stripped)
    stripped = stripped.replace("ü", "v").replace("u:", "v")
    return re.sub(r"[^a-z]", "", stripped)


def tone_signature(text: str) -> tuple[int, ...] | None:
    """The full tones (1-4) a pinyin string names, in order; None when it names none.

    Neutral tones are left out on both sides, so ``dōngxi``, ``dong1 xi5`` and ``dong1xi`` all sign as (1,).
    """
    lowered = unicodedata.normalize("NFC", text.lower())
    tones = []
    for ch in lowered:
        if ch in "1234":
            tones.append(int(ch))
        elif ch in _MARKED_VOWEL:
            tones.append(_MARKED_VOWEL[ch][1])
    if not tones and "5" not in lowered:
        return None
    return tuple(tones)
