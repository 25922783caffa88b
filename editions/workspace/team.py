"""Teams: invitations, memberships and sign-up turns, as functions the CLI, the views
and the tests call (the framework keeps passwords and sessions; nothing here touches them)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import names
from .models import (
    Change,
    Claim,
    Invitation,
    Membership,
    NameKey,
    Preferences,
    Role,
    Session,
    SignupBound,
)

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


def _create(username: str, password: str):
    """The account, in the caller's transaction; refused (IntegrityError, as for an exact
    duplicate) if a name like it was made meanwhile: the name's keys are unique in the
    database (``NameKey``), so of two look-alike names joining at the same instant only the
    first is kept, on PostgreSQL as on SQLite."""
    user = get_user_model().objects.create_user(username=names.normal(username),
                                                password=password)
    rows = names.key_rows([(user.pk, user.get_username())])
    NameKey.objects.bulk_create([NameKey(digest=digest, user_id=pk, rules=rule)
                                 for digest, pk, rule in rows])
    return user


@transaction.atomic
def keep_name_keys() -> None:
    """Give every account its name's keys under the rules in force (``names.rules``), the
    oldest account first: all made anew where any was made under other rules (an upgrade of
    Python's Unicode data or of the confusables table). Where two look-alike names were both
    let in (before the keys were kept), the older holds the keys they share, and the younger
    takes them when the older is deleted. Run at each start of the workspace."""
    rules = names.rules()
    if NameKey.objects.exclude(rules=rules).exists():
        NameKey.objects.all().delete()
    accounts = get_user_model().objects.order_by("pk").values_list("pk", "username")
    NameKey.objects.bulk_create([NameKey(digest=digest, user_id=pk, rules=rule)
                                 for digest, pk, rule in names.key_rows(accounts)],
                                ignore_conflicts=True)


@transaction.atomic
def delete_account(user) -> None:
    """Delete a volunteer's account (its claims, sessions and failed logins with it); a
    look-alike of its name that an older workspace let in takes the keys it held."""
    user.delete()
    keep_name_keys()


@transaction.atomic
def accept(invitation: Invitation, username: str, password: str):
    """Create the volunteer's account from an invitation, once: a second use finds it used."""
    claimed = Invitation.objects.filter(pk=invitation.pk, used__isnull=True).update(
        used=timezone.now())
    if not claimed:
        raise ValueError("this invitation was used already")
    user = _create(username, password)
    if invitation.administrator:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    else:
        Membership.objects.create(user=user, language=invitation.language, role=invitation.role)
    return user


@transaction.atomic
def sign_up(language: str, username: str, password: str):
    """An account of a translator of ``language``, made without an invitation."""
    user = _create(username, password)
    Membership.objects.create(user=user, language=language, role=Role.TRANSLATOR)
    return user


def name_taken(name: str, *, besides=None) -> bool:
    """Whether a display name is someone's already (``besides``: but that user's), in any
    team: names a reader would take for one another are the same name, whether they differ in
    case ("Straße" is "STRASSE") or in look-alike letters (a Cyrillic "а" in "Cаmille";
    ``names.keys``, Unicode's UTS #39 skeletons, kept as ``NameKey`` rows). The one place
    that decides it."""
    taken = NameKey.objects.filter(digest__in=names.digests(name))
    if besides is not None:
        taken = taken.exclude(user=besides)
    return taken.exists()


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


def volunteer_data(user) -> dict:
    """Everything the workspace keeps about a volunteer, for their download: what they wrote,
    decided and claimed, their roles, their choices, and their open sessions."""
    def moment(value) -> str:
        return value.isoformat() if value else ""

    return {
        "display_name": user.get_username(), "joined": moment(user.date_joined),
        "memberships": list(user.memberships.values("language", "role")),
        "suggestions": [
            {"language": x.language, "statement": x.statement, "source": x.source,
             "text": x.text, "status": x.status, "created": moment(x.created)}
            for x in user.suggestions.all()],
        "suggestions_decided": [
            {"language": x.language, "statement": x.statement, "status": x.status,
             "decided": moment(x.decided)} for x in user.decisions.all()],
        "comments": [{"language": x.language, "statement": x.statement, "text": x.text,
                      "created": moment(x.created)} for x in user.comments.all()],
        "changes": [{"language": x.language, "statement": x.statement, "before": x.before,
                     "after": x.after, "at": moment(x.at)} for x in user.changes.all()],
        "changes_accepted": [{"language": x.language, "statement": x.statement,
                              "after": x.after, "at": moment(x.at)}
                             for x in Change.objects.filter(accepted_by=user)],
        "claims": [{"language": x.language, "statement": x.statement, "shown_as": x.holder,
                    "renewed": moment(x.renewed)} for x in Claim.objects.filter(user=user)],
        "sessions": [{"expires": moment(x.expire_date)}
                     for x in Session.objects.filter(user=user)],
        "named_in_commits": Preferences.objects.filter(user=user, named_in_commits=True
                                                       ).exists(),
        # (nothing typed is kept: only when, and whether the browser had signed in before)
        "failed_logins": [{"at": moment(x.at),
                           "from_a_browser_that_signed_in_before": bool(x.device)}
                          for x in user.login_failures.order_by("at")],
    }
