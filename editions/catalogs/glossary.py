"""A language's glossary written: ``locale/<lang>/glossary.csv``, the file the checks read
(``editions.checks.glossary``), edited in the workspace's desk as a table.

Written whole, under the project lock, atomically, and only once the checks' own reader
reads it back to the same terms: no glossary is ever written that would stop the checks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..checks.glossary import COLUMNS, parse_glossary
from ..errors import ChangedMeanwhile, EditionsError
from ..project import Project
from ..storage import atomic_write, project_lock

#: What a row may not hold: a line break or another control character, which a spreadsheet
#: would show as a second row, and invisible format characters.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
#: Format characters words need: the zero-width non-joiner and joiner (Persian writes
#: "هم‌بستگی" with one), allowed inside a cell.
_WORD_JOINERS = frozenset("\u200c\u200d")
#: Direction marks a phone's keyboard leaves at a cell's ends: taken off.
_EDGE_MARKS = "\u200e\u200f"
#: How a cell a spreadsheet runs as a formula begins (``=HYPERLINK(…)`` sends what the
#: sheet holds to another site when a coordinator opens the file).
_FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class GlossaryRow:
    """One term of the glossary, its agreed rendering, and a note for translators."""

    term: str
    translation: str
    note: str = ""


def digest(project: Project, language: str) -> str:
    """What the glossary file holds now, in short: a writer that started from one version
    refuses to overwrite another (two coordinators editing at once)."""
    path = project.glossary_path(language)
    return hashlib.sha256(path.read_bytes() if path.exists() else b"").hexdigest()


def row_problem(rows: Sequence[GlossaryRow]) -> tuple[str, int] | None:
    """Why ``rows`` cannot be a glossary, as (reason, row number from 1), or None.

    Reasons: "incomplete" (a term without its rendering, or the reverse), "invisible" (a line
    break or an invisible character), "formula" (a cell a spreadsheet would run), "duplicate"
    (a term given twice, in any case)."""
    seen: set[str] = set()
    for number, row in enumerate(rows, 1):
        row = GlossaryRow(*(_trimmed(cell) for cell in (row.term, row.translation, row.note)))
        if not row.term or not row.translation:
            return "incomplete", number
        if any(unicodedata.category(char) in _REFUSED_CATEGORIES
               and char not in _WORD_JOINERS
               for char in row.term + row.translation + row.note):
            return "invisible", number
        if any(cell.strip().startswith(_FORMULA_STARTS)
               for cell in (row.term, row.translation, row.note)):
            return "formula", number
        key = row.term.strip().casefold()
        if key in seen:
            return "duplicate", number
        seen.add(key)
    return None


def _trimmed(cell: str) -> str:
    """A cell without the spaces and direction marks at its ends."""
    return cell.strip().strip(_EDGE_MARKS).strip()


def to_csv(rows: Sequence[GlossaryRow]) -> bytes:
    """The glossary as the checks read it: a header row, then term,translation,note."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.term.strip(), row.translation.strip(), row.note.strip()])
    return buffer.getvalue().encode("utf-8")


def save_glossary(project: Project, language: str, rows: Sequence[GlossaryRow], *,
                  expected: str | None = None) -> Path:
    """Replace ``language``'s glossary with ``rows``; return its path.

    ``expected`` (a ``digest``) is what the editor started from: if the file changed since,
    nothing is written. Nothing is written either if a row is incomplete or repeated."""
    (code,) = project.require_languages([language])
    path = project.glossary_path(code)
    if code == project.source_language:
        raise EditionsError(f"{code!r} is the source language: it has no glossary",
                            project.conf_py)
    rows = [GlossaryRow(*(_trimmed(cell) for cell in (row.term, row.translation, row.note)))
            for row in rows]
    problem = row_problem(rows)
    if problem:
        reason, number = problem
        raise EditionsError(f"row {number} of the glossary is {reason}", path,
                            hint="every row needs a term and its rendering, once each, "
                            "in visible characters; nothing was changed")
    data = to_csv(rows)
    if len(parse_glossary(data.decode("utf-8"), path)) != len(rows):  # (a defect, never input)
        raise EditionsError("the glossary would not read back", path,
                            hint="nothing was changed; please report this bug")
    with project_lock(project):
        if path.exists() and path.read_bytes() == data:  # (nothing to do: a form sent twice)
            return path
        if expected is not None and digest(project, code) != expected:
            raise ChangedMeanwhile("the glossary changed since it was opened", path,
                                hint="open it again; nothing was changed")
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    return path
