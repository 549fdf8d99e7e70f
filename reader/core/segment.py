"""Word segmentation: jieba (natively where it can), with CC-CEDICT's headwords made known to it, covering the text exactly."""

from __future__ import annotations

import io
import logging
import os
import re
import threading
import unicodedata
from typing import Callable, Iterable

from reader.core import paths
from reader.core.cache_files import cached
from reader.core.refine import Refiner
from reader.core.traditional import lay_on, simplify
from reader.core.hanzi import is_chinese

# A word CC-CEDICT knows but jieba does not gets this count: low enough that jieba's own
# well-attested words still win, high enough that a CC-CEDICT word beats a string of rare single characters.
CEDICT_WORD_FREQUENCY = 3
_NATIVE_FORMAT = 2  # of the native cut's cached additions: 2 leaves out the words simplified text cannot hold
_EXTENDERS = {"\u200d", "\u20e3"}


def _extends_previous(char: str) -> bool:
    """Whether ``char`` belongs to the grapheme before it (combining mark, ZWJ, variation selector, skin tone, tag)."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char in _EXTENDERS
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def join_graphemes(words: list[str], text: str | None = None) -> list[str]:
    """Re-attach pieces jieba split off a grapheme (combining marks, emoji ZWJ sequences, flags) to their base;
    ``text`` is the words joined, when the caller has it. ``words`` itself when nothing is to join."""
    # Most texts have none: one look at each distinct character of the text (a C-level set) instead of a Python step
    # per word (the zero-width joiner is one of the characters that extend the one before)
    characters = set("".join(words) if text is None else text)
    if not any(_extends_previous(char) or _is_regional_indicator(char) for char in characters):
        return words
    result: list[str] = []
    for word in words:
        if result and (
            _extends_previous(word[0])
            or result[-1][-1] == "\u200d"
            or (_is_regional_indicator(word[0]) and _is_regional_indicator(result[-1][-1]) and _odd_flag_run(result[-1]))
        ):
            result[-1] += word
        else:
            result.append(word)
    return result


def _odd_flag_run(text: str) -> bool:
    """Whether ``text`` ends in an odd number of regional indicators (a flag still missing its second half)."""
    count = 0
    for char in reversed(text):
        if not _is_regional_indicator(char):
            break
        count += 1
    return count % 2 == 1


def _is_prefix_dictionary(value) -> bool:
    """Whether a cached value has the shape jieba's prefix dictionary has: ({word: count}, total)."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], dict) and isinstance(value[1], int)):
        return False
    words = value[0]
    first = next(iter(words.items()), None)
    return first is not None and isinstance(first[0], str) and isinstance(first[1], int)


# How Python jieba (the reference cut) splits Latin letters, digits and signs that no dictionary word covers.
_JIEBA_LATIN = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_LATIN_LETTERS_AND_DIGITS = re.compile(r"([a-zA-Z0-9]+)")
_IN_JIEBA_BLOCK = re.compile(r"[a-zA-Z0-9+#&._%\-]+").fullmatch
# What Python jieba keeps apart, each character a word of its own, and jieba-rs would not: the characters it counts as
# hanzi and Python jieba does not (CJK extension A, compatibility ideographs, B and on), and a lone surrogate (text
# pasted from a broken source), which jieba-rs cannot even be given
_APART_FOR_JIEBA = re.compile("([\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF\ud800-\udfff])")
NATIVE_PIECE = 16_384
_PIECE_ENDS = "。！？，；：、"
SEGMENTER_ENV = "YUEDU_SEGMENTER"  # "python" forces the reference cut (Python jieba), "native" requires rjieba


def _merged_words(headwords: Callable[[], Iterable[str]]) -> tuple[str, list[str]]:
    """jieba's own dictionary file as text, and the CC-CEDICT headwords it lacks (each added with CEDICT_WORD_FREQUENCY)."""
    import jieba

    with jieba.get_dict_file() as handle:
        base = handle.read().decode("utf-8")
    known = {line.split(" ", 1)[0] for line in base.splitlines()}
    extra = [word for word in sorted(headwords()) if word not in known and is_chinese(word) and " " not in word]
    return base, extra


