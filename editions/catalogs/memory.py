"""Translation memory: every reviewed translation of a language, reused for the next statement.

Each translated, non-fuzzy entry of each catalog of a language is a memory entry. `editions
update` pre-fills a new or changed segment with an exact match, marked fuzzy so that a
volunteer reviews it; `editions suggest` finds the closest entries (rapidfuzz), and
`editions tm search` where a phrase was translated and how.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        path = project.catalog_path(language, slug)
        if not path.exists():
            continue
        try:
            catalog = load_catalog(path, language)
        except EditionsError:
            continue  # `editions check` reports it; the memory does without it
        for message in catalog:
            if (message.id and isinstance(message.id, str) and message.string
                    and not message.fuzzy):
                entries.append(MemoryEntry(message.id, str(message.string), slug,
                                           message.lineno or 0))
    return entries


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
