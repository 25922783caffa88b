"""What the workspace keeps that a PO file cannot: who is translating what (claims), teams,
suggestions, comments, history, and sessions (only a digest of their keys).

As little about volunteers as it can: a pseudonym they chose, the statement and language, and
when the claim was last renewed; no address, no e-mail, no IP.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ClaimQuerySet(models.QuerySet):
    def current(self) -> ClaimQuerySet:
        """Claims renewed within ``EDITIONS_CLAIM_HOURS``: the others have lapsed."""
        since = timezone.now() - timedelta(hours=settings.EDITIONS_CLAIM_HOURS)
        return self.filter(renewed__gte=since)


class Claim(models.Model):
    """"I am translating this statement into Ukrainian": seen by everyone, lapsing on its own."""

    language = models.CharField(max_length=35)
    statement = models.CharField(max_length=60)
    #: The pseudonym given without accounts; with accounts, the volunteer's display name.
    holder = models.CharField(_("pseudonym"), max_length=150)
    #: The volunteer who claimed it, where the workspace has accounts: their claims go with
    #: their account.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="claims")
    #: The browser session that made the claim, so that its holder alone can release it.
    session_key = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    renewed = models.DateTimeField(default=timezone.now)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        constraints = (models.UniqueConstraint(fields=["language", "statement"],
                                               name="one_claim_per_statement"),)

    def __str__(self) -> str:
        return f"{self.holder}: {self.statement} ({self.language})"

    @property
    def expires(self):
        return self.renewed + timedelta(hours=settings.EDITIONS_CLAIM_HOURS)


class Role(models.TextChoices):
    """What a member may do in a language: each role can do what the one before it can."""

    TRANSLATOR = "translator", _("translator")
    REVIEWER = "reviewer", _("reviewer")
    COORDINATOR = "coordinator", _("coordinator")


#: The roles in rising order of what they allow.
ROLE_ORDER = (Role.TRANSLATOR, Role.REVIEWER, Role.COORDINATOR)


class Membership(models.Model):
    """A volunteer's role in one language's team."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    language = models.CharField(max_length=35)
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["user", "language"],
                                               name="one_role_per_language"),)

    def __str__(self) -> str:
        return f"{self.user}: {self.role} ({self.language})"


class Invitation(models.Model):
    """A one-time link to join a language's team (or to administer the project). Only a hash
    of its token is kept: whoever reads the database cannot use a pending invitation."""

    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=35, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    administrator = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "administrator" if self.administrator else f"{self.role} ({self.language})"


class LoginFailure(models.Model):
    """A wrong password for an account (``signin``): when, and from which of its trusted
    browsers (a digest of the device cookie's nonce; empty for any other browser). Nothing
    typed is kept, no address either; it goes with the account and is in its export."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="login_failures")
    device = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)


class SignupBound(models.Model):
    """The sign-up turns an open team has left (``team.take_signup_turn``): one bucket per
    team, shared by everyone, since no address is kept to tell one person from another."""

    language = models.CharField(max_length=35, unique=True)
    turns = models.FloatField()
    updated = models.DateTimeField()


class OnSegment(models.Model):
    """What is kept about one segment of a statement in a language: its key is
    ``catalogs.entries.unit_id``, stable while the segment's source is."""

    language = models.CharField(max_length=35)
    statement = models.CharField(max_length=60)
    key = models.CharField(max_length=16)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.language}/{self.statement}/{self.key}"


class Authored(models.Model):
    """Who wrote it: kept when the account is deleted, the author then unnamed."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="%(class)ss")

    class Meta:
        abstract = True

    @property
    def author_name(self) -> str:
        return self.author.get_username() if self.author else _("a former volunteer")


class Suggestion(OnSegment, Authored):
    """A translator's translation of a segment, waiting for a reviewer: kept here, not in
    the PO file, until it is accepted (then written through the one writer)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    #: The segment's source when suggested.
    source = models.TextField()
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="decisions")
    decided = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = (models.Index(fields=["language", "statement", "status"]),)

    def __str__(self) -> str:
        return f"{super().__str__()}: {self.status}"


class Comment(OnSegment, Authored):
    """A question or a note on a segment, seen by the language's team, resolved when
    answered."""

    text = models.TextField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        indexes = (models.Index(fields=["language", "statement", "key"]),)


