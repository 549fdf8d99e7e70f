"""Anki notes built from the vocabulary: every field's HTML, escaped, plus the note's GUID and tags."""

from __future__ import annotations

import functools
import html
import operator
import re
import weakref
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
from reader.core.hanzi import HANZI

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
    media: tuple[tuple[str, bytes], ...] = ()  # (file name, bytes) the note's fields refer to: its sound

    @property
    def field_names(self) -> tuple[str, ...]:
        """The note type's field names, in order."""
        return WORD_FIELDS if self.kind == WORD else SENTENCE_FIELDS

    def field_dict(self) -> dict[str, str]:
        """Field name -> value (what AnkiConnect takes)."""
        return dict(zip(self.field_names, self.fields))

    @property
    def card_kinds(self) -> tuple[str, ...]:
        """The word note's card kinds (those whose "... card" field is set); () for a sentence note."""
        if self.kind != WORD:
            return ()
        return tuple(kind for kind, index in _CARD_FIELD_INDEXES if self.fields[index])


_CARD_FIELD_INDEXES = tuple((kind, WORD_FIELDS.index(CARD_FIELDS[kind])) for kind in CARD_KINDS)
_CARD_KIND_SET = frozenset(CARD_KINDS)
_in_word_field_order = operator.itemgetter(*WORD_FIELDS)  # field name -> value dict to the note type's tuple


def guid_for(*values: str) -> str:
    """genanki's GUID for these values (word notes: namespace, word, numbered reading)."""
    import genanki

    return genanki.guid_for(*values)


_NEEDS_ESCAPE = re.compile(r"[&<>\"'{}]")


def escape(text: str | None) -> str:
    """Text as HTML that shows exactly that text: ``<script>`` stays visible text, never markup, and braces are
    entities, so ``{{c1::x}}`` or ``{{Hanzi}}`` in a saved sentence is never read as a cloze or a template field
    (Anki refuses a note with cloze markup in a non-cloze note type, and a stray cloze would make cards of its own)."""
    if not text or _NEEDS_ESCAPE.search(text) is None:  # most fields: nothing to escape, no copies made
        return text or ""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


@functools.lru_cache(maxsize=8192)  # a few thousand syllables, each spanned once
def _syllable_span(syllable: str) -> str:
    return f'<span class="tone{tone_of(syllable)}">{escape(_marked(syllable))}</span>'


def pinyin_html(numbered: str) -> str:
    """A numbered reading as tone-marked syllables, each in its ``toneN`` colour span."""
    return " ".join(map(_syllable_span, numbered.split()))


@functools.lru_cache(maxsize=8192)  # the opening tag per tone
def _tone_span(syllable: str) -> str:
    return f'<span class="tone{tone_of(syllable)}">'


def color_html(word: str, numbered: str) -> str:
    """The word's characters coloured by tone (Chinese Support's Color field); plain when they do not pair up."""
    syllables = numbered.split()
    if len(syllables) != len(word):
        return escape(word)
    return "".join(f"{_tone_span(s)}{escape(ch)}</span>" for ch, s in zip(word, syllables))


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


# Chinese punctuation as pinyin text writes it; openers attach to what follows, the rest to what precedes.
_ASCII_PUNCTUATION = str.maketrans("。，、！？；：“”‘’（）【】「」『』～", ".,,!?;:\"\"''()[]\"\"\"\"~")  # 《》 stay
_OPENERS = set("“‘（《【「『([{<")
_SEPARATORS = set("，、：；。！？,:;.!?")


def _written(run: str) -> str:
    """A run of non-Chinese text as pinyin text writes it: as written, Chinese punctuation in its Latin form, a
    space where a full-width separator meets an opening quote or bracket (``：“`` -> ``: "``)."""
    out = []
    for index, char in enumerate(run):
        out.append(char.translate(_ASCII_PUNCTUATION))
        if char in _SEPARATORS and index + 1 < len(run) and run[index + 1] in _OPENERS:
            out.append(" ")
    return "".join(out)


def _syllables(numbered: str) -> str:
    # escaped all the same: a reading may come from a user's own dictionary file
    return escape(" ".join(_marked(s) for s in numbered.split()))


def _token_reading(token) -> str:
    """A word's pinyin; digits and letters inside it (3月, 5日, Q1) stay as written among the syllables."""
    return _word_reading(token.text, token.numbered)


