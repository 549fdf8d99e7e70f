"""g2pM's polyphone model run in batches: every sentence that needs it in one pass per length bucket.

g2pM (Park & Lee, "g2pM: A Neural Grapheme-to-Phoneme Conversion Package for Mandarin Chinese Based on a New Open
Benchmark Dataset", Interspeech 2020; Apache License 2.0) is a one-layer bidirectional LSTM (64-wide character
embeddings, 32 hidden units each way) and a two-layer classifier, trained on the 80,000 training sentences of the CPP
benchmark. The PyPI package ships the weights and runs one sentence at a time, stepping the LSTM in Python: about
3 ms a sentence, 80 s for a novel. Here the same weights run over many sentences at once, the input projection of
every character precomputed, so a step costs a few array operations for a whole bucket of sentences.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import sys
from collections import defaultdict
from itertools import chain
from pathlib import Path
from typing import Iterable

SENTENCE_MARKS = "。！？!?；;\n"  # a sentence runs to the end of the marks after it
MAX_CONTEXT = 60  # characters kept on each side of a polyphone in a very long sentence
_TABLES_FORMAT = 1
BATCH = 256  # sentences per LSTM pass: large enough that Python's per-step cost is shared, small enough for the cache


def _package_dir() -> Path | None:
    """Where g2pM's files are, found without importing it (its __init__ imports numpy, which must wait; see below)."""
    spec = importlib.util.find_spec("g2pM")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def available() -> bool:
    """Whether numpy and the g2pM weights are installed."""
    directory = _package_dir()
    return directory is not None and (directory / "np_ckpt.pkl").is_file() and importlib.util.find_spec("numpy") is not None


def _sigmoid_columns(np, size: int):
    """The input, forget and output gates' columns, stored negated: the products come out as minus the gates, bit
    for bit (negation is exact and rounding symmetric), ready for the sigmoid's exp(-x) without a pass to negate."""
    return np.r_[0 : 2 * size, 3 * size : 4 * size]


