"""The edition's e-book builder."""

from __future__ import annotations

import json
import logging
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.environment.adapters.toctree import TocTree
from sphinx.locale import _
from sphinx.util.nodes import process_only_nodes

from .. import __version__, languages
from ..storage import keep_cache, read_json
from . import packing
from .speed import CatalogsCompiledBeforehand

#: The book's table of contents, entry by entry, kept beside the edition's doctrees; its
#: format's number, to change with what an entry holds.
KEPT_TOC = "epub-toc.json"
KEPT_TOC_FORMAT = 1


class EditionEpubBuilder(CatalogsCompiledBeforehand, Epub3Builder):
    """Sphinx's EPUB 3 builder, whose books page right to left where the edition's script
    runs so (Sphinx pages every horizontal book left to right), whose table of contents
    has a title in the edition's language (Sphinx's is English in every book), and is made
    again only for the statements read again (and which looks for catalogs to compile only
    where it may)."""

    def init(self) -> None:
        super().init()
        self.guide_titles = {**self.guide_titles, "toc": _("Table of Contents")}

    def get_toc(self) -> None:
        """Sphinx's table of contents of the book (``EpubBuilder.get_toc``), resolved entry
        by entry of the root document's toctrees, each entry's part kept until a document
        under it is read again. Sphinx resolves the whole root document, copying every
        statement's table of contents twice: a fifth of an edition's build where one
        statement changed."""
        root = self.config.root_doc
        doctree = self.env.get_doctree(root)
        process_only_nodes(doctree, self.tags)  # (as Sphinx's resolving does first)
        kept = _KeptToc(self)
        self.refnodes = [refnode for toctree in doctree.findall(addnodes.toctree)
                         for entry in toctree["entries"]
                         for refnode in kept.refnodes(toctree, entry)]
        kept.save()
        master_dir = Path(root).parent
        for item in self.refnodes:
            item["refuri"] = str(master_dir / item["refuri"])
        self.toc_add_files(self.refnodes)

    def get_outdated_docs(self) -> Iterator[str]:
        """Sphinx's, and every document read again since its page in the book was written.
        Sphinx compares a page with its source alone, and the book's build, which takes over
        the environment the pages' build has just read, reads nothing itself: a statement
        whose translation changed was read again, written as a page, and left out of the
        book as it was."""
        outdated = set(super().get_outdated_docs())
        yield from sorted(outdated)
        for docname, read in self.env.all_docs.items():
            if docname in outdated or docname not in self.env.found_docs:
                continue
            try:
                written = os.stat(self.get_outfilename(docname)).st_mtime_ns
            except OSError:
                written = 0
            if read * 1000 > written:  # (read: microseconds, as Sphinx keeps it)
                yield docname

    def build_epub(self) -> None:
        """Sphinx's book (``EpubBuilder.build_epub``: the same files in the same order, the
        same bytes), each file the last book holds unchanged copied from it compressed,
        not compressed again (``packing``)."""
        deflated, stored = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED
        fixed = ("META-INF/container.xml", "content.opf", "toc.ncx")
        names = [("mimetype", stored), *((name, deflated) for name in (*fixed, *self.files))]
        packing.pack(self.outdir / f"{self.config.epub_basename}.epub",
                     [(self.outdir / name, name, kind) for name, kind in names])

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        if languages.direction(self.config.language or "en") == "rtl":
            metadata["page_progression_direction"] = "rtl"
        return metadata


class _KeptToc:
    """The entries of the book's table of contents made by earlier builds, each under the
    reading times of the documents it shows (``env.all_docs``): a document read again has
    a new time, and its entries are made again. An entry whose making was warned about (a
    statement without a title) is not kept: the next build warns again."""

    def __init__(self, builder: EditionEpubBuilder) -> None:
        self.builder = builder
        self.path = Path(builder.doctreedir) / KEPT_TOC
        self.version = [KEPT_TOC_FORMAT, sphinx.__version__, __version__, builder.link_suffix]
        data = read_json(self.path)
        self.before: dict[str, list[dict[str, Any]]] = (
            data["entries"] if isinstance(data, dict) and data.get("version") == self.version
            and _well_formed(data.get("entries")) else {})
        self.loaded = set(self.before)
        self.now: dict[str, list[dict[str, Any]]] = {}

    def refnodes(self, toctree: addnodes.toctree, entry: tuple[str | None, str]
                 ) -> list[dict[str, Any]]:
        """The entries one line of a toctree adds to the book's table of contents: what
        Sphinx's resolving of a toctree of that line alone gives."""
        key = json.dumps([entry, self._stamps(entry[1]), [toctree.get(option) for option in (
            "maxdepth", "titlesonly", "hidden", "includehidden", "glob")]])
        if key in self.before:
            self.now[key] = self.before[key]
            return [dict(refnode) for refnode in self.now[key]]
        alone = toctree.copy()
        alone["entries"] = [entry]
        alone["includefiles"] = [name for name in toctree["includefiles"] if name == entry[1]]
        with _Warnings() as warned:
            resolved = TocTree(self.builder.env).resolve(
                self.builder.config.root_doc, self.builder, alone, prune=False,
                includehidden=True)
        refnodes = (self.builder.get_refnodes(resolved, [])
                    if isinstance(resolved, nodes.Node) else [])
        if not warned.count:
            self.now[key] = refnodes
        return [dict(refnode) for refnode in refnodes]

    def _stamps(self, docname: str) -> list[tuple[str, int | None]]:
        """When ``docname`` and every document under it were last read."""
        env, seen, todo = self.builder.env, set(), [docname]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(env.toctree_includes.get(name, ()))
        return [(name, env.all_docs.get(name)) for name in sorted(seen)]

    def save(self) -> None:
        """Keep the entries this build used (and only those)."""
        if set(self.now) != self.loaded:
            keep_cache(self.path, json.dumps({"version": self.version,
                                              "entries": self.now}).encode())


class _Warnings(logging.Handler):
    """Counts the warnings Sphinx logs while it is in use (on Sphinx's root logger)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def __enter__(self) -> _Warnings:
        logging.getLogger("sphinx").addHandler(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        logging.getLogger("sphinx").removeHandler(self)


def _well_formed(entries: object) -> bool:
    """Whether a kept file's entries are what ``_KeptToc`` writes (a damaged or foreign
    file is made again, never read into the book)."""
    return isinstance(entries, dict) and all(
        isinstance(refnodes, list) and all(
            isinstance(refnode, dict) and isinstance(refnode.get("level"), int)
            and isinstance(refnode.get("refuri"), str) and isinstance(refnode.get("text"), str)
            for refnode in refnodes)
        for refnodes in entries.values())
