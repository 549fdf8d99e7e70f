"""The README says what the program does (issue 15, item 16): the JSON keys, the fonts, readable test ids."""

import json
import re
import subprocess
import sys

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"### {title}")
    following = README.find("\n#", start + 1)
    return README[start:following if following > 0 else None]


def test_readme_documents_every_key_annotate_json_gives(run_cli, tmp_path):
    sample = tmp_path / "chat.txt"
    sample.write_text("你吃饭了吗？我还没吃呢 😂\n", encoding="utf-8")
    status, out, _ = run_cli("annotate", sample, "--json")
    assert status == 0
    keys = {key for token in json.loads(out)["tokens"] for key in token}
    documented = set(re.findall(r"`([a-z_]+)`", _section("`annotate --json`")))
    assert "status" in keys
    assert keys - documented == set()


def test_readme_names_the_cjk_and_the_emoji_font():
    assert "fonts-noto-cjk" in README
    assert "fonts-noto-color-emoji" in README and "Noto Color Emoji" in README


def test_expected_failure_ids_are_readable():
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "tests/test_polyphone.py"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    ids = [line for line in result.stdout.splitlines() if "test_everyday_polyphones[" in line]
    assert ids and not [i for i in ids if "\\u" in i]
    # the table's line and the reading expected: test_everyday_polyphones[everyday_polyphones.tsv:85-hao4]
    assert all(re.search(r"\[everyday_polyphones\.tsv:\d+-[a-zA-Z:]+[1-5]\]$", i) for i in ids)
