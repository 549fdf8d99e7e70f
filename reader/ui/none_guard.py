"""A guard against a PySide6 6.12 binding bug on Python 3.11: void calls and signal emissions drop references.

CPython 3.11 still counts references to None (3.12 made it immortal, PEP 683). With PySide6-Essentials 6.12.0,
``widget.setMouseTracking(True)``, ``painter.setPen(colour)`` and every other method returning void give back a
None they never took a reference to, so None's count (about 5,000 at start) falls by one per call and Python aborts
with "Fatal Python error: none_dealloc" after a few thousand calls: a minute of scrolling in the reading view.
Emitting a signal does the same to True ("bool_dealloc"). Until the bindings are fixed, None, True and False get
counts no session can use up (what 3.12 does for them anyway).
"""

from __future__ import annotations

import sys

_MARGIN = 1 << 40  # at a million void calls a second, 12 days of use
_applied = False


def leaked_singletons() -> list:
    """The singletons whose reference count a void Qt call or a signal emission lowers (this module's bug)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return []  # immortal singletons, another interpreter, or a debug build (whose object header differs)
    from PySide6.QtCore import QObject

    probe = QObject()
    counts = {id(o): sys.getrefcount(o) for o in (None, True, False)}
    for _ in range(64):
        probe.setObjectName("probe")  # a void method
        probe.objectNameChanged.emit("probe")  # emit() returns a bool
    return [o for o in (None, True, False) if sys.getrefcount(o) < counts[id(o)] - 32]


def protect_none() -> bool:
    """Give the singletons the bug drops a reference count it cannot exhaust, once; True if that was needed."""
    global _applied
    if _applied:
        return True
    leaked = leaked_singletons()
    if not leaked:
        return False
    import ctypes

    for singleton in (None, True, False):  # all three: which of them a given call drops varies
        ctypes.c_ssize_t.from_address(id(singleton)).value += _MARGIN  # ob_refcnt is every object's first field
    _applied = True
    return True
