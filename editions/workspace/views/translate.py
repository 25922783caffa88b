"""Translating: one segment's editor (the field, live checks, glossary, memory, diff,
preview) and its save, the live check as one types, and claiming a statement.

Every page works as a plain HTML form for a browser with JavaScript off; the script adds the
live checks, the preview as one types and the shortcuts. The save itself is ``saving``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from editions.catalogs import entries as catalog_entries
from editions.catalogs.entries import Entry
from editions.catalogs.memory import current_memory, suggest
from editions.catalogs.validity import longest_translation, translation_problem
from editions.checks import Finding, load_glossary
from editions.checks.messages import render as render_message
from editions.errors import EditionsError

from .. import history, preview, publishing, saving, team
from ..context import language_facts, shown_error
from ..forms import ClaimForm, TranslationForm
from ..models import Change, Claim, Comment, Suggestion
from ..permissions import can, require, writes_directly
from .common import (
    CatalogUnreadable,
    ListState,
    Place,
    holder_tag,
    isolated,
    owns,
    selected,
    title_of,
)


@dataclass(frozen=True)
class Editor:
    """One segment's editor: where it is, the list it was opened from, the segment and the
    statement's other segments."""

    place: Place
    state: ListState
    entry: Entry
    items: list[Entry]
    #: The volunteer's own suggestion for this segment, waiting (translators only).
    own_suggestion: Suggestion | None = None


@require_http_methods(["GET", "POST"])
def segment_page(request: HttpRequest, language: str, statement: str, key: str
                 ) -> HttpResponse:
    """One segment to translate. A POST saves it; it carries the translation the volunteer
    started from, so that a change made meanwhile is shown beside theirs, not overwritten."""
    require(request, "view", language)
    place, state = Place.of(language, statement), ListState.of(request)
    try:
        items = place.entries()
    except CatalogUnreadable as exc:
        if request.method != "POST":
            raise
        return render(request, "workspace/catalog_error.html", {
            "error": shown_error(place.project, str(exc.error)),
            "kept": request.POST.get("translation", "")[:100_000],
            "language": language_facts(place.language)}, status=503)
    history.notice_file_changes(place.project, place.language, place.statement, items)
    entry = next((e for e in items if e.key == key), None)
    if request.method == "POST":
        require(request, "translate", place.language)
        form = TranslationForm(request.POST)
        if entry is None:
            return _gone(request, place, form, state)
        return _post(request, Editor(place, state, entry, items), form)
    if entry is None:
        raise Http404(_("This segment is not in the statement (any longer)."))
    # A translator's own suggestion, waiting: in the field with its checks, not vanished.
    mine = _own_suggestion(request, place, entry)
    text = mine.text if mine else entry.translation
    form = TranslationForm(initial={
        "translation": text, "fuzzy": entry.fuzzy,
        "expected_translation": entry.translation, "expected_fuzzy": entry.fuzzy,
        "source": entry.source,
    })
    return _editor_page(request, Editor(place, state, entry, items, mine), form, text)


def _own_suggestion(request: HttpRequest, place: Place, entry: Entry) -> Suggestion | None:
    """The volunteer's latest suggestion for this segment still waiting for review, where
    their saves are suggestions."""
    if not request.user.is_authenticated or writes_directly(
            request.user, place.language, place.project.direct_translation):
        return None
    return Suggestion.objects.filter(
        language=place.language, statement=place.statement, key=entry.key,
        author=request.user, status=Suggestion.Status.PENDING).order_by("-created").first()


def _post(request: HttpRequest, editor: Editor, form: TranslationForm) -> HttpResponse:
    """Save the form's translation (then the next segment, or this one again), or show the
    editor again with why not."""
    draft = request.POST.get("action") == "draft"
    if form.is_valid() and not draft:
        data, place = form.cleaned_data, editor.place
        outcome = saving.save(saving.Attempt(
            place, editor.entry, data["translation"], data["fuzzy"],
            (data["expected_translation"], data["expected_fuzzy"]), data["source"]),
            request.user)
        if outcome.gone:
            return _gone(request, place, form, editor.state)
        if outcome.saved or outcome.suggested:
            _renew_claim(request, place)
            messages.success(request, _("Saved.") if outcome.saved else
                             _("Your suggestion waits for a reviewer."))
            return _after_save(request, editor, outcome.saved or editor.entry)
        form.conflict, form.problem = outcome.conflict, outcome.problem
    status = 200 if draft else 409 if form.conflict else (
        400 if form.errors or form.problem else 200)
    return _editor_page(request, editor, form, form.data.get("translation", ""), status)


