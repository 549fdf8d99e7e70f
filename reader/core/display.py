"""Whether the window can start here, checked before Qt loads: on Linux, Qt's X11 (xcb) platform aborts the whole
process (SIGABRT) when one of its libraries is missing or there is no display; we say which, in one line."""

from __future__ import annotations

import os
import sys

# What Qt 6's xcb platform plugin loads beyond the X11 basics a desktop has, with the Debian/Ubuntu package of each
XCB_LIBRARIES = (
    ("libxcb.so.1", "libxcb1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
)


def uses_xcb(environ=None, platform: str | None = None) -> bool:
    """Whether Qt will start on X11 here: Linux, and QT_QPA_PLATFORM names xcb first or is unset outside Wayland."""
    environ = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return False
    requested = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if requested:
        return requested == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def missing_libraries(names=XCB_LIBRARIES) -> list[tuple[str, str]]:
    """The (library, package) pairs the dynamic loader cannot load, as Qt's plugin would ask for them."""
    import ctypes

    missing = []
    for library, package in names:
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append((library, package))
    return missing


def startup_problem(environ=None, platform: str | None = None) -> str | None:
    """One line saying why the window cannot start here (missing X11 libraries, no display), or None."""
    environ = os.environ if environ is None else environ
    if not uses_xcb(environ, platform):
        return None
    missing = missing_libraries()
    if missing:
        libraries = ", ".join(library for library, _ in missing)
        packages = " ".join(package for _, package in missing)
        return f"the window needs Qt's X11 libraries {libraries}: install them with sudo apt install {packages}"
    display = environ.get("DISPLAY")
    if not display:
        return ("no display to open the window on (DISPLAY is not set): start it from a desktop session, "
                "or use the command line (python main.py --help)")
    if not _can_connect(display):
        return f"cannot connect to the display {display}: is the X server running, and may this user use it?"
    return None


def _can_connect(display: str) -> bool:
    """Whether an X connection to ``display`` opens (libxcb, as Qt will connect)."""
    import ctypes

    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)
