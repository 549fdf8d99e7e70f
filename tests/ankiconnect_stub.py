"""AnkiConnect on 127.0.0.1 for the tests, without the Anki window: the add-on's actions that Yuedu uses, done the
way the add-on's source (../shared/vendor/anki-connect/plugin) does them, on a collection of the official Anki
library. It logs every request; ``reply`` replaces the answers to show failures a real Anki cannot be made to give.
The real add-on in a real Anki runs the same sequences in tests/test_ankiconnect_real.py."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from anki.collection import Collection
from anki.errors import NotFoundError
from anki.importing import AnkiPackageImporter


class StubAnki:
    """Anki's side: a collection in ``directory`` and the requests received."""

    def __init__(self, directory: Path, version: int = 6, key: str | None = None):
        directory.mkdir(parents=True, exist_ok=True)
        self.col = Collection(str(directory / "collection.anki2"))
        self.version = version
        self.key = key
        self.requests: list[dict] = []
        self.reply = None  # action -> a raw answer dict to send instead
        self._lock = threading.Lock()

    def handle(self, payload: dict) -> dict:
        with self._lock:
            self.requests.append(payload)
            if self.key is not None and payload.get("key") != self.key:
                return {"result": None, "error": "valid api key must be provided"}
            if self.reply is not None and payload.get("action") in self.reply:
                return self.reply[payload["action"]]
            return self._dispatch(payload.get("action"), payload.get("params", {}))

    def _dispatch(self, action: str, params: dict) -> dict:
        method = getattr(self, f"do_{action}", None)
        if method is None:
            return {"result": None, "error": "unsupported action"}
        try:
            return {"result": method(**params), "error": None}
        except Exception as error:  # the add-on sends Anki's errors back as text
            return {"result": None, "error": str(error)}

    def do_version(self):
        return self.version

    def do_findNotes(self, query):
        return list(self.col.find_notes(query))

    def do_findCards(self, query):
        return list(self.col.find_cards(query))

    def do_notesInfo(self, notes):
        result = []
        for note_id in notes:
            try:
                note = self.col.get_note(note_id)
            except NotFoundError:
                result.append({})
                continue
            model = note.note_type()
            result.append({
                "noteId": note.id,
                "tags": note.tags,
                "fields": {f["name"]: {"value": note.fields[f["ord"]], "order": f["ord"]} for f in model["flds"]},
                "modelName": model["name"],
                "mod": note.mod,
                "cards": [c.id for c in note.cards()],
            })
        return result

    def do_updateNoteFields(self, note):
        anki_note = self.col.get_note(note["id"])
        for name, value in note["fields"].items():
            if name in anki_note:
                anki_note[name] = value
        self.col.update_note(anki_note, skip_undo_entry=True)

    def do_addTags(self, notes, tags):
        self.col.tags.bulk_add(notes, tags)

    def do_importPackage(self, path):
        AnkiPackageImporter(self.col, path).run()
        return True

    def do_changeDeck(self, cards, deck):
        self.col.set_deck(cards, self.col.decks.id(deck))

    def do_deleteNotes(self, notes):
        self.col.remove_notes(notes)

    def do_multi(self, actions):
        # as the add-on: each action answers in its own API version (4 when it names none: the bare result)
        answers = []
        for action in actions:
            answer = self._dispatch(action["action"], action.get("params", {}))
            answers.append(answer["result"] if action.get("version", 4) <= 4 and answer["error"] is None else answer)
        return answers

    # -- helpers for the tests -------------------------------------------------------------------------

    def actions(self) -> list[str]:
        """The actions received, in order."""
        return [r["action"] for r in self.requests]

    def words(self) -> dict[str, dict]:
        """Yuedu word notes by Hanzi: guid, fields, tags, the decks of their cards."""
        seen = {}
        for note_id in self.col.find_notes('"note:Yuedu word"'):
            note = self.col.get_note(note_id)
            cards = sorted(note.cards(), key=lambda c: c.ord)
            assert note["Hanzi"] not in seen, f"two notes for {note['Hanzi']}"
            seen[note["Hanzi"]] = {"id": note.id, "guid": note.guid, "fields": dict(note.items()), "tags": note.tags,
                                   "decks": [self.col.decks.name(c.did) for c in cards], "mid": note.mid,
                                   "reps": [c.reps for c in cards]}
        return seen


class StubServer:
    """An HTTP server for a StubAnki on a free loopback port, in a thread; use as a context manager."""

    def __init__(self, anki: StubAnki):
        self.anki = anki
        anki_ref = anki

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length).decode("utf-8"))
                body = json.dumps(anki_ref.handle(payload)).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "StubServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
        self.anki.col.close()
