"""The history of every translation: changes made in the workspace, with their author, and
changes found in the PO files (made by git, a CLI command or Poedit), and their revert."""

from __future__ import annotations

from django.db import transaction

from editions.catalogs import entries as catalog_entries
from editions.catalogs.entries import Entry

from . import gitlog
from .models import Change, Snapshot


def record(language: str, statement: str, before: Entry, after: Entry, author,
           via: str = Change.Via.WORKSPACE, project=None) -> Change | None:
    """Record a change the workspace made (and what the file now holds); commit it to git
    where the project asks for it."""
    if (before.translation, before.fuzzy) == (after.translation, after.fuzzy):
        return None
    if project is not None:
        name = author.get_username() if getattr(author, "is_authenticated", False) else ""
        what = "revert" if via == Change.Via.REVERT else "translation"
        gitlog.commit(project, project.catalog_path(language, statement), name,
                      f"{language}: {statement}, {what} of “{after.source[:50]}”")
    with transaction.atomic():
        change = Change.objects.create(
            language=language, statement=statement, key=after.key, source=after.source,
            before=before.translation, before_fuzzy=before.fuzzy, after=after.translation,
            after_fuzzy=after.fuzzy, author=author if getattr(author, "is_authenticated",
                                                             False) else None, via=via)
        _remember(language, statement, after)
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


def notice_file_changes(language: str, statement: str, entries: list[Entry]) -> int:
    """Compare the PO file's entries with what the workspace last saw, and record each
    difference as a change made outside it. Returns how many were found."""
    known = {s.key: s for s in Snapshot.objects.filter(language=language,
                                                        statement=statement)}
    found = 0
    first_seen = [Snapshot(language=language, statement=statement, key=entry.key,
                           text=entry.translation, fuzzy=entry.fuzzy)
                  for entry in entries if entry.key not in known]
    if first_seen:  # (another server process may be making the same ones: no error then)
        Snapshot.objects.bulk_create(first_seen, ignore_conflicts=True)
    # Row by row, each its own statement: a page view takes no lock another server process
    # could wait on (two may record the same change found in the file: nothing is lost).
    for entry in entries:
        seen = known.get(entry.key)
        if seen is None or (seen.text, seen.fuzzy) == (entry.translation, entry.fuzzy):
            continue
        claimed = Snapshot.objects.filter(pk=seen.pk, text=seen.text, fuzzy=seen.fuzzy).update(
            text=entry.translation, fuzzy=entry.fuzzy)
        if claimed:  # (else another process saw it first and records it)
            Change.objects.create(
                language=language, statement=statement, key=entry.key, source=entry.source,
                before=seen.text, before_fuzzy=seen.fuzzy, after=entry.translation,
                after_fuzzy=entry.fuzzy, via=Change.Via.FILE)
            found += 1
    return found


def revert(project, change: Change, user) -> Entry:
    """Put back what a change replaced, over whatever the segment holds now (a first
    translation is not erased: it is marked as needing work instead)."""
    current = next((e for e in catalog_entries.read_entries(project, change.language,
                                                            change.statement)
                    if e.key == change.key), None)
    if current is None:
        raise catalog_entries.SegmentGone(change.before)
    text, fuzzy = (change.before, change.before_fuzzy) if change.before else (
        current.translation, True)
    after = catalog_entries.edit_entry(project, change.language, change.statement,
                                       change.key, text, fuzzy=fuzzy,
                                       expected=(current.translation, current.fuzzy))
    record(change.language, change.statement, current, after, user, Change.Via.REVERT,
           project)
    return after
