"""Fidelity: numbers kept, nothing left untranslated, spacing, doubled words, balance, endings."""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache

from .messages import N_, Msg, Quoted, msg
from .number_words import said_in_words
from .rst import analyse
from .segment import Segment, base_language
from .typography import quotation_marks

# A number as any script writes it: groups of three digits after a grouping mark (1,000 /
# 1 000 / 1.000 / ١٬٠٠٠), then maybe a decimal part; "2025 12.500" stays two numbers.
_GROUP = "[,.\u00a0\u202f\u066c' ’]"
# Written to start with its first digit, not with the look behind it (no digit before), so
# that the regex engine skips quickly to the next digit.
_NUMBER = re.compile(
    rf"\d(?<!\d\d)(?:\d{{0,2}}(?:{_GROUP}\d{{3}})+(?!\d)|\d*)(?:[.,\u066b]\d+(?!{_GROUP}\d{{3}}))?"
)
_SEPARATORS = re.compile(r"[.,\u00a0\u202f\u066b\u066c' ’]")
# A word (letters only: "1 000 000" repeats digit groups, not words) written twice.
# (Possessive: only a whole run of letters can be followed by a space.)
_DOUBLED = re.compile(r"(?<!\w)([^\W\d_]{2,}+)\s++\1(?!\w)", re.IGNORECASE)
# What prose hardly holds and code, markup and configuration do: a copy of it is kept as is.
_CODE = re.compile(r"[=;{}<>$\\]|\w\(\)|^\s*[\w.-]+\s*:\s*\S+\s*$")
# A word of letters alone, not part of an identifier (``a.b``, ``a-b``, ``a_b``): prose.
_PROSE_WORD = re.compile(r"(?<![\w.\-/])[^\W\d_]{2,}(?![\w.\-/(])")
# The text of a link to an outside page: often that page's title, which stays in the page's
# language ("`How to sync your fork <https://…>`_"), as an RFC's title does.
_OUTSIDE_LINK_TEXT = re.compile(r"`([^`<]*?)\s*<https?://[^>`\s]+>`__?")
_BRACKETS = [("(", ")"), ("[", "]"), ("{", "}")]
_TRAILING = " \t\n\u00a0\u202f*`_|)]}»«“”„\"'’‘›‹」』"


