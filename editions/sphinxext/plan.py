"""The publication plan an edition's pages show (which editions publish each statement, and
this edition's titles, notices and percentages), as ``editions build`` leaves it for them.

The plan travels as a file, with its digest as the setting Sphinx compares between builds
(``editions_plan_digest``: a new plan writes every page again). Sphinx compared the plan
itself, a dict of every statement in every edition, serialising it each time it loaded its
environment and wrote its build info: a fifth of an edition's build where one page changed.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from sphinx.application import Sphinx


def plan_of(app: Sphinx) -> dict[str, dict[str, dict[str, Any]]]:
    """This edition's plan ({} where there is none: a plain sphinx-build)."""
    path = app.config.editions_plan_file
    return _read(path, app.config.editions_plan_digest) if path else {}


@functools.lru_cache(maxsize=4)
def _read(path: str, _digest: str) -> dict[str, dict[str, dict[str, Any]]]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def setup(app: Sphinx) -> None:
    app.add_config_value("editions_plan_file", "", "", (str,))
    app.add_config_value("editions_plan_digest", "", "html", (str,))
