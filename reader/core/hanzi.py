"""What counts as a Chinese character (hanzi): one definition for the cut, the dictionary, the levels and the rest."""

from __future__ import annotations

import re

# CJK unified ideographs (the main block, extensions A to G), compatibility ideographs and 〇; not the Yijing hexagram
# symbols (U+4DC0-4DFF) between extension A and the main block
HANZI = re.compile(
    r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f\U0002f800-\U0002fa1f]"
)
ALL_HANZI = re.compile(f"(?:{HANZI.pattern})+").fullmatch  # a whole string of hanzi (one match, not one per character)


def is_chinese(text: str) -> bool:
    """Whether ``text`` contains at least one hanzi."""
    return HANZI.search(text) is not None


def hanzi_count(text: str) -> int:
    """How many hanzi ``text`` contains."""
    return len(HANZI.findall(text))
