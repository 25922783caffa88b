"""Translation checks: each with a stable id and severity, reporting plain ``Finding`` records.

``entry.Rules`` checks one segment (the workspace's live checks: ``check_translation``),
``check_catalog`` one PO file, ``check_project`` a project's catalogs (cached by content);
the CLI, the pytest gate and the build all call these.
"""

from .catalog import check_catalog
from .entry import Rules, check_translation
from .glossary import load_glossary
from .project import CheckReport, CheckRun, check_project
from .registry import CHECKS, ERROR, WARNING, Check, Finding

__all__ = [
    "CHECKS", "ERROR", "WARNING", "Check", "CheckReport", "CheckRun", "Finding", "Rules",
    "check_catalog", "check_project", "check_translation", "load_glossary",
]
