"""Traditional characters read as their simplified forms, one for one, so a cut and the polyphone rules made for
simplified text serve traditional text (Taiwan and Hong Kong usage included) the same way.

The table comes from CC-CEDICT's own pairs of traditional and simplified headwords: a character is mapped where
CC-CEDICT writes it as a traditional form more often than it uses it in simplified headwords (難 → 难, 還 → 还,
決 → 决; 著 stays, for 著名). The text keeps its own characters: only what is cut and reasoned over is simplified.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import accumulate

from reader.core import paths
from reader.core.cache_files import cached

_TABLE_FORMAT = 1
_lock = threading.Lock()
_table: dict[int, str] | None = None
_finder = None


def _build() -> dict[str, str]:
    from reader.core.dictionary import default_source, parse_cedict

    as_traditional: dict[str, Counter] = defaultdict(Counter)
    in_simplified: Counter = Counter()
    for traditional, simplified, _, _ in parse_cedict(default_source()):
        if len(traditional) != len(simplified):
            continue
        in_simplified.update(simplified)
        for t, s in zip(traditional, simplified):
            if t != s:
                as_traditional[t][s] += 1
    table = {}
    for t, targets in as_traditional.items():
        s, count = targets.most_common(1)[0]
        if count > in_simplified[t]:
            table[t] = s
    return table


def table_stamp() -> str:
    """What the table is made from (its format and CC-CEDICT's file): a cache derived from the table names it."""
    from reader.core.dictionary import default_source

    stat = default_source().stat()
    return f"{_TABLE_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}"


def never_simplified_to() -> frozenset[str]:
    """The characters :func:`simplify` never leaves in its output: those it maps that nothing maps to (with the
    table as it is, 3,625 of 3,627). A word holding one never occurs in simplified text."""
    mapping = table()
    return frozenset(map(chr, mapping)) - frozenset(mapping.values())


def _is_table(value) -> bool:
    """Whether a cached value has the table's shape: one character to one character."""
    return isinstance(value, dict) and all(
        type(key) is str and type(target) is str and len(key) == len(target) == 1 for key, target in value.items()
    )


def table() -> dict[int, str]:
    """The traditional → simplified character table, for ``str.translate`` (built once, then cached on disk)."""
    global _table
    if _table is not None:
        return _table
    with _lock:
        if _table is None:
            cache = paths.cache_dir() / f"traditional-{table_stamp()}.marshal"
            mapping = cached(cache, _build, _is_table)
            global _finder
            _finder = re.compile("[" + "".join(sorted(mapping)) + "]")
            _table = {ord(t): s for t, s in mapping.items()}
    return _table


def simplify(text: str) -> str:
    """``text`` with its traditional characters simplified one for one (same length, same positions); ``text`` itself
    when it has none."""
    table()
    first = _finder.search(text)
    if first is None:
        return text
    # Where few characters change (a simplified text quoting traditional names: a few hundred in the CPP sentences'
    # 320,000), they are replaced match by match, a third of the time ``str.translate`` takes to look every character
    # up. A traditional text (a third of its characters change) is the other way round: sub's call per match costs
    # twice translate's whole pass (a 64k piece: 10.9 ms against 4.8 ms). The break-even is about 1 in 8.
    if len(_finder.findall(text, first.start(), first.start() + 2048)) > 256:
        return text.translate(_table)
    return _finder.sub(_simplified, text)


def _simplified(match: re.Match) -> str:
    return _table[ord(match.group())]


def lay_on(text: str, words) -> list[str]:
    """``text`` cut at the same places as ``words`` (the words of a same-length twin of it)."""
    table()
    twin = "".join(words)
    # The twins differ only where one holds a character the table maps (a traditional text has a few in a
    # hundred): only the words over those places are cut from ``text`` again, instead of every word.
    places = sorted({match.start() for match in _finder.finditer(text)} | {match.start() for match in _finder.finditer(twin)})
    if len(twin) == len(text) and len(places) * 8 < len(words):
        pieces = list(words)
        ends = list(accumulate(map(len, pieces)))
        for place in places:
            number = bisect_right(ends, place)
            pieces[number] = text[ends[number - 1] if number else 0 : ends[number]]
        if "".join(pieces) == text:
            return pieces
    pieces = []
    position = 0
    for word in words:
        pieces.append(text[position : position + len(word)])
        position += len(word)
    return pieces
