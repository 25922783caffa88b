"""Sphinx's own i18n warnings, moved from the source line to the PO entry that caused them.

Sphinx reports ``source/x.rst:12: WARNING: inconsistent footnote references in translated
message …``; a volunteer needs ``locale/fr/LC_MESSAGES/x.po:40: error [sphinx-i18n] …``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..catalogs import load_catalog, summarise
from ..catalogs.entries import unit_id
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


@dataclass(frozen=True)
class Located:
    """A warning placed on the PO entry that caused it: the finding, and where a team finds
    the entry (its key, the workspace's address of the segment, and the statement's title
    as the catalog has it)."""

    finding: Finding
    key: str
    title: str

    def notice(self) -> dict[str, object]:
        """The finding as a build's notice (``site.deploy.NOTICES``'s "finding"): for the
        workspace's builds page to say in its reader's language, with a link to the segment
        (the build's own lines say it too, in the command's English)."""
        finding = self.finding
        return {"code": "finding", "language": finding.language, "statement": finding.statement,
                "key": self.key, "title": self.title, "severity": finding.severity,
                "check": finding.check,
                "wording": finding.wording.encode() if finding.wording else finding.message}


def locate(project: Project, language: str, warnings: list[str]) -> list[Located | str]:
    """Each warning caused by a translation as a finding on its PO entry; others unchanged."""
    located: list[Located | str] = []
    catalogs: dict[str, _Entries] = {}
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
        entry = catalogs[slug].by_line.get(line)
        if entry is None:
            located.append(warning)
            continue
        if severity is None:  # conf.py turned the check off
            continue
        # (What Sphinx says is in English: it is quoted as it said it.)
        wording = msg("%(warning)s (Sphinx, %(kind)s): make the translation's references match "
                      "the source's", warning=Quoted(match["message"]),
                      kind=Quoted(match["type"] or "build"))
        entry_line, key = entry
        located.append(Located(
            Finding("sphinx-i18n", severity, str(po_path), entry_line, render(wording),
                    language, slug, wording=wording), key, catalogs[slug].title or slug))
    return located


@dataclass
class _Entries:
    by_line: dict[int, tuple[int, str]]  # source line → (PO entry's line, its key)
    title: str  # the statement's title, translated where the catalog translates it


def _entry_lines(po_path: Path, language: str) -> _Entries:
    """Source line → line and key of the PO entry that translates it, and the title."""
    try:
        catalog = load_catalog(po_path, language)
    except EditionsError:
        return _Entries({}, "")
    messages = [message for message in catalog if message.id]
    return _Entries({
        line: (message.lineno or 0, unit_id(message))
        for message in messages
        for _path, line in message.locations if line
    }, str(summarise(catalog, messages)["title"]))  # (the title by the one rule: progress's)
