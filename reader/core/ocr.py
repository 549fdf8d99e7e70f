"""Text in pictures through offline OCR: rapidocr's PP-OCR models (shipped in its wheel) on onnxruntime.

One engine is loaded on first use and shared (loading takes ~0.3 s, a first recognition warms it up); it never
touches the network. Pictures are decoded with Pillow (PNG, JPEG, WebP; a phone photo's EXIF turn applied,
transparency laid on white). Recognised lines come back in reading order: rows top to bottom, or, when most lines
stand upright, columns from right to left as vertical Chinese is read. The detector's pieces of one row (or column)
are joined and read again as one strip, its ends widened (a closing quote after 。 is often cut off).
"""

from __future__ import annotations

import threading
from io import BytesIO

from reader.core.errors import UserError
from reader.core.importers.base import Progress
from reader.core.importers.layout import Line

MIN_SCORE = 0.5  # rapidocr's own floor: below it a "line" is mostly a texture read as letters
MAX_PIXELS = 60_000_000  # a 60 MP photo is as large as phones take; beyond that is a decompression bomb, not a picture
_ENGINE = None
_ENGINE_LOCK = threading.Lock()
# Det.limit_type "max": never upscale (the default scales the short side up to 736 px, 5x slower on screenshots),
# shrink only pictures whose long side passes 2000 px
_PARAMS = {"Global.log_level": "error", "Det.limit_type": "max", "Det.limit_side_len": 2000}


