"""The kept version of each published statement: what its edition shows while the current
translation does not pass.

A statement published in a language (conf.py's ``editions_published``) keeps, in the
repository, the source text and the PO file it last passed with, in
``locale/<lang>/published/<slug>.rst`` and ``.po`` (outside ``LC_MESSAGES``: no check,
progress figure, sphinx-intl run or workspace sees them as catalogs). A clean checkout, as
CI builds from, has them. ``editions publish`` takes them; the build takes them again each
time the current version passes and differs; ``--withdraw`` removes them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalogs import parse_catalog, template_ids
from ..catalogs.store import save_kept_versions
from ..checks.project import ensure_templates
from ..errors import EditionsError
from ..project import Project
from ..storage import project_lock, write_if_changed

if TYPE_CHECKING:
    from .figures import Progress

#: The folder of a language's kept versions, beside its ``LC_MESSAGES``.
FOLDER = "published"


def kept_paths(project: Project, language: str, slug: str) -> tuple[Path, Path]:
    """Where a statement's kept version is: its source text and its PO file."""
    folder = project.locale_dir / language / FOLDER
    return folder / f"{slug}.rst", folder / f"{slug}.po"


def is_kept(project: Project, language: str, slug: str) -> bool:
    return all(path.is_file() for path in kept_paths(project, language, slug))


def kept_digest(project: Project, language: str, slug: str) -> str:
    """A digest of the kept version (its two files), to know when it changed."""
    digest = hashlib.sha256()
    for path in kept_paths(project, language, slug):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _current(project: Project, language: str, slug: str) -> tuple[bytes, bytes]:
    return (project.statement_source(slug).read_bytes(),
            project.catalog_path(language, slug).read_bytes())


def _kept(project: Project, language: str, slug: str) -> tuple[bytes, bytes] | None:
    try:
        source, catalog = kept_paths(project, language, slug)
        return source.read_bytes(), catalog.read_bytes()
    except OSError:
        return None


def keep(project: Project, language: str, slugs: list[str]) -> None:
    """Keep the current source and catalog of these statements as their published version
    (``editions publish``, which has found each complete)."""
    with project_lock(project):
        files: dict[Path, bytes | None] = {}
        for slug in slugs:
            for path, data in zip(kept_paths(project, language, slug),
                                  _current(project, language, slug), strict=True):
                files[path] = data
        save_kept_versions(project, files)


def forget(project: Project, language: str, slugs: list[str]) -> None:
    """Remove the kept versions of statements withdrawn from an edition."""
    save_kept_versions(project, {path: None for slug in slugs
                                 for path in kept_paths(project, language, slug)})


def refresh(project: Project, progress: Progress) -> list[tuple[str, str]]:
    """Keep anew each published statement whose current version passes and is not the one
    kept; return the (language, statement) pairs kept. To be called under the project lock,
    with the figures of the catalogs as they are.

    A source that changed since the kept version is kept only with a catalog in step with it
    (the same segments as its template): a statement edited but not yet ``update``-d passes
    by its figures, yet would show a changed paragraph in the original language.
    """
    candidates = []
    checked = _Checked(project)
    for (code, slug), cell in sorted(progress.cells.items()):
        if not (project.is_published(code, slug) and cell.published and not cell.held):
            continue
        if checked.unchanged(code, slug):
            continue
        current, kept = _current(project, code, slug), _kept(project, code, slug)
        if current != kept:
            candidates.append((code, slug, current, kept is not None and kept[0] == current[0]))
        else:
            checked.same(code, slug)
    checked.save()
    if not candidates:
        return []
    pot_dir = (ensure_templates(project)
               if not all(same_source for *_rest, same_source in candidates) else None)
    files: dict[Path, bytes | None] = {}
    taken = []
    for code, slug, current, same_source in candidates:
        if same_source or (pot_dir and _in_step(pot_dir / f"{slug}.pot", current[1], code)):
            files.update(zip(kept_paths(project, code, slug), current, strict=True))
            taken.append((code, slug))
    save_kept_versions(project, files)
    return taken


class _Checked:
    """The published statements found the same as their kept version, with their four files'
    times and sizes then (``_build/cache/kept-checked.json``): while those stay, the files
    are not read again (a build with nothing to do read every published source and catalog
    and its kept copy, under the project lock)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.path = project.build_dir / "cache" / "kept-checked.json"
        try:
            self.record: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.record = {}
        self.found: dict[str, str] = {}

    def _stats(self, code: str, slug: str) -> str | None:
        paths = [self.project.statement_source(slug), self.project.catalog_path(code, slug),
                 *kept_paths(self.project, code, slug)]
        try:
            return ";".join(f"{(s := p.stat()).st_mtime_ns}:{s.st_size}" for p in paths)
        except OSError:
            return None

    def unchanged(self, code: str, slug: str) -> bool:
        stats = self._stats(code, slug)
        if stats is not None and self.record.get(f"{code}/{slug}") == stats:
            self.found[f"{code}/{slug}"] = stats
            return True
        return False

    def same(self, code: str, slug: str) -> None:
        if (stats := self._stats(code, slug)) is not None:
            self.found[f"{code}/{slug}"] = stats

    def save(self) -> None:
        write_if_changed(self.path, json.dumps(self.found, indent=1, sort_keys=True).encode())


def _in_step(pot_path: Path, catalog: bytes, language: str) -> bool:
    """Whether a catalog holds the very segments of its statement's template."""
    try:
        parsed = parse_catalog(catalog, pot_path.with_suffix(".po"), language, locations=False)
    except EditionsError:
        return False
    ids = {message.id if isinstance(message.id, str) else message.id[0]
           for message in parsed if message.id}
    return ids == set(template_ids(pot_path)) - {""}
