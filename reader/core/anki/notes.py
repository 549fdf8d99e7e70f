"""Anki notes built from the vocabulary: every field's HTML, escaped, plus the note's GUID and tags."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from reader.core.anki.notetype import (
    CARD_FIELDS,
    CARD_KINDS,
    CARD_MARK,
    SENTENCE_FIELDS,
    SENTENCE_GUID_NAMESPACE,
    WORD_FIELDS,
    WORD_GUID_NAMESPACE,
)
from reader.core.models import Context, VocabWord
from reader.core.pinyin import numbered_syllable_to_marked, tone_of

WORD = "word"
SENTENCE = "sentence"
TAG = "yuedu"

_marked = functools.lru_cache(maxsize=8192)(numbered_syllable_to_marked)  # a few thousand syllables, looked up again and again

# text -> tokens with .text, .is_chinese, .numbered (the annotator's annotate); None when no sentence pinyin is wanted
Annotate = Callable[[str], Sequence]


@dataclass(frozen=True)
class AnkiNote:
    """One note ready for any exporter: its kind (word or sentence), GUID, fields in note-type order, tags."""

    kind: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    key: str  # the word (or word + sentence) it stands for, for messages and the export record

    @property
    def field_names(self) -> tuple[str, ...]:
        """The note type's field names, in order."""
        return WORD_FIELDS if self.kind == WORD else SENTENCE_FIELDS

    def field_dict(self) -> dict[str, str]:
        """Field name -> value (what AnkiConnect takes)."""
        return dict(zip(self.field_names, self.fields))


def guid_for(*values: str) -> str:
    """genanki's GUID for these values (word notes: namespace, word, numbered reading)."""
    import genanki

    return genanki.guid_for(*values)


def escape(text: str | None) -> str:
    """Text as HTML that shows exactly that text (``<script>`` stays visible text, never markup)."""
    return html.escape(text or "", quote=True)


def pinyin_html(numbered: str) -> str:
    """A numbered reading as tone-marked syllables, each in its ``toneN`` colour span."""
    return " ".join(
        f'<span class="tone{tone_of(syllable)}">{escape(_marked(syllable))}</span>'
        for syllable in numbered.split()
    )


def color_html(word: str, numbered: str) -> str:
    """The word's characters coloured by tone (Chinese Support's Color field); plain when they do not pair up."""
    syllables = numbered.split()
    if len(syllables) != len(word):
        return escape(word)
    return "".join(f'<span class="tone{tone_of(s)}">{escape(ch)}</span>' for ch, s in zip(word, syllables))


def meaning_html(definitions: Sequence[str]) -> str:
    """The senses, numbered when there are several."""
    senses = [d for d in definitions if d.strip()]
    if not senses:
        return ""
    if len(senses) == 1:
        return escape(senses[0])
    return "<ol>" + "".join(f"<li>{escape(sense)}</li>" for sense in senses) + "</ol>"


def highlighted(sentence: str, word: str) -> str:
    """The sentence escaped, every occurrence of ``word`` in ``<b class="hl">``."""
    if not word or word not in sentence:
        return escape(sentence)
    return f'<b class="hl">{escape(word)}</b>'.join(escape(part) for part in sentence.split(word))


_ASCII_PUNCTUATION = str.maketrans("。，、！？；：“”‘’（）《》…—", ".,,!?;:\"\"''()<>…-")


def cached(annotate: Annotate | None) -> Annotate | None:
    """``annotate`` remembering its answers: words saved from one sentence share its pinyin."""
    if annotate is None:
        return None
    return functools.lru_cache(maxsize=4096)(annotate)


def sentence_pinyin_html(sentence: str, word: str, numbered: str, annotate: Annotate | None) -> str:
    """The sentence's pinyin in context, the word's own syllables highlighted; "" without an annotator."""
    if annotate is None or not sentence:
        return ""
    pieces: list[str] = []
    for token in annotate(sentence):
        if token.is_chinese:
            reading = numbered if token.text == word and numbered else token.numbered
            marked = escape(" ".join(_marked(s) for s in reading.split()))
            pieces.append(f'<b class="hl">{marked}</b>' if token.text == word else marked)
        else:
            text = token.text.translate(_ASCII_PUNCTUATION).strip()
            if not text:
                continue
            if pieces and not text[0].isalnum():
                pieces[-1] += escape(text)
            else:
                pieces.append(escape(text))
    return " ".join(pieces)


