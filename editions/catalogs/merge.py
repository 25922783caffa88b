"""Segments extracted from the statements and merged into each language's catalogs.

Extraction is Sphinx's gettext builder; merging is sphinx-intl's (babel's fuzzy ``update``):
a changed segment keeps its translation, fuzzy, with the text it was translated from; a
removed one stays as obsolete and comes back, translation and all, if the segment returns.
An update reads and writes every catalog under the project lock, and writes all of them
or, if any cannot be read, none.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog

from .. import languages, sphinxapps
from ..errors import EditionsError
from ..project import Project, declare_language
from ..storage import project_lock
from .entries import Refused, apply_translation
from .memory import PREFILL_COMMENT, exact_matches, load_memory
from .pofile import declared_formats, drop_guessed_formats, load_catalog, messages_of
from .store import save_catalogs


@dataclass(frozen=True)
class MergeResult:
    """What ``update`` did, or would do, to one catalog."""

    path: Path
    status: str  # "created", "updated", "unchanged" or "error"
    added: int = 0
    removed: int = 0
    error: EditionsError | None = None


def extract(project: Project) -> Path:
    """Run Sphinx's gettext builder over every statement; return the folder of the ``.pot``
    templates."""
    _extract(project, ())
    return project.build_dir / "gettext"


def extract_statements(project: Project, statements: Iterable[str]) -> set[str]:
    """Extract the templates of these statements alone, each read again whatever its file's
    time says (Sphinx writes every template otherwise: a second on a large archive when one
    statement changed); return those written. Where Sphinx leaves one of them out (a file
    it does not take as given), every statement is extracted, as ``extract`` does."""
    wanted = list(statements)
    written = _extract(project, wanted)
    if not set(wanted) <= written:
        written = _extract(project, ())
    return written


def _extract(project: Project, statements: list[str]) -> set[str]:
    """One run of the gettext builder, over ``statements`` or (none given) every one; the
    templates it wrote (or found the same)."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    sphinxapps.clean_slate()
    with patch_docutils(project.root), docutils_namespace():
        app = Sphinx(
            srcdir=project.srcdir,
            confdir=project.root,
            outdir=project.build_dir / "gettext",
            doctreedir=project.build_dir / "doctrees" / "gettext",
            buildername="gettext",
            status=None,
            warning=warnings,
            confoverrides={"language": project.source_language},
        )
        # (A source copied with an older time than Sphinx last read it at is read again.)
        app.connect("env-get-outdated", lambda *_args: statements)
        app.build(filenames=[project.statement_source(slug) for slug in statements])
    if app.statuscode:
        raise EditionsError(
            "extracting segments failed: " + warnings.getvalue().strip(), project.srcdir
        )
    return set(app.builder.catalogs)  # type: ignore[attr-defined]


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
    """Fill untranslated segments with the memory's exact matches, fuzzy: to be reviewed.
    A match is taken by the one rule of every writer (``apply_translation``): one that
    shows nothing, or that a volunteer could not have saved here, is left out."""
    filled = 0
    for message in catalog:
        entry = memory.get(message.id) if message.id and not message.string else None
        if entry is None:
            continue
        try:
            taken = apply_translation(message, entry.translation, fuzzy=True).changed
        except Refused:
            continue
        if taken:
            message.user_comments.append(PREFILL_COMMENT.format(statement=entry.statement))
            filled += 1
    return filled


Previous = tuple[list[str], "str | None"]  # (previous_id, previous_context)


def _translated_from(catalog: Catalog) -> dict[str, Previous]:
    """For each fuzzy entry, live or obsolete, that has one, the text its translation was
    made from."""
    return {message.id: (list(message.previous_id), getattr(message, "previous_context", None))
            for message in messages_of(catalog) if message.fuzzy and message.previous_id}


def _keep_translated_from(catalog: Catalog, translated_from: dict[str, Previous]) -> None:
    """A fuzzy entry keeps the text its translation was made from, as msgmerge does: babel
    forgets it when the segment did not change (or came back from obsolete), and names the
    intermediate text (which nobody translated) when it changed again."""
    for message in catalog:
        if not message.id or not message.fuzzy:
            continue
        key = (message.previous_id[0] if message.previous_id and len(message.previous_id) == 1
               else None if message.previous_id else message.id)
        if key in translated_from:
            message.previous_id, context = translated_from[key]
            if context is not None:
                message.previous_context = context


