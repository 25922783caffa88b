"""The workspace's own middleware: a body that cannot be read is a 400 once; a catalog the
strict reader refuses is shown as its one-line message, never a traceback; every page
carries the headers a volunteer's privacy asks for."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .context import current_project, shown_error
from .permissions import LoginNeeded, refused_without_team
from .signin import device, turn_free
from .views.common import CatalogUnreadable


class TeamlessProxyMiddleware:
    """A workspace without a team serves the one person at its own machine: a request a
    reverse proxy passed on is refused until the team exists
    (``permissions.refused_without_team``)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if refused_without_team(request):
            raise PermissionDenied
        return self.get_response(request)


class UnreadableBodyMiddleware:
    """Read a POST's form before anything else does, and refuse it with a 400 if it cannot be
    read (a charset other than UTF-8, too many fields).

    Django raises such an error anew each time the form is asked for, and the pages that
    answer an error (400, 403, 500) ask for it again to check the CSRF token: a 400 became
    a 500 with three chained tracebacks in the log. Once marked unreadable here, the form is
    empty for everything after, and Django answers its own 400 page.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 (read for its side effect)
            except (BadRequest, SuspiciousOperation):
                request._mark_post_parse_error()  # (what Django does for a broken multipart)
                raise
        return self.get_response(request)


class CatalogErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LoginNeeded):
            return redirect_to_login(request.get_full_path())
        if isinstance(exception, CatalogUnreadable):
            return render(request, "workspace/catalog_error.html",
                          {"error": shown_error(current_project(), str(exception.error))},
                          status=500)
        return None


class PrivacyHeadersMiddleware:
    """Pages stay out of the browser's disk cache (they carry pseudonyms and unpublished
    translations), and no link on them makes the browser look a host up before a click."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Cache-Control", "no-store")
        response.setdefault("X-DNS-Prefetch-Control", "off")
        return response


class LoginFloodMiddleware:
    """A password attempt from a browser without a device cookie, while this process's
    anonymous password check is taken, is answered "busy" (429) at once: before sessions,
    CSRF, the form and the login page are worked out, so that a flood of guesses costs the
    server next to nothing beyond reading it, and members' pages keep the processor. (The
    slot itself, taken by the form, bounds the hashing; this only makes the refusal cheap.)
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.login_path = reverse("workspace:login")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (request.method == "POST" and request.path_info == self.login_path
                and not turn_free(False) and device(request) is None):
            with translation.override(translation.get_language_from_request(request)):
                response = HttpResponse(_("The workspace is busy: try again in a moment."),
                                        status=429, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = "1"
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
