"""The publication policy: which translated statements an edition shows, and how.

A statement appears in a language's edition once its translation reaches that language's
threshold (by default 100 % of the words, reviewed, with no check error). Below it, the
edition lists it as a translation in progress, unless ``fallback`` publishes it with its
untranslated paragraphs in the original language, under a visible notice.

Once published (conf.py's ``editions_published``), a statement stays: while its current
translation does not pass, the edition shows its kept version (``snapshots``) under a notice
("held"). Only a withdrawal (``editions_withdrawn``) takes it out of the edition.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..project import Project
from .snapshots import is_kept

if TYPE_CHECKING:
    from .figures import Cell, Progress


@dataclass(frozen=True)
class Decision:
    published: bool
    notice: bool  # shown with paragraphs in the original language, under a notice
    #: Shown as its kept version, under a notice: published, but the current one does not pass.
    held: bool = False


def rule_for(project: Project, language: str) -> tuple[float, bool]:
    rules = {code: (threshold, fallback) for code, threshold, fallback in project.publication}
    return rules.get(language, rules["*"])


def decide(project: Project, cell: Cell) -> Decision:
    """How the edition shows a statement: withdrawn, not at all; published and no longer
    passing, as its kept version (if one is kept); else as its figures say."""
    if project.is_withdrawn(cell.language, cell.statement):
        return Decision(False, False)
    decision = _by_figures(project, cell)
    if (not decision.published and project.is_published(cell.language, cell.statement)
            and is_kept(project, cell.language, cell.statement)):
        return Decision(True, False, held=True)
    return decision


def _by_figures(project: Project, cell: Cell) -> Decision:
    threshold, fallback = rule_for(project, cell.language)
    figures = cell.figures
    if cell.error or figures.errors or not figures.segments:
        return Decision(False, False)
    complete = figures.translated_words == figures.words
    if figures.percent >= threshold and not figures.fuzzy:
        return Decision(True, not complete)
    if fallback:
        return Decision(True, True)
    return Decision(False, False)


def plan(project: Project, progress: Progress) -> dict[str, dict[str, dict]]:
    """For every statement and language: published, notice, percentage and title.

    This is what every edition's build receives, so that a switcher offers only published
    translations and an index lists the others as in progress.
    """
    result: dict[str, dict[str, dict]] = {}
    for slug in progress.statements:
        result[slug] = {
            project.source_language: {"published": True, "notice": False, "percent": 100.0,
                                      "title": ""},
        }
        for code in progress.languages:
            cell = progress.cell(code, slug)
            result[slug][code] = {
                "published": cell.published,
                "notice": cell.notice,
                "percent": round(cell.figures.percent, 1),
                "title": cell.title,
                "title_translated": cell.title_translated,
            }
            if cell.held:
                result[slug][code]["held"] = True
            elif project.is_withdrawn(code, slug):
                result[slug][code]["withdrawn"] = True
    return result


def statements_file(project: Project, language: str) -> Path:
    """Where an edition's build leaves the list of the statements it publishes (slug, title,
    author, date, newest first), for the site pages written after the builds."""
    return project.build_dir / "statements" / f"{language}.json"


def built_statements(project: Project, language: str) -> list[dict[str, str]]:
    """That list, as the edition's last build left it (none before a first build)."""
    try:
        return json.loads(statements_file(project, language).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def publishes_anything(plan: dict[str, dict[str, dict]], language: str) -> bool:
    """Whether an edition publishes at least one statement (the original's always does): one
    that publishes none is built, but not offered to readers."""
    return not plan or any(entries.get(language, {}).get("published") for entries in
                           plan.values())


def unpublished(plan: dict[str, dict[str, dict]], language: str) -> list[str]:
    """The statements the plan withholds from an edition: excluded from its build, and every
    file of their pages taken out of its folder."""
    return sorted(slug for slug, entries in plan.items()
                  if not entries.get(language, {}).get("published", True))


def publishing_editions(project: Project, plan: dict[str, dict[str, dict]]) -> list[str]:
    """The editions offered to readers: the original's and each that publishes something."""
    return [code for code in project.editions
            if code == project.source_language or publishes_anything(plan, code)]


def progress_page(language: str, source_language: str) -> str:
    """The progress page in ``language``'s words, in the site's ``progress/`` folder:
    ``index.html`` in the original's, ``fr.html`` in French (where each edition's "help
    translate" leads)."""
    return "index.html" if language == source_language else f"{language}.html"


def held(plan: dict[str, dict[str, dict]], language: str) -> list[str]:
    """The statements an edition shows as their kept version."""
    return sorted(slug for slug, entries in plan.items()
                  if entries.get(language, {}).get("held"))


def withdrawn(plan: dict[str, dict[str, dict]], language: str) -> list[str]:
    """The statements withdrawn from an edition: their address says so."""
    return sorted(slug for slug, entries in plan.items()
                  if entries.get(language, {}).get("withdrawn"))
