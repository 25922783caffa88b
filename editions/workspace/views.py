"""The workspace's pages: thin views that ask ``permissions``, call the library, render.

Every page works as plain HTML forms (load, translate, save, next) for a browser with
JavaScript off; the script adds the live checks, the preview as one types and the shortcuts.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from editions import progress
from editions.catalogs import entries as catalog_entries
from editions.catalogs.entries import EditConflict, Entry, SegmentGone
from editions.catalogs.memory import current_memory, suggest
from editions.catalogs.summary import word_count
from editions.catalogs.validity import longest_translation, translation_problem
from editions.checks import Rules, load_glossary
from editions.errors import EditionsError
from editions.progress.claims import PublicClaim, public_day, publish_claims, publish_waiting
from editions.storage import project_lock

from . import history, preview, signin, team
from .context import (
    current_project,
    language_facts,
    shown_error,
    statement_of,
    target_language,
)
from .forms import (
    ClaimForm,
    CommentForm,
    DeleteAccountForm,
    InviteForm,
    JoinForm,
    PreferencesForm,
    ThrottledLoginForm,
    TranslationForm,
)
from .models import (
    Change,
    Claim,
    Comment,
    Invitation,
    Membership,
    Preferences,
    Suggestion,
)
from .permissions import LoginNeeded, can, require, writes_directly

#: The filters of a statement's segments, as the page names them.
FILTERS = ("all", "untranslated", "fuzzy", "errors", "suggested")


def _filter_label(name: str) -> str:
    return {"all": _("All"), "untranslated": _("Untranslated"), "fuzzy": _("Needs work"),
            "errors": _("With errors"), "suggested": _("Suggestions to review")}[name]


def languages_page(request: HttpRequest) -> HttpResponse:
    """Every language being translated, with its progress."""
    require(request, "view")
    project = current_project()
    figures = progress.compute(project, with_checks=False)
    rows = [{**language_facts(code), "figures": figures.language_total(code),
             "claims": Claim.objects.current().filter(language=code).count()}
            for code in project.languages if can(request.user, "view", code)]
    return render(request, "workspace/languages.html", {"rows": rows, "project": project})


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
                     "mine": bool(claim and _owns(claim, mine, request.user)),
                     "waiting": waiting.get(slug, 0),
                     "error": shown_error(project, cell.error)})
    return render(request, "workspace/statements.html", {
        "language": language_facts(language), "rows": rows,
        "can_coordinate": team.accounts_exist() and can(request.user, "coordinate", language),
        # With accounts, one claims under one's display name: no pseudonym is asked.
        "own_name": request.user.get_username() if team.accounts_exist() else "",
    })


def holder_tag(request: HttpRequest) -> str:
    """What a claim keeps of the browser that made it: a keyed hash of its session, never
    the session key itself (which would let whoever reads the database act as that browser)."""
    key = request.session.session_key
    return salted_hmac("editions.workspace.claim", key, algorithm="sha256").hexdigest() \
        if key else ""


def _findings(project, language: str, statement: str, entry: Entry, text: str) -> list:
    return Rules.live(project, language, statement).check_text(entry.source, text,
                                                               entry.flags, entry.line)


def _selected(project, language: str, statement: str, items: list[Entry], show: str,
              query: str) -> list[Entry]:
    """The segments a filter and a search leave, in document order."""
    if show == "suggested":
        waiting = _pending_keys(language, statement)
        items = [e for e in items if e.key in waiting]
    elif show == "untranslated":
        items = [e for e in items if not e.translation]
    elif show == "fuzzy":
        items = [e for e in items if e.fuzzy and e.translation]
    elif show == "errors":
        items = [e for e in items if e.translation and any(
            f.severity == "error" for f in _findings(project, language, statement, e,
                                                     e.translation))]
    if query:
        wanted = query.casefold()
        items = [e for e in items
                 if wanted in e.source.casefold() or wanted in e.translation.casefold()]
    return items


def _pending_keys(language: str, statement: str) -> dict[str, int]:
    """Segment key → how many suggestions wait for review there."""
    counts: dict[str, int] = {}
    for key in Suggestion.objects.filter(language=language, statement=statement,
                                         status=Suggestion.Status.PENDING
                                         ).values_list("key", flat=True):
        counts[key] = counts.get(key, 0) + 1
    return counts


def _view_state(request: HttpRequest) -> tuple[str, str]:
    show = request.GET.get("show") or request.POST.get("show") or "all"
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()[:200]
    return (show if show in FILTERS else "all"), query


def _read(project, language: str, statement: str) -> list[Entry]:
    try:
        return catalog_entries.read_entries(project, language, statement)
    except EditionsError as exc:
        raise CatalogUnreadable(exc) from exc


class CatalogUnreadable(Exception):
    """A catalog the strict reader refuses: shown as its one-line message, never a trace."""

    def __init__(self, error: EditionsError) -> None:
        super().__init__(str(error))
        self.error = error


def segments_page(request: HttpRequest, language: str, statement: str) -> HttpResponse:
    """A statement's segments in document order, source and translation side by side."""
    require(request, "view", language)
    project = current_project()
    language, statement = target_language(project, language), statement_of(project, statement)
    show, query = _view_state(request)
    items = _read(project, language, statement)
    history.notice_file_changes(project, language, statement, items)
    shown = _selected(project, language, statement, items, show, query)
    cell = _figures(items)
    return render(request, "workspace/segments.html", {
        "language": language_facts(language), "source_language":
        language_facts(project.source_language), "statement": statement, "figures": cell,
        "title": next((e.translation if e.state == "translated" else e.source
                       for e in items), statement),
        "title_translated": bool(items) and items[0].state == "translated",
        "entries": shown, "total": len(items), "show": show, "query": query,
        "waiting": _pending_keys(language, statement),
        "filters": [(name, _filter_label(name)) for name in FILTERS],
        "state_query": urlencode({"show": show, "q": query}),
        "claim": Claim.objects.current().filter(language=language, statement=statement).first(),
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


def _neighbours(selection: list[Entry], items: list[Entry], entry: Entry
                ) -> tuple[Entry | None, Entry | None]:
    """The segments before and after this one among those the filter leaves (this one may
    have left the selection: it was just translated)."""
    before = [e for e in selection if e.position < entry.position]
    after = [e for e in selection if e.position > entry.position]
    return (before[-1] if before else None), (after[0] if after else None)


def _glossary_terms(project, language: str, source: str) -> list:
    path = project.locale_dir / language / "glossary.csv"
    try:
        terms = load_glossary(path)
    except EditionsError:
        return []
    return [term for term in terms if term.pattern.search(source)]


def _suggestions(project, language: str, entry: Entry) -> list[dict]:
    memory = [m for m in current_memory(project, language)
              if not (m.source == entry.source and m.translation == entry.translation)]
    return [{"translation": match.translation, "source": match.source, "score": score,
             "statement": match.statement}
            for match, score in suggest(memory, entry.source, limit=3)]


@require_http_methods(["GET", "POST"])
def segment_page(request: HttpRequest, language: str, statement: str, key: str
                 ) -> HttpResponse:
    """One segment to translate: the field, live checks, glossary, memory, diff, preview.

    A POST saves through the one writer; it carries the translation the volunteer started
    from, so that a change made meanwhile is shown beside theirs instead of overwritten.
    """
    require(request, "view", language)
    project = current_project()
    language, statement = target_language(project, language), statement_of(project, statement)
    show, query = _view_state(request)
    try:
        items = _read(project, language, statement)
    except CatalogUnreadable as exc:
        if request.method != "POST":
            raise
        return render(request, "workspace/catalog_error.html", {
            "error": shown_error(project, str(exc.error)),
            "kept": request.POST.get("translation", "")[:100_000],
            "language": language_facts(language)}, status=503)
    history.notice_file_changes(project, language, statement, items)
    entry = next((e for e in items if e.key == key), None)
    if request.method == "POST":
        require(request, "translate", language)
        form = TranslationForm(request.POST)
        if entry is None:
            return _gone(request, project, language, statement, form, show, query)
        if form.is_valid() and request.POST.get("action") != "draft":
            outcome = _save(request, project, language, statement, entry, form, items, show,
                            query)
            if outcome is not None:
                return outcome
        text = form.data.get("translation", "")
        status = 200 if request.POST.get("action") == "draft" else 409 \
            if form.conflict else 400 if form.errors or form.problem else 200
    else:
        if entry is None:
            raise Http404(_("This segment is not in the statement (any longer)."))
        form = TranslationForm(initial={
            "translation": entry.translation, "fuzzy": entry.fuzzy,
            "expected_translation": entry.translation, "expected_fuzzy": entry.fuzzy,
            "source": entry.source,
        })
        text, status = entry.translation, 200
    selection = _selected(project, language, statement, items, show, query)
    previous, following = _neighbours(selection, items, entry)
    # (a text no writer takes is shown back unchecked: checking or rendering it is work for
    # nothing, and the refusal says why)
    checked = len(text) <= longest_translation(entry.source)
    findings = _findings(project, language, statement, entry, catalog_entries.normalise_text(
        text)) if checked else []
    return render(request, "workspace/segment.html", {
        "language": language_facts(language), "source_language":
        language_facts(project.source_language), "statement": statement, "entry": entry,
        "form": form, "text": text, "findings": findings,
        "preview": preview.render(text) if checked else "",
        "diff": catalog_entries.word_diff(entry.previous_source, entry.source)
        if entry.previous_source else [],
        "terms": _glossary_terms(project, language, entry.source),
        "suggestions": _suggestions(project, language, entry),
        "previous": previous, "next": following, "number": entry.position + 1,
        "suggestions_waiting": Suggestion.objects.filter(
            language=language, statement=statement, key=entry.key,
            status=Suggestion.Status.PENDING).select_related("author").order_by("created"),
        "can_review": can(request.user, "review", language),
        "can_coordinate": can(request.user, "coordinate", language),
        "changes": Change.objects.filter(language=language, statement=statement,
                                         key=entry.key).select_related("author", "accepted_by"
                                                                       ).order_by("-at")[:20],
        "comments": Comment.objects.filter(language=language, statement=statement,
                                           key=entry.key).select_related("author"
                                                                         ).order_by("created"),
        "direct": writes_directly(request.user, language, project.direct_translation),
        "total": len(items), "show": show, "query": query,
        "state_query": urlencode({"show": show, "q": query}),
    }, status=status)


def _save(request: HttpRequest, project, language: str, statement: str, entry: Entry,
          form: TranslationForm, items: list[Entry], show: str, query: str
          ) -> HttpResponse | None:
    """Write the form's translation, or leave on the form why not (and return None)."""
    data = form.cleaned_data
    text = catalog_entries.normalise_text(data["translation"])
    fuzzy = data["fuzzy"]
    direct = writes_directly(request.user, language, project.direct_translation)
    # What no writer takes is refused first, before any check reads the text: a paste of a
    # whole book costs nothing beyond its length.
    problem = translation_problem(entry.source, text, inner_line_breaks=False) or (
        "" if text or direct else _("An empty suggestion helps no one: write a translation."))
    if problem:
        form.problem = problem
        return None
    errors = [f for f in _findings(project, language, statement, entry, text)
              if f.severity == "error"]
    if errors and not (fuzzy and direct):
        form.problem = _("This translation has errors: correct them, or save it as "
                         "“needs work” (it will not be published).") if direct else _(
                         "This translation has errors: correct them before you suggest it.")
        return None
    if not direct:
        Suggestion.objects.create(language=language, statement=statement, key=entry.key,
                                  source=entry.source, text=text, author=request.user)
        _renew_claim(request, project, language, statement)
        _publish_waiting(project)
        messages.success(request, _("Your suggestion waits for a reviewer."))
        return _after_save(request, project, language, statement, entry, show, query)
    try:
        saved = history.edit(
            project, language, statement, entry.key, text, fuzzy=fuzzy,
            seen=(data["expected_translation"], data["expected_fuzzy"]),
            author=request.user, source=data["source"])[1]
    except EditConflict as conflict:
        form.conflict = conflict.current
        return None
    except SegmentGone:
        return _gone(request, project, language, statement, form, show, query)
    except EditionsError as exc:
        form.problem = exc.message + (f" ({exc.hint})" if exc.hint else "")
        return None
    _renew_claim(request, project, language, statement)
    messages.success(request, _("Saved."))
    return _after_save(request, project, language, statement, saved, show, query)


def _after_save(request: HttpRequest, project, language: str, statement: str, saved: Entry,
                show: str, query: str) -> HttpResponse:
    """The next segment of the list ("save and next"), or this one again."""
    state = urlencode({"show": show, "q": query})
    if request.POST.get("action") == "next":
        selection = _selected(project, language, statement,
                              catalog_entries.read_entries(project, language, statement),
                              show, query)
        following = next((e for e in selection if e.position > saved.position), None)
        if following is None:
            messages.info(request, _("That was the last segment of this list."))
            return redirect(f"{_segments_url(language, statement)}?{state}")
        return redirect(f"{_segment_url(language, statement, following.key)}?{state}")
    return redirect(f"{_segment_url(language, statement, saved.key)}?{state}")


def _segments_url(language: str, statement: str) -> str:
    return reverse("workspace:segments", args=[language, statement])


def _segment_url(language: str, statement: str, key: str) -> str:
    return reverse("workspace:segment", args=[language, statement, key])


def _gone(request: HttpRequest, project, language: str, statement: str,
          form: TranslationForm, show: str, query: str) -> HttpResponse:
    """The segment changed or went (``editions update`` ran): keep the volunteer's text and
    offer it against the segments nearest the one they translated."""
    text = catalog_entries.normalise_text(form.data.get("translation", ""))
    old_source = form.data.get("source", "")
    try:
        items = catalog_entries.read_entries(project, language, statement)
    except EditionsError:
        items = []
    nearest = catalog_entries.nearest_entries(items, old_source or text, bool(old_source))
    return render(request, "workspace/gone.html", {
        "language": language_facts(language), "source_language":
        language_facts(project.source_language), "statement": statement, "text": text,
        "old_source": old_source, "nearest": nearest, "show": show, "query": query,
    }, status=409)


@require_POST
def live_check(request: HttpRequest, language: str, statement: str, key: str) -> JsonResponse:
    """The checks and the preview of a translation being typed, as JSON (the same findings
    ``editions check`` reports)."""
    require(request, "view", language)
    project = current_project()
    language, statement = target_language(project, language), statement_of(project, statement)
    entry = next((e for e in _read(project, language, statement) if e.key == key), None)
    if entry is None:
        return JsonResponse({"gone": True}, status=409)
    text = catalog_entries.normalise_text(request.POST.get("translation", "")[:100_000])
    problem = translation_problem(entry.source, text, inner_line_breaks=False)
    if len(text) > longest_translation(entry.source):
        return JsonResponse({"findings": [], "problem": problem, "preview": ""})
    findings = _findings(project, language, statement, entry, text)
    return JsonResponse({
        "findings": [{"check": f.check, "severity": f.severity, "message": f.message}
                     for f in findings],
        "problem": problem,
        "preview": preview.render(text),
    })


@require_POST
def claim(request: HttpRequest, language: str, statement: str) -> HttpResponse:
    """Claim a statement ("I am translating it"), or release one's own claim."""
    require(request, "claim", language)
    project = current_project()
    language, statement = target_language(project, language), statement_of(project, statement)
    if not request.session.session_key:
        request.session.save()
        request.session.modified = True  # (so that the browser gets its cookie)
    mine = holder_tag(request)
    Claim.objects.exclude(pk__in=Claim.objects.current()).delete()  # lapsed: forgotten
    existing = Claim.objects.filter(language=language, statement=statement).first()
    if request.POST.get("action") == "release":
        if existing and (_owns(existing, mine, request.user) or (
                team.accounts_exist() and can(request.user, "coordinate", language))):
            existing.delete()
            _publish(project)
            messages.success(request, _("You released this statement."))
        return redirect("workspace:statements", language)
    if team.accounts_exist():  # a volunteer claims under their own name, no other
        user, holder = request.user, request.user.get_username()
    else:  # the one person at the loopback: a pseudonym, never a member's name
        form = ClaimForm(request.POST)
        if not form.is_valid():
            taken = form.has_error("pseudonym", "taken")
            messages.error(request, form.errors["pseudonym"][0] if taken else
                           _("Choose a pseudonym of 1 to 40 characters to claim it."))
            return redirect("workspace:statements", language)
        user, holder = None, form.cleaned_data["pseudonym"]
    if existing and not _owns(existing, mine, user):
        messages.error(request, _("%(holder)s is already translating it.")
                       % {"holder": isolated(existing.holder)})
        return redirect("workspace:statements", language)
    if existing:
        existing.delete()  # one's own: renewed (under the new pseudonym, if one is given)
    try:
        Claim.objects.create(language=language, statement=statement, holder=holder,
                             user=user, session_key=mine)
    except IntegrityError:
        messages.error(request, _("Someone claimed it a moment ago."))
    else:
        _publish(project)
        messages.success(request, _("You are translating this statement. The claim lapses "
                                    "after %(hours)s hours without a save.")
                         % {"hours": settings.EDITIONS_CLAIM_HOURS})
    return redirect("workspace:statements", language)


def _owns(claim: Claim, tag: str, user) -> bool:
    """Whether a claim is this browser's (``holder_tag``) or, with accounts, this volunteer's
    (from any of their browsers)."""
    return bool(tag and claim.session_key == tag) or bool(
        getattr(user, "is_authenticated", False) and claim.user_id == user.pk)


def isolated(name: str) -> str:
    """A name inside a plain-text message, isolated as <bdi> isolates it in a page (FSI ...
    PDI): a right-to-left name does not reorder the sentence around it."""
    return f"\u2068{name}\u2069"


def _renew_claim(request: HttpRequest, project, language: str, statement: str) -> None:
    """A save renews the saver's own claim on the statement."""
    mine = holder_tag(request)
    if mine and Claim.objects.filter(language=language, statement=statement,
                                     session_key=mine).update(renewed=timezone.now()):
        _publish(project)


def _publish_waiting(project) -> None:
    """The suggestions waiting for review, for the progress page the build makes."""
    publish_waiting(project, {
        (language, statement): count for language, statement, count in
        Suggestion.objects.filter(status=Suggestion.Status.PENDING)
        .values_list("language", "statement").annotate(count=Count("id"))})


def _publish(project) -> None:
    """The current claims, for the progress page the build makes."""
    publish_claims(project, [
        PublicClaim(c.language, c.statement, c.holder, public_day(c.expires))
        for c in Claim.objects.current().order_by("language", "statement")])


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: ThrottledLoginForm) -> HttpResponse:
        """Signed in: this browser gets the account's device cookie (``signin``), so that
        nobody else's wrong passwords keep it out later."""
        response = super().form_valid(form)
        signin.remember_device(response, form.get_user())
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = current_project()
        context["signup_languages"] = [language_facts(code) for code in project.languages
                                       if code in project.open_signup]
        return context


def join(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: choose a display name and a password, then one is in."""
    invitation = team.pending_invitation(token)
    if invitation is None:
        return render(request, "workspace/join.html", {"invalid": True}, status=404)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = team.accept(invitation, form.cleaned_data["username"],
                               form.cleaned_data["password1"])
        except ValueError:
            return render(request, "workspace/join.html", {"invalid": True}, status=404)
        except IntegrityError:  # (the same name, taken meanwhile: the invitation stays unused)
            form.name_is_taken()
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to the team."))
            if invitation.administrator:
                return redirect("workspace:languages")
            return redirect("workspace:statements", invitation.language)
    language = language_facts(invitation.language) if invitation.language else None
    return render(request, "workspace/join.html", {"form": form, "invitation": invitation,
                                                   "language": language})


@require_POST
def decide(request: HttpRequest, language: str, statement: str, key: str, number: int
           ) -> HttpResponse:
    """A reviewer accepts a suggestion (written through the one writer if the segment still
    holds what the reviewer saw, credited to its author) or rejects it: once, whoever else
    decides it at the same moment."""
    require(request, "review", language)
    project = current_project()
    language, statement = target_language(project, language), statement_of(project, statement)
    action = request.POST.get("action")
    seen = _seen(request)
    if action not in ("accept", "reject") or (action == "accept" and seen is None):
        return HttpResponse(_("Reload the page, then decide again."), status=400,
                            content_type="text/plain; charset=utf-8")
    back = redirect(_segment_url(language, statement, key))
    # Decisions are taken under the project lock, which every write holds: one at a time,
    # each finding the suggestion as the one before left it.
    with project_lock(project):
        suggestion = Suggestion.objects.filter(pk=number, language=language,
                                               statement=statement, key=key).first()
        if suggestion is None:
            raise Http404(_("This suggestion does not exist."))
        if suggestion.status != Suggestion.Status.PENDING:
            messages.info(request, _("This suggestion was decided already."))
            return back
        if action == "accept":
            try:
                history.edit(project, language, statement, key, suggestion.text, fuzzy=False,
                             seen=seen, author=suggestion.author, accepted_by=request.user)
            except EditConflict as conflict:
                return render(request, "workspace/decide_conflict.html", {
                    "language": language_facts(language), "statement": statement,
                    "key": key, "current": conflict.current, "suggestion": suggestion},
                    status=409)
            except (SegmentGone, EditionsError) as exc:
                messages.error(request, _("It could not be written: %(why)s")
                               % {"why": getattr(exc, "message", "") or _(
                                   "the segment changed since this suggestion")})
                return back
        Suggestion.objects.filter(pk=suggestion.pk, status=Suggestion.Status.PENDING).update(
            status=Suggestion.Status.ACCEPTED if action == "accept" else
            Suggestion.Status.REJECTED, decided_by=request.user, decided=timezone.now())
    _publish_waiting(project)
    messages.success(request, _("Accepted and saved.") if action == "accept"
                     else _("Rejected."))
    return back


def _seen(request: HttpRequest) -> tuple[str, bool] | None:
    """The segment's translation and state as the page showed them when a reviewer or a
    coordinator chose to act on it (None if the form did not carry them)."""
    if "expected_translation" not in request.POST:
        return None
    return (catalog_entries.normalise_text(request.POST["expected_translation"]),
            request.POST.get("expected_fuzzy") == "True")


@require_POST
def comment(request: HttpRequest, language: str, statement: str, key: str) -> HttpResponse:
    """Add a comment to a segment, or resolve one (its author or a reviewer)."""
    require(request, "translate", language)
    project = current_project()
    language, statement = target_language(project, language), statement_of(project, statement)
    if not any(e.key == key for e in _read(project, language, statement)):
        raise Http404(_("This segment is not in the statement (any longer)."))
    author = request.user if request.user.is_authenticated else None
    resolve = request.POST.get("resolve", "")
    if resolve:
        found = Comment.objects.filter(pk=resolve if resolve.isdigit() else 0,
                                       language=language, statement=statement, key=key).first()
        if found is None:
            raise Http404
        own = author is not None and found.author_id == author.pk
        if team.accounts_exist() and not own and not can(request.user, "review", language):
            raise PermissionDenied  # (a translator resolves only their own questions)
        found.resolved = True
        found.save(update_fields=["resolved"])
    else:
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A comment is 1 to 2,000 characters of text."))
        else:
            Comment.objects.create(language=language, statement=statement, key=key,
                                   author=author, text=form.cleaned_data["text"])
    return redirect(f"{_segment_url(language, statement, key)}#comments-heading")


@require_POST
def revert(request: HttpRequest, language: str, statement: str, key: str, number: str
           ) -> HttpResponse:
    """A coordinator puts back what a change replaced (itself recorded as a change)."""
    require(request, "coordinate", language)
    project = current_project()
    language, statement = target_language(project, language), statement_of(project, statement)
    change = Change.objects.filter(pk=number, language=language, statement=statement,
                                   key=key).first()
    if change is None:
        raise Http404(_("No such change of this segment."))
    seen = _seen(request)
    if seen is None:
        return HttpResponse(_("Reload the page, then revert again."), status=400,
                            content_type="text/plain; charset=utf-8")
    try:
        history.revert(project, change, request.user, seen)
    except (EditConflict, SegmentGone, EditionsError):
        messages.error(request, _("The segment changed meanwhile: look at its history again."))
    else:
        messages.success(request, _("Reverted."))
    return redirect(f"{_segment_url(language, statement, key)}#history-heading")


def account(request: HttpRequest) -> HttpResponse:
    """A volunteer's own data: what the workspace keeps about them, to download, and their
    account, to delete (their accepted work stays, under a neutral name)."""
    if not request.user.is_authenticated:
        raise LoginNeeded
    user = request.user
    if request.GET.get("download"):
        data = team.volunteer_data(user)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = 'attachment; filename="my-workspace-data.json"'
        return response
    preferences = PreferencesForm(
        request.POST if request.POST.get("action") == "preferences" else None,
        instance=Preferences.objects.filter(user=user).first() or Preferences(user=user))
    if preferences.is_bound:
        if preferences.is_valid():
            preferences.save()
            messages.success(request, _("Saved."))
        return redirect("workspace:account")
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        logout(request)
        user.delete()  # (its claims, sessions and failed logins with it)
        _publish(current_project())  # (and its claims from the public claims file)
        messages.success(request, _("Your account is deleted. Your accepted translations "
                                    "stay in the statements, without your name."))
        response = redirect("workspace:login")
        signin.forget_device(response)
        return response
    return render(request, "workspace/account.html", {"form": form, "preferences": preferences})


def team_page(request: HttpRequest, language: str) -> HttpResponse:
    """A coordinator's view of their language: who is in the team and what they did last,
    who is translating what, what waits for review, the latest changes; and invitations."""
    require(request, "coordinate", language)
    project = current_project()
    language = target_language(project, language)
    link = ""
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            token = team.invite(language, form.cleaned_data["role"])
            link = request.build_absolute_uri(reverse("workspace:join", args=[token]))
    else:
        form = InviteForm()
    members = []
    for membership in Membership.objects.filter(language=language).select_related("user"):
        last = Change.objects.filter(language=language, author=membership.user).order_by(
            "-at").values_list("at", flat=True).first()
        suggested = Suggestion.objects.filter(language=language, author=membership.user
                                              ).order_by("-created").values_list(
                                                  "created", flat=True).first()
        members.append({"name": membership.user.get_username(),
                        "role": membership.get_role_display(),
                        "last": max(filter(None, (last, suggested)), default=None)})
    waiting = (Suggestion.objects.filter(language=language, status=Suggestion.Status.PENDING)
               .values_list("statement").annotate(count=Count("id")).order_by("statement"))
    figures = progress.compute(project, [language], with_checks=False)
    # The statements still to finish, nearest to done first: where an hour helps most.
    needed = sorted((cell for cell in (figures.cell(language, slug)
                                       for slug in project.statements())
                     if cell.figures.untranslated or cell.figures.fuzzy),
                    key=lambda cell: cell.figures.words_left)
    return render(request, "workspace/team.html", {
        "language": language_facts(language), "form": form, "link": link,
        "members": members, "waiting": list(waiting), "needed": needed,
        "claims": Claim.objects.current().filter(language=language).order_by("statement"),
        "changes": Change.objects.filter(language=language).select_related("author"
                                                                          ).order_by("-at")[:20],
        "invitations": Invitation.objects.filter(language=language, used__isnull=True,
                                                 expires__gt=timezone.now()).count(),
    })


def signup(request: HttpRequest, language: str) -> HttpResponse:
    """Join a language's team as a translator without an invitation, where conf.py's
    ``editions_open_signup`` allows it (a translator's work is reviewed before it counts)."""
    project = current_project()
    if language not in project.languages or language not in project.open_signup:
        raise Http404(_("This team is joined by invitation only."))
    form = JoinForm(request.POST or None, open_team=language)
    if request.method == "POST" and form.is_valid():
        try:
            user = team.sign_up(language, form.cleaned_data["username"],
                                form.cleaned_data["password1"])
        except IntegrityError:  # (the same name, taken meanwhile)
            form.name_is_taken()
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to the team."))
            return redirect("workspace:statements", language)
    return render(request, "workspace/join.html", {
        "form": form, "signup": True, "language": language_facts(language)})
