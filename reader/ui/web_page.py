"""File › Open Web Page: ask for an address; the window imports it like a file (reader.core.fetch does the fetching)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_web_address(parent: QWidget) -> str | None:
    """The address the learner typed or pasted (None when cancelled or empty)."""
    url, accepted = QInputDialog.getText(parent, "Open Web Page", "Address of the article (https://…):",
                                         QLineEdit.EchoMode.Normal, "https://")
    url = url.strip()
    return url if accepted and url not in ("", "https://", "http://") else None
