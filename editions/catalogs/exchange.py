"""XLIFF 1.2 exchange with CAT tools (OmegaT, Trados, MateCat): export catalogs, import them back.

Fuzzy state and notes travel both ways. An import is checked whole before anything is
written (the language, every segment, the XML itself), under the project lock; a segment the
statement no longer has is left out and reported with its text, the others are imported by
the one rule of every writer (``entries.apply_translation``), and a translation sent as
reviewed in which the per-segment check finds an error is imported as needing work and
reported. It writes only the catalogs whose content changes, never empties a translation
(fuzzy ones included), and leaves every byte of a catalog alone when nothing was edited.
Inline elements a CAT tool adds become the segment's text again (<mrk>) or its markup (<ph>,
<bpt>, <ept>, <it> hold the original code); those that stand for formatting this export
never had (<g>, <x/> …) refuse the import, naming the segment.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..errors import EditionsError
from ..project import Project
from ..storage import project_lock
from .entries import Applied, Refused, apply_translation, unit_id
from .pofile import load_catalog
from .store import save_catalogs
from .validity import is_blank

NS = "urn:oasis:names:tc:xliff:document:1.2"
FUZZY_STATE = "needs-review-translation"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def export_xliff(project: Project, language: str, statements: list[str] | None = None) -> bytes:
    """One XLIFF document with a <file> per statement's catalog."""
    # Plain names under an xmlns declaration: registering the default namespace instead
    # would be global to the process (and the sitemap has its own).
    root = ET.Element("xliff", xmlns=NS, version="1.2")
    for slug in dict.fromkeys(statements or project.statements()):  # each statement once
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
            _refuse_what_xml_cannot_carry(message, path)
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


# What XML 1.0 cannot hold, even escaped: the C0 controls but tab and the line breaks.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _refuse_what_xml_cannot_carry(message: Message, path: Path) -> None:
    """A segment whose text or notes hold a character XML cannot carry would make a file
    no CAT tool (nor ``import_translations``) reads: said, with its line, and no file."""
    texts = (message.id, str(message.string or ""), *message.auto_comments,
             *message.user_comments)
    found = next((match for text in texts if (match := _NOT_XML.search(text))), None)
    if found:
        raise EditionsError(
            f"this entry holds a control character (U+{ord(found[0]):04X}) that XLIFF "
            "cannot carry", path, message.lineno,
            hint="remove it from the PO file in a text editor; if it is in the source "
            "text, mend the statement's source, then run 'editions update'; nothing was "
            "written")


@dataclass(frozen=True)
class Unmatched:
    """A translation whose segment the statement no longer has (``editions update`` ran
    since the export): not imported, kept here to be pasted against the new segment."""

    line: int | None
    source: str
    translation: str


@dataclass(frozen=True)
class NeedsWork:
    """A translation the XLIFF file sent as reviewed, in which the per-segment check found
    errors: imported as needing work (fuzzy), as the workspace would save it."""

    line: int | None
    source: str
    errors: tuple[str, ...]


#: The per-segment check an import runs: the errors it finds in a translation, given the
#: language, the statement, the source, the translation, the entry's flags and its line.
SegmentCheck = Callable[[str, str, str, str, tuple[str, ...], int], list[str]]


@dataclass
class ImportResult:
    path: Path
    changed: int
    unmatched: tuple[Unmatched, ...] = ()
    needs_work: tuple[NeedsWork, ...] = ()


class _Gone(Exception):
    def __init__(self, unmatched: Unmatched) -> None:
        super().__init__(unmatched.source)
        self.unmatched = unmatched


#: Inline elements whose content is the segment's own text (a marker around it) or its native
#: markup (XLIFF 1.2: <ph>, <bpt>, <ept> and <it> hold the original code as text).
_TRANSPARENT = {"mrk"}
_NATIVE_CODE = {"ph", "bpt", "ept", "it"}
_FUZZY_STATES = {FUZZY_STATE, "needs-translation", "needs-adaptation", "needs-l10n",
                 "needs-review-adaptation", "needs-review-l10n"}


class _Unmappable(Exception):
    """An inline element that stands for formatting this export never had."""


