"""One entry of a catalog, read or edited: what the browser workspace (and any single-entry
editor) works with, on top of the strict reader and the one writer.

An edit carries the translation it started from. Under the project lock the catalog is read
again: if the entry changed meanwhile the edit is refused with both texts (``EditConflict``),
if the segment is gone (``editions update`` ran) it is refused with the segments nearest to it
(``SegmentGone``), so that nothing is overwritten in silence and no work is lost.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog, Message
from rapidfuzz import fuzz, process

from ..errors import EditionsError
from ..project import Project
from ..storage import project_lock
from .pofile import load_catalog
from .store import save_catalogs
from .validity import is_blank, line_break_problem, translation_problem


def unit_id(message: Message) -> str:
    """A stable id for a segment: its context and source, hashed (XLIFF ids and web keys)."""
    # An empty context (msgctxt "") is another entry than none: it gets a mark of its own,
    # and every other id stays as it was.
    context = "\x05" if message.context == "" else message.context or ""
    key = f"{context}\x04{message.id}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """A segment of a statement as a translator sees it, in document order."""

    key: str
    position: int
    source: str
    translation: str
    fuzzy: bool
    #: The source this translation was made from, for a fuzzy entry (the ``#|`` lines).
    previous_source: str
    context: str
    line: int
    comments: tuple[str, ...]
    flags: tuple[str, ...]
    #: Plural entries are shown, not edited here (no segment of a statement has them).
    plural: bool = False

    @property
    def state(self) -> str:
        if not self.translation:
            return "untranslated"
        return "fuzzy" if self.fuzzy else "translated"


@dataclass
class EditConflict(Exception):
    """The entry changed since the volunteer loaded it: nothing was written."""

    current: Entry
    path: str = ""


@dataclass
class SegmentGone(Exception):
    """The segment no longer exists (its source was edited or removed): nothing was written."""

    kept_text: str
    nearest: list[Entry] = field(default_factory=list)


def _entry(message: Message, position: int) -> Entry:
    plural = not isinstance(message.id, str)
    source = message.id[0] if plural else message.id
    translation = (message.string[0] if message.string else "") if plural else message.string
    previous = message.previous_id
    previous_source = (previous[0] if previous else "") if isinstance(previous, (list, tuple)) \
        else (previous or "")
    return Entry(
        key=unit_id(message), position=position, source=source, translation=translation or "",
        fuzzy=message.fuzzy, previous_source=previous_source if message.fuzzy else "",
        context=message.context or "", line=message.lineno or 0,
        comments=tuple(message.auto_comments) + tuple(message.user_comments),
        flags=tuple(sorted(message.flags)), plural=plural,
    )


def read_entries(project: Project, language: str, statement: str) -> list[Entry]:
    """The segments of a statement's catalog, in document order (obsolete ones left out)."""
    catalog = _load(project, language, statement)
    return [_entry(m, i) for i, m in enumerate(m for m in catalog if m.id)]


def _load(project: Project, language: str, statement: str) -> Catalog:
    path = project.catalog_path(language, statement)
    if not path.exists():
        raise EditionsError("this statement has no catalog in this language yet", path,
                            hint="a coordinator runs 'editions update'")
    return load_catalog(path, language)


def normalise_text(text: str) -> str:
    """What a browser sends, as a PO file holds it: line ends as ``\\n``, and a translation
    that shows nothing (spaces, a no-break space, a zero-width space) as no translation."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "" if is_blank(text) else text


def edit_entry(project: Project, language: str, statement: str, key: str, text: str, *,
               fuzzy: bool, expected: tuple[str, bool], source: str = "") -> Entry:
    """Write one translation, if its entry still holds ``expected`` (translation, fuzzy).

    Raises ``EditConflict`` when it does not, ``SegmentGone`` when the segment is gone, and
    ``EditionsError`` for a translation no catalog may hold; in each case nothing is written.
    ``source`` is the segment as the volunteer saw it: it finds where a gone one went.
    A blank translation never replaces one: it is refused, so that no reviewed text is lost.
    """
    text = normalise_text(text)
    path = project.catalog_path(language, statement)
    with project_lock(project):
        catalog = _load(project, language, statement)
        messages = [m for m in catalog if m.id]
        found = next(((i, m) for i, m in enumerate(messages) if unit_id(m) == key), None)
        if found is None:
            raise SegmentGone(text, nearest_entries(
                [_entry(m, i) for i, m in enumerate(messages)], source or text, bool(source)))
        position, message = found
        current = _entry(message, position)
        if current.plural:
            raise EditionsError("this segment has plural forms", path, current.line,
                                "translate it in a PO editor such as Poedit")
        if (normalise_text(current.translation), current.fuzzy) != (
                normalise_text(expected[0]), expected[1]):
            raise EditConflict(current, str(path))
        if not text and current.translation:
            raise EditionsError("an empty translation does not replace one", path,
                                current.line, "to take it back, correct it or mark it as "
                                "needing work; nothing was changed")
        problem = translation_problem(current.source, text, inner_line_breaks=False)
        if problem:
            raise EditionsError(problem, path, current.line, "remove it; nothing was changed")
        message.string = text
        if fuzzy and text:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
        problem, what_to_do = line_break_problem(message) if text else ("", "")
        if problem:
            raise EditionsError(problem, path, current.line, f"{what_to_do}; nothing was "
                                "changed")
        if (message.string, message.fuzzy) != (current.translation, current.fuzzy):
            if not message.fuzzy:
                message.previous_id = None  # reviewed: what it was translated from is done
            save_catalogs(project, {path: catalog})
        return _entry(message, position)


def nearest_entries(entries: list[Entry], query: str, by_source: bool,
                    limit: int = 3) -> list[Entry]:
    """The segments a translation made for a segment now gone most likely belongs to: those
    whose source is nearest the old source (``by_source``), else nearest the translation."""
    candidates = [entry for entry in entries if not entry.plural]
    if not candidates or not query:
        return []
    choices = [c.source if by_source else (c.translation or c.source) for c in candidates]
    matches = process.extract(query, choices, scorer=fuzz.ratio, limit=limit)
    return [candidates[index] for _choice, _score, index in matches]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """What changed between two sources, word by word: ("same" | "removed" | "added", text)."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(new_words[j1:j2])))
    return parts


__all__ = ["EditConflict", "Entry", "SegmentGone", "edit_entry", "read_entries", "unit_id",
           "word_diff"]
