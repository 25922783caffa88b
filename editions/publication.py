"""The publication policy: which translated statements an edition shows, and how.

A statement appears in a language's edition once its translation reaches that language's
threshold (by default 100 % of the words, reviewed, with no check error). Below it, the
edition lists it as a translation in progress, unless ``fallback`` publishes it with its
untranslated paragraphs in the original language, under a visible notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .project import Project

if TYPE_CHECKING:
    from .progress import Cell, Progress


@dataclass(frozen=True)
class Decision:
    published: bool
    notice: bool  # shown with paragraphs in the original language, under a notice


def rule_for(project: Project, language: str) -> tuple[float, bool]:
    rules = {code: (threshold, fallback) for code, threshold, fallback in project.publication}
    return rules.get(language, rules["*"])


def decide(project: Project, cell: Cell) -> Decision:
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
            }
    return result
