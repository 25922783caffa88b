"""What the workspace's views share: the place a page is about, the list's filter and search
as the page carries them, the catalog read for a page, and the small answers several views
give."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from editions.catalogs import entries as catalog_entries
from editions.catalogs.entries import Entry, StatementCatalog
from editions.errors import EditionsError

from ..context import current_project, statement_of, target_language
from ..models import Claim, Suggestion
from ..saving import checker

#: The filters of a statement's segments, as the page names them.
FILTERS = ("all", "untranslated", "fuzzy", "errors", "suggested")


def filter_label(name: str) -> str:
    return {"all": _("All"), "untranslated": _("Untranslated"), "fuzzy": _("Needs work"),
            "errors": _("With errors"), "suggested": _("Suggestions to review")}[name]


class CatalogUnreadable(Exception):
    """A catalog the strict reader refuses: shown as its one-line message, never a trace."""

    def __init__(self, error: EditionsError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class Place(StatementCatalog):
    """A statement in one of the project's languages, as a page's address names it (each
    checked: an unknown language or statement is a 404 before any file is read)."""

    @classmethod
    def of(cls, language: str, statement: str) -> Place:
        project = current_project()
        return cls(project, target_language(project, language),
                   statement_of(project, statement))

    def entries(self) -> list[Entry]:
        """The statement's segments, or ``CatalogUnreadable``."""
        try:
            return catalog_entries.read_entries(self.project, self.language, self.statement)
        except EditionsError as exc:
            raise CatalogUnreadable(exc) from exc

    def segments_url(self) -> str:
        return reverse("workspace:segments", args=[self.language, self.statement])

    def segment_url(self, key: str) -> str:
        return reverse("workspace:segment", args=[self.language, self.statement, key])


@dataclass(frozen=True)
class ListState:
    """The filter and the search a list of segments is shown with, carried from page to
    page."""

    show: str = "all"
    query: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> ListState:
        show = request.GET.get("show") or request.POST.get("show") or "all"
        query = (request.GET.get("q") or request.POST.get("q") or "").strip()[:200]
        return cls(show if show in FILTERS else "all", query)

    @property
    def query_string(self) -> str:
        return urlencode({"show": self.show, "q": self.query})


@dataclass(frozen=True)
class Title:
    """A statement's title as a page shows it: its translation where it is translated (then
    in the language's ``lang`` and ``dir``), else the original's; never its file name."""

    text: str
    translated: bool


def title_of(items: list[Entry], slug: str) -> Title:
    """The title from the statement's first segment (its heading)."""
    if not items:
        return Title(slug, False)
    first = items[0]
    translated = first.state == "translated"
    return Title(first.translation if translated else first.source, translated)


def selected(place: Place, items: list[Entry], state: ListState) -> list[Entry]:
    """The segments a filter and a search leave, in document order."""
    show = state.show
    if show == "suggested":
        waiting = pending_keys(place.language, place.statement)
        items = [e for e in items if e.key in waiting]
    elif show == "untranslated":
        items = [e for e in items if not e.translation]
    elif show == "fuzzy":
        items = [e for e in items if e.fuzzy and e.translation]
    elif show == "errors":
        check = checker(place)
        items = [e for e in items if e.translation and any(
            f.severity == "error" for f in check(e, e.translation))]
    if state.query:
        wanted = state.query.casefold()
        items = [e for e in items
                 if wanted in e.source.casefold() or wanted in e.translation.casefold()]
    return items


def pending_keys(language: str, statement: str) -> dict[str, int]:
    """Segment key → how many suggestions wait for review there."""
    counts: dict[str, int] = {}
    for key in Suggestion.objects.filter(language=language, statement=statement,
                                         status=Suggestion.Status.PENDING
                                         ).values_list("key", flat=True):
        counts[key] = counts.get(key, 0) + 1
    return counts


def holder_tag(request: HttpRequest) -> str:
    """What a claim keeps of the browser that made it: a keyed hash of its session, never
    the session key itself (which would let whoever reads the database act as that browser)."""
    key = request.session.session_key
    return salted_hmac("editions.workspace.claim", key, algorithm="sha256").hexdigest() \
        if key else ""


def owns(claim: Claim, tag: str, user) -> bool:
    """Whether a claim is this browser's (``holder_tag``) or, with accounts, this volunteer's
    (from any of their browsers)."""
    return bool(tag and claim.session_key == tag) or bool(
        getattr(user, "is_authenticated", False) and claim.user_id == user.pk)


def isolated(name: str) -> str:
    """A name inside a plain-text message, isolated as <bdi> isolates it in a page (FSI ...
    PDI): a right-to-left name does not reorder the sentence around it."""
    return f"\u2068{name}\u2069"


def seen_of(request: HttpRequest) -> tuple[str, bool] | None:
    """The segment's translation and state as the page showed them when a reviewer or a
    coordinator chose to act on it (None if the form did not carry them)."""
    if "expected_translation" not in request.POST:
        return None
    return (catalog_entries.normalise_text(request.POST["expected_translation"]),
            request.POST.get("expected_fuzzy") == "True")
