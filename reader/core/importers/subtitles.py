"""Subtitles (.srt, .ass/.ssa, .vtt) with pysubs2: an episode is an article, a cue a paragraph.

The cue's text loses its timestamps and styling codes; its times go with the paragraph (``paragraph_info`` start and
end, in ms). In bilingual subtitles (a Chinese and a foreign line in one cue, or two events at the same times, as
fansub .ass files have them) the Chinese line is the paragraph and the other its ``translation``.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from reader.core.errors import UserError
from reader.core.hanzi import is_chinese
from reader.core.importers.base import ImportedDocument, Importer, Progress
from reader.core.models import Article
from reader.core.textfile import decode_bytes

_FORMATS = {".srt": "srt", ".ass": "ass", ".ssa": "ssa", ".vtt": "vtt"}
_SPACES = re.compile(r"[ \t\u3000]+")


def has_hanzi(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return is_chinese(text)


def cue_time(info: dict) -> str:
    """A cue's times as a learner reads them: ``01:02.5–01:04`` (hours shown when there are any)."""
    if "start" not in info:
        return ""
    return f"{_clock(info['start'])}–{_clock(info.get('end', info['start']))}"


def _clock(ms: int) -> str:
    seconds, ms = divmod(int(ms), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
    return text + (f".{ms:03d}".rstrip("0") if ms else "")


def _cue_lines(text: str) -> list[str]:
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line and line not in ("-", "—"):
            lines.append(line)
    return lines


class SubtitleImporter(Importer):
    """.srt, .ass, .ssa, .vtt."""

    name = "subtitles"
    extensions = tuple(_FORMATS)

    def read(self, path: Path, data: bytes, progress: Progress | None = None) -> ImportedDocument:
        """One article (the episode), one paragraph per cue, the cue's times and translation beside it."""
        import pysubs2

        decoded = decode_bytes(data, str(path))
        try:
            with warnings.catch_warnings():  # pysubs2 warns of styles it cannot read; the text is all we need
                warnings.simplefilter("ignore")
                subtitles = pysubs2.SSAFile.from_string(decoded.text, format_=_FORMATS[path.suffix.lower()])
        except Exception as error:  # pysubs2 raises its own errors and ValueError/KeyError on damaged files
            reason = str(error).splitlines()[0] if str(error).strip() else type(error).__name__
            raise UserError(f"{path}: not a readable subtitle file ({reason[:120]})") from None
        if progress:
            progress(0.5)
        cues: dict[tuple[int, int], list[str]] = {}  # (start, end) -> lines, in the order the file gives them
        for number, event in enumerate(subtitles, 1):
            if event.is_comment or event.is_drawing:
                continue
            if event.start < 0 or event.end < event.start:
                raise UserError(f"{path}: cue {number} has broken timing (it ends at {_clock(max(0, event.end))}, "
                                f"before it starts at {_clock(max(0, event.start))})")
            lines = _cue_lines(event.plaintext)
            if lines:
                cues.setdefault((event.start, event.end), []).extend(lines)
        paragraphs, info = [], []
        for (start, end), lines in sorted(cues.items(), key=lambda item: item[0]):
            chinese = [line for line in lines if has_hanzi(line)]
            other = [line for line in lines if not has_hanzi(line)]
            entry = {"start": start, "end": end}
            if chinese and other:
                entry["translation"] = " ".join(other)
            paragraphs.append(" ".join(chinese or other))
            info.append(entry)
        if not paragraphs:
            raise UserError(f"{path}: the subtitle file has no cues with text")
        if progress:
            progress(1.0)
        article = Article(title=path.stem, paragraphs=paragraphs, paragraph_info=info)
        return ImportedDocument(path.stem, decoded.encoding, [article], path)
