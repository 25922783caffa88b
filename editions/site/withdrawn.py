"""The page a withdrawn translation's address answers with: a link readers shared must not
end in a 404, and must say what became of the text (in the edition's language)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import languages
from ..progress.policy import withdrawn
from ..project import Project
from ..storage import write_if_changed
from .interface import interface_translations

TEMPLATES = Path(__file__).parent / "templates"


def write_withdrawn_pages(project: Project, plan: dict[str, dict[str, dict]]) -> list[Path]:
    """Write, at the address of each statement withdrawn from an edition, the page that says
    so, with a link to the original; return the pages written. (Every other file of the
    page was taken away before the edition was built: ``pages.remove_pages``.)"""
    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["html"]),
                              extensions=["jinja2.ext.i18n"])
    template = environment.get_template("withdrawn.html")
    source = project.source_language
    written = []
    for code in project.languages:
        slugs = withdrawn(plan, code)
        if not slugs or not (project.html_dir / code / "index.html").exists():
            continue
        environment.install_gettext_translations(  # type: ignore[attr-defined]
            interface_translations(code, project.build_dir / "cache"), newstyle=True)
        for slug in slugs:
            path = project.html_dir / code / f"{slug}.html"
            html = template.render(project=project.name, lang=languages.hreflang(code),
                                   dir=languages.direction(code),
                                   original=f"../{source}/{slug}.html",
                                   original_lang=languages.hreflang(source))
            write_if_changed(path, html.encode("utf-8"))
            written.append(path)
    return written
