"""Progress figures per language × statement, in segments and in words, from the PO files.

Counting reads each catalog once (with the catalog layer's strict loader); the figures are
cached by the catalog's content, so a repeated status of an unchanged tree reads no catalog.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..catalogs import load_catalog, summarise
from ..catalogs.pofile import cannot_read
from ..checks import CheckRun, check_project
from ..checks.project import ensure_templates
from ..errors import EditionsError
from ..project import Project, shown_from
from ..storage import atomic_write, read_json
from .claims import waiting_for_review
from .policy import decide

if TYPE_CHECKING:  # (a type alone: the timeline reads the figures' percent, not the reverse)
    from .timeline import Point

CACHE_NAME = "progress-v2.json"


@dataclass
class Figures:
    """Counts of one catalog, or a total of several. Words are the source's words."""

    segments: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    errors: int = 0
    #: Suggestions waiting for a reviewer in the workspace (not translations until accepted).
    review: int = 0

    @property
    def percent(self) -> float:
        """Share of the source's words translated and reviewed: the honest measure of work left."""
        return 100.0 * self.translated_words / self.words if self.words else 100.0

    @property
    def band(self) -> str:
        """"done", "half" (at least half) or "low": how tables, pages and badges colour it."""
        return band(self.percent)

    @property
    def words_left(self) -> int:
        return self.words - self.translated_words

    def add(self, other: Figures) -> None:
        for name in _FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, float | int]:
        return {**{name: getattr(self, name) for name in _FIGURES},
                "percent": round(self.percent, 1)}


_FIGURES = tuple(item.name for item in fields(Figures))


def band(percent: float) -> str:
    return "done" if percent >= 100 else "half" if percent >= 50 else "low"


@dataclass
class Cell:
    """One language × statement."""

    language: str
    statement: str
    path: Path
    figures: Figures
    title: str = ""  # the statement's title, translated where it is
    title_translated: bool = False  # (else the original's, in the original's language)
    published: bool = False
    notice: bool = False  # published with paragraphs still in the original language
    #: Published as its kept version: the current translation does not pass (``snapshots``).
    held: bool = False
    error: str = ""  # a catalog that cannot be read, or none there is (its path the project's)
    missing: bool = False  # no catalog yet
    #: The checks that found errors here, with how many each (the progress page names them).
    failed: dict[str, int] = field(default_factory=dict)


@dataclass
class Progress:
    languages: tuple[str, ...]
    statements: tuple[str, ...]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    #: The project's folder: paths are given from it (a folder's name may name a coordinator,
    #: and the figures are published).
    root: Path | None = None

    def cell(self, language: str, statement: str) -> Cell:
        return self.cells[(language, statement)]

    def language_total(self, language: str) -> Figures:
        total = Figures()
        for statement in self.statements:
            total.add(self.cells[(language, statement)].figures)
        return total

    def statement_total(self, statement: str) -> Figures:
        total = Figures()
        for language in self.languages:
            total.add(self.cells[(language, statement)].figures)
        return total

    def shown(self, path: Path) -> str:
        """A catalog's path from the project's folder."""
        return shown_from(path, self.root)

    def as_dict(self, history: dict[str, list[Point]] | None = None) -> dict:
        """The figures as JSON wants them (the status and the progress page write the same),
        with each language's ``history`` when it is given."""
        data = {
            "languages": {
                code: self.language_total(code).as_dict() for code in self.languages
            },
            "statements": {
                slug: self.statement_total(slug).as_dict() for slug in self.statements
            },
            "cells": [
                {"language": c.language, "statement": c.statement, "path": self.shown(c.path),
                 "title": c.title, "title_translated": c.title_translated,
                 "published": c.published, "notice": c.notice, "held": c.held,
                 "error": c.error, **c.figures.as_dict()}
                for c in self.cells.values()
            ],
        }
        if history is not None:
            data["history"] = {code: [vars(point) for point in points]
                               for code, points in history.items()}
        return data


def _figures(summary: dict) -> Figures:
    return Figures(**{name: summary[name] for name in _COUNTS})


