"""One window per data directory: a second start hands its files to the running window (two real processes)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from reader.core.library import Library
from reader.ui.single_instance import claim, serve, server_name
from tests.conftest import ROOT
from tests.test_main_window import make_window


def socket_path(data_dir) -> Path:
    return Path(QDir.tempPath()) / server_name(data_dir)


def lock_owner(data_dir) -> str:
    """The process id the lock file names (its first line), or ""."""
    try:
        return (Path(QDir.tempPath()) / f"{server_name(data_dir)}.lock").read_text().split("\n")[0]
    except OSError:
        return ""


def start_window(data_dir, *files):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "main.py", "--data-dir", str(data_dir), *map(str, files)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def second_start(data_dir, *files, cwd=ROOT):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), *map(str, files)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def titles(data_dir):
    with Library.open(data_dir) as library:
        return [d.title for d in library.documents()]


def stop(process):
    if process.poll() is None:
        process.terminate()
        process.wait(10)


def test_a_second_start_hands_its_file_to_the_running_window_and_a_crashed_one_does_not_block(tmp_path):
    data = tmp_path / "data"
    weather, recipe = tmp_path / "weather.txt", tmp_path / "recipe.txt"
    weather.write_text("明天降温，记得带伞。\n", encoding="utf-8")
    recipe.write_text("鸡蛋打散，加盐，小火慢炒。\n", encoding="utf-8")
    first = start_window(data)
    try:
        assert wait_for(lambda: lock_owner(data) == str(first.pid) and "sample_xinhua" in titles(data))
        # run from another directory: a relative path still names the file the user meant
        handed = second_start(data, "weather.txt", cwd=tmp_path)
        assert (handed.returncode, handed.stdout, handed.stderr) == (
            0, f"yuedu: 1 file handed to the Yuedu window already open on {data}\n", "")
        assert wait_for(lambda: "weather" in titles(data), 30), "the running window did not import the file"
        assert first.poll() is None

        first.send_signal(signal.SIGKILL)  # a crash: its lock file and socket file stay behind
        first.wait(10)
        assert socket_path(data).exists()
        first = start_window(data)  # starts as the window, not blocked and not handing over to a dead one
        assert wait_for(lambda: lock_owner(data) == str(first.pid), 60) and first.poll() is None
        handed = second_start(data, recipe)
        assert (handed.returncode, handed.stdout) == (0, f"yuedu: 1 file handed to the Yuedu window already open on {data}\n")
        assert wait_for(lambda: "recipe" in titles(data), 30)
        assert first.poll() is None
    finally:
        stop(first)


def test_another_data_directory_gets_its_own_window(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")
    first = claim(tmp_path / "a")
    try:
        assert first is not None and claim(tmp_path / "a") is None and claim(tmp_path / "b") is not None
    finally:
        first.close()
    again = claim(tmp_path / "a")  # a closed window gives the directory up
    assert again is not None
    again.close()


def hand_over_in_another_process(data_dir, payload):
    """Send ``payload`` (a list of files, or raw bytes) from a separate process; returns the Popen."""
    code = (
        "import sys, json\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from reader.ui.single_instance import hand_over, server_name\n"
        "from PySide6.QtNetwork import QLocalSocket\n"
        "app = QCoreApplication([])\n"
        "payload = json.loads(sys.argv[2])\n"
        "if isinstance(payload, list):\n"
        "    print(hand_over(sys.argv[1], payload))\n"
        "else:\n"
        "    s = QLocalSocket(); s.connectToServer(server_name(sys.argv[1])); s.waitForConnected(5000)\n"
        "    s.write(payload.encode()); s.waitForBytesWritten(5000); s.waitForReadyRead(5000)\n"
        "    print(bytes(s.readAll()).decode().strip())\n"
    )
    import json

    return subprocess.Popen([sys.executable, "-c", code, str(data_dir), json.dumps(payload)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)


def test_the_running_window_opens_what_it_is_handed_and_comes_to_the_front(qtbot, _isolated_data_dir, annotator, tmp_path):
    news = tmp_path / "通知.txt"
    news.write_text("下周一全体员工九点开会。\n", encoding="utf-8")
    window = make_window(qtbot, _isolated_data_dir)
    server = claim(_isolated_data_dir)
    serve(server, window)
    window.showMinimized()
    try:
        with qtbot.waitSignal(window.segmentation_finished, timeout=60_000):
            client = hand_over_in_another_process(_isolated_data_dir, [str(news)])
        assert client.communicate(timeout=30)[0] == "True\n"
        assert not window.isMinimized() and window.windowTitle() == "通知 — Yuedu"
        bad = hand_over_in_another_process(_isolated_data_dir, "not json\n")
        qtbot.waitUntil(lambda: bad.poll() is not None, timeout=30_000)
        assert bad.stdout.read() == "bad\n" and window.windowTitle() == "通知 — Yuedu"
    finally:
        server.close()
