"""The benchmark texts: real, diverse text first (few repeated words), the repeated page only as a second figure.

Each is written once to benchmarks/out/ and described by :func:`describe` (size, distinct words, tokens).
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks._common import OUT, ROOT, SAMPLE, novel

# ../shared beside the project (CI, the main checkout); a work tree one level deeper finds it one further up
SHARED = next((base / "shared" / "data" for base in (ROOT.parent, ROOT.parent.parent) if (base / "shared").is_dir()),
              ROOT.parent / "shared" / "data")
CPP_SENTENCES = SHARED / "cpp-dev" / "dev.sent"
PKU_SENTENCES = SHARED / "sighan-pku-dev" / "dev.txt"
POLYPHONE_MARK = "\u2581"


def cpp_text() -> Path:
    """The CPP development sentences (news and encyclopedia, ~330,000 characters), polyphone marks removed."""
    return _written("cpp-dev.txt", lambda: CPP_SENTENCES.read_text(encoding="utf-8").replace(POLYPHONE_MARK, ""))


def pku_text() -> Path:
    """The SIGHAN 2005 PKU test sentences (People's Daily news, ~75,000 characters); benchmark use only."""
    return _written("pku-dev.txt", lambda: PKU_SENTENCES.read_text(encoding="utf-8"))


def headword_soup(words: int = 40_000, seed: int = 13) -> Path:
    """Our own non-repeating text: CC-CEDICT headwords drawn at random (seeded), with Latin words, numbers,
    emoji and traditional forms among them, in sentences: every word is new, the worst case for per-word work."""

    def build() -> str:
        from reader.core.dictionary import Dictionary

        rng = random.Random(seed)
        headwords = sorted(set(Dictionary.load().headwords()))
        chosen = rng.sample(headwords, words)
        latin = ["iPhone", "COVID-19", "GDP", "3.5%", "2024年", "Wi-Fi", "👍", "🇨🇳", "e\u0301", "http://example.com/a?b=1"]
        parts = []
        for number, word in enumerate(chosen):
            parts.append(word)
            if rng.random() < 0.05:
                parts.append(rng.choice(latin))
            if number % 9 == 8:
                parts.append(rng.choice("，。！？；：、"))
            if number % 40 == 39:
                parts.append("\n")
        return "".join(parts)

    return _written(f"headword-soup-{words}.txt", build)


def latin_line(characters: int) -> Path:
    """One line of ``characters`` Latin letters, spaces and digits, no hanzi (seeded)."""

    def build() -> str:
        rng = random.Random(characters)
        words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 9))) for _ in range(5000)]
        parts, size = [], 0
        while size < characters:
            word = rng.choice(words) + rng.choice("     ,.0123")
            parts.append(word)
            size += len(word)
        return "".join(parts)[:characters]

    return _written(f"latin-line-{characters}.txt", build)


def long_line(characters: int) -> Path:
    """The CPP sentences joined into one line of ``characters`` code points (repeated only past 330,000)."""

    def build() -> str:
        line = cpp_text().read_text(encoding="utf-8").replace("\n", "")
        return (line * (characters // len(line) + 1))[:characters]

    return _written(f"long-line-{characters}.txt", build)


def sample_page() -> Path:
    """The Xinhua sample page shipped with the app (~9,000 characters)."""
    return SAMPLE


def repeated_page(characters: int = 1_000_000) -> Path:
    """The sample page repeated to ``characters`` code points: a second, labelled figure (every word repeats)."""
    return novel(characters)


DIVERSE = {"cpp-dev": cpp_text, "pku-dev": pku_text, "sample-page": sample_page, "headword-soup": headword_soup}


def _written(name: str, build) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    if not path.exists():
        temporary = path.with_suffix(".tmp")
        temporary.write_text(build(), encoding="utf-8")
        temporary.replace(path)
    return path


def describe(path: Path) -> str:
    """Size in characters, tokens and distinct words (as jieba cuts it) of a benchmark text."""
    import jieba

    jieba.setLogLevel(60)
    text = path.read_text(encoding="utf-8")
    words = jieba.lcut(text)
    return f"{len(text):,} characters, {len(words):,} tokens, {len(set(words)):,} distinct"
