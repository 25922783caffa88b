"""Teams: invitations, memberships and sign-up turns, as functions the CLI, the views
and the tests call (the framework keeps passwords and sessions; nothing here touches them)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import Invitation, Membership, Role, SignupBound

#: Sign-ups to one open team: at most SIGNUP_BURST at once, then one per SIGNUP_INTERVAL,
#: for everyone together (nothing about who asks is kept). A person takes longer than that
#: to fill in the form; whoever tries names can test no more than 180 an hour.
SIGNUP_BURST = 10
SIGNUP_INTERVAL = timedelta(seconds=20)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invite(language: str = "", role: str = Role.TRANSLATOR, *, administrator: bool = False,
           days: int = 7) -> str:
    """Make an invitation and return its token (shown once, kept only as a hash)."""
    if not administrator and role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(token_hash=_digest(token), language="" if administrator else
                              language, role="" if administrator else role,
                              administrator=administrator,
                              expires=timezone.now() + timedelta(days=days))
    return token


def pending_invitation(token: str) -> Invitation | None:
    """The invitation of this token if it is unused and not expired."""
    return Invitation.objects.filter(token_hash=_digest(token), used__isnull=True,
                                     expires__gt=timezone.now()).first()


@transaction.atomic
def accept(invitation: Invitation, username: str, password: str):
    """Create the volunteer's account from an invitation, once: a second use finds it used."""
    claimed = Invitation.objects.filter(pk=invitation.pk, used__isnull=True).update(
        used=timezone.now())
    if not claimed:
        raise ValueError("this invitation was used already")
    user = get_user_model().objects.create_user(username=username, password=password)
    if invitation.administrator:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    else:
        Membership.objects.create(user=user, language=invitation.language, role=invitation.role)
    return user


@transaction.atomic
def sign_up(language: str, username: str, password: str):
    """An account of a translator of ``language``, made without an invitation."""
    user = get_user_model().objects.create_user(username=username, password=password)
    Membership.objects.create(user=user, language=language, role=Role.TRANSLATOR)
    return user


def name_taken(name: str) -> bool:
    """Whether a display name is someone's already, in any team: names that differ only in
    case (casefold: "Straße" is "STRASSE") are the same name, since a reader would take one
    for the other. The one place that decides it."""
    wanted = name.casefold()
    return any(existing.casefold() == wanted for existing in
               get_user_model().objects.values_list("username", flat=True).iterator())


@transaction.atomic
def take_signup_turn(language: str) -> bool:
    """Take one of the open team's sign-up turns (a token bucket kept in the database, so
    that every server process shares it); False when none is left for now."""
    now = timezone.now()
    bucket, _ = SignupBound.objects.select_for_update().get_or_create(
        language=language, defaults={"turns": SIGNUP_BURST, "updated": now})
    turns = min(float(SIGNUP_BURST), bucket.turns + (now - bucket.updated) / SIGNUP_INTERVAL)
    taken = turns >= 1
    bucket.turns, bucket.updated = (turns - 1 if taken else turns), now
    bucket.save(update_fields=["turns", "updated"])
    return taken


def accounts_exist() -> bool:
    """Whether this workspace has a team (accounts, or invitations to make them): then every
    page needs a login. A workspace without any serves the one person at its loopback."""
    return get_user_model().objects.exists() or Invitation.objects.exists()