def _is_word_additions(value) -> bool:
    """Whether a cached value has the shape of the native cut's additions: ([(word, count), ...], [word, ...])."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], list) and isinstance(value[1], list)):
        return False
    missing, extra = value
    return all(
        isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], int)
        for pair in missing
    ) and all(isinstance(word, str) for word in extra)


class _PythonCut:
    """The reference cut: Python jieba over a prefix dictionary of its words plus CC-CEDICT's (a 600,000-key dict)."""

    name = "jieba"

    def __init__(self, headwords, cache_key: str):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(paths.cache_dir())
        if headwords is None:
            tokenizer.initialize()
        else:
            tokenizer.FREQ, tokenizer.total = self._prefix_dictionary(tokenizer, headwords, cache_key)
            tokenizer.initialized = True
        self._tokenizer = tokenizer

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        """jieba's ``lcut``."""
        return self._tokenizer.lcut(text, HMM=hmm)

    @staticmethod
    def _prefix_dictionary(tokenizer, headwords, cache_key: str) -> tuple[dict, int]:
        """jieba's prefix dictionary (word -> count, total) over its words plus CC-CEDICT's, cached on disk."""

        def build() -> tuple[dict, int]:
            base, extra = _merged_words(headwords)
            lines = [f"{word} {CEDICT_WORD_FREQUENCY}" for word in extra]
            merged = io.BytesIO(("\n".join([base.rstrip("\n"), *lines]) + "\n").encode("utf-8"))
            merged.name = "jieba+cc-cedict"
            return tokenizer.gen_pfdict(merged)

        return cached(paths.cache_dir() / f"jieba-prefix-{cache_key}.marshal", build, _is_prefix_dictionary)


