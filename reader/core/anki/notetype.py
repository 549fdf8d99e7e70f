"""Yuedu's two Anki note types (word and sentence cloze): ids, fields, templates and CSS, settled once.

Anki identifies a note type by its id and its fields: changing either after release makes Anki create a second
note type beside the first, so both are fixed here. Card kinds are chosen per note by the "... card" fields
(like Anki's own "Basic (optional reversed card)"): a card exists when its field is not empty. Each front
template names its field in an invisible attribute, so the front is never "empty" to Anki or to genanki,
whatever else is on it (a front holding only ``{{tts ...}}`` would otherwise yield no card).
"""

from __future__ import annotations

import colorsys
import re
import hashlib

from reader.core.tones import DEFAULT_SCHEME, TONE_SCHEMES

WORD_MODEL_ID = 1_734_515_802
SENTENCE_MODEL_ID = 1_734_515_803
WORD_MODEL_NAME = "Yuedu word"
SENTENCE_MODEL_NAME = "Yuedu sentence (cloze)"
DEFAULT_DECK_NAME = "Yuedu"
DEFAULT_DECK_ID = 1_734_515_900
WORD_GUID_NAMESPACE = "yuedu-word"
SENTENCE_GUID_NAMESPACE = "yuedu-sentence"

CARD_KINDS = ("recognition", "production", "listening")
DEFAULT_CARD_KINDS = ("recognition",)
CARD_FIELDS = {kind: f"{kind.capitalize()} card" for kind in CARD_KINDS}
CARD_MARK = "y"  # what a "... card" field holds when that card is wanted

# Field names the Chinese Support add-ons recognise (Hanzi, Traditional, Pinyin, Color, Meaning, Sound) come first.
WORD_FIELDS = (
    "Hanzi",
    "Traditional",
    "Pinyin",
    "Color",
    "Meaning",
    "Sound",
    "Sentence",
    "Sentence pinyin",
    "Source",
    "Notes",
    CARD_FIELDS["recognition"],
    CARD_FIELDS["production"],
    CARD_FIELDS["listening"],
)
SENTENCE_FIELDS = ("Text", "Sentence", "Sentence pinyin", "Word", "Pinyin", "Meaning", "Source", "Notes")



def _stable_id(kind: str, name: str) -> int:
    digest = hashlib.sha1(f"yuedu:{kind}:{name}".encode()).digest()
    return int.from_bytes(digest[:6], "big") & 0x7FFF_FFFF_FFFF


_WORD_DETAILS = """\
{{#Traditional}}<div class="traditional">繁體 {{Traditional}}</div>{{/Traditional}}
{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}
{{#Sentence pinyin}}<div class="sentence-pinyin">{{Sentence pinyin}}</div>{{/Sentence pinyin}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}
{{#Notes}}<div class="notes">{{Notes}}</div>{{/Notes}}"""

_SAY_WORD = "{{#Sound}}{{Sound}}{{/Sound}}{{^Sound}}{{tts zh_CN:Hanzi}}{{/Sound}}"


def _mark(kind: str) -> str:
    field = CARD_FIELDS[kind]
    return f'<div class="card-kind {kind}" data-card="{{{{{field}}}}}"></div>'


def _front(kind: str, body: str) -> str:
    field = CARD_FIELDS[kind]
    return f"{{{{#{field}}}}}\n{_mark(kind)}\n{body}\n{{{{/{field}}}}}"


