"""Publishing: coordinators record in conf.py that a language's edition shows a statement,
once its translation is complete by the figures; from then on the checks hold it there.

Apart from the policy (``policy``), which the figures read: this reads the figures.
"""

from __future__ import annotations

from ..errors import EditionsError
from ..project import Project, declare_published
from ..storage import project_lock
from ..wording import counted
from .figures import Cell, compute


def publish(project: Project, language: str, statements: list[str], *,
            every_complete: bool = False, withdraw: bool = False) -> tuple[Project, list[str]]:
    """Record in conf.py that the coordinators published (or withdrew) these statements in
    ``language``: from then on the checks hold them to be complete. A statement is published
    only once it is: every segment translated, none fuzzy, no check error.

    Returns the project as conf.py now declares it and the statements added or withdrawn.
    """
    (code,) = project.require_languages([language])
    if code == project.source_language:
        raise EditionsError(f"{code!r} is the source language: its edition publishes every "
                            "statement", project.conf_py)
    with project_lock(project):
        published = {lang: list(slugs) for lang, slugs in project.published}
        current = published.setdefault(code, [])
        named = [project.statement_source(slug).stem for slug in statements]
        if withdraw:
            changed = [slug for slug in named if slug in current]
            published[code] = [slug for slug in current if slug not in changed]
        else:
            figures = compute(project, [code], use_cache=True)
            if every_complete:
                named = [slug for slug in project.statements() if _left(figures.cell(code, slug))
                         is None]
            for slug in named:
                left = _left(figures.cell(code, slug))
                if left:
                    raise EditionsError(
                        f"{slug!r} is not complete in {code!r}: {left}", figures.cell(
                            code, slug).path, hint=f"finish it first ('editions todo -l {code}' "
                        "says what is left); nothing was changed",
                    )
            changed = [slug for slug in named if slug not in current]
            current += changed
        if changed:
            project = declare_published(project, published)
    return project, changed


def _left(cell: Cell) -> str | None:
    """What keeps a statement's translation from being published (None: nothing)."""
    figures = cell.figures
    if cell.error:
        return cell.error
    parts = []
    if figures.untranslated:
        parts.append(counted(figures.untranslated, "segment") + " to translate")
    if figures.fuzzy:
        parts.append(counted(figures.fuzzy, "fuzzy segment") + " to review")
    if figures.errors:
        parts.append(counted(figures.errors, "check error") + " ('editions check')")
    return ", ".join(parts) or None
