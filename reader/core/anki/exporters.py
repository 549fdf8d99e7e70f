"""Ways out to Anki: a small base class and a registry (apkg, tsv, ankiconnect), and the export run itself."""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from reader.core.anki.ankiconnect import API_VERSION, AnkiConnect, AnkiConnectError
from reader.core.anki.notes import (
    DEFAULT_SENTENCE_RULE,
    SENTENCE,
    SENTENCE_RULES,
    WORD,
    AnkiNote,
    chosen_context,
    sentence_note,
    with_sound,
    word_guid,
    word_note,
)
from reader.core.anki.notetype import (
    CARD_KINDS,
    DEFAULT_CARD_KINDS,
    DEFAULT_DECK_NAME,
    SENTENCE_FIELDS,
    SENTENCE_MODEL_ID,
    SENTENCE_MODEL_NAME,
    SENTENCE_TEMPLATES,
    WORD_FIELDS,
    WORD_MODEL_ID,
    WORD_MODEL_NAME,
    WORD_TEMPLATES,
    deck_id_for,
    render_card,
    sentence_model,
    word_model,
)
from reader.core.anki.state import ExportRecord, ExportState
from reader.core.atomic import atomic_path
from reader.core.errors import UserError
from reader.core.garbage import collection_paused
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


def parse_sentence_rule(text: str | None) -> str:
    """Which saved sentence goes on a word's card: newest (default), shortest or first."""
    rule = (text or DEFAULT_SENTENCE_RULE).strip().lower()
    if rule not in SENTENCE_RULES:
        raise UserError(f"unknown sentence choice {text!r} (use {', '.join(SENTENCE_RULES)})")
    return rule


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
    sentence_rule: str = DEFAULT_SENTENCE_RULE
    sound: bool = False  # a recording of each word (the platform's Mandarin voice) in its Sound field

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
    deck: str = DEFAULT_DECK_NAME
    path: Path | None = None
    extra_paths: list[Path] = field(default_factory=list)  # the text export's sentence file
    moved_cards: int = 0  # cards moved to the chosen deck (AnkiConnect)
    without_guid: set[str] = field(default_factory=set)  # notes a text file carried without their GUID

    def records(self) -> list[ExportRecord]:
        """The notes that reached the destination, for the export record."""
        return [ExportRecord(n.guid, n.kind, n.key, self.note_ids.get(n.guid), n.card_kinds,
                             n.guid not in self.without_guid)
                for n in (*self.added, *self.updated)]

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
            if self.extra_paths:
                line += " (sentence notes in " + ", ".join(str(p) for p in self.extra_paths) + ")"
        else:
            line = f"added {what} to Anki"
            if self.updated:
                line += f", updated {len(self.updated)}"
            if self.moved_cards:
                line += f", moved {self.moved_cards} card{'s' * (self.moved_cards != 1)} to {self.deck}"
        if self.refused:
            first, reason = self.refused[0]
            line += f"; Anki refused {len(self.refused)} ({first.key}: {reason})"
        return line


class Exporter:
    """One way out to Anki; subclasses set ``name``, ``label``, ``writes_file`` and implement ``export``."""

    name = ""
    label = ""
    writes_file = False
    carries_media = True  # sound files can travel with the notes

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


def annotate_many(annotator, sentences: Iterable[str]) -> Callable[[str], list]:
    """An annotate for these sentences, annotated in one call as lines of one text (the context reader batches a
    text's sentences: 700 long sentences take 0.5 s instead of 4 s one by one, with the same readings); any other
    text, or a batch whose tokens do not split back at the line ends, is annotated alone."""
    distinct = [s for s in dict.fromkeys(sentences) if s and "\n" not in s and "\r" not in s]
    found: dict[str, list] = {}
    if distinct:
        ends, position = [], 0
        for sentence in distinct:
            position += len(sentence)
            ends.append(position)
            position += 1
        current: list = []
        index, position = 0, 0
        for token in annotator.annotate("\n".join(distinct)):
            start, position = position, position + len(token.text)
            if index < len(ends) and position <= ends[index]:
                current.append(token)
            elif index < len(ends) and token.text == "\n" and start == ends[index]:
                found[distinct[index]] = current
                current, index = [], index + 1
            else:
                found.clear()  # a token across a line end: no batch
                break
        else:
            if index < len(distinct):
                found[distinct[index]] = current
    return lambda text: found[text] if text in found else annotator.annotate(text)


class _Annotating:
    """An annotator whose annotate is ``annotate`` (for the i+1 sentence search)."""

    def __init__(self, annotate):
        self.annotate = annotate


