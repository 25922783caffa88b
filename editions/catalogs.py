"""The catalog layer: extract segments, merge them into PO files, load them strictly, compile them.

Extraction is Sphinx's gettext builder; merging is sphinx-intl's (babel's fuzzy ``update``);
every write is atomic, so a crash or a bad file never leaves a truncated catalog behind.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po

from . import languages
from .errors import EditionsError
from .project import Project, atomic_write

#: Width of PO lines, as sphinx-intl writes them.
LINE_WIDTH = 76

FIX_HINT = "fix that line in a text editor or Poedit, then run the command again"


@dataclass(frozen=True)
class MergeResult:
    """What ``update`` did to one catalog."""

    path: Path
    status: str  # "created", "updated", "unchanged" or "error"
    added: int = 0
    removed: int = 0
    error: EditionsError | None = None


# The start of a string line (``"…``, ``msg…``, maybe after ``#~``) that might not be closed:
# its last character is not a quotation mark, or is an escaped one, or is its only one. Every
# line ``_check_strings`` rejects matches, so a text where nothing matches needs no look line
# by line, provided "\n" is its only line break. One pass of the regex engine, no backtracking.
_MAYBE_UNCLOSED = re.compile(
    r'\n[^\S\n]*+(?:#~[^\S\n]*+)?(?="|msg)(?:[^\n]*+(?<![^\\]")|[^"\n]*+")$', re.MULTILINE
)
#: The line breaks of ``str.splitlines`` other than "\n".
_OTHER_LINE_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _check_strings(path: Path | str, text: str) -> None:
    """Reject unterminated strings, which babel and polib both read without a word."""
    if not any(mark in text for mark in _OTHER_LINE_BREAKS) and not _MAYBE_UNCLOSED.search(
        "\n" + text
    ):
        return  # the usual case, found in a fraction of the time of the loop below
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#~"):
            stripped = stripped[2:].lstrip()
        if not stripped.startswith(('"', "msg")):
            continue
        body = stripped[stripped.find('"'):] if '"' in stripped else ""
        # Closed: at least two characters, a final quote not escaped by an odd run of "\".
        escapes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
        if body and (len(body) < 2 or not body.endswith('"') or escapes % 2):
            raise EditionsError("string not closed by a quotation mark", path, lineno, FIX_HINT)


def load_catalog(path: Path, language: str | None = None) -> Catalog:
    """Read a PO file strictly: any syntax error is an ``EditionsError`` naming its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EditionsError(f"cannot read the catalog: {exc.strerror}", path) from exc
    return parse_catalog(data, path, language)


def parse_catalog(data: bytes, path: Path | str, language: str | None = None) -> Catalog:
    """Parse PO bytes strictly (``path`` names them in errors): see ``load_catalog``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        raise EditionsError(
            "the file is not UTF-8", path, lineno, "save it as UTF-8 (Poedit does so)"
        ) from exc
    _check_strings(path, text)
    try:
        return read_po(io.BytesIO(data), locale=language, abort_invalid=True, charset="utf-8")
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        raise EditionsError(message.lower(), path, exc.lineno + 1, FIX_HINT) from exc
    except (ValueError, IndexError) as exc:
        raise EditionsError(f"unreadable catalog: {exc}", path, hint=FIX_HINT) from exc


@lru_cache(maxsize=65536)
def word_count(source: str) -> int:
    """The words of a source segment: counted once for all the languages' catalogs."""
    return len(source.split())


def summarise(catalog: Catalog, messages: Iterable[Message] | None = None) -> dict[str, int | str]:
    """Segments and source words of a catalog (translated, fuzzy, untranslated, obsolete) and
    its title: the first segment, as Sphinx extracts in document order, translated if done.

    ``messages`` are the catalog's, if the caller has listed them already: babel formats the
    header anew each time a catalog is iterated.
    """
    summary: dict[str, int | str] = dict.fromkeys(
        ("segments", "translated", "fuzzy", "untranslated", "words", "translated_words",
         "fuzzy_words", "untranslated_words"), 0)
    summary["obsolete"], summary["title"] = len(catalog.obsolete), ""
    for message in catalog if messages is None else messages:
        if not message.id or not isinstance(message.id, str):
            continue
        words = word_count(message.id)
        state = ("untranslated" if not message.string
                 else "fuzzy" if message.fuzzy else "translated")
        if not summary["title"]:
            summary["title"] = message.string if state == "translated" else message.id
        summary["segments"] += 1  # type: ignore[operator]
        summary["words"] += words  # type: ignore[operator]
        summary[state] += 1  # type: ignore[operator]
        summary[f"{state}_words"] += words  # type: ignore[operator]
    return summary


def serialize(catalog: Catalog) -> bytes:
    """A catalog as PO bytes: obsolete entries and previous msgids kept, as msgmerge keeps them."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=LINE_WIDTH, include_previous=True)
    return buffer.getvalue()


def save_catalog(path: Path, catalog: Catalog) -> None:
    atomic_write(path, serialize(catalog))


def extract(project: Project) -> Path:
    """Run Sphinx's gettext builder; return the folder of the ``.pot`` templates."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    pot_dir = project.build_dir / "gettext"
    warnings = io.StringIO()
    with patch_docutils(project.root), docutils_namespace():
        app = Sphinx(
            srcdir=project.srcdir,
            confdir=project.root,
            outdir=pot_dir,
            doctreedir=project.build_dir / "doctrees" / "gettext",
            buildername="gettext",
            status=None,
            warning=warnings,
            confoverrides={"language": project.source_language},
        )
        app.build()
    if app.statuscode:
        raise EditionsError(
            "extracting segments failed: " + warnings.getvalue().strip(), project.srcdir
        )
    return pot_dir


