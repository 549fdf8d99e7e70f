"""The main window (placeholder until the reading view lands): shows the opened text as plain text."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QPlainTextEdit

from reader.core import paths
from reader.core.errors import UserError
from reader.core.textfile import read_text_file


class MainWindow(QMainWindow):
    """A window showing one text verbatim."""

    def __init__(self, text: str, title: str):
        super().__init__()
        self.setWindowTitle(f"{title} — Yuedu")
        view = QPlainTextEdit(self)
        view.setReadOnly(True)
        view.setPlainText(text)  # plain text: article text is never interpreted as HTML
        self.setCentralWidget(view)
        self.resize(1100, 760)


def run(args) -> int:
    """Open the window on the given file (or the sample page) and run the event loop."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    path = Path(args.files[0]) if args.files else paths.sample_path()
    try:
        decoded = read_text_file(path)
    except UserError as error:
        QMessageBox.critical(None, "Yuedu", str(error))
        return 2
    window = MainWindow(decoded.text, path.name)
    window.show()
    if args.screenshot:
        app.processEvents()
        window.grab().save(args.screenshot)
        return 0
    return app.exec()
