"""The extension's doctree nodes, and how the writers write the one that reaches them.

``statement_meta`` and ``statement_index`` are placeholders: ``resolve`` turns them into plain
docutils nodes before any writer sees them. ``localized_date`` stays, for HTML's ``<time>``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes

from .. import languages


class statement_meta(nodes.General, nodes.Element):
    """Author, date and original language of a statement; its one child is the author paragraph."""


class statement_index(nodes.General, nodes.Element):
    """Placeholder for the list of statements, filled in once every statement has been read."""


class localized_date(nodes.Inline, nodes.TextElement):
    """A localized date; HTML writes it as ``<time datetime="YYYY-MM-DD">``."""


def date_node(iso_date: str, language: str) -> localized_date:
    """An ISO date as the edition's language writes it."""
    return localized_date("", languages.long_date(dt.date.fromisoformat(iso_date), language),
                          datetime=iso_date)


def visit_localized_date_html(translator: Any, node: localized_date) -> None:
    translator.body.append(
        translator.starttag(node, "time", "", datetime=node["datetime"], CLASS="date")
    )


def depart_localized_date_html(translator: Any, node: localized_date) -> None:
    translator.body.append("</time>")


def write_nothing(translator: Any, node: nodes.Node) -> None:
    """The text writer's visit and departure: the date's text is written as any text."""
