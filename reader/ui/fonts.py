"""Choosing a good CJK font: the ones readers know first, else any family that can write Chinese."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "PingFang SC",
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "Hiragino Sans GB",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK TC",
    "Droid Sans Fallback",
)


def cjk_families() -> list[str]:
    """Installed families that can write Simplified Chinese, sorted, without Qt's private ones."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return sorted({f for f in families if not QFontDatabase.isPrivateFamily(f)}, key=str.casefold)


def default_family() -> str:
    """The best CJK family the system has ("" when it has none and Qt must fall back)."""
    installed = set(cjk_families())
    for family in PREFERRED_FAMILIES:
        if family in installed:
            return family
    return next(iter(sorted(installed)), "")


def usable_family(chosen: str) -> str:
    """The user's chosen family if it is still installed, else the default."""
    if chosen and chosen in set(cjk_families()):
        return chosen
    return default_family()


def missing_font_advice(platform: str | None = None) -> str:
    """What to install when no family can write Chinese (the text would fall back to whatever font is there)."""
    import sys

    platform = platform or sys.platform
    if platform.startswith("linux"):
        how = "sudo apt install fonts-noto-cjk (Fedora: google-noto-sans-cjk-fonts)"
    else:
        how = "Noto Sans CJK SC from https://github.com/notofonts/noto-cjk"
    return f"No Chinese font is installed, so hanzi may show as boxes. Install one: {how}, then restart Yuedu."
