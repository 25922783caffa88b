"""A team: signing in, joining by invitation or on an open team, and a coordinator's page
of their language (members, claims, what waits, the latest changes, invitations)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db import IntegrityError
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from editions import progress

from .. import signin
from .. import team as teams
from ..context import current_project, language_facts, target_language
from ..forms import InviteForm, JoinForm, ThrottledLoginForm
from ..models import Change, Claim, Invitation, Membership, Suggestion
from ..permissions import require
from .common import Title

_BACKEND = "django.contrib.auth.backends.ModelBackend"


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
    invitation = teams.pending_invitation(token)
    if invitation is None:
        return render(request, "workspace/join.html", {"invalid": True}, status=404)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = teams.accept(invitation, form.cleaned_data["username"],
                                form.cleaned_data["password1"])
        except ValueError:
            return render(request, "workspace/join.html", {"invalid": True}, status=404)
        except IntegrityError:  # (the same name, taken meanwhile: the invitation stays unused)
            form.name_is_taken()
        else:
            login(request, user, backend=_BACKEND)
            messages.success(request, _("Welcome to the team."))
            if invitation.administrator:
                return redirect("workspace:languages")
            return redirect("workspace:statements", invitation.language)
    language = language_facts(invitation.language) if invitation.language else None
    return render(request, "workspace/join.html", {"form": form, "invitation": invitation,
                                                   "language": language})


def signup(request: HttpRequest, language: str) -> HttpResponse:
    """Join a language's team as a translator without an invitation, where conf.py's
    ``editions_open_signup`` allows it (a translator's work is reviewed before it counts)."""
    project = current_project()
    if language not in project.languages or language not in project.open_signup:
        raise Http404(_("This team is joined by invitation only."))
    form = JoinForm(request.POST or None, open_team=language)
    if request.method == "POST" and form.is_valid():
        try:
            user = teams.sign_up(language, form.cleaned_data["username"],
                                 form.cleaned_data["password1"])
        except IntegrityError:  # (the same name, taken meanwhile)
            form.name_is_taken()
        else:
            login(request, user, backend=_BACKEND)
            messages.success(request, _("Welcome to the team."))
            return redirect("workspace:statements", language)
    return render(request, "workspace/join.html", {
        "form": form, "signup": True, "language": language_facts(language)})


def team_page(request: HttpRequest, language: str) -> HttpResponse:
    """A coordinator's view of their language: who is in the team and what they did last,
    who is translating what, what waits for review, the latest changes; and invitations."""
    require(request, "coordinate", language)
    project = current_project()
    language = target_language(project, language)
    if request.method == "POST" and request.POST.get("action") == "cancel-invitations":
        # (A link sent to the wrong person, or made twice by a double click: none works.)
        Invitation.objects.filter(language=language, used__isnull=True).delete()
        messages.success(request, _("The invitations not used yet are cancelled: their links "
                                    "no longer work."))
        return redirect("workspace:team", language)
    link = ""
    form = InviteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        token = teams.invite(language, form.cleaned_data["role"])
        link = request.build_absolute_uri(reverse("workspace:join", args=[token]))
    figures = progress.compute(project, [language], with_checks=False)
    cells = {slug: figures.cell(language, slug) for slug in project.statements()}
    # The statements still to finish, nearest to done first: where an hour helps most.
    needed = sorted((cell for cell in cells.values()
                     if cell.figures.untranslated or cell.figures.fuzzy),
                    key=lambda cell: cell.figures.words_left)
    waiting = [{"statement": statement, "count": count, "title": _title(cells, statement)}
               for statement, count in Suggestion.objects.filter(
                   language=language, status=Suggestion.Status.PENDING)
               .values_list("statement").annotate(count=Count("id")).order_by("statement")]
    claims = list(Claim.objects.current().filter(language=language).order_by("statement"))
    changes = list(Change.objects.filter(language=language).select_related("author")
                   .order_by("-at")[:20])
    for row in (*claims, *changes):  # (each named by its statement's title, not its file)
        row.title = _title(cells, row.statement)
    return render(request, "workspace/team.html", {
        "language": language_facts(language), "form": form, "link": link,
        "source_language": language_facts(project.source_language),
        "members": _members(language), "waiting": waiting, "needed": needed,
        "claims": claims, "changes": changes,
        "invitations": Invitation.objects.filter(language=language, used__isnull=True,
                                                 expires__gt=timezone.now()).count(),
    })


def _title(cells: dict, statement: str) -> Title:
    """A statement's title from its figures (translated where it is)."""
    cell = cells.get(statement)
    if cell is None or not cell.title:
        return Title(statement, False)
    return Title(cell.title, cell.title_translated)


def _members(language: str) -> list[dict]:
    """A language's team: each member's name, role, and when they last worked (their last
    change or suggestion in the language), in one query however large the team."""
    last_change = Change.objects.filter(language=language, author=OuterRef("user")).order_by(
        "-at").values("at")[:1]
    last_suggestion = Suggestion.objects.filter(
        language=language, author=OuterRef("user")).order_by("-created").values("created")[:1]
    memberships = Membership.objects.filter(language=language).select_related("user").annotate(
        last_change=Subquery(last_change), last_suggestion=Subquery(last_suggestion)
    ).order_by("user__username")
    return [{"name": membership.user.get_username(), "role": membership.get_role_display(),
             "last": max(filter(None, (membership.last_change, membership.last_suggestion)),
                         default=None)}
            for membership in memberships]
