"""Typography of the target language: its quotation marks, and French spacing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .messages import Msg, Quoted, msg
from .segment import Segment, base_language

# CLDR's quotation marks (primary, secondary) per language; babel does not ship CLDR's
# "delimiters", so they are listed here. Pairs that use the apostrophe are left out of the
# balance check, since ’ is also an apostrophe.
QUOTATION_MARKS: dict[str, list[tuple[str, str]]] = {
    "en": [("“", "”"), ("‘", "’")],
    "fr": [("«", "»"), ("“", "”")],
    "es": [("«", "»"), ("“", "”")],
    "it": [("«", "»"), ("“", "”")],
    "pt": [("“", "”"), ("‘", "’")],
    "de": [("„", "“"), ("‚", "‘")],
    "cs": [("„", "“"), ("‚", "‘")],
    "pl": [("„", "”"), ("«", "»")],
    "nl": [("“", "”"), ("‘", "’")],
    "uk": [("«", "»"), ("„", "“")],
    "ru": [("«", "»"), ("„", "“")],
    "el": [("«", "»"), ("“", "”")],
    "tr": [("“", "”"), ("‘", "’")],
    "ar": [("«", "»"), ("”", "“")],
    "fa": [("«", "»"), ("“", "”")],
    "he": [("”", "”"), ("’", "’")],
    "sv": [("”", "”"), ("’", "’")],
    "fi": [("”", "”"), ("’", "’")],
    "ja": [("「", "」"), ("『", "』")],
    "zh": [("“", "”"), ("‘", "’")],
}
_APOSTROPHES = {"’", "'"}

# French: a no-break space (U+00A0) or a narrow one (U+202F) before ; : ! ? » and after «.
_NO_BREAK = "\u00a0\u202f"
_BEFORE = re.compile(r"(?P<before>.)(?P<mark>[;:!?»])")
_AFTER = re.compile(r"(?P<mark>«)(?P<after>.)")


@lru_cache(maxsize=64)
def quotation_marks(language: str) -> tuple[tuple[str, str], ...]:
    """The pairs a language's quotations are balanced with (asked for every segment)."""
    pairs = QUOTATION_MARKS.get(base_language(language), QUOTATION_MARKS["en"])
    return tuple(pair for pair in pairs if not (set(pair) & _APOSTROPHES))


def _french_spacing(text: str, canadian: bool) -> Iterator[Msg]:
    for match in _BEFORE.finditer(text):
        before, mark = match["before"], match["mark"]
        if canadian and mark in ";!?":
            continue
        if before in _NO_BREAK or before in "!?;:»" or (mark in ":" and before.isdigit()):
            continue
        if mark == ":" and text[match.end(): match.end() + 1].isdigit():
            continue
        if before == " ":
            yield msg("put a no-break space (U+00A0 or U+202F) before « %(mark)s », not a "
                      "plain space", mark=Quoted(mark))
        else:
            yield msg("put a no-break space (U+00A0 or U+202F) before « %(mark)s », not "
                      "'%(found)s'", mark=Quoted(mark), found=Quoted(before))
    for match in _AFTER.finditer(text):
        if match["after"] not in _NO_BREAK:
            yield msg("put a no-break space after « « »")


#: What ``check`` reports.
REPORTS = ("typography-quotes", "typography-spacing")


def check(segment: Segment) -> Iterator[tuple[str, Msg]]:
    if segment.translation_markup.directives or segment.translation_markup.blocks:
        return
    text = segment.translation_markup.text
    if segment.translation.rstrip().endswith("::"):
        # A literal block's marker, not a colon of the text: "Exemple::" shows "Exemple:",
        # and no space may come before it (" ::" would take the colon away).
        text = text.removesuffix(":")
    language = segment.base_language
    marks = QUOTATION_MARKS.get(language)
    if marks and '"' in text and marks[0][0] != '"':
        opening, closing = marks[0]
        yield "typography-quotes", msg(
            'ASCII quotation marks (%(ascii)s): this language writes %(marks)s',
            ascii=Quoted('"…"'), marks=Quoted(f"{opening}…{closing}"))
    if language == "fr":
        canadian = segment.language.replace("-", "_").upper().endswith("_CA")
        for message in dict.fromkeys(_french_spacing(text, canadian)):
            yield "typography-spacing", message
