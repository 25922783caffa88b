"""The edition's index: its statements, newest first, then those it does not publish yet (how
far along, and how to help), then its downloads."""

from __future__ import annotations

import html
import posixpath
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from .. import languages
from ..progress.policy import progress_page as publication_progress_page
from ..progress.policy import publishes_anything
from ..site.interface import CATALOG
from . import sharing
from .collector import newest_first, statements
from .nodes import date_node, statement_index
from .plan import plan_of

_ = get_translation(CATALOG)


def fill(app: Sphinx, placeholder: statement_index, docname: str, language: str) -> None:
    """Put the list of statements where the placeholder is, and what follows it after."""
    items = _statement_list(app, docname, language)
    placeholder.replace_self(items)
    after = items
    for extra in (_in_progress_list(app, docname, language), sharing.downloads(app, docname)):
        if extra is not None:
            after.parent.insert(after.parent.index(after) + 1, extra)
            after = extra


def _statement_list(app: Sphinx, docname: str, language: str) -> nodes.Element:
    known = statements(app.env)
    ordered = newest_first(app.env)
    items: nodes.Element = nodes.bullet_list(classes=["statement-list"])
    if not ordered and not publishes_anything(plan_of(app), language):
        items = nodes.paragraph("", str(_(
            "Nothing is published in this language yet. The statements below are being "
            "translated; until they are, read them in the original.")),
            classes=["nothing-published"])
    for name in ordered:
        entry = known[name]
        reference = nodes.reference(
            "", "", refuri=app.builder.get_relative_uri(docname, name), internal=True
        )
        reference += nodes.Text(app.env.titles[name].astext())
        title = nodes.paragraph("", "", reference, classes=["statement-title"])
        details = nodes.paragraph("", "", classes=["byline"])
        details += nodes.inline("", entry["author"], classes=["author"])
        if entry["date"]:
            details += nodes.inline("", " · ", classes=["separator"])
            details += date_node(entry["date"], language)
        items += nodes.list_item("", title, details)
    return items


def _in_progress_list(app: Sphinx, docname: str, language: str) -> nodes.Node | None:
    """The statements this edition does not publish yet, with how far along and how to help."""
    source = app.config.editions_source_language
    waiting = [
        (slug, entries[language]) for slug, entries in sorted(plan_of(app).items())
        if language in entries and not entries[language]["published"]
    ]
    if not waiting or language == source:
        return None
    section = nodes.section(ids=["in-progress"], names=["in-progress"], classes=["in-progress"])
    section += nodes.title("", str(_("Translations in progress")), translatable=False)
    items = nodes.bullet_list(classes=["statement-list"])
    site_root = posixpath.join(posixpath.relpath(".", posixpath.dirname(docname) or "."), "..")
    for slug, entry in waiting:
        items += _in_progress_item(app, language, site_root, slug, entry)
    section += items
    return section


def _in_progress_item(
    app: Sphinx, language: str, site_root: str, slug: str, entry: dict[str, Any]
) -> nodes.list_item:
    source = app.config.editions_source_language
    # The title, translated or still the original's, in its language and direction
    # (WCAG 3.1.2).
    said_in = language if entry.get("title_translated") else source
    title = nodes.raw("", (
        f'<p class="statement-title" lang="{html.escape(languages.hreflang(said_in))}" '
        f'dir="{languages.direction(said_in)}">{html.escape(entry["title"] or slug)}</p>'
    ), format="html")
    details = nodes.paragraph("", classes=["byline"])
    details += nodes.inline(
        "", str(_("%(percent)s translated"))
        % {"percent": languages.percent(entry["percent"], language)}, classes=["percent"],
    )
    original, progress_page = _addresses(app, language, site_root, slug)
    if original:
        details += nodes.inline("", " · ", classes=["separator"])
        details += nodes.raw("", (
            f'<a class="reference external" href="{html.escape(original)}" '
            f'hreflang="{html.escape(languages.hreflang(source))}">'
            f'{html.escape(str(_("Read the original")))}</a>'
        ), format="html")
    if progress_page:
        details += nodes.inline("", " · ", classes=["separator"])
        details += nodes.reference("", str(_("Help translate")), refuri=progress_page)
    return nodes.list_item("", title, details)


def _addresses(app: Sphinx, language: str, site_root: str, slug: str) -> tuple[str, str]:
    """The statement's original, and the page of how far its translation is ("" for none)."""
    source = app.config.editions_source_language
    page = publication_progress_page(language, source)
    if app.builder.name == "epub":
        # An e-book holds no file outside it: the site's addresses, or no link at all.
        base = app.config.html_baseurl
        if not base:
            return "", ""
        return (urljoin(base, f"../{source}/{slug}.html"),
                urljoin(base, "../progress/" + page + f"#{language}"))
    original = posixpath.normpath(posixpath.join(
        site_root, source, app.builder.get_target_uri(slug)
    ))
    progress_page = posixpath.normpath(posixpath.join(
        site_root, "progress", page)) + f"#{language}"
    return original, progress_page
