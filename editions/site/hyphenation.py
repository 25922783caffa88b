"""Hyphenation patterns for the PDFs, parsed once per build folder rather than once per
worker process.

WeasyPrint hyphenates a page's paragraphs (``hyphens: auto``) with pyphen, which parses a
language's patterns the first time a process needs them and keeps them in ``pyphen.hdcache``.
German's (a 1 MB file) take 0.5–0.7 s of CPU to parse, more than three PDFs; a build's
workers are new processes, so every build that printed a German page parsed them again.
Here each parsed dictionary is kept in ``_build/cache/hyphenation``, named by its file's
name, size and time and by pyphen's version, and a worker reads it back (in 0.03 s) the
first time it needs it.
The cache is the build's own, as its templates' compiled bytecode is: whoever may write
``_build`` may already change what a build runs.
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path
from typing import Any

import pyphen

from ..storage import keep_cache


class _KeptPatterns(dict):
    """``pyphen.hdcache`` (dictionary file → parsed patterns), filled from ``folder``."""

    def __init__(self, folder: Path, parsed: dict) -> None:
        super().__init__(parsed)
        self.folder = folder

    def __contains__(self, path: object) -> bool:
        """Whether pyphen has these patterns; where it has not, they are read from the
        folder if a process kept them (pyphen asks this before it parses a file)."""
        if not super().__contains__(path) and isinstance(path, Path):
            kept = self._read(path)
            if kept is not None:
                super().__setitem__(path, kept)
        return super().__contains__(path)

    def __setitem__(self, path: Any, patterns: Any) -> None:
        """A dictionary pyphen has just parsed: kept for the next process (a cache that
        cannot be written is only slower)."""
        super().__setitem__(path, patterns)
        if isinstance(path, Path):
            with contextlib.suppress(OSError, pickle.PicklingError, AttributeError,
                                     TypeError):
                kept = self._kept_path(path)
                keep_cache(kept, pickle.dumps(patterns, protocol=5))
                for older in self.folder.glob(f"{path.name}-*.pickle"):
                    if older != kept:  # (another file's version, or another pyphen's)
                        older.unlink(missing_ok=True)

    def _kept_path(self, path: Path) -> Path:
        """Named by the file's name, size and time and by pyphen's version: a file whose
        time says nothing (a copied or reproducible install) still changes with pyphen."""
        stat = path.stat()
        return self.folder / (f"{path.name}-{stat.st_size}-{stat.st_mtime_ns}-"
                              f"{pyphen.__version__}.pickle")

    def _read(self, path: Path) -> Any:
        try:
            data = self._kept_path(path).read_bytes()
        except OSError:
            return None
        try:
            kept = pickle.loads(data)
            kept.positions("hyphenation")  # (what WeasyPrint asks of it, asked once here)
        except Exception:  # (a damaged or foreign file: parsed again, and kept anew)
            return None
        return kept if isinstance(kept, pyphen.HyphDict) else None


def keep_in(folder: Path) -> None:
    """Have this process's pyphen read and keep its parsed patterns in ``folder``."""
    current = pyphen.hdcache
    if isinstance(current, _KeptPatterns) and current.folder == folder:
        return
    pyphen.hdcache = _KeptPatterns(folder, dict(current))