def collect_notes(store, annotator, options: ExportOptions, state: ExportState | None = None,
                  progress: Callable[[str], None] | None = None) -> list[AnkiNote]:
    """The notes an export sends: word notes of the chosen statuses, then the i+1 sentence notes if asked.

    A note keeps the GUID it was first exported under, and card kinds only add up: a word keeps every kind of card
    it was ever exported with (Anki never deletes a card by itself, so a kind dropped later would leave blank cards).
    """
    chosen = [word for word in store.words(options.statuses)
              if options.words is None or word.word in options.words]
    annotate = None
    saved = store.words() if options.sentences and annotator is not None else []
    if annotator is not None:
        shown = [c.sentence for c in (chosen_context(w, options.sentence_rule) for w in chosen) if c is not None]
        annotate = annotate_many(annotator, [*shown, *(c.sentence for w in saved for c in w.contexts)])
    earlier_guids = state.guids_by_key() if state is not None else {}
    earlier_kinds = state.card_kinds() if state is not None else {}
    wanted, known_kinds = set(options.card_kinds), set(CARD_KINDS)
    notes = []
    for word in chosen:
        guid = earlier_guids.get((WORD, word.word)) or word_guid(word.word)
        before = earlier_kinds.get(guid)
        kinds = wanted | (before & known_kinds) if before else wanted
        note = word_note(word, kinds, annotate, options.sentence_rule, guid)
        if options.sound and annotator is not None:
            note = with_sound(note, word, annotator)
        notes.append(note)
    if options.sentences and annotator is not None:
        from reader.core.anki.sentences import i_plus_one_sentences

        if progress:
            progress("finding i+1 sentences")
        for found in i_plus_one_sentences(saved, store.status_map(), _Annotating(annotate)):
            notes.append(sentence_note(found.sentence, found.word, found.numbered, found.definitions, found.source, annotate))
    if options.new_only and state is not None:
        exported = state.exported_guids()
        notes = [note for note in notes if note.guid not in exported]
    return notes


def run_export(exporter: Exporter, store, state: ExportState, annotator, options: ExportOptions,
               progress: Callable[[str], None] | None = None) -> ExportResult:
    """Collect the notes, export them, and record the ones the destination took."""
    if options.sound and not exporter.carries_media:
        raise UserError("an Anki text file cannot carry sound files: export an .apkg, or straight to Anki, with sound")
    # Hundreds of thousands of short-lived strings and tuples, freed as they go, none in a cycle: collection passes
    # would walk them, and the loaded dictionaries, again and again (a fifth of a 5,000-word export's time).
    with collection_paused():
        notes = collect_notes(store, annotator, options, state, progress)
        if not notes:
            raise UserError(f"nothing to export: no {options.describe_words()}")
        result = exporter.export(notes, options, state)
        records = result.records()
        if records:
            state.record(exporter.name, records)
        return result


# ------------------------------------------------------------------------------------------- .apkg


def write_package(notes: list[AnkiNote], deck_name: str, target: Path, timestamp: float) -> None:
    """Write ``notes`` as an Anki package at ``target`` (a path about to be replaced atomically).

    genanki writes the collection, the note types and the deck; the notes and their cards go in with one statement
    each, row for row what genanki's own ``Note.write_to_db`` writes (one statement a note and a card, a tag and
    HTML check a note: half the package's time). genanki's ``write_to_file`` leaves its SQLite file in the temp
    directory for good; this one is removed afterwards. ``timestamp`` is every note's modification time.
    """
    import genanki

    models = {WORD: word_model(), SENTENCE: sentence_model()}
    deck = genanki.Deck(deck_id_for(deck_name), deck_name)
    for note in notes:  # the note types in the order of their first notes, as genanki adds them
        deck.models.setdefault(models[note.kind].model_id, models[note.kind])
    ids = itertools.count(int(timestamp * 1000))  # note and card ids, a note's cards right after it, as genanki's
    modified = int(timestamp)
    note_rows, card_rows = [], []
    for note in notes:
        model = models[note.kind]
        note_id = next(ids)
        note_rows.append((note_id, note.guid, model.model_id, modified, -1, f" {' '.join(note.tags)} ",
                          "\x1f".join(note.fields), note.fields[model.sort_field_index], 0, 0, ""))
        for card_ord in _card_ords(model, note.fields):
            card_rows.append((next(ids), note_id, deck.deck_id, card_ord, modified, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""))
    with tempfile.TemporaryDirectory(prefix="yuedu-apkg-") as work:
        database = Path(work) / "collection.anki2"
        connection = sqlite3.connect(database)
        connection.execute("PRAGMA journal_mode = OFF")  # a scratch file zipped right after: no journal, no fsync
        connection.execute("PRAGMA synchronous = OFF")
        try:
            cursor = connection.cursor()
            genanki.Package(deck).write_to_db(cursor, timestamp, ids)
            # the notes' and cards' indexes built once over all the rows, not kept up row by row
            indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                     " AND tbl_name IN ('notes', 'cards') AND sql IS NOT NULL").fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
            cursor.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)
            for _, sql in indexes:
                cursor.execute(sql)
            connection.commit()
        finally:
            connection.close()
        media = dict(item for note in notes for item in note.media)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.write(database, "collection.anki2")
            for number, data in enumerate(media.values()):
                archive.writestr(str(number), data)
            archive.writestr("media", json.dumps({str(number): name for number, name in enumerate(media)}))