class Change(OnSegment, Authored):
    """One change of a translation: who (if through the workspace), when, before and after;
    changes found in the PO file (a git pull, a CLI command, Poedit) have no author."""

    class Via(models.TextChoices):
        WORKSPACE = "workspace", _("in the workspace")
        FILE = "file", _("in the PO file")
        REVERT = "revert", _("revert")

    source = models.TextField()
    before = models.TextField(blank=True)
    before_fuzzy = models.BooleanField(default=False)
    after = models.TextField(blank=True)
    after_fuzzy = models.BooleanField(default=False)
    via = models.CharField(max_length=10, choices=Via.choices)
    at = models.DateTimeField(default=timezone.now)
    #: The reviewer who accepted it, when it was a translator's suggestion (then ``author``
    #: is the suggestion's author: the words are theirs).
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="acceptances")

    class Meta:
        indexes = (models.Index(fields=["language", "statement", "key"]),)

    def __str__(self) -> str:
        return f"{super().__str__()} {self.via} {self.at}"


class Snapshot(OnSegment):
    """A segment's translation as the workspace last saw it in the PO file: a difference
    found later is a change made outside the workspace."""

    text = models.TextField(blank=True)
    fuzzy = models.BooleanField(default=False)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["language", "statement", "key"],
                                               name="one_snapshot_per_segment"),)


class Session(AbstractBaseSession):
    """A browser's session, kept under a SHA-256 digest of its key: whoever reads the
    database (a copy, a backup, a neighbour on the machine) finds no cookie to replay. Its
    account is a column, so that deleting the account ends all its sessions."""

    session_key = models.CharField(_("session key digest"), max_length=64, primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")

    class Meta(AbstractBaseSession.Meta):
        db_table = "workspace_session"

    @classmethod
    def get_session_store_class(cls) -> type:
        from .sessions import SessionStore

        return SessionStore


class Preferences(models.Model):
    """What a volunteer chose to show of themselves outside the workspace: nothing unless
    they say so (the project's git history may be public, and outlives their account)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="preferences")
    #: Their display name as the author of their translations in git commits (else the
    #: language's team is).
    named_in_commits = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user}: named in commits" if self.named_in_commits else str(self.user)


class Withdrawal(models.Model):
    """Why a coordinator withdrew a statement's translation from its edition, for the other
    coordinators of the language: the reason and the day, and nothing about who withdrew it."""

    language = models.CharField(max_length=35)
    statement = models.CharField(max_length=60)
    reason = models.CharField(max_length=500, blank=True)
    #: The day alone: a time to the second could be matched with a server's log to name who
    #: withdrew it, and the page says only the day.
    at = models.DateField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.statement} ({self.language}): {self.reason}"


class Build(models.Model):
    """A rebuild (and deploy) of the readers' site the workspace asked for: requests made
    while one waits join it, those made while one runs make one more after it. No volunteer
    is named: only which languages changed, why, and what the build said."""

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("build state", "waiting")
        RUNNING = "running", pgettext_lazy("build state", "running")
        SUCCEEDED = "succeeded", pgettext_lazy("build state", "succeeded")
        FAILED = "failed", pgettext_lazy("build state", "failed")

    status = models.CharField(max_length=10, choices=Status.choices,
                              default=Status.REQUESTED)
    #: The languages whose changes asked for it, comma-separated.
    languages = models.CharField(max_length=400, blank=True)
    #: Why: "accept", "save", "revert", "correction", "publication"…, comma-separated.
    reasons = models.CharField(max_length=200, blank=True)
    requested = models.DateTimeField(default=timezone.now)
    #: Not started before (a short wait after the last request, so that changes made in
    #: quick succession make one build).
    due = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    #: The editions it rebuilt (the others were up to date), comma-separated.
    built = models.CharField(max_length=400, blank=True)
    #: Where the site went, one place a line.
    deployed = models.TextField(blank=True)
    #: What the build said: one problem a line.
    log = models.TextField(blank=True)
    #: What went wrong, as the builds page says it in its reader's language: codes of
    #: ``site.deploy.NOTICES`` with their values.
    notices = models.JSONField(default=list, blank=True)

    class Meta:
        # At most one waits and one runs: a database row, shared by every process.
        constraints = (
            models.UniqueConstraint(fields=["status"], condition=models.Q(status="requested"),
                                    name="one_build_waiting"),
            models.UniqueConstraint(fields=["status"], condition=models.Q(status="running"),
                                    name="one_build_running"),
        )

    def __str__(self) -> str:
        return f"build {self.pk}: {self.status}"

    @property
    def log_lines(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.strip()]

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class NameKey(models.Model):
    """A display name's key (``names.digests``), unique across the workspace: the database
    itself refuses a second name a reader would take for an existing one, even when two are
    made at the same instant (each join looks for look-alikes before the other's insert)."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="name_keys")
    #: The rules it was made under (``names.rules``).
    rules = models.CharField(max_length=100)
