"""The files of one statement's page in one edition, known in one place.

When an edition stops publishing a statement (its translation fell back to fuzzy, a check
found an error, conf.py's rules changed) or the statement leaves ``source/``, every file
made for its page goes: a page that no longer exists must leave no old text in the site,
in its PDF, its social card or the edition's book.
"""

from __future__ import annotations

from pathlib import Path

from ..progress.policy import built_statements, unpublished
from ..project import Project
from .parallel_view import SUFFIX as PARALLEL_SUFFIX
from .printing import forget_pdfs, pdf_name

#: Where an edition's social cards are, in its folder.
CARDS_FOLDER = "_cards"


def card_name(slug: str) -> str:
    """Where a statement's social card is, in its edition's folder (the Sphinx extension
    draws it; the site takes it away with its page)."""
    return f"{CARDS_FOLDER}/{slug}.png"


def page_files(project: Project, language: str, slug: str) -> list[Path]:
    """Where the build makes the files of ``slug``'s page in ``language``'s edition (those
    that exist are the page's): the page, its parallel view, PDF and social card, its source
    as Sphinx copies it (``html_copy_source``), and its chapter in the EPUB's build folder
    (Sphinx's EPUB builder packs every file it finds there, reachable or not)."""
    folder = project.html_dir / language
    return [
        folder / f"{slug}.html",
        folder / f"{slug}{PARALLEL_SUFFIX}",
        folder / pdf_name(slug),
        folder / card_name(slug),
        # docname + source suffix + html_sourcelink_suffix (".txt" by default), or without
        # the latter where the two are the same.
        folder / "_sources" / f"{slug}.rst.txt",
        folder / "_sources" / f"{slug}.rst",
        project.build_dir / "epub" / language / f"{slug}.xhtml",
    ]


def pages_gone(project: Project, language: str, plan: dict[str, dict[str, dict]]) -> list[str]:
    """The statements whose page the edition must not have: those the plan does not publish
    in it, and those its last build published that are no longer in ``source/``."""
    gone = set(unpublished(plan, language))
    existing = set(project.statements())
    gone |= {item["slug"] for item in built_statements(project, language)} - existing
    return sorted(gone)


def remove_pages(project: Project, language: str, slugs: list[str]) -> list[Path]:
    """Delete every file of these statements' pages in the edition, and forget their PDFs;
    return the files deleted."""
    removed = []
    for slug in slugs:
        for path in page_files(project, language, slug):
            if path.is_file():
                path.unlink()
                removed.append(path)
    forget_pdfs(project, [project.html_dir / language / f"{slug}.html" for slug in slugs])
    return removed