class _NativeCut:
    """jieba's algorithm over the same words in Rust (rjieba, jieba-rs), giving the reference cut's tokens exactly.

    jieba-rs keeps runs like ``Wi-Fi``, ``1902-1907`` and ``example.com`` whole and counts rarer hanzi (CJK extension A,
    B…) as hanzi; Python jieba does neither. So the text is split into jieba's blocks here, as Python jieba does, and
    the Latin runs jieba-rs leaves whole are split again by jieba's own rule: the tokens stay those of the reference.
    """

    name = "rjieba"
    _LATIN_WORDS = frozenset({"AT&T", "c#", "C#", "c++", "C++"})  # jieba's Latin-only dictionary words

    def __init__(self, headwords, cache_key: str):
        import rjieba

        # rjieba builds jieba's dictionary when imported; the first segmenter takes that instance, others their own
        jieba_rs = rjieba.cut.__self__ if not _NativeCut._default_taken else rjieba.Jieba()
        _NativeCut._default_taken = True
        added = ([], []) if headwords is None else cached(
            self.cache_file(cache_key), lambda: self._words_to_add(jieba_rs, headwords), _is_word_additions
        )
        add_word = jieba_rs.add_word
        for word, count in added[0]:
            add_word(word, count, None)
        for word in added[1]:
            add_word(word, CEDICT_WORD_FREQUENCY, None)
        self._native_cut = jieba_rs.cut

    def _cut_block(self, text: str, hmm: bool) -> list[str]:
        """jieba-rs's cut, called on pieces of at most ~NATIVE_PIECE characters: it holds the GIL for a whole call
        (a 2,000,000-character line: ~1 s in which the window's UI thread could not run). Pieces end right after a
        CJK punctuation mark, which both cuts give as a word of its own, so the words are the same."""
        if len(text) <= NATIVE_PIECE:
            return self._native_cut(text, hmm)
        words: list[str] = []
        start = 0
        while start < len(text):
            end = start + NATIVE_PIECE
            if end < len(text):
                stop = max(text.rfind(mark, start, end) for mark in _PIECE_ENDS)
                end = stop + 1 if stop >= start else len(text)  # no mark to cut after: the rest in one call
            words.extend(self._native_cut(text[start:end], hmm))
            start = end
        return words

    _default_taken = False

    @staticmethod
    def cache_file(cache_key: str):
        """Where the additions to jieba-rs's dictionary are kept for the dictionary of ``cache_key``."""
        from reader.core.traditional import table_stamp

        return paths.cache_dir() / f"jieba-native-{_NATIVE_FORMAT}-{cache_key}-{table_stamp()}.marshal"

    @staticmethod
    def _words_to_add(jieba_rs, headwords) -> tuple[list[tuple[str, int]], list[str]]:
        """What jieba-rs must be told to cut as Python jieba does over its dictionary plus CC-CEDICT: words with their
        counts (those of jieba's file it lacks: none, for the versions measured), and CC-CEDICT's extra words.

        The cut is only ever given simplified text (:meth:`Segmenter.cut_with_twin`), where a word holding a character
        that simplifying never leaves cannot occur: 74,761 of CC-CEDICT's 109,008 extra words (its traditional forms).
        They are left out, ~40 ms and ~10 MiB of every start, but their counts are kept, carried by one of them: a
        route's score divides by the dictionary's total count, so every route scores as it did with them."""
        from reader.core.traditional import never_simplified_to

        base, extra = _merged_words(headwords)
        missing = []
        for line in base.splitlines():
            parts = line.split(" ")
            if len(parts) >= 2 and not jieba_rs.has_word(parts[0]):
                missing.append((parts[0], int(parts[1])))
        never = never_simplified_to()
        unreachable = [word for word in extra if not never.isdisjoint(word)]
        if unreachable:
            missing.append((unreachable[0], CEDICT_WORD_FREQUENCY * len(unreachable)))
        return missing, [word for word in extra if never.isdisjoint(word)]

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        """Python jieba's ``lcut(text, HMM=hmm)``, computed natively."""
        cut = self._cut_block
        if _APART_FOR_JIEBA.search(text) is None:
            # without those characters jieba-rs splits text into the same blocks as Python jieba: one call for all
            return self._latin_as_jieba(cut(text, hmm), hmm)
        words: list[str] = []
        for number, piece in enumerate(_APART_FOR_JIEBA.split(text)):
            if number % 2:
                words.append(piece)  # Python jieba keeps such a character on its own
            elif piece:
                words.extend(self._latin_as_jieba(cut(piece, hmm), hmm))
        return words

    def _latin_as_jieba(self, found: list[str], hmm: bool) -> list[str]:
        """Split the Latin runs jieba-rs kept whole as Python jieba does."""
        result: list[str] = []
        append = result.append
        run: list[str] = []
        latin_words = self._LATIN_WORDS
        for word in found:
            if word.isascii() and _IN_JIEBA_BLOCK(word) and word not in latin_words:
                run.append(word)
                continue
            if run:
                result.extend(_split_latin(run, hmm))
            append(word)
        if run:
            result.extend(_split_latin(run, hmm))
        return result


def _split_latin(run: list[str], hmm: bool) -> list[str]:
    """A run of Latin tokens as Python jieba gives it: with its HMM, letters and digits (3.5, 20%) apart from the
    signs between them (Wi - Fi); without, letters and digits together and every other sign on its own (3 . 5 %)."""
    if len(run) == 1 and run[0].isalnum():
        parts = [run[0]]
    elif hmm:
        parts = [part for part in _JIEBA_LATIN.split("".join(run)) if part]
    else:
        parts = []
        for number, part in enumerate(_LATIN_LETTERS_AND_DIGITS.split("".join(run))):
            if number % 2:
                parts.append(part)
            else:
                parts.extend(part)
    run.clear()
    return parts


