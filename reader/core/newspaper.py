"""Splitting a text into articles the way Chinese newspapers lay out their pages.

The conventions read here: a headline is a short line without sentence punctuation, sometimes with a kicker
line (引题) above it and a subtitle (副题, starting with ——) below it; a byline (新华社记者 …); an opening
dateline (新华社杭州2月15日电(记者 …)) or a closing one ((新华社北京2月15日电)); a photo credit
(新华社记者 … 摄) ending a photo item. A headline-like line inside a running article is a section subhead
and stays in that article; a new article starts after a closing dateline or photo credit, or where a
headline is followed by a byline or an opening dateline. Chapter headings (第三章 …) always start one.

Lines broken mid-sentence (PDF copies, column layouts) are joined back. Nothing is dropped: whatever is
not a kicker, title, subtitle, byline or dateline is a paragraph.
"""

from __future__ import annotations

import itertools
import re
from typing import Callable, Iterable, Iterator, Sequence

from reader.core.models import Article

HEADLINE_MAX = 40  # characters; Chinese headlines are rarely longer, body paragraphs almost always are
SUBTITLE_MAX = 80
SUBHEAD_REACH = 6  # a photo item cut out of a running article: its title at most this many paragraphs back

_SENTENCE_END = set("。!?!?;;::….．")
_CLOSERS = set("”’」』\"')）】》〉")
_INNER_PUNCTUATION = re.compile(r"[。!?!?;;::,,]")
_AGENCY = r"(?:新华社|中新社|中新网|人民网|央视网|本报|本刊|新华网|中国日报)"
_NAME = r"[\u4e00-\u9fff·]{2,5}"
_NAMES = rf"{_NAME}(?:[\s\u3000、,,]+{_NAME})*"
_BYLINE = re.compile(rf"^{_AGENCY}?(?:特约|见习)?(?:记者|通讯员|特派记者)[\s\u3000::]*{_NAMES}$")
_PHOTO_CREDIT = re.compile(
    rf"^(?:{_AGENCY}?(?:特约|见习)?(?:记者|通讯员|特派记者)?[\s\u3000::]*{_NAMES}[\s\u3000]*摄"
    rf"|{_AGENCY}发[\s\u3000]*[((][^()()]{{1,30}}摄[))])$"
)
_DATE = r"\d{1,2}月\d{1,2}日"
_OPENING_DATELINE = re.compile(
    rf"^({_AGENCY}[\u4e00-\u9fff]{{0,12}}?{_DATE}(?:电|讯)(?:[\s\u3000]*[((][^()()]{{1,40}}[))])?)[\s\u3000]*(.*)$"
)
_CLOSING_DATELINE = re.compile(rf"^[((][\s\u3000]*{_AGENCY}?[\u4e00-\u9fff]{{0,12}}?{_DATE}(?:电|讯)[\s\u3000]*[))]$")
_CHAPTER = re.compile(
    r"^(?:第[0-9０-９零〇一二三四五六七八九十百千万两]+[章回节卷集部篇]|序章|楔子|尾声|后记|序言|引子)(?:[\s\u3000::].*)?$"
)


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with sentence-final punctuation (closing quotes and brackets looked through)."""
    end = len(line)
    while end and line[end - 1] in _CLOSERS:
        if line[end - 1] in ")）":
            return True  # a closing parenthesis ends a line: (记者 张三), (徐松 摄), (完)
        end -= 1
    return bool(end) and line[end - 1] in _SENTENCE_END


def is_headline(line: str) -> bool:
    """A short line with no sentence punctuation inside (a trailing …… allowed: kickers end with one)."""
    if not line or len(line) > HEADLINE_MAX:
        return False
    core = line.rstrip("…。.")
    if line.endswith("。") or not core:
        return False
    return not _INNER_PUNCTUATION.search(core) and not is_subtitle(line) and not is_structural(line)


def is_byline(line: str) -> bool:
    """新华社记者 严赋憬 宋晨: the reporters' names."""
    return bool(_BYLINE.match(line)) and not line.endswith("摄")


def is_photo_credit(line: str) -> bool:
    """新华社记者 陈铎 摄: the line that ends a photo item."""
    return len(line) <= HEADLINE_MAX and bool(_PHOTO_CREDIT.match(line))


