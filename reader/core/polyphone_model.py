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
import re
import sys
from bisect import bisect_right
from itertools import repeat
from pathlib import Path
from typing import Iterable

SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]*")
MAX_CONTEXT = 60  # characters kept on each side of a polyphone in a very long sentence
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

        def load(name: str):
            # The package's own data files, installed with it: pickles written by g2pM's authors.
            with (package / name).open("rb") as handle:
                return pickle.load(handle)

        weights = load("np_ckpt.pkl")
        self._char_ids: dict[str, int] = load("char2idx.pkl")
        self._class_ids: dict[str, int] = load("class2idx.pkl")
        self._readings: dict[str, list[str]] = load("digest_cedict.pkl")
        self._unknown = self._char_ids["<UNK>"]
        self._begin, self._end = self._char_ids["시"], self._char_ids["끝"]  # g2pM's sentence marks
        embedding = weights["embedding.weight"]
        directions = []
        for suffix in ("", "_reverse"):
            projected = embedding @ weights[f"lstm.weight_ih_l0{suffix}"].T
            projected += weights[f"lstm.bias_ih_l0{suffix}"] + weights[f"lstm.bias_hh_l0{suffix}"]
            directions.append((projected.astype(np.float32), np.ascontiguousarray(weights[f"lstm.weight_hh_l0{suffix}"].T)))
        self._directions = directions
        self._hidden = directions[0][1].shape[0]
        self._w0 = np.ascontiguousarray(weights["logit_layer.0.weight"].T)
        self._b0 = weights["logit_layer.0.bias"]
        self._w1 = np.ascontiguousarray(weights["logit_layer.2.weight"].T)
        self._b1 = weights["logit_layer.2.bias"]
        self._cache: dict[tuple[str, int], dict[str, float]] = {}

    def knows(self, char: str) -> bool:
        """Whether the model reads ``char`` more than one way."""
        return len(self._readings.get(char, ())) > 1

    def scores(self, text: str, positions: Iterable[int]) -> dict[int, dict[str, float]]:
        """For each position in ``text`` holding a character the model knows: its readings' scores in its sentence.

        The text is cut into sentences once; each distinct sentence is read once, and all of them in one batch."""
        result: dict[int, dict[str, float]] = {}
        wanted: dict[str, set[int]] = {}
        placed = []  # (position in text, sentence, position in sentence) of what the cache does not hold yet
        spans = starts = None
        for position in positions:
            if not self.knows(text[position]):
                continue
            if spans is None:
                spans = [match.span() for match in SENTENCE.finditer(text) if match.end() > match.start()]
                starts = [start for start, _ in spans]
            start, end = spans[bisect_right(starts, position) - 1]
            start, end = max(start, position - MAX_CONTEXT), min(end, position + MAX_CONTEXT + 1)
            sentence = text[start:end]
            inside = position - start
            found = self._cache.get((sentence, inside))
            if found is not None:
                result[position] = found
            else:
                wanted.setdefault(sentence, set()).add(inside)
                placed.append((position, sentence, inside))
        if wanted:
            self._run(wanted)
            for position, sentence, inside in placed:
                result[position] = self._cache[(sentence, inside)]
        return result

    def _run(self, wanted: dict[str, set[int]]) -> None:
        np = self._np
        if len(self._cache) > 100_000:  # a long book's worth; start over rather than grow without bound
            self._cache.clear()
        sentences = sorted(wanted, key=len)
        char_id = self._char_ids.get
        for first in range(0, len(sentences), BATCH):
            batch = sentences[first : first + BATCH]
            # each character's id (or <UNK>) looked up by map in C rather than a generator step a character
            ids = [[self._begin, *map(char_id, s, repeat(self._unknown)), self._end] for s in batch]
            forward = self._states(ids, reverse=False)
            backward = self._states([row[::-1] for row in ids], reverse=True)
            rows, columns, keys = [], [], []
            for number, sentence in enumerate(batch):
                length = len(ids[number])
                for inside in sorted(wanted[sentence]):
                    rows.append(number)
                    columns.append(inside + 1)  # +1 for the sentence mark in front
                    keys.append((sentence, inside, length))
            rows_array, columns_array = np.array(rows), np.array(columns)
            lengths = np.array([length for _, _, length in keys])
            hidden = np.concatenate(
                [forward[rows_array, columns_array], backward[rows_array, lengths - 1 - columns_array]], axis=1
            )
            logits = np.maximum(hidden @ self._w0 + self._b0, 0) @ self._w1 + self._b1
            for row, (sentence, inside, _) in zip(logits, keys):
                readings = self._readings[sentence[inside]]
                self._cache[(sentence, inside)] = {
                    reading: float(row[self._class_ids[reading]]) for reading in readings if reading in self._class_ids
                }

    def _states(self, ids: list[list[int]], reverse: bool):
        """The LSTM's hidden state after every character of every row (rows padded at the end): [rows, steps, hidden]."""
        np = self._np
        projected, recurrent = self._directions[1 if reverse else 0]
        width = max(len(row) for row in ids)
        matrix = np.zeros((len(ids), width), dtype=np.int64)
        for number, row in enumerate(ids):
            matrix[number, : len(row)] = row
        inputs = projected[matrix]  # [rows, steps, 4 * hidden]
        size = self._hidden
        h = np.zeros((len(ids), size), dtype=np.float32)
        c = np.zeros_like(h)
        states = np.empty((len(ids), width, size), dtype=np.float32)
        for step in range(width):
            gates = inputs[:, step] + h @ recurrent
            sig = 1.0 / (1.0 + np.exp(-gates[:, : 2 * size]))  # input and forget gates together
            cell = np.tanh(gates[:, 2 * size : 3 * size])
            out = 1.0 / (1.0 + np.exp(-gates[:, 3 * size :]))
            c = sig[:, size:] * c + sig[:, :size] * cell
            h = out * np.tanh(c)
            states[:, step] = h
        return states
