"""Polyphone benchmark: reading accuracy on held-out CPP sentences and on the sample page, and annotate's speed.

Run from the project root: python -m benchmarks.bench_polyphone [--repeats N] [--no-speed]

- CPP (the Chinese Polyphones with Pinyin development set, Apache-2.0, in ../shared/data/cpp-dev): one marked
  polyphone per sentence. Nothing in Yuedu is learned or tuned from it: the hand rules come from our own sentences
  and the sample page, and g2pM's model was trained by its authors on CPP's separate training set (they used this
  development set to pick their checkpoint, so g2pM alone scores here about what their paper reports on the test
  set). Scored on every sentence and, for comparison with earlier figures, on the odd-numbered half: Yuedu and its
  parts, g2pM's own package on the whole sentence, pypinyin on the whole sentence, and "first dictionary entry".
- Sample page: the 165 occurrences of 行长还重地得了着为 against the hand-checked list in tests/sample_polyphones.tsv.
- Speed: `annotate --json` against a bare jieba.lcut process on the same text, same run, best of N: on the
  1,000,000-character novel (the sample page repeated, so contexts repeat) and on every CPP dev sentence
  (about 320,000 characters of encyclopedic text whose contexts rarely repeat).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from reader.core.hanzi import HANZI
from benchmarks._common import OUT, ROOT, SAMPLE, SHARED, novel, python

CPP_DIR = SHARED / "data" / "cpp-dev"
SAMPLE_REFERENCE = ROOT / "tests" / "sample_polyphones.tsv"
EVERYDAY = ROOT / "tests" / "everyday_polyphones.tsv"
MARK = "\u2581"


def cpp_items(part: str = "all", directory: Path = CPP_DIR) -> list[tuple[str, int, str]]:
    """(sentence, index of the polyphone, CC-CEDICT-style label) for "all" of CPP dev, or its "even" or "odd" lines."""
    sentences = (directory / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (directory / "dev.lb").read_text(encoding="utf-8").splitlines()
    items = []
    for number, (sentence, label) in enumerate(zip(sentences, labels)):
        if part != "all" and number % 2 != (part == "odd"):
            continue
        start = sentence.index(MARK)
        end = sentence.index(MARK, start + 1)
        text = sentence[:start] + sentence[start + 1 : end] + sentence[end + 1 :]
        items.append((text, start, label.strip()))
    return items


def syllable_at(tokens, index: int) -> str:
    """The numbered syllable Yuedu gives the character at ``index`` (lower case), "" when it gives none."""
    for token in tokens:
        if token.start <= index < token.end:
            syllables = token.numbered.split()
            if len(syllables) == len(token.text):
                return syllables[index - token.start].lower()
            hanzi = [k for k, char in enumerate(token.text) if HANZI.match(char)]
            if len(syllables) == len(hanzi) and index - token.start in hanzi:
                return syllables[hanzi.index(index - token.start)].lower()  # 3号, 120万: digits carry no syllable
            return ""
    return ""


def light_tone_only(got: str, label: str) -> bool:
    """Whether ``got`` is CC-CEDICT's neutral tone where the label has a full tone on the same syllable (关系 xi5/xi4)."""
    return got.endswith("5") and label[-1:] in "1234" and got[:-1] == label[:-1]


def yuedu_score(annotator, items) -> tuple[int, int, Counter]:
    """(right, of which light-tone-only misses, Counter of (char, label, got) mistakes) over ``items``."""
    right = light = 0
    mistakes: Counter = Counter()
    for text, index, label in items:
        got = syllable_at(annotator.annotate(text), index)
        if got == label.lower():
            right += 1
        else:
            light += light_tone_only(got, label.lower())
            mistakes[(text[index], label, got)] += 1
    return right, light, mistakes


def pypinyin_syllables(text: str) -> list[str]:
    """pypinyin 0.55's reading of a whole sentence, one CC-CEDICT-style syllable per code point."""
    from pypinyin import Style, lazy_pinyin

    items = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda chars: list(chars))
    return [item.replace("v", "u:") for item in items] if len(items) == len(text) else [""] * len(text)


def pypinyin_score(items) -> int:
    """How many of ``items`` pypinyin reads right."""
    return sum(pypinyin_syllables(text)[index] == label for text, index, label in items)


def first_entry_syllable(dictionary, tokens, index: int, text: str) -> str:
    """The first CC-CEDICT entry's syllable for the character at ``index``: of the segmented word, else of the character."""
    for token in tokens:
        if token.start <= index < token.end:
            entries = dictionary.lookup(token.text)
            if entries:
                syllables = entries[0].numbered.split()
                if len(syllables) == len(token.text):
                    return syllables[index - token.start].lower()
            break
    entries = dictionary.lookup(text[index])
    return entries[0].numbered.split()[0].lower() if entries else ""


