"""Slow work off the UI thread, results back on it by signal (after Anki's qt/aqt/operations).

``run_in_background(work, on_success, on_failure, on_progress)`` runs ``work(report)`` on a worker thread;
``report(value)`` may be called there any number of times.  Every callback runs on the UI thread.
"""

from __future__ import annotations

import threading
import traceback
from contextlib import contextmanager
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from shiboken6 import isValid

_pending: set["Operation"] = set()
_abandoned: set["Operation"] = set()  # given up at shutdown: their work stops at its next report, delivers nothing
_serial_pools: dict[str, QThreadPool] = {}
_ui_idle = threading.Event()
_ui_idle.set()
_ending = threading.Event()  # set by shut_down


class Operation(QObject):
    """One piece of background work; lives on the UI thread, so its slots run there."""

    _succeeded = Signal(object)
    _failed = Signal(object, str)
    _progressed = Signal(object)

    def __init__(self, on_success, on_failure, on_progress):
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self.cancelled = False
        # queued: emitted from the worker thread, delivered on the thread this object lives in (the UI thread)
        self._succeeded.connect(self._deliver_success, Qt.ConnectionType.QueuedConnection)
        self._failed.connect(self._deliver_failure, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Drop whatever the work still delivers (the work itself runs to its end)."""
        self.cancelled = True

    def _dropped(self, callback) -> bool:
        """Whether to drop a delivery: cancelled, or its callback belongs to a widget that has been deleted (a window
        closed while its article was being segmented)."""
        owner = getattr(callback, "__self__", None)
        return self.cancelled or callback is None or (isinstance(owner, QObject) and not isValid(owner))

    @Slot(object)
    def _deliver_progress(self, value) -> None:
        if not self._dropped(self._on_progress):
            self._on_progress(value)

    @Slot(object)
    def _deliver_success(self, value) -> None:
        _pending.discard(self)
        if not self._dropped(self._on_success):
            self._on_success(value)

    @Slot(object, str)
    def _deliver_failure(self, error, details) -> None:
        _pending.discard(self)
        if self.cancelled or (self._on_failure is not None and self._dropped(self._on_failure)):
            return
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            print(details, end="")


class _Abandoned(Exception):
    """Raised by ``report`` in work whose operation is gone (the program is ending): the work stops there."""


class _Task(QRunnable):
    def __init__(self, operation: Operation, work: Callable[[Callable[[Any], None]], Any]):
        super().__init__()
        self._operation = operation
        self._work = work

    def run(self) -> None:
        operation = self._operation
        try:
            result = self._work(lambda value: _emit(operation, operation._progressed, value))
        except _Abandoned:
            return
        except Exception as error:  # handed to on_failure on the UI thread; nothing escapes the worker
            _emit(operation, operation._failed, error, traceback.format_exc(), quiet=True)
        else:
            _emit(operation, operation._succeeded, result, quiet=True)


def _emit(operation: Operation, signal, *values, quiet: bool = False) -> None:
    """Send ``values`` to the UI thread, unless the operation was deleted or abandoned (the program ending while
    the work ran on): then raise :class:`_Abandoned` (``quiet``: do nothing), where emitting would print
    "Signal source has been deleted" from the worker."""
    if operation in _abandoned or not isValid(operation):
        if quiet:
            return
        raise _Abandoned()
    try:
        signal.emit(*values)
    except RuntimeError:
        if isValid(operation):
            raise
        if not quiet:  # deleted between the check and the emit
            raise _Abandoned() from None


def run_in_background(
    work: Callable[[Callable[[Any], None]], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[Exception], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    serial: str | None = None,
) -> Operation:
    """Run ``work(report)`` on a worker thread; work with the same ``serial`` name runs one at a time, in order."""
    operation = Operation(on_success, on_failure, on_progress)
    _pending.add(operation)
    pool = _serial(serial) if serial else QThreadPool.globalInstance()
    pool.start(_Task(operation, work))
    return operation


def _serial(name: str) -> QThreadPool:
    pool = _serial_pools.get(name)
    if pool is None:
        pool = _serial_pools[name] = QThreadPool()
        pool.setMaxThreadCount(1)
    return pool


def busy() -> bool:
    """Whether any operation has yet to deliver its result."""
    return bool(_pending)


def wait_until_idle(timeout_ms: int = 60_000) -> bool:
    """Process events until every operation has delivered (for tests, screenshots and shutdown)."""
    deadline = QDeadlineTimer(timeout_ms)
    while _pending and not deadline.hasExpired():
        QCoreApplication.processEvents()
        for pool in (QThreadPool.globalInstance(), *_serial_pools.values()):
            pool.waitForDone(5)
    QCoreApplication.processEvents()
    return not _pending


def shut_down(timeout_ms: int = 2_000) -> bool:
    """At exit, after the last window closed: let what is pending deliver, then abandon the rest (work stops at its
    next report or :func:`ending` check and delivers nothing) and wait for the workers to end, all within
    ``timeout_ms``, so none is left running Python while the interpreter ends. Whether every worker ended."""
    deadline = QDeadlineTimer(timeout_ms)
    wait_until_idle(max(0, deadline.remainingTime()) // 2)
    _ending.set()
    _abandoned.update(_pending)
    _pending.clear()
    pools = (QThreadPool.globalInstance(), *_serial_pools.values())
    for pool in pools:
        pool.waitForDone(max(0, deadline.remainingTime()))
    return all(pool.activeThreadCount() == 0 for pool in pools)


def ending() -> bool:
    """On a worker thread, between two steps of long work that reports seldom: whether the program is ending (stop)."""
    return _ending.is_set()


@contextmanager
def ui_busy():
    """On the UI thread, around work the reader waits for (painting a screen): background work that calls
    :func:`give_way` pauses meanwhile. Python runs one thread at a time, and a worker in the middle of segmenting
    would otherwise take every other turn, doubling the time a new screen takes to appear."""
    if not _ui_idle.is_set():  # nested: the outer one clears
        yield
        return
    _ui_idle.clear()
    try:
        yield
    finally:
        _ui_idle.set()


def give_way(timeout: float = 0.25) -> None:
    """On a worker thread, between two steps of long work: wait while the UI thread is busy (at most ``timeout``
    seconds, so a UI that stays busy never stops the work)."""
    _ui_idle.wait(timeout)
