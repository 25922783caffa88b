"""One entry of a catalog, read or edited: what the browser workspace (and any single-entry
editor) works with, on top of the strict reader and the one writer. ``apply_translation`` is
the one way an entry is given a translation, by the workspace, the XLIFF import and the
update's pre-fill alike.

An edit carries the translation it started from. Under the project lock the catalog is read
again: if the entry changed meanwhile the edit is refused with both texts (``EditConflict``),
if the segment is gone (``editions update`` ran) it is refused with the segments nearest to it
(``SegmentGone``), so that nothing is overwritten in silence and no work is lost.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from rapidfuzz import fuzz, process

from ..checks.messages import Msg
from ..errors import EditionsError
from ..project import Project
from ..storage import project_lock
from .pofile import comment_lines, load_catalog
from .store import save_catalogs
from .validity import control_character, is_blank, line_break_problem, translation_problem


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
class AlreadySaved(Exception):
    """The entry holds this very edit already (a form sent twice): nothing to write, and
    no conflict to show."""

    current: Entry


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
    """A translation as a PO file holds it: line ends as ``\\n``, and one that shows nothing
    (spaces, a no-break space, a zero-width space) as no translation."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "" if is_blank(text) else text


class Refused(Exception):
    """A translation no writer takes: why, and what to do. The entry was left as it was."""

    def __init__(self, problem: Msg | str, what_to_do: str, *, empty: bool = False) -> None:
        super().__init__(str(problem))
        #: Why, in English (``str``) or, rendered, in a volunteer's language.
        self.problem, self.what_to_do = problem, what_to_do
        #: An empty (or blank) text over a translation: the one refusal an import skips.
        self.empty = empty


@dataclass(frozen=True)
class Applied:
    """What ``apply_translation`` did to an entry."""

    changed: bool
    #: The errors the per-segment check found in a text sent as reviewed: it was taken as
    #: needing work (fuzzy) instead.
    errors: tuple[str, ...] = ()


def apply_translation(message: Message, text: str, *, fuzzy: bool,
                      comments: list[str] | None = None,
                      check: Callable[[str], list[str]] | None = None) -> Applied:
    """Give one entry a translation, by the one rule of every writer (the workspace, the
    XLIFF import, the update's pre-fill); raises ``Refused``, changing nothing, for a text
    no writer takes.

    - Line ends become ``\\n``; a text that shows nothing is no text, and no text never
      replaces a translation (reviewed or fuzzy).
    - A new text, or one whose state changes, is refused for its length, a control character,
      a line break inside it its source lacks (an Enter pressed, a CAT tool's soft return),
      or line breaks at its ends unlike its source's.
    - It is fuzzy as asked, when it has a text; ``check`` (the per-segment check: the errors
      it finds in a text) can only make one sent as reviewed fuzzy.
    - ``#|``, the text a translation was made from, stays only while a fuzzy translation stays
      fuzzy: a reviewed one is done with it, a new one was made for the source as it is.
    - ``comments``, if given, replace the translator comments, as the catalog holds them:
      one per line, wrapped as the writer wraps them, blank ones left out.
    """
    text = normalise_text(text)
    if not text and message.string:
        raise Refused("an empty translation does not replace one", "to take it back, "
                      "correct it or mark it as needing work", empty=True)
    lines = None if comments is None else _comment_lines(comments)
    fuzzy = fuzzy and bool(text)
    errors: tuple[str, ...] = ()
    changes_text = (text, fuzzy) != (message.string or "", message.fuzzy)
    if changes_text and text:
        _refuse_text(message.id, text)
        errors = tuple(check(text)) if check is not None and not fuzzy else ()
        fuzzy = fuzzy or bool(errors)
        # (a fuzzy entry sent back unchanged as reviewed, with an error, stays as it was)
        changes_text = (text, fuzzy) != (message.string or "", message.fuzzy)
    changed = changes_text or (lines is not None and lines != list(message.user_comments))
    if changes_text:
        if not (message.fuzzy and message.string and fuzzy):
            message.previous_id = []
            message.previous_context = None
        message.string = text
        (message.flags.add if fuzzy else message.flags.discard)("fuzzy")
    if lines is not None:
        message.user_comments = lines
    return Applied(changed, errors)


def _refuse_text(source: str, text: str) -> None:
    """``Refused`` for a text no catalog is given as the translation of ``source``."""
    problem = translation_problem(source, text, inner_line_breaks=False)
    if problem:
        raise Refused(problem, "remove it")
    problem, what_to_do = line_break_problem(Message(source, text))
    if problem:
        raise Refused(problem, what_to_do)


def _comment_lines(comments: list[str]) -> list[str]:
    """Translator comments as a catalog holds them; ``Refused`` for a control character."""
    lines = [part for comment in comments for line in comment.splitlines()
             for part in comment_lines(line)]
    for line in lines:
        char = control_character(line)
        if char:
            raise Refused(f"a note holds an invisible control character (U+{ord(char):04X})",
                          "delete it")
    return lines


@dataclass(frozen=True)
class StatementCatalog:
    """A statement's catalog in one of the project's languages: where entries are read and
    edited."""

    project: Project
    language: str
    statement: str

    @property
    def path(self) -> Path:
        return self.project.catalog_path(self.language, self.statement)


@dataclass(frozen=True)
class Edit:
    """One translation to write into a segment (``key``), with the translation and state the
    volunteer started from (``expected``) and the source they saw (where a gone segment went)."""

    key: str
    text: str
    fuzzy: bool
    expected: tuple[str, bool]
    source: str = ""


def edit_entry(where: StatementCatalog, edit: Edit) -> Entry:
    """Write one translation, if its entry still holds ``edit.expected`` (translation, fuzzy).

    Raises ``EditConflict`` when it does not (``AlreadySaved`` when it holds this edit
    already), ``SegmentGone`` when the segment is gone, and
    ``EditionsError`` for a translation no writer takes (``apply_translation``); in each case
    nothing is written.
    """
    text, source, expected = normalise_text(edit.text), edit.source, edit.expected
    project, path = where.project, where.path
    with project_lock(project):
        catalog = _load(project, where.language, where.statement)
        messages = [m for m in catalog if m.id]
        found = next(((i, m) for i, m in enumerate(messages) if unit_id(m) == edit.key), None)
        if found is None:
            raise SegmentGone(text, nearest_entries(
                [_entry(m, i) for i, m in enumerate(messages)], source or text, bool(source)))
        position, message = found
        current = _entry(message, position)
        if current.plural:
            raise EditionsError("this segment has plural forms", path, current.line,
                                "translate it in a PO editor such as Poedit")
        held = (normalise_text(current.translation), current.fuzzy)
        if held != (normalise_text(expected[0]), expected[1]):
            if held == (text, edit.fuzzy) and text:  # (this very edit, sent twice)
                raise AlreadySaved(current)
            raise EditConflict(current, str(path))
        try:
            applied = apply_translation(message, text, fuzzy=edit.fuzzy)
        except Refused as refused:
            raise EditionsError(str(refused.problem), path, current.line,
                                f"{refused.what_to_do}; nothing was changed") from None
        if applied.changed:
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


__all__ = ["Applied", "Edit", "EditConflict", "Entry", "Refused", "SegmentGone",
           "StatementCatalog", "apply_translation", "edit_entry", "read_entries", "unit_id",
           "word_diff"]