def _editor_page(request: HttpRequest, editor: Editor, form: TranslationForm, text: str,
                 status: int = 200) -> HttpResponse:
    place, entry = editor.place, editor.entry
    language, statement = place.language, place.statement
    previous, following = _neighbours(selected(place, editor.items, editor.state), entry)
    # (a text no writer takes is shown back unchecked: checking or rendering it is work for
    # nothing, and the refusal says why)
    checked = len(text) <= longest_translation(entry.source)
    check = saving.checker(place)
    return render(request, "workspace/segment.html", {
        "language": language_facts(language),
        "source_language": language_facts(place.project.source_language),
        "statement": statement, "heading": title_of(editor.items, statement),
        "entry": entry, "form": form, "text": text,
        "findings": shown(check(entry, catalog_entries.normalise_text(text))) if checked else [],
        "preview": preview.render(text) if checked else "",
        "diff": catalog_entries.word_diff(entry.previous_source, entry.source)
        if entry.previous_source else [],
        "terms": _glossary_terms(place, entry.source),
        "suggestions": _memory(place, entry),
        "previous": previous, "next": following, "number": entry.position + 1,
        "suggestions_waiting": _waiting(place, entry, check),
        "own_suggestion": editor.own_suggestion,
        "can_review": can(request.user, "review", language),
        "can_coordinate": can(request.user, "coordinate", language),
        "changes": Change.objects.filter(language=language, statement=statement,
                                         key=entry.key).select_related(
            "author", "accepted_by").order_by("-at")[:20],
        "comments": Comment.objects.filter(language=language, statement=statement,
                                           key=entry.key).select_related("author"
                                                                         ).order_by("created"),
        "direct": writes_directly(request.user, language, place.project.direct_translation),
        "total": len(editor.items), "show": editor.state.show, "query": editor.state.query,
        "state_query": editor.state.query_string,
    }, status=status)


def shown(findings: list[Finding]) -> list[dict]:
    """The findings as the volunteer reads them: each check's title and message in the
    interface's language (the check's id kept for scripts and styles, not shown)."""
    language = get_language() or settings.LANGUAGE_CODE
    return [{"check": f.check, "severity": f.severity, "message": f.message_in(language),
             "title": f.title_in(language)} for f in findings]


def _waiting(place: Place, entry: Entry, check: Callable) -> list[dict]:
    """The suggestions waiting for review on this segment, each with what it changes in the
    current translation and the checks' findings on it: a reviewer does not decide blind."""
    return [{"suggestion": suggestion,
             "diff": catalog_entries.word_diff(entry.translation, suggestion.text)
             if entry.translation else [],
             "findings": shown(check(entry, suggestion.text))}
            for suggestion in Suggestion.objects.filter(
                language=place.language, statement=place.statement, key=entry.key,
                status=Suggestion.Status.PENDING).select_related("author").order_by("created")]


def _after_save(request: HttpRequest, editor: Editor, saved: Entry) -> HttpResponse:
    """The next segment of the list ("save and next"), or this one again."""
    place, state = editor.place, editor.state
    if request.POST.get("action") == "next":
        # (the entries read for this request, the saved one as written: not the file again)
        items = [saved if e.key == saved.key else e for e in editor.items]
        following = next((e for e in selected(place, items, state)
                          if e.position > saved.position), None)
        if following is None:
            messages.info(request, _("That was the last segment of this list."))
            return redirect(f"{place.segments_url()}?{state.query_string}")
        return redirect(f"{place.segment_url(following.key)}?{state.query_string}")
    return redirect(f"{place.segment_url(saved.key)}?{state.query_string}")


def _gone(request: HttpRequest, place: Place, form: TranslationForm,
          state: ListState) -> HttpResponse:
    """The segment changed or went (``editions update`` ran): keep the volunteer's text and
    offer it against the segments nearest the one they translated."""
    text = catalog_entries.normalise_text(form.data.get("translation", ""))
    old_source = form.data.get("source", "")
    try:
        items = place.entries()
    except CatalogUnreadable:
        items = []
    nearest = catalog_entries.nearest_entries(items, old_source or text, bool(old_source))
    return render(request, "workspace/gone.html", {
        "language": language_facts(place.language),
        "heading": title_of(items, place.statement),
        "source_language": language_facts(place.project.source_language),
        "statement": place.statement, "text": text, "old_source": old_source,
        "nearest": nearest, "show": state.show, "query": state.query,
    }, status=409)


