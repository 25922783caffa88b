"""Markup integrity: the translation's inline markup parses and matches the source's."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .rst import is_unsafe_url
from .segment import Segment

#: Languages written without spaces between words: markup needs escaped spaces there.
SCRIPTIO_CONTINUA = {"zh", "ja", "th", "lo", "km", "my", "bo"}

# Inline markup that docutils did not recognise because it touches a letter.
_GLUED = re.compile(r"\w(\*\*?|``?)\w|\w(\*\*?|``?)(?=\s|$)|(?:^|\s)(\*\*?|``?)\w")

_PLAIN_MARKUP = {"emphasis", "strong", "literal", "title_reference", "reference",
                 "footnote_reference", "citation_reference"}
_NAMES = {
    "emphasis": "*emphasis*", "strong": "**strong**", "literal": "``literal``",
    "title_reference": "`interpreted text`", "reference": "hyperlink reference",
    "footnote_reference": "footnote reference", "citation_reference": "citation reference",
    "substitution_reference": "|substitution|",
}


def _describe(kind: str) -> str:
    return _NAMES.get(kind, f":{kind[5:]}: role" if kind.startswith("role:") else kind)


#: What ``check`` reports.
REPORTS = ("rst-syntax", "markup-mismatch", "markup-spacing", "link-target")


def check(segment: Segment) -> Iterator[tuple[str, str]]:
    source, translation = segment.source_markup, segment.translation_markup
    if source.problems:
        return  # the source itself is broken: nothing to compare against
    for line, problem in translation.problems:
        yield "rst-syntax", f"docutils: {problem} (line {line} of the translation)"
    if translation.problems or (source.is_plain and translation.is_plain):
        return  # (plain text on both sides: no markup, link or reference to compare)
    if (source.counts == translation.counts and source.urls == translation.urls
            and source.roles == translation.roles
            and source.references == translation.references):
        return  # the same markup, links and references: the usual case, told at once
    missing = source.counts - translation.counts
    # What the source has none of (a role, a substitution) is for the safety checks to name.
    extra = Counter({kind: n for kind, n in (translation.counts - source.counts).items()
                     if kind in source.counts or kind in _PLAIN_MARKUP})
    if missing and segment.base_language in SCRIPTIO_CONTINUA and not extra:
        yield "markup-spacing", (
            "markup not recognised: in this language, put an escaped space around it, "
            "as in 中文\\ *强调*\\ 中文"
        )
        return
    if missing and not extra and any(ch in segment.translation for ch in "*`") and (
        _GLUED.search(translation.text)
    ):
        yield "markup-spacing", (
            "markup glued to a letter is not recognised: leave a space (or punctuation) "
            "outside the * or ` marks, as the source does"
        )
        return
    if missing or extra:
        differences = [f"{count} {_describe(kind)} fewer" for kind, count in missing.items()]
        differences += [f"{count} {_describe(kind)} more" for kind, count in extra.items()
                        if not kind.startswith("role:")]
        if differences:
            yield "markup-mismatch", (
                "the translation has " + ", ".join(differences)
                + " than the source: keep the same markup around the translated words"
            )
    missing_urls = [url for url in source.urls if url not in translation.urls]
    if missing_urls and not any(is_unsafe_url(url) for url in translation.urls):
        yield "link-target", (
            f"the link {missing_urls[0]} of the source is missing or changed: translate the "
            "link text, keep the URL exactly as it is"
        )
    source_targets = sorted(target for _role, target in source.roles)
    translation_targets = sorted(target for _role, target in translation.roles)
    if source_targets != translation_targets and set(r for r, _ in translation.roles) <= set(
        r for r, _ in source.roles
    ):
        yield "link-target", (
            "a role's target changed: translate the text inside `…` but keep the <target>"
        )
    if sorted(source.references) != sorted(translation.references):
        yield "link-target", (
            "a footnote, citation or named reference differs from the source's: "
            "keep its label as it is"
        )
