"""What the site's outputs are made from, as digests: an output whose inputs' digest did not
change since it was written is not made again (a build with nothing to do does nothing)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..storage import atomic_write

PACKAGE_DIR = Path(__file__).parent.parent
#: The package's files an output can depend on: code, templates, styles, interface catalogs.
PACKAGE_SUFFIXES = {".py", ".html", ".css", ".toml", ".po", ".js"}


@functools.cache
def package_digest() -> str:
    """This package's version and files (name, time, size), read once per process: a
    change to a template, a style or the code makes every output again."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*")
                   if p.suffix in PACKAGE_SUFFIXES and p.is_file())
    return f"{__version__}\0{files_digest(files)}"


def files_digest(paths: list[Path]) -> str:
    """The files' names, times and sizes (what make and Sphinx look at), as one digest."""
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def data_digest(*data: Any) -> str:
    """Data (dicts, lists, dataclasses, paths …) and this package, as one digest."""
    text = json.dumps(data, sort_keys=True, default=_plain, ensure_ascii=False)
    return hashlib.sha256(f"{package_digest()}\0{text}".encode()).hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # (Its fields, one level: json comes back here for those that are dataclasses too.
        # ``asdict``'s deep copy took a third of a build with nothing to do.)
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


class Stamps:
    """The inputs' digest each output of a kind was last made from, kept in one file of the
    build's cache (a missing or unreadable file: every output is made)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.digests: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.digests = {}

    def current(self, key: str, digest: str) -> bool:
        return self.digests.get(key) == digest

    def record(self, key: str, digest: str) -> None:
        self.digests[key] = digest
        atomic_write(self.path, json.dumps(self.digests, indent=1, sort_keys=True).encode())