def _engine_class(choice: str | None):
    """The cut engine to use: rjieba where its wheel is installed, Python jieba otherwise or when asked for."""
    import importlib.util

    choice = (choice or os.environ.get(SEGMENTER_ENV) or "auto").lower()
    if choice == "python":
        return _PythonCut
    if choice == "native" or importlib.util.find_spec("rjieba") is not None:
        return _NativeCut
    return _PythonCut


def load_native_library() -> None:
    """Import the native cut's library now, when it will be used: importing it builds jieba's dictionary in one
    call that holds the GIL 0.1-0.25 s. A window calls this before it shows, so that call never freezes it later
    (when its first article opens)."""
    if _engine_class(None) is _NativeCut:
        import rjieba  # noqa: F401


class Segmenter:
    """jieba's cut over its dictionary plus every CC-CEDICT headword (natively where rjieba is installed), then the
    pass that keeps names, dates and numbers whole."""

    def __init__(
        self, headwords: Callable[[], Iterable[str]] | None = None, cache_key: str = "default", engine: str | None = None
    ):
        # a callable, so the 150,000 headwords are listed only when the cache must be built
        self._headwords = headwords
        self._cache_key = cache_key
        self._engine_choice = engine
        self._engine = None
        self._refiner: Refiner | None = None
        self._lock = threading.Lock()

    def initialize(self) -> None:
        """Load the cut's dictionary now (it otherwise loads on the first cut); safe to call from a worker thread."""
        with self._lock:
            if self._engine is None:
                self._engine = _engine_class(self._engine_choice)(self._headwords, self._cache_key)

    @property
    def engine(self) -> str:
        """Which cut runs: "rjieba" or "jieba" (loads it)."""
        self.initialize()
        return self._engine.name

    @property
    def ready(self) -> bool:
        """Whether the model is loaded, so a cut answers at once."""
        return self._engine is not None

    def raw_cut(self, text: str, hmm: bool = True) -> list[str]:
        """The cut engine's own words for ``text`` (jieba's; ``hmm`` lets it guess words it does not know). ``text``
        is simplified text, as :meth:`cut` gives it: the native engine leaves out the words only traditional text
        holds."""
        if self._engine is None:
            self.initialize()
        return self._engine.cut(text, hmm)

    def cut(self, text: str) -> list[str]:
        """Split ``text`` into words; joined, they give back ``text`` exactly.

        jieba runs without its HMM: the HMM's guesses at words it does not know glue a name to the verb after it
        (林晓站, 陈默正, 书要), and without them the cut scores higher on PKU and runs a quarter faster
        (benchmarks/bench_segment.py). Names, dates and numbers are put back together by a pass over the words
        (reader/core/refine.py). Traditional text is cut as its simplified twin, character for character, and the
        words laid on the original."""
        return self.cut_with_twin(text)[0]

    def cut_with_twin(self, text: str) -> tuple[list[str], str, list[str]]:
        """:meth:`cut`'s words, with ``text``'s simplified twin and the twin cut at the same places (the very
        objects given when ``text`` has no traditional characters): what the polyphone rules read, without
        simplifying and laying out the text a second time."""
        if not text:
            return [], text, []
        simplified = simplify(text)
        refined = self.refiner.refine(self.raw_cut(simplified, hmm=False))
        if simplified is text:
            words = join_graphemes(refined, text)
            return words, text, words
        laid = lay_on(text, refined)
        words = join_graphemes(laid, text)
        return words, simplified, (refined if words is laid else lay_on(simplified, words))

    @property
    def refiner(self) -> Refiner:
        """The pass that keeps names, dates and numbers whole (built on first use)."""
        if self._refiner is None:
            from reader.core.polyphone import (
                function_word,
                rare_places_ending_in_dou,
                word_tag,
            )

            self._refiner = Refiner(function_word, word_tag, rare_places_ending_in_dou())
        return self._refiner
