"""Held pages: a published statement whose current translation does not pass is built from
its kept version (``progress.snapshots``), under a notice, at the same address.

Sphinx reads the kept source text in place of the current one (``source-read``, in the
extension) and the kept catalog, compiled into a locale folder of the build's own that comes
first in ``locale_dirs``: only the held statements have a catalog there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalogs import load_catalog, needs_compiling, write_compiled
from ..progress import policy
from ..progress.publishing import left_to_do
from ..progress.snapshots import kept_digest, kept_paths
from ..project import Project

if TYPE_CHECKING:
    from ..progress.figures import Progress


def held_root(project: Project) -> Path:
    """The locale folder of the held statements' compiled kept catalogs."""
    return project.build_dir / "held"


def held_overrides(project: Project, language: str, plan: dict) -> dict:
    """What an edition's Sphinx configuration says of its held statements: which, where their
    kept source is, and their original's address (an e-book links to it only if the site has
    one); and the kept catalogs' folder first in ``locale_dirs``. (A change of either makes
    Sphinx read the whole edition again: a page entering or leaving the held state is read
    anew.)"""
    slugs = policy.held(plan, language)
    if not slugs:
        return {"editions_held": {}}
    original = project.edition_url(project.source_language)
    return {
        "editions_held": {
            slug: {"source": str(kept_paths(project, language, slug)[0]),
                   "digest": kept_digest(project, language, slug),
                   "original": f"{original}{slug}.html" if original else ""}
            for slug in slugs},
        "locale_dirs": [str(held_root(project)),
                        os.path.relpath(project.locale_dir, project.srcdir)],
    }


def write_held_catalogs(project: Project, language: str, plan: dict) -> None:
    """Compile the kept catalog of each held statement of the edition, and take away those of
    statements no longer held (Sphinx would read them first). A segment the kept catalog
    leaves untranslated is compiled as itself: the current catalog, read after it, must not
    lend a translation to the kept text."""
    folder = held_root(project) / language / "LC_MESSAGES"
    slugs = set(policy.held(plan, language))
    for stale in folder.glob("*.mo") if folder.is_dir() else ():
        if stale.stem not in slugs:
            stale.unlink()
    for slug in sorted(slugs):
        kept = kept_paths(project, language, slug)[1]
        compiled = folder / f"{slug}.po"  # (its .mo, beside no PO file: the kept one is elsewhere)
        if not needs_compiling(kept, compiled.with_suffix(".mo")):
            continue  # (a build of the held edition compiled it every time)
        catalog = load_catalog(kept, language)
        for message in catalog:
            if message.id and isinstance(message.id, str) and (
                    message.fuzzy or not message.string):
                message.string = message.id
                message.flags.discard("fuzzy")
        write_compiled(catalog, compiled, shown=str(kept))



def held_lines(project: Project, progress: Progress) -> list[str]:
    """One line per page the build keeps as its last published version, saying why; and one
    per published page that goes for want of a kept version."""
    lines = []
    for (code, slug), cell in sorted(progress.cells.items()):
        if not project.is_published(code, slug) or (cell.published and not cell.held):
            continue
        why = left_to_do(cell) or "its translation does not pass"
        if cell.held:
            lines.append(f"{code}/{slug}.html: its last published version is kept, with a "
                         f"notice, until the current translation passes ({why})")
        else:
            lines.append(f"{code}/{slug}.html: taken out of the edition, as no published "
                         f"version of it is kept ({why}); 'editions publish -l {code} {slug}' "
                         "once it passes keeps one")
    return lines