class _WordCharsOnly(dict[int, str]):
    """A ``str.translate`` table that keeps what ``\\w`` matches and blanks the rest, filled
    in as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = kept = char if char.isalnum() or char == "_" else " "
        return kept


_WORD_CHARS_ONLY = _WordCharsOnly()


def doubled_words(text: str) -> list[str]:
    """The words ``text`` writes twice in a row. Only a text where two neighbouring words are
    the same (in C, without a regex) is searched with ``_DOUBLED``: most have none."""
    words = text.translate(_WORD_CHARS_ONLY).casefold().split()
    if not any(map(operator.eq, words, words[1:])):
        return []
    return [match.group(1) for match in _DOUBLED.finditer(text)]


_FINAL_KINDS = {
    "?": "question", "؟": "question", "？": "question", "¿": "question",
    "!": "exclamation", "！": "exclamation", "¡": "exclamation",
    ".": "full stop", "。": "full stop", "۔": "full stop", "।": "full stop",
    ":": "colon", "：": "colon",
}
_KIND_NAMES = {"question": N_("a question mark"), "exclamation": N_("an exclamation mark"),
               "full stop": N_("a full stop"), "colon": N_("a colon"),
               "ellipsis": N_("an ellipsis"), None: N_("no punctuation")}
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]

#: Words a language correctly writes twice in a row: « nous nous retrouverons », "had had".
GRAMMATICAL_DOUBLES = {
    "fr": {"nous", "vous"},
    "de": {"die", "der", "das", "den", "dem"},
    "en": {"that", "had"},
    "es": {"que"},
}

#: Endings a language's own style writes otherwise: Japanese technical writing ends a
#: sentence that introduces what follows ("例えば、以下のようになります。") and an
#: exclamation in the polite register with a full stop.
ENDINGS_IN_STYLE = {"ja": {("colon", "full stop"), ("exclamation", "full stop")}}

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
    if token.isascii() and token.isdigit():
        return token  # the usual case: nothing to convert or join
    digits = "".join(str(unicodedata.decimal(ch)) if ch.isdigit() else ch for ch in token)
    parts = _SEPARATORS.split(digits)
    if len(parts) > 1 and all(len(part) == 3 for part in parts[1:]):
        return "".join(parts)
    if len(parts) == 2:
        return f"{parts[0]}.{parts[1]}"
    return "".join(parts)


def numbers(text: str) -> list[str]:
    return [normalise_number(token) for token in _NUMBER.findall(text)]


_DIGIT_RUN = re.compile(r"\d+")
# A small number joined to a word: "2-tuples", "3-digit", which a language may say in words.
# ("3rd", "2nd": an ordinal, which a language may say in words too.)
_NUMBER_IN_WORD = re.compile(r"(?<![\d.,])(\d{1,2})(?:-[^\W\d_]|(?:st|nd|rd|th)\b)")
#: Below this, a number joined to a word ("2-tuple") may be said in words ("couple").
SMALL_NUMBER = 13


def _digit_runs(text: str) -> set[str]:
    """Every run of digits, in ASCII and without leading zeros: what a number reformatted
    (grouped otherwise, a date written with other separators, a range) still holds."""
    runs = set()
    for run in _DIGIT_RUN.findall(text):
        digits = run if run.isascii() else "".join(str(unicodedata.decimal(ch)) for ch in run)
        runs.add(digits.lstrip("0") or "0")
    return runs


# A date written with slashes and a two-digit year ("5/11/15"): the year, which a
# translation may write with four digits. (Not with dots: "3.9.10" is a version.)
_SHORT_YEAR = re.compile(r"(?<![\d./-])\d{1,2}/\d{1,2}/(\d{2})(?![\d./-])")


def _runs_kept(digits: frozenset[str], runs: set[str], short_years: frozenset[str]) -> bool:
    """Whether the translation holds each run of digits of a number, a date's two-digit
    year written as four ("5/11/15" → "2015 年 5 月 11 日")."""
    return all(run in runs or (run in short_years and any(
        len(other) == 4 and other[:2] in {"19", "20"} and other.endswith(run) for other in runs))
        for run in digits)


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


def _balanced(text: str, pairs: Iterable[tuple[str, str]]) -> bool:
    for opening, closing in pairs:
        if opening == closing:
            if text.count(opening) % 2:
                return False
        elif text.count(opening) != text.count(closing):
            return False
    return True


class SourceFacts:
    """What the fidelity checks compare a translation with, from the source alone."""

    def __init__(self, source: str, source_language: str) -> None:
        self.source = source
        self.source_language = source_language
        markup = analyse(source)
        self.text = markup.text
        self.spaced_text = markup.spaced_text or markup.text

    @cached_property
    def numbers(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """Each number once, in order, with its runs of digits; not the ":00" of "18:00"
        ("18 h" drops it), nor a small number joined to a word ("2-tuples": "couples")."""
        text = self.spaced_text
        if not _DIGIT_RUN.search(text):
            return ()
        in_words = {int(match.group(1)) for match in _NUMBER_IN_WORD.finditer(text)}
        found: dict[str, frozenset[str]] = {}
        for token in _NUMBER.findall(text):
            number = normalise_number(token)
            if number.strip("0") == "" and len(number) > 1:
                continue
            if number.isdigit() and int(number) < SMALL_NUMBER and int(number) in in_words:
                continue
            found.setdefault(number, frozenset(_digit_runs(token)))
        return tuple(found.items())

    @cached_property
    def short_years(self) -> frozenset[str]:
        """The two-digit years of the source's dates, as runs of digits ("5/11/15": "15")."""
        return frozenset(match.group(1).lstrip("0") or "0"
                         for match in _SHORT_YEAR.finditer(self.spaced_text))

    @cached_property
    def copy_is_untranslated(self) -> bool:
        """Long enough, and prose enough, that a translation identical to it is a copy. (Not
        a text that is only links to outside pages, whose texts are those pages' titles, kept
        as they are: "`How to sync your fork <https://…>`_".)"""
        if _CODE.search(self.text):
            return False
        outside = self.text
        for title in _OUTSIDE_LINK_TEXT.findall(self.source):
            outside = outside.replace(title, " ", 1) if title else outside
        if outside != self.text and not _PROSE_WORD.search(outside):
            return False
        return sum(1 for word in _PROSE_WORD.findall(self.text)
                   if word.islower()) >= COPY_MIN_WORDS

    @cached_property
    def doubled_words(self) -> int:
        return len(doubled_words(self.text))

    @cached_property
    def brackets_balanced(self) -> bool:
        return _balanced(self.text, _BRACKETS)

    @cached_property
    def quotes_balanced(self) -> bool:
        return _balanced(self.text, quotation_marks(self.source_language))

    @cached_property
    def final_kind(self) -> str | None:
        return _final_kind(self.source, "en")


