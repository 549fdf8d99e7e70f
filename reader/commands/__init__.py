"""The command line's commands, one module each; each module has ``register(subparsers)``.

Each command's parser sets ``run(session, args) -> int`` as its default.
"""

from __future__ import annotations

import importlib

# command name -> module under reader.commands that registers it
COMMAND_MODULES = {
    "lookup": "dictionary",
    "search": "dictionary",
    "annotate": "annotate",
    "import": "importing",
    "vocab": "vocabulary",
    "stats": "stats",
    "export": "export",
    "prestudy": "prestudy",
    "say": "say",
    "library": "library",
    "words": "words",
}


def load_command_modules():
    """Each command module once, in a stable order."""
    names = dict.fromkeys(COMMAND_MODULES.values())
    return [importlib.import_module(f"reader.commands.{name}") for name in names]


def write_json(data) -> None:
    """Print ``data`` as UTF-8 JSON (hanzi kept readable)."""
    import json
    import sys

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
