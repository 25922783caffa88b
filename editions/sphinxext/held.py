"""Held pages in the Sphinx build: a statement the edition shows as its kept version is read
from that version's source text (its kept catalog comes first in ``locale_dirs``, see
``editions.site.held``); its notice is added with the byline (``resolve``)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def read_kept_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Give Sphinx the kept source text of a held statement instead of the current one."""
    held = app.config.editions_held.get(docname)
    if held:
        source[0] = Path(held["source"]).read_text(encoding="utf-8")


def setup(app: Sphinx) -> None:
    # Set by `editions build`: {slug: {"source", "digest", "original"}} of the held
    # statements; "env": a page entering or leaving the held state is read again.
    app.add_config_value("editions_held", {}, "env", (dict,))
    app.connect("source-read", read_kept_source)
