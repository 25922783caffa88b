"""Reviewing: a suggestion accepted or rejected, a comment written or resolved, a change
reverted. Each acts on the segment as the reviewer saw it, once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editions.catalogs.entries import Edit, EditConflict, SegmentGone
from editions.errors import EditionsError
from editions.storage import project_lock

from .. import history, publishing, team
from ..context import language_facts
from ..forms import CommentForm
from ..models import Change, Comment, Suggestion
from ..permissions import can, require
from .common import Place, seen_of, title_of


def _reload(what: str) -> HttpResponse:
    return HttpResponse(what, status=400, content_type="text/plain; charset=utf-8")


@require_POST
def decide(request: HttpRequest, language: str, statement: str, key: str, number: int
           ) -> HttpResponse:
    """A reviewer accepts a suggestion (written through the one writer if the segment still
    holds what the reviewer saw, credited to its author) or rejects it: once, whoever else
    decides it at the same moment."""
    require(request, "review", language)
    place = Place.of(language, statement)
    action, seen = request.POST.get("action"), seen_of(request)
    if action not in ("accept", "reject") or (action == "accept" and seen is None):
        return _reload(_("Reload the page, then decide again."))
    back = redirect(place.segment_url(key))
    # Decisions are taken under the project lock, which every write holds: one at a time,
    # each finding the suggestion as the one before left it.
    with project_lock(place.project):
        suggestion = Suggestion.objects.filter(pk=number, language=place.language,
                                               statement=place.statement, key=key).first()
        if suggestion is None:
            raise Http404(_("This suggestion does not exist."))
        if suggestion.status != Suggestion.Status.PENDING:
            messages.info(request, _("This suggestion was decided already."))
            return back
        if action == "accept":
            refused = _accept(request, place, suggestion, seen)
            if refused is not None:
                return refused
        Suggestion.objects.filter(pk=suggestion.pk, status=Suggestion.Status.PENDING).update(
            status=Suggestion.Status.ACCEPTED if action == "accept" else
            Suggestion.Status.REJECTED, decided_by=request.user, decided=timezone.now())
        publishing.publish_waiting(place.project)  # (under the lock: the last count wins)
    messages.success(request, _("Accepted and saved.") if action == "accept"
                     else _("Rejected."))
    return back


def _accept(request: HttpRequest, place: Place, suggestion: Suggestion,
            seen: tuple[str, bool]) -> HttpResponse | None:
    """Write an accepted suggestion; the answer if it could not be (None if it was)."""
    try:
        history.edit(place, Edit(suggestion.key, suggestion.text, fuzzy=False, expected=seen),
                     history.Who(suggestion.author, accepted_by=request.user))
    except EditConflict as conflict:
        return render(request, "workspace/decide_conflict.html", {
            "language": language_facts(place.language), "statement": place.statement,
            "source_language": language_facts(place.project.source_language),
            "heading": title_of(place.entries(), place.statement),
            "key": suggestion.key, "current": conflict.current, "suggestion": suggestion},
            status=409)
    except (SegmentGone, EditionsError) as exc:
        messages.error(request, _("It could not be written: %(why)s")
                       % {"why": getattr(exc, "message", "") or _(
                           "the segment changed since this suggestion")})
        return redirect(place.segment_url(suggestion.key))
    return None


@require_POST
def comment(request: HttpRequest, language: str, statement: str, key: str) -> HttpResponse:
    """Add a comment to a segment, or resolve one (its author or a reviewer)."""
    require(request, "translate", language)
    place = Place.of(language, statement)
    if not any(e.key == key for e in place.entries()):
        raise Http404(_("This segment is not in the statement (any longer)."))
    author = request.user if request.user.is_authenticated else None
    resolve = request.POST.get("resolve", "")
    if resolve:
        found = Comment.objects.filter(pk=resolve if resolve.isdigit() else 0,
                                       language=place.language, statement=place.statement,
                                       key=key).first()
        if found is None:
            raise Http404
        own = author is not None and found.author_id == author.pk
        if team.accounts_exist() and not own and not can(request.user, "review",
                                                         place.language):
            raise PermissionDenied  # (a translator resolves only their own questions)
        found.resolved = True
        found.save(update_fields=["resolved"])
    else:
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A comment is 1 to 2,000 characters of text."))
        else:
            text = form.cleaned_data["text"]
            last = Comment.objects.filter(language=place.language, statement=place.statement,
                                          key=key, author=author).order_by("-pk").first()
            if last is None or last.resolved or last.text != text:  # (not the same, sent twice)
                Comment.objects.create(language=place.language, statement=place.statement,
                                       key=key, author=author, text=text)
    return redirect(f"{place.segment_url(key)}#comments-heading")


@require_POST
def revert(request: HttpRequest, language: str, statement: str, key: str, number: str
           ) -> HttpResponse:
    """A coordinator puts back what a change replaced (itself recorded as a change), if the
    segment still holds what they saw."""
    require(request, "coordinate", language)
    place = Place.of(language, statement)
    change = Change.objects.filter(pk=number, language=place.language,
                                   statement=place.statement, key=key).first()
    if change is None:
        raise Http404(_("No such change of this segment."))
    seen = seen_of(request)
    if seen is None:
        return _reload(_("Reload the page, then revert again."))
    try:
        before, after = history.revert(place.project, change, request.user, seen)
    except (EditConflict, SegmentGone, EditionsError):
        messages.error(request, _("The segment changed meanwhile: look at its history again."))
    else:
        if (before.translation, before.fuzzy) == (after.translation, after.fuzzy):
            messages.info(request, _("It reads as before already: nothing was changed."))
        else:
            messages.success(request, _("Reverted."))
    return redirect(f"{place.segment_url(key)}#history-heading")