@lru_cache(maxsize=65536)
def source_facts(source: str, source_language: str) -> SourceFacts:
    """The source's side of the checks, worked out once for all the languages of a statement
    (each fact only when a translation asks for it: most translations ask for few)."""
    return SourceFacts(source, source_language)


#: What ``check`` reports: what a translation must keep of its source (errors by default).
REPORTS = ("numbers", "untranslated-copy", "whitespace")
#: What ``check_form`` reports: the translation's own form (warnings by default).
FORM_REPORTS = ("doubled-word", "brackets", "quotes-balance", "final-punctuation")


def check(segment: Segment) -> Iterator[tuple[str, Msg]]:
    """What the translation must keep of its source: numbers, being translated, spacing."""
    markup = segment.translation_markup
    if markup.directives or markup.blocks:
        return  # not a paragraph at all: the safety and markup checks say what it is
    source, translation = segment.source, segment.translation
    facts = source_facts(source, segment.source_language)
    if source != translation:
        if facts.numbers:
            # Anywhere in the translation (a number may move into ``code``), however grouped.
            found = set(numbers(translation))
            runs = _digit_runs(translation)
            for number, digits in facts.numbers:
                if number not in found and not _runs_kept(digits, runs, facts.short_years) and not (
                    number.isdigit() and 0 < int(number) < 4000
                    and _roman(int(number)) in markup.text
                ) and not said_in_words(number, facts.spaced_text, markup.text,
                                        segment.language, segment.source_language):
                    yield "numbers", msg(
                        "the number %(number)s of the source is missing: keep every number",
                        number=Quoted(number))
    elif facts.copy_is_untranslated and segment.base_language != base_language(
        segment.source_language
    ):
        yield "untranslated-copy", msg("the translation is a copy of the source: translate it")
    lead = source[: len(source) - len(source.lstrip())]
    translation_lead = translation[: len(translation) - len(translation.lstrip())]
    trail = source[len(source.rstrip()):]
    translation_trail = translation[len(translation.rstrip()):]
    # (Spaces at the end change nothing docutils publishes: only line breaks are told.)
    if lead != translation_lead or ("\n" in trail + translation_trail
                                    and trail != translation_trail):
        yield "whitespace", msg(
            "leading or trailing line breaks differ from the source: match them")


def check_form(segment: Segment) -> Iterator[tuple[str, Msg]]:
    """The translation's own form: doubled words, balanced brackets and quotes, its ending."""
    if segment.translation_markup.directives or segment.translation_markup.blocks:
        return
    facts = source_facts(segment.source, segment.source_language)
    translation_text = segment.translation_markup.text
    allowed = GRAMMATICAL_DOUBLES.get(segment.base_language, set())
    doubled = [word for word in doubled_words(translation_text) if word.lower() not in allowed]
    if doubled and len(doubled) > facts.doubled_words:  # the source may double on purpose
        yield "doubled-word", msg("the word '%(word)s' is doubled", word=Quoted(doubled[-1]))
    if not _balanced(translation_text, _BRACKETS) and facts.brackets_balanced:
        yield "brackets", msg("brackets are unbalanced: close every ( and [")
    if not _balanced(translation_text, quotation_marks(segment.language)) and (
        facts.quotes_balanced
    ):
        yield "quotes-balance", msg("quotation marks are unbalanced: close every quotation")
    source_kind = facts.final_kind
    translation_kind = _final_kind(segment.translation, segment.base_language)
    if source_kind in {"question", "exclamation", "full stop", "colon"} and (
        translation_kind != source_kind
    ) and (source_kind, translation_kind) not in ENDINGS_IN_STYLE.get(
        segment.base_language, ()
    ):
        yield "final-punctuation", msg(
            "the source ends with %(source)s, the translation with %(translation)s: keep the "
            "same kind of ending, in this language's own mark",
            source=msg(_KIND_NAMES[source_kind]),
            translation=msg(_KIND_NAMES.get(translation_kind, _KIND_NAMES[None])))
