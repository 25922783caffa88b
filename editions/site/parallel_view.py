"""The parallel reading view: a published translation beside its original, paragraph by
paragraph (``<lang>/<statement>.parallel.html``), for reviewers, bilingual readers and
learners. Static, no script.

Made from the two editions' own pages once both are built: a translated page has the
original's structure (Sphinx replaces each paragraph's text, never the blocks), so their
headings, paragraphs and list items pair one by one.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import languages
from ..project import Project
from ..storage import write_if_changed
from .interface import interface_translations

TEMPLATES = Path(__file__).parent / "templates"
SUFFIX = ".parallel.html"
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre"}
_HEADER_LINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_RELATIVE_HREF = re.compile(r'(href|src)="(?!#|/|[a-z][a-z0-9+.-]*:)([^"]*)"')


class _Blocks(HTMLParser):
    """The blocks of a page's article, as written: each heading, paragraph, list item and
    literal block outside the byline."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.text = text
        self.blocks: list[str] = []
        self.depth = 0  # inside the article: how deep
        self.skip_depth = 0  # inside the byline (statement-meta): how deep
        self.block: tuple[str, int, int] | None = None  # (tag, depth, start offset)
        self.feed(text)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if not self.depth:
            if tag == "article" and "body" in classes:
                self.depth = 1
            return
        if tag in {"br", "img", "hr", "wbr"}:
            return  # (no end tag)
        self.depth += 1
        if self.skip_depth or "statement-meta" in classes or "parallel-link" in classes:
            self.skip_depth = self.skip_depth or self.depth
        elif self.block is None and tag in _BLOCKS:
            self.block = (tag, self.depth, self._offset())

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if self.block is not None and self.depth == self.block[1] and tag == self.block[0]:
            end = self.text.index(">", self._offset()) + 1
            self.blocks.append(_HEADER_LINK.sub("", self.text[self.block[2]:end]))
            self.block = None
        if self.skip_depth == self.depth:
            self.skip_depth = 0
        self.depth -= 1


def page_blocks(path: Path) -> list[str]:
    return _Blocks(path.read_text(encoding="utf-8")).blocks


def _modified(path: Path) -> int | None:
    """A file's modification time; None where there is no such file."""
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def write_parallel_views(project: Project, plan: dict[str, dict[str, dict]]) -> list[Path]:
    """Write the parallel view of every published translation; return the pages written."""
    source = project.source_language
    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["html"]),
                              extensions=["jinja2.ext.i18n"])
    written = []
    # (Each file asked about once: the original's page is paired with every edition's, and
    # a build with nothing to do asked about each file of each pair twice.)
    modified = functools.cache(_modified)
    for code in project.editions:
        if code == source:
            continue
        environment.install_gettext_translations(  # type: ignore[attr-defined]
            interface_translations(code, project.build_dir / "cache"), newstyle=True)
        for slug, entries in sorted(plan.items()):
            original = project.html_dir / source / f"{slug}.html"
            translation = project.html_dir / code / f"{slug}.html"
            path = project.html_dir / code / f"{slug}{SUFFIX}"
            if entries.get(code, {}).get("held"):
                # (Shown as its kept version: its original has changed since, nothing to pair.)
                path.unlink(missing_ok=True)
                continue
            if not entries.get(code, {}).get("published"):
                continue
            original_time, translation_time = modified(original), modified(translation)
            if original_time is None or translation_time is None:
                continue
            view_time = modified(path)
            if view_time is not None and view_time >= max(original_time, translation_time):
                written.append(path)
                continue  # (neither page written since: an unchanged build reads neither)
            # (The original's relative links lead from its own folder.)
            left = [_RELATIVE_HREF.sub(rf'\1="../{source}/\2"', block)
                    for block in page_blocks(original)]
            right = page_blocks(translation)
            pairs = list(zip(left, right, strict=False))
            pairs += [(block, "") for block in left[len(right):]]
            pairs += [("", block) for block in right[len(left):]]
            html = environment.get_template("parallel.html").render(
                title=entries[code].get("title") or slug,
                project=project.name,
                statement=f"{slug}.html",
                lang=languages.hreflang(code), dir=languages.direction(code),
                original_lang=languages.hreflang(source),
                original_dir=languages.direction(source),
                original_name=languages.native_name(source),
                name=languages.native_name(code),
                pairs=pairs,
            )
            if not write_if_changed(path, html.encode("utf-8")):
                path.touch()  # (up to date with the pages it pairs)
            written.append(path)
    return written
