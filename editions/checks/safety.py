"""Safety: a published translation may not bring in anything its source does not have."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

from .messages import Msg, Quoted, msg
from .rst import (
    is_file_role,
    is_formatting_role,
    is_raw_role,
    is_unsafe_url,
    names,
    same_url,
)
from .segment import Segment

#: What ``check`` reports.
REPORTS = ("unsafe-link-scheme", "unsafe-url", "unsafe-file", "unsafe-role",
           "unsafe-directive", "unsafe-substitution", "unsafe-bidi")

#: Invisible characters that reorder the text around them (embeddings, overrides, isolates):
#: what "Trojan Source" text uses to show readers something else than it says. The marks
#: that only set a direction (U+200E, U+200F, U+061C) are ordinary right-to-left typing.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: The same characters in UTF-8, to look for them in a whole file at once.
BIDI_CONTROLS_UTF8 = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


_ISOLATES, _POP_ISOLATE = "\u2066\u2067\u2068", "\u2069"
_EMBEDDINGS, _POP_EMBEDDING = "\u202a\u202b\u202d\u202e", "\u202c"


def _open(text: str) -> tuple[int, int]:
    """Isolates and embeddings a text opens and does not close."""
    return (sum(map(text.count, _ISOLATES)) - text.count(_POP_ISOLATE),
            sum(map(text.count, _EMBEDDINGS)) - text.count(_POP_EMBEDDING))


def _bidi_controls(segment: Segment) -> Iterator[tuple[str, Msg]]:
    source = Counter(BIDI_CONTROLS.findall(segment.source))
    added = Counter(BIDI_CONTROLS.findall(segment.translation)) - source
    for char in sorted(added):
        name = Quoted(f"{unicodedata.name(char)} (U+{ord(char):04X})")
        yield "unsafe-bidi", msg(
            "the translation holds an invisible %(control)s more often than the source, "
            "which can reorder what readers see; delete it", control=name,
        ) if char in source else msg(
            "the translation holds an invisible %(control)s, which can reorder what readers "
            "see; delete it", control=name)
    if not added and _open(segment.translation) != _open(segment.source):
        yield "unsafe-bidi", msg(
            "the translation leaves open an invisible direction isolate or embedding that the "
            "source closes, which reorders the rest of the paragraph: keep the source's "
            "closing mark (U+2069 or U+202C)")


def check(segment: Segment) -> Iterator[tuple[str, Msg]]:
    if segment.bidi and BIDI_CONTROLS.search(segment.translation):
        yield from _bidi_controls(segment)
    source, translation = segment.source_markup, segment.translation_markup
    replaced = any(url not in translation.urls for url in source.urls)
    for url in translation.urls:
        if is_unsafe_url(url):
            scheme = urlsplit(url.strip()).scheme.lower()
            yield "unsafe-link-scheme", msg("a %(scheme)s link (%(url)s) may not be published",
                                            scheme=Quoted(f"{scheme}:"), url=Quoted(url[:60]))
        elif not replaced and not _in_source(segment, url) and not _allowed(segment, url):
            # (a replaced URL is a link-target error, or the source's page in this language)
            yield "unsafe-url", msg("the translation brings in the URL %(url)s, which the "
                                    "source lacks", url=Quoted(url))
    source_roles = {role for role, _target in source.roles}
    for role, target in translation.roles:
        if is_file_role(role) and (role, target) not in source.roles:
            yield "unsafe-file", msg("the translation references the file '%(file)s' (%(role)s)",
                                     file=Quoted(target), role=Quoted(f":{role}:"))
        elif role in source_roles:
            continue
        elif is_raw_role(role):
            yield "unsafe-role", msg("the translation brings in raw HTML (the %(role)s role)",
                                     role=Quoted(f":{role}:"))
        elif not (is_formatting_role(role) or names(source, target)):
            # (formatting, or a link to what the source names: the markup checks tell)
            yield "unsafe-role", msg(
                "the translation brings in the %(role)s role, with a target the source does "
                "not name: keep the source's roles and their targets", role=Quoted(f":{role}:"))
    for name in sorted(set(translation.directives) - set(source.directives)):
        if name in {"include", "literalinclude", "image", "figure"}:
            yield "unsafe-file", msg("the translation brings in the '%(name)s' directive (a file)",
                                     name=Quoted(name))
        elif name == "raw":
            yield "unsafe-directive", msg(
                "the translation brings in raw HTML (the %(name)s directive)", name=Quoted("'raw'"))
        else:
            yield "unsafe-directive", msg(
                "the translation brings in '%(name)s' markup, which the source lacks: "
                "a translation is a paragraph of text", name=Quoted(name))
    for name in sorted(set(translation.substitutions) - set(source.substitutions)):
        yield "unsafe-substitution", msg(
            "the translation brings in the substitution %(name)s", name=Quoted(f"|{name}|"))


def _in_source(segment: Segment, url: str) -> bool:
    """A link the source has (the same page), or an address it writes (as code, say)."""
    return url in segment.source or any(same_url(other, url)
                                        for other in segment.source_markup.urls)


def _allowed(segment: Segment, url: str) -> bool:
    """A link to a host conf.py allows for this language."""
    return (urlsplit(url.strip()).hostname or "").lower() in segment.allowed_hosts