def is_closing_dateline(line: str) -> bool:
    """(新华社北京2月15日电): the line that ends an article."""
    return bool(_CLOSING_DATELINE.match(line))


def opening_dateline(line: str) -> tuple[str, str] | None:
    """(dateline, rest of the paragraph) when ``line`` opens with 新华社杭州2月15日电(记者 …)."""
    match = _OPENING_DATELINE.match(line)
    return (match.group(1), match.group(2)) if match else None


def is_subtitle(line: str) -> bool:
    """——科技成果转化推动……: a subtitle under a headline."""
    return line.startswith(("——", "--", "──")) and len(line) <= SUBTITLE_MAX


def is_chapter_heading(line: str) -> bool:
    """第十二章 重逢: a chapter heading of a novel."""
    return len(line) <= HEADLINE_MAX and bool(_CHAPTER.match(line))


def is_structural(line: str) -> bool:
    """A byline, photo credit or dateline: never part of a running paragraph."""
    return is_byline(line) or is_photo_credit(line) or is_closing_dateline(line) or opening_dateline(line) is not None


def short_title(text: str, limit: int = 20) -> str:
    """A title made from a paragraph: its first clause, at most ``limit`` characters."""
    clause = re.split(r"[。!?!?;;,,::]", text, maxsplit=1)[0].strip() or text.strip()
    return clause if len(clause) <= limit else clause[:limit] + "…"


