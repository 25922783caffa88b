"""The directives a statement's source is written with: ``.. statement::`` and
``.. statement-index::``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from .. import languages
from ..errors import EditionsError
from ..site.interface import CATALOG
from .nodes import statement_index, statement_meta

_ = get_translation(CATALOG)


class StatementDirective(SphinxDirective):
    """``.. statement::`` with ``:author:``, ``:date:`` (ISO) and ``:original-language:``."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "author": directives.unchanged_required,
        "date": directives.unchanged,
        "original-language": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        author = self.options.get("author", "").strip()
        if not author:
            raise self.error("statement: the :author: option is required (a person or a body)")
        date = self.options.get("date", "").strip()
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise self.error(
                    f"statement: :date: {date!r} is not a date; write it as YYYY-MM-DD"
                ) from None
        # Unsaid, it is the language the statements are written in, not the edition's.
        original = (self.options.get("original-language")
                    or self.config.editions_source_language or self.config.language or "en")
        try:
            languages.validate(original)
        except EditionsError as exc:
            raise self.error(f"statement: :original-language: {exc}") from None
        node = statement_meta(date=date, original_language=original)
        # The author is a paragraph with a source line, so the gettext builder extracts it:
        # "Fourth International" becomes "Quatrième Internationale" in the French edition.
        author_paragraph = nodes.paragraph(author, author, classes=["author"])
        self.set_source_info(author_paragraph)
        self.set_source_info(node)
        node += author_paragraph
        return [node]


class StatementIndexDirective(SphinxDirective):
    """``.. statement-index::``: the edition's title, its list of statements, and a hidden
    toctree of exactly the statements this edition publishes (no glob to match nothing)."""

    def run(self) -> list[nodes.Node]:
        # No source info on the title: it is an interface string, not a segment to translate.
        section = nodes.section(ids=["statements"], names=["statements"])
        section += nodes.title("", str(_("Statements")), translatable=False)
        section += statement_index()
        docnames = sorted(name for name in self.env.found_docs if name != self.env.docname)
        toctree = addnodes.toctree(
            parent=self.env.docname, entries=[(None, name) for name in docnames],
            includefiles=docnames, maxdepth=-1, caption=None, glob=False, hidden=True,
            includehidden=False, numbered=0, titlesonly=False,
        )
        self.set_source_info(toctree)
        section += nodes.compound("", toctree, classes=["toctree-wrapper"])
        return [section]
