"""The one question every view asks: may this visitor do this, in this language?

A workspace with no team (no account, no invitation) serves the one person at its loopback
address: the setting ``EDITIONS_WORKSPACE_OPEN`` answers for them, but only while the
workspace answers to loopback names alone; one that answers to another name (a reverse
proxy's, a network address) or sits behind HTTPS lets nobody in until it has a team. Once
it has a team, the answer comes from the visitor's role in the language's team (translator,
then reviewer, then coordinator, each allowed what the one before is), and a project
administrator may do all.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import ROLE_ORDER, Role
from .team import accounts_exist

#: What a visitor may be allowed to do, and the least role that allows it (None: no role
#: does; a project administrator alone may, as adding a language).
NEEDS = {"view": Role.TRANSLATOR, "translate": Role.TRANSLATOR, "claim": Role.TRANSLATOR,
         "review": Role.REVIEWER, "coordinate": Role.COORDINATOR, "administer": None}
#: The "language" of what concerns every language at once (the statements' source): any
#: membership whose role allows the action lets one do it.
ANY_LANGUAGE = "*"


class LoginNeeded(Exception):
    """A visitor without a session asked for a team's page: they are sent to log in."""


#: The names a workspace reached from this machine alone answers to ("testserver": Django's
#: test client's).
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]", "::1", "testserver"})


def open_without_team() -> bool:
    """Whether a workspace without a team lets its visitor do everything: only where it
    answers to loopback names alone, with no HTTPS proxy in front. Behind a proxy every
    request comes from loopback, and whoever reaches the proxy would be let in."""
    return (bool(settings.EDITIONS_WORKSPACE_OPEN) and not settings.SESSION_COOKIE_SECURE
            and all(host in LOOPBACK_NAMES for host in settings.ALLOWED_HOSTS))


#: What a reverse proxy adds to a request it passes on: for whom it asks.
FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def refused_without_team(request: HttpRequest) -> bool:
    """Whether a workspace without a team refuses this request outright: one a reverse
    proxy passed on is somebody else's, even where the proxy kept the loopback name as its
    Host (nginx does unless told otherwise). (``can`` cannot tell: it sees no request.)"""
    return any(name in request.META for name in FORWARDED) and not accounts_exist()


def can(user, action: str, language: str | None = None) -> bool:
    if action not in NEEDS:
        raise ValueError(f"unknown action {action!r}")
    if not accounts_exist():
        return open_without_team()
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if NEEDS[action] is None:
        return False
    if language == ANY_LANGUAGE:
        least = ROLE_ORDER.index(NEEDS[action])
        return any(ROLE_ORDER.index(role) >= least
                   for role in user.memberships.values_list("role", flat=True))
    if language is None:  # a page across languages (their list): any membership lets one in
        return action == "view" and user.memberships.exists()
    membership = user.memberships.filter(language=language).first()
    return membership is not None and (
        ROLE_ORDER.index(membership.role) >= ROLE_ORDER.index(NEEDS[action]))


def require(request: HttpRequest, action: str, language: str | None = None) -> None:
    """Return if ``can``; else send a visitor without a session to log in, and refuse
    (403) anyone else, before any file or row is read."""
    if can(request.user, action, language):
        return
    if not request.user.is_authenticated and accounts_exist():
        raise LoginNeeded
    raise PermissionDenied


def writes_directly(user, language: str, direct_languages: tuple[str, ...]) -> bool:
    """Whether a save writes the PO file (a reviewer, a coordinator, anyone without a team,
    a translator of a language set to let them) or makes a suggestion to review."""
    return (not accounts_exist() or can(user, "review", language)
            or (language in direct_languages and can(user, "translate", language)))
