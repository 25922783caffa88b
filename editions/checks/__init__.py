"""Translation checks: each with a stable id and severity, reporting plain ``Finding`` records.

``check_catalog`` checks one PO file, ``check_project`` a project's catalogs (cached by
content); the CLI, the pytest gate and the build all call these.
"""

from .glossary import load_glossary
from .registry import CHECKS, ERROR, WARNING, Check, Finding
from .runner import CheckReport, check_catalog, check_project, check_translation

__all__ = [
    "CHECKS", "ERROR", "WARNING", "Check", "CheckReport", "Finding", "check_catalog",
    "check_project", "check_translation", "load_glossary",
]
