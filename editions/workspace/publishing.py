"""What the workspace publishes for the progress page the build makes: the current claims
(the names volunteers chose to show, a day for each lapse) and how many suggestions wait for
review, as plain files (``editions.progress.claims``)."""

from __future__ import annotations

from django.db.models import Count

from editions.progress.claims import PublicClaim, public_day, publish_claims
from editions.progress.claims import publish_waiting as publish_waiting_file
from editions.project import Project

from .models import Claim, Suggestion


def publish_current_claims(project: Project) -> None:
    """The current claims, for the progress page the build makes."""
    publish_claims(project, [
        PublicClaim(c.language, c.statement, c.holder, public_day(c.expires))
        for c in Claim.objects.current().order_by("language", "statement")])


def publish_waiting(project: Project) -> None:
    """The suggestions waiting for review, for the progress page the build makes."""
    publish_waiting_file(project, {
        (language, statement): count for language, statement, count in
        Suggestion.objects.filter(status=Suggestion.Status.PENDING)
        .values_list("language", "statement").annotate(count=Count("id"))})