def new_catalog(template: Catalog, language: str, slug: str) -> Catalog:
    """A catalog for ``language`` from a template, with the headers gettext tools expect.

    Language and Plural-Forms come from babel's data for the locale; the team, never a
    person, is named as translator.
    """
    team = f"{languages.english_name(language)} translation team"
    catalog = Catalog(
        locale=languages.validate(language),
        project=template.project,
        version=template.version,
        msgid_bugs_address="the Parallel Editions issue tracker",
        creation_date=template.creation_date,
        revision_date=template.creation_date,
        last_translator=team,
        language_team=team,
        fuzzy=False,
    )
    catalog.header_comment = (
        f"# {languages.english_name(language)} translation of the statement '{slug}'.\n"
        f"# Maintained by the {team}; see README.md for how to translate.\n#"
    )
    for message in template:
        if message.id:
            catalog[message.id] = message
    return catalog


def _revive_obsolete(catalog: Catalog, template: Catalog) -> None:
    """Bring back, translation and all, an obsolete entry whose segment returned to the source."""
    for message in template:
        if message.id and message.id not in catalog and message.id in catalog.obsolete:
            catalog[message.id] = catalog.obsolete.pop(message.id)


def _prefill(catalog: Catalog, memory: Mapping[str, Any]) -> int:
    """Fill untranslated segments with the memory's exact matches, fuzzy: to be reviewed."""
    from .memory import PREFILL_COMMENT

    filled = 0
    for message in catalog:
        entry = memory.get(message.id) if message.id and not message.string else None
        if entry is not None:
            message.string = entry.translation
            message.flags.add("fuzzy")
            message.user_comments.append(PREFILL_COMMENT.format(statement=entry.statement))
            filled += 1
    return filled


def merge_catalog(path: Path, template: Catalog, language: str,
                  memory: Mapping[str, Any] | None = None) -> MergeResult:
    """Merge one template into one PO file: changed segments fuzzy, removed ones obsolete,
    new ones pre-filled (fuzzy) from the translation ``memory`` where it has them."""
    # babel puts the template's own message objects into the catalogs it updates: each
    # language gets its own copy, so that what one language fills in stays its own.
    template = copy.deepcopy(template)
    if not path.exists():
        catalog = new_catalog(template, language, path.stem)
        _prefill(catalog, memory or {})
        save_catalog(path, catalog)
        return MergeResult(path, "created", added=sum(1 for m in template if m.id))
    try:
        catalog = load_catalog(path, language)
    except EditionsError as exc:
        return MergeResult(path, "error", error=exc)
    before = {m.id for m in catalog if m.id}
    obsolete_before = set(catalog.obsolete)
    _revive_obsolete(catalog, template)
    from sphinx_intl.catalog import update_with_fuzzy  # (only merging needs sphinx-intl)

    update_with_fuzzy(catalog, template)
    prefilled = _prefill(catalog, memory or {})
    after = {m.id for m in catalog if m.id}
    if before == after and obsolete_before == set(catalog.obsolete) and not prefilled:
        return MergeResult(path, "unchanged")
    save_catalog(path, catalog)
    return MergeResult(path, "updated", added=len(after - before), removed=len(before - after))


def update(
    project: Project,
    language_codes: Iterable[str] | None = None,
    *,
    on_result: Callable[[MergeResult], None] | None = None,
) -> list[MergeResult]:
    """Extract the segments of every statement and merge them into each language's catalogs."""
    requested = project.require_languages(tuple(language_codes or ()))
    targets = [code for code in requested if code != project.source_language]
    from .memory import exact_matches, load_memory

    pot_dir = extract(project)
    memories = {code: exact_matches(load_memory(project, code)) for code in targets}
    results = []
    for slug in project.statements():
        pot_path = pot_dir / f"{slug}.pot"
        if not pot_path.exists():
            continue  # a statement with no text yet has nothing to translate
        template = load_catalog(pot_path)
        for code in targets:
            result = merge_catalog(project.catalog_path(code, slug), template, code,
                                   memories[code])
            results.append(result)
            if on_result:
                on_result(result)
    return results


def compile_catalogs(project: Project, language: str) -> list[EditionsError]:
    """Compile the PO files of ``language`` that changed into the ``.mo`` files Sphinx reads.

    A broken PO file is reported and its ``.mo`` left as it was, so Sphinx never
    compiles it leniently behind our back; the caller then refuses to build that edition.
    """
    errors = []
    folder = project.catalog_dir(language)
    for po_path in sorted(folder.glob("*.po")):
        if not needs_compiling(po_path):
            continue
        try:
            catalog = load_catalog(po_path, language)
        except EditionsError as exc:
            errors.append(exc)
            continue
        write_compiled(catalog, po_path)
    return errors


def needs_compiling(po_path: Path) -> bool:
    """Whether a PO file's ``.mo`` is missing, older than it, or empty (as a crash can leave
    it: it is written without waiting for the disk, being made again from the PO file)."""
    try:
        mo = po_path.with_suffix(".mo").stat()
    except FileNotFoundError:
        return True
    return mo.st_size == 0 or mo.st_mtime_ns < po_path.stat().st_mtime_ns


def write_compiled(catalog: Catalog, po_path: Path) -> None:
    """Write the ``.mo`` of a PO file from its parsed catalog, fuzzy entries left out."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    atomic_write(po_path.with_suffix(".mo"), buffer.getvalue(), durable=False)
