"""A statement's slug: its file name in ``source/``, its catalogs' name, its page's address.

Lowercase ASCII letters, digits and single dashes, checked wherever a slug comes in (an
option, an argument, a file found in ``source/``), so that no name can lead a write out of
the project or give a page an address that differs from one system to another.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import EditionsError

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_LENGTH = 80
RULE = "lowercase letters a-z, digits and single dashes"
#: Pages every edition's build writes itself: a statement by one of these names would be
#: overwritten (the edition's index is refused by name too: conf.py's root_doc).
RESERVED = frozenset({"search", "genindex", "py-modindex", "searchindex", "index"})


def slugify(title: str) -> str:
    """A stable file name from a title: ASCII letters and digits joined by dashes."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_title.lower()):
        if slug and len(slug) + 1 + len(word) > 60:
            break  # short enough for a URL, and cut between words
        slug = f"{slug}-{word}" if slug else word[:60]
    if slug in RESERVED:
        slug = f"{slug}-statement"
    return slug or "statement"


def is_slug(text: str) -> bool:
    return len(text) <= MAX_LENGTH and bool(_SLUG.fullmatch(text)) and text not in RESERVED


def validate_slug(slug: str, where: Path | str | None = None) -> str:
    """``slug`` if it is one; else an ``EditionsError`` that suggests one."""
    if is_slug(slug):
        return slug
    suggestion = slugify(slug)
    shown = slug if len(slug) <= 60 else slug[:57] + "…"
    if slug in RESERVED:
        raise EditionsError(f"{slug!r} is the name of a page every edition has already", where,
                            hint=f"choose another, for instance {suggestion!r}")
    raise EditionsError(
        f"{shown!r} is not a statement name: a slug has only {RULE} "
        f"(at most {MAX_LENGTH} characters)", where,
        hint=f"for instance {suggestion!r}",
    )
