"""What lets a reader pass a statement on, or read it elsewhere: social card data, an Atom feed
per edition, and the links to the feed and the edition's EPUB.

Open Graph tags come from sphinxext-opengraph, configured per edition (its site URL is the
edition's address); this module gives it the statement's standfirst (or first paragraph) as
description, and adds what it does not know: ``og:locale`` and, per page, the editions that
publish that page.
The feed is written with feedgen from the statements Sphinx has read, so an incremental build
lists every statement, not only the pages it rewrote.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from .. import languages
from ..filedates import last_changed
from ..progress.policy import publishes_anything
from ..site.interface import CATALOG
from ..storage import write_if_changed
from . import cards
from .plan import plan_of

_ = get_translation(CATALOG)

FEED_NAME = "atom.xml"


def summary(doctree: nodes.document, byline: nodes.Element) -> str:
    """What a statement is about, in a sentence or two: its standfirst (``.. rst-class::
    standfirst``), or else its first paragraph after the ``byline``."""
    skipped = set(byline.findall(nodes.paragraph))
    paragraphs = [p for p in doctree.findall(nodes.paragraph) if p not in skipped]
    chosen = next((p for p in paragraphs if "standfirst" in p["classes"]),
                  paragraphs[0] if paragraphs else None)
    return " ".join(chosen.astext().split()) if chosen else ""


def page_tags(
    app: Sphinx, context: dict[str, Any], summary: str, alternates: list[str],
    card: dict[str, str] | None = None,
) -> None:
    """Description and locales of one page, for search engines and social cards.

    ``alternates`` are the languages of the other editions that publish this page; ``card``
    the address and text of its social card image, if it has one.
    """
    tags = [_tag("name", "description", summary)] if summary else []
    fields = dict(context.get("meta") or {})
    if not app.config.html_baseurl:
        fields["ogp_disable"] = True  # a social card needs absolute addresses
    else:
        tags.append(_tag("property", "og:locale",
                         languages.territorial(app.config.language or "en")))
        tags += [_tag("property", "og:locale:alternate", languages.territorial(code))
                 for code in alternates]
        if card:  # the statement's image (see ``cards``), shown large where it is shared
            tags += [_tag("property", "og:image", card["url"]),
                     _tag("property", "og:image:type", "image/png"),
                     _tag("property", "og:image:width", str(cards.SIZE[0])),
                     _tag("property", "og:image:height", str(cards.SIZE[1])),
                     _tag("property", "og:image:alt", card["alt"]),
                     _tag("name", "twitter:card", "summary_large_image")]
        else:  # a text card: title and description
            tags.append(_tag("name", "twitter:card", "summary"))
        if summary:
            # sphinxext-opengraph takes a page's "og:" fields over what it finds in the text.
            fields.update({"og:description": summary, "og:type": "article"})
    context["meta"] = fields
    context["metatags"] = context.get("metatags", "") + "".join(tags)
    if app.config.html_baseurl and publishes_anything(
        plan_of(app), app.config.language or app.config.editions_source_language
    ):
        context["editions_feed_href"] = posixpath.join(context.get("content_root", ""), FEED_NAME)
        context["editions_feed_title"] = _feed_title(app)


def _tag(attribute: str, name: str, content: str) -> str:
    escaped = content.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return f'\n    <meta {attribute}="{name}" content="{escaped}" />'


def _feed_title(app: Sphinx) -> str:
    return f"{app.config.project} — {languages.native_name(app.config.language or 'en')}"


def downloads(app: Sphinx, docname: str) -> nodes.Node | None:
    """On an edition's index: links to its EPUB and its feed, where the build makes them
    (not inside the EPUB itself)."""
    if app.builder.name == "epub" or not publishes_anything(
        plan_of(app), app.config.language or app.config.editions_source_language
    ):
        return None  # (an edition that publishes nothing has no book or feed to offer)
    base = posixpath.relpath(".", posixpath.dirname(docname) or ".")
    links: list[nodes.Node] = []
    if app.config.editions_epub_name:
        links.append(nodes.reference(
            "", str(_("Download this edition as an e-book (EPUB)")),
            refuri=posixpath.join(base, f"{app.config.editions_epub_name}.epub"),
            classes=["epub"],
        ))
    if app.config.html_baseurl:
        links.append(nodes.reference(
            "", str(_("Follow new statements (Atom feed)")),
            refuri=posixpath.join(base, FEED_NAME), classes=["feed"],
        ))
    if not links:
        return None
    paragraph = nodes.paragraph(classes=["downloads"])
    for number, link in enumerate(links):
        if number:
            paragraph += nodes.inline("", " · ", classes=["separator"])
        paragraph += link
    return paragraph


def write_feed(app: Sphinx, statements: dict[str, dict[str, str]]) -> None:
    """The edition's Atom feed: its published statements, newest first, dates localized."""
    from feedgen.feed import FeedGenerator

    language = app.config.language or "en"
    edition_url = app.config.html_baseurl.rstrip("/") + "/"
    entries = []
    shown = [name for name in statements
             if name in app.env.titles and name in app.env.found_docs]
    # An undated statement is dated by its source's history, not by this build.
    changed = last_changed(Path(app.confdir), [
        Path(app.env.doc2path(name)) for name in shown if not statements[name]["date"]])
    for name in shown:
        entry = statements[name]
        updated = (
            dt.datetime.fromisoformat(entry["date"]).replace(tzinfo=dt.UTC) if entry["date"]
            else changed[Path(app.env.doc2path(name))]
        )
        entries.append((bool(entry["date"]), updated, name, entry))
    entries.sort(key=lambda item: (item[0], item[1], item[2]), reverse=True)

    feed = FeedGenerator()
    feed.id(edition_url)
    feed.title(_feed_title(app))
    feed.link(href=edition_url, rel="alternate", type="text/html")
    feed.link(href=edition_url + FEED_NAME, rel="self", type="application/atom+xml")
    feed.language(languages.hreflang(language))
    feed.author(name=app.config.project)
    feed.updated(max((item[1] for item in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    for dated, updated, name, entry in entries:
        url = edition_url + app.builder.get_target_uri(name)
        item = feed.add_entry(order="append")
        item.id(url)
        item.title(app.env.titles[name].astext())
        item.link(href=url, rel="alternate", type="text/html")
        item.author(name=entry["author"] or app.config.project)
        item.updated(updated)
        if dated:
            item.published(updated)
        byline = entry["author"]
        if entry["date"]:
            byline += " · " + languages.long_date(updated.date(), language)
        item.summary(f"{byline} — {entry['summary']}" if entry.get("summary") else byline)
    data = feed.atom_str(pretty=True)
    path = app.outdir / FEED_NAME
    write_if_changed(path, data)


def _configure_opengraph(app: Sphinx, config: Any) -> None:
    """Per edition, sphinxext-opengraph's site is the edition's address; no image cards
    (they need matplotlib and weigh on every page); ``page_tags`` gives the description."""
    if not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl
    if config.ogp_social_cards is None:
        config.ogp_social_cards = {"enable": False}
    config.ogp_enable_meta_description = False


def setup(app: Sphinx) -> None:
    # sphinxext-opengraph prints a notice on import when matplotlib (for image cards, which
    # the editions do not use) is missing: keep it off every build's output.
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
    # Set by `editions build`: the EPUB's file name, without ".epub", when it builds one.
    app.add_config_value("editions_epub_name", "", "html", (str,))
    app.connect("config-inited", _configure_opengraph)
