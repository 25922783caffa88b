"""Interface strings of the editions (index title, switcher label ...), translated with gettext.

The translations live as PO files in this package, so volunteers edit them like any catalog;
Sphinx reads compiled ``.mo`` files, which are made here, once, into the build's own folder.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ..storage import atomic_write

SOURCE_DIR = Path(__file__).parent / "locale"
CATALOG = "editions"


def compile_interface_catalog(language: str | None, cache_dir: Path) -> Path:
    """Compile this language's interface catalog under ``cache_dir``; return the locale folder."""
    locale_dir = cache_dir / "editions-interface"
    if not language:
        return locale_dir
    po_path = SOURCE_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po"
    compile_if_newer(po_path, locale_dir / language / "LC_MESSAGES" / f"{CATALOG}.mo",
                     language)
    return locale_dir


def compile_if_newer(po_path: Path, mo_path: Path, language: str) -> None:
    """Write ``mo_path`` from an interface PO file (the editions' or the workspace's) where
    it is missing or older; fuzzy entries are left out, as msgfmt does."""
    if po_path.exists() and (
        not mo_path.exists() or mo_path.stat().st_mtime_ns < po_path.stat().st_mtime_ns
    ):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language, abort_invalid=True)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        atomic_write(mo_path, buffer.getvalue())