@functools.lru_cache(maxsize=16384)  # the same words (的, 是, 我们) in sentence after sentence
def _word_reading(text: str, numbered: str) -> str:
    if all(HANZI.match(ch) for ch in text):
        return _syllables(numbered)
    syllables = iter(numbered.split())
    parts: list[str] = []
    written = ""
    for ch in text:
        if HANZI.match(ch):
            if written:
                parts.append(escape(written))
                written = ""
            parts.append(_syllables(next(syllables, "")))
        else:
            written += ch
    if written:
        parts.append(escape(written))
    return " ".join(part for part in parts if part)


_LAYOUTS: "weakref.WeakKeyDictionary[Annotate, dict]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class _SentenceLayout:
    """A sentence's pinyin, worked out once for every word saved from it."""

    parts: tuple[tuple[str, str, str], ...]  # (space before, markup, the hanzi word or "" for written text)
    pieces: tuple[str, ...]  # space before + markup, of each part
    where: dict[str, tuple[int, ...]]  # a hanzi word -> the parts that are it
    plain: str  # the whole pinyin, no word highlighted


def _pinyin_layout(annotate: Annotate, sentence: str) -> _SentenceLayout:
    """The sentence's pinyin layout, once per sentence and annotate (the words saved from one sentence share it)."""
    try:
        layouts = _LAYOUTS.setdefault(annotate, {})
    except TypeError:  # an annotate that cannot be weakly referenced: no sharing
        layouts = {}
    if sentence not in layouts:
        layouts[sentence] = _layout(annotate, sentence)
    return layouts[sentence]


def _layout(annotate: Annotate, sentence: str) -> _SentenceLayout:
    pieces: list[tuple[bool, str]] = []  # (is pinyin, original text); written text runs merged
    readings: list[str] = []
    for token in annotate(sentence):
        if token.is_chinese:
            pieces.append((True, token.text))
            readings.append(_token_reading(token))
        elif pieces and not pieces[-1][0]:
            pieces[-1] = (False, pieces[-1][1] + token.text)
            readings[-1] = ""
        else:
            pieces.append((False, token.text))
            readings.append("")
    parts = []
    where: dict[str, list[int]] = {}
    for index, ((is_pinyin, original), reading) in enumerate(zip(pieces, readings)):
        gap = " " if index and _spaced(pieces[index - 1], (is_pinyin, original)) else ""
        parts.append((gap, reading, original) if is_pinyin else (gap, escape(_written(original)), ""))
        if is_pinyin and original:
            where.setdefault(original, []).append(index)
    joined = tuple(gap + markup for gap, markup, _ in parts)
    return _SentenceLayout(tuple(parts), joined, {word: tuple(at) for word, at in where.items()}, "".join(joined).strip())


def sentence_pinyin_html(sentence: str, word: str, numbered: str, annotate: Annotate | None) -> str:
    """The sentence's pinyin in context: pinyin over the hanzi words only (the word's own syllables highlighted),
    punctuation and Latin text as written; "" without an annotator."""
    if annotate is None or not sentence:
        return ""
    layout = _pinyin_layout(annotate, sentence)
    positions = layout.where.get(word)
    if not positions:
        return layout.plain
    own = f'<b class="hl">{_syllables(numbered)}</b>' if numbered else None
    pieces = list(layout.pieces)
    for index in positions:
        gap, markup, _ = layout.parts[index]
        pieces[index] = gap + (own or f'<b class="hl">{markup}</b>')
    return "".join(pieces).strip()


def _spaced(before: tuple[bool, str], after: tuple[bool, str]) -> bool:
    """Whether a space goes between two pieces (is pinyin, original text): always between pinyin words; next to
    written text only where that text does not bring its own (whitespace, an opener before the pinyin, a separator
    or closer after it)."""
    if before[0] and after[0]:
        return True
    if before[0]:
        first = after[1][0]
        return not first.isspace() and (first.isalnum() or first in _OPENERS)
    last = before[1][-1]
    return not last.isspace() and last not in _OPENERS


_SPOKEN = re.compile(r"[\u2014\u2018-\u201d\u2026\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff65\U00020000-\U0003134f]")


