"""An article as the reading view shows it: blocks of newspaper furniture, headings and paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.models import Article

# sentence punctuation anywhere, or a line that ends as a clause does (a colon, an ellipsis, a dash)
_HEADING_BREAKERS = re.compile(r"[，。！？；,;!?]|[：:…、—]$")
_CLAUSE_ENDS = "。！？；，：!?;,:"


@dataclass
class Block:
    """One block of an article as the view shows it; ``tokens`` arrive later from the segmenter."""

    kind: str  # "kicker" | "title" | "subtitle" | "byline" | "dateline" | "heading" | "paragraph" | "translation"
    text: str
    tokens: list | None = None
    note: str | None = None  # shown on hover of the block (a subtitle cue's time), as plain text


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
            blocks.append(Block(kind, paragraph.strip(), note=paragraph_note(info)))
            paragraph_of_block.append(index)
            if info.get("translation"):  # the other language of a bilingual cue, quietly under it
                blocks.append(Block("translation", info["translation"], note=paragraph_note(info)))
                paragraph_of_block.append(index)
    if closing:
        blocks.append(Block("dateline", dateline))
        paragraph_of_block.append(-1)
    return blocks, paragraph_of_block


def paragraph_note(info: dict) -> str | None:
    """What hovering a paragraph shows: a subtitle cue's time."""
    from reader.core.importers.subtitles import cue_time

    return cue_time(info) or None


def blocks_for(article: Article):
    """The reading view's blocks for an article: the newspaper furniture first, then headings and paragraphs."""
    return article_blocks(article)[0]
