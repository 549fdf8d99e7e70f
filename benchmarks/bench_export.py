"""Anki export of 5,000 saved words (each with a sentence from the sample page) against bare genanki.

Run from the project root: python -m benchmarks.bench_export [--words N] [--repeats N]
Bare genanki writes the same number of notes with plain fields (no HTML, no sentence pinyin); Yuedu builds every
field (tone spans, numbered senses, highlighted sentence, its pinyin in context) and writes atomically.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from benchmarks._common import SAMPLE


def build_vocabulary(data_dir: Path, count: int) -> None:
    """``count`` saved words: the sample page's words with their sentences, then CC-CEDICT headwords."""
    from reader.core.models import Context, VocabWord
    from reader.core.session import Session
    from reader.core.vocabulary import VocabularyStore

    session = Session()
    annotator, dictionary = session.annotator, session.dictionary
    sentences = [s for s in re.split(r"(?<=[。！？])", SAMPLE.read_text(encoding="utf-8")) if s.strip()]
    words: dict[str, VocabWord] = {}
    for sentence in sentences:
        for token in annotator.annotate(sentence):
            if token.is_chinese and token.text not in words and len(words) < count:
                entry = token.reading.entry
                definitions = tuple(entry.definitions) if entry else ()
                words[token.text] = VocabWord(token.text, token.numbered, definitions,
                                              contexts=(Context(sentence.strip(), "新华网"),))
    for headword in dictionary.headwords():
        if len(words) >= count:
            break
        if headword not in words:
            entry = dictionary.lookup(headword)[0]
            words[headword] = VocabWord(headword, entry.numbered,
                                        tuple(entry.definitions), contexts=(Context(f"我们今天学习{headword}。", "词典"),))
    store = VocabularyStore.open(data_dir)
    store.add_many(words.values())
    store.close()


def bare_genanki(count: int, out: Path) -> float:
    import genanki

    started = time.perf_counter()
    model = genanki.Model(1607392319, "Simple", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
    deck = genanki.Deck(2059400110, "Bare")
    for i in range(count):
        deck.add_note(genanki.Note(model=model, fields=[f"word {i}", f"meaning {i}"]))
    genanki.Package(deck).write_to_file(str(out))
    return time.perf_counter() - started


def yuedu(data_dir: Path, destination: str, out: Path, kinds: tuple[str, ...]) -> tuple[float, int]:
    from reader.core.anki.exporters import ApkgExporter, ExportOptions, TextFileExporter, run_export
    from reader.core.anki.state import ExportState
    from reader.core.session import Session
    from reader.core.vocabulary import VocabularyStore

    annotator = Session().annotator  # warm, as in the window (the command line pays its own start-up once)
    started = time.perf_counter()
    store = VocabularyStore.open(data_dir)
    state = ExportState.open(data_dir)
    exporter = ApkgExporter(out) if destination == "apkg" else TextFileExporter(out)
    from reader.core.models import Status

    options = ExportOptions(statuses=frozenset(Status), card_kinds=kinds)
    result = run_export(exporter, store, state, annotator, options)
    state.close()
    store.close()
    return time.perf_counter() - started, len(result.added)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_vocabulary(tmp, args.words)
        yuedu(tmp, "tsv", tmp / "warm.txt", ("recognition",))  # warm caches on both sides
        bare_genanki(10, tmp / "warm.apkg")
        rows = []
        bare = min(bare_genanki(args.words, tmp / "bare.apkg") for _ in range(args.repeats))
        rows.append(("bare genanki, plain 2-field notes", bare, args.words))
        for destination, kinds in (("apkg", ("recognition",)), ("apkg", ("recognition", "production", "listening")),
                                   ("tsv", ("recognition",))):
            runs = [yuedu(tmp, destination, tmp / f"out.{destination}", kinds) for _ in range(args.repeats)]
            rows.append((f"Yuedu {destination}, {'+'.join(kinds)}", min(t for t, _ in runs), runs[0][1]))
        print(f"| what | notes | seconds | ratio to bare genanki |\n| --- | --- | --- | --- |")
        for label, seconds, notes in rows:
            print(f"| {label} | {notes} | {seconds:.2f} | {seconds / bare:.2f}x |")


if __name__ == "__main__":
    main()
