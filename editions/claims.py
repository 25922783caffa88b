"""Claims ("I am translating this statement into Ukrainian") and suggestions waiting for
review, as the progress page reads them.

The workspace keeps claims in its database and publishes the current ones here, in
``.workspace/claims.json`` beside the project: a plain file that the build reads without the
workspace's framework, holding the pseudonyms volunteers chose to show, nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from .project import Project
from .storage import atomic_write


@dataclass(frozen=True)
class PublicClaim:
    language: str
    statement: str
    holder: str
    #: The day (ISO 8601, UTC) at whose end the claim lapses at the latest if nobody saves
    #: anything in the statement: to the day, as every public time (a time to the second
    #: would say when its holder last saved).
    expires: str


def public_day(moment: dt.datetime) -> str:
    """The day a lapse falls on, as published (the claim may lapse earlier that day)."""
    return moment.astimezone(dt.UTC).date().isoformat()


def claims_path(project: Project):
    return project.root / ".workspace" / "claims.json"


def publish_claims(project: Project, claims: list[PublicClaim]) -> None:
    atomic_write(claims_path(project), json.dumps(
        [asdict(claim) for claim in claims], ensure_ascii=False, indent=1).encode("utf-8"),
        durable=False)


def current_claims(project: Project, now: dt.datetime | None = None
                   ) -> dict[tuple[str, str], PublicClaim]:
    """(language, statement) → its claim, lapsed ones left out; none if the file is missing
    or unreadable (claims are a courtesy, never a reason for a build to fail)."""
    now = now or dt.datetime.now(dt.UTC)
    try:
        rows = json.loads(claims_path(project).read_text(encoding="utf-8"))
        claims = [PublicClaim(**row) for row in rows]
        return {(c.language, c.statement): c for c in claims
                if dt.date.fromisoformat(c.expires[:10]) >= now.astimezone(dt.UTC).date()}
    except (OSError, ValueError, TypeError):
        return {}


def review_path(project: Project):
    return project.root / ".workspace" / "review.json"


def publish_waiting(project: Project, counts: dict[tuple[str, str], int]) -> None:
    """How many suggestions wait for review, per (language, statement)."""
    atomic_write(review_path(project), json.dumps(
        [{"language": language, "statement": statement, "waiting": count}
         for (language, statement), count in sorted(counts.items()) if count]).encode("utf-8"),
        durable=False)


def waiting_for_review(project: Project) -> dict[tuple[str, str], int]:
    try:
        rows = json.loads(review_path(project).read_text(encoding="utf-8"))
        return {(row["language"], row["statement"]): int(row["waiting"]) for row in rows}
    except (OSError, ValueError, TypeError, KeyError):
        return {}
