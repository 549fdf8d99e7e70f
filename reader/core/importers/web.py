"""Web pages, saved or fetched: the article only (title, byline, date, body), found by trafilatura.

Menus, footers, share bars, comments, replies and "related articles" are left out; links become their text. The body
is then read like a newspaper page (reader.core.newspaper), so a page of several news items still splits into them.
"""

from __future__ import annotations

import re

from reader.core.errors import UserError
from reader.core.importers.base import Progress, scaled
from reader.core.models import Article
from reader.core.newspaper import ends_sentence, opening_dateline, split_articles

# Blocks that are never the article: readers' comments and forum replies, share bars, related links. trafilatura
# finds most of them itself; these class and id words are the ones it misses on Chinese sites.
_NOT_ARTICLE = re.compile(r"(?:^|[\s_-])(?:comments?|repl(?:y|ies)|related|share|recommend|pager|chapter-nav)(?:$|[\s_-])",
                          re.IGNORECASE)
# Lines between the title and the body that say who wrote it and when (作者：小林 · 2024年3月10日, 記者 陳小華／臺北報導)
_BYLINE = re.compile(r"^.{0,20}(?:记者|記者|作者|来源|來源|发布|發布|通讯员|通訊員|编辑|編輯|报道|報導).{0,40}$")
_DATE_ONLY = re.compile(r"^[\d\s年月日:：/.\-]{6,24}$")
# the closing editor's line of Chinese news pages: 【责任编辑：王小二】, (责任编辑:李明)
_EDITOR = re.compile(r"^[\[【(（]?\s*(?:责任编辑|責任編輯|编辑|編輯)\s*[:：].{1,20}[\]】)）]?$")


def _cleaned_tree(markup: str):
    """The page as an lxml tree without the blocks that are never the article."""
    import lxml.html

    tree = lxml.html.document_fromstring(markup)
    doomed = [element for element in tree.iter()
              if isinstance(element.tag, str)
              and _NOT_ARTICLE.search(f"{element.get('class', '')} {element.get('id', '')}")]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def _first_h1(tree) -> str:
    heading = tree.find(".//h1")
    return " ".join(heading.text_content().split()) if heading is not None else ""


def extract_article(markup: str, name: str, progress: Progress | None = None) -> tuple[str, list[Article]]:
    """The page's title and its article (or news items), or UserError when the page holds no article."""
    import trafilatura

    if not markup.strip():
        raise UserError(f"{name}: the page is empty")
    from lxml.etree import LxmlError

    try:
        tree = _cleaned_tree(markup)
    except (ValueError, TypeError, LxmlError) as error:  # ParserError ("Document is empty" for '</ ') is an LxmlError
        raise UserError(f"{name}: not a readable web page ({error})") from None
    if progress:
        progress(0.3)
    found = trafilatura.bare_extraction(
        tree, favor_precision=True, include_comments=False, include_links=False, include_images=False,
        include_tables=True, with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},  # the extensive search takes seconds and guesses
    )
    if progress:
        progress(0.7)
    lines = [" ".join(line.split()) for line in (found.text or "").split("\n")] if found is not None else []
    lines = [line[2:] if line.startswith("- ") else line for line in lines if line]  # trafilatura marks list items "- "
    if not lines:
        raise UserError(f"{name}: no article found on the page (only menus, links or nothing readable)")
    title = (found.title or "").strip()
    byline = (found.author or "").strip() or None
    heading = _first_h1(tree) or title  # the page's own headline; trafilatura takes <title> when a page has several
    while lines and lines[0] in (title, heading):
        lines.pop(0)
    while (len(lines) > 1 and len(lines[0]) <= 60 and not ends_sentence(lines[0]) and opening_dateline(lines[0]) is None
           and (_BYLINE.match(lines[0]) or _DATE_ONLY.match(lines[0]))):
        line = lines.pop(0)
        if byline is None or byline in line:
            byline = line
    while lines and _EDITOR.match(lines[-1]):
        lines.pop()
    if not any(ends_sentence(line) or len(line) >= 20 for line in lines):  # link texts and labels, never a sentence
        raise UserError(f"{name}: no article found on the page (only menus, links or nothing readable)")
    articles = split_articles("\n\n".join(lines), title or name, scaled(progress, 0.7, 1.0))
    if len(articles) > 1:
        return title, articles  # a page of several news items, each with its headline
    dateline = found.date or None
    opening = opening_dateline(lines[0])
    if opening is not None:  # 新华社杭州2月15日电(记者 岳德亮)浙江省……
        dateline, rest = opening
        lines = [rest, *lines[1:]] if rest else lines[1:]
    return title, [Article(title=heading or name, paragraphs=lines, byline=byline, dateline=dateline)]
