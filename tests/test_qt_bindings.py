"""The Qt bindings the project installs must keep Python's reference counts intact."""

import sys

from PySide6.QtCore import QObject


def test_regression_none_dealloc_void_calls_keep_none_and_true_alive():
    # PySide6-Essentials 6.12.0 on CPython 3.11 released a reference to None on every void call and to True on
    # every signal emission: the reading view aborted with "none_dealloc" after a minute of scrolling.
    probe = QObject()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        probe.setObjectName("probe")
        probe.objectNameChanged.emit("probe")
    assert sys.getrefcount(None) >= none_before - 50
    assert sys.getrefcount(True) >= true_before - 50
