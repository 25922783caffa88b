"""Making a Sphinx application in a process that may have made others before (a build's
worker builds several editions, the main process may extract templates first): each
starts as ``sphinx-build`` would, with nothing of an earlier one's language."""

from __future__ import annotations

import functools
import gettext
import importlib


def clean_slate() -> None:
    """Call before each ``Sphinx(...)`` of this process."""
    from sphinx import locale as sphinx_locale

    # Sphinx keeps message catalogs in a module-level cache; a process that made another
    # application before must not serve its language's interface strings to this one.
    sphinx_locale.translators.clear()
    _import_sphinx_extensions()
    # Python's gettext keeps every .mo it read, by path, for the life of the process: a
    # catalog translated since (a second build in this process) would be read as it was.
    # (Django's autoreloader empties the same cache when a catalog changes.)
    gettext._translations.clear()  # type: ignore[attr-defined]


@functools.cache
def _import_sphinx_extensions() -> None:
    """Import Sphinx's own extensions while no language is set up. Some translate a label
    when their module is imported (the Python domain's "Python Module Index"), and an
    application imports them after setting up its language: the process's first
    application would fix that label, in its language, in every later one's output."""
    from sphinx.application import builtin_extensions

    for name in builtin_extensions:
        importlib.import_module(name)