def _tables(package: Path, weights) -> dict:
    """What the model derives from g2pM's files, kept in the cache directory: projecting every character's embedding
    through both directions' input weights and reading the pickled dictionaries cost ~30 ms a process, the cache ~3."""
    from reader.core.cache_files import cached, package_cache

    def build() -> dict:
        import numpy as np

        def load(name: str):
            with (package / name).open("rb") as handle:
                return pickle.load(handle)

        char_ids: dict[str, int] = load("char2idx.pkl")
        embedding = weights["embedding.weight"]
        projected = []
        for suffix in ("", "_reverse"):
            table = embedding @ weights[f"lstm.weight_ih_l0{suffix}"].T
            table += weights[f"lstm.bias_ih_l0{suffix}"] + weights[f"lstm.bias_hh_l0{suffix}"]
            projected.append(table.astype(np.float32))
        # one table for both directions (the backward pass's ids offset by the vocabulary)
        projected = np.concatenate(projected)
        projected[:, _sigmoid_columns(np, projected.shape[1] // 4)] *= -1
        # a character's id by its code point, for a whole batch at once (the last entry: any code point beyond)
        unknown = char_ids["<UNK>"]
        singles = {ord(char): number for char, number in char_ids.items() if len(char) == 1}
        ids = np.full(max(singles) + 2, unknown, dtype=np.int32)
        ids[list(singles)] = list(singles.values())
        return {
            "classes": load("class2idx.pkl"),
            "readings": {char: readings for char, readings in load("digest_cedict.pkl").items() if len(readings) > 1},
            "marks": (unknown, char_ids["시"], char_ids["끝"]),  # g2pM's sentence marks
            "vocabulary": len(embedding),
            "projected": projected.tobytes(),
            "ids": ids.tobytes(),
        }

    def valid(value) -> bool:
        return isinstance(value, dict) and value.keys() == {"classes", "readings", "marks", "vocabulary", "projected", "ids"}

    names = ("np_ckpt.pkl", "char2idx.pkl", "class2idx.pkl", "digest_cedict.pkl")
    return cached(package_cache(f"g2pm-{_TABLES_FORMAT}", "g2pM", names), build, valid)


def _sentence_ends(np, text: str):
    """Where each run of SENTENCE_MARKS in ``text`` ends, rising: one pass over the text's code points in numpy (a
    regular expression's match objects cost ~1 ms a 65,000-character piece)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)  # a broken file's lone surrogates too
    marks = np.isin(codes, np.fromiter(map(ord, SENTENCE_MARKS), np.uint32))
    # the last mark of a run: a mark followed by something else, or by the end of the text
    last = marks.copy()
    last[:-1] &= ~marks[1:]
    return np.flatnonzero(last) + 1


class PolyphoneModel:
    """Scores the readings of polyphonic characters in their sentences."""

    def __init__(self):
        if "numpy" not in sys.modules:
            # The matrices are 256 x 128: BLAS threads cost more in hand-offs than they save (0.8 s of CPU on one
            # thread, 1.9 s on two, for the CPP sentences). Nothing else in Yuedu uses numpy.
            for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(variable, "1")
        import numpy as np

        self._np = np
        package = _package_dir()
        with (package / "np_ckpt.pkl").open("rb") as handle:
            weights = pickle.load(handle)  # the package's own data file, installed with it (g2pM's authors' pickle)
        tables = _tables(package, weights)
        self._class_ids: dict[str, int] = tables["classes"]
        self._readings: dict[str, list[str]] = tables["readings"]
        self._polyphonic = frozenset(self._readings)
        self._unknown, self._begin, self._end = tables["marks"]
        self._vocabulary = tables["vocabulary"]
        self._projected = np.frombuffer(tables["projected"], np.float32).reshape(2 * self._vocabulary, -1)
        self._id_by_code = np.frombuffer(tables["ids"], np.int32)
        recurrent = np.stack([weights[f"lstm.weight_hh_l0{suffix}"].T for suffix in ("", "_reverse")])
        self._hidden = size = recurrent.shape[1]
        recurrent[:, :, _sigmoid_columns(np, size)] *= -1  # the sigmoid gates negated, like the projected table's
        self._recurrent = recurrent
        self._w0 = np.ascontiguousarray(weights["logit_layer.0.weight"].T)
        self._b0 = weights["logit_layer.0.bias"]
        self._w1 = np.ascontiguousarray(weights["logit_layer.2.weight"].T)
        self._b1 = weights["logit_layer.2.bias"]
        self._cache: dict[tuple[str, int], dict[str, float]] = {}
        self._classes: dict[str, dict[str, int]] = {}

    def knows(self, char: str) -> bool:
        """Whether the model reads ``char`` more than one way."""
        return char in self._polyphonic

    def scores(self, text: str, positions: Iterable[int]) -> dict[int, dict[str, float]]:
        """For each position in ``text`` holding a character the model knows: its readings' scores in its sentence.

        The text is cut into sentences once; each distinct sentence is read once, and all of them in one batch."""
        polyphonic = self._polyphonic
        asked = [position for position in positions if text[position] in polyphonic]
        if not asked:
            return {}
        np = self._np
        # each position's sentence: from the end of the marks before it to the end of the marks after it (or the
        # text's), at most MAX_CONTEXT characters either side
        ends = np.append(_sentence_ends(np, text), len(text))
        at = np.array(asked)
        sentence = np.searchsorted(ends, at, side="right")
        starts = np.maximum(np.append(0, ends)[sentence], at - MAX_CONTEXT).tolist()
        stops = np.minimum(ends[np.minimum(sentence, len(ends) - 1)], at + MAX_CONTEXT + 1).tolist()
        result: dict[int, dict[str, float]] = {}
        wanted: defaultdict[str, set[int]] = defaultdict(set)
        placed = []  # (position in text, (sentence, position in sentence)) of what the cache does not hold yet
        cache = self._cache
        for position, start, stop in zip(asked, starts, stops):
            key = (text[start:stop], position - start)
            found = cache.get(key)
            if found is not None:
                result[position] = found
            else:
                wanted[key[0]].add(key[1])
                placed.append((position, key))
        if wanted:
            self._run(wanted)
            for position, key in placed:
                result[position] = cache[key]
        return result

    def _run(self, wanted: dict[str, set[int]]) -> None:
        np = self._np
        if len(self._cache) > 100_000:  # a long book's worth; start over rather than grow without bound
            self._cache.clear()
        sentences = sorted(wanted, key=len)
        classes_of, cache = self._classes_of, self._cache
        for first in range(0, len(sentences), BATCH):
            batch = sentences[first : first + BATCH]
            asked = [sorted(wanted[sentence]) for sentence in batch]
            hidden = self._hidden_states(batch, asked)
            keys = [(sentence, inside) for sentence, insides in zip(batch, asked) for inside in insides]
            classes = [classes_of(sentence[inside]) for sentence, inside in keys]
            # only the scores of each character's own readings leave numpy; the output bias is added to those alone
            # (the same float32 sums as adding it to all 876 classes' logits first)
            rows = np.repeat(np.arange(len(keys)), np.fromiter(map(len, classes), np.intp, len(keys)))
            numbers = np.fromiter(chain.from_iterable(map(dict.values, classes)), np.intp, len(rows))
            logits = np.maximum(hidden @ self._w0 + self._b0, 0) @ self._w1
            scores = iter((logits[rows, numbers] + self._b1[numbers]).tolist())
            for key, found in zip(keys, classes):
                cache[key] = dict(zip(found, scores))

    def _classes_of(self, char: str) -> dict[str, int]:
        """The model's class number of each reading of ``char`` it has a class for."""
        found = self._classes.get(char)
        if found is None:
            ids = self._class_ids
            found = self._classes[char] = {reading: ids[reading] for reading in self._readings[char] if reading in ids}
        return found

    def _ids(self, batch: list[str]):
        """Each sentence's character ids between g2pM's sentence marks, forward and reversed: two [rows, width] arrays
        padded at the end, and the rows' lengths."""
        np = self._np
        lengths = np.fromiter(map(len, batch), np.intp, len(batch))
        codes = np.frombuffer("".join(batch).encode("utf-32-le"), np.uint32)
        chars = self._id_by_code[np.minimum(codes, len(self._id_by_code) - 1)]
        rows = np.repeat(np.arange(len(batch)), lengths)
        inside = np.arange(len(codes)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        forward = np.zeros((len(batch), int(lengths.max()) + 2), np.intp)
        backward = np.zeros_like(forward)
        forward[rows, inside + 1] = chars
        backward[rows, lengths[rows] - inside] = chars
        every = np.arange(len(batch))
        forward[:, 0], forward[every, lengths + 1] = self._begin, self._end
        backward[:, 0], backward[every, lengths + 1] = self._end, self._begin
        return forward, backward, lengths + 2

    def _hidden_states(self, batch: list[str], asked: list[list[int]]):
        """The LSTM's forward and backward hidden states at every asked position, row by row: [positions, 2 * hidden].

        Both directions step together, and each step computes only the rows still needing it: forward up to a row's
        last asked character, backward down to its first. The rows are laid out forward ones by rising extent, then
        backward ones by falling extent, so the rows still running are always one contiguous block in the middle
        (those of each direction one block of their own, multiplied by its recurrent matrix): no row is multiplied
        once it has stopped (~40% of the products on the CPP sentences), and no gather is needed. (BLAS rounds a row
        by the product's size, so scores move in the sixth decimal against multiplying every row to the end.)"""
        np = self._np
        size, rows = self._hidden, len(batch)
        forward_ids, backward_ids, lengths = self._ids(batch)
        first = np.fromiter((inside[0] for inside in asked), np.intp, rows)
        last = np.fromiter((inside[-1] for inside in asked), np.intp, rows)
        # the steps each row needs in each direction (the sentence mark in front is a step of its own)
        forward_extent, backward_extent = last + 2, lengths - 1 - first
        forward_order = np.argsort(forward_extent, kind="stable")  # rising: the running ones are the last
        backward_order = np.argsort(-backward_extent, kind="stable")  # falling: the running ones are the first
        steps = int(max(forward_extent.max(), backward_extent.max()))
        forward_running = rows - np.searchsorted(forward_extent[forward_order], np.arange(steps), side="right")
        backward_running = np.searchsorted(-backward_extent[backward_order], -np.arange(steps), side="left")
        lows, highs = (rows - forward_running).tolist(), (rows + backward_running).tolist()
        ids = np.concatenate([forward_ids[forward_order], backward_ids[backward_order] + self._vocabulary])[:, :steps].T.copy()
        states = np.zeros((steps, 2 * rows, size), dtype=np.float32)  # [step, place in the layout, hidden]
        gates = np.zeros((2 * rows, 4 * size), dtype=np.float32)
        inputs = np.empty_like(gates)
        c = np.zeros((2 * rows, size), dtype=np.float32)
        cell = np.empty_like(c)
        forward_recurrent, backward_recurrent = self._recurrent
        project = self._projected.take  # the method: np.take's Python wrapper costs a few µs a step
        with np.errstate(over="ignore"):  # exp(-x) overflowing is the sigmoid's 0; the cell gate's columns go unused
            for step in range(steps):
                low, high = lows[step], highs[step]
                g, x, cp, cellp = gates[low:high], inputs[low:high], c[low:high], cell[low:high]
                if step:  # h starts at zero, and so do the products
                    h = states[step - 1]
                    if low < rows:
                        np.matmul(h[low:rows], forward_recurrent, out=gates[low:rows])
                    if high > rows:
                        np.matmul(h[rows:high], backward_recurrent, out=gates[rows:high])
                project(ids[step, low:high], axis=0, out=x, mode="clip")
                g += x
                np.tanh(g[:, 2 * size : 3 * size], out=cellp)
                # the sigmoid 1 / (1 + exp(-x)) of the other three gates (stored negated), over all four gates' columns
                # at once: one contiguous pass costs less than two strided ones; the cell gate's columns go unused
                np.exp(g, out=g)
                g += 1.0
                np.divide(1.0, g, out=g)
                cp *= g[:, size : 2 * size]
                cellp *= g[:, :size]
                cp += cellp
                np.tanh(cp, out=cellp)
                cellp *= g[:, 3 * size :]
                states[step, low:high] = cellp
        # where each row sits in the layout, per direction
        forward_place = np.empty(rows, np.intp)
        forward_place[forward_order] = np.arange(rows)
        backward_place = np.empty(rows, np.intp)
        backward_place[backward_order] = np.arange(rows) + rows
        row_numbers = np.fromiter((number for number, inside in enumerate(asked) for _ in inside), np.intp)
        columns = np.fromiter((inside + 1 for insides in asked for inside in insides), np.intp)
        forward = states[columns, forward_place[row_numbers]]
        backward = states[lengths[row_numbers] - 1 - columns, backward_place[row_numbers]]
        return np.concatenate([forward, backward], axis=1)