"""The site's ``sitemap.xml``: every page of every edition, each with its hreflang alternates.

Written from the publication plan, not from the pages one build happened to write (which is
what sphinx-sitemap collects, so an incremental build would leave most pages out of it), and
with alternates only in the editions that publish the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from .. import languages
from ..filedates import history_state, last_changed
from ..progress.policy import publishing_editions
from ..project import Project
from ..storage import write_if_changed
from .inputs import Stamps, data_digest, files_digest

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def editions_of_pages(project: Project, plan: dict[str, dict[str, dict]]) -> dict[str, list[str]]:
    """Per page (the index, then each statement), the editions that publish it."""
    pages = {project.root_doc: publishing_editions(project, plan)}
    for slug in project.statements():
        entries = plan.get(slug, {})
        pages[slug] = [code for code in project.editions
                       if entries.get(code, {}).get("published", code == project.source_language)]
    return pages


def page_dates(project: Project, pages: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    """(edition, page) → the day its content last changed: its source's or its catalog's, as
    their history says (an edition's index: its newest page)."""
    files = {slug: project.srcdir / f"{slug}.rst" for slug in pages
             if slug != project.root_doc}
    catalog_files = {(code, slug): project.catalog_path(code, slug)
                     for slug, codes in pages.items() if slug != project.root_doc
                     for code in codes if code != project.source_language}
    changed = last_changed(project.root, [*files.values(), *catalog_files.values()],
                           cache=project.build_dir / "cache" / "sitemap-dates.json")
    dates: dict[tuple[str, str], dt.datetime] = {}
    for slug, codes in pages.items():
        if slug == project.root_doc:
            continue
        for code in codes:
            known = [changed[path] for path in (files[slug], catalog_files.get((code, slug)))
                     if path in changed]
            if known:
                dates[(code, slug)] = max(known)
    for code in pages.get(project.root_doc, []):
        newest = [when for (edition, _slug), when in dates.items() if edition == code]
        if newest:
            dates[(code, project.root_doc)] = max(newest)
    return {key: when.date().isoformat() for key, when in dates.items()}


def write_sitemap(project: Project, plan: dict[str, dict[str, dict]]) -> Path | None:
    """Write ``_build/html/sitemap.xml`` (when conf.py gives ``html_baseurl``); return its path."""
    if not project.base_url:
        return None
    pages = editions_of_pages(project, plan)
    path = project.html_dir / "sitemap.xml"
    # Its dates come from the history of 1,800 files on a large archive: asked again only
    # when a page, a file or the history changed since it was written.
    files = [file for file in (*(project.srcdir / f"{slug}.rst" for slug in pages),
                               *(project.catalog_path(code, slug)
                                 for slug, codes in pages.items() for code in codes
                                 if code != project.source_language))
             if file.exists()]
    digest = data_digest(pages, project.base_url, files_digest(files),
                         history_state(project.root))
    stamps = Stamps(project.build_dir / "cache" / "sitemap.json")
    if stamps.current("sitemap", digest) and path.exists():
        return path
    dates = page_dates(project, pages)
    # What the file says (its pages and their days) is often what it said: a statement
    # edited again the same day, a commit that changes no date. Then it is not written out
    # again (serialising its 1,800 pages and their alternates took a tenth of a second).
    shown = data_digest(pages, project.base_url,
                        sorted([*key, day] for key, day in dates.items()))
    if stamps.current("sitemap-content", shown) and path.exists():
        stamps.record("sitemap", digest)
        return path
    # Plain names under xmlns declarations: registering namespaces is global to the process.
    urlset = ElementTree.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for page, codes in pages.items():
        def address(code: str, page: str = page) -> str:
            return f"{project.edition_url(code)}{page}.html"

        for code in codes:
            url = ElementTree.SubElement(urlset, "url")
            ElementTree.SubElement(url, "loc").text = address(code)
            if (code, page) in dates:
                ElementTree.SubElement(url, "lastmod").text = dates[(code, page)]
            for other in codes:
                ElementTree.SubElement(url, "xhtml:link", rel="alternate",
                                       hreflang=languages.hreflang(other), href=address(other))
            # (The language chooser: the landing page, in no one language.)
            ElementTree.SubElement(url, "xhtml:link", rel="alternate",
                                   hreflang="x-default", href=project.base_url)
    ElementTree.indent(urlset)
    data = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
    write_if_changed(path, data)
    stamps.record("sitemap-content", shown)
    stamps.record("sitemap", digest)
    return path


def write_robots(project: Project) -> Path:
    """``robots.txt``: every page may be read but the search pages (a form, nothing to find
    there), and where the sitemap is."""
    root = urlsplit(project.base_url).path or "/" if project.base_url else "/"
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {root}{code}/search.html" for code in project.editions]
    if project.base_url:
        lines.append(f"Sitemap: {project.base_url}sitemap.xml")
    data = ("\n".join(lines) + "\n").encode()
    path = project.html_dir / "robots.txt"
    write_if_changed(path, data)
    return path
