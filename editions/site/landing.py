"""The landing page at ``_build/html/index.html``: every edition, named in its own language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import languages
from ..project import Project
from ..publication import publishing_editions
from ..storage import write_if_changed
from .interface import SITE_ABOUT, interface_translations

TEMPLATES = Path(__file__).parent / "templates"
#: Two facing pages: the original and its translation.
ICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" '
        b'height="32" rx="6" fill="#9b1c1c"/><path d="M7 9h8v14H7zM17 9h8v14h-8z" '
        b'fill="#fff"/></svg>\n')


def edition_links(project: Project, plan: dict | None = None) -> list[dict[str, str]]:
    """One entry per edition offered to readers (not one that publishes nothing yet): code,
    name in its own script, direction, link to its index."""
    return [
        {
            "code": code,
            "hreflang": languages.hreflang(code),
            "name": languages.native_name(code),
            "english_name": languages.english_name(code),
            "dir": languages.direction(code),
            "href": f"{code}/index.html",
        }
        for code in publishing_editions(project, plan or {})
    ]


def landing_page(project: Project) -> Path:
    """Where the landing page is: the root of the site."""
    return project.html_dir / "index.html"


def write_landing_page(project: Project, plan: dict | None = None,
                       statements: list[dict] | None = None) -> Path:
    """Render the landing page (what the site is, its editions, its statements with the
    editions that publish each, the progress and the feeds), in the original's language;
    write it only when its content changed."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    source = project.source_language
    translations = interface_translations(source, project.build_dir / "cache")
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translations, newstyle=True)
    editions = edition_links(project, plan)
    by_code = {edition["code"]: edition for edition in editions}
    shown = []
    for statement in statements or []:
        published_in = [
            {**by_code[code], "href": f"{code}/{statement['slug']}.html"}
            for code in statement.get("editions", []) if code in by_code
        ]
        shown.append({
            **statement, "href": f"{source}/{statement['slug']}.html",
            "long_date": (languages.long_date(dt.date.fromisoformat(statement["date"]), source)
                          if statement.get("date") else ""),
            "translations": published_in,
        })
    html = environment.get_template("landing.html").render(
        project=project.name,
        about=translations.gettext(SITE_ABOUT),
        base_url=project.base_url,
        source=languages.hreflang(source),
        source_dir=languages.direction(source),
        editions=editions,
        statements=shown,
        feeds=[{**edition, "href": f"{edition['code']}/atom.xml"} for edition in editions]
        if project.base_url else [],
    )
    path = landing_page(project)
    data = html.encode("utf-8")
    write_if_changed(path, data)
    # The site's icon, which every page names (else browsers ask for /favicon.ico in vain).
    icon = project.html_dir / "icon.svg"
    write_if_changed(icon, ICON)
    return path
