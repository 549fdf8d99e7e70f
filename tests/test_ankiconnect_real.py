"""The real thing: Anki desktop (aqt from PyPI) with the real AnkiConnect add-on (../shared/vendor/anki-connect, copied
into tests/ as it is not ours to change) on a virtual screen, and Yuedu's export sequences against it.

It needs Anki's own Python (3.12+, with aqt) in YUEDU_ANKI_PYTHON and Xvfb; ``.ci/run`` provides both. Without them
the test is skipped on a developer's machine, and fails under CI=true (it must never be silently skipped there).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from reader.core.anki.notetype import SENTENCE_MODEL_ID, WORD_MODEL_ID
from reader.core.models import Context, Status
from reader.core.vocabulary import VocabularyStore

ADDON = Path(__file__).resolve().parent / "ankiconnect_addon"
ADDON_ID = "2055492159"

PROFILE_SETUP = """
import sys
from aqt.profiles import ProfileManager, VideoDriver
manager = ProfileManager(ProfileManager.get_created_base_folder(sys.argv[1]))
manager.setupMeta()
manager.create("test")
manager.setLang("en_US")
manager.set_video_driver(VideoDriver.Software)
manager.db.close()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"the real-Anki test cannot run under CI: {reason}")
    pytest.skip(reason)


def call(url: str, action: str, **params):
    body = json.dumps({"action": action, "version": 6, "params": params}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, body), timeout=120) as response:
        answer = json.loads(response.read())
    assert answer["error"] is None, (action, answer["error"])
    return answer["result"]