def engine():
    """The shared rapidocr engine, loaded on first use (raises UserError when OCR is not installed)."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            try:
                from rapidocr import RapidOCR
            except ImportError:
                raise UserError("text recognition (OCR) is not installed: pip install rapidocr onnxruntime") from None
            _ENGINE = RapidOCR(params=dict(_PARAMS))
        return _ENGINE


def decode_picture(data: bytes, name: str):
    """The picture in ``data`` as a BGR pixel array (UserError naming ``name`` when it is not a readable picture)."""
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as picture:
            if picture.width * picture.height > MAX_PIXELS:
                raise UserError(f"{name}: the picture is too large to read ({picture.width}×{picture.height} pixels)")
            picture = ImageOps.exif_transpose(picture)
            if picture.mode in ("RGBA", "LA", "PA", "P") and (picture.mode != "P" or "transparency" in picture.info):
                rgba = picture.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))  # transparent screenshots: text on white
                flat.paste(rgba, mask=rgba.getchannel("A"))
                picture = flat
            pixels = np.asarray(picture.convert("RGB"))
    except UserError:
        raise
    except UnidentifiedImageError:
        raise UserError(f"{name}: not a readable picture (PNG, JPEG or WebP)") from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise UserError(f"{name}: not a readable picture (the file is damaged or cut short)") from None
    if pixels.ndim != 3 or min(pixels.shape[:2]) < 4:
        raise UserError(f"{name}: the picture is too small to hold text")
    return np.ascontiguousarray(pixels[..., ::-1])


def recognise(pixels, progress: Progress | None = None) -> list[Line]:
    """The text of a BGR picture as lines in reading order (vertical columns lie as lines; see ``reading_order``)."""
    ocr = engine()
    if progress:
        progress(0.2)
    with _ENGINE_LOCK:  # one recognition at a time: the engine keeps per-call state
        found = ocr(pixels, use_cls=False, use_rec=False)
        boxes = getattr(found, "boxes", None)
        if boxes is None or not len(boxes):
            return []
        pieces = [_Piece(box) for box in boxes]
        vertical = is_vertical(pieces)
        rows = _rows([piece.turned(pixels.shape[1]) for piece in pieces] if vertical else pieces)
        if progress:
            progress(0.5)
        texts, scores = _read_rows(ocr, pixels, rows, vertical)
    if progress:
        progress(1.0)
    lines = []
    for row, text, score in zip(rows, texts, scores):
        text = " ".join(str(text).split()).replace("・", "·")  # the model's Japanese middle dot: Chinese names use ·
        if text and score >= MIN_SCORE:
            places = [piece.place for piece in row]
            lines.append(Line(text, min(p.top for p in row), max(p.bottom for p in row), min(p.left for p in row),
                              max(p.right for p in row), place=_union(places)))
    return lines


class _Piece:
    """A box the detector found: its four corners (clockwise from the top left) and its upright extent."""

    def __init__(self, corners, turned_from: "_Piece | None" = None, width: float = 0.0):
        import numpy as np

        self.corners = np.asarray(corners, dtype=np.float32)
        xs, ys = self.corners[:, 0], self.corners[:, 1]
        if turned_from is None:
            self.left, self.top, self.right, self.bottom = float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())
            self.place = (round(self.left), round(self.top), round(self.right), round(self.bottom))
        else:  # a column seen as a line: top is the distance from the right edge, left the distance from the top
            source = turned_from
            self.left, self.top, self.right, self.bottom = source.top, width - source.right, source.bottom, width - source.left
            self.place = source.place

    def turned(self, width: float) -> "_Piece":
        """The piece of a column as a piece of a line (columns from the right edge as lines from the top)."""
        return _Piece(self.corners, turned_from=self, width=width)


def is_vertical(pieces) -> bool:
    """Whether the text stands in columns: most boxes that hold more than one character are much taller than wide."""
    sizes = [(p.right - p.left, p.bottom - p.top) for p in pieces]
    longer = [(w, h) for w, h in sizes if max(w, h) > 1.8 * min(w, h)]
    return bool(longer) and sum(h > w for w, h in longer) * 2 > len(longer)


def _read_rows(ocr, pixels, rows, vertical: bool):
    """Recognise each row as one strip of the picture, its ends widened a little (a closing quote or a full stop at a
    line's end often falls outside the detector's box)."""
    import numpy as np
    from rapidocr.utils.process_img import get_rotate_crop_image

    strips = []
    height, width = pixels.shape[:2]
    for row in rows:
        # the row's box in the frame of its longest piece (a skewed photo's line stays skewed), widened along its length
        main = max(row, key=lambda p: p.right - p.left).corners
        along = (main[3] - main[0]) if vertical else (main[1] - main[0])
        along = along / (float(np.linalg.norm(along)) or 1.0)
        side = np.array([along[1], -along[0]] if vertical else [-along[1], along[0]], dtype=np.float32)  # right / down
        points = np.concatenate([p.corners for p in row])
        a, b = points @ along, points @ side
        a0, a1, b0, b1 = a.min(), a.max(), b.min(), b.max()
        a0, a1 = a0 - 0.45 * (b1 - b0), a1 + 0.45 * (b1 - b0)
        frame = ((a0, b0), (a0, b1), (a1, b1), (a1, b0)) if vertical else ((a0, b0), (a1, b0), (a1, b1), (a0, b1))
        corners = np.array([along * x + side * y for x, y in frame], dtype=np.float32)
        corners[:, 0] = corners[:, 0].clip(0, width - 1)
        corners[:, 1] = corners[:, 1].clip(0, height - 1)
        strips.append(get_rotate_crop_image(pixels, corners))
    strips, _ = ocr.cls_and_rotate(strips)
    result = ocr.recognize_txt(strips)
    return list(result.txts or [""] * len(rows)), list(result.scores or [0.0] * len(rows))


def _union(places) -> tuple[int, int, int, int]:
    return (min(p[0] for p in places), min(p[1] for p in places), max(p[2] for p in places), max(p[3] for p in places))


def _rows(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped into rows (top to bottom), each row's pieces left to right: a piece joins a row it overlaps by
    half its height and follows closely (a piece across a wide gap is another column's line; one beside it along the
    row is the next line of a skewed photo)."""
    rows: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.top + p.bottom) / 2):
        height = piece.bottom - piece.top
        for row in reversed(rows[-3:]):
            top, bottom = max(p.top for p in row), min(p.bottom for p in row)
            overlap = min(bottom, piece.bottom) - max(top, piece.top)
            gap = max(piece.left - max(p.right for p in row), min(p.left for p in row) - piece.right)
            if overlap > 0.5 * min(height, bottom - top) and -0.5 * height < gap < 2 * max(height, bottom - top):
                row.append(piece)
                break
        else:
            rows.append([piece])
    for row in rows:
        row.sort(key=lambda p: p.left)
    return rows