def _card_ords(model, fields: tuple[str, ...]) -> list[int]:
    """The cards genanki makes for a note of ``model`` (a card a template whose required fields are filled; a cloze
    note: one a cloze number)."""
    if model.model_type == model.CLOZE:
        import genanki

        return [card.ord for card in genanki.Note(model=model, fields=list(fields)).cards]
    return [card_ord for card_ord, any_or_all, required in model._req
            if (any if any_or_all == "any" else all)(fields[index] for index in required)]


@register_exporter
class ApkgExporter(Exporter):
    """An Anki package (.apkg) made with genanki, written all at once or not at all."""

    name = "apkg"
    label = "Anki package (.apkg)"
    writes_file = True

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def export(self, notes, options, state):
        timestamp = state.next_package_time(time.time())
        with atomic_path(self.path) as temporary:
            try:
                write_package(notes, options.deck, temporary, timestamp)
            except (OSError, sqlite3.Error) as error:
                reason = getattr(error, "strerror", None) or str(error)
                raise UserError(f"{self.path}: cannot write ({reason})") from None
        return ExportResult(self.name, added=list(notes), path=self.path, deck=options.deck)


# ------------------------------------------------------------------------------------------- text file


def _cell(text: str) -> str:
    """One tab-separated cell as Anki's importer reads it (quoted only when it holds a tab or starts with a quote or #)."""
    text = text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")
    if "\t" in text or text.startswith(('"', "#")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _plain_card(note: AnkiNote) -> tuple[str, str]:
    """Front and back of a Basic card for the note: what a text file gives an Anki without Yuedu's note types."""
    values = note.field_dict()
    if note.kind == WORD:
        kind = next(iter(note.card_kinds), "recognition")
        front, back = render_card(WORD_TEMPLATES, CARD_KINDS.index(kind), values)
    else:
        front, back = render_card(SENTENCE_TEMPLATES, 0, values)
    return _flat(front), _flat(back)


def _flat(side: str) -> str:
    """A rendered card side as one field: no card-kind marker, no template line breaks."""
    side = re.sub(r'<div class="card-kind [a-z]+" data-card="[^"]*"></div>', "", side)
    return "".join(line.strip() for line in side.splitlines())


def sentence_file_path(path: Path) -> Path:
    """Where a text export puts its sentence (cloze) notes: beside the word file (one note type per text file)."""
    return path.with_name(f"{path.stem}-sentences{path.suffix or '.txt'}")


@register_exporter
class TextFileExporter(Exporter):
    """Anki's text import format: tab-separated, with header lines for the note type, deck, tags and GUIDs.

    A text file cannot bring a note type, so what it carries depends on whether Yuedu's note type has gone to Anki
    before (an .apkg or AnkiConnect export, in the export record):
    - Not yet: the file names Yuedu's note type and also carries "Front" and "Back" columns, and no GUID. In an Anki
      without Yuedu's note types, File > Import falls back to Basic and fills those (complete cards); where they
      exist it matches the columns by name and updates the note with the same first field. A Basic note holding
      Yuedu's GUID would make Anki refuse the later .apkg as "conflicting", hence no GUID.
    - Once it has: every row names Yuedu's note type and carries the note's GUID, so a word the file adds is the
      same note a later .apkg or AnkiConnect export updates (not a second one). A row of a note that went out
      before without its GUID leaves the GUID empty, and Anki matches it by its first field. An Anki without
      Yuedu's note types imports none of these rows ("missing note type") rather than Basic notes holding
      Yuedu's GUIDs.
    One note type per file, so sentence notes go to a second file beside the first.
    """

    name = "tsv"
    label = "Anki text file (.txt)"
    writes_file = True
    carries_media = False

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    @staticmethod
    def guid_cells(notes: list[AnkiNote], kind: str, state: ExportState | None) -> dict[str, str] | None:
        """What the GUID column holds for each note of ``kind`` (by its GUID; "" to match by first field), or None
        for a file without GUIDs (Yuedu's note type for ``kind`` has not gone to Anki yet)."""
        if state is None or kind not in state.kinds_sent_to((ApkgExporter.name, AnkiConnectExporter.name)):
            return None
        sent_without = state.guids_sent_without_guid()
        return {note.guid: "" if note.guid in sent_without else note.guid for note in notes if note.kind == kind}

    def text(self, notes: list[AnkiNote], options: ExportOptions, kind: str = WORD,
             guids: dict[str, str] | None = None) -> str:
        """The whole file for the notes of ``kind``; with ``guids`` (see :meth:`guid_cells`), rows with GUIDs."""
        names, model = (WORD_FIELDS, WORD_MODEL_NAME) if kind == WORD else (SENTENCE_FIELDS, SENTENCE_MODEL_NAME)
        if guids is not None:
            lines = ["#separator:tab", "#html:true", f"#deck:{options.deck}", "#notetype column:1", "#guid column:2",
                     "#tags column:3"]
            lines += ["\t".join(_cell(cell) for cell in (model, guids[note.guid], " ".join(note.tags), *note.fields))
                      for note in notes if note.kind == kind]
            return "\n".join(lines) + "\n"
        lines = [
            "#separator:tab",
            "#html:true",
            f"#notetype:{model}",
            f"#deck:{options.deck}",
            "#columns:" + "\t".join((*names, "Front", "Back", "Tags")),
            f"#tags column:{len(names) + 3}",
        ]
        for note in notes:
            if note.kind != kind:
                continue
            row = [*note.fields, *_plain_card(note), " ".join(note.tags)]
            lines.append("\t".join(_cell(cell) for cell in row))
        return "\n".join(lines) + "\n"

    def export(self, notes, options, state):
        result = ExportResult(self.name, added=list(notes), path=self.path, deck=options.deck)
        files = []
        for kind in (WORD, SENTENCE):
            if kind == SENTENCE and not any(note.kind == SENTENCE for note in notes):
                continue
            guids = self.guid_cells(notes, kind, state)
            result.without_guid.update(note.guid for note in notes if note.kind == kind
                                       and (guids is None or not guids[note.guid]))
            path = self.path if kind == WORD else sentence_file_path(self.path)
            files.append((path, self.text(notes, options, kind, guids)))
            if kind == SENTENCE:
                result.extra_paths.append(path)
        for path, text in files:
            with atomic_path(path) as temporary:
                try:
                    temporary.write_text(text, encoding="utf-8")
                except OSError as error:
                    raise UserError(f"{path}: cannot write ({error.strerror})") from None
        return result


# ------------------------------------------------------------------------------------------- AnkiConnect

_MODEL_IDS = {WORD: WORD_MODEL_ID, SENTENCE: SENTENCE_MODEL_ID}
_FIRST_FIELD = {WORD: WORD_FIELDS[0], SENTENCE: SENTENCE_FIELDS[0]}


def _search_value(text: str) -> str:
    """Text as an exact value inside an Anki search in double quotes."""
    for special in ("\\", '"', "*", "_"):
        text = text.replace(special, "\\" + special)
    return text


@register_exporter
class AnkiConnectExporter(Exporter):
    """Straight into a running Anki on this computer, the same notes as the .apkg (same GUIDs, same note types).

    Notes Anki already has (found by note type and first field, whatever their GUID) are updated in place with
    ``updateNoteFields`` (cards and reviews kept; Anki adds the cards of newly chosen kinds). The others go in as
    a package through ``importPackage``, so they get Yuedu's GUIDs and note type ids. Then every card of the
    exported notes that is not in the chosen deck is moved there (``changeDeck``).
    """

    name = "ankiconnect"
    label = "Anki (AnkiConnect)"

    def __init__(self, url: str | None = None, key: str | None = None, client: AnkiConnect | None = None):
        self.client = client or AnkiConnect(url or None, key)

    def existing_notes(self, kinds: set[str]) -> dict[tuple[str, str], int]:
        """(kind, first field) -> note id, for the notes of Yuedu's note types Anki has: those with Yuedu's ids,
        then those of a note type with Yuedu's name but another id (made by an older Yuedu's AnkiConnect export,
        before the ids were fixed), so their words are updated in place instead of doubled."""
        client = self.client
        found: dict[tuple[str, str], int] = {}
        for kind in sorted(kinds):
            name = WORD_MODEL_NAME if kind == WORD else SENTENCE_MODEL_NAME
            for query in (f"mid:{_MODEL_IDS[kind]}", f'"note:{_search_value(name)}" -mid:{_MODEL_IDS[kind]}'):
                ids = client.request_list("findNotes", query=query)
                if not ids:
                    continue
                for info in client.request_list("notesInfo", notes=ids):
                    first = _first_field_value(info, _FIRST_FIELD[kind])
                    if first is not None:
                        found.setdefault((kind, first), info["noteId"])
        return found

    def export(self, notes, options, state):
        client = self.client
        client.check_version()
        kinds = {note.kind for note in notes}
        result = ExportResult(self.name, deck=options.deck)
        before = self.existing_notes(kinds)
        to_update = [(note, before[(note.kind, note.fields[0])]) for note in notes if (note.kind, note.fields[0]) in before]
        to_add = [note for note in notes if (note.kind, note.fields[0]) not in before]
        media = [item for note, _ in to_update for item in note.media]
        if media:  # an updated note's new sound: Anki's media folder gets it before the field names it
            client.request_list("multi", actions=[
                {"action": "storeMediaFile", "version": API_VERSION,
                 "params": {"filename": name, "data": base64.b64encode(data).decode("ascii")}}
                for name, data in media])
        if to_update:
            actions = [
                {"action": "updateNoteFields", "version": API_VERSION,
                 "params": {"note": {"id": note_id, "fields": note.field_dict()}}}
                for note, note_id in to_update
            ]
            answers = client.request_list("multi", actions=actions)
            if len(answers) != len(actions):
                raise AnkiConnectError(f"AnkiConnect answered {len(answers)} of {len(actions)} updates; is it AnkiConnect?")
            for (note, note_id), answer in zip(to_update, answers):
                error = answer.get("error") if isinstance(answer, dict) else "no answer"
                if error:
                    result.refused.append((note, str(error)[:200]))
                else:
                    result.updated.append(note)
                    result.note_ids[note.guid] = note_id
            tags = [{"action": "addTags", "version": API_VERSION,
                     "params": {"notes": [note_id], "tags": " ".join(note.tags)}}
                    for note, note_id in to_update if note.guid in result.note_ids]
            if tags:
                client.request_list("multi", actions=tags)
        if to_add:
            self._import(to_add, options, state)
            after = self.existing_notes({note.kind for note in to_add})
            for note in to_add:
                note_id = after.get((note.kind, note.fields[0]))
                if note_id is None:
                    result.refused.append((note, "Anki kept another note with this GUID (of another note type)"))
                else:
                    result.added.append(note)
                    result.note_ids[note.guid] = note_id
        if result.note_ids:
            result.moved_cards = self._move_cards(sorted(set(result.note_ids.values())), options.deck)
        return result

    def _import(self, notes: list[AnkiNote], options: ExportOptions, state: ExportState) -> None:
        """Hand Anki a package of ``notes`` (written to a temporary file it can read, removed afterwards)."""
        timestamp = state.next_package_time(time.time())
        with tempfile.TemporaryDirectory(prefix="yuedu-anki-") as work:
            os.chmod(work, 0o755)  # Anki may run as another user of this computer
            package = Path(work) / "yuedu.apkg"
            write_package(notes, options.deck, package, timestamp)
            os.chmod(package, 0o644)
            self.client.request("importPackage", path=str(package))

    def _move_cards(self, note_ids: list[int], deck: str) -> int:
        """Move the cards of these notes that are outside ``deck`` into it; how many moved."""
        query = f'nid:{",".join(map(str, note_ids))} -"deck:{_search_value(deck)}"'
        cards = self.client.request_list("findCards", query=query)
        if cards:
            self.client.request("changeDeck", cards=cards, deck=deck)
        return len(cards)


def _first_field_value(info, name: str) -> str | None:
    """The value of field ``name`` in one notesInfo entry; None when the entry is not shaped like one."""
    if not isinstance(info, dict) or not isinstance(info.get("noteId"), int):
        return None
    fields = info.get("fields")
    entry = fields.get(name) if isinstance(fields, dict) else None
    value = entry.get("value") if isinstance(entry, dict) else None
    return value if isinstance(value, str) else None