def spoken_text(sentence: str) -> str:
    """Only the Chinese of a sentence (hanzi and Chinese punctuation), for a ``{{tts}}`` tag to read: no HTML, no
    Latin markup, no braces."""
    return "".join(_SPOKEN.findall(sentence))


def sanitise_tag(text: str) -> str:
    """Text as one Anki tag: no spaces, no quotes, no hierarchy separators, at most 60 characters."""
    tag = re.sub(r"[\s\"':]+", "_", text.strip()).strip("_")
    return tag[:60]


@functools.lru_cache(maxsize=4096)  # the few articles thousands of words come from
def tags_for(source: str | None) -> tuple[str, ...]:
    """``yuedu`` and, when the word came from an article, ``yuedu::<article>``."""
    tag = sanitise_tag(source or "")
    return (TAG, f"{TAG}::{tag}") if tag else (TAG,)


SENTENCE_RULES = ("newest", "shortest", "first")
DEFAULT_SENTENCE_RULE = "newest"


def chosen_context(word: VocabWord, rule: str = DEFAULT_SENTENCE_RULE) -> Context | None:
    """The saved sentence shown on the card: the one the learner picked for it (in the vocabulary window), else by
    ``rule``: the newest, the shortest or the first saved one (among those that hold the word, if any does)."""
    if rule not in SENTENCE_RULES:
        raise ValueError(f"unknown sentence rule {rule!r}")
    if word.card_sentence is not None:
        picked = next((c for c in word.contexts if c.sentence == word.card_sentence), None)
        if picked is not None:
            return picked
    holding = [c for c in word.contexts if word.word in c.sentence] or list(word.contexts)
    if not holding:
        return None
    if rule == "first":
        return holding[0]
    if rule == "shortest":
        return min(holding, key=lambda c: len(c.sentence))
    return holding[-1]  # saved in order: the last is the newest


def word_guid(word: str) -> str:
    """A word note's GUID: from the word alone, so a changed reading updates the same note (and keeps its reviews)."""
    return guid_for(WORD_GUID_NAMESPACE, word)


def _source(context: Context | None) -> str:
    if context is None:
        return ""
    return context.article or context.document or ""


def word_note(word: VocabWord, kinds: Iterable[str], annotate: Annotate | None = None,
              sentence_rule: str = DEFAULT_SENTENCE_RULE, guid: str | None = None) -> AnkiNote:
    """The word note for a saved word, with the cards of ``kinds`` (``guid``: one it was exported under before)."""
    kinds = set(kinds)
    unknown = kinds - _CARD_KIND_SET
    if unknown:
        raise ValueError(f"unknown card kinds: {sorted(unknown)}")
    context = chosen_context(word, sentence_rule)
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
        guid=guid or word_guid(word.word),
        fields=_in_word_field_order(values),
        tags=tags_for(source) + level_tags(word.word),
        key=word.word,
    )


_LEVELS = None


def level_tags(word: str) -> tuple[str, ...]:
    """``hsk::3`` (``hsk::7-9``) for a word of the HSK 3.0 lists, so a deck can be filtered by band."""
    global _LEVELS
    if _LEVELS is None:
        from reader.core.levels import WordLevels

        _LEVELS = WordLevels()
    label = _LEVELS.level(word).hsk_label
    return (f"hsk::{label}",) if label else ()


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
        "Text": f"{escape(before)}{{{{c1::{escape(word)}}}}}{escape(after)}",
        "Sentence": spoken_text(sentence),  # only read aloud by the back's {{tts}}: Chinese only
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


def with_sound(note: AnkiNote, word: VocabWord, annotator, rate: int | None = None) -> AnkiNote:
    """The word note with a recording of the word in its saved reading: ``[sound:yuedu-….wav]`` in its Sound field."""
    import dataclasses
    import hashlib

    from reader.core import speech

    spoken = speech.speak_word(annotator, word.word, word.numbered, rate or speech.DEFAULT_RATE)
    name = "yuedu-" + hashlib.sha1(f"{word.word}|{word.numbered}".encode("utf-8")).hexdigest()[:16] + ".wav"
    fields = list(note.fields)
    fields[WORD_FIELDS.index("Sound")] = f"[sound:{name}]"
    return dataclasses.replace(note, fields=tuple(fields), media=((name, spoken.wav_bytes()),))