def everyday_items() -> list[tuple[str, int, str]]:
    """(sentence, index, reading) of our own everyday sentences (tests/everyday_polyphones.tsv), known misses included."""
    items = []
    for line in EVERYDAY.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            marked, label = line.split("\t")[:2]
            items.append((marked.replace("[", "").replace("]", ""), marked.index("["), label))
    return items


def sample_reference() -> list[tuple[int, str, str]]:
    """(offset, character, reading) of each polyphone on the sample page, as checked by hand."""
    rows = []
    for line in SAMPLE_REFERENCE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            offset, char, reading = line.split("\t")[:3]
            rows.append((int(offset), char, reading))
    return rows


def sample_errors(annotator) -> list[tuple[int, str, str, str]]:
    """(offset, character, expected, got) for every sample-page polyphone Yuedu misreads."""
    text = SAMPLE.read_text(encoding="utf-8")
    tokens = annotator.annotate(text)
    errors = []
    for offset, char, expected in sample_reference():
        got = syllable_at(tokens, offset)
        if got != expected:
            errors.append((offset, char, expected, got))
    return errors


def g2pm_score(items) -> int:
    """How many of ``items`` g2pM's own package (one sentence at a time, its whole sentence) reads right."""
    from g2pM import G2pM

    model = G2pM()
    right = 0
    for text, index, label in items:
        syllables = model(text, char_split=True)
        right += len(syllables) == len(text) and syllables[index] == label.lower()
    return right


def accuracy_report() -> None:
    from reader.core.annotate import Annotator
    from reader.core.polyphone import PolyphoneReader
    from reader.core.session import Session

    session = Session()
    dictionary = session.dictionary
    full = session.annotator
    segmenter = full.segmenter
    variants = [
        ("word only (no context reader)", Annotator(dictionary, segmenter)),
        ("word + hand rules, no model", Annotator(dictionary, segmenter, context=PolyphoneReader(use_model=False))),
        ("word + model, no hand rules", Annotator(dictionary, segmenter, context=PolyphoneReader(use_rules=False))),
        ("Yuedu (word + rules + model)", full),
    ]
    plain = variants[0][1]
    for part, title in (("all", "every sentence"), ("odd", "odd-numbered half")):
        items = cpp_items(part)
        total = len(items)
        print(f"CPP dev, {title} ({total} sentences, one marked polyphone each):")
        for name, annotator in variants:
            right, light, mistakes = yuedu_score(annotator, items)
            print(f"  {name:38s} {right / total:7.2%}   (+{light} misses that are only CC-CEDICT's light tone:"
                  f" {(right + light) / total:.2%})")
        first = sum(
            first_entry_syllable(dictionary, plain.annotate(text), i, text) == label.lower() for text, i, label in items
        )
        print(f"  {'g2pM 0.1.2.5 alone, whole sentence':38s} {g2pm_score(items) / total:7.2%}")
        print(f"  {'pypinyin 0.55, whole sentence':38s} {pypinyin_score(items) / total:7.2%}")
        print(f"  {'first CC-CEDICT entry of the word':38s} {first / total:7.2%}")
        print("  Yuedu's most frequent misses:",
              ", ".join(f"{c}:{lb}→{g or '?'}×{n}" for (c, lb, g), n in mistakes.most_common(12)))

    items = everyday_items()
    print(f"Everyday sentences of our own ({len(items)}, tests/everyday_polyphones.tsv, known misses included):")
    for name, annotator in variants:
        print(f"  {name:38s} {yuedu_score(annotator, items)[0]:3d} right")
    print(f"  {'g2pM 0.1.2.5 alone, whole sentence':38s} {g2pm_score(items):3d} right")
    print(f"  {'pypinyin 0.55, whole sentence':38s} {pypinyin_score(items):3d} right")

    reference = sample_reference()
    text = SAMPLE.read_text(encoding="utf-8")
    pypinyin_all = pypinyin_syllables(text)
    print(f"Sample page: {len(reference)} occurrences of 行长还重地得了着为 (hand-checked list tests/sample_polyphones.tsv):")
    for name, annotator in variants:
        print(f"  {name:38s} {len(sample_errors(annotator)):3d} wrong")
    from g2pM import G2pM

    g2pm = G2pM()
    g2pm_page = []
    for line in text.splitlines(keepends=True):  # g2pM reads a sentence at a time; a line is a paragraph
        syllables = g2pm(line, char_split=True) if line.strip() else list(line)
        g2pm_page += syllables if len(syllables) == len(line) else [""] * len(line)
    print(f"  {'g2pM 0.1.2.5 alone, line by line':38s} {sum(g2pm_page[o] != r for o, _, r in reference):3d} wrong")
    print(f"  {'pypinyin 0.55, whole page':38s} {sum(pypinyin_all[o] != r for o, _, r in reference):3d} wrong")
    page_tokens = plain.annotate(text)
    first = sum(first_entry_syllable(dictionary, page_tokens, o, text) != r for o, _, r in reference)
    print(f"  {'first CC-CEDICT entry of the word':38s} {first:3d} wrong")
    for offset, char, expected, got in sample_errors(full):
        print(f"    Yuedu misses {char} at {offset}: {text[offset - 8:offset + 6]!r} expected {expected}, got {got}")


