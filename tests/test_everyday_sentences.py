"""Everyday sentences of our own, every polyphone in each read as a reader reads it, names, dates and numbers cut whole.

The sentences are in tests/everyday/*.tsv by genre (novel narration and dialogue, chat, recipes, school, office,
subtitles, traditional text, everyday polyphones); benchmarks/bench_everyday.py describes the format and reports the
figures with pypinyin and g2pM beside Yuedu's. A line marked 'miss' is a known miss (strict: fixing it fails until
the mark is removed).
"""

import pytest

from benchmarks.bench_everyday import check, load, polyphones, unlisted_polyphones

ITEMS = load()


def test_the_set_is_large_and_covers_every_genre():
    genres = {item["genre"] for item in ITEMS}
    assert len(ITEMS) >= 1500
    assert genres >= {"novel", "chat", "recipe", "school", "office", "subtitles", "traditional", "daily"}
    assert sum(len(item["gold"]) for item in ITEMS) >= 5000


def test_every_polyphone_of_every_sentence_has_its_gold_reading():
    missing = [(item["genre"], item["line"], unlisted_polyphones(item)) for item in ITEMS if unlisted_polyphones(item)]
    assert missing == []


def test_gold_readings_are_readings_the_dictionary_has(dictionary):
    odd = []
    for item in ITEMS:
        for index, reading in item["gold"]:
            char = item["text"][index]
            known = {e.numbered.lower() for e in dictionary.lookup(char)} | {"r5"}
            if reading.lower() not in known and reading[:-1] + "5" not in known and not reading.endswith("5"):
                odd.append((item["genre"], item["line"], char, reading))
    assert odd == []


# keyed by "genre:line sentence", which is also the test's id (shown as written: see conftest.py)
BY_KEY = {f"{item['genre']}:{item['line']} {item['marked']}": item for item in ITEMS}


def _cases():
    for key, item in BY_KEY.items():
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if item["miss"] else []
        yield pytest.param(key, marks=marks)


@pytest.mark.parametrize("sentence", list(_cases()))
def test_everyday_sentence(annotator, sentence):
    assert check(annotator, BY_KEY[sentence]) == []


def test_polyphone_set_is_the_dictionarys():
    assert {"还", "得", "长", "行", "着", "和", "倒", "落"} <= polyphones()
    assert "我" not in polyphones()
