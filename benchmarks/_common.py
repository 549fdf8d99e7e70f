"""Shared helpers for the benchmarks: timing whole processes and reading their peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_xinhua.txt"
OUT = ROOT / "benchmarks" / "out"
# The shared data sits beside the clone (CI, /work/main) or beside the folder of work trees (/work/wt/NAME).
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()), ROOT.parent / "shared")


def novel(characters: int = 1_000_000) -> Path:
    """A text of about ``characters`` code points made of the sample page repeated (cached in benchmarks/out)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"novel-{characters}.txt"
    if not path.exists():
        page = SAMPLE.read_text(encoding="utf-8")
        repeats = characters // len(page) + 1
        path.write_text((page * repeats)[:characters], encoding="utf-8")
    return path


def run_process(argv: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """Run a whole process; return (wall seconds, peak resident memory in KiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{argv} failed: {process.stderr.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss


def cpu_process(argv: list[str], env: dict | None = None) -> tuple[float, int]:
    """Run a whole process; return (CPU seconds, user + system, of it and its children; peak resident KiB)."""
    started = os.times()
    _, peak = run_process(argv, env)
    ended = os.times()
    return (ended.children_user - started.children_user) + (ended.children_system - started.children_system), peak


def best_of(repeats: int, argv: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """(min seconds, median seconds, peak KiB) over ``repeats`` runs of a process."""
    runs = [run_process(argv, env) for _ in range(repeats)]
    times = [t for t, _ in runs]
    return min(times), statistics.median(times), max(m for _, m in runs)


def python() -> str:
    """The interpreter running the benchmark (the project's venv when run from it)."""
    return sys.executable


def compile_modules() -> None:
    """Yuedu's modules compiled once, as an installed copy has them (pip writes the .pyc files; jieba's and
    pypinyin's are): a checkout run with PYTHONDONTWRITEBYTECODE would compile ~10,000 lines in every measured
    process, and in the window on its workers, holding the interpreter lock."""
    subprocess.run([python(), "-m", "compileall", "-q", "reader", "main.py"], cwd=ROOT, check=True)