def compute(
    project: Project,
    language_codes: Iterable[str] | None = None,
    *,
    with_checks: bool = True,
    use_cache: bool = True,
    compile_mo: bool = False,
    executor: Executor | None = None,
) -> Progress:
    """Figures of every requested language × statement, with the checks' error counts.

    With the checks, each catalog is read once, by them; without, counting alone reads it.
    The figures are the catalogs' as they are: whether one lags behind its statement (until
    ``editions update``) is for ``editions check`` to say, so no template is read here.
    ``compile_mo``: the checks also compile the catalogs they read (for the build).
    """
    codes = tuple(c for c in project.require_languages(tuple(language_codes or ()))
                  if c != project.source_language)
    progress = Progress(codes, tuple(project.statements()), root=project.root)
    report = None
    if with_checks:
        report = check_project(project, codes, use_cache=use_cache, run=CheckRun(
            executor=executor, errors_only=True, compile_mo=compile_mo, stale=False))
    _count(project, progress, report.summaries if report else {},
           use_cache=use_cache and not with_checks)
    if report:
        for finding in report.errors:
            cell_key = (finding.language, finding.statement)
            if cell_key in progress.cells and finding.check not in _COMPLETENESS:
                cell = progress.cells[cell_key]
                cell.figures.errors += 1
                cell.failed[finding.check] = cell.failed.get(finding.check, 0) + 1
    for (code, slug), waiting in waiting_for_review(project).items():
        if (code, slug) in progress.cells:
            progress.cells[(code, slug)].figures.review = waiting
    for cell in progress.cells.values():
        decision = decide(project, cell)
        cell.published, cell.notice, cell.held = (decision.published, decision.notice,
                                                  decision.held)
    return progress


def _count(project: Project, progress: Progress, summaries: dict[tuple[str, str], dict], *,
           use_cache: bool) -> None:
    """A cell per language × statement, with its catalog's counts and title.

    A catalog the checks read is counted from their summary; any other is read here, or
    its summary taken from the cache by content (``use_cache``), which then keeps only the
    catalogs seen this time.
    """
    cache_path = project.build_dir / "cache" / CACHE_NAME
    cache = _load(cache_path) if use_cache else {}
    fresh: dict[str, dict] = {}
    templates: dict[str, dict | None] = {}  # (a statement's, read once for all its cells)
    for code in progress.languages:
        for slug in progress.statements:
            cell = Cell(code, slug, project.catalog_path(code, slug), Figures())
            progress.cells[(code, slug)] = cell
            summary = (summaries[(code, slug)] if (code, slug) in summaries  # the checks read it
                       else _read_summary(cell, progress, cache, fresh))
            if summary is None:  # (no catalog, or one that cannot be read: none of it done)
                if slug not in templates:
                    templates[slug] = _template_summary(project, slug)
                summary = templates[slug]
            if summary is not None:
                cell.figures = _figures(summary)
                cell.title = str(summary["title"])
                cell.title_translated = bool(summary.get("title_translated"))
    if use_cache:
        atomic_write(cache_path, json.dumps(fresh).encode())


def _read_summary(cell: Cell, progress: Progress, cache: dict[str, dict],
                  fresh: dict[str, dict]) -> dict | None:
    """The summary of a cell's catalog, from ``cache`` or read (and kept in ``fresh``); None
    where there is no catalog or it cannot be read, which the cell's ``error`` then says."""
    path = cell.path
    if not path.exists():
        cell.error = f"{progress.shown(path)}: no catalog: run 'editions update'"
        cell.missing = True
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:  # (a folder where the catalog should be, no permission …)
        cell.error = str(cannot_read(path, exc, progress.shown(path)))
        return None
    key = hashlib.sha256(__version__.encode() + cell.language.encode() + data).hexdigest()
    if key not in cache:
        try:
            catalog = load_catalog(path, cell.language)
        except EditionsError as exc:
            exc.path = progress.shown(path)
            cell.error = str(exc)
            return None
        cache[key] = summarise(catalog)
    fresh[key] = cache[key]
    return cache[key]


def _template_summary(project: Project, slug: str) -> dict | None:
    """What a statement holds, from its template (extracted here if it is missing, as on a
    fresh clone), nothing of it translated: the figures of a catalog that is missing or
    cannot be read, so that it counts as work left, not as done. None where the statement
    cannot be extracted either."""
    try:
        return summarise(load_catalog(ensure_templates(project) / f"{slug}.pot"))
    except (EditionsError, OSError):
        return None


_COUNTS = ("segments", "translated", "fuzzy", "untranslated", "obsolete", "words",
           "translated_words", "fuzzy_words", "untranslated_words")
_COMPLETENESS = {"untranslated", "fuzzy", "obsolete", "stale-catalog", "missing-catalog"}


def _load(path: Path) -> dict[str, dict]:
    kept = read_json(path)
    return kept if isinstance(kept, dict) else {}