@pytest.fixture(scope="module")
def real_anki(tmp_path_factory):
    """A running Anki with AnkiConnect on a free port: its URL. Stopped (guiExitAnki, then by PID) afterwards."""
    python = os.environ.get("YUEDU_ANKI_PYTHON")
    if not python or not Path(python).exists():
        _unavailable("YUEDU_ANKI_PYTHON does not name Anki's Python (run .ci/run)")
    if shutil.which("Xvfb") is None:
        _unavailable("Xvfb is not installed")
    base = tmp_path_factory.mktemp("anki-base")
    subprocess.run([python, "-c", PROFILE_SETUP, str(base)], check=True, capture_output=True, timeout=120)
    addon = base / "addons21" / ADDON_ID
    shutil.copytree(ADDON, addon)
    port = _free_port()
    config = json.loads((addon / "config.json").read_text())
    (addon / "meta.json").write_text(json.dumps({"config": {**config, "webBindPort": port}}))
    display = _free_display()
    log = open(base / "anki.log", "wb")
    xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb",
               QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu")
    env.pop("PYTHONPATH", None)
    launcher = "import sys, aqt; sys.argv[0] = 'anki'; aqt.run()"
    anki = subprocess.Popen([python, "-c", launcher, "-b", str(base), "-p", "test"], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if call(url, "version") == 6:
                    break
            except OSError:
                pass
            if anki.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Anki did not start: " + (base / "anki.log").read_text(errors="replace")[-2000:])
            time.sleep(0.5)
        yield url
    finally:
        try:
            call(url, "guiExitAnki")
            anki.wait(60)
        except Exception:
            anki.send_signal(signal.SIGKILL)
            anki.wait(10)
        xvfb.terminate()
        xvfb.wait(10)
        log.close()


def export(run_cli, data_dir, url, *extra):
    status, stdout, stderr = run_cli("--data-dir", data_dir, "export", "ankiconnect", "--url", url, *extra)
    assert (status, stderr) == (0, ""), stderr
    return stdout


def words_in_anki(url) -> dict[str, dict]:
    """Yuedu word notes in the real Anki by Hanzi: id, fields, tags, card ids and their decks."""
    ids = call(url, "findNotes", query=f"mid:{WORD_MODEL_ID}")
    seen = {}
    for info in call(url, "notesInfo", notes=ids):
        cards = call(url, "cardsInfo", cards=info["cards"])
        hanzi = info["fields"]["Hanzi"]["value"]
        assert hanzi not in seen, f"two notes for {hanzi}"
        seen[hanzi] = {"id": info["noteId"], "fields": {k: v["value"] for k, v in info["fields"].items()},
                       "tags": sorted(info["tags"]), "decks": sorted(c["deckName"] for c in cards),
                       "reps": sorted(c["reps"] for c in cards)}
    return seen


def test_export_sequences_against_the_real_ankiconnect(real_anki, run_cli, tmp_path):
    url = real_anki
    data = tmp_path / "data"
    data.mkdir()
    store = VocabularyStore.open(data)
    store.add("地铁", "di4 tie3", ["subway"], Context("地铁很挤。", "日记"))  # diary
    store.add("焯水", "chao1 shui3", ["to blanch"], Context("排骨先焯水{{c1::再}}<b>炖</b>。", "菜谱"))  # recipe
    store.add("长", "zhang3", ["to grow"], Context("孩子长得很快。", "小说"))  # novel
    for known in ("很挤",):  # jieba's one token
        store.add(known, "", [], status=Status.KNOWN)
    store.close()

    # first export: a package with Yuedu's GUIDs and note type ids
    assert export(run_cli, data, url) == "added 3 word notes to Anki\n"
    models = call(url, "modelNamesAndIds")
    assert models["Yuedu word"] == WORD_MODEL_ID
    first = words_in_anki(url)
    assert sorted(first) == ["地铁", "焯水", "长"]
    assert first["焯水"]["fields"]["Sentence"] == (
        '排骨先<b class="hl">焯水</b>&#123;&#123;c1::再&#125;&#125;&lt;b&gt;炖&lt;/b&gt;。')
    assert first["地铁"]["decks"] == ["Yuedu"] and first["地铁"]["tags"] == ["hsk::2", "yuedu", "yuedu::日记"]

    # again, with more card kinds: the same notes, the new cards added
    assert export(run_cli, data, url, "--cards", "recognition,listening") == "added 0 word notes to Anki, updated 3\n"
    again = words_in_anki(url)
    assert {w: n["id"] for w, n in again.items()} == {w: n["id"] for w, n in first.items()}
    assert again["地铁"]["decks"] == ["Yuedu", "Yuedu"]

    # with sentences: the i+1 cloze note joins
    assert export(run_cli, data, url, "--sentences") == "added 0 word notes and 1 sentence note to Anki, updated 3\n"
    [cloze] = call(url, "notesInfo", query=f"mid:{SENTENCE_MODEL_ID}")
    assert cloze["fields"]["Text"]["value"] == "{{c1::地铁}}很挤。"

    # a note deleted in Anki comes back; nothing else doubles
    call(url, "deleteNotes", notes=[again["焯水"]["id"]])
    assert export(run_cli, data, url) == "added 1 word note to Anki, updated 2\n"
    assert sorted(words_in_anki(url)) == ["地铁", "焯水", "长"]

    # the .apkg imported into this Anki, then AnkiConnect again: still one note per word, one per sentence
    assert run_cli("--data-dir", data, "export", "apkg", tmp_path / "words.apkg", "--sentences")[0] == 0
    call(url, "importPackage", path=str(tmp_path / "words.apkg"))
    assert export(run_cli, data, url, "--sentences") == "added 0 word notes to Anki, updated 4\n"
    assert len(call(url, "findNotes", query=f"mid:{WORD_MODEL_ID} OR mid:{SENTENCE_MODEL_ID}")) == 4
    assert call(url, "findNotes", query="note:Basic") == []

    # a review, then a reading change and a deck change: the same note, its review kept, every card moved
    long_note = words_in_anki(url)["长"]
    card = call(url, "findCards", query=f"nid:{long_note['id']} card:1")[0]
    assert call(url, "answerCards", answers=[{"cardId": card, "ease": 3}]) == [True]
    store = VocabularyStore.open(data)
    store.remove("长")
    store.add("长", "chang2", ["long"], Context("这条路很长。", "游记"))
    store.close()
    assert export(run_cli, data, url, "--deck", "中文::生词") == (
        "added 0 word notes to Anki, updated 3, moved 6 cards to 中文::生词\n")
    after = words_in_anki(url)
    assert after["长"]["id"] == long_note["id"]
    assert after["长"]["fields"]["Pinyin"] == '<span class="tone2">cháng</span>'
    assert after["长"]["reps"] == [0, 1]
    assert {deck for note in after.values() for deck in note["decks"]} == {"中文::生词"}

    # with sound: each updated note's recording reaches Anki's media folder, and its Sound field names it
    assert export(run_cli, data, url, "--deck", "中文::生词", "--sound") == "added 0 word notes to Anki, updated 3\n"
    for hanzi, note in words_in_anki(url).items():
        name = note["fields"]["Sound"].removeprefix("[sound:").removesuffix("]")
        assert name.startswith("yuedu-") and name.endswith(".wav"), (hanzi, note["fields"]["Sound"])
        assert base64.b64decode(call(url, "retrieveMediaFile", filename=name))[:4] == b"RIFF"
