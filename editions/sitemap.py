"""The site's ``sitemap.xml``: every page of every edition, each with its hreflang alternates.

Written from the publication plan, not from the pages one build happened to write (which is
what sphinx-sitemap collects, so an incremental build would leave most pages out of it), and
with alternates only in the editions that publish the page.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from . import languages
from .project import Project
from .storage import atomic_write

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def editions_of_pages(project: Project, plan: dict[str, dict[str, dict]]) -> dict[str, list[str]]:
    """Per page (the index, then each statement), the editions that publish it."""
    pages = {project.root_doc: list(project.editions)}
    for slug in project.statements():
        entries = plan.get(slug, {})
        pages[slug] = [code for code in project.editions
                       if entries.get(code, {}).get("published", code == project.source_language)]
    return pages


def write_sitemap(project: Project, plan: dict[str, dict[str, dict]]) -> Path | None:
    """Write ``_build/html/sitemap.xml`` (when conf.py gives ``html_baseurl``); return its path."""
    if not project.base_url:
        return None
    # Plain names under xmlns declarations: registering namespaces is global to the process.
    urlset = ElementTree.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for page, codes in editions_of_pages(project, plan).items():
        def address(code: str, page: str = page) -> str:
            return f"{project.edition_url(code)}{page}.html"

        for code in codes:
            url = ElementTree.SubElement(urlset, "url")
            ElementTree.SubElement(url, "loc").text = address(code)
            for other in codes:
                ElementTree.SubElement(url, "xhtml:link", rel="alternate",
                                       hreflang=languages.hreflang(other), href=address(other))
            ElementTree.SubElement(url, "xhtml:link", rel="alternate",
                                   hreflang="x-default", href=address(project.source_language))
    ElementTree.indent(urlset)
    data = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
    path = project.html_dir / "sitemap.xml"
    if not path.exists() or path.read_bytes() != data:
        atomic_write(path, data)
    return path
