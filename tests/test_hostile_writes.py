"""Hostile places to write to: symlinks, devices, directories, a full disk; and formulas in a CSV export."""

import csv
import errno
import os
import stat
from pathlib import Path

import pytest

from reader.core.atomic import write_text_atomic
from reader.core.errors import UserError
from reader.core.models import Context, Status
from reader.core.vocabulary import VocabularyStore


@pytest.fixture
def store(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with VocabularyStore.open(data) as opened:
        yield opened


def test_export_through_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link(tmp_path):
    real = tmp_path / "exports" / "words.txt"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "words-link.txt"
    link.symlink_to(real)
    write_text_atomic(link, "银行\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "银行\n"
    assert sorted(p.name for p in real.parent.iterdir()) == ["words.txt"]  # no temporary left beside it


def test_export_through_a_dangling_symlink_creates_the_target(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "made.txt")
    write_text_atomic(link, "做饭\n")
    assert link.is_symlink() and (tmp_path / "made.txt").read_text(encoding="utf-8") == "做饭\n"


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_export_gets_the_permissions_of_the_users_umask_not_0600(tmp_path, mask):
    previous = os.umask(mask)
    try:
        write_text_atomic(tmp_path / "words.txt", "x\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "words.txt").stat().st_mode) == 0o666 & ~mask


def test_export_over_an_existing_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "shared.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text(encoding="utf-8") == "new"


# Never aimed at the real /dev: before the fix, a test run as root replaced /dev/null with a file.
def test_export_to_a_character_device_is_refused_and_the_device_stays(tmp_path):
    device = tmp_path / "full"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a private /dev/full
    except OSError:
        pytest.skip("cannot make a device node here (not root)")
    with pytest.raises(UserError, match="not a regular file"):
        write_text_atomic(device, "x")
    assert stat.S_ISCHR(device.stat().st_mode)


def test_export_to_a_link_into_proc_like_dev_stdout_is_refused(tmp_path):
    redirected = tmp_path / "shell-output.txt"
    redirected.write_text("the shell's own file\n", encoding="utf-8")
    with redirected.open("a") as handle:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{handle.fileno()}")
        with pytest.raises(UserError, match="not a regular file"):
            write_text_atomic(link, "x")
    assert link.is_symlink() and redirected.read_text(encoding="utf-8") == "the shell's own file\n"


def test_export_to_a_fifo_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="not a regular file"):
        write_text_atomic(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_to_a_directory_is_refused(tmp_path):
    with pytest.raises(UserError, match="is a directory"):
        write_text_atomic(tmp_path, "x")


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_vocab_export_on_a_full_disk_says_so_in_one_line_and_leaves_the_old_file(store, tmp_path, monkeypatch, run_cli):
    store.add("银行", "yin2 hang2", ["bank"])
    target = tmp_path / "words.csv"
    target.write_text("previous export\n", encoding="utf-8")
    monkeypatch.setattr(Path, "write_text", _disk_full)
    status, out, err = run_cli("--data-dir", store.path.parent, "vocab", "export", target)
    assert (status, out) == (2, "")
    assert err == f"yuedu: {target}: cannot write (No space left on device); nothing was written\n"
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert not any(p.name.startswith(".words.csv") for p in tmp_path.iterdir())  # no temporary left behind


class _FullDisk:
    """A file opened on a full disk: it opens, and every write fails with ENOSPC."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, _text):
        _disk_full()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()
        return False


def test_annotate_html_on_a_full_disk_says_so_in_one_line(tmp_path, monkeypatch, run_cli):
    # the page is written piece by piece: the disk may fill at any write
    source = tmp_path / "recipe.txt"
    source.write_text("先把鸡蛋打散，再放一点盐。", encoding="utf-8")
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda path, *args, **kwargs: _FullDisk(real_open(path, *args, **kwargs)))
    status, out, err = run_cli("annotate", source, "--html", tmp_path / "out.html")
    assert (status, out) == (2, "")
    assert err == f"yuedu: {tmp_path / 'out.html'}: cannot write (No space left on device); nothing was written\n"
    assert not any(p.name.startswith(".out.html") for p in tmp_path.iterdir())


def test_vocab_export_csv_cells_never_start_a_formula(store, tmp_path):
    store.add("银行", "yin2 hang2", ["=HYPERLINK(\"http://evil.example\",\"click\")", "bank"],
              Context("=HYPERLINK(\"http://evil.example\")我去银行。"), Status.NEW)
    store.add("减号", "jian3 hao4", ["-2+3 minus sign"], Context("+1 说得对"))
    store.add("邮件", "you2 jian4", ["@SUM(A1:A9) e-mail"], Context("-上班先看邮件。"))
    store.set_notes("邮件", "\tnote")
    store.export(tmp_path / "words.csv")
    rows = list(csv.reader((tmp_path / "words.csv").open(encoding="utf-8", newline="")))
    by_word = {row[0]: row for row in rows[1:]}
    assert by_word["银行"][4] == "'=HYPERLINK(\"http://evil.example\",\"click\"); bank"
    assert by_word["银行"][8] == "'=HYPERLINK(\"http://evil.example\")我去银行。"
    assert by_word["减号"][4] == "'-2+3 minus sign" and by_word["减号"][8] == "'+1 说得对"
    assert by_word["邮件"][4] == "'@SUM(A1:A9) e-mail" and by_word["邮件"][8] == "'-上班先看邮件。"
    assert by_word["邮件"][5] == "'\tnote"
    assert by_word["银行"][:4] == ["银行", "yín háng", "yin2 hang2", "new"]  # ordinary cells are left alone
