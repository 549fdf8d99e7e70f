"""OCR of pictures of text: character accuracy and seconds per page, Yuedu's reading against bare rapidocr.

Pictures are drawn with Qt (tests/ocr_pictures.py) from the CPP development sentences (news and encyclopedia text,
not sentences the tests use), in every combination of size (16, 22, 32, 48 px), dark on light and light on dark,
horizontal lines and vertical columns, simplified and traditional (converted word by word through CC-CEDICT); each
again as a photo (turned 2.5°, blurred by a 1.8x down-and-up scale, grain, saved as JPEG at quality 80).
Character accuracy = 1 - edit distance / length, whitespace ignored. The bare library is rapidocr called on the same
pixels with the same detector limits (its default pipeline: detect, classify, recognise each box), in the same run.
Run from the project root: ``python -m benchmarks.bench_ocr [--pages N]``.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time

from benchmarks._texts import CPP_SENTENCES, POLYPHONE_MARK

SIZES = (16, 22, 32, 48)


def sentences(count: int, seed: int = 16) -> list[str]:
    """``count`` CPP sentences of 16-60 characters, picked at random (seeded)."""
    lines = [line.replace(POLYPHONE_MARK, "").strip() for line in CPP_SENTENCES.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if 16 <= len(line) <= 60 and " " not in line]
    return random.Random(seed).sample(lines, count)


def traditional(text: str, dictionary, segment) -> str:
    """``text`` in traditional characters, word by word through CC-CEDICT (a word it lacks stays as it is); entries that
    are only a variant form (咊 "old variant of 和", 亝 for 斋) are passed over, as a Taiwanese text would not use them."""
    out = []
    for word in segment(text):
        entries = [entry for entry in dictionary.lookup(word) if entry.simplified == word
                   and not all("variant of" in definition or "archaic" in definition for definition in entry.definitions)]
        out.append(entries[0].traditional if entries else word)
    return "".join(out)


def wrapped(text: str, width: int) -> list[str]:
    """``text`` cut into lines of ``width`` characters (as a page wraps Chinese: anywhere)."""
    return [text[i:i + width] for i in range(0, len(text), width)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=4, help="lines (or columns) per picture")
    args = parser.parse_args()

    import jieba
    from PySide6.QtWidgets import QApplication

    from reader.core import ocr
    from reader.core.session import Session
    from tests.ocr_pictures import SIMPLIFIED, TRADITIONAL, accuracy, degrade, encoded, render

    app = QApplication.instance() or QApplication([])  # noqa: F841 (fonts need it)
    started = time.perf_counter()
    engine = ocr.engine()
    load = time.perf_counter() - started
    from rapidocr import RapidOCR

    bare = RapidOCR(params=dict(ocr._PARAMS))
    dictionary = Session().dictionary
    conditions = list(itertools.product(SIZES, (False, True), (False, True), (SIMPLIFIED, TRADITIONAL)))
    texts = sentences(len(conditions) * args.lines)
    results = {"clean": [], "photo": []}
    first = None
    for number, (size, dark, vertical, family) in enumerate(conditions):
        chunk = texts[number * args.lines:(number + 1) * args.lines]
        if family == TRADITIONAL:
            chunk = [traditional(text, dictionary, jieba.lcut) for text in chunk]
        lines = [line for text in chunk for line in wrapped(text, 14 if vertical else 20)][: 2 * args.lines]
        image = render(lines, size=size, dark=dark, vertical=vertical, family=family)
        for kind, picture in (("clean", encoded(image)), ("photo", encoded(degrade(image, blur=1.8, angle=2.5 if number % 2 else -2.5, noise=10), "JPEG", 80))):
            pixels = ocr.decode_picture(picture, kind)
            expected = "".join(lines)
            timed = time.perf_counter()
            ours = "".join(line.text for line in ocr.recognise(pixels))
            ours_seconds = time.perf_counter() - timed
            if first is None:
                first = ours_seconds
            timed = time.perf_counter()
            found = bare(pixels)
            bare_seconds = time.perf_counter() - timed
            theirs = "".join(found.txts or ()) if getattr(found, "txts", None) else ""
            results[kind].append(((size, dark, vertical, family), len(expected), accuracy(expected, ours),
                                  accuracy(expected, theirs), ours_seconds, bare_seconds, image.width(), image.height()))
    del engine
    print(f"engine load {load:.2f} s; first picture (warm-up included) {first:.2f} s")
    for kind, rows in results.items():
        characters = sum(row[1] for row in rows)
        ours = sum(row[1] * row[2] for row in rows) / characters
        theirs = sum(row[1] * row[3] for row in rows) / characters
        ours_time = sum(row[4] for row in rows[1:])
        bare_time = sum(row[5] for row in rows[1:])
        print(f"{kind}: {len(rows)} pictures, {characters} characters; accuracy Yuedu {ours:.2%} (worst picture "
              f"{min(row[2] for row in rows):.2%}), bare rapidocr {theirs:.2%}; seconds per picture Yuedu "
              f"{ours_time / (len(rows) - 1):.2f}, bare {bare_time / (len(rows) - 1):.2f} (ratio {ours_time / bare_time:.2f}x)")
        for label, pick in (("size", 0), ("dark", 1), ("vertical", 2), ("family", 3)):
            groups: dict = {}
            for row in rows:
                groups.setdefault(row[0][pick], []).append(row)
            print(f"    by {label}: " + ", ".join(
                f"{key}: {sum(r[1] * r[2] for r in group) / sum(r[1] for r in group):.2%}" for key, group in groups.items()))
        for row in rows:
            if row[2] < 0.98:
                print(f"    below 98%: {row[0]} {row[2]:.2%}")
    page = [line for text in sentences(14, seed=99) for line in wrapped(text, 36)][:28]
    image = render(page, size=28)
    pixels = ocr.decode_picture(encoded(image), "page")
    times = []
    for _ in range(3):
        timed = time.perf_counter()
        text = "".join(line.text for line in ocr.recognise(pixels))
        times.append(time.perf_counter() - timed)
    bare_times = []
    for _ in range(3):
        timed = time.perf_counter()
        bare(pixels)
        bare_times.append(time.perf_counter() - timed)
    print(f"full page {image.width()}x{image.height()} px, {len(page)} lines, {len(''.join(page))} characters: "
          f"Yuedu {statistics.median(times):.2f} s (accuracy {accuracy(''.join(page), text):.2%}), "
          f"bare rapidocr {statistics.median(bare_times):.2f} s, ratio {statistics.median(times) / statistics.median(bare_times):.2f}x")


if __name__ == "__main__":
    main()
