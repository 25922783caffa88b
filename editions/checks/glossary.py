"""Glossaries: the required rendering of key terms, one CSV file per language.

``locale/<lang>/glossary.csv`` has the columns ``term,translation,note`` (a spreadsheet
saves it so); a name that stays untranslated has itself as translation.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import EditionsError
from .messages import Msg, Quoted, msg
from .segment import Segment

COLUMNS = ["term", "translation", "note"]


@dataclass(frozen=True)
class Term:
    term: str
    translation: str
    note: str
    pattern: re.Pattern[str]


def load_glossary(path: Path) -> tuple[Term, ...]:
    """Read a glossary; a missing file is an empty glossary, a malformed one a clear error."""
    if not path.exists():
        return ()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EditionsError(f"unreadable glossary: {exc}", path,
                            hint="save it as CSV, UTF-8") from exc
    return parse_glossary(text, path)


def parse_glossary(text: str, path: Path) -> tuple[Term, ...]:
    """The terms of a glossary's text (``path`` names it in messages): what ``load_glossary``
    reads, and what a writer reads back before it writes."""
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames != COLUMNS:
            raise EditionsError(
                f"the first line must be {','.join(COLUMNS)}", path, 1,
                "keep the header row when editing the glossary",
            )
        terms = []
        for row in reader:
            term, translation = (row.get("term") or "").strip(), (
                row.get("translation") or ""
            ).strip()
            if not term or not translation:
                raise EditionsError(
                    "every row needs a term and its translation", path, reader.line_num
                )
            # A name or acronym ("US", "Nakba") matches as written; "genocide" in any case.
            flags = 0 if any(ch.isupper() for ch in term) else re.IGNORECASE
            pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", flags)
            terms.append(Term(term, translation, (row.get("note") or "").strip(), pattern))
    except csv.Error as exc:
        raise EditionsError(f"unreadable glossary: {exc}", path,
                            hint="save it as CSV, UTF-8") from exc
    return tuple(terms)


def uses(translation: str, rendering: str) -> bool:
    """Whether ``translation`` uses ``rendering``, allowing for inflected word endings.

    Every word of the rendering must appear with at least its first two thirds: «Західний
    берег» is found in «на Західному березі», „Vierte Internationale“ in „der Vierten
    Internationale“.
    """
    text = translation.casefold()
    return all(word[: max(3, len(word) * 2 // 3)] in text for word in rendering.casefold().split())


#: What ``check`` reports.
REPORTS = ("glossary",)


def check(segment: Segment, glossary: tuple[Term, ...]) -> Iterator[tuple[str, Msg]]:
    for term in glossary:
        if term.pattern.search(segment.source) and not uses(segment.translation, term.translation):
            rendering = msg("the glossary renders '%(term)s' as '%(translation)s'",
                            term=Quoted(term.term), translation=Quoted(term.translation))
            yield "glossary", msg("%(rendering)s (%(note)s)", rendering=rendering,
                                  note=Quoted(term.note)) if term.note else rendering
