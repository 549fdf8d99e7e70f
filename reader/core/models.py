"""The records the core hands around: articles of a document, and words of the vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from reader.core.pinyin import numbered_to_marked


@dataclass
class Article:
    """One article of a document: a news item, a chapter, a pasted passage."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    subtitle: str | None = None
    kicker: str | None = None
    byline: str | None = None
    dateline: str | None = None
    # what a paragraph carries beside its text, one dict per paragraph (or None when no paragraph has any):
    # "start"/"end" (a subtitle cue's times in ms), "translation" (the other language of a bilingual cue)
    paragraph_info: list[dict] | None = None

    def to_json(self) -> dict:
        """The article as ``import --json`` prints it."""
        json = {
            "title": self.title,
            "subtitle": self.subtitle,
            "kicker": self.kicker,
            "byline": self.byline,
            "dateline": self.dateline,
            "paragraphs": list(self.paragraphs),
        }
        if self.paragraph_info is not None:
            json["paragraph_info"] = [dict(info) for info in self.paragraph_info]
        return json

    def info(self, paragraph: int) -> dict:
        """What paragraph ``paragraph`` carries beside its text (empty when nothing)."""
        if self.paragraph_info is None or not 0 <= paragraph < len(self.paragraph_info):
            return {}
        return self.paragraph_info[paragraph]


class Status(IntEnum):
    """How well the learner knows a word, as in LUTE and LingQ: 1 new, 2-4 learning, 5 known; or ignored."""

    NEW = 1
    LEARNING_2 = 2
    LEARNING_3 = 3
    LEARNING_4 = 4
    KNOWN = 5
    IGNORED = 98

    @property
    def label(self) -> str:
        """The status name used on the command line and in JSON: new, learning, known, ignored."""
        if self is Status.NEW:
            return "new"
        if self is Status.KNOWN:
            return "known"
        if self is Status.IGNORED:
            return "ignored"
        return "learning"

    @property
    def step_name(self) -> str:
        """How an undo step names it ("Set 银行 learning 3"): new, learning 2-4, known, ignored."""
        return f"learning {int(self)}" if self.label == "learning" else self.label


@dataclass(frozen=True)
class Context:
    """A sentence a word was saved from, and where it came from."""

    sentence: str
    article: str | None = None
    document: str | None = None
    added: str | None = None  # ISO 8601, UTC


@dataclass
class VocabWord:
    """A saved word: the reading it had where it was saved, its senses, its sentences, its status."""

    word: str
    numbered: str
    definitions: tuple[str, ...] = ()
    status: Status = Status.NEW
    contexts: tuple[Context, ...] = ()
    added: str | None = None  # ISO 8601, UTC
    traditional: str | None = None
    notes: str = ""
    card_sentence: str | None = None  # the saved sentence picked for its Anki card; None: the export's rule picks

    @property
    def pinyin(self) -> str:
        """The saved reading with tone marks."""
        return numbered_to_marked(self.numbered)
