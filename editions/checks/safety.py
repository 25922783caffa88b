"""Safety: a published translation may not bring in anything its source does not have."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from .rst import is_file_role, is_unsafe_url
from .segment import Segment

#: What ``check`` reports.
REPORTS = ("unsafe-link-scheme", "unsafe-url", "unsafe-file", "unsafe-role",
           "unsafe-directive", "unsafe-substitution")


def check(segment: Segment) -> Iterator[tuple[str, str]]:
    source, translation = segment.source_markup, segment.translation_markup
    replaced = any(url not in translation.urls for url in source.urls)
    for url in translation.urls:
        if is_unsafe_url(url):
            scheme = urlsplit(url.strip()).scheme.lower()
            yield "unsafe-link-scheme", f"a {scheme}: link ({url[:60]}) may not be published"
        elif url not in source.urls and not replaced:  # a replaced URL is a link-target error
            yield "unsafe-url", f"the translation brings in the URL {url}, which the source lacks"
    source_roles = {role for role, _target in source.roles}
    for role, target in translation.roles:
        if is_file_role(role) and (role, target) not in source.roles:
            yield "unsafe-file", f"the translation references the file {target!r} (:{role}:)"
        elif role not in source_roles:
            yield "unsafe-role", f"the translation brings in the :{role}: role; the source has none"
    for name in sorted(set(translation.directives) - set(source.directives)):
        if name in {"include", "literalinclude", "image", "figure"}:
            yield "unsafe-file", f"the translation brings in the {name!r} directive (a file)"
        elif name == "raw":
            yield "unsafe-directive", "the translation brings in raw HTML (the 'raw' directive)"
        else:
            yield "unsafe-directive", (
                f"the translation brings in {name!r} markup, which the source lacks: "
                "a translation is a paragraph of text"
            )
    for name in sorted(set(translation.substitutions) - set(source.substitutions)):
        yield "unsafe-substitution", f"the translation brings in the substitution |{name}|"
