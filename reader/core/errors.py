"""The one exception type the front doors turn into a one-line message."""


class UserError(Exception):
    """Bad input from the user (a missing file, an unreadable encoding): shown as one line, never a traceback."""
