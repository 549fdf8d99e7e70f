"""A standalone HTML page of annotated text: pinyin above each word (ruby), tone colours, text escaped."""

from __future__ import annotations

from html import escape
from typing import Sequence

from reader.core.annotate import Token
from reader.core.pinyin import numbered_syllable_to_marked, tone_of
from reader.core.hanzi import HANZI
from reader.core.tones import tone_css

_STYLE = """
body { margin: 2rem auto; max-width: 46rem; padding: 0 1rem; background: #fdfcf8; color: #222;
       font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.text { white-space: pre-wrap; font-size: 1.35rem; line-height: 2.6; }
ruby { ruby-position: over; }
rt { font-size: 0.55em; font-family: "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
.word { border-radius: 3px; }
.word:hover { background: #fff1b8; }
@media (prefers-color-scheme: dark) {
  body { background: #1e1f22; color: #ddd; }
  .word:hover { background: #4a4220; }
}
"""


def _word_html(token: Token, syllables: Sequence[str] | None = None) -> str:
    syllables = token.numbered.split() if syllables is None else syllables
    pieces = []
    index = 0
    for char in token.text:
        if HANZI.match(char) and index < len(syllables):
            syllable = syllables[index]
            index += 1
            tone = f"tone{tone_of(syllable)}"
            pieces.append(
                f'<ruby class="{tone}">{escape(char)}<rt>{escape(numbered_syllable_to_marked(syllable))}</rt></ruby>'
            )
        else:
            pieces.append(escape(char))
    title = f' title="{escape(token.gloss)}"' if token.gloss else ""
    return f'<span class="word"{title}>{"".join(pieces)}</span>'


def annotated_html(tokens: Sequence[Token], title: str = "Yuedu", syllables: Sequence[Sequence[str]] | None = None) -> str:
    """The page for ``tokens``: every Chinese word in ruby (its ``syllables`` if given, else its own reading),
    everything else as escaped text."""
    return html_head(title) + html_body(tokens, syllables) + HTML_FOOT


def html_head(title: str) -> str:
    """The page up to where its words begin (written first when the words come piece by piece)."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}{tone_css()}\n</style>\n</head>\n"
        '<body>\n<div class="text">'
    )


def html_body(tokens: Sequence[Token], syllables: Sequence[Sequence[str]] | None = None) -> str:
    """The words of ``tokens`` as the page shows them (see :func:`annotated_html`)."""
    return "".join(
        _word_html(token, syllables[number] if syllables else None) if token.is_chinese else escape(token.text)
        for number, token in enumerate(tokens)
    )


HTML_FOOT = "</div>\n</body>\n</html>\n"
