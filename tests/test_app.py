"""The window's front door as a user runs it: ``python main.py FILE --screenshot OUT.png --select WORD``."""

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from reader.app import parse_arguments
from reader.ui.main_window import DEFAULT_SIZE
from tests.conftest import ROOT, SAMPLE


def run_main(*argv, data_dir):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, argv), "--data-dir", str(data_dir)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=180,
    )


def test_screenshot_writes_a_png_of_the_whole_window(tmp_path, _isolated_data_dir):
    out = tmp_path / "window.png"
    done = run_main(SAMPLE, "--screenshot", out, "--select", "科技", data_dir=_isolated_data_dir)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == DEFAULT_SIZE
    # a drawn window, not a blank rectangle: text, pinyin colours, panel
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50


def test_screenshot_of_a_missing_file_is_one_line_and_exit_2(tmp_path, _isolated_data_dir):
    out = tmp_path / "window.png"
    done = run_main(tmp_path / "nothing.txt", "--screenshot", out, data_dir=_isolated_data_dir)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"yuedu: {tmp_path / 'nothing.txt'}: no such file"
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_screenshot_selecting_an_absent_word_says_so(tmp_path, _isolated_data_dir):
    out = tmp_path / "window.png"
    done = run_main(SAMPLE, "--screenshot", out, "--select", "恐龙", data_dir=_isolated_data_dir)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == "yuedu: '恐龙' does not occur in the text"
    assert not out.exists()


@pytest.mark.parametrize(
    "argv, files, screenshot, select",
    [
        ([], [], None, None),
        (["a.txt", "b.txt"], ["a.txt", "b.txt"], None, None),
        (["a.txt", "--screenshot", "o.png", "--select", "银行"], ["a.txt"], "o.png", "银行"),
    ],
)
def test_arguments(argv, files, screenshot, select):
    args = parse_arguments(argv)
    assert (args.files, args.screenshot, args.select) == (files, screenshot, select)
