"""The placeholders turned into plain docutils nodes every builder can write, once every
statement has been read (``doctree-resolved``): a statement's byline and notes, the edition's
index."""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.locale import get_translation

from .. import languages
from ..site.interface import CATALOG
from . import index
from .nodes import date_node, statement_index, statement_meta
from .plan import plan_of

_ = get_translation(CATALOG)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn the placeholders into plain docutils nodes every builder can write."""
    if isinstance(app.builder, MessageCatalogBuilder):
        return  # the gettext builder extracts the author paragraph as it was written
    language = app.config.language or "en"
    for meta in list(doctree.findall(statement_meta)):
        meta.replace_self(_statement_meta(app, meta, docname, language))
    for placeholder in list(doctree.findall(statement_index)):
        index.fill(app, placeholder, docname, language)


def _statement_meta(
    app: Sphinx, meta: statement_meta, docname: str, language: str
) -> nodes.container:
    """The byline (author, date), the original language, how far the translation is, and
    the page's other forms."""
    byline = nodes.paragraph(classes=["byline"])
    author = meta.children[0] if meta.children else nodes.paragraph()
    byline += nodes.inline("", "", *author.children, classes=["author"])
    if meta["date"]:
        byline += nodes.inline("", " · ", classes=["separator"])
        byline += date_node(meta["date"], language)
    original = nodes.paragraph(
        "",
        str(_("Original language: %(language)s"))
        % {"language": languages.name_in(meta["original_language"], language)},
        classes=["original-language"],
    )
    container = nodes.container("", byline, original, classes=["statement-meta"])
    entry = plan_of(app).get(docname, {}).get(language, {})
    if entry.get("notice"):
        container += nodes.paragraph(
            "",
            str(_("This translation is in progress (%(percent)s translated): paragraphs "
                  "not yet translated appear in the original language."))
            % {"percent": languages.percent(entry["percent"], language)},
            classes=["translation-notice"],
        )
    if entry.get("held"):
        container += _held_notice(app, docname)
    container += _other_forms(app, docname, language, entry)
    return container


def _held_notice(app: Sphinx, docname: str) -> nodes.paragraph:
    """What a reader of a page built from its kept version is told, with a link to the
    original (in an e-book, only to its address on the site, if it has one)."""
    notice = nodes.paragraph(
        "", str(_("This translation is being updated: you are reading its last published "
                  "version, and the original may have changed since.")) + " ",
        classes=["translation-notice", "held-notice"])
    if app.builder.name == "epub":
        original = app.config.editions_held.get(docname, {}).get("original", "")
    else:
        original = f"../{app.config.editions_source_language}/{posixpath.basename(docname)}.html"
    if original:
        notice += nodes.reference("", str(_("Read the original")), refuri=original)
    return notice


def _other_forms(
    app: Sphinx, docname: str, language: str, entry: dict[str, Any]
) -> list[nodes.paragraph]:
    """Links to what the build writes beside the page (not in an e-book, which holds no
    file outside it)."""
    if app.builder.name == "epub":
        return []
    source = app.config.editions_source_language
    page = posixpath.basename(docname)
    links = []
    if language != source and entry.get("published") and not entry.get("held"):
        # The parallel view.
        links.append(_link(str(_("Read side by side with the original")),
                           f"{page}.parallel.html", "parallel-link"))
    if app.config.editions_print and (language == source or entry.get("published")):
        # The print-ready PDF (see ``editions.site.printing``).
        links.append(_link(str(_("Print it: PDF, A4")), f"{page}.pdf", "print-link"))
    return links


def _link(text: str, uri: str, css_class: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.reference("", text, refuri=uri), classes=[css_class])
