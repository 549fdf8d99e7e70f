"""Test setup: Qt offscreen, user data in a temporary directory, caches in a shared temporary directory."""

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Caches are keyed by their source files, so one directory can serve every run; never the user's own.
os.environ.setdefault("YUEDU_CACHE_DIR", str(Path(tempfile.gettempdir()) / "yuedu-test-cache"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample_xinhua.txt"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets its own empty data directory: no test ever touches the user's real data."""
    data = tmp_path / "yuedu-data"
    monkeypatch.setenv("YUEDU_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return data


@pytest.fixture(scope="session")
def dictionary():
    """The bundled CC-CEDICT, loaded once for the whole run."""
    from reader.core.session import Session

    return Session().dictionary


@pytest.fixture(scope="session")
def annotator():
    """The app's annotator (segmenter, readings, context reader), built once for the whole run."""
    from reader.core.session import Session

    return Session().annotator


@pytest.fixture
def run_cli(capsys):
    """Run the command line in-process: returns (exit status, stdout, stderr)."""
    from reader.cli import main

    def run(*argv):
        status = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def pytest_make_parametrize_id(config, val, argname):
    """Ids show Chinese text as written (test_everyday_polyphones[他[还]了我的书。-huan2]), not as \\u escapes."""
    if isinstance(val, str) and not val.isascii():
        return val if val.isprintable() else val.encode("unicode_escape").decode("ascii")
    return None


@pytest.fixture(scope="session")
def ocr_engine():
    """The OCR module with its engine loaded (once for the whole run: the model load is the fixed cost)."""
    from reader.core import ocr
    from tests.ocr_pictures import _application

    _application()
    ocr.engine()
    return ocr
