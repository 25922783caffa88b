"""Correcting a statement's source, one paragraph (or heading) at a time, and merging the
change into every language's catalogs at once, by the merge ``editions update`` runs.

A source is reStructuredText: only blocks that are plain prose are offered for correction
(a paragraph, a section heading), and a correction must stay one paragraph whose inline
markup docutils reads without a warning, so that no correction can turn prose into a list,
a directive or broken markup. The other segments keep their translations untouched; the
changed one keeps its translation, fuzzy, with the text it was translated from.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass

from docutils import nodes
from docutils.core import publish_doctree
from docutils.utils import column_width

from ..catalogs.merge import MergeResult, update
from ..checks.rst import is_unsafe_url
from ..errors import ChangedMeanwhile, EditionsError
from ..project import Project
from ..storage import atomic_write, project_lock

#: A heading's underline (or overline): one punctuation character, repeated.
_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1{2,}\s*")
#: Why a text cannot replace a paragraph (``paragraph_problem``), in the CLI's words.
PROBLEMS = {
    "empty": "a paragraph needs words",
    "structure": "the text would no longer be one paragraph of prose (a list, a heading, a "
                 "directive or a comment)",
    "markup": "its inline markup is not closed (*emphasis*, **strong**, `link <url>`_)",
    "special": "it holds characters that are markup in a source: write | as \\|, a _ that "
               "ends a word as \\_, a [1]_ as [1]\\_ and a final :: as \\::",
    "unsafe": "it links to an address a browser would run or read from the reader's disk "
              "(javascript:, data:, vbscript:, file:)",
}


@dataclass(frozen=True)
class SourceBlock:
    """A block of a source that may be corrected: its number among them (from 0), "heading"
    or "paragraph", its text as written, and the lines it spans (end excluded)."""

    number: int
    kind: str
    text: str
    start: int
    end: int


def normalise(text: str) -> str:
    """A paragraph as the source holds it after a correction: one line, single spaces."""
    return " ".join(text.split())


def paragraph_problem(text: str) -> str | None:
    """Why ``text`` cannot be a paragraph of a source (a key of ``PROBLEMS``), or None."""
    return _problem(normalise(text))


# What docutils says of characters that are markup where a writer meant words: "|x|" (a
# substitution), "word_" and "[1]_" (references), a final "::" (a literal block to come).
_SPECIAL = re.compile(r"Undefined substitution referenced|Unknown target name|"
                      r"footnote references|Literal block expected")


@functools.lru_cache(maxsize=4096)  # (a statement's blocks are asked about at each page)
def _problem(text: str) -> str | None:
    if not text:
        return "empty"
    warnings = io.StringIO()
    doctree = publish_doctree(text, settings_overrides={
        "report_level": 1, "halt_level": 5, "warning_stream": warnings,
        "file_insertion_enabled": False, "raw_enabled": False, "_disable_config": True})
    blocks = [child for child in doctree.children if not isinstance(child, nodes.system_message)]
    if len(blocks) != 1 or not isinstance(blocks[0], nodes.paragraph):
        return "structure"
    said = warnings.getvalue()
    if _SPECIAL.search(said):  # (a reference to nothing, a literal block to come)
        return "special"
    if any(True for _ in doctree.findall(nodes.system_message)) or said:
        return "markup"
    if any(is_unsafe_url(node.get("refuri", "")) for node in doctree.findall(nodes.reference)):
        return "unsafe"  # (the source is what translations are checked by: never such a link)
    return None


def title_of(text: str) -> str | None:
    """A source's title: its first block, where that is a heading (nothing parsed)."""
    lines = text.splitlines()
    for start, line in enumerate(lines):
        if line.strip():
            group = lines[start:start + 2]
            return line if (len(group) == 2 and _ADORNMENT.fullmatch(group[1])
                            and not line[:1].isspace()) else None
    return None


def source_blocks(text: str) -> list[SourceBlock]:
    """The blocks of a source that may be corrected, in order."""
    lines = text.splitlines()
    blocks: list[SourceBlock] = []
    start = 0
    while start < len(lines):
        if not lines[start].strip():
            start += 1
            continue
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        group = lines[start:end]
        kind = _kind(group)
        if kind:
            shown = group[0] if kind == "heading" else "\n".join(group)
            blocks.append(SourceBlock(len(blocks), kind, shown, start, end))
        start = end
    return blocks


def _kind(group: list[str]) -> str:
    """"heading", "paragraph", or "" for a block that is not offered for correction."""
    first = group[0]
    if first[:1].isspace() or first.startswith(".."):
        return ""  # (a directive, its options or content, a comment)
    if len(group) == 2 and _ADORNMENT.fullmatch(group[1]) and not _ADORNMENT.fullmatch(first):
        return "heading" if paragraph_problem(first) is None else ""
    if any(_ADORNMENT.fullmatch(line) for line in group):
        return ""  # (an overlined title, a transition)
    return "paragraph" if paragraph_problem("\n".join(group)) is None else ""


def correct(project: Project, slug: str, number: int, expected: str, text: str
            ) -> list[MergeResult]:
    """Replace block ``number`` of statement ``slug`` by ``text``, if it still reads
    ``expected`` (what the corrector saw), then merge into every catalog as ``editions
    update`` does. Returns the merge's results ([] when the text is the same).

    If the catalogs cannot be merged, the source is put back as it was."""
    path = project.statement_source(slug)
    new = normalise(text)
    problem = paragraph_problem(new)
    if problem:
        raise EditionsError(PROBLEMS[problem], path, hint="nothing was changed")
    with project_lock(project):
        raw = path.read_bytes()
        source = raw.decode("utf-8")
        block = next((b for b in source_blocks(source) if b.number == number), None)
        if block is not None and normalise(block.text) == new:  # (a form sent twice too)
            return []
        if block is None or normalise(block.text) != normalise(expected):
            raise ChangedMeanwhile("this paragraph changed since it was opened", path,
                                hint="open it again; nothing was changed")
        atomic_write(path, _replaced(source, block, new).encode("utf-8"))
        try:
            return update(project, statements=[slug])
        except EditionsError:
            atomic_write(path, raw)
            raise


def _replaced(source: str, block: SourceBlock, text: str) -> str:
    """The source with ``block`` replaced by ``text`` (a heading keeps its underline's
    character, lengthened or shortened to the new text), its line endings kept."""
    newline = "\r\n" if "\r\n" in source else "\n"
    lines = source.splitlines()
    if block.kind == "heading":
        mark = lines[block.start + 1].strip()[0]
        new_lines = [text, mark * column_width(text)]
    else:
        new_lines = [text]
    ending = newline if source.endswith(("\n", "\r")) else ""
    return newline.join(lines[:block.start] + new_lines + lines[block.end:]) + ending
