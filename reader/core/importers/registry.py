"""Which importer reads which file: by extension, plain text for everything else."""

from __future__ import annotations

from pathlib import Path

from reader.core.importers.base import Importer

_IMPORTERS: dict[str, Importer] = {}
_BY_EXTENSION: dict[str, Importer] = {}
DEFAULT = "text"


def register(importer: Importer) -> Importer:
    """Make ``importer`` read its extensions (a later registration wins)."""
    _IMPORTERS[importer.name] = importer
    for extension in importer.extensions:
        _BY_EXTENSION[extension.lower()] = importer
    return importer


def importer_for(path: str | Path) -> Importer:
    """The importer for ``path``'s extension; plain text when none claims it."""
    _register_builtins()
    return _BY_EXTENSION.get(Path(path).suffix.lower()) or _IMPORTERS[DEFAULT]


def importers() -> dict[str, Importer]:
    """Every registered importer by name."""
    _register_builtins()
    return dict(_IMPORTERS)


def _register_builtins() -> None:
    if DEFAULT in _IMPORTERS:
        return
    from reader.core.importers.epub import EpubImporter
    from reader.core.importers.html import HtmlImporter
    from reader.core.importers.image import ImageImporter
    from reader.core.importers.pdf import PdfImporter
    from reader.core.importers.subtitles import SubtitleImporter
    from reader.core.importers.text import TextImporter

    register(TextImporter())
    register(HtmlImporter())
    register(EpubImporter())
    register(SubtitleImporter())
    register(PdfImporter())
    register(ImageImporter())


def file_filter() -> str:
    """An Open dialog's filter: every extension an importer reads, then all files."""
    extensions = sorted({extension for importer in importers().values() for extension in importer.extensions})
    return f"Readable files ({' '.join('*' + extension for extension in extensions)});;All files (*)"
