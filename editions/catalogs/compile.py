"""Catalogs compiled into the ``.mo`` files Sphinx reads, never from a broken PO file."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from ..errors import EditionsError
from ..project import Project
from ..storage import atomic_write, project_lock
from .pofile import load_catalog


def compile_catalogs(project: Project, language: str) -> list[EditionsError]:
    """Compile the PO files of ``language`` that changed into the ``.mo`` files Sphinx reads.

    A broken PO file is reported and its ``.mo`` left as it was, so Sphinx never compiles it
    leniently behind our back; the caller then refuses to build that edition. The project
    lock is held while a catalog is read and compiled, so that no writer replaces it in
    between (its ``.mo``, newer than the new PO file, would then pass for up to date).
    """
    errors = []
    folder = project.catalog_dir(language)
    stale = [po_path for po_path in sorted(folder.glob("*.po")) if needs_compiling(po_path)]
    if not stale:
        return errors
    with project_lock(project):
        for po_path in stale:
            if not needs_compiling(po_path):
                continue
            try:
                write_compiled(load_catalog(po_path, language), po_path)
            except EditionsError as exc:
                errors.append(exc)
    return errors


def needs_compiling(po_path: Path, mo_path: Path | None = None) -> bool:
    """Whether a PO file's ``.mo`` (beside it, unless ``mo_path`` says where) is missing,
    older than it, or empty (as a crash can leave it: it is written without waiting for the
    disk, being made again from the PO file)."""
    try:
        mo = (mo_path or po_path.with_suffix(".mo")).stat()
    except FileNotFoundError:
        return True
    return mo.st_size == 0 or mo.st_mtime_ns < po_path.stat().st_mtime_ns


def write_compiled(catalog: Catalog, po_path: Path, shown: str | None = None) -> None:
    """Write the ``.mo`` of a PO file from its parsed catalog, fuzzy entries left out."""
    buffer = io.BytesIO()
    try:
        write_mo(buffer, catalog, use_fuzzy=False)
    except (UnicodeError, ValueError) as exc:  # the strict reader should have refused it
        raise EditionsError(f"cannot compile the catalog: {exc}", shown or po_path,
                            hint="run 'editions check' on it") from exc
    atomic_write(po_path.with_suffix(".mo"), buffer.getvalue(), durable=False)
