"""Edit › Paste as New Article with a picture on the clipboard: its text, recognised offline, opens as an article."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QGuiApplication

from reader.ui import operations


def clipboard_picture() -> bytes | None:
    """The clipboard's picture as PNG bytes (None when it holds none)."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None or not mime.hasImage():
        return None
    image = QGuiApplication.clipboard().image()
    return None if image.isNull() else png_bytes(image)


def png_bytes(picture) -> bytes:
    """A QImage or QPixmap as the bytes of a PNG file."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    return bytes(buffer.data())


def open_picture(window, data: bytes) -> None:
    """Recognise the picture in the background, with progress; open its text as a new article."""
    window.import_progress.setRange(0, 0)
    window.import_progress.show()
    window.status_label.setText("Reading the text in the picture…")

    def imported(result) -> None:
        window._finish_import()
        keys = window.shelf.accept(result)
        window._refresh_library()
        if keys:
            window.open_article(keys[0])

    operations.run_in_background(
        lambda report: window.shelf.read_picture(data, report),
        on_success=imported,
        on_failure=lambda error: (window._finish_import(), window.report_error(error)),
        on_progress=window._import_progressed,
        serial="import",
    )
