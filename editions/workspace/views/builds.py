"""The site's builds, for coordinators and administrators: each one's state, why it was
asked for, what it rebuilt, where it went and what it said; and a button to rebuild now."""

from __future__ import annotations

from collections.abc import Iterable

from babel.lists import format_list
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from editions.checks.messages import Msg, decode
from editions.checks.messages import render as render_message
from editions.errors import EditionsError
from editions.languages import locale_for
from editions.site.deploy import shown_remote

from ..context import current_project, language_facts, shown_error
from ..models import Build
from ..permissions import ANY_LANGUAGE, require
from ..rebuilds import INTERRUPTED, request_rebuild

#: How many builds the page lists, newest first.
SHOWN = 20
#: Why a build was asked for, as the page says it.
REASONS = {"accept": gettext_lazy("a suggestion accepted"),
           "save": gettext_lazy("a translation saved"),
           "revert": gettext_lazy("a change reverted"),
           "correction": gettext_lazy("a statement corrected"),
           "publication": gettext_lazy("a translation published or withdrawn"),
           "import": gettext_lazy("a statement brought in"),
           "language": gettext_lazy("a language added"),
           "glossary": gettext_lazy("a glossary edited"),
           "manual": gettext_lazy("asked for on this page")}


def _row(build: Build, project) -> dict[str, object]:
    log = [_("The workspace stopped during this build: whether it finished is not known "
             "(the next build runs again).")] if build.log == INTERRUPTED else [
        shown_error(project, line) for line in build.log_lines]
    return {"build": build,
            "notices": [words for words in map(notice_words, build.notices) if words],
            "reasons": listed([format_html("{}", REASONS.get(code, code))
                               for code in build.reasons.split(",") if code]),
            "languages": listed(map(_language, build.language_list)),
            "built": listed(_language(code) for code in build.built.split(",") if code),
            "deployed": [_place(line) for line in build.deployed.splitlines()], "log": log}


def _language(code: str) -> str:
    facts = language_facts(code)
    return format_html('<span lang="{}" dir="{}">{}</span>', facts["lang"], facts["dir"],
                       facts["name"])


def listed(pieces: Iterable[str]) -> str:
    """Pieces of HTML joined as the interface's language joins a list ("A, B et C", "A وB"),
    by CLDR's patterns through babel: the patterns' words escaped, the pieces kept as they
    are. "" for none."""
    pieces = list(pieces)
    marks = [f"\x00{number}\x00" for number in range(len(pieces))]
    try:
        joined = format_list(marks, locale=locale_for(get_language() or settings.LANGUAGE_CODE))
    except EditionsError:
        joined = ", ".join(marks)
    joined = str(conditional_escape(joined))
    for mark, piece in zip(marks, pieces, strict=True):
        joined = joined.replace(mark, conditional_escape(piece))
    return mark_safe(joined)  # (every piece and separator escaped above)


def notice_words(notice: object) -> str:
    """What went wrong in a build (``site.deploy.NOTICES``), said in the reader's language;
    the log's lines below it give the particulars as the build wrote them. A notice this
    page cannot read (a row edited by hand) is shown as its code, or not at all."""
    if not isinstance(notice, dict) or not isinstance(notice.get("code"), str):
        return ""
    code = notice["code"]
    if code == "finding":
        return finding_words(notice)
    if code in {"edition-failed", "edition-warnings"}:
        language = {"language": language_facts(str(notice.get("language", "")))["in_text"]}
        if code == "edition-warnings":
            return _("The edition in %(language)s was built, but Sphinx gave warnings: the "
                     "lines below say which and where.") % language
        return _("The edition in %(language)s could not be built: the lines below say "
                 "where and why.") % language
    words = {
        "not-deployed": _("The site was not published, because an edition failed: readers "
                          "keep the site as it was."),
        "deploy-failed": _("The site was built but could not be published: the last line "
                           "below says why. Readers keep the site as it was."),
        "pdf-left-out": _("Some print-ready PDFs were not made: the lines below say which "
                          "and why. The pages themselves were built."),
        "timeout": _("The build took more than %(minutes)s minutes and was stopped: readers "
                     "keep the site as it was."),
        "stopped": _("The build stopped before its end (exit status %(status)s): readers "
                     "keep the site as it was."),
        "crashed": _("The build could not run to its end: the line below says why. Readers "
                     "keep the site as it was."),
    }
    try:
        return words[code] % notice
    except (KeyError, TypeError, ValueError):
        return code


def finding_words(notice: dict) -> str:
    """A translation Sphinx could not use (``checks.sphinx_warnings.Located.notice``), said
    in the reader's language, its statement's title a link to the segment; "" where the
    notice cannot be read."""
    try:
        wording = decode(notice["wording"])
        url = reverse("workspace:segment", args=[
            notice["language"], notice["statement"], notice["key"]])
        facts = language_facts(notice["language"])
        title = format_html('<a href="{}" lang="{}" dir="{}">{}</a>', url, facts["lang"],
                            facts["dir"], str(notice["title"]))
        severity = _("Error") if notice["severity"] == "error" else _("Warning")
        message = render_message(wording if isinstance(wording, Msg) else str(wording),
                                 get_language() or settings.LANGUAGE_CODE)
    except (KeyError, TypeError, ValueError, AttributeError, NoReverseMatch):
        return ""
    # (The template escaped, then each of its values: the link is the only markup.)
    # Translators: "Error in <statement's title>: <what is wrong>" ("Error" or "Warning").
    template = _("%(severity)s in %(statement)s: %(message)s")
    return mark_safe(conditional_escape(template) % {
            "severity": format_html("<strong>{}</strong>", severity), "statement": title,
            "message": conditional_escape(message)})


def _place(line: str) -> dict[str, str | bool]:
    """Where a build went, from the deploy's line ("folder PATH", "git REMOTE BRANCH",
    perhaps "(unchanged)"), for the page to say in the reader's language; any other line is
    shown as it is."""
    kind, _space, rest = line.partition(" ")
    unchanged = rest.endswith(" (unchanged)")
    rest = rest.removesuffix(" (unchanged)")
    if kind == "folder" and rest:
        return {"folder": rest}
    remote, _space, branch = rest.rpartition(" ")
    if kind == "git" and remote and branch:
        return {"remote": remote, "branch": branch, "unchanged": unchanged}
    return {"line": line}


def builds_page(request: HttpRequest) -> HttpResponse:
    """The latest builds (no automatic reload: a page that changes under a screen reader's
    user is a trap; a link reloads it); a POST asks for one now."""
    require(request, "coordinate", ANY_LANGUAGE)
    project = current_project()
    if request.method == "POST":
        request_rebuild(project, project.editions, "manual", settle=0)
        messages.success(request, _("A build was asked for: it starts in a moment."))
        return redirect("workspace:builds")
    builds = list(Build.objects.order_by("-requested", "-pk")[:SHOWN])
    return render(request, "workspace/builds.html", {
        "rows": [_row(build, project) for build in builds],
        "busy": any(b.status in (Build.Status.REQUESTED, Build.Status.RUNNING)
                    for b in builds),
        "folder": project.deploy_folder,
        "git": project.deploy_git and (shown_remote(project.deploy_git[0]),
                                       project.deploy_git[1])})
