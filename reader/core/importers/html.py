"""Web pages saved as .html/.htm: the readable text only (no markup, scripts, styles), split into articles."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from reader.core.errors import UserError
from reader.core.importers.base import ImportedDocument, Importer, Progress, scaled
from reader.core.textfile import DecodedText, clean_text, decode_bytes, normalise_newlines

_SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "select", "button"}
_BLOCKS = {
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "section", "article", "aside", "header",
    "footer", "nav", "main", "blockquote", "pre", "figure", "figcaption", "address", "h1", "h2", "h3", "h4", "h5",
    "h6", "body", "html", "title", "caption", "td", "th", "center", "form", "fieldset", "legend", "details", "summary",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr", "param"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.IGNORECASE | re.DOTALL)
_ENTITY = re.compile(r"""<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>""")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


class TextExtractor(HTMLParser):
    """Collects a page's readable text as blocks (paragraphs, headings), plus its <title> and headings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.headings: list[str] = []  # heading texts, in order
        self.title = ""
        self._parts: list[str] = []
        self._skipping: list[str] = []
        self._in_title = False
        self._in_heading = False
        self._pre = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED and tag not in _VOID:
            if tag == "head":
                return  # <head> is not skipped wholesale: its <title> is read; scripts and styles in it are
            self._skipping.append(tag)
            return
        if tag == "title":
            self._in_title = True
        if tag in _BLOCKS:
            self._flush()
        if tag in _HEADINGS:
            self._in_heading = True
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag == "title":
            self._in_title = False
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in _HEADINGS:
            self._in_heading = False
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data):
        if self._skipping:
            return
        if self._in_title:
            self.title += data
            return
        self._parts.append(data)

    def _flush(self) -> None:
        text = "".join(self._parts)
        self._parts.clear()
        if self._pre:
            lines = [line.strip() for line in normalise_newlines(text).split("\n")]
        else:
            lines = [_SPACES.sub(" ", text).strip()]
        for line in lines:
            if line:
                self.blocks.append(line)
                if self._in_heading:
                    self.headings.append(line)

    def close(self):
        super().close()
        self._flush()
        self.title = _SPACES.sub(" ", self.title).strip()


def _without_internal_subset(markup: str) -> str:
    """``markup`` without its DOCTYPE's internal subset, the entities declared there put in once, never nested.

    An entity that holds markup or other entities is dropped, and all of them together add at most 1 MB. HTMLParser ends a declaration at its first ``>``: ``<!DOCTYPE html [<!ENTITY a "b">]>`` would leave ``]>`` and
    the entity names as text of the chapter.
    """
    match = _INTERNAL_SUBSET.search(markup, 0, 65_536)
    if match is None:
        return markup
    declared = {name: double or single for name, double, single in _ENTITY.findall(match.group(1))}
    entities = {name: "" if "&" in value or "<" in value else value for name, value in declared.items()}
    body = markup[: match.start()] + markup[match.end():]
    budget = [1 << 20]

    def expand(reference: re.Match) -> str:
        value = entities.get(reference.group(1))
        if value is None:
            return reference.group(0)
        budget[0] -= len(value)
        return value if budget[0] >= 0 else ""

    return re.sub(r"&([A-Za-z_][\w.-]*);", expand, body) if entities else body


def extract_text(markup: str) -> TextExtractor:
    """Parse ``markup`` and return the extractor holding its blocks, title and headings."""
    extractor = TextExtractor()
    extractor.feed(_without_internal_subset(markup))
    extractor.close()
    return extractor


_NUMERIC_REFERENCE = re.compile(r"&#(?:([0-9]{1,8})|[xX]([0-9a-fA-F]{1,8}));?")


def _unless_control(reference: re.Match) -> str:
    decimal, hexadecimal = reference.groups()
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return "" if code < 32 and code not in (9, 10, 13) or 127 <= code < 160 else reference.group(0)


def clean_markup(markup: str) -> str:
    """Markup without control characters, written out or as references (&#27; &#0;): lxml refuses a page holding one."""
    markup = clean_text(markup)
    return _NUMERIC_REFERENCE.sub(_unless_control, markup) if "&#" in markup else markup


def decode_html(data: bytes, name: str) -> DecodedText:
    """Decode a page by its <meta charset> when that reads it cleanly, else like any text file."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        if declared in ("gb2312", "gbk", "x-gbk", "cp936"):
            declared = "gb18030"
        try:
            return DecodedText(clean_markup(data.decode(declared).lstrip("\ufeff")), declared)
        except (UnicodeDecodeError, LookupError):
            pass
    decoded = decode_bytes(data, name)
    return DecodedText(clean_markup(decoded.text), decoded.encoding, decoded.replaced)


class HtmlImporter(Importer):
    """.html, .htm, .xhtml."""

    name = "html"
    extensions = (".html", ".htm", ".xhtml")

    def read(self, path: Path, data: bytes, progress: Progress | None = None) -> ImportedDocument:
        """The page's article (title, byline, date, body; no menus, footers or comments), split like a text file."""
        from reader.core.importers.web import extract_article

        decoded = decode_html(data, str(path))
        title, articles = extract_article(decoded.text, str(path), scaled(progress, 0.1, 1.0))
        if not articles:
            raise UserError(f"{path}: the page has no text")
        return ImportedDocument(title or path.stem, decoded.encoding, articles, path, decoded.notes(str(path)))
