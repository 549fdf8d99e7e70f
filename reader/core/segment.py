"""Word segmentation: jieba, with CC-CEDICT's headwords made known to it, covering the text exactly."""

from __future__ import annotations

import gc
import io
import logging
import marshal
import os
import re
import threading
import unicodedata
from typing import Callable, Iterable

from reader.core import paths
from reader.core.refine import Refiner
from reader.core.traditional import simplify

HANZI = re.compile(
    r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f\U0002f800-\U0002fa1f]"
)
# A word CC-CEDICT knows but jieba does not gets this count: low enough that jieba's own
# well-attested words still win, high enough that a CC-CEDICT word beats a string of rare single characters.
CEDICT_WORD_FREQUENCY = 3
_EXTENDERS = {"\u200d", "\u20e3"}


def is_chinese(text: str) -> bool:
    """Whether ``text`` contains at least one hanzi."""
    return HANZI.search(text) is not None


def hanzi_count(text: str) -> int:
    """How many hanzi ``text`` contains."""
    return len(HANZI.findall(text))


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


def join_graphemes(words: list[str]) -> list[str]:
    """Re-attach pieces jieba split off a grapheme (combining marks, emoji ZWJ sequences, flags) to their base."""
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


def _lay_on(text: str, words: list[str]) -> list[str]:
    """``text`` cut at the same places as ``words`` (a same-length twin of it)."""
    pieces = []
    position = 0
    for word in words:
        pieces.append(text[position : position + len(word)])
        position += len(word)
    return pieces


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


class Segmenter:
    """jieba over a prefix dictionary that also holds every CC-CEDICT headword; built once, then cached."""

    def __init__(self, headwords: Callable[[], Iterable[str]] | None = None, cache_key: str = "default"):
        # a callable, so the 150,000 headwords are listed only when the prefix cache must be built
        self._headwords = headwords
        self._cache_key = cache_key
        self._tokenizer = None
        self._refiner: Refiner | None = None
        self._lock = threading.Lock()

    def _prefix_dictionary(self, tokenizer) -> tuple[dict, int]:
        """jieba's prefix dictionary (word -> count, total) over its words plus CC-CEDICT's, cached on disk."""
        import jieba

        cache = paths.cache_dir() / f"jieba-prefix-{self._cache_key}.marshal"
        try:
            raw = cache.read_bytes()
            gc.disable()  # jieba's own loader takes 3x longer with collection passes over 600k small objects
            try:
                prefix = marshal.loads(raw)
            finally:
                gc.enable()
            if _is_prefix_dictionary(prefix):
                return prefix
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache yet, or a damaged one: rebuild below (a cache of the wrong shape too)
        with jieba.get_dict_file() as handle:
            base = handle.read().decode("utf-8")
        known = {line.split(" ", 1)[0] for line in base.splitlines()}
        extra = [
            f"{word} {CEDICT_WORD_FREQUENCY}"
            for word in sorted(self._headwords())
            if word not in known and is_chinese(word) and " " not in word
        ]
        merged = io.BytesIO(("\n".join([base.rstrip("\n"), *extra]) + "\n").encode("utf-8"))
        merged.name = "jieba+cc-cedict"
        prefix = tokenizer.gen_pfdict(merged)
        temporary = cache.with_suffix(f".tmp{os.getpid()}")
        try:
            temporary.write_bytes(marshal.dumps(prefix))
            os.replace(temporary, cache)
        except OSError:
            temporary.unlink(missing_ok=True)  # a read-only cache directory costs time, not correctness
        return prefix

    def initialize(self) -> None:
        """Load jieba's model now (it otherwise loads on the first cut); safe to call from a worker thread."""
        with self._lock:
            if self._tokenizer is not None:
                return
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(paths.cache_dir())
            if self._headwords is None:
                tokenizer.initialize()
            else:
                tokenizer.FREQ, tokenizer.total = self._prefix_dictionary(tokenizer)
                tokenizer.initialized = True
            self._tokenizer = tokenizer

    @property
    def ready(self) -> bool:
        """Whether the model is loaded, so a cut answers at once."""
        return self._tokenizer is not None

    def raw_cut(self, text: str, hmm: bool = True) -> list[str]:
        """The cut engine's own words for ``text`` (jieba's; ``hmm`` lets it guess words it does not know)."""
        if self._tokenizer is None:
            self.initialize()
        return self._tokenizer.lcut(text, HMM=hmm)

    def cut(self, text: str) -> list[str]:
        """Split ``text`` into words; joined, they give back ``text`` exactly.

        jieba runs without its HMM: the HMM's guesses at words it does not know glue a name to the verb after it
        (林晓站, 陈默正, 书要), and without them the cut scores higher on PKU and runs a quarter faster
        (benchmarks/bench_segment.py). Names, dates and numbers are put back together by a pass over the words
        (reader/core/refine.py). Traditional text is cut as its simplified twin, character for character, and the
        words laid on the original."""
        if not text:
            return []
        simplified = simplify(text)
        words = self.refiner.refine(self.raw_cut(simplified, hmm=False))
        if simplified is not text:
            words = _lay_on(text, words)
        return join_graphemes(words)

    @property
    def refiner(self) -> Refiner:
        """The pass that keeps names, dates and numbers whole (built on first use)."""
        if self._refiner is None:
            from reader.core.polyphone import function_word

            self._refiner = Refiner(function_word)
        return self._refiner