BARE_JIEBA = "import sys, jieba; jieba.setLogLevel(60); jieba.lcut(open(sys.argv[1], encoding='utf-8').read())"
ANNOTATE_TO_NULL = (
    "import sys; sys.argv = ['yuedu', 'annotate', sys.argv[1], '--json']\n"
    "sys.stdout = open(__import__('os').devnull, 'w', encoding='utf-8')\n"
    "from reader.cli import main; raise SystemExit(main())\n"
)
ANNOTATE_WITHOUT_CONTEXT = (
    "import sys; sys.argv = ['yuedu', 'annotate', sys.argv[1], '--json']\n"
    "sys.stdout = open(__import__('os').devnull, 'w', encoding='utf-8')\n"
    "import reader.core.polyphone as p; p.default_context_reader = lambda: None\n"
    "from reader.cli import main; raise SystemExit(main())\n"
)


def diverse_text() -> Path:
    """Every CPP dev sentence, marks removed, one per line: text whose contexts rarely repeat (unlike the novel)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "cpp-dev-sentences.txt"
    if not path.exists():
        sentences = (CPP_DIR / "dev.sent").read_text(encoding="utf-8").replace(MARK, "")
        path.write_text(sentences, encoding="utf-8")
    return path


def in_process_report(path: Path, label: str) -> None:
    """annotate() alone, with and without the context reader, against jieba.lcut on the same text, in one process."""
    import jieba

    from reader.core.annotate import Annotator
    from reader.core.session import Session

    text = path.read_text(encoding="utf-8")
    full = Session().annotator
    plain = Annotator(full.dictionary, full.segmenter)
    full.annotate(text[:20000]), plain.annotate(text[:20000])  # load models and tables first
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    timings = {}
    for name, work in (("jieba.lcut", lambda: jieba.lcut(text)), ("annotate(), no context reader", lambda: plain.annotate(text)),
                       ("annotate(), Yuedu", lambda: full.annotate(text))):
        started = time.process_time()
        work()
        timings[name] = time.process_time() - started
    base = timings["jieba.lcut"]
    print(f"{label}, in one process (CPU seconds; caches filled by a first pass over 20,000 characters only):")
    for name, seconds in timings.items():
        print(f"  {name:36s} {seconds:6.2f} s ({seconds / base:.2f}x)")


def speed_report(repeats: int) -> None:
    for label, path in (("1,000,000 characters (the sample page repeated)", novel()), ("every CPP dev sentence", diverse_text())):
        in_process_report(path, label)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("YUEDU_CACHE_DIR", str(Path(tempfile.gettempdir()) / "yuedu-bench-cache"))
    env["YUEDU_DATA_DIR"] = tempfile.mkdtemp(prefix="yuedu-bench-data-")
    for label, path in (("1,000,000 characters (the sample page repeated)", novel()), ("every CPP dev sentence", diverse_text())):
        time_one(label, str(path), repeats, env)


def cpu_run(argv: list[str], env: dict) -> tuple[float, float, int]:
    """Run a whole process; (wall seconds, CPU seconds user+system, peak KiB). CPU time holds up on a busy machine."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv} failed: {process.stderr.read().decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def time_one(label: str, text: str, repeats: int, env: dict) -> None:
    characters = len(Path(text).read_text(encoding="utf-8"))
    programs = (("bare jieba.lcut", BARE_JIEBA), ("annotate --json, no context reader", ANNOTATE_WITHOUT_CONTEXT),
                ("annotate --json, Yuedu", ANNOTATE_TO_NULL))
    for _, code in programs:  # warm every cache first
        cpu_run([python(), "-c", code, text], env)
    runs: dict[str, list] = {name: [] for name, _ in programs}
    for _ in range(repeats):  # interleaved, so a burst of load elsewhere hits all three alike
        for name, code in programs:
            runs[name].append(cpu_run([python(), "-c", code, text], env))
    best = {name: (min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs)) for name, rs in runs.items()}
    wall0, cpu0, _ = best["bare jieba.lcut"]
    print(f"{label}: {characters:,} characters, whole processes, best of {repeats}:")
    for name, (wall, cpu, peak) in best.items():
        print(f"  {name:36s} wall {wall:6.2f} s ({wall / wall0:.2f}x)   CPU {cpu:6.2f} s ({cpu / cpu0:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    args = parser.parse_args()
    accuracy_report()
    if not args.no_speed:
        speed_report(args.repeats)


if __name__ == "__main__":
    main()
