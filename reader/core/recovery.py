"""Opening what the window needs whatever state the disk is in: a damaged, foreign, read-only or full data directory.

The window must always start. Each problem becomes one plain sentence for the window to show; a damaged file is
moved aside untouched (by the store that found it) and a new one started; what cannot be opened at all is kept in
memory for this session, and the learner is told nothing will be kept.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reader.core.errors import UserError


def open_data_dir(session) -> list[str]:
    """Make sure the session has a data directory (a temporary one when its own cannot be made); the problem, if any."""
    try:
        session.data_dir
    except UserError as error:
        temporary = Path(tempfile.mkdtemp(prefix="yuedu-unsaved-"))
        session.__dict__["data_dir"] = temporary
        return [f"{error}. Yuedu works in {temporary} for now: nothing read or saved will be kept."]
    return []


def open_stores(session) -> list[str]:
    """Open the session's data directory, library and vocabulary, falling back as needed; the problems, in words."""
    problems = open_data_dir(session)
    problems += _open_store(session, "library")
    problems += _open_store(session, "vocabulary")
    return problems


def _open_store(session, name: str) -> list[str]:
    problems: list[str] = []
    for _ in range(2):  # a damaged file is moved aside on the first try: the second starts a new one
        try:
            store = getattr(session, name)
        except UserError as error:
            if str(error) not in problems:
                problems.append(str(error))
            continue
        if store.read_only:
            problems.append(f"{store.path}: opened read-only (the data directory cannot be written): "
                            "reading works, changes will not be saved.")
        return problems
    session.__dict__[name] = _in_memory(session, name)
    problems.append(f"The {name} is kept in memory for this session only: nothing added to it will be kept.")
    return problems


def _in_memory(session, name: str):
    if name == "library":
        from reader.core import library

        return library.Library.in_memory(session.data_dir / library.FILE_NAME, library.MIGRATIONS, library.APPLICATION_ID)
    from reader.core import vocabulary

    return vocabulary.VocabularyStore.in_memory(session.data_dir / vocabulary.FILE_NAME, vocabulary.MIGRATIONS,
                                                vocabulary.APPLICATION_ID)
