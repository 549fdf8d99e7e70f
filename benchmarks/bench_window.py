"""The window with real text: peak memory, start to drawn, page fully segmented, and how long the UI thread blocks.

Run from the project root: python -m benchmarks.bench_window [--repeats N] [--huge] [--big-mb N]

Every figure is a whole process (offscreen), against bare processes timed in the same run, interleaved:
- memory and start: ``main.py FILE --screenshot`` with the sample page, against a bare process that imports
  PySide6, jieba and pypinyin and initialises jieba (what any jieba + pypinyin + Qt reader pays);
- fully segmented: process start to the window's last token in place, against a bare process that imports jieba
  and runs ``jieba.lcut`` over the same page;
- responsiveness (``--huge``): the real window opens a file and segments it while a 5 ms timer on the UI thread
  notes every gap between its ticks and the view is scrolled a page every 100 ms; the longest gap is the longest
  the window could not answer (and the CPU time the process used in each gap: about the gap on an idle machine,
  as on a loaded one the gaps are mostly other processes' turns). Files: one line of 2,000,000 characters, and a file of ``--big-mb`` megabytes
  (the CPP sentences repeated, line by line).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import OUT, ROOT, SAMPLE, compile_modules, python, run_process
from benchmarks._texts import cpp_text, long_line

BARE_WINDOW = (
    "import PySide6.QtWidgets, jieba, pypinyin, logging\n"
    "jieba.setLogLevel(logging.WARNING)\n"
    "jieba.initialize()\n"
)
BARE_LCUT = (
    "import sys, jieba, logging\n"
    "jieba.setLogLevel(logging.WARNING)\n"
    "jieba.lcut(open(sys.argv[1], encoding='utf-8').read())\n"
)
FIRST_PAINT = "yuedu-first-paint"
SEGMENTED = "yuedu-segmented"
TICK_SECONDS = 0.005
SCROLL_SECONDS = 0.1


def big_file(megabytes: int) -> Path:
    """The CPP sentences repeated, line by line, to about ``megabytes`` MB of UTF-8 (cached in benchmarks/out)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"cpp-{megabytes}mb.txt"
    if not path.exists():
        chunk = cpp_text().read_bytes()
        with open(path, "wb") as out:
            for _ in range(max(1, megabytes * 1_000_000 // len(chunk))):
                out.write(chunk)
    return path


def window_run(text: Path, data_dir: str, env: dict) -> dict:
    """One ``main.py FILE --screenshot`` process: seconds to first paint and to segmented, total, peak MiB."""
    started_wall = time.time()
    started = time.perf_counter()
    process = subprocess.Popen(
        [python(), str(ROOT / "main.py"), str(text), "--screenshot", str(Path(data_dir) / "w.png"), "--data-dir", data_dir],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True,
    )
    _, status, usage = os.wait4(process.pid, 0)
    total = time.perf_counter() - started
    errors = process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(errors)
    marks = {line.split()[0]: float(line.split()[1]) - started_wall for line in errors.splitlines()
             if line.startswith((FIRST_PAINT, SEGMENTED))}
    return {"painted": marks[FIRST_PAINT], "segmented": marks[SEGMENTED], "total": total,
            "peak": usage.ru_maxrss / 1024}


def page_figures(repeats: int) -> None:
    """Memory, start to drawn and fully segmented on the sample page, against the bare processes, interleaved."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YUEDU_TRACE_STARTUP="1")
    bare_window, bare_lcut, runs = [], [], []
    with tempfile.TemporaryDirectory() as data_dir:
        window_run(SAMPLE, data_dir, env)  # caches warm on both sides
        run_process([python(), "-c", BARE_LCUT, str(SAMPLE)], env)
        for _ in range(repeats):
            bare_window.append(run_process([python(), "-c", BARE_WINDOW], env))
            bare_lcut.append(run_process([python(), "-c", BARE_LCUT, str(SAMPLE)], env))
            with tempfile.TemporaryDirectory() as fresh:  # a learner's first start with this page (caches warm)
                runs.append(window_run(SAMPLE, fresh, env))
    page = SAMPLE.read_text(encoding="utf-8")
    bare_seconds = min(t for t, _ in bare_window)
    lcut_seconds = min(t for t, _ in bare_lcut)
    bare_peak = min(m for _, m in bare_window) / 1024
    peak = max(r["peak"] for r in runs)
    painted = min(r["painted"] for r in runs)
    segmented = min(r["segmented"] for r in runs)
    print(f"The window with the sample page ({len(page):,} characters), whole processes, offscreen, best of {repeats} "
          f"(median), load {os.getloadavg()[0]:.1f}:")
    print(f"  peak memory: bare PySide6+jieba+pypinyin, jieba initialised {bare_peak:6.0f} MiB;"
          f" window {peak:6.0f} MiB ({min(r['peak'] for r in runs):.0f}-{peak:.0f}); goal 250 MiB")
    print(f"  start to drawn: bare imports {bare_seconds:.3f} s ({statistics.median(t for t, _ in bare_window):.3f});"
          f" window {painted:.3f} s ({statistics.median(r['painted'] for r in runs):.3f})"
          f"  ratio {painted / bare_seconds:.2f}x (goal <= 1.0)")
    print(f"  fully segmented: bare jieba.lcut process {lcut_seconds:.3f} s ({statistics.median(t for t, _ in bare_lcut):.3f});"
          f" window {segmented:.3f} s ({statistics.median(r['segmented'] for r in runs):.3f})"
          f"  ratio {segmented / lcut_seconds:.2f}x (goal <= 1.3)")


# -- responsiveness: runs inside the probed process ------------------------------------------------------------------


def probe(path: str, limit: float) -> dict:
    """Open ``path`` in the real window (offscreen) and time the UI thread's longest gap until it is segmented."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.recovery import open_data_dir, open_stores
    from reader.core.session import Session
    from reader.ui import operations
    from reader.ui.main_window import DEFAULT_SIZE, MainWindow
    from reader.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    data_dir = tempfile.mkdtemp(prefix="yuedu-window-bench-")
    session = Session(data_dir=data_dir)
    open_data_dir(session)
    open_stores(session)
    window = MainWindow(session, Settings.load(session.data_dir), interactive=False)
    window.resize(*DEFAULT_SIZE)
    window.show()
    app.processEvents()

    ticks: list[tuple[float, float]] = []  # (wall clock, the process's CPU time)
    gaps: list[tuple[float, float, float]] = []  # (gap seconds, when from the start, CPU seconds the process used in it)

    def tick() -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if ticks:
            gaps.append((now - ticks[-1][0], now - started, cpu - ticks[-1][1]))
        ticks.append((now, cpu))

    def scroll() -> None:  # a reader paging on while the file loads
        bar = window.view.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep() if bar.value() < bar.maximum() else 0)

    marks: dict[str, float] = {}
    loop = QEventLoop()
    window.article_opened.connect(lambda _key: marks.setdefault("opened", time.perf_counter() - started))
    window.segmentation_finished.connect(lambda _key: (marks.setdefault("segmented", time.perf_counter() - started), loop.quit()))
    window.import_failed.connect(lambda message: (marks.setdefault("failed", message), loop.quit()))
    ticker, scroller, deadline = QTimer(), QTimer(), QTimer()
    ticker.setInterval(int(TICK_SECONDS * 1000))
    ticker.timeout.connect(tick)
    scroller.setInterval(int(SCROLL_SECONDS * 1000))
    scroller.timeout.connect(scroll)
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    started = time.perf_counter()
    ticker.start()
    scroller.start()
    deadline.start(int(limit * 1000))
    window.open_paths([path])
    loop.exec()
    ticker.stop()
    scroller.stop()
    stalls = sorted(gaps, reverse=True)
    durations = sorted(g for g, _, _ in gaps)
    # on a loaded machine a gap is mostly other processes' turns; the CPU time this process used in it (its threads
    # take turns on the GIL) is about what the gap would be on an idle machine
    busy = sorted(((cpu, at) for _, at, cpu in gaps), reverse=True)
    result = {
        "seconds": time.perf_counter() - started,
        "opened": marks.get("opened"),
        "segmented": marks.get("segmented"),
        "failed": marks.get("failed"),
        "longest": [(round(g * 1000, 1), round(at, 2)) for g, at, _ in stalls[:5]],
        "longest_cpu": [(round(cpu * 1000, 1), round(at, 2)) for cpu, at in busy[:5]],
        "over_100ms_cpu": sum(1 for cpu, _ in busy if cpu > 0.1),
        "p99_ms": round(durations[int(len(durations) * 0.99)] * 1000, 1) if durations else None,
        "over_100ms": sum(1 for g in durations if g > 0.1),
        "ticks": len(ticks),
        "peak_mib": round(__import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss / 1024),
    }
    window.close()  # as the app ends: the segmenter stopped, the workers' other work waited for or abandoned
    operations.shut_down(4_000)
    return result


def huge_figures(big_mb: int, limit: float) -> None:
    """The longest UI-thread gap while the window opens and segments huge inputs, each in its own process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cases = [("one line of 2,000,000 characters", long_line(2_000_000)), (f"a {big_mb} MB file", big_file(big_mb))]
    print(f"Responsiveness, the real window offscreen, 5 ms UI timer, a page scroll every 100 ms, "
          f"load {os.getloadavg()[0]:.1f}:")
    for name, path in cases:
        done = subprocess.run([python(), "-m", "benchmarks.bench_window", "--probe", str(path), "--limit", str(limit)],
                              capture_output=True, text=True, env=env, cwd=ROOT)
        if done.returncode != 0:
            print(f"  {name}: failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        opened = f"{result['opened']:.1f} s" if result["opened"] is not None else "not opened"
        segmented = f"{result['segmented']:.1f} s" if result["segmented"] is not None else f"not within {limit:.0f} s"
        print(f"  {name} ({path.stat().st_size / 1e6:.1f} MB): opened {opened}, segmented {segmented}; "
              f"longest UI gaps {result['longest']} (ms, at s); p99 {result['p99_ms']} ms; "
              f"{result['over_100ms']} gaps over 100 ms; peak {result['peak_mib']} MiB; "
              f"CPU time used in the longest gaps {result['longest_cpu']} (ms, at s), {result['over_100ms_cpu']} over 100 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--huge", action="store_true", help="also the 2,000,000-character line and the big file")
    parser.add_argument("--huge-only", action="store_true", help="only those")
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--limit", type=float, default=900, help="seconds a huge case may take")
    parser.add_argument("--probe", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe, args.limit)))
        return
    print(f"uptime: {os.popen('uptime').read().strip()}")
    compile_modules()
    if not args.huge_only:
        page_figures(args.repeats)
    if args.huge or args.huge_only:
        huge_figures(args.big_mb, args.limit)


if __name__ == "__main__":
    sys.exit(main())