WORD_TEMPLATES = (
    {
        "name": "Recognition",
        "qfmt": _front("recognition", '<div class="hanzi">{{Hanzi}}</div>'),
        "afmt": "{{FrontSide}}\n<hr id=answer>\n"
        '<div class="pinyin">{{Pinyin}}</div>\n<div class="meaning">{{Meaning}}</div>\n'
        f"{_WORD_DETAILS}\n{_SAY_WORD}",
    },
    {
        "name": "Production",
        "qfmt": _front(
            "production",
            '<div class="prompt">写汉字</div>\n'
            '{{#Meaning}}<div class="meaning">{{Meaning}}</div>{{/Meaning}}'
            '{{^Meaning}}<div class="pinyin">{{Pinyin}}</div>{{/Meaning}}',
        ),
        "afmt": "{{FrontSide}}\n<hr id=answer>\n"
        '<div class="hanzi">{{Hanzi}}</div>\n<div class="pinyin">{{Pinyin}}</div>\n'
        f"{_WORD_DETAILS}\n{_SAY_WORD}",
    },
    {
        "name": "Listening",
        "qfmt": _front("listening", f'<div class="prompt">听</div>\n{_SAY_WORD}'),
        "afmt": "{{FrontSide}}\n<hr id=answer>\n"
        '<div class="hanzi">{{Hanzi}}</div>\n<div class="pinyin">{{Pinyin}}</div>\n'
        f'<div class="meaning">{{{{Meaning}}}}</div>\n{_WORD_DETAILS}',
    },
)

SENTENCE_TEMPLATES = (
    {
        "name": "Cloze",
        "qfmt": '<div class="sentence cloze-sentence">{{cloze:Text}}</div>',
        "afmt": '<div class="sentence cloze-sentence">{{cloze:Text}}</div>\n<hr id=answer>\n'
        "{{#Sentence pinyin}}<div class=\"sentence-pinyin\">{{Sentence pinyin}}</div>{{/Sentence pinyin}}\n"
        '<div class="word-line"><span class="hanzi-small">{{Word}}</span> <span class="pinyin">{{Pinyin}}</span></div>\n'
        '<div class="meaning">{{Meaning}}</div>\n'
        "{{#Source}}<div class=\"source\">{{Source}}</div>{{/Source}}\n"
        "{{#Notes}}<div class=\"notes\">{{Notes}}</div>{{/Notes}}\n"
        "{{tts zh_CN:Sentence}}",
    },
)


def _lifted(colour: str) -> str:
    """A tone colour lightened to read on a dark background (as the window's dark theme does)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    red, green, blue = colorsys.hls_to_rgb(hue, 0.68, saturation)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue))


def card_css(scheme: str = DEFAULT_SCHEME) -> str:
    """The note types' stylesheet: light and night mode, desktop and phone, tone colours of ``scheme``."""
    colours = TONE_SCHEMES[scheme]
    light = "\n".join(f".tone{t} {{ color: {colours[t]}; }}" for t in range(1, 6))
    night = "\n".join(
        f".nightMode .tone{t}, .night_mode .tone{t} {{ color: {_lifted(colours[t])}; }}" for t in range(1, 6)
    )
    return f"""\
.card {{
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif;
  font-size: 20px; line-height: 1.5; text-align: center;
  color: #1f2328; background-color: #fbfaf7;
  padding: 12px 16px; margin: 0 auto; max-width: 40em;
}}
.hanzi {{ font-size: 72px; line-height: 1.2; margin: 12px 0 4px; }}
.hanzi-small {{ font-size: 32px; }}
.pinyin {{ font-size: 28px; margin: 4px 0; }}
.prompt {{ font-size: 14px; letter-spacing: 0.3em; color: #8a8f98; margin-bottom: 8px; }}
.meaning {{ display: inline-block; text-align: left; margin: 8px auto; }}
.meaning ol {{ margin: 0; padding-left: 1.6em; }}
.traditional {{ font-size: 22px; color: #57606a; }}
.sentence {{ font-size: 26px; margin-top: 18px; }}
.sentence .hl, .cloze {{ color: #c2410c; font-weight: 600; }}
.sentence-pinyin {{ font-size: 16px; color: #57606a; }}
.source, .notes {{ font-size: 14px; color: #8a8f98; margin-top: 10px; }}
.card-kind {{ display: none; }}
hr#answer {{ border: none; border-top: 1px solid #d0d7de; margin: 14px 0; }}
.nightMode.card, .night_mode.card, .nightMode .card, .night_mode .card {{ color: #e6e6e6; background-color: #1e1f22; }}
.nightMode .sentence .hl, .night_mode .sentence .hl, .nightMode .cloze, .night_mode .cloze {{ color: #fb923c; }}
.nightMode .traditional, .nightMode .sentence-pinyin, .night_mode .traditional, .night_mode .sentence-pinyin {{ color: #a8b0ba; }}
.nightMode hr#answer, .night_mode hr#answer {{ border-top-color: #3d444d; }}
{light}
{night}
@media (max-width: 480px) {{
  .card {{ font-size: 18px; padding: 8px; }}
  .hanzi {{ font-size: 56px; }}
  .pinyin {{ font-size: 24px; }}
  .sentence {{ font-size: 22px; }}
}}
"""


