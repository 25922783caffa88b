"""Fidelity: numbers kept, nothing left untranslated, spacing, doubled words, balance, endings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .segment import Segment
from .typography import quotation_marks

# A number as any script writes it: groups of three digits after a grouping mark (1,000 /
# 1 000 / 1.000 / ١٬٠٠٠), then maybe a decimal part; "2025 12.500" stays two numbers.
_GROUP = "[,.\u00a0\u202f\u066c' ’]"
_NUMBER = re.compile(
    rf"(?<!\d)(?:\d{{1,3}}(?:{_GROUP}\d{{3}})+(?!\d)|\d+)(?:[.,\u066b]\d+(?!{_GROUP}\d{{3}}))?"
)
_SEPARATORS = re.compile(r"[.,\u00a0\u202f\u066b\u066c' ’]")
# A word (letters only: "1 000 000" repeats digit groups, not words) written twice.
_DOUBLED = re.compile(r"(?<!\w)([^\W\d_]{2,})\s+\1(?!\w)", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_TRAILING = " \t\n\u00a0\u202f*`_|)]}»«“”„\"'’‘›‹」』"

_FINAL_KINDS = {
    "?": "question", "؟": "question", "？": "question", "¿": "question",
    "!": "exclamation", "！": "exclamation", "¡": "exclamation",
    ".": "full stop", "。": "full stop", "۔": "full stop", "।": "full stop",
    ":": "colon", "：": "colon",
}
_KIND_NAMES = {"question": "a question mark", "exclamation": "an exclamation mark",
               "full stop": "a full stop", "colon": "a colon", "ellipsis": "an ellipsis"}
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]

#: Words a language correctly writes twice in a row: « nous nous retrouverons », "had had".
GRAMMATICAL_DOUBLES = {
    "fr": {"nous", "vous"},
    "de": {"die", "der", "das", "den", "dem"},
    "en": {"that", "had"},
    "es": {"que"},
}

#: How long a copied source must be before it counts as left untranslated (in words).
COPY_MIN_WORDS = 5


def _roman(number: int) -> str:
    result = ""
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        result += numeral * count
    return result


def normalise_number(token: str) -> str:
    """``1,000``, ``1 000``, ``1.000`` and ``١٬٠٠٠`` all become ``1000``; ``2,5`` ``2.5``."""
    digits = "".join(str(unicodedata.decimal(ch)) if ch.isdigit() else ch for ch in token)
    parts = _SEPARATORS.split(digits)
    if len(parts) > 1 and all(len(part) == 3 for part in parts[1:]):
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]}.{parts[1]}"
    return "".join(parts)


def numbers(text: str) -> list[str]:
    return [normalise_number(token) for token in _NUMBER.findall(text)]


def _final_kind(text: str, language: str) -> str | None:
    stripped = text.rstrip(_TRAILING)
    if not stripped:
        return None
    last = stripped[-1]
    if last == ";" and language == "el":
        return "question"  # the Greek question mark
    if stripped.endswith(("...", "…")):
        return "ellipsis"
    return _FINAL_KINDS.get(last)


def _balanced(text: str, pairs: list[tuple[str, str]]) -> bool:
    for opening, closing in pairs:
        if opening == closing:
            if text.count(opening) % 2:
                return False
        elif text.count(opening) != text.count(closing):
            return False
    return True


def check(segment: Segment) -> Iterator[tuple[str, str]]:
    if segment.translation_markup.directives:
        return  # not a paragraph at all: the safety checks say what it brings in
    source, translation = segment.source, segment.translation
    source_text = segment.source_markup.text
    translation_text = segment.translation_markup.text
    if source != translation:
        found = numbers(translation_text)
        for number in dict.fromkeys(numbers(source_text)):
            if number.strip("0") == "" and len(number) > 1:
                continue  # the ":00" of "18:00", which "18 h" rightly drops
            if number not in found and not (
                number.isdigit() and 0 < int(number) < 4000
                and _roman(int(number)) in translation_text
            ):
                yield "numbers", f"the number {number} of the source is missing: keep every number"
    elif len(_WORDS.findall(source_text)) >= COPY_MIN_WORDS:
        yield "untranslated-copy", "the translation is a copy of the source: translate it"
    if (source[: len(source) - len(source.lstrip())] != translation[
        : len(translation) - len(translation.lstrip())
    ]) or (source[len(source.rstrip()):] != translation[len(translation.rstrip()):]):
        yield "whitespace", "leading or trailing spaces differ from the source: match them"
    allowed = GRAMMATICAL_DOUBLES.get(segment.base_language, set())
    doubled = [m.group(1) for m in _DOUBLED.finditer(translation_text)
               if m.group(1).lower() not in allowed]
    if len(doubled) > len(_DOUBLED.findall(source_text)):  # the source may double on purpose
        yield "doubled-word", f"the word {doubled[-1]!r} is doubled"
    brackets = [("(", ")"), ("[", "]"), ("{", "}")]
    if _balanced(source_text, brackets) and not _balanced(translation_text, brackets):
        yield "brackets", "brackets are unbalanced: close every ( and ["
    if _balanced(source_text, quotation_marks(segment.source_language)) and not _balanced(
        translation_text, quotation_marks(segment.language)
    ):
        yield "quotes-balance", "quotation marks are unbalanced: close every quotation"
    source_kind = _final_kind(source, "en")
    translation_kind = _final_kind(translation, segment.base_language)
    if source_kind in {"question", "exclamation", "full stop", "colon"} and (
        translation_kind != source_kind
    ):
        yield "final-punctuation", (
            f"the source ends with {_KIND_NAMES[source_kind]}, the translation with "
            f"{_KIND_NAMES.get(translation_kind, 'no punctuation')}: keep the same kind "
            "of ending, in this language's own mark"
        )
