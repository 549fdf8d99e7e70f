"""Ways out to Anki: a small base class and a registry (apkg, tsv, ankiconnect), and the export run itself."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from reader.core.anki.ankiconnect import AnkiConnect, AnkiConnectError, UnsupportedAction
from reader.core.anki.notes import SENTENCE, WORD, AnkiNote, cached, sentence_note, word_note
from reader.core.anki.notetype import (
    CARD_KINDS,
    DEFAULT_CARD_KINDS,
    DEFAULT_DECK_NAME,
    SENTENCE_FIELDS,
    SENTENCE_MODEL_NAME,
    SENTENCE_TEMPLATES,
    WORD_FIELDS,
    WORD_MODEL_NAME,
    WORD_TEMPLATES,
    card_css,
    deck_id_for,
    sentence_model,
    word_model,
)
from reader.core.anki.state import ExportRecord, ExportState
from reader.core.atomic import atomic_path
from reader.core.errors import UserError
from reader.core.models import Status

DEFAULT_STATUSES = frozenset({Status.NEW, Status.LEARNING_2, Status.LEARNING_3, Status.LEARNING_4})
STATUS_GROUPS = {
    "new": {Status.NEW},
    "learning": {Status.LEARNING_2, Status.LEARNING_3, Status.LEARNING_4},
    "known": {Status.KNOWN},
    "ignored": {Status.IGNORED},
    **{str(int(s)): {s} for s in Status if int(s) <= 5},
}


def parse_statuses(names: Iterable[str]) -> frozenset[Status]:
    """Statuses from their names (new, learning, known, ignored, 1-5); learning means 2, 3 and 4."""
    statuses: set[Status] = set()
    for name in names:
        for part in name.split(","):
            key = part.strip().lower()
            if key not in STATUS_GROUPS:
                raise UserError(f"unknown status {part!r} (use new, learning, known, ignored or 1-5)")
            statuses |= STATUS_GROUPS[key]
    return frozenset(statuses)


def parse_card_kinds(text: str) -> tuple[str, ...]:
    """Card kinds from ``recognition,production,listening`` (in that order, each once)."""
    wanted = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = wanted - set(CARD_KINDS)
    if unknown:
        raise UserError(f"unknown card kind {sorted(unknown)[0]!r} (use {', '.join(CARD_KINDS)})")
    if not wanted:
        raise UserError(f"choose at least one card kind ({', '.join(CARD_KINDS)})")
    return tuple(kind for kind in CARD_KINDS if kind in wanted)


def clean_deck_name(name: str | None) -> str:
    """The deck name to use: Yuedu's own when none is given; UserError when empty or holding a control character."""
    if name is None:
        return DEFAULT_DECK_NAME
    name = name.strip()
    if not name or any(ord(ch) < 32 for ch in name):
        raise UserError(f"{name!r} is not a deck name" if name else "the deck name is empty")
    return name


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how: deck, which words, which cards, i+1 sentence cards."""

    deck: str = DEFAULT_DECK_NAME
    statuses: frozenset[Status] = DEFAULT_STATUSES
    new_only: bool = False
    card_kinds: tuple[str, ...] = DEFAULT_CARD_KINDS
    sentences: bool = False
    words: frozenset[str] | None = None  # only these words (a prestudy list); None: every word of the statuses

    def describe_words(self) -> str:
        """The chosen words in a few words (for messages)."""
        names = [name for name in ("new", "learning", "known", "ignored") if STATUS_GROUPS[name] <= self.statuses]
        text = " or ".join(names) or "chosen"
        return f"{text} words" + (" not exported before" if self.new_only else "")


@dataclass
class ExportResult:
    """What an exporter did: notes added, notes updated, notes refused (with Anki's reason)."""

    destination: str
    added: list[AnkiNote] = field(default_factory=list)
    updated: list[AnkiNote] = field(default_factory=list)
    refused: list[tuple[AnkiNote, str]] = field(default_factory=list)
    note_ids: dict[str, int] = field(default_factory=dict)  # guid -> Anki note id (AnkiConnect)
    path: Path | None = None

    def records(self) -> list[ExportRecord]:
        """The notes that reached the destination, for the export record."""
        return [ExportRecord(n.guid, n.kind, n.key, self.note_ids.get(n.guid)) for n in (*self.added, *self.updated)]

    def summary(self) -> str:
        """One line for the user."""
        def count(notes, kind):
            return sum(1 for n in notes if n.kind == kind)

        words, sentences = count(self.added, WORD), count(self.added, SENTENCE)
        what = f"{words} word note{'s' * (words != 1)}"
        if sentences:
            what += f" and {sentences} sentence note{'s' * (sentences != 1)}"
        if self.path is not None:
            line = f"wrote {what} to {self.path}"
        else:
            line = f"added {what} to Anki"
            if self.updated:
                line += f", updated {len(self.updated)}"
        if self.refused:
            first, reason = self.refused[0]
            line += f"; Anki refused {len(self.refused)} ({first.key}: {reason})"
        return line


class Exporter:
    """One way out to Anki; subclasses set ``name``, ``label``, ``writes_file`` and implement ``export``."""

    name = ""
    label = ""
    writes_file = False

    def export(self, notes: list[AnkiNote], options: ExportOptions, state: ExportState) -> ExportResult:
        """Send ``notes`` out; return what reached the destination."""
        raise NotImplementedError


EXPORTERS: dict[str, type[Exporter]] = {}


def register_exporter(cls: type[Exporter]) -> type[Exporter]:
    """Class decorator: make an exporter available under its ``name``."""
    EXPORTERS[cls.name] = cls
    return cls


def exporter_class(name: str) -> type[Exporter]:
    """The exporter registered as ``name``."""
    try:
        return EXPORTERS[name]
    except KeyError:
        raise UserError(f"unknown export destination {name!r} (use {', '.join(EXPORTERS)})") from None


# ------------------------------------------------------------------------------------------- notes to export


def collect_notes(store, annotator, options: ExportOptions, state: ExportState | None = None,
                  progress: Callable[[str], None] | None = None) -> list[AnkiNote]:
    """The notes an export sends: word notes of the chosen statuses, then the i+1 sentence notes if asked."""
    annotate = cached(annotator.annotate if annotator is not None else None)
    chosen = [word for word in store.words(options.statuses) if options.words is None or word.word in options.words]
    notes = [word_note(word, options.card_kinds, annotate) for word in chosen]
    if options.sentences and annotator is not None:
        from reader.core.anki.sentences import i_plus_one_sentences

        if progress:
            progress("finding i+1 sentences")
        for found in i_plus_one_sentences(store.words(), store.status_map(), annotator):
            notes.append(sentence_note(found.sentence, found.word, found.numbered, found.definitions, found.source, annotate))
    if options.new_only and state is not None:
        exported = state.exported_guids()
        notes = [note for note in notes if note.guid not in exported]
    return notes


def run_export(exporter: Exporter, store, state: ExportState, annotator, options: ExportOptions,
               progress: Callable[[str], None] | None = None) -> ExportResult:
    """Collect the notes, export them, and record the ones the destination took."""
    notes = collect_notes(store, annotator, options, state, progress)
    if not notes:
        raise UserError(f"nothing to export: no {options.describe_words()}")
    result = exporter.export(notes, options, state)
    records = result.records()
    if records:
        state.record(exporter.name, records)
    return result


# ------------------------------------------------------------------------------------------- .apkg


@register_exporter
class ApkgExporter(Exporter):
    """An Anki package (.apkg) made with genanki, written all at once or not at all."""

    name = "apkg"
    label = "Anki package (.apkg)"
    writes_file = True

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def export(self, notes, options, state):
        import genanki

        models = {WORD: word_model(), SENTENCE: sentence_model()}
        deck = genanki.Deck(deck_id_for(options.deck), options.deck)
        for note in notes:
            deck.add_note(genanki.Note(model=models[note.kind], fields=list(note.fields), guid=note.guid, tags=list(note.tags)))
        with atomic_path(self.path) as temporary:
            try:
                genanki.Package(deck).write_to_file(str(temporary))
            except OSError as error:
                raise UserError(f"{self.path}: cannot write ({error.strerror})") from None
        return ExportResult(self.name, added=list(notes), path=self.path)


# ------------------------------------------------------------------------------------------- text file


def _cell(text: str) -> str:
    """One tab-separated cell as Anki's importer reads it (quoted only when it holds a tab or starts with a quote or #)."""
    text = text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")
    if "\t" in text or text.startswith(('"', "#")):
        return '"' + text.replace('"', '""') + '"'
    return text


@register_exporter
class TextFileExporter(Exporter):
    """Anki's text import format: tab-separated, with the header lines that set note type, deck, tags and GUID."""

    name = "tsv"
    label = "Anki text file (.txt)"
    writes_file = True

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def text(self, notes: list[AnkiNote], options: ExportOptions) -> str:
        """The whole file."""
        mixed = any(note.kind == SENTENCE for note in notes)
        width = len(WORD_FIELDS)
        lines = ["#separator:tab", "#html:true"]
        if mixed:
            lines += ["#notetype column:1", f"#deck:{options.deck}", f"#tags column:{width + 2}", f"#guid column:{width + 3}"]
        else:
            lines += [
                f"#notetype:{WORD_MODEL_NAME}",
                f"#deck:{options.deck}",
                "#columns:" + "\t".join((*WORD_FIELDS, "Tags", "GUID")),
                f"#tags column:{width + 1}",
                f"#guid column:{width + 2}",
            ]
        for note in notes:
            cells = list(note.fields) + [""] * (width - len(note.fields))
            row = [*cells, " ".join(note.tags), note.guid]
            if mixed:
                row.insert(0, WORD_MODEL_NAME if note.kind == WORD else SENTENCE_MODEL_NAME)
            lines.append("\t".join(_cell(cell) for cell in row))
        return "\n".join(lines) + "\n"

    def export(self, notes, options, state):
        text = self.text(notes, options)
        with atomic_path(self.path) as temporary:
            try:
                temporary.write_text(text, encoding="utf-8")
            except OSError as error:
                raise UserError(f"{self.path}: cannot write ({error.strerror})") from None
        return ExportResult(self.name, added=list(notes), path=self.path)


# ------------------------------------------------------------------------------------------- AnkiConnect

_MODELS = {
    WORD: (WORD_MODEL_NAME, WORD_FIELDS, WORD_TEMPLATES, False),
    SENTENCE: (SENTENCE_MODEL_NAME, SENTENCE_FIELDS, SENTENCE_TEMPLATES, True),
}
_DUPLICATE_FIELD = {WORD: "Hanzi", SENTENCE: "Sentence"}


def _search_value(text: str) -> str:
    """Text as an exact value inside an Anki search in double quotes."""
    for special in ("\\", '"', "*", "_"):
        text = text.replace(special, "\\" + special)
    return text


@register_exporter
class AnkiConnectExporter(Exporter):
    """Straight into a running Anki: deck and note types created if missing, never a duplicate, earlier notes updated."""

    name = "ankiconnect"
    label = "Anki (AnkiConnect)"

    def __init__(self, url: str | None = None, key: str | None = None, client: AnkiConnect | None = None):
        self.client = client or AnkiConnect(url or None, key)

    def prepare(self, options: ExportOptions, kinds: set[str]) -> None:
        """Check the version; create the deck and the note types Anki lacks; refuse a note type with other fields."""
        client = self.client
        client.check_version()
        if options.deck not in client.request("deckNames"):
            client.request("createDeck", deck=options.deck)
        existing = set(client.request("modelNames"))
        for kind in sorted(kinds):
            name, fields, templates, is_cloze = _MODELS[kind]
            if name not in existing:
                client.request(
                    "createModel",
                    modelName=name,
                    inOrderFields=list(fields),
                    css=card_css(),
                    isCloze=is_cloze,
                    cardTemplates=[{"Name": t["name"], "Front": t["qfmt"], "Back": t["afmt"]} for t in templates],
                )
            else:
                have = client.request("modelFieldNames", modelName=name)
                missing = [f for f in fields if f not in have]
                if missing:
                    raise AnkiConnectError(
                        f"Anki's note type {name!r} lacks the fields {', '.join(missing)}; rename that note type in Anki and export again"
                    )

    def export(self, notes, options, state):
        client = self.client
        self.prepare(options, {note.kind for note in notes})
        result = ExportResult(self.name)
        known_ids = state.note_ids(self.name)
        to_update = [(note, known_ids[note.guid]) for note in notes if note.guid in known_ids]
        if to_update:
            infos = client.request("notesInfo", notes=[note_id for _, note_id in to_update])
            alive = {info.get("noteId") for info in infos if isinstance(info, dict) and info.get("noteId")}
            vanished = [note for note, note_id in to_update if note_id not in alive]
            if vanished:
                state.forget(self.name, [note.guid for note in vanished])
            to_update = [(note, note_id) for note, note_id in to_update if note_id in alive]
        updating = {note.guid for note, _ in to_update}
        to_add = [note for note in notes if note.guid not in updating]
        if to_add:
            payload = [self._anki_note(note, options) for note in to_add]
            verdicts = self._can_add(payload)
            addable = []
            for note, item, (ok, reason) in zip(to_add, payload, verdicts):
                if ok:
                    addable.append((note, item))
                elif "duplicate" in reason:
                    note_id = self._existing_note(note)
                    if note_id is not None:
                        to_update.append((note, note_id))
                    else:
                        result.refused.append((note, reason))
                else:
                    result.refused.append((note, reason))
            if addable:
                ids = client.request("addNotes", notes=[item for _, item in addable])
                for (note, _), note_id in zip(addable, ids):
                    if note_id:
                        result.added.append(note)
                        result.note_ids[note.guid] = int(note_id)
                    else:
                        result.refused.append((note, "Anki did not add it"))
        if to_update:
            actions = [
                {"action": "updateNoteFields", "params": {"note": {"id": note_id, "fields": note.field_dict()}}}
                for note, note_id in to_update
            ]
            answers = client.request("multi", actions=actions)
            for (note, note_id), answer in zip(to_update, answers):
                error = answer.get("error") if isinstance(answer, dict) else None
                if error:
                    result.refused.append((note, str(error)))
                else:
                    result.updated.append(note)
                    result.note_ids[note.guid] = note_id
        return result

    def _anki_note(self, note: AnkiNote, options: ExportOptions) -> dict:
        return {
            "deckName": options.deck,
            "modelName": _MODELS[note.kind][0],
            "fields": note.field_dict(),
            "tags": list(note.tags),
            "options": {"allowDuplicate": False},
        }

    def _can_add(self, payload: list[dict]) -> list[tuple[bool, str]]:
        """For each note: whether Anki would take it, and why not (canAddNotes on AnkiConnect without details)."""
        try:
            answers = self.client.request("canAddNotesWithErrorDetail", notes=payload)
            return [(bool(a.get("canAdd")), str(a.get("error") or "")) for a in answers]
        except UnsupportedAction:
            answers = self.client.request("canAddNotes", notes=payload)
            return [(bool(ok), "" if ok else "a duplicate, or empty") for ok in answers]

    def _existing_note(self, note: AnkiNote) -> int | None:
        """The id of the one note of ours in Anki with this note's first field (an earlier .apkg import), if any."""
        name = _MODELS[note.kind][0]
        value = note.field_dict()[_DUPLICATE_FIELD[note.kind]]
        query = f'"note:{_search_value(name)}" "{_DUPLICATE_FIELD[note.kind]}:{_search_value(value)}"'
        found = self.client.request("findNotes", query=query)
        return int(found[0]) if len(found) == 1 else None