def plan_merge(path: Path, template: Catalog, language: str,
               memory: Mapping[str, Any] | None = None) -> tuple[MergeResult, Catalog | None]:
    """Merge one template into one PO file, in memory: changed segments fuzzy, removed ones
    obsolete, new ones pre-filled (fuzzy) from the translation ``memory`` where it has them.
    Returns what would change and the catalog to write (None if nothing changes)."""
    # babel puts the template's own message objects into the catalogs it updates: each
    # language gets its own copy, so that what one language fills in stays its own.
    template = copy.deepcopy(template)
    if not path.exists():
        catalog = new_catalog(template, language, path.stem)
        _prefill(catalog, memory or {})
        return MergeResult(path, "created", added=sum(1 for m in template if m.id)), catalog
    try:
        catalog = load_catalog(path, language)
    except EditionsError as exc:
        return MergeResult(path, "error", error=exc), None
    # In order, with their references: a moved paragraph changes the catalog's order and
    # its "#:" lines, though no segment came or went.
    layout_before = [(m.id, tuple(m.locations)) for m in catalog if m.id]
    before = {segment for segment, _locations in layout_before}
    obsolete_before = set(catalog.obsolete)
    translated_from = _translated_from(catalog)
    formats = declared_formats(catalog)
    _revive_obsolete(catalog, template)
    from sphinx_intl.catalog import update_with_fuzzy  # (only merging needs sphinx-intl)

    update_with_fuzzy(catalog, template)
    _keep_translated_from(catalog, translated_from)
    drop_guessed_formats(catalog, formats)  # (babel guesses them again as it merges)
    prefilled = _prefill(catalog, memory or {})
    layout_after = [(m.id, tuple(m.locations)) for m in catalog if m.id]
    after = {segment for segment, _locations in layout_after}
    if layout_before == layout_after and obsolete_before == set(catalog.obsolete) \
            and not prefilled:
        return MergeResult(path, "unchanged"), None
    return MergeResult(path, "updated", added=len(after - before),
                       removed=len(before - after)), catalog


def update(project: Project, language_codes: Iterable[str] | None = None,
           statements: Iterable[str] | None = None) -> list[MergeResult]:
    """Extract the segments of every statement (or of ``statements`` alone: one corrected
    or imported) and merge them into each language's catalogs.

    If a catalog cannot be read, none is written: the first such error is raised, naming
    its file and line.
    """
    requested = project.require_languages(tuple(language_codes or ()))
    targets = [code for code in requested if code != project.source_language]
    slugs = list(statements) if statements is not None else None
    with project_lock(project):
        if slugs is None:
            pot_dir = extract(project)
        else:
            extract_statements(project, slugs)
            pot_dir = project.build_dir / "gettext"
        memories = {code: exact_matches(load_memory(project, code)) for code in targets}
        results: list[MergeResult] = []
        changed: dict[Path, Catalog] = {}
        for slug in project.statements() if slugs is None else slugs:
            pot_path = pot_dir / f"{slug}.pot"
            if not pot_path.exists():
                continue  # a statement with no text yet has nothing to translate
            template = load_catalog(pot_path)
            for code in targets:
                result, catalog = plan_merge(project.catalog_path(code, slug), template, code,
                                             memories[code])
                results.append(result)
                if catalog is not None:
                    changed[result.path] = catalog
        errors = [result.error for result in results if result.error]
        if errors:
            others = (f"; {len(errors) - 1} other catalogs cannot be read either ('editions "
                      "check' lists them)" if len(errors) > 1 else "")
            first = errors[0]
            hint = "; ".join(part for part in (first.hint, others.removeprefix("; "),
                                               "no catalog was written") if part)
            raise EditionsError(first.message, first.path, first.line, hint)
        save_catalogs(project, changed)
    return results


def add_language(project: Project, code: str) -> tuple[Project, list[MergeResult]]:
    """Declare a new language: its catalogs first, then its code in conf.py. If either cannot
    be written, neither is: conf.py never declares a language that has no catalogs."""
    code = languages.new_language(code)
    if code in project.editions:
        raise EditionsError(f"{code!r} is already declared", project.conf_py)
    with project_lock(project):
        results = update(dataclasses.replace(project, languages=(*project.languages, code)),
                         [code])
        try:
            project = declare_language(project, code)
        except EditionsError:
            for result in results:
                if result.status == "created":
                    result.path.unlink(missing_ok=True)
            for folder in (project.catalog_dir(code), project.locale_dir / code):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if empty
            raise
    return project, results
