"""The Sphinx extension behind every edition.

It gives each statement its metadata (``.. statement::``), each edition its index of statements
(``.. statement-index::``), and each page its language, direction, localized dates and a switcher
to the same page in every other edition. It hooks Sphinx's events; it patches nothing.

Its modules, by job: ``nodes`` (the doctree nodes and how writers write them), ``directives``,
``collector`` (what the environment keeps of each statement), ``resolve`` and ``index`` (the
placeholders made plain nodes: a statement's byline, the edition's index), ``context`` (each
page's template context), ``epub`` (the e-book builder), ``outputs`` (the files written once
the build has finished), ``sharing`` and ``cards`` (feed, sharing tags, social cards),
``search``, ``speed``, ``kept_index`` (the index written again only when its list changed),
``held`` (a published page built from its kept version) and ``confined`` (no file inserted,
none copied from outside the sources). This
module only declares and wires them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from ..project import CONFIG_VALUES
from ..site.interface import CATALOG, SPHINX_GAPS, compile_interface_catalog
from . import confined, held, kept_index, outputs, plan, search, sharing, speed
from .collector import StatementCollector, reread_index
from .context import page_context
from .directives import StatementDirective, StatementIndexDirective
from .epub import EditionEpubBuilder
from .nodes import (
    depart_localized_date_html,
    localized_date,
    statement_index,
    statement_meta,
    visit_localized_date_html,
    write_nothing,
)
from .resolve import resolve

HERE = Path(__file__).parent


def _remember_source_language(app: Sphinx, config: Any) -> None:
    """The gettext builder and the editions override ``language``; keep what conf.py said."""
    if not config.editions_source_language:
        config.editions_source_language = (
            config._raw_config.get("language") or "en"
        )


def setup(app: Sphinx) -> dict[str, Any]:
    for name, default, rebuild, types in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types)
    app.add_config_value("editions_source_language", "", "env", (str,))
    # Where the build leaves the edition's published statements for the landing page.
    app.add_config_value("editions_statements_file", "", "", (str,))
    # Set by `editions build`: per statement and language, published or not, and how far.
    plan.setup(app)
    app.add_node(statement_meta)
    app.add_node(statement_index)
    app.add_node(localized_date, html=(visit_localized_date_html, depart_localized_date_html),
                 text=(write_nothing, write_nothing))
    app.add_directive("statement", StatementDirective)
    app.add_directive("statement-index", StatementIndexDirective)
    app.add_env_collector(StatementCollector)
    app.add_html_theme("editions", str(HERE / "theme"))
    app.add_builder(EditionEpubBuilder, override=True)
    interface = compile_interface_catalog(app.config.language, Path(app.doctreedir))
    app.add_message_catalog(CATALOG, interface)
    # (After Sphinx's own catalog for the language: a fallback, for what it leaves out.)
    app.add_message_catalog(SPHINX_GAPS, interface)
    # Where the HTML builder looks first for the search page's script catalog.
    app.connect("config-inited",
                lambda _app, config: config.locale_dirs.append(str(interface)))
    app.connect("config-inited", _remember_source_language)
    speed.setup(app)
    confined.setup(app)
    kept_index.setup(app)
    held.setup(app)
    sharing.setup(app)
    search.setup(app)
    app.connect("doctree-resolved", resolve)
    app.connect("env-get-outdated", reread_index)
    # Before sphinxext-opengraph's (500): it reads the description this one gives.
    app.connect("html-page-context", page_context, priority=400)
    app.connect("build-finished", outputs.write_feed)
    app.connect("build-finished", outputs.write_cards)
    app.connect("build-finished", outputs.write_statements)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
