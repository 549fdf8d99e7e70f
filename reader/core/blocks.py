"""An article as the reading view shows it: blocks of newspaper furniture, headings and paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.models import Article

# sentence punctuation anywhere, or a line that ends as a clause does (a colon, an ellipsis, a dash)
_HEADING_BREAKERS = re.compile(r"[，。！？；,;!?]|[：:…、—]$")
_CLAUSE_ENDS = "。！？；，：!?;,:"
# A paragraph is laid out, painted and segmented as one block on the window's UI thread: one line of 2,000,000
# characters took that thread 113 s. Longer paragraphs are shown as several blocks of at most this many characters,
# which read on as one paragraph (no space between them), each cut where the cut cannot change a word: after a
# sentence end, else after a clause mark or a space, else anywhere.
MAX_BLOCK_CHARACTERS = 1000
_BLOCK_ENDS = (
    re.compile(r"[。！？!?；;]+[”」』）)\"']*"),
    re.compile(r"[，、：…]+[”」』）)\"']*|\s+"),
)
# the last match of each in one call from the back (the last of finditer's matches ends where this one does):
# iterating over every match of every piece took ~0.1 s of the UI thread opening a 2,000,000-character line
_LAST_BLOCK_ENDS = tuple(re.compile(f"(?s:.*)(?:{pattern.pattern})") for pattern in _BLOCK_ENDS)


@dataclass
class Block:
    """One block of an article as the view shows it; ``tokens`` arrive later from the segmenter."""

    kind: str  # "kicker" | "title" | "subtitle" | "byline" | "dateline" | "heading" | "paragraph" | "translation"
    text: str
    tokens: list | None = None
    note: str | None = None  # shown on hover of the block (a subtitle cue's time), as plain text
    offset: int = 0  # where ``text`` starts in its (stripped) paragraph, when a long one is shown as several blocks


def is_heading(paragraph: str) -> bool:
    """A short line without sentence punctuation: a section heading in a news page, a chapter title in a novel."""
    text = paragraph.strip()
    return 0 < len(text) <= 30 and not _HEADING_BREAKERS.search(text)


def _title_repeats_text(article: Article) -> bool:
    """Whether the title is only the opening of the first paragraph (a paste or an untitled passage named by its
    first clause): shown as a headline it would print the same words twice."""
    title = (article.title or "").strip()
    opening = title.removesuffix("…")
    first = next((p.strip() for p in article.paragraphs if p.strip()), "")
    if not opening or not first.startswith(opening):
        return False
    # the whole first clause, or its start cut with "…" (a headline 西红柿炒鸡蛋 over 西红柿炒鸡蛋是… is a real title)
    rest = first[len(opening):]
    return title.endswith("…") or not rest or rest[0] in _CLAUSE_ENDS


def article_blocks(article: Article):
    """The reading view's blocks for an article, and for each block the index of its paragraph (-1 for the
    newspaper furniture: kicker, title, subtitle, byline, dateline)."""
    blocks, paragraph_of_block = [], []
    dateline = (article.dateline or "").strip()
    closing = dateline.startswith(("(", "（"))  # (新华社北京2月15日电) closes the item, as printed
    repeated = _title_repeats_text(article)
    for kind in ("kicker", "title", "subtitle", "byline", "dateline"):
        value = (getattr(article, kind) or "").strip()
        if value and not (kind == "dateline" and closing) and not (kind == "title" and repeated):
            blocks.append(Block(kind, value))
            paragraph_of_block.append(-1)
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph.strip():
            info = article.info(index)
            kind = "paragraph" if "start" in info or not is_heading(paragraph) else "heading"  # a cue is never a heading
            note = paragraph_note(info)
            text = paragraph.strip()
            pieces = list(paragraph_pieces(text))
            for number, (offset, piece) in enumerate(pieces):
                more = number < len(pieces) - 1
                blocks.append(Block("continued" if more else kind, piece, note=note, offset=offset))
                paragraph_of_block.append(index)
            if info.get("translation"):  # the other language of a bilingual cue, quietly under it
                blocks.append(Block("translation", info["translation"], note=paragraph_note(info)))
                paragraph_of_block.append(index)
    if closing:
        blocks.append(Block("dateline", dateline))
        paragraph_of_block.append(-1)
    return blocks, paragraph_of_block


def paragraph_pieces(text: str, size: int = MAX_BLOCK_CHARACTERS):
    """(offset, piece) of a paragraph in pieces of at most ``size`` characters (one piece when it is shorter), each
    cut after the last sentence end in its second half, else the last clause mark or space, else at ``size``."""
    start, length = 0, len(text)
    while length - start > size:
        limit = start + size
        cut = 0
        for pattern in _LAST_BLOCK_ENDS:
            match = pattern.match(text, start + size // 2, limit)
            if match:
                cut = match.end()
                break
        if not cut:
            from reader.core.segment import _extends_previous  # here, not per paragraph: see paragraph_note

            cut = limit
            while cut > start + 1 and _extends_previous(text[cut]):
                cut -= 1  # never between a character and the marks or joiners that belong to it
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def paragraph_note(info: dict) -> str | None:
    """What hovering a paragraph shows: a subtitle cue's time."""
    if "start" not in info:  # not a cue: no import statement (Qt's import hook makes each one ~10 µs, per paragraph)
        return None
    from reader.core.importers.subtitles import cue_time

    return cue_time(info) or None


def blocks_for(article: Article):
    """The reading view's blocks for an article: the newspaper furniture first, then headings and paragraphs."""
    return article_blocks(article)[0]
