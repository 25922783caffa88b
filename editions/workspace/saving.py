"""The non-HTTP half of a save: what a volunteer's translation becomes (a write through the
one writer, a suggestion to review, or a refusal saying why), decided in one place that the
views and the tests call alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from editions.catalogs import entries as catalog_entries
from editions.catalogs.entries import (
    Edit,
    EditConflict,
    Entry,
    SegmentGone,
    StatementCatalog,
)
from editions.catalogs.validity import translation_problem
from editions.checks import Finding, Rules
from editions.checks.messages import render
from editions.errors import EditionsError

from . import history, publishing
from .models import Suggestion
from .permissions import writes_directly


@dataclass(frozen=True)
class Attempt:
    """A translation sent for a segment, with what the volunteer saw of it when they began."""

    where: StatementCatalog
    entry: Entry
    text: str
    fuzzy: bool
    #: The segment's translation and state as the page showed them.
    seen: tuple[str, bool]
    #: The segment's source as the page showed it (where a gone segment went).
    source: str = ""


@dataclass(frozen=True)
class Outcome:
    """What became of an attempt: written (``saved``), suggested, or not (``problem``, a
    ``conflict`` with what the file holds now, or the segment ``gone``)."""

    saved: Entry | None = None
    suggested: bool = False
    problem: str = ""
    conflict: Entry | None = None
    gone: bool = False


def checker(where: StatementCatalog) -> Callable[[Entry, str], list[Finding]]:
    """The per-segment check of ``editions check`` for this statement's catalog: findings
    on a text for an entry. Its rules are read once, for all the segments a page checks."""
    rules = Rules.live(where.project, where.language, where.statement)
    return lambda entry, text: rules.check_text(entry.source, text, entry.flags, entry.line)


def save(attempt: Attempt, user) -> Outcome:
    """Write the translation (a reviewer, a coordinator, a workspace without a team, a
    translator of a language that lets them) or keep it as a suggestion to review."""
    text = catalog_entries.normalise_text(attempt.text)
    project, language, statement = attempt.where.project, attempt.where.language, \
        attempt.where.statement
    direct = writes_directly(user, language, project.direct_translation)
    # What no writer takes is refused first, before any check reads the text: a paste of a
    # whole book costs nothing beyond its length.
    problem = render(translation_problem(attempt.entry.source, text, inner_line_breaks=False),
                     get_language() or "en") or (
        "" if text or direct else _("An empty suggestion helps no one: write a translation."))
    if problem:
        return Outcome(problem=problem)
    if any(f.severity == "error" for f in checker(attempt.where)(attempt.entry, text)) \
            and not (attempt.fuzzy and direct):
        return Outcome(problem=_(
            "This translation has errors: correct them, or save it as “needs work” (it will "
            "not be published).") if direct else _(
            "This translation has errors: correct them before you suggest it."))
    if not direct:
        waiting = Suggestion.objects.filter(language=language, statement=statement,
                                            key=attempt.entry.key, author=user, text=text,
                                            status=Suggestion.Status.PENDING)
        if not waiting.exists():  # (the same text suggested again is the same suggestion)
            Suggestion.objects.create(language=language, statement=statement,
                                      key=attempt.entry.key, source=attempt.entry.source,
                                      text=text, author=user)
            publishing.publish_waiting(project)
        return Outcome(suggested=True)
    return _write(attempt, text, user)


def _write(attempt: Attempt, text: str, user) -> Outcome:
    try:
        saved = history.edit(attempt.where, Edit(attempt.entry.key, text, attempt.fuzzy,
                                                 attempt.seen, attempt.source),
                             history.Who(user))[1]
    except EditConflict as conflict:
        return Outcome(conflict=conflict.current)
    except SegmentGone:
        return Outcome(gone=True)
    except EditionsError as exc:
        return Outcome(problem=exc.message + (f" ({exc.hint})" if exc.hint else ""))
    return Outcome(saved=saved)