def _join(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


_LINE_EDGES = " \t\r\u3000\ufeff\xa0"  # spaces (ideographic, no-break), tabs and byte-order marks around a line


def paragraphs_of(text: str | Sequence[str], progress: Callable[[float], None] | None = None) -> list[str]:
    """The text's paragraphs (``text`` whole, or in pieces as a long file is decoded): one per non-blank line, lines
    broken mid-sentence joined back."""
    from reader.core.textfile import lines_of_pieces

    # no one 0.7 s split of a 200 MB text, nor a join of its pieces
    whole_lines = lines_of_pieces([text] if isinstance(text, str) else text)
    lines = [line.strip(_LINE_EDGES) for line in whole_lines]
    step = max(1, len(lines) // 50)

    def reported() -> Iterator[str]:
        for number, line in enumerate(lines):
            if number % step == 0:
                progress(number / max(1, len(lines)))
            yield line

    return list(_joined_paragraphs(reported() if progress else lines))


def _joined_paragraphs(lines: Iterable[str]) -> Iterator[str]:
    """:func:`paragraphs_of`'s paragraphs of stripped ``lines``, each given once the next line shows it is complete."""
    paragraph: str | None = None
    open_paragraph = False  # the last paragraph stopped mid-sentence and may go on in the next line
    for line in lines:
        if not line:
            continue
        if open_paragraph and not is_headline(line) and not is_structural(line) and not is_subtitle(line) and not is_chapter_heading(line):
            paragraph = _join(paragraph, line)
        else:
            if paragraph is not None:
                yield paragraph
            paragraph = line
        last = paragraph
        open_paragraph = not (
            ends_sentence(last) or is_headline(last) or is_structural(last) or is_subtitle(last) or is_chapter_heading(last)
        )
    if paragraph is not None:
        yield paragraph


class _Draft:
    """An article being assembled."""

    def __init__(self, title: str, title_from_text: bool = True):
        self.article = Article(title=title)
        self.title_from_text = title_from_text
        self.closed = False  # ended by a closing dateline or a photo credit
        self.subheads: list[int] = []  # indexes of headline-like paragraphs (section subheads)

    @property
    def heading_only(self) -> bool:
        article = self.article
        return not article.paragraphs and article.byline is None and article.dateline is None


def split_articles(text: str | Sequence[str], default_title: str, progress: Callable[[float], None] | None = None) -> list[Article]:
    """The articles of ``text`` (a newspaper page, a novel, a plain passage; whole or in pieces); ``default_title``
    names untitled text."""
    lines = paragraphs_of(text, (lambda f: progress(f * 0.8)) if progress else None)
    step = max(1, len(lines) // 20)

    def noted(index: int) -> None:
        if progress and index % step == 0:
            progress(0.8 + 0.2 * index / len(lines))

    articles = list(_articles(lines, default_title, noted))
    if progress:
        progress(1.0)
    return articles


def iter_articles(pieces: Iterable[str], default_title: str) -> Iterator[Article]:
    """:func:`split_articles`'s articles of a text given in pieces, each given as soon as it is complete: a big file
    is split as it is read, never held whole."""
    from reader.core.textfile import lines_of_pieces

    lines = (line.strip(_LINE_EDGES) for line in lines_of_pieces(pieces))
    return _articles([], default_title, more=_joined_paragraphs(lines))


_AHEAD = 4096  # paragraphs read ahead at a time from a stream (the splitter looks at most 3 ahead)


def _articles(lines: list[str], default_title: str, noted: Callable[[int], None] | None = None,
              more: Iterator[str] | None = None) -> Iterator[Article]:
    """The articles of ``lines``, each as soon as a later one has begun; with ``more``, the lines are read from it as
    the split goes, and those behind it let go of."""
    drafts: list[_Draft] = []

    def starts_article(index: int) -> bool:
        line = lines[index]
        if is_chapter_heading(line):
            return True
        if not drafts or drafts[-1].closed:
            return True
        ahead = index + 1
        if ahead < len(lines) and is_headline(lines[ahead]):
            ahead += 1  # kicker, then title
        if ahead < len(lines) and is_subtitle(lines[ahead]):
            ahead += 1
        return ahead < len(lines) and (is_byline(lines[ahead]) or opening_dateline(lines[ahead]) is not None)

    index = 0
    while True:
        if more is not None and len(lines) - index <= 4:
            del lines[:index]  # never looked at again
            index = 0
            lines.extend(itertools.islice(more, _AHEAD))
        if index >= len(lines):
            break
        # every draft but the last is complete: only the current one changes (a photo item is cut out of it)
        while len(drafts) > 1:
            yield drafts.pop(0).article
        if noted:
            noted(index)
        line = lines[index]
        current = drafts[-1] if drafts else None
        if (is_headline(line) or is_chapter_heading(line)) and starts_article(index):
            draft = _Draft(line)
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if not is_chapter_heading(line) and is_headline(following) and not is_chapter_heading(following):
                draft.article.kicker, draft.article.title = line, following
                index += 1
            drafts.append(draft)
            index += 1
            if index < len(lines) and is_subtitle(lines[index]):
                draft.article.subtitle = lines[index]
                index += 1
            continue
        if current is None or (current.closed and not is_headline(line)):
            current = _Draft(default_title if not drafts else short_title(line), title_from_text=False)
            if opening_dateline(line) is not None:
                current.article.title = short_title(opening_dateline(line)[1] or line)
            drafts.append(current)
        article = current.article
        dateline = opening_dateline(line)
        if is_byline(line) and article.byline is None and not article.paragraphs:
            article.byline = line
        elif dateline is not None and not article.paragraphs and article.dateline is None:
            article.dateline = dateline[0]
            if dateline[1]:
                article.paragraphs.append(dateline[1])
        elif dateline is not None and article.paragraphs:
            # an opening dateline inside a running article: a new, untitled news item begins
            current = _Draft(short_title(dateline[1] or line), title_from_text=False)
            current.article.dateline = dateline[0]
            if dateline[1]:
                current.article.paragraphs.append(dateline[1])
            drafts.append(current)
        elif is_closing_dateline(line):
            if article.dateline is None:
                article.dateline = line
            else:
                article.paragraphs.append(line)
            current.closed = True
        elif is_photo_credit(line):
            _end_photo_item(drafts, line)
        else:
            if is_headline(line):
                current.subheads.append(len(article.paragraphs))
            article.paragraphs.append(line)
        index += 1
    for draft in drafts:
        yield draft.article


def _end_photo_item(drafts: list[_Draft], credit: str) -> None:
    """A photo credit closes a photo item; cut out of a running news article when it sits inside one."""
    current = drafts[-1]
    article = current.article
    running = article.byline is not None or article.dateline is not None
    if running and current.subheads and len(article.paragraphs) - current.subheads[-1] <= SUBHEAD_REACH:
        cut = current.subheads.pop()
        photo = _Draft(article.paragraphs[cut])
        photo.article.paragraphs = article.paragraphs[cut + 1:]
        del article.paragraphs[cut:]
        drafts.append(photo)
        current, article = photo, photo.article
    if article.byline is None and article.dateline is None:
        article.byline = credit
    else:
        article.paragraphs.append(credit)
    current.closed = True
