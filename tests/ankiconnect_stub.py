"""A stand-in AnkiConnect on 127.0.0.1 (a random port), started by the tests: it keeps notes like Anki and logs every request."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubAnki:
    """Anki's side: decks, note types, notes (first field unique per note type), and the requests received."""

    def __init__(self, version: int = 6, error_detail: bool = True, key: str | None = None):
        self.version = version
        self.error_detail = error_detail
        self.key = key
        self.requests: list[dict] = []
        self.decks = ["Default"]
        self.models: dict[str, dict] = {}
        self.notes: dict[int, dict] = {}
        self.refuse: set[str] = set()  # first-field values whose notes Anki refuses (not duplicates)
        self._next_id = 1_700_000_000_000

    # -- the actions -----------------------------------------------------------------------------------

    def handle(self, payload: dict) -> dict:
        self.requests.append(payload)
        if self.key is not None and payload.get("key") != self.key:
            return {"result": None, "error": "valid api key must be provided"}
        return self._dispatch(payload.get("action"), payload.get("params", {}))

    def _dispatch(self, action: str, params: dict) -> dict:
        method = getattr(self, f"do_{action}", None)
        if method is None or (action == "canAddNotesWithErrorDetail" and not self.error_detail):
            return {"result": None, "error": "unsupported action"}
        try:
            return {"result": method(**params), "error": None}
        except Exception as error:  # Anki's errors come back as text
            return {"result": None, "error": str(error)}

    def do_version(self):
        return self.version

    def do_deckNames(self):
        return list(self.decks)

    def do_createDeck(self, deck):
        self.decks.append(deck)
        return 1

    def do_modelNames(self):
        return list(self.models)

    def do_createModel(self, modelName, inOrderFields, css="", isCloze=False, cardTemplates=()):
        self.models[modelName] = {"fields": list(inOrderFields), "isCloze": isCloze, "templates": list(cardTemplates)}
        return {"name": modelName}

    def do_modelFieldNames(self, modelName):
        return list(self.models[modelName]["fields"])

    def _problem(self, note) -> str | None:
        model = self.models.get(note["modelName"])
        if model is None:
            return f"model was not found: {note['modelName']}"
        first = note["fields"][model["fields"][0]]
        if first in self.refuse:
            return "cannot create note because it is empty"
        for existing in self.notes.values():
            if existing["modelName"] == note["modelName"] and existing["fields"][model["fields"][0]] == first:
                return "cannot create note because it is a duplicate"
        return None

    def do_canAddNotesWithErrorDetail(self, notes):
        return [{"canAdd": False, "error": p} if (p := self._problem(n)) else {"canAdd": True} for n in notes]

    def do_canAddNotes(self, notes):
        return [self._problem(n) is None for n in notes]

    def do_addNotes(self, notes):
        ids = []
        for note in notes:
            if self._problem(note):
                ids.append(None)
                continue
            self._next_id += 1
            self.notes[self._next_id] = {"modelName": note["modelName"], "deckName": note["deckName"],
                                         "fields": dict(note["fields"]), "tags": list(note["tags"])}
            ids.append(self._next_id)
        return ids

    def do_notesInfo(self, notes):
        return [{"noteId": i, "fields": self.notes[i]["fields"]} if i in self.notes else {} for i in notes]

    def do_updateNoteFields(self, note):
        if note["id"] not in self.notes:
            raise ValueError(f"note was not found: {note['id']}")
        self.notes[note["id"]]["fields"].update(note["fields"])
        return None

    def do_findNotes(self, query):
        return [i for i, n in self.notes.items() if all(part in query for part in (n["modelName"],))
                and any(f'"{name}:{value}"' in query for name, value in n["fields"].items() if value)]

    def do_multi(self, actions):
        return [self._dispatch(a["action"], a.get("params", {})) for a in actions]

    # -- helpers for the tests -------------------------------------------------------------------------

    def actions(self) -> list[str]:
        """The actions received, in order."""
        return [r["action"] for r in self.requests]


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
