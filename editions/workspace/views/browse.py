"""Finding one's way: the languages, a language's statements, a statement's segments."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from editions import progress
from editions.catalogs.entries import Entry
from editions.catalogs.summary import word_count

from .. import history, team
from ..context import current_project, language_facts, shown_error, target_language
from ..models import Claim, Suggestion
from ..permissions import ANY_LANGUAGE, can, require
from .common import (
    FILTERS,
    ListState,
    Place,
    filter_label,
    holder_tag,
    owns,
    pending_keys,
    selected,
    title_of,
)


def languages_page(request: HttpRequest) -> HttpResponse:
    """Every language being translated, with its progress."""
    require(request, "view")
    project = current_project()
    figures = progress.compute(project, with_checks=False)
    rows = [{**language_facts(code), "figures": figures.language_total(code),
             "claims": Claim.objects.current().filter(language=code).count()}
            for code in project.languages if can(request.user, "view", code)]
    return render(request, "workspace/languages.html", {
        "rows": rows, "project": project,
        "can_desk": can(request.user, "coordinate", ANY_LANGUAGE),
        "can_see_builds": can(request.user, "coordinate", ANY_LANGUAGE)})


def statements_page(request: HttpRequest, language: str) -> HttpResponse:
    """A language's statements: progress, who claimed them, what needs work."""
    require(request, "view", language)
    project = current_project()
    language = target_language(project, language)
    figures = progress.compute(project, [language], with_checks=False)
    claims = {c.statement: c for c in Claim.objects.current().filter(language=language)}
    mine = holder_tag(request)
    waiting = dict(Suggestion.objects.filter(language=language,
                                             status=Suggestion.Status.PENDING)
                   .values_list("statement").annotate(count=Count("id")))
    rows = []
    for slug in project.statements():
        cell = figures.cell(language, slug)
        claim = claims.get(slug)
        rows.append({"slug": slug, "cell": cell, "claim": claim,
                     "mine": bool(claim and owns(claim, mine, request.user)),
                     "waiting": waiting.get(slug, 0),
                     "error": shown_error(project, cell.error)})
    return render(request, "workspace/statements.html", {
        "language": language_facts(language), "rows": rows,
        "source_language": language_facts(project.source_language),
        "can_coordinate": team.accounts_exist() and can(request.user, "coordinate", language),
        # With accounts, one claims under one's display name: no pseudonym is asked.
        "own_name": request.user.get_username() if team.accounts_exist() else "",
    })


def segments_page(request: HttpRequest, language: str, statement: str) -> HttpResponse:
    """A statement's segments in document order, source and translation side by side."""
    require(request, "view", language)
    place, state = Place.of(language, statement), ListState.of(request)
    items = place.entries()
    history.notice_file_changes(place.project, place.language, place.statement, items)
    return render(request, "workspace/segments.html", {
        "language": language_facts(place.language),
        "source_language": language_facts(place.project.source_language),
        "statement": place.statement, "figures": _figures(items),
        "heading": title_of(items, place.statement),
        "entries": selected(place, items, state), "total": len(items),
        "show": state.show, "query": state.query,
        "waiting": pending_keys(place.language, place.statement),
        "filters": [(name, filter_label(name)) for name in FILTERS],
        "state_query": state.query_string,
        "claim": Claim.objects.current().filter(language=place.language,
                                                statement=place.statement).first(),
    })


def _figures(items: list[Entry]) -> progress.Figures:
    """A statement's figures from the entries already read (not the catalog again)."""
    figures = progress.Figures()
    for entry in items:
        words = word_count(entry.source)
        figures.segments += 1
        figures.words += words
        setattr(figures, entry.state, getattr(figures, entry.state) + 1)
        setattr(figures, f"{entry.state}_words", getattr(figures, f"{entry.state}_words")
                + words)
    return figures
