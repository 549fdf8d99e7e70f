"""Anki export of 5,000 saved words (each with a sentence from the sample page) against bare genanki.

Run from the project root: python -m benchmarks.bench_export [--words N] [--repeats N] [--text FILE]
The words and their sentences come from FILE (default: the CPP development set's 9,893 Wikipedia sentences, when
../shared/data/cpp-dev is there; else the sample page), then CC-CEDICT headwords.
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


CPP_DEV = next((p / "shared" / "data" / "cpp-dev" / "dev.sent" for p in Path(__file__).resolve().parents
                if (p / "shared" / "data" / "cpp-dev" / "dev.sent").exists()), Path("cpp-dev/dev.sent"))


def build_vocabulary(data_dir: Path, count: int, text: Path) -> tuple[int, int]:
    """``count`` saved words: ``text``'s words with their sentences, then CC-CEDICT headwords; (characters, words
    from the text)."""
    from reader.core.models import Context, VocabWord
    from reader.core.session import Session
    from reader.core.vocabulary import VocabularyStore

    session = Session()
    annotator, dictionary = session.annotator, session.dictionary
    raw = text.read_text(encoding="utf-8").replace("\u2581", "")  # the CPP set marks its polyphone with ▁
    sentences = [s for s in re.split(r"(?<=[。！？\n])", raw) if s.strip()]
    words: dict[str, VocabWord] = {}
    for sentence in sentences:
        for token in annotator.annotate(sentence):
            if token.is_chinese and token.text not in words and len(words) < count:
                entry = token.reading.entry
                definitions = tuple(entry.definitions) if entry else ()
                words[token.text] = VocabWord(token.text, token.numbered, definitions,
                                              contexts=(Context(sentence.strip(), "新华网"),))
    from_text = len(words)
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
    return len(raw), from_text


def bare_genanki(count: int, out: Path) -> float:
    import genanki

    started, wall = time.process_time(), time.perf_counter()
    model = genanki.Model(1607392319, "Simple", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
    deck = genanki.Deck(2059400110, "Bare")
    for i in range(count):
        deck.add_note(genanki.Note(model=model, fields=[f"word {i}", f"meaning {i}"]))
    genanki.Package(deck).write_to_file(str(out))
    return time.process_time() - started, time.perf_counter() - wall


def yuedu(data_dir: Path, destination: str, out: Path, kinds: tuple[str, ...]) -> tuple[float, int]:
    from reader.core.anki.exporters import ApkgExporter, ExportOptions, TextFileExporter, run_export
    from reader.core.anki.state import ExportState
    from reader.core.session import Session
    from reader.core.vocabulary import VocabularyStore

    annotator = Session().annotator  # warm, as in the window (the command line pays its own start-up once)
    started, wall = time.process_time(), time.perf_counter()
    store = VocabularyStore.open(data_dir)
    state = ExportState.open(data_dir)
    exporter = ApkgExporter(out) if destination == "apkg" else TextFileExporter(out)
    from reader.core.models import Status

    options = ExportOptions(statuses=frozenset(Status), card_kinds=kinds)
    result = run_export(exporter, store, state, annotator, options)
    state.close()
    store.close()
    return time.process_time() - started, time.perf_counter() - wall, len(result.added)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--text", type=Path, default=CPP_DEV if CPP_DEV.exists() else SAMPLE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        characters, from_text = build_vocabulary(tmp, args.words, args.text)
        print(f"{args.text.name}: {characters:,} characters; {from_text:,} distinct words from it, "
              f"{args.words - from_text:,} CC-CEDICT headwords")
        yuedu(tmp, "tsv", tmp / "warm.txt", ("recognition",))  # warm caches on both sides
        bare_genanki(10, tmp / "warm.apkg")
        # CPU seconds, the runs interleaved (bare, then each Yuedu row, repeated): on a shared, loaded machine wall
        # time swings 3x from run to run, and interleaving lets every row meet the same load
        plans = [("apkg", ("recognition",)), ("tsv", ("recognition",)),
                 ("apkg", ("recognition", "production", "listening"))]  # kinds add up: the three-kind row last
        cpu: dict[str, list[float]] = {}
        wall: dict[str, list[float]] = {}
        counts: dict[str, int] = {}
        bare_label = "bare genanki, plain 2-field notes"
        for _ in range(args.repeats):
            seconds, elapsed = bare_genanki(args.words, tmp / "bare.apkg")
            cpu.setdefault(bare_label, []).append(seconds)
            wall.setdefault(bare_label, []).append(elapsed)
            counts[bare_label] = args.words
            for destination, kinds in plans:
                label = f"Yuedu {destination}, {'+'.join(kinds)}"
                seconds, elapsed, notes = yuedu(tmp, destination, tmp / f"out.{destination}", kinds)
                cpu.setdefault(label, []).append(seconds)
                wall.setdefault(label, []).append(elapsed)
                counts[label] = notes
        print("| what | notes | CPU seconds | ratio | wall seconds | ratio |\n| --- | --- | --- | --- | --- | --- |")
        for label in cpu:
            c, w = min(cpu[label]), min(wall[label])
            print(f"| {label} | {counts[label]} | {c:.2f} | {c / min(cpu[bare_label]):.2f}x "
                  f"| {w:.2f} | {w / min(wall[bare_label]):.2f}x |")


if __name__ == "__main__":
    main()
