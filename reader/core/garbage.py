"""Pausing Python's garbage collector around work that builds many objects and makes no reference cycles."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collection_paused():
    """No collection passes inside the block; the collector is left as it was found (on or off) afterwards.

    Collection passes walk every young container object: loading a cache of hundreds of thousands of small objects
    or annotating a text whose words rarely repeat would pay for walks that find nothing, since neither makes
    reference cycles. Nested pauses keep the outer one: an inner block never switches collection back on early.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
