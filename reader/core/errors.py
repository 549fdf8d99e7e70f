"""The one exception type the front doors turn into a one-line message."""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` safe to show on one line of a terminal or a widget.

    Bytes of a file name that are not UTF-8 (lone surrogates) become ``\\xff``; control characters (an ANSI escape
    from a file, a newline) become ``\\x1b`` or a space, so nothing from a file can move the cursor or recolour a terminal.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if _CONTROLS.search(text):
        text = _CONTROLS.sub(lambda m: " " if m.group() in "\n\r\t" else f"\\x{ord(m.group()):02x}", text)
    return text


class UserError(Exception):
    """Bad input from the user (a missing file, an unreadable encoding): shown as one line, never a traceback."""

    def __init__(self, message: object = "", *args):
        super().__init__(printable(str(message)), *args)
