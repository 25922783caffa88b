"""Loading WeasyPrint, and with it Pango and its kin, without asking the compiler where they are.

WeasyPrint opens each system library by trying names for every platform in turn
(``libgobject-2.0-0``, ``gobject-2.0-0``, then ``gobject-2.0`` …); cffi hands each name it
cannot open to ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then gcc,
then ld, before it gives up on a name that no Linux library has. Twenty-two such searches
were 0.44 s of WeasyPrint's 0.96 s import, on the path of every build that prints (the
workers' server loads it before the first worker starts).

Here, while WeasyPrint loads, a name the linker's cache does not hold is given up at once
(WeasyPrint goes on to the next, and its last names are the libraries' own file names, which
the loader opens directly); a name it holds is searched by ``find_library`` as before. Where
there is no ``ldconfig`` (not glibc), nothing changes.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import subprocess
import sys
from collections.abc import Callable, Iterator
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """WeasyPrint, imported (``ImportError`` or ``OSError`` where it cannot start)."""
    if "weasyprint" not in sys.modules:
        with _known_libraries_only():
            import weasyprint  # noqa: F401  (its C libraries are opened as it is imported)
    return sys.modules["weasyprint"]


@contextlib.contextmanager
def _known_libraries_only() -> Iterator[None]:
    cache = _linker_cache() if sys.platform.startswith("linux") else None
    original = ctypes.util.find_library
    if cache is not None:
        ctypes.util.find_library = _searching_known_names(original, cache)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _searching_known_names(find: Callable[[str], str | None],
                           cache: bytes) -> Callable[[str], str | None]:
    def find_library(name: str) -> str | None:
        # (What ``find_library``'s own reading of the cache looks for: ``lib<name>.``.)
        if f"lib{name}.".encode() not in cache:
            return None
        return find(name)

    return find_library


def _linker_cache() -> bytes | None:
    """What ``ldconfig -p`` lists (None where it cannot tell)."""
    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, timeout=10,
                                 check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return listing or None
