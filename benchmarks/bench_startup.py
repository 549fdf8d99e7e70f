"""Window start-up: from `python main.py --screenshot` process start to the window drawn with the sample page.

Run from the project root: python -m benchmarks.bench_startup [--repeats N]
The yardstick, timed in the same run, is a bare process that imports PySide6, jieba and pypinyin and
initialises jieba: the window must be on screen with the text before that bare cost (ratio <= 1.0), because
jieba warms up in the background while the text is already readable.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks._common import ROOT, best_of, python

BARE = (
    "import PySide6.QtWidgets, jieba, pypinyin, logging\n"
    "jieba.setLogLevel(logging.WARNING)\n"
    "jieba.initialize()\n"
)
MARKER = "yuedu-first-paint"


def window_run(data_dir: str, out: Path, env: dict) -> tuple[float, float]:
    """(seconds to the first frame with the sample page, seconds to the finished screenshot) for one process."""
    started_wall = time.time()
    started = time.perf_counter()
    done = subprocess.run(
        [python(), str(ROOT / "main.py"), "--screenshot", str(out), "--data-dir", data_dir],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )
    total = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    line = next(line for line in done.stderr.splitlines() if line.startswith(MARKER))
    painted_at = float(line.split()[1])
    return painted_at - started_wall, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YUEDU_TRACE_STARTUP="1")
    with tempfile.TemporaryDirectory() as data_dir:
        out = Path(data_dir) / "window.png"
        window_run(data_dir, out, env)  # warm every cache (dictionary, jieba's model) first
        best_of(1, [python(), "-c", BARE], env)
        bare_times, painted, totals = [], [], []
        for _ in range(args.repeats):  # interleaved, so both sides see the same machine load
            bare_times.append(best_of(1, [python(), "-c", BARE], env)[0])
            first, total = window_run(data_dir, out, env)
            painted.append(first)
            totals.append(total)
    bare = min(bare_times)
    print(f"Window start-up, whole processes, best of {args.repeats} (median), offscreen:")
    print(f"  bare: import PySide6+jieba+pypinyin, jieba.initialize()  {bare:6.3f} s ({statistics.median(bare_times):.3f})")
    print(f"  yuedu: process start to sample page drawn       {min(painted):6.3f} s ({statistics.median(painted):.3f})"
          f"   ratio {min(painted) / bare:.2f}x (median {statistics.median(painted) / statistics.median(bare_times):.2f}x)")
    print(f"  yuedu: to screenshot written (segmented, all)   {min(totals):6.3f} s ({statistics.median(totals):.3f})"
          f"   ratio {min(totals) / bare:.2f}x")


if __name__ == "__main__":
    main()
