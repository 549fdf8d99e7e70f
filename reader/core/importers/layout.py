"""Lines of a page, where each sits, joined back into paragraphs: shared by the PDF text layer and OCR."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reader.core.newspaper import ends_sentence

BROKEN = "\x02"  # ends a line whose last word goes on in the next
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


@dataclass
class Line:
    """One line of text and its box on the page (for vertical text: a column, turned to lie as a line)."""

    text: str
    top: float  # from the top of the page (points in a PDF, pixels in a picture)
    bottom: float
    left: float
    right: float
    place: tuple[float, float, float, float] | None = None  # a picture's line: its box there (left, top, right, bottom)


def join_lines(previous: str, line: str) -> str:
    """Two lines of one paragraph as one: hanzi run on; an English word broken with a hyphen is made whole."""
    if previous.endswith(BROKEN):
        return previous[:-1] + line
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha() and line[:1].islower():
        return previous[:-1] + line
    if _CJK.match(previous[-1]) or _CJK.match(line[0]):
        return previous + line
    return previous + " " + line


def paragraphs(lines: list[Line]) -> list[str]:
    """Lines joined into paragraphs: a wider gap, a new column, or a short line ending a sentence ends one."""
    return [joined(group) for group in paragraph_groups(lines)]


def joined(lines: list[Line]) -> str:
    """The text of lines that make one paragraph."""
    text = ""
    for line in lines:
        text = join_lines(text, line.text) if text else line.text
    return text.replace(BROKEN, "")


def paragraph_groups(lines: list[Line]) -> list[list[Line]]:
    """The lines of each paragraph: a wider gap, a new column, or a short line ending a sentence ends one."""
    if not lines:
        return []
    heights = sorted(line.bottom - line.top for line in lines)
    line_height = heights[len(heights) // 2] or 1.0
    widest = Counter(round(line.right - line.left) for line in lines).most_common(1)[0][0]
    groups: list[list[Line]] = [[]]
    previous = None
    for line in lines:
        if previous is not None:
            gap = line.top - previous.bottom
            new_column = gap < -line_height or abs(line.left - previous.left) > 4 * line_height and gap < 0
            short = (previous.right - previous.left) < 0.85 * max(widest, previous.right - previous.left) and ends_sentence(previous.text)
            if gap > 0.9 * line_height or (new_column and ends_sentence(previous.text)) or short:
                groups.append([])
        groups[-1].append(line)
        previous = line
    return [group for group in groups if joined(group)]