def deck_id_for(name: str) -> int:
    """The deck id for a deck name: the fixed id for Yuedu's default deck, else one derived stably from the name."""
    if name == DEFAULT_DECK_NAME:
        return DEFAULT_DECK_ID
    digest = hashlib.sha1(f"yuedu-deck:{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _fields_json(kind: str, names: tuple[str, ...]) -> list[dict]:
    return [{"name": name, "id": _stable_id(f"{kind}-field", name)} for name in names]


def _templates_json(kind: str, templates: tuple[dict, ...]) -> list[dict]:
    return [dict(template, id=_stable_id(f"{kind}-template", template["name"])) for template in templates]


def word_model(scheme: str = DEFAULT_SCHEME):
    """The genanki model of the word note type."""
    import genanki

    return genanki.Model(
        WORD_MODEL_ID,
        WORD_MODEL_NAME,
        fields=_fields_json("word", WORD_FIELDS),
        templates=_templates_json("word", WORD_TEMPLATES),
        css=card_css(scheme),
    )


def sentence_model(scheme: str = DEFAULT_SCHEME):
    """The genanki model of the sentence (cloze) note type."""
    import genanki

    return genanki.Model(
        SENTENCE_MODEL_ID,
        SENTENCE_MODEL_NAME,
        fields=_fields_json("sentence", SENTENCE_FIELDS),
        templates=_templates_json("sentence", SENTENCE_TEMPLATES),
        css=card_css(scheme),
        model_type=genanki.Model.CLOZE,
    )


# ------------------------------------------------------------------------------------------- preview

_SECTION = re.compile(r"\{\{([#^])([^}]+)\}\}(.*?)\{\{/\2\}\}", re.S)
_REPLACEMENT = re.compile(r"\{\{([^#^/}][^}]*)\}\}")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.S)
SPEAKER = '<div class="tts">🔊</div>'


def render_template(template: str, fields: dict[str, str], front_side: str = "", answer: bool = False) -> str:
    """A card side as Anki would show it, for the export dialog's preview (sections, filters, tts, cloze)."""

    def section(match: re.Match) -> str:
        value = fields.get(match.group(2).strip(), "").strip()
        shown = bool(value) if match.group(1) == "#" else not value
        return render_template(match.group(3), fields, front_side, answer) if shown else ""

    def replacement(match: re.Match) -> str:
        name = match.group(1).strip()
        if name == "FrontSide":
            return front_side
        filters, _, field_name = name.rpartition(":")
        value = fields.get(field_name.strip(), "")
        if filters.startswith("tts"):
            return SPEAKER if value else ""
        if "cloze" in filters:
            if answer:
                return _CLOZE.sub(lambda m: f'<span class="cloze">{m.group(1)}</span>', value)
            return _CLOZE.sub(lambda m: f'<span class="cloze">[{m.group(2) or "…"}]</span>', value)
        return value

    previous = None
    while previous != template:
        previous, template = template, _SECTION.sub(section, template)
    return _REPLACEMENT.sub(replacement, template)


def render_card(templates: tuple[dict, ...], index: int, fields: dict[str, str]) -> tuple[str, str]:
    """The front and back HTML of card ``index`` of a note with these fields."""
    template = templates[index]
    front = render_template(template["qfmt"], fields)
    back = render_template(template["afmt"], fields, front_side=front, answer=True)
    return front, back
