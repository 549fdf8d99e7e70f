"""A fresh collection of the official Anki library, imported into the way File > Import does, and Anki's own checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageRequest, ImportCsvRequest
from anki.notes_pb2 import NoteFieldsCheckResponse

LOG_KINDS = ("new", "updated", "duplicate", "conflicting", "first_field_match", "missing_notetype", "missing_deck",
             "empty_first_field")


@dataclass
class AnkiNoteSeen:
    """One note as Anki holds it."""

    notetype: str
    guid: str
    fields: dict[str, str]
    tags: list[str]
    decks: list[str]  # the deck of each card, in card order
    cards: list[int]  # card ords


class AnkiCollection:
    """A new, empty collection in ``directory``."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.col = Collection(str(directory / "collection.anki2"))

    def close(self) -> None:
        self.col.close()

    def import_package(self, path) -> dict[str, int]:
        """File > Import of an .apkg with the import screen's defaults; counts of the import log."""
        options = self.col._backend.get_import_anki_package_presets()
        log = self.col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log
        return {kind: len(getattr(log, kind)) for kind in LOG_KINDS if len(getattr(log, kind))}

    def import_text(self, path) -> dict[str, int]:
        """File > Import of a text file: the metadata Anki reads from its header lines, unchanged."""
        metadata = self.col.get_csv_metadata(str(path), None)
        log = self.col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log
        return {kind: len(getattr(log, kind)) for kind in LOG_KINDS if len(getattr(log, kind))}

    def notes(self, notetype: str | None = None) -> dict[str, AnkiNoteSeen]:
        """Every note (of ``notetype``) by its first field; no two may share one."""
        seen = {}
        for note_id in self.col.find_notes(""):
            note = self.col.get_note(note_id)
            if notetype is not None and note.note_type()["name"] != notetype:
                continue
            cards = sorted(note.cards(), key=lambda c: c.ord)
            first = note.fields[0]
            assert first not in seen, f"two notes with first field {first!r}"
            seen[first] = AnkiNoteSeen(note.note_type()["name"], note.guid, dict(note.items()), list(note.tags),
                                       [self.col.decks.name(c.did) for c in cards], [c.ord for c in cards])
        return seen

    def note_type_ids(self) -> dict[str, int]:
        """Note type name -> id."""
        return {entry.name: entry.id for entry in self.col.models.all_names_and_ids()}

    def check(self) -> None:
        """Anki's own checks: every note passes the note check, every card renders a front and a back, Check
        Database finds nothing, Empty Cards finds nothing."""
        for note_id in self.col.find_notes(""):
            note = self.col.get_note(note_id)
            state = note.fields_check()
            assert state == NoteFieldsCheckResponse.NORMAL, (note.fields[0], NoteFieldsCheckResponse.State.Name(state))
            for card in note.cards():
                question, answer = card.question(), card.answer()
                assert "blank" not in question.lower() and question.strip(), (note.fields[0], card.ord, question)
                assert answer.strip(), (note.fields[0], card.ord)
        problems, ok = self.col.fix_integrity()
        assert ok, problems
        report = self.col.get_empty_cards()
        assert not report.notes, report.report

    def count(self) -> tuple[int, int]:
        """(notes, cards) in the collection."""
        return self.col.note_count(), self.col.card_count()

    def card_text(self, first_field: str, ord_: int = 0) -> tuple[str, str]:
        """The rendered question and answer HTML of one card."""
        [note_id] = [n for n in self.col.find_notes("") if self.col.get_note(n).fields[0] == first_field]
        card = next(c for c in self.col.get_note(note_id).cards() if c.ord == ord_)
        return card.question(), card.answer()
