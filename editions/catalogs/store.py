"""The one way a catalog is written: under the project lock, read back, all or nothing.

Every writer of PO files (``update``, an XLIFF import, a new language, the workspace) hands
its catalogs here. Each is serialised, then parsed back with the strict reader: a catalog
this project could not read again, or that msgfmt would refuse, is never written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from babel.messages.catalog import Catalog

from ..errors import EditionsError
from ..project import Project
from ..storage import project_lock, write_all
from .pofile import parse_catalog, serialize


def save_catalogs(project: Project, catalogs: Mapping[Path, Catalog]) -> None:
    """Write these catalogs, every one or (on any error) none."""
    files = {}
    for path, catalog in catalogs.items():
        data = serialize(catalog)
        try:
            parse_catalog(data, path)
        except EditionsError as exc:  # a defect of this program, never of the volunteer's file
            raise EditionsError(
                f"the catalog would not be valid once written ({exc.message}, line "
                f"{exc.line})", path, hint="nothing was written; please report this bug",
            ) from exc
        files[path] = data
    with project_lock(project):
        write_all(files)


def save_kept_versions(project: Project, files: Mapping[Path, bytes | None]) -> None:
    """Write the kept versions of published statements (a source and its PO file, verbatim),
    every one or none, under the project lock; ``None`` deletes a file. A PO file is read back
    strictly first: a kept version must build as the catalog it copies did."""
    for path, data in files.items():
        if data is not None and path.suffix == ".po":
            try:
                parse_catalog(data, path)
            except EditionsError as exc:
                raise EditionsError(
                    f"the catalog cannot be kept as the published version ({exc.message}, "
                    f"line {exc.line})", path, hint="nothing was written; run 'editions "
                    "check' on the statement's catalog") from exc
    with project_lock(project):
        write_all(files)
