"""Nothing lost: `annotate --json` on the benchmark texts, hashed, against the hashes recorded from the reference code.

    python -m benchmarks.identity record     # write benchmarks/golden.json from the code as it is
    python -m benchmarks.identity check      # compare; a difference names the text and keeps both outputs to diff

`YUEDU_SEGMENTER=python` in the environment runs the reference cut (Python jieba) whatever else is installed, so a
fast path is checked against the reference at the same commit: run `check` once with it and once without.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile

from benchmarks import _texts
from benchmarks._common import OUT, ROOT, python

GOLDEN = ROOT / "benchmarks" / "golden.json"
TEXTS = {
    **_texts.DIVERSE,
    "latin-line-20000": lambda: _texts.latin_line(20_000),
    "long-line-50000": lambda: _texts.long_line(50_000),
}


def annotate_json(path) -> bytes:
    """The bytes `main.py annotate PATH --json` prints, in a fresh data directory."""
    with tempfile.TemporaryDirectory(prefix="yuedu-identity-") as data:
        env = dict(os.environ, YUEDU_DATA_DIR=data)
        done = subprocess.run(
            [python(), "main.py", "annotate", str(path), "--json"], cwd=ROOT, env=env, capture_output=True, check=True
        )
    return done.stdout


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else "check"
    golden = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    found = {}
    failed = []
    for name, make in TEXTS.items():
        output = annotate_json(make())
        digest = hashlib.sha256(output).hexdigest()
        found[name] = {"sha256": digest, "tokens": output.count(b'\n{"text"')}
        keep = OUT / "identity" / f"{name}.json"
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.write_bytes(output)
        same = golden.get(name, {}).get("sha256") == digest
        print(f"{name:20} {found[name]['tokens']:>8} tokens  {'same' if same else 'DIFFERENT'}  ({keep})")
        if not same:
            failed.append(name)
    if mode == "record":
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
        print(f"recorded {GOLDEN}")
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
