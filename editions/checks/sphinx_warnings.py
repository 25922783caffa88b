"""Sphinx's own i18n warnings, moved from the source line to the PO entry that caused them.

Sphinx reports ``source/x.rst:12: WARNING: inconsistent footnote references in translated
message …``; a volunteer needs ``locale/fr/LC_MESSAGES/x.po:40: error [sphinx-i18n] …``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..catalogs import load_catalog
from ..errors import EditionsError
from ..project import Project
from .messages import Quoted, msg, render
from .registry import Finding, severity_in_force

# Sphinx's warning line: "path:line[:<translated>:n]: WARNING: message [type.subtype]".
_WARNING = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+)(?P<translated>:<translated>:\d+)?: WARNING: "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$"
)


def from_translation(warning: str) -> bool:
    """Whether Sphinx blames this warning on a translated message."""
    match = _WARNING.match(warning)
    return bool(match) and bool(
        match["translated"] or (match["type"] or "").startswith("i18n")
    )


def locate(project: Project, language: str, warnings: list[str]) -> list[Finding | str]:
    """Each warning caused by a translation as a finding on its PO entry; others unchanged."""
    located: list[Finding | str] = []
    catalogs: dict[str, dict[int, int]] = {}
    # (Sphinx builds the published statements alone.)
    severity = severity_in_force("sphinx-i18n", dict(project.check_severity), True)
    for warning in warnings:
        match = _WARNING.match(warning)
        if not match or not from_translation(warning):
            located.append(warning)
            continue
        source = Path(match["path"])
        slug, line = source.stem, int(match["line"])
        po_path = project.catalog_path(language, slug)
        if slug not in catalogs:
            catalogs[slug] = _entry_lines(po_path, language)
        entry_line = catalogs[slug].get(line)
        if entry_line is None:
            located.append(warning)
            continue
        if severity is None:  # conf.py turned the check off
            continue
        # (What Sphinx says is in English: it is quoted as it said it.)
        wording = msg("%(warning)s (Sphinx, %(kind)s): make the translation's references match "
                      "the source's", warning=Quoted(match["message"]),
                      kind=Quoted(match["type"] or "build"))
        located.append(Finding("sphinx-i18n", severity, str(po_path), entry_line,
                               render(wording), language, slug, wording=wording))
    return located


def _entry_lines(po_path: Path, language: str) -> dict[int, int]:
    """Source line → line of the PO entry that translates it."""
    try:
        catalog = load_catalog(po_path, language)
    except EditionsError:
        return {}
    return {
        line: message.lineno or 0
        for message in catalog if message.id
        for _path, line in message.locations if line
    }
