"""Translation memory: every reviewed translation of a language, reused for the next statement.

Each translated, non-fuzzy entry of each catalog of a language is a memory entry. `editions
update` pre-fills a new or changed segment with an exact match, marked fuzzy so that a
volunteer reviews it; `editions suggest` finds the closest entries (rapidfuzz), and
`editions tm search` where a phrase was translated and how.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import EditionsError
from ..project import Project
from .pofile import load_catalog

#: The translator comment a pre-filled entry carries, naming where the match came from.
PREFILL_COMMENT = "editions: from the translation memory ({statement})"


@dataclass(frozen=True)
class MemoryEntry:
    source: str
    translation: str
    statement: str
    line: int


def load_memory(project: Project, language: str) -> list[MemoryEntry]:
    """The reviewed translations of every catalog of ``language`` (unreadable ones skipped)."""
    entries = []
    for slug in project.statements():
        entries.extend(_catalog_entries(project.catalog_path(language, slug), language, slug))
    return entries


def _catalog_entries(path: Path, language: str, slug: str) -> list[MemoryEntry]:
    """The reviewed translations of one catalog: none if it is missing or unreadable
    (`editions check` reports it; the memory does without it)."""
    try:
        catalog = load_catalog(path, language)
    except (EditionsError, FileNotFoundError):
        return []
    return [MemoryEntry(message.id, str(message.string), slug, message.lineno or 0)
            for message in catalog
            if message.id and isinstance(message.id, str) and message.string
            and not message.fuzzy]


#: Per project and language: each catalog's (size, time) and its memory entries.
_LOADED: dict[tuple[Path, str], dict[str, tuple[tuple[int, int], list[MemoryEntry]]]] = {}


def current_memory(project: Project, language: str) -> list[MemoryEntry]:
    """``load_memory``, where only the catalogs that changed since the last call are read
    again (a server asks for it on every page; a look at each file's size and time is
    enough)."""
    known = _LOADED.setdefault((project.root, language), {})
    fresh: dict[str, tuple[tuple[int, int], list[MemoryEntry]]] = {}
    for slug in project.statements():
        path = project.catalog_path(language, slug)
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        signature = (stat.st_size, stat.st_mtime_ns)
        cached = known.get(slug)
        fresh[slug] = cached if cached and cached[0] == signature else (
            signature, _catalog_entries(path, language, slug))
    _LOADED[(project.root, language)] = fresh
    return [entry for _signature, entries in fresh.values() for entry in entries]


def exact_matches(entries: list[MemoryEntry]) -> dict[str, MemoryEntry]:
    return {entry.source: entry for entry in entries}


def suggest(entries: list[MemoryEntry], text: str, *, limit: int = 3,
            cutoff: float = 60.0) -> list[tuple[MemoryEntry, float]]:
    """The memory entries whose source is closest to ``text``, with a 0–100 similarity."""
    if not entries:
        return []
    matches = process.extract(text, [entry.source for entry in entries], scorer=fuzz.ratio,
                              limit=limit, score_cutoff=cutoff)
    return [(entries[index], round(score, 1)) for _source, score, index in matches]


def search(entries: list[MemoryEntry], phrase: str) -> list[MemoryEntry]:
    """Concordance: the entries whose source or translation contains ``phrase``."""
    wanted = phrase.casefold()
    return [entry for entry in entries
            if wanted in entry.source.casefold() or wanted in entry.translation.casefold()]
