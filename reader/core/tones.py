"""Tone colour schemes shared by the window, the HTML page and the Anki cards."""

from __future__ import annotations

# Pleco's defaults and the MDBG/Zhongwen scheme, as learners know them; index 0 is unused, 5 is the neutral tone.
TONE_SCHEMES: dict[str, tuple[str, ...]] = {
    "pleco": ("", "#e30000", "#02b31c", "#1510f0", "#8900bf", "#777777"),
    "mdbg": ("", "#ff0000", "#d89000", "#00a000", "#0000ff", "#777777"),
}
DEFAULT_SCHEME = "pleco"


def tone_css(scheme: str = DEFAULT_SCHEME, prefix: str = ".tone") -> str:
    """CSS rules ``.tone1 {color: ...}`` … ``.tone5`` for a scheme."""
    colours = TONE_SCHEMES[scheme]
    return "\n".join(f"{prefix}{tone} {{ color: {colours[tone]}; }}" for tone in range(1, 6))