def sanitise_tag(text: str) -> str:
    """Text as one Anki tag: no spaces, no quotes, no hierarchy separators, at most 60 characters."""
    tag = re.sub(r"[\s\"':]+", "_", text.strip()).strip("_")
    return tag[:60]


def tags_for(source: str | None) -> tuple[str, ...]:
    """``yuedu`` and, when the word came from an article, ``yuedu::<article>``."""
    tag = sanitise_tag(source or "")
    return (TAG, f"{TAG}::{tag}") if tag else (TAG,)


def chosen_context(word: VocabWord) -> Context | None:
    """The sentence shown on the card: the first saved one that holds the word."""
    for context in word.contexts:
        if word.word in context.sentence:
            return context
    return word.contexts[0] if word.contexts else None


def _source(context: Context | None) -> str:
    if context is None:
        return ""
    return context.article or context.document or ""


def word_note(word: VocabWord, kinds: Iterable[str], annotate: Annotate | None = None) -> AnkiNote:
    """The word note for a saved word, with the cards of ``kinds``."""
    kinds = set(kinds)
    unknown = kinds - set(CARD_KINDS)
    if unknown:
        raise ValueError(f"unknown card kinds: {sorted(unknown)}")
    context = chosen_context(word)
    sentence = context.sentence if context else ""
    source = _source(context)
    values = {
        "Hanzi": escape(word.word),
        "Traditional": escape(word.traditional) if word.traditional and word.traditional != word.word else "",
        "Pinyin": pinyin_html(word.numbered),
        "Color": color_html(word.word, word.numbered),
        "Meaning": meaning_html(word.definitions),
        "Sound": "",
        "Sentence": highlighted(sentence, word.word),
        "Sentence pinyin": sentence_pinyin_html(sentence, word.word, word.numbered, annotate),
        "Source": escape(source),
        "Notes": escape(word.notes).replace("\n", "<br>"),
    }
    for kind in CARD_KINDS:
        values[CARD_FIELDS[kind]] = CARD_MARK if kind in kinds else ""
    return AnkiNote(
        kind=WORD,
        guid=guid_for(WORD_GUID_NAMESPACE, word.word, word.numbered),
        fields=tuple(values[name] for name in WORD_FIELDS),
        tags=tags_for(source),
        key=word.word,
    )


def _cloze_safe(text: str) -> str:
    """Escaped text whose braces can never be read as a cloze marker."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;")


def sentence_note(
    sentence: str,
    word: str,
    numbered: str,
    definitions: Sequence[str],
    source: str | None = None,
    annotate: Annotate | None = None,
) -> AnkiNote:
    """A cloze note for an i+1 sentence: ``word`` (its one unknown word) hidden as ``{{c1::...}}``."""
    before, found, after = sentence.partition(word)
    if not found:
        raise ValueError(f"{word!r} is not in {sentence!r}")
    values = {
        "Text": f"{_cloze_safe(before)}{{{{c1::{_cloze_safe(word)}}}}}{_cloze_safe(after)}",
        "Sentence": escape(sentence),
        "Sentence pinyin": sentence_pinyin_html(sentence, word, numbered, annotate),
        "Word": escape(word),
        "Pinyin": pinyin_html(numbered),
        "Meaning": meaning_html(definitions),
        "Source": escape(source),
        "Notes": "",
    }
    return AnkiNote(
        kind=SENTENCE,
        guid=guid_for(SENTENCE_GUID_NAMESPACE, sentence, word),
        fields=tuple(values[name] for name in SENTENCE_FIELDS),
        tags=tags_for(source),
        key=f"{word}: {sentence}",
    )
