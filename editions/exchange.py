"""XLIFF 1.2 exchange with CAT tools (OmegaT, Trados, MateCat): export catalogs, import them back.

Fuzzy state and notes travel both ways. An import is checked whole before anything is
written (the language, every segment, the XML itself), writes only the catalogs whose
content changes, never empties a reviewed translation, and leaves every byte of a catalog
alone when nothing was edited.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .catalogs import load_catalog, save_catalog
from .errors import EditionsError
from .project import Project

NS = "urn:oasis:names:tc:xliff:document:1.2"
FUZZY_STATE = "needs-review-translation"


def unit_id(message: Message) -> str:
    """A stable id for a segment: its context and source, hashed."""
    key = f"{message.context or ''}\x04{message.id}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def export_xliff(project: Project, language: str, statements: list[str] | None = None) -> bytes:
    """One XLIFF document with a <file> per statement's catalog."""
    # Plain names under an xmlns declaration: registering the default namespace instead
    # would be global to the process (and the sitemap has its own).
    root = ET.Element("xliff", xmlns=NS, version="1.2")
    for slug in statements or project.statements():
        path = project.catalog_path(language, slug)
        if not path.exists():
            raise EditionsError("no catalog yet", path, hint="run 'editions update'")
        catalog = load_catalog(path, language)
        file = ET.SubElement(root, "file", {
            "original": str(path.relative_to(project.root)), "datatype": "po",
            "source-language": project.source_language.replace("_", "-"),
            "target-language": language.replace("_", "-"),
        })
        body = ET.SubElement(file, "body")
        for message in catalog:
            if not message.id or not isinstance(message.id, str):
                continue
            unit = ET.SubElement(body, "trans-unit", id=unit_id(message))
            ET.SubElement(unit, "source").text = message.id
            if message.string:
                state = FUZZY_STATE if message.fuzzy else "translated"
                ET.SubElement(unit, "target", state=state).text = str(message.string)
            else:
                ET.SubElement(unit, "target", state="new").text = ""
            for comment in message.auto_comments:
                ET.SubElement(unit, "note", {"from": "developer"}).text = comment
            for comment in message.user_comments:
                ET.SubElement(unit, "note", {"from": "translator"}).text = comment
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@dataclass
class ImportResult:
    path: Path
    changed: int


def import_xliff(project: Project, xliff_path: Path) -> list[ImportResult]:
    """Apply an XLIFF file's translations to the catalogs it names; see the module's rules."""
    try:
        root = SafeET.parse(xliff_path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise EditionsError(f"not a complete XLIFF file: {exc}", xliff_path, line,
                            "export it again from your CAT tool; nothing was changed") from exc
    except (OSError, DefusedXmlException) as exc:
        raise EditionsError(f"cannot read this XLIFF file: {exc}", xliff_path) from exc
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        raise EditionsError("not an XLIFF 1.2 file", xliff_path,
                            hint="export as XLIFF 1.2; nothing was changed")
    planned: list[tuple[Path, Catalog, int]] = []
    for file in root.iter(_q("file")):
        language = (file.get("target-language") or "").replace("-", "_")
        original = file.get("original") or ""
        path = (project.root / original).resolve()
        expected = {project.catalog_path(code, slug).resolve(): (code, slug)
                    for code in project.languages for slug in project.statements()}
        if path not in expected:
            raise EditionsError(f"this file names an unknown catalog {original!r}", xliff_path,
                                hint="import only files exported by 'editions export'")
        code, _slug = expected[path]
        if language != code:
            raise EditionsError(
                f"the file is for {language or 'no language'!r}, its catalog for {code!r}",
                xliff_path, hint="import the file of the right language; nothing was changed",
            )
        catalog = load_catalog(path, code)
        units = {unit_id(m): m for m in catalog if m.id and isinstance(m.id, str)}
        changed = 0
        for unit in file.iter(_q("trans-unit")):
            message = units.get(unit.get("id", ""))
            source = unit.findtext(_q("source")) or ""
            if message is None or message.id != source:
                raise EditionsError(
                    f"a segment that {original} does not have: {source[:60]!r}", xliff_path,
                    hint="the statement changed since the export: run 'editions update', "
                    "export again; nothing was changed",
                )
            changed += _apply(message, unit)
        if changed:
            planned.append((path, catalog, changed))
    for path, catalog, _changed in planned:
        save_catalog(path, catalog)
    return [ImportResult(path, changed) for path, _catalog, changed in planned]


def _apply(message: Message, unit: ET.Element) -> int:
    """Take the unit's translation, state and translator notes; 1 if anything changed."""
    target = unit.find(_q("target"))
    text = (target.text or "") if target is not None else ""
    fuzzy = target is not None and target.get("state") in {FUZZY_STATE, "needs-translation",
                                                           "needs-adaptation", "needs-l10n",
                                                           "needs-review-adaptation",
                                                           "needs-review-l10n"}
    notes = [note.text or "" for note in unit.iter(_q("note")) if note.get("from") != "developer"]
    if not text and message.string and not message.fuzzy:
        return 0  # an empty target never erases a reviewed translation
    before = (message.string, message.fuzzy, list(message.user_comments))
    message.string = text
    if fuzzy and text:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
    message.user_comments = notes
    return int((message.string, message.fuzzy, list(message.user_comments)) != before)
