"""The history of every translation: changes made in the workspace, with their author, and
changes found in the PO files (made by git, a CLI command or Poedit), and their revert.

Each is recorded once: a write and its record happen under the project lock (``edit``), and
a difference a page view finds between the file and what the workspace last saw is confirmed
under the same lock before it is recorded, so a view racing a save records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import transaction

from editions.catalogs import entries as catalog_entries
from editions.catalogs.entries import Edit, Entry, StatementCatalog
from editions.languages import english_name
from editions.storage import project_lock

from . import gitlog, rebuilds
from .models import Change, Preferences, Snapshot


def _member(user):
    """The account behind a request, or None for the one person of a workspace without
    accounts."""
    return user if getattr(user, "is_authenticated", False) else None


def public_name(user, language: str, unnamed: str = "") -> str:
    """How a volunteer is named outside the workspace: their display name if they chose it on
    their account page, else ``unnamed`` or their language's team."""
    if user is not None and Preferences.objects.filter(user=user, named_in_commits=True
                                                       ).exists():
        return user.get_username()
    return unnamed or f"{english_name(language)} translation team"


#: Why a change asks for the site to be rebuilt (``rebuilds.request_rebuild``).
_REASONS = {Change.Via.WORKSPACE: "save", Change.Via.REVERT: "revert"}


@dataclass(frozen=True)
class Who:
    """Who made a change: the volunteer whose words it is, the reviewer who accepted it (if
    it was a suggestion), and how it was made."""

    author: object
    accepted_by: object = None
    via: str = Change.Via.WORKSPACE


def edit(where: StatementCatalog, change: Edit, who: Who) -> tuple[Entry, Entry]:
    """Write one translation through the one writer if the segment still holds what the
    volunteer saw (``change.expected``), and record it, under one hold of the project lock:
    (before, after). Raises what ``edit_entry`` raises; then nothing is written or recorded.
    """
    with project_lock(where.project):
        try:
            after = catalog_entries.edit_entry(where, change)
        except catalog_entries.AlreadySaved as saved:  # (a form sent twice: saved once)
            return saved.current, saved.current
        before = replace(after, translation=change.expected[0], fuzzy=change.expected[1])
        record(where, before, after, who)
    return before, after


def record(where: StatementCatalog, before: Entry, after: Entry, who: Who) -> Change | None:
    """Record a change the workspace made (and what the file now holds); commit it to git
    where the project asks for it. Called under the project lock that wrote it."""
    if (before.translation, before.fuzzy) == (after.translation, after.fuzzy):
        return None
    author, accepted_by = _member(who.author), _member(who.accepted_by)
    language, statement = where.language, where.statement
    what = "revert" if who.via == Change.Via.REVERT else "translation"
    note = "" if accepted_by is None else " (accepted by {})".format(
        public_name(accepted_by, language, unnamed="a reviewer"))
    gitlog.commit(where.project, where.path, public_name(author, language),
                  f"{language}: {statement}, {what} of “{after.source[:50]}”{note}")
    with transaction.atomic():
        change = Change.objects.create(
            language=language, statement=statement, key=after.key, source=after.source,
            before=before.translation, before_fuzzy=before.fuzzy, after=after.translation,
            after_fuzzy=after.fuzzy, author=author, accepted_by=accepted_by, via=who.via)
        _remember(language, statement, after)
    rebuilds.request_quietly(where.project, [language], _REASONS.get(who.via, "save") if
                             accepted_by is None else "accept")
    return change


def _remember(language: str, statement: str, entry: Entry) -> None:
    """What the file now holds, as the workspace saw it (another process may be writing the
    same row: the last one to write is right, both having read the file)."""
    updated = Snapshot.objects.filter(language=language, statement=statement,
                                      key=entry.key).update(text=entry.translation,
                                                            fuzzy=entry.fuzzy)
    if not updated:
        Snapshot.objects.bulk_create([Snapshot(language=language, statement=statement,
                                               key=entry.key, text=entry.translation,
                                               fuzzy=entry.fuzzy)], ignore_conflicts=True)


def notice_file_changes(project, language: str, statement: str, entries: list[Entry]) -> int:
    """Record each difference between the PO file's entries and what the workspace last saw
    as a change made outside it. Returns how many were found.

    ``entries`` were read without the lock: where they differ from what was last seen, the
    file is read again under the project lock (which every workspace write holds while it
    writes and records), so that only what the file really holds is recorded, and once.
    """
    known = {s.key: (s.text, s.fuzzy) for s in Snapshot.objects.filter(
        language=language, statement=statement)}
    if all(known.get(e.key) == (e.translation, e.fuzzy) for e in entries):
        return 0
    with project_lock(project):
        entries = catalog_entries.read_entries(project, language, statement)
        known = {s.key: s for s in Snapshot.objects.filter(language=language,
                                                            statement=statement)}
        Snapshot.objects.bulk_create([  # (another server may be making them: no error then)
            Snapshot(language=language, statement=statement, key=entry.key,
                     text=entry.translation, fuzzy=entry.fuzzy)
            for entry in entries if entry.key not in known], ignore_conflicts=True)
        found = 0
        for entry in entries:
            seen = known.get(entry.key)
            if seen is None or (seen.text, seen.fuzzy) == (entry.translation, entry.fuzzy):
                continue
            with transaction.atomic():
                Snapshot.objects.filter(pk=seen.pk).update(text=entry.translation,
                                                           fuzzy=entry.fuzzy)
                Change.objects.create(
                    language=language, statement=statement, key=entry.key,
                    source=entry.source, before=seen.text, before_fuzzy=seen.fuzzy,
                    after=entry.translation, after_fuzzy=entry.fuzzy, via=Change.Via.FILE)
            found += 1
    return found


def revert(project, change: Change, user, seen: tuple[str, bool]) -> tuple[Entry, Entry]:
    """Put back what a change replaced, if the segment still holds ``seen`` (what the
    coordinator saw when they chose to revert); a first translation is not erased: it is
    marked as needing work instead. (The writer reads the segment: if it does not hold
    ``seen``, or is gone, nothing is written.) (before, after): the same where the
    segment read as before already."""
    text, fuzzy = (change.before, change.before_fuzzy) if change.before else (seen[0], True)
    where = StatementCatalog(project, change.language, change.statement)
    return edit(where, Edit(change.key, text, fuzzy=fuzzy, expected=seen),
                Who(user, via=Change.Via.REVERT))