def _text(element: ET.Element | None) -> str:
    """The text of a <source> or <target>, with its inline elements turned back into the
    segment's reStructuredText, or ``_Unmappable`` for one that cannot be."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.removeprefix(f"{{{NS}}}")  # (an element of another namespace keeps
        if tag in _TRANSPARENT:                    # its braces, and is refused below)
            parts.append(_text(child))
        elif tag in _NATIVE_CODE:
            parts.append("".join(child.itertext()))
        else:
            raise _Unmappable(f"<{tag}{' id=' + repr(child.get('id')) if child.get('id') else ''}>")
        parts.append(child.tail or "")
    return "".join(parts)


def import_xliff(project: Project, xliff_path: Path, check: SegmentCheck | None = None
                 ) -> list[ImportResult]:
    """Apply an XLIFF file's translations to the catalogs it names; see the module's rules.
    ``check`` is the per-segment check (the CLI passes ``editions check``'s): a translation
    sent as reviewed in which it finds an error is imported as needing work, and listed."""
    raw, root = _read_xliff(xliff_path)
    _refuse_a_segment_twice(raw, root, xliff_path)
    expected = {project.catalog_path(code, slug).resolve(): (code, slug)
                for code in project.languages for slug in project.statements()}
    with project_lock(project):
        read: dict[Path, Catalog] = {}  # (a catalog named by two <file>s is read once)
        results: dict[Path, ImportResult] = {}
        for file in root.iter(_q("file")):
            path = _catalog_path(project, file, expected, xliff_path)
            if path not in read:
                read[path] = load_catalog(path, expected[path][0])
                results[path] = ImportResult(path, 0)
            units = {unit_id(m): m for m in read[path] if m.id and isinstance(m.id, str)}
            file_check = None if check is None else _bound(check, *expected[path])
            for unit in file.iter(_q("trans-unit")):
                _import_unit(results[path], units, unit, raw, xliff_path, file_check)
        save_catalogs(project, {path: read[path] for path in read if results[path].changed})
    return [result for result in results.values() if result.changed or result.unmatched]


def _read_xliff(xliff_path: Path) -> tuple[bytes, ET.Element]:
    """The file's bytes and its root element, once it is whole, safe and XLIFF 1.2."""
    try:
        raw = xliff_path.read_bytes()
        root = SafeET.fromstring(raw)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise EditionsError(f"not a complete XLIFF file: {exc}", xliff_path, line,
                            "export it again from your CAT tool; nothing was changed") from exc
    except DefusedXmlException as exc:
        raise EditionsError(
            "the file declares XML entities or a document type (<!ENTITY …>, <!DOCTYPE …>), "
            "which no XLIFF export holds and which can make a reader fetch or expand other "
            "files", xliff_path, hint="export it again from your CAT tool, or remove that "
            "declaration; nothing was changed") from exc
    except OSError as exc:
        raise EditionsError(f"cannot read this XLIFF file: {exc.strerror}", xliff_path,
                            hint="check its name and permissions; nothing was changed") from exc
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        raise EditionsError("not an XLIFF 1.2 file", xliff_path,
                            hint="export as XLIFF 1.2; nothing was changed")
    return raw, root


#: The per-segment check of one catalog: the errors it finds in a text for an entry.
_EntryCheck = Callable[[Message, str], list[str]]


def _bound(check: SegmentCheck, language: str, statement: str) -> _EntryCheck:
    """The per-segment check of one catalog's entries."""
    def errors(message: Message, text: str) -> list[str]:
        return check(language, statement, message.id, text, tuple(sorted(message.flags)),
                     message.lineno or 0)
    return errors


def _import_unit(result: ImportResult, units: dict[str, Message], unit: ET.Element,
                 raw: bytes, xliff_path: Path, check: _EntryCheck | None) -> None:
    """Take one trans-unit into ``result``: changed, needing work, or its segment gone."""
    try:
        applied = _apply_unit(units, unit, raw, xliff_path, check)
    except _Gone as gone:  # the rest of the file is still imported
        result.unmatched += (gone.unmatched,)
        return
    result.changed += applied.changed
    if applied.errors:
        result.needs_work += (NeedsWork(_unit_line(raw, unit), _text(unit.find(_q("source"))),
                                        applied.errors),)


def _catalog_path(project: Project, file: ET.Element, expected: dict[Path, tuple[str, str]],
                  xliff_path: Path) -> Path:
    """The catalog a <file> names, once its language is the right one."""
    language = (file.get("target-language") or "").replace("-", "_")
    original = file.get("original") or ""
    path = (project.root / original).resolve()
    if path not in expected:
        raise EditionsError(f"this file names an unknown catalog {original!r}", xliff_path,
                            hint="import only files exported by 'editions export'")
    code, _slug = expected[path]
    if language != code:
        raise EditionsError(
            f"the file is for {language or 'no language'!r}, its catalog for {code!r}",
            xliff_path, hint="import the file of the right language; nothing was changed",
        )
    return path


def _refuse_a_segment_twice(raw: bytes, root: ET.Element, xliff_path: Path) -> None:
    """One segment sent back twice in a <file> (a CAT tool's merge, a hand edit) would let
    the later silently win: refused, naming both lines, before anything is changed."""
    for number, file in enumerate(root.iter(_q("file"))):
        seen: set[str] = set()
        for unit in file.iter(_q("trans-unit")):
            key = unit.get("id", "")
            if key in seen:
                lines = _unit_lines(raw, key, number)
                raise EditionsError(
                    f"the segment {key} is in this file twice"
                    + (f" (lines {', '.join(map(str, lines))})" if lines else ""),
                    xliff_path, lines[-1] if lines else None,
                    hint="keep the translation you mean and delete the other unit; nothing "
                    "was changed")
            seen.add(key)


def _unit_marker(key: str) -> re.Pattern[bytes]:
    """A trans-unit's id attribute, in either quotes."""
    return re.compile(rb"""\bid\s*=\s*(["'])""" + re.escape(key.encode()) + rb"\1")


def _unit_lines(raw: bytes, key: str, file_number: int) -> list[int]:
    """The lines of the trans-units with this id in the file's ``file_number``-th <file>
    (one sentence in two statements has one id in each)."""
    return [raw.count(b"\n", 0, match.start()) + 1
            for match in _unit_marker(key).finditer(raw)
            if raw.count(b"<file", 0, match.start()) - 1 == file_number]


def _unit_line(raw: bytes, unit: ET.Element) -> int | None:
    """The line of a trans-unit in the file (its id's first place)."""
    match = _unit_marker(unit.get("id", "")).search(raw)
    return raw.count(b"\n", 0, match.start()) + 1 if match else None


def _apply_unit(units: dict[str, Message], unit: ET.Element, raw: bytes,
                xliff_path: Path, check: _EntryCheck | None) -> Applied:
    """Check one trans-unit against its segment and take its translation, state and notes
    by the one rule of every writer (``apply_translation``); ``check`` is the
    per-segment check, which takes a text sent as reviewed with an error as needing work."""
    message = units.get(unit.get("id", ""))
    try:
        source = _text(unit.find(_q("source")))
        text = _text(unit.find(_q("target")))
    except _Unmappable as exc:
        raise EditionsError(
            f"segment {unit.get('id')!r} holds the inline tag {exc}, which stands for "
            "formatting this export never had", xliff_path, _unit_line(raw, unit),
            "write the markup as the source writes it (*emphasis*, **strong**, `link "
            "<https://…>`_) or remove the tag in your CAT tool, then import again; nothing "
            "was changed",
        ) from None
    if message is None or message.id != source:
        if is_blank(text) or (message is not None and message.string == text):
            return Applied(False)  # nothing of the volunteer's to keep
        raise _Gone(Unmatched(_unit_line(raw, unit), source, text))
    target = unit.find(_q("target"))
    # The unit's own notes (not those of an <alt-trans> match); a tool that sends none back
    # leaves the translator comments as they are.
    notes = [note.text or "" for note in unit.findall(_q("note"))
             if note.get("from") != "developer"]
    try:
        return apply_translation(
            message, text, fuzzy=target is not None and target.get("state") in _FUZZY_STATES,
            comments=notes or None,
            check=None if check is None else functools.partial(check, message))
    except Refused as refused:
        if refused.empty:
            return Applied(False)  # an empty target never erases a translation
        raise EditionsError(f"segment {unit.get('id')!r}: {refused.problem}", xliff_path,
                            _unit_line(raw, unit), f"{refused.what_to_do} in your CAT tool, "
                            "then import again; nothing was changed") from None
