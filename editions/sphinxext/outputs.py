"""What an edition's HTML build writes beside its pages once it has finished
(``build-finished``): the feed, each statement's social card, and the list of published
statements the landing page is made from."""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from ..progress.policy import publishes_anything
from ..storage import write_if_changed
from . import cards, sharing
from .collector import newest_first, statements
from .plan import plan_of


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """The edition's feed, where it has an address and publishes something; else none (one
    left from before would still offer the pages it listed, gone since)."""
    if exception is not None or app.builder.name != "html":
        return
    language = app.config.language or app.config.editions_source_language
    if app.config.html_baseurl and publishes_anything(plan_of(app), language):
        sharing.write_feed(app, statements(app.env))
    else:
        (Path(app.outdir) / sharing.FEED_NAME).unlink(missing_ok=True)


def write_cards(app: Sphinx, exception: Exception | None) -> None:
    """Each published statement's social card (``og:image``), where pages can name it."""
    if (exception is not None or app.builder.name != "html" or not app.config.html_baseurl
            or cards.unavailable()):
        return
    known = statements(app.env)
    cards.write_cards(Path(app.outdir), {
        name: {"title": app.env.titles[name].astext(), "author": known[name]["author"]}
        for name in newest_first(app.env) if name in app.env.found_docs
    }, app.config.project, app.config.language or app.config.editions_source_language)


def write_statements(app: Sphinx, exception: Exception | None) -> None:
    """The edition's published statements (title, author, date), newest first, for the
    landing page the build writes once every edition is built."""
    if exception is not None or app.builder.name != "html" or not (
        app.config.editions_statements_file
    ):
        return
    known = statements(app.env)
    shown = [
        {"slug": name, "title": app.env.titles[name].astext(),
         "author": known[name]["author"], "date": known[name]["date"]}
        for name in newest_first(app.env) if name in app.env.found_docs
    ]
    data = json.dumps(shown, ensure_ascii=False, indent=1).encode("utf-8")
    write_if_changed(Path(app.config.editions_statements_file), data)
