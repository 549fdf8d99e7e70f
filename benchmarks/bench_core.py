"""Foundation benchmarks: annotate vs bare jieba, dictionary cache vs parse, lookup latency, peak memory.

Run from the project root: python -m benchmarks.bench_core [--repeats N]
Every figure is a ratio against the bare libraries timed in the same run (these machines are noisy).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from benchmarks._common import ROOT, SAMPLE, best_of, compile_modules, cpu_process, novel, python, run_process

BARE_JIEBA = "import sys, jieba; jieba.setLogLevel(60); jieba.lcut(open(sys.argv[1], encoding='utf-8').read())"
BARE_JIEBA_PYPINYIN = (
    "import sys, jieba; from pypinyin import lazy_pinyin, Style; jieba.setLogLevel(60)\n"
    "words = jieba.lcut(open(sys.argv[1], encoding='utf-8').read())\n"
    "readings = [lazy_pinyin(w, style=Style.TONE3) for w in words]\n"
)
ANNOTATE_TO_NULL = (
    "import sys; sys.argv = ['yuedu', 'annotate', sys.argv[1], '--json']\n"
    "sys.stdout = open(__import__('os').devnull, 'w', encoding='utf-8')\n"
    "from reader.cli import main; raise SystemExit(main())\n"
)


def diverse_annotate(repeats: int, env: dict, names: list[str], repeated: bool = True) -> None:
    """annotate --json against bare jieba.lcut (time) and bare jieba + pypinyin (memory) on real, diverse text;
    whole processes, interleaved round by round, CPU seconds (user + system) and peak resident memory."""
    from benchmarks._texts import DIVERSE, describe, repeated_page

    texts = {name: DIVERSE[name]() for name in names}
    if repeated:
        texts["repeated page (second figure)"] = repeated_page()
    reference = dict(env, YUEDU_SEGMENTER="python")
    programs = {
        "bare jieba.lcut": (BARE_JIEBA, env),
        "bare jieba + pypinyin": (BARE_JIEBA_PYPINYIN, env),
        "annotate --json": (ANNOTATE_TO_NULL, env),
        "  same, Python jieba cut": (ANNOTATE_TO_NULL, reference),
    }
    for name, path in texts.items():
        for code, program_env in programs.values():  # warm every cache first
            run_process([python(), "-c", code, str(path)], program_env)
        runs: dict[str, list[tuple[float, int]]] = {label: [] for label in programs}
        for _ in range(repeats):
            for label, (code, program_env) in programs.items():
                runs[label].append(cpu_process([python(), "-c", code, str(path)], program_env))
        print(f"{name}: {describe(path)}; best of {repeats}, interleaved")
        bare_time = min(t for t, _ in runs["bare jieba.lcut"])
        bare_peak = max(m for _, m in runs["bare jieba + pypinyin"])
        for label, measured in runs.items():
            best = min(t for t, _ in measured)
            peak = max(m for _, m in measured)
            print(f"  {label:24} {best:6.2f} s CPU  {best / bare_time:5.2f}x lcut   peak {peak / 1024:5.0f} MiB"
                  f"  {peak / bare_peak:4.2f}x jieba+pypinyin")


def annotate_vs_jieba(repeats: int, env: dict) -> None:
    text = novel()
    for code in (BARE_JIEBA, ANNOTATE_TO_NULL):  # warm every cache (jieba's model, our dictionary) first
        best_of(1, [python(), "-c", code, str(text)], env)
    jieba_time, jieba_median, jieba_peak = best_of(repeats, [python(), "-c", BARE_JIEBA, str(text)], env)
    both_time, both_median, both_peak = best_of(repeats, [python(), "-c", BARE_JIEBA_PYPINYIN, str(text)], env)
    ours_time, ours_median, ours_peak = best_of(repeats, [python(), "-c", ANNOTATE_TO_NULL, str(text)], env)
    print(f"1,000,000 characters, whole processes, best of {repeats} (median):")
    print(f"  bare jieba.lcut                 {jieba_time:6.2f} s ({jieba_median:.2f})   peak {jieba_peak / 1024:6.0f} MiB")
    print(f"  jieba + pypinyin per token      {both_time:6.2f} s ({both_median:.2f})   ratio {both_time / jieba_time:.2f}x")
    print(f"  yuedu annotate --json           {ours_time:6.2f} s ({ours_median:.2f})   ratio {ours_time / jieba_time:.2f}x"
          f"   peak {ours_peak / 1024:6.0f} MiB")


def memory_on_sample(env: dict) -> None:
    best_of(1, [python(), "-c", ANNOTATE_TO_NULL, str(SAMPLE)], env)  # build the caches before measuring
    bare = best_of(1, [python(), "-c", BARE_JIEBA_PYPINYIN, str(SAMPLE)], env)
    ours = best_of(1, [python(), "-c", ANNOTATE_TO_NULL, str(SAMPLE)], env)
    print("Peak memory on the sample page:")
    print(f"  bare jieba + pypinyin           {bare[2] / 1024:6.0f} MiB   {bare[0]:.2f} s")
    print(f"  yuedu annotate --json           {ours[2] / 1024:6.0f} MiB   {ours[0]:.2f} s   ratio {ours[2] / bare[2]:.2f}x")


def dictionary_cache(repeats: int) -> None:
    from reader.core.dictionary import Dictionary, default_source, parse_cedict

    parse_times = []
    for _ in range(repeats):
        started = time.perf_counter()
        parse_cedict(default_source())
        parse_times.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["YUEDU_CACHE_DIR"] = cache
        started = time.perf_counter()
        Dictionary.load()
        first = time.perf_counter() - started
        cached = []
        for _ in range(repeats):
            started = time.perf_counter()
            dictionary = Dictionary.load()
            cached.append(time.perf_counter() - started)
    words = ["银行", "行", "長", "了", "马拉松", "无此词", "人工智能", "一点儿"] * 2000
    started = time.perf_counter()
    for word in words:
        dictionary.lookup(word)
    per_lookup = (time.perf_counter() - started) / len(words)
    print("CC-CEDICT (124k entries):")
    print(f"  bare parse of the file          {min(parse_times):6.3f} s")
    print(f"  first start (parse + index)     {first:6.3f} s")
    print(f"  later starts (cache)            {min(cached):6.3f} s   = {min(cached) / min(parse_times):.2f} of a bare parse")
    print(f"  lookup                          {per_lookup * 1e6:6.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--diverse-only", action="store_true", help="only annotate on the diverse texts")
    parser.add_argument("--texts", nargs="*", default=["cpp-dev", "sample-page", "headword-soup"])
    parser.add_argument("--no-repeated", action="store_true", help="leave out the repeated page (the second figure)")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("YUEDU_CACHE_DIR", str(Path(tempfile.gettempdir()) / "yuedu-bench-cache"))
    env["YUEDU_DATA_DIR"] = tempfile.mkdtemp(prefix="yuedu-bench-data-")
    compile_modules()
    diverse_annotate(args.repeats, env, args.texts, not args.no_repeated)
    if args.diverse_only:
        return
    dictionary_cache(args.repeats)
    memory_on_sample(env)
    annotate_vs_jieba(args.repeats, env)


if __name__ == "__main__":
    main()
