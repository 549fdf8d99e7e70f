import marshal

import pytest

from reader.core.dictionary import CACHE_FORMAT, Dictionary, DictionaryError


def readings(entries):
    return [(e.simplified, e.traditional, e.pinyin, e.numbered) for e in entries]


@pytest.mark.parametrize(
    "word, expected",
    [
        ("行", [("行", "行", "háng", "hang2"), ("行", "行", "héng", "heng2"), ("行", "行", "xíng", "xing2")]),
        ("长", [("长", "長", "cháng", "chang2"), ("长", "長", "zhǎng", "zhang3")]),
        ("長", [("长", "長", "cháng", "chang2"), ("长", "長", "zhǎng", "zhang3")]),
        (
            "了",
            [("了", "了", "le", "le5"), ("了", "了", "liǎo", "liao3"), ("了", "瞭", "liǎo", "liao3"), ("了", "瞭", "liào", "liao4")],
        ),
        ("女儿", [("女儿", "女兒", "nǚ ér", "nu:3 er2")]),
        ("绿色", [("绿色", "綠色", "lǜ sè", "lu:4 se4")]),
        ("一点儿", [("一点儿", "一點兒", "yī diǎn r", "yi1 dian3 r5")]),
    ],
)
def test_lookup_keeps_every_homograph(dictionary, word, expected):
    assert readings(dictionary.lookup(word))[: len(expected)] == expected
    assert len(dictionary.lookup(word)) == len(expected)


def test_lookup_definitions_are_split_senses(dictionary):
    [bank] = dictionary.lookup("银行")
    assert bank.definitions == ("bank", "CL:家[jia1],個|个[ge4]")
    assert bank.to_json() == {
        "simplified": "银行",
        "traditional": "銀行",
        "pinyin": "yín háng",
        "numbered": "yin2 hang2",
        "definitions": ["bank", "CL:家[jia1],個|个[ge4]"],
    }


def test_lookup_of_unknown_word_is_empty(dictionary):
    assert dictionary.lookup("无此词") == []


@pytest.mark.parametrize("query", ["yin2 hang2", "yinhang", "yínháng", "银行", "bank"])
def test_search_puts_yinhang_first(dictionary, query):
    assert dictionary.search(query)[0].simplified == "银行"


def test_search_with_tones_excludes_other_tones(dictionary):
    results = dictionary.search("ma3")
    assert results and all(e.numbered.lower() == "ma3" for e in results)
    assert "马" in [e.simplified for e in results[:3]]


def test_search_by_english_prefers_exact_sense(dictionary):
    results = dictionary.search("daughter")
    assert results[0].simplified == "女儿"
    assert all("daughter" in " ".join(e.definitions).lower() for e in results)


def test_search_by_hanzi_lists_the_word_then_longer_words(dictionary):
    results = dictionary.search("行")
    assert [e.numbered for e in results[:3]] == ["hang2", "heng2", "xing2"]
    assert all("行" in e.simplified or "行" in e.traditional for e in results)
    assert results[3].simplified.startswith("行")


def test_cache_is_reused_and_keyed_by_source(tmp_path, monkeypatch):
    monkeypatch.setenv("YUEDU_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "mini.u8"
    source.write_text(
        "# a tiny CC-CEDICT\n"
        "銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/\n"
        "行 行 [xing2] /to walk/\n"
        "行 行 [hang2] /row/\n",
        encoding="utf-8",
    )
    first = Dictionary.load(source)
    assert [e.numbered for e in first.lookup("行")] == ["xing2", "hang2"]
    caches = list((tmp_path / "cache").glob("cedict-*.marshal"))
    assert len(caches) == 1
    second = Dictionary.load(source)
    assert second.lookup("銀行")[0].definitions == ("bank", "CL:家[jia1],個|个[ge4]")
    source.write_text("行 行 [xing2] /to go/\n", encoding="utf-8")
    third = Dictionary.load(source)
    assert third.lookup("行")[0].definitions == ("to go",)


@pytest.mark.parametrize(
    "content, message",
    [(None, "not found"), ("", "no CC-CEDICT entries"), ("just some text\n", "no CC-CEDICT entries")],
)
def test_unreadable_dictionary_is_a_clear_error(tmp_path, content, message):
    source = tmp_path / "dict.u8"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError, match=message):
        Dictionary.load(source)


@pytest.mark.parametrize(
    "damage",
    # garbage; and (regression) marshalled values of other shapes: a dict raised KeyError from the format check
    [b"\x00garbage", b"", marshal.dumps({"x": 1}), marshal.dumps([]), marshal.dumps((CACHE_FORMAT, b"abc"))],
    ids=["garbage", "empty", "a-dict", "an-empty-list", "fields-of-the-wrong-shape"],
)
def test_damaged_cache_is_rebuilt(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("YUEDU_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "mini.u8"
    source.write_text("行 行 [xing2] /to walk/\n", encoding="utf-8")
    Dictionary.load(source)
    [cache] = (tmp_path / "cache").glob("cedict-*.marshal")
    cache.write_bytes(damage)
    assert Dictionary.load(source).lookup("行")[0].definitions == ("to walk",)
    assert Dictionary.load(source).lookup("行")[0].definitions == ("to walk",)  # and the rebuilt cache reads back


def test_lookups_before_and_after_the_hash_index_is_built_agree(dictionary):
    # The first lookups of a process bisect the sorted keys (the dict costs 30 MiB a page's reading does not need)
    from reader.core.dictionary import BISECTED_LOOKUPS, Dictionary

    fresh = Dictionary.load()
    index = fresh._headwords
    keys = list(fresh.headwords())  # in sorted order: a key's place there is its position
    places = list(range(0, len(keys), max(1, len(keys) // 3000)))
    misses = ["不是词", "", "银行行长们", "\U0010ffff", "\x00"]
    assert len(places) + len(misses) < BISECTED_LOOKUPS
    assert [index.position(keys[p]) for p in places] == places
    assert [index.position(word) for word in misses] == [-1] * len(misses)
    assert index._positions is None  # still no dict
    index._hash_index()
    assert [index.position(keys[p]) for p in places] == places
    assert [index.position(word) for word in misses] == [-1] * len(misses)
    assert fresh.lookup("银行")[0].definitions[0] == "bank" and fresh.lookup("長城")[0].simplified == "长城"
