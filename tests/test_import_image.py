"""Pictures of text read through offline OCR: drawn with Qt in a CJK font (tests/ocr_pictures.py), read back exactly
when clean and at least 95% right when photographed (blur, skew, grain). One engine serves every test (its load and
first run are the fixed cost)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.errors import UserError
from reader.core.importers import import_file
from tests.ocr_pictures import SERIF, TRADITIONAL, accuracy, degrade, encoded, render

ROOT = Path(__file__).resolve().parents[1]

DIALOGUE = ["“你明天还来吗？”她笑着问我。", "我想了想，说：“要是不下雨就来。”"]
RECIPE = ["把鸡蛋打散，加入少许盐和糖。", "锅里倒油，油热后倒入蛋液。"]
NOTICE = ["关于国庆节放假安排的通知", "各部门请于九月二十八日下午五点前提交工作总结。"]
TRADITIONAL_NEWS = ["臺北燈節今晚正式登場，吸引大批民眾前往觀賞。", "主辦單位表示，活動將持續到下週日。"]
POEM = ["床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"]


def _picture(tmp_path, name, image, kind="PNG"):
    path = tmp_path / name
    path.write_bytes(encoded(image, kind, 90 if kind != "PNG" else -1))
    return path


def _paragraphs(path):
    [article] = import_file(path).articles
    return article.paragraphs


def test_novel_dialogue_screenshot_reads_back_exactly_one_paragraph_per_block(ocr_engine, tmp_path):
    path = _picture(tmp_path, "对话.png", render([DIALOGUE[0], "", DIALOGUE[1]], size=28))
    assert _paragraphs(path) == DIALOGUE


def test_recipe_light_on_dark_as_jpeg_reads_back_exactly(ocr_engine, tmp_path):
    path = _picture(tmp_path, "菜谱.jpg", render([RECIPE[0], "", RECIPE[1]], size=24, dark=True), "JPEG")
    assert _paragraphs(path) == RECIPE


def test_office_notice_in_a_serif_font_as_webp_reads_back_exactly(ocr_engine, tmp_path):
    path = _picture(tmp_path, "通知.webp", render([NOTICE[0], "", NOTICE[1]], size=36, family=SERIF), "WEBP")
    assert _paragraphs(path) == NOTICE


def test_traditional_characters_read_back_as_traditional(ocr_engine, tmp_path):
    path = _picture(tmp_path, "燈節.png", render([TRADITIONAL_NEWS[0], "", TRADITIONAL_NEWS[1]], size=30, family=TRADITIONAL))
    assert _paragraphs(path) == TRADITIONAL_NEWS


def test_vertical_columns_read_from_right_to_left(ocr_engine, tmp_path):
    path = _picture(tmp_path, "静夜思.png", render(POEM, size=32, vertical=True))
    [article] = import_file(path).articles
    assert article.paragraphs == ["".join(POEM)]
    # each column knows its place: the first read is the rightmost
    first, second = article.paragraph_info[0]["ocr_lines"]
    assert first[0] == len(POEM[0]) and second[0] == len(POEM[0]) + len(POEM[1])
    assert first[1] > second[3]  # left edge of the first column lies right of the second's right edge


@pytest.mark.parametrize("lines, options", [
    (DIALOGUE, {"size": 26}),
    (RECIPE, {"size": 30, "dark": True}),
    (TRADITIONAL_NEWS, {"size": 30, "family": TRADITIONAL}),
    (POEM, {"size": 34, "vertical": True}),
], ids=["dialogue", "recipe-dark", "traditional", "vertical"])
def test_photographed_pictures_blurred_and_skewed_are_at_least_95_percent_right(ocr_engine, tmp_path, lines, options):
    path = _picture(tmp_path, "photo.jpg", degrade(render(lines, **options), blur=1.8, angle=2.5, noise=10), "JPEG")
    recognised = "".join(_paragraphs(path))
    assert accuracy("".join(lines), recognised) >= 0.95, recognised


def test_a_picture_without_text_is_one_line_and_stores_nothing(ocr_engine, tmp_path, run_cli, _isolated_data_dir):
    from reader.core.library import Library

    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor(120, 170, 220))
    painter = QPainter(image)
    painter.fillRect(100, 80, 200, 140, QColor(240, 200, 80))  # a sunny shape, no writing
    painter.end()
    path = _picture(tmp_path, "sky.png", image)
    status, out, err = run_cli("import", path)
    assert (status, out, err) == (2, "", f"yuedu: {path}: no text found in the picture\n")
    assert Library.open(_isolated_data_dir).documents() == []


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"not a picture at all", b""],
                         ids=["truncated-png", "text", "empty"])
def test_a_broken_picture_is_one_line_and_stores_nothing(tmp_path, run_cli, data, _isolated_data_dir):
    from reader.core.library import Library

    path = tmp_path / "broken.png"
    path.write_bytes(data)
    status, out, err = run_cli("import", path)
    assert status == 2 and out == ""
    assert err.startswith(f"yuedu: {path}: ") and err.count("\n") == 1 and "Traceback" not in err
    assert Library.open(_isolated_data_dir).documents() == []
    with pytest.raises(UserError):
        import_file(path)


def test_importing_the_same_picture_again_makes_no_copy(ocr_engine, tmp_path, _isolated_data_dir):
    from reader.core.library import Library

    path = _picture(tmp_path, "对话.png", render(DIALOGUE, size=28))
    library = Library.open(_isolated_data_dir)
    first = library.import_file(path)
    again = library.import_file(path)
    assert again.id == first.id and again.existing and len(library.documents()) == 1


def test_ocr_runs_offline_without_opening_a_socket(tmp_path):
    """A fresh process with every socket refused and an unroutable proxy reads a picture: the models are local."""
    path = tmp_path / "notice.png"
    from tests.ocr_pictures import _application

    _application()
    path.write_bytes(encoded(render([NOTICE[1]], size=30)))
    script = (
        "import socket, sys\n"
        "def refuse(*args, **kwargs): raise OSError('network used')\n"
        "socket.socket.connect = refuse\nsocket.socket.connect_ex = refuse\nsocket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from reader.core.importers import import_file\n"
        "print(import_file(sys.argv[1]).articles[0].paragraphs[0])\n"
    )
    proxy = "http://10.255.255.1:9"
    environment = {**os.environ, "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy, "https_proxy": proxy}
    done = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, NOTICE[1] + "\n"), done.stderr


def test_correcting_a_misread_character_moves_the_places_of_the_lines_after_it(_isolated_data_dir):
    from reader.core.library import Library
    from reader.core.models import Article

    library = Library.open(_isolated_data_dir)
    # as OCR read a photo: 斋 misread as 垒 on the first line, the second line ends at 24
    paragraph = "1892年，江西赣州人刘祥兴以钉秤补碗为生来古田创立垒教会。"
    info = [{"ocr_lines": [[16, 10, 10, 400, 40], [len(paragraph), 10, 50, 300, 80]]}]
    record = library.add("photo.png", "digest", "photo", "ocr", [Article("photo", [paragraph], paragraph_info=info)])
    article_id = record.articles[0].id
    at = paragraph.index("垒")
    corrected = library.correct_text(article_id, 0, at, at + 1, "斋")
    assert corrected.article.paragraphs == ["1892年，江西赣州人刘祥兴以钉秤补碗为生来古田创立斋教会。"]
    assert corrected.article.paragraph_info[0]["ocr_lines"] == info[0]["ocr_lines"]
    longer = library.correct_text(article_id, 0, 0, 4, "一八九二")  # same length: nothing moves
    assert longer.article.paragraphs[0].startswith("一八九二年")
    dropped = library.correct_text(article_id, 0, 4, 5, "")  # a character removed (年): later ends move back
    assert dropped.article.paragraphs[0].startswith("一八九二，江西")
    assert dropped.article.paragraph_info[0]["ocr_lines"] == [[15, 10, 10, 400, 40], [len(paragraph) - 1, 10, 50, 300, 80]]
    with pytest.raises(UserError):
        library.correct_text(article_id, 0, 0, len(dropped.article.paragraphs[0]), " ")
