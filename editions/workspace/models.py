"""What the workspace keeps that a PO file cannot: who is translating what (claims).

As little about volunteers as it can: a pseudonym they chose, the statement and language, and
when the claim was last renewed; no address, no e-mail, no IP.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ClaimQuerySet(models.QuerySet):
    def current(self) -> ClaimQuerySet:
        """Claims renewed within ``EDITIONS_CLAIM_HOURS``: the others have lapsed."""
        since = timezone.now() - timedelta(hours=settings.EDITIONS_CLAIM_HOURS)
        return self.filter(renewed__gte=since)


class Claim(models.Model):
    """"I am translating this statement into Ukrainian": seen by everyone, lapsing on its own."""

    language = models.CharField(max_length=35)
    statement = models.CharField(max_length=60)
    holder = models.CharField(_("pseudonym"), max_length=40)
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
