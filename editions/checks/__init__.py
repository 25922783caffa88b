"""Translation checks: each with a stable id and severity, reporting plain ``Finding`` records.

``entry.Rules`` checks one segment (the workspace's live checks: ``check_translation``),
``check_catalog`` one PO file, ``check_project`` a project's catalogs (cached by content);
the CLI, the pytest gate and the build all call these.

The names below are loaded when first used (PEP 562): the project's settings read the
registry of check ids (``checks.registry``) without loading the checks, which read projects.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "check_catalog": "catalog", "Rules": "entry", "check_translation": "entry",
    "load_glossary": "glossary", "CheckReport": "project", "CheckRun": "project",
    "check_project": "project", "CHECKS": "registry", "ERROR": "registry",
    "WARNING": "registry", "Check": "registry", "Finding": "registry",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
