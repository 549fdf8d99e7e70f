"""What every importer is: a kind of file it reads, and the document it makes of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reader.core.models import Article

Progress = Callable[[float], None]


@dataclass
class ImportedDocument:
    """A file (or a paste) read into articles, with the encoding its text was in."""

    title: str
    encoding: str
    articles: list[Article] = field(default_factory=list)
    source_path: Path | None = None  # None for pasted text
    warnings: list[str] = field(default_factory=list)  # one line each: bytes replaced, what was read with care

    def to_json(self) -> dict:
        """The document as ``import --json`` prints it."""
        return {"encoding": self.encoding, "articles": [article.to_json() for article in self.articles]}


class Importer:
    """One kind of input: subclasses set ``name`` and ``extensions`` and implement ``read``."""

    name = "base"
    extensions: tuple[str, ...] = ()  # lower case, with the dot

    def read(self, path: Path, data: bytes, progress: Progress | None = None) -> ImportedDocument:
        """Make a document of the file's bytes (``path`` names it in titles and messages)."""
        raise NotImplementedError


def scaled(progress: Progress | None, start: float, end: float) -> Progress | None:
    """A progress callback reporting a sub-task's 0..1 as ``start``..``end`` of the whole."""
    if progress is None:
        return None
    return lambda fraction: progress(start + (end - start) * min(1.0, max(0.0, fraction)))
