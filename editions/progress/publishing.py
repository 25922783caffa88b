"""Publishing: coordinators record in conf.py that a language's edition shows a statement,
once its translation is complete by the figures; from then on the checks hold it there.

Apart from the policy (``policy``), which the figures read: this reads the figures.
"""

from __future__ import annotations

import logging

from ..errors import EditionsError
from ..project import Project, declare_published
from ..storage import project_lock
from ..wording import counted
from .figures import Cell, compute
from .snapshots import forget, keep

log = logging.getLogger(__name__)


def publish(project: Project, language: str, statements: list[str], *,
            every_complete: bool = False, withdraw: bool = False) -> tuple[Project, list[str]]:
    """Record in conf.py that the coordinators published (or withdrew) these statements in
    ``language``: from then on the checks hold them to be complete. A statement is published
    only once it is: every segment translated, none fuzzy, no check error.

    Publishing keeps the statement's current version (``snapshots``): its edition shows it
    while a later one does not pass. Withdrawing takes it out of the edition, whose address
    then says it was withdrawn; publishing it again puts it back.

    Returns the project as conf.py now declares it and the statements added or withdrawn.
    """
    (code,) = project.require_languages([language])
    if code == project.source_language:
        raise EditionsError(f"{code!r} is the source language: its edition publishes every "
                            "statement", project.conf_py)
    with project_lock(project):
        published = {lang: list(slugs) for lang, slugs in project.published}
        withdrawn = {lang: list(slugs) for lang, slugs in project.withdrawn}
        named = [project.statement_source(slug).stem for slug in statements]
        if withdraw:
            changed = _withdraw(project, code, named, published, withdrawn)
        else:
            named = _complete(project, code, named, every_complete)
            changed = [slug for slug in named if not project.is_published(code, slug)
                       or project.is_withdrawn(code, slug)]
            published[code] = [*published.get(code, []),
                               *(slug for slug in changed if slug not in published.get(code, []))]
            withdrawn[code] = [slug for slug in withdrawn.get(code, []) if slug not in named]
            # What readers will see from now on, until a later version passes.
            keep(project, code, named)
        if changed:
            project = declare_published(project, published, withdrawn)
        if withdraw:
            # Only once conf.py no longer publishes them: a failed write keeps what shows.
            _forget_withdrawn(project, code, named)
    return project, changed


def _forget_withdrawn(project: Project, code: str, named: list[str]) -> None:
    """Remove the kept versions of statements conf.py now withdraws. Where that fails, the
    withdrawal stands and is not reported as failed (it is done: the desk records its reason
    and rebuilds the edition, which a second withdrawal, changing nothing, would not): the
    file left is said in the log. Nothing shows it, and publishing again replaces it."""
    try:
        forget(project, code, named)
    except EditionsError as exc:
        log.warning("%s withdrawn from the %r edition, but a kept version could not be "
                    "removed (%s): nothing shows it, and publishing it again replaces it",
                    ", ".join(named), code, exc)


def _withdraw(project: Project, code: str, named: list[str],
              published: dict[str, list[str]], withdrawn: dict[str, list[str]]) -> list[str]:
    """Take these statements out of the edition: off the published list, onto the withdrawn
    one (their address then says so). Their kept versions are removed by the caller, once
    conf.py says so."""
    changed = [slug for slug in named if not project.is_withdrawn(code, slug)]
    published[code] = [slug for slug in published.get(code, []) if slug not in named]
    withdrawn[code] = [*withdrawn.get(code, []), *changed]
    return changed


def _complete(project: Project, code: str, named: list[str], every_complete: bool) -> list[str]:
    """The statements to publish (every complete one with ``every_complete``), each checked
    complete: one that is not is a clear error, and nothing is changed."""
    figures = compute(project, [code], use_cache=True)
    if every_complete:
        named = [slug for slug in project.statements()
                 if left_to_do(figures.cell(code, slug)) is None]
    for slug in named:
        cell = figures.cell(code, slug)
        left = left_to_do(cell)
        if left:
            raise NotComplete(
                f"{slug!r} is not complete in {code!r}: {left}", cell,
                hint=f"finish it first ('editions todo -l {code}' says what is left); nothing "
                "was changed")
    return named


class NotComplete(EditionsError):
    """A statement to publish is not complete: ``cell`` has what is left (the workspace says
    it in its volunteer's language)."""

    def __init__(self, message: str, cell: Cell, hint: str) -> None:
        super().__init__(message, cell.path, hint=hint)
        self.cell = cell


#: What keeps a complete translation from being published, in the order it is said: the
#: Figures that must be 0.
BLOCKING = ("untranslated", "fuzzy", "errors")


def blocking(cell: Cell) -> list[tuple[str, int]]:
    """What keeps a statement's translation from being published, by the figures: each of
    ``BLOCKING`` that is not 0, with its count (none: nothing, unless ``cell.error``). The
    command line and the workspace each say it in their own words."""
    return [(name, getattr(cell.figures, name)) for name in BLOCKING
            if getattr(cell.figures, name)]


_SAID = {"untranslated": ("segment", " to translate"), "fuzzy": ("fuzzy segment", " to review"),
         "errors": ("check error", " ('editions check')")}


def left_to_do(cell: Cell) -> str | None:
    """What keeps a statement's translation from being published (None: nothing)."""
    if cell.error:
        return cell.error
    return ", ".join(counted(count, _SAID[name][0]) + _SAID[name][1]
                     for name, count in blocking(cell)) or None
