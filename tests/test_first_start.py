"""First start on a bare machine (issue 15, item 1): one line naming what is missing instead of Qt's abort."""

import os
import subprocess
import sys

from tests.conftest import ROOT

# run the real front door with the dynamic loader refusing some libraries, as on a machine that lacks them
WITHOUT_LIBRARIES = """
import ctypes, sys
real = ctypes.CDLL
missing = set(sys.argv[1].split(","))
def refuse(name, *args, **kwargs):
    if name in missing:
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    return real(name, *args, **kwargs)
ctypes.CDLL = refuse
sys.argv = ["main.py", "--data-dir", sys.argv[2]]
sys.path.insert(0, ".")
import runpy
runpy.run_path("main.py", run_name="__main__")
"""


def _environment(tmp_path, **changes):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(changes, YUEDU_DATA_DIR=str(tmp_path / "data"))
    return env


def test_missing_x11_libraries_are_named_with_the_apt_command_exit_2(tmp_path):
    env = _environment(tmp_path, DISPLAY=":97", QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_LIBRARIES, "libxcb-icccm.so.4,libxcb-keysyms.so.1", str(tmp_path / "data")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == ("yuedu: the window needs Qt's X11 libraries libxcb-icccm.so.4, libxcb-keysyms.so.1: "
                             "install them with sudo apt install libxcb-icccm4 libxcb-keysyms1\n")
    assert result.stdout == ""


def test_no_display_at_all_is_one_line_exit_2(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                            env=_environment(tmp_path), cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stderr == ("yuedu: no display to open the window on (DISPLAY is not set): start it from a desktop "
                             "session, or use the command line (python main.py --help)\n")


def test_a_display_nobody_serves_is_one_line_exit_2(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                            env=_environment(tmp_path, DISPLAY=":97", QT_QPA_PLATFORM="xcb"), cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stderr == "yuedu: cannot connect to the display :97: is the X server running, and may this user use it?\n"


def test_offscreen_and_wayland_are_not_checked_for_x11():
    from reader.core.display import uses_xcb

    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb:dpi=96"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux")
    assert not uses_xcb({}, "darwin")


def test_without_a_cjk_font_the_window_says_which_to_install_once(qtbot, _isolated_data_dir, monkeypatch):
    from reader.ui import fonts
    from tests.test_main_window import make_window

    shown = []
    monkeypatch.setattr(fonts, "cjk_families", lambda: [])
    monkeypatch.setattr("reader.ui.plain_text.show_warning", lambda parent, title, text: shown.append(text))
    advice = fonts.missing_font_advice("linux")
    assert advice == ("No Chinese font is installed, so hanzi may show as boxes. Install one: sudo apt install "
                      "fonts-noto-cjk (Fedora: google-noto-sans-cjk-fonts), then restart Yuedu.")
    window = make_window(qtbot, _isolated_data_dir)
    qtbot.waitUntil(lambda: window.status_label.text() == fonts.missing_font_advice())
    assert shown == [fonts.missing_font_advice()]
    window.close()
    again = make_window(qtbot, _isolated_data_dir)
    qtbot.waitUntil(lambda: again.status_label.text() == fonts.missing_font_advice())
    assert shown == [fonts.missing_font_advice()]  # told once, not at every start