def _neighbours(selection: list[Entry], entry: Entry) -> tuple[Entry | None, Entry | None]:
    """The segments before and after this one among those the filter leaves (this one may
    have left the selection: it was just translated)."""
    before = [e for e in selection if e.position < entry.position]
    after = [e for e in selection if e.position > entry.position]
    return (before[-1] if before else None), (after[0] if after else None)


def _glossary_terms(place: Place, source: str) -> list:
    path = place.project.glossary_path(place.language)
    try:
        terms = load_glossary(path)
    except EditionsError:
        return []
    return [term for term in terms if term.pattern.search(source)]


def _memory(place: Place, entry: Entry) -> list[dict]:
    """The translation memory's nearest matches for this segment's source."""
    memory = [m for m in current_memory(place.project, place.language)
              if not (m.source == entry.source and m.translation == entry.translation)]
    return [{"translation": match.translation, "source": match.source, "score": score,
             "statement": match.statement}
            for match, score in suggest(memory, entry.source, limit=3)]


@require_POST
def live_check(request: HttpRequest, language: str, statement: str, key: str) -> JsonResponse:
    """The checks and the preview of a translation being typed, as JSON (the same findings
    ``editions check`` reports)."""
    require(request, "view", language)
    place = Place.of(language, statement)
    entry = next((e for e in place.entries() if e.key == key), None)
    if entry is None:
        return JsonResponse({"gone": True}, status=409)
    text = catalog_entries.normalise_text(request.POST.get("translation", "")[:100_000])
    problem = render_message(translation_problem(entry.source, text, inner_line_breaks=False),
                             get_language() or "en")
    if len(text) > longest_translation(entry.source):
        return JsonResponse({"findings": [], "problem": problem, "preview": ""})
    findings = saving.checker(place)(entry, text)
    return JsonResponse({
        "findings": shown(findings),
        "problem": problem,
        "preview": preview.render(text),
    })


@require_POST
def claim(request: HttpRequest, language: str, statement: str) -> HttpResponse:
    """Claim a statement ("I am translating it"), or release one's own claim."""
    require(request, "claim", language)
    place = Place.of(language, statement)
    back = redirect("workspace:statements", place.language)
    if not request.session.session_key:
        request.session.save()
        request.session.modified = True  # (so that the browser gets its cookie)
    mine = holder_tag(request)
    Claim.objects.exclude(pk__in=Claim.objects.current()).delete()  # lapsed: forgotten
    existing = Claim.objects.filter(language=place.language, statement=place.statement).first()
    if request.POST.get("action") == "release":
        if existing and (owns(existing, mine, request.user) or (
                team.accounts_exist() and can(request.user, "coordinate", place.language))):
            existing.delete()
            publishing.publish_current_claims(place.project)
            messages.success(request, _("You released this statement."))
        return back
    claimer = _claimer(request)
    if claimer is None:
        return back
    user, holder = claimer
    if existing and not owns(existing, mine, user):
        messages.error(request, _("%(holder)s is already translating it.")
                       % {"holder": isolated(existing.holder)})
        return back
    if existing:
        existing.delete()  # one's own: renewed (under the new pseudonym, if one is given)
    try:
        Claim.objects.create(language=place.language, statement=place.statement,
                             holder=holder, user=user, session_key=mine)
    except IntegrityError:
        messages.error(request, _("Someone claimed it a moment ago."))
    else:
        publishing.publish_current_claims(place.project)
        messages.success(request, _("You are translating this statement. The claim lapses "
                                    "after %(hours)s hours without a save.")
                         % {"hours": settings.EDITIONS_CLAIM_HOURS})
    return back


def _claimer(request: HttpRequest) -> tuple[object, str] | None:
    """Who claims, and under which name: a volunteer under their own name, no other; the one
    person at the loopback under a pseudonym, never a member's name (None, said why)."""
    if team.accounts_exist():
        return request.user, request.user.get_username()
    form = ClaimForm(request.POST)
    if not form.is_valid():
        taken = form.has_error("pseudonym", "taken")
        messages.error(request, form.errors["pseudonym"][0] if taken else
                       _("Choose a pseudonym of 1 to 40 characters to claim it."))
        return None
    return None, form.cleaned_data["pseudonym"]


def _renew_claim(request: HttpRequest, place: Place) -> None:
    """A save renews the saver's own claim on the statement."""
    mine = holder_tag(request)
    own = Q(session_key=mine) if mine else Q(pk__in=[])
    if request.user.is_authenticated:  # (a volunteer's claim, from any of their browsers)
        own |= Q(user=request.user)
    if Claim.objects.filter(own, language=place.language, statement=place.statement
                            ).update(renewed=timezone.now()):
        publishing.publish_current_claims(place.project)
