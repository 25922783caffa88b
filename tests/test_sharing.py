"""What readers pass on and take offline: social card data, canonical URLs, the sitemap, the
Atom feeds and the EPUBs, on a small project whose French edition does not publish ``beta``."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from sphinx.builders.epub3 import Epub3Builder
from sphinx.environment.adapters.toctree import TocTree
from sphinx.util import logging as sphinx_logging

from editions import catalogs, languages
from editions.project import Project, load_project
from editions.site import build
from editions.sphinxext import index
from editions.sphinxext.epub import EditionEpubBuilder

from .conftest import Page, check_epub_structure, git, pseudo_translate, translate

BASE = "https://statements.example.net/"


@pytest.fixture
def shared(tiny: Project) -> Project:
    """alpha translated in French and Arabic, beta in Arabic only; the site has a base URL."""
    with tiny.conf_py.open("a", encoding="utf-8") as conf:
        conf.write(f"html_baseurl = {BASE!r}\n")
    project = load_project(tiny.root)
    catalogs.update(project)
    for code, slugs in (("fr", ["alpha"]), ("ar", ["alpha", "beta"])):
        for slug in slugs:
            entries = catalogs.load_catalog(project.catalog_path(code, slug), code)
            translate(project, code, slug, {
                m.id: pseudo_translate(m.id, f"{code.upper()}-") for m in entries if m.id
            })
    report = build.build(project, jobs=2)
    assert report.ok, [r.errors for r in report.results]
    assert report.warnings == []
    return project


def meta(page: Page, name: str) -> list[str]:
    return [tag["content"] for tag in page.all("meta", property=name) + page.all("meta", name=name)]


def test_statement_page_has_its_card_canonical_url_and_published_alternates(
    shared: Project,
) -> None:
    page = Page(shared.html_dir / "fr" / "alpha.html")
    assert page.all("link", rel="canonical")[0]["href"] == f"{BASE}fr/alpha.html"
    assert meta(page, "og:url") == [f"{BASE}fr/alpha.html"]
    assert meta(page, "og:title") == ["Alpha FR-statement"]
    assert meta(page, "og:type") == ["article"]
    # The description is the translated standfirst, not the byline above it.
    assert meta(page, "og:description") == ["FR-A short standfirst in italics."]
    assert meta(page, "description") == ["FR-A short standfirst in italics."]
    assert meta(page, "og:locale") == ["fr_FR"]
    assert meta(page, "og:locale:alternate") == ["en_US", "ar_EG"]

    beta = Page(shared.html_dir / "ar" / "beta.html")
    assert meta(beta, "og:locale") == ["ar_EG"]
    assert meta(beta, "og:locale:alternate") == ["en_US"]  # French does not publish beta
    # No standfirst: the first paragraph says what beta is about.
    assert meta(beta, "og:description") == ["AR-Only one paragraph, and no date."]
    # Search engines take hreflang alternates as absolute addresses.
    head = {link["hreflang"]: link["href"] for link in beta.all("link", rel="alternate")
            if "hreflang" in link}
    assert head == {"en": f"{BASE}en/beta.html", "ar": f"{BASE}ar/beta.html",
                    "x-default": BASE}  # (the landing page, where a reader chooses)
    feed_links = beta.all("link", type="application/atom+xml")
    assert [link["href"] for link in feed_links] == ["./atom.xml"]


def test_sitemap_lists_published_pages_with_hreflang_alternates(shared: Project) -> None:
    root = ElementTree.parse(shared.html_dir / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}
    urls = {
        url.find("s:loc", ns).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    assert f"{BASE}fr/beta.html" not in urls
    assert set(urls) == {
        f"{BASE}{code}/{page}.html"
        for code, pages in (("en", ["index", "alpha", "beta"]), ("fr", ["index", "alpha"]),
                            ("ar", ["index", "alpha", "beta"]))
        for page in pages
    }
    assert urls[f"{BASE}ar/beta.html"] == {
        "en": f"{BASE}en/beta.html", "ar": f"{BASE}ar/beta.html", "x-default": BASE,
    }
    assert set(urls[f"{BASE}en/alpha.html"]) == {"en", "fr", "ar", "x-default"}


def test_each_edition_has_an_atom_feed_newest_first_with_localized_dates(
    shared: Project,
) -> None:
    english = feedparser.parse((shared.html_dir / "en" / "atom.xml").read_bytes())
    assert not english.bozo, english.bozo_exception
    assert english.version == "atom10"
    assert [entry.title for entry in english.entries] == ["Alpha statement", "Beta statement"]
    assert english.entries[0].link == f"{BASE}en/alpha.html"
    assert english.entries[0].published.startswith("2025-07-13")

    arabic = feedparser.parse((shared.html_dir / "ar" / "atom.xml").read_bytes())
    assert not arabic.bozo, arabic.bozo_exception
    assert arabic.feed.language == "ar"
    alpha = arabic.entries[0]
    assert alpha.title == "Alpha AR-statement"
    assert alpha.author == "AR-Fourth International"
    assert languages.long_date(dt.date(2025, 7, 13), "ar") in alpha.summary
    assert "AR-A short standfirst in italics." in alpha.summary

    french = feedparser.parse((shared.html_dir / "fr" / "atom.xml").read_bytes())
    assert [entry.link for entry in french.entries] == [f"{BASE}fr/alpha.html"]
    assert "13 juillet 2025" in french.entries[0].summary


def test_the_sitemap_is_made_again_only_when_a_page_or_its_day_changed(
    shared: Project, monkeypatch
) -> None:
    """(Its 1,800 pages and their alternates, on a large archive, were serialised again
    after every change, though most leave every day as it was.)"""
    from editions.site import sitemap

    sitemap_path = shared.html_dir / "sitemap.xml"
    before = sitemap_path.read_bytes()
    source = shared.statement_source("beta")
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph.\n",
                      encoding="utf-8")  # (not committed: dated by its file, today)

    def refused(*_args, **_kwargs):
        raise AssertionError("the sitemap was serialised again")

    plan = build.policy.plan(shared, build.compute_progress(shared))
    with monkeypatch.context() as patched:
        patched.setattr(sitemap.ElementTree, "tostring", refused)
        assert sitemap.write_sitemap(shared, plan) == sitemap_path
    assert sitemap_path.read_bytes() == before

    # A day that changes is in the sitemap at once.
    day = dt.datetime(2021, 3, 4, 12, tzinfo=dt.UTC).timestamp()
    os.utime(source, (day, day))
    sitemap.write_sitemap(shared, plan)
    assert "<lastmod>2021-03-04</lastmod>" in sitemap_path.read_text(encoding="utf-8")


def test_feed_and_sitemap_stay_whole_after_an_incremental_build(shared: Project) -> None:
    sitemap_before = (shared.html_dir / "sitemap.xml").read_bytes()
    path = shared.catalog_path("ar", "beta")
    path.write_text(path.read_text(encoding="utf-8").replace("AR-Only", "AR-Just"),
                    encoding="utf-8")
    report = build.build(shared, jobs=1)
    arabic = next(result for result in report.results if result.language == "ar")
    assert arabic.pages == ["beta"]  # (the index lists no text: see test_build)
    feed = feedparser.parse((shared.html_dir / "ar" / "atom.xml").read_bytes())
    assert [entry.link for entry in feed.entries] == [f"{BASE}ar/alpha.html",
                                                      f"{BASE}ar/beta.html"]
    assert "AR-Just one paragraph" in feed.entries[1].summary
    assert (shared.html_dir / "sitemap.xml").read_bytes() == sitemap_before


def test_each_edition_has_an_epub_linked_from_its_index(shared: Project) -> None:
    for code, pages in (("fr", {"index", "alpha"}), ("ar", {"index", "alpha", "beta"})):
        index = Page(shared.html_dir / code / "index.html")
        links = [a["href"] for a in index.all("a") if a.get("href", "").endswith(".epub")]
        assert links == [f"./tinyeditions-{code}.epub"]
        book = shared.html_dir / code / links[0][2:]
        check_epub_structure(book, code, pages)
    with zipfile.ZipFile(shared.html_dir / "ar" / "tinyeditions-ar.epub") as epub:
        xhtml = epub.read("alpha.xhtml").decode("utf-8")
    assert 'dir="rtl"' in xhtml and 'xml:lang="ar"' in xhtml


def test_a_translation_changed_reaches_the_book_as_well_as_the_page(shared: Project) -> None:
    """(The book's build compared each page with its source alone: a changed translation
    was read, written as a page, and left out of the book until its source changed.)"""
    path = shared.catalog_path("ar", "beta")
    path.write_text(path.read_text(encoding="utf-8").replace("AR-Only", "AR-Just"),
                    encoding="utf-8")
    assert build.build(shared, jobs=1).ok
    assert "AR-Just one paragraph" in Page(shared.html_dir / "ar" / "beta.html").plain
    with zipfile.ZipFile(shared.html_dir / "ar" / "tinyeditions-ar.epub") as epub:
        assert "AR-Just one paragraph" in epub.read("beta.xhtml").decode("utf-8")
        assert "AR-Only" not in epub.read("beta.xhtml").decode("utf-8")


def test_the_book_s_table_of_contents_does_not_make_the_statement_list(
    tiny: Project, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The e-book's table of contents is read from the index's toctree alone: the index's
    statement list (every statement's title and date) was made for it too, and thrown
    away. The book's index page still lists every statement."""
    made: Counter[tuple[str, str]] = Counter()
    real_fill = index.fill

    def counting(app, placeholder, docname, language):  # type: ignore[no-untyped-def]
        made[app.builder.name, language] += 1
        real_fill(app, placeholder, docname, language)

    monkeypatch.setattr(index, "fill", counting)
    catalogs.update(tiny)
    assert build.build(tiny, jobs=1).ok
    assert set(made.values()) == {1}, made
    assert {("html", code) for code in tiny.editions} | {("epub", "en")} <= made.keys()
    with zipfile.ZipFile(tiny.html_dir / "en" / "tinyeditions-en.epub") as epub:
        book_index = epub.read("index.xhtml").decode("utf-8")
        toc = epub.read("toc.ncx").decode("utf-8")
    assert 'class="statement-list' in book_index
    assert "alpha.xhtml" in toc and "beta.xhtml" in toc


def test_the_book_s_table_of_contents_is_sphinx_s_made_again_where_read_again(
    tiny: Project, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each build's table of contents is the one Sphinx's own ``get_toc`` makes (levels,
    addresses, titles); after one statement changed, only its entries are resolved again."""
    compared: list[str] = []
    alone: Counter[str] = Counter()
    ours, real_resolve = EditionEpubBuilder.get_toc, TocTree.resolve

    def both(builder: EditionEpubBuilder) -> None:
        Epub3Builder.get_toc(builder)  # (Sphinx's: the whole root document resolved)
        sphinx_s = builder.refnodes
        ours(builder)
        assert builder.refnodes == sphinx_s
        compared.append(builder.config.language)

    def counting(self, docname, builder, toctree, **options):  # type: ignore[no-untyped-def]
        if builder.name == "epub" and len(toctree["entries"]) == 1:
            alone[toctree["entries"][0][1]] += 1
        return real_resolve(self, docname, builder, toctree, **options)

    monkeypatch.setattr(EditionEpubBuilder, "get_toc", both)
    monkeypatch.setattr(TocTree, "resolve", counting)
    # (A toctree for the web pages alone: the book's leaves it out, as Sphinx's does.)
    index_rst = tiny.srcdir / "index.rst"
    index_rst.write_text(index_rst.read_text(encoding="utf-8") + (
        "\n.. only:: builder_html\n\n   .. toctree::\n      :hidden:\n\n      beta\n"),
        encoding="utf-8")
    catalogs.update(tiny)
    assert build.build(tiny, ["en"], jobs=1).ok
    assert compared == ["en"] and alone == {"alpha": 1, "beta": 1}
    source = tiny.statement_source("alpha")
    source.write_text(source.read_text(encoding="utf-8").replace(
        "A heading\n---------", "Further reading\n---------------"), encoding="utf-8")
    alone.clear()
    assert build.build(tiny, ["en"], jobs=1).ok
    assert compared == ["en", "en"] and alone == {"alpha": 1}, alone
    with zipfile.ZipFile(tiny.html_dir / "en" / "tinyeditions-en.epub") as epub:
        toc = epub.read("toc.ncx").decode("utf-8")
    assert "Further reading" in toc and "A heading" not in toc and "Beta statement" in toc
    assert toc.count("beta.xhtml") == 1


def test_the_book_s_table_of_contents_keeps_no_line_sphinx_warned_about(
    tiny: Project, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A line whose resolving Sphinx warned about (a statement without a title) is resolved
    again by the next build, which warns again: a strict build does not pass the second time
    with nothing fixed. A kept file that is not what the builder writes is not read."""
    alone: Counter[str] = Counter()
    real_resolve = TocTree.resolve

    def warning_for_beta(self, docname, builder, toctree, **options):  # type: ignore[no-untyped-def]
        if builder.name == "epub" and [name for _title, name in toctree["entries"]] == ["beta"]:
            alone["beta"] += 1
            sphinx_logging.getLogger(__name__).warning("beta has no title")
        return real_resolve(self, docname, builder, toctree, **options)

    monkeypatch.setattr(TocTree, "resolve", warning_for_beta)
    catalogs.update(tiny)
    assert build.build(tiny, ["en"], jobs=1).ok
    kept = tiny.build_dir / "doctrees" / "en" / "epub-toc.json"
    lines = [json.loads(key)[0][1] for key in json.loads(kept.read_text(encoding="utf-8"))[
        "entries"]]
    assert lines == ["alpha"]
    source = tiny.statement_source("alpha")
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more line.\n",
                      encoding="utf-8")
    assert build.build(tiny, ["en"], jobs=1).ok
    assert alone["beta"] == 2
    kept.write_text(kept.read_text(encoding="utf-8").replace('"level": 1', '"level": "1"'),
                    encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8") + "\nAnd one more.\n",
                      encoding="utf-8")
    assert build.build(tiny, ["en"], jobs=1).ok
    with zipfile.ZipFile(tiny.html_dir / "en" / "tinyeditions-en.epub") as epub:
        assert "alpha.xhtml" in epub.read("toc.ncx").decode("utf-8")


def test_without_a_base_url_the_site_has_no_absolute_links(tiny: Project) -> None:
    catalogs.update(tiny)
    assert build.build(tiny, jobs=1).ok
    page = Page(tiny.html_dir / "en" / "alpha.html")
    assert page.all("link", rel="canonical") == []
    assert meta(page, "og:url") == meta(page, "og:locale") == []
    assert meta(page, "description") == ["A short standfirst in italics."]
    assert not (tiny.html_dir / "en" / "atom.xml").exists()
    assert not (tiny.html_dir / "sitemap.xml").exists()
    index = Page(tiny.html_dir / "en" / "index.html")
    assert [a["href"] for a in index.all("a", **{"class": "epub reference external"})] == [
        "./tinyeditions-en.epub"
    ]


GAMMA = """\
Gamma statement
===============

.. statement::
   :author: Fourth International
   :date: 2025-09-01

An opening paragraph that sets the scene.

.. rst-class:: standfirst

The gist of the statement, wherever it stands.
"""


def test_the_feed_puts_the_newest_first_and_cards_describe_with_the_standfirst(
    tiny: Project,
) -> None:
    """Gamma is newer than alpha and comes last by title; its standfirst is not its first
    paragraph. Undated beta comes after every dated statement."""
    with tiny.conf_py.open("a", encoding="utf-8") as conf:
        conf.write(f"html_baseurl = {BASE!r}\n")
    (tiny.srcdir / "gamma.rst").write_text(GAMMA, encoding="utf-8")
    project = load_project(tiny.root)
    catalogs.update(project)
    assert build.build(project, ["en"], jobs=1).ok
    feed = feedparser.parse((project.html_dir / "en" / "atom.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == [
        "Gamma statement", "Alpha statement", "Beta statement"
    ]
    page = Page(project.html_dir / "en" / "gamma.html")
    assert meta(page, "og:description") == ["The gist of the statement, wherever it stands."]


#: The commits' author and date, the same on every run.
DATED = {"GIT_AUTHOR_NAME": "Editions Test", "GIT_COMMITTER_NAME": "Editions Test",
         "GIT_AUTHOR_DATE": "2025-08-01T12:00:00Z", "GIT_COMMITTER_DATE": "2025-08-01T12:00:00Z"}


def test_a_deploy_changes_no_date_in_the_feeds_or_the_sitemap(shared: Project) -> None:
    """An undated statement is dated by its source's history, not by the build or checkout:
    a fresh clone (every file's time new) gives the same feeds and sitemap."""
    import os
    import time

    git(shared.root, "init", "-q", **DATED)
    git(shared.root, "add", "-A", **DATED)
    git(shared.root, "commit", "-q", "-m", "statements", **DATED)

    def checkout(days: int) -> None:
        """What a fresh clone does to the tree: every file's time is the checkout's."""
        later = time.time() + days * 86_400
        for path in [*shared.srcdir.glob("*.rst"), *shared.locale_dir.rglob("*.po")]:
            os.utime(path, (later, later))

    checkout(1)
    build.build(shared, jobs=1)
    feed_before = (shared.html_dir / "ar" / "atom.xml").read_bytes()
    sitemap_before = (shared.html_dir / "sitemap.xml").read_bytes()
    beta = feedparser.parse(feed_before).entries[1]
    assert beta.updated.startswith("2025-08-01")  # the commit's date, not the checkout's
    checkout(2)
    build.build(shared, jobs=1)
    assert (shared.html_dir / "ar" / "atom.xml").read_bytes() == feed_before
    assert (shared.html_dir / "sitemap.xml").read_bytes() == sitemap_before
    root = ElementTree.parse(shared.html_dir / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {url.find("s:loc", ns).text: url.find("s:lastmod", ns).text
               for url in root.findall("s:url", ns)}
    assert lastmod[f"{BASE}ar/beta.html"] == "2025-08-01"
    assert lastmod[f"{BASE}fr/index.html"] == "2025-08-01"


def test_robots_and_icon_and_unindexed_search_pages(shared: Project) -> None:
    robots = (shared.html_dir / "robots.txt").read_text().splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    assert "Disallow: /ar/search.html" in robots
    assert (shared.html_dir / "icon.svg").read_bytes().startswith(b"<svg")
    assert meta(Page(shared.html_dir / "fr" / "search.html"), "robots") == ["noindex"]
    # No general index: statements have no index entries, it was an empty page.
    assert not list(shared.html_dir.glob("*/genindex.html"))
    statement = Page(shared.html_dir / "fr" / "alpha.html")
    assert meta(statement, "robots") == []
    assert meta(statement, "twitter:card") == ["summary_large_image"]  # (its image card)
    icons = [link["href"] for link in statement.all("link", rel="icon")]
    assert icons == ["../icon.svg"]
    assert icons == [link["href"] for link in Page(shared.html_dir / "fr" / "alpha.html")
                     .all("link", rel="icon")]
    landing = Page(shared.html_dir / "index.html")
    assert [link["href"] for link in landing.all("link", rel="icon")] == ["icon.svg"]


def test_the_original_s_titles_and_links_say_their_language(shared: Project) -> None:
    """WCAG 3.1.2: the French edition lists beta, which it does not publish yet, by its
    English title, marked English, left to right, and links to the original with hreflang."""
    index = Page(shared.html_dir / "fr" / "index.html")
    titles = [p for p in index.all("p") if "statement-title" in p.get("class", "")]
    waiting = [p for p in titles if p.get("lang") == "en"]
    assert len(waiting) == 1 and waiting[0]["dir"] == "ltr"
    originals = [a for a in index.all("a") if a.get("href", "").endswith("en/beta.html")]
    assert originals and all(a.get("hreflang") == "en" for a in originals)
    arabic_index = Page(shared.html_dir / "ar" / "index.html")
    assert not [p for p in arabic_index.all("p") if p.get("lang") == "en"]  # all published


def test_an_edition_that_publishes_nothing_is_not_advertised(tmp_path: Path) -> None:
    """German publishes nothing yet: no link leads readers to an empty edition; its index,
    if someone finds it, says why it is empty, with no empty feed or book to download."""
    from .conftest import write_project

    project = write_project(tmp_path / "empty", ["fr", "de"])
    with project.conf_py.open("a", encoding="utf-8") as conf:
        conf.write(f"html_baseurl = {BASE!r}\n")
    project = load_project(project.root)
    catalogs.update(project)
    entries = catalogs.load_catalog(project.catalog_path("fr", "alpha"), "fr")
    translate(project, "fr", "alpha",
              {m.id: pseudo_translate(m.id, "FR-") for m in entries if m.id})
    # German has begun: alpha's title only.
    german_alpha = catalogs.load_catalog(project.catalog_path("de", "alpha"), "de")
    first = next(m.id for m in german_alpha if m.id)
    translate(project, "de", "alpha", {first: pseudo_translate(first, "DE-")})
    report = build.build(project, jobs=1)
    assert report.ok, [r.errors for r in report.results]
    assert {r.language: r.book for r in report.results} == {"en": True, "fr": True,
                                                            "de": False}

    landing = Page(project.html_dir / "index.html")
    hrefs = [a["href"] for a in landing.all("a")]
    assert [href for href in hrefs if href.endswith("/index.html")
            and not href.startswith("progress/")] == ["en/index.html", "fr/index.html"]
    assert not [href for href in hrefs if href.startswith("de/")]
    for path in ("en/index.html", "fr/index.html", "fr/alpha.html", "en/beta.html"):
        hrefs = [a.get("hreflang") for a in Page(project.html_dir / path).all("a")
                 if a.get("hreflang")]
        assert "de" not in hrefs, path
    sitemap = (project.html_dir / "sitemap.xml").read_text()
    assert f"{BASE}de/" not in sitemap

    german = Page(project.html_dir / "de" / "index.html")
    why = [p for p in german.all("p") if "nothing-published" in p.get("class", "")]
    assert why and "In dieser Sprache ist noch nichts veröffentlicht" in german.plain
    # ... above the statements being translated, each with its original; a title said in
    # the language it is in.
    assert [a for a in german.all("a") if a.get("href", "").endswith("en/alpha.html")]
    titles = {p["lang"] for p in german.all("p") if "statement-title" in p.get("class", "")}
    assert titles == {"de", "en"}
    assert not [a for a in german.all("a") if a.get("href", "").endswith(".epub")]
    assert not german.all("link", type="application/atom+xml")
    assert not (project.html_dir / "de" / "atom.xml").exists()
    assert not list((project.html_dir / "de").glob("*.epub"))
    assert list((project.html_dir / "fr").glob("*.epub"))  # French publishes alpha


def test_the_landing_page_says_what_the_site_holds(shared: Project) -> None:
    """Item 10 of issue 18: not a bare list of languages. What the site is, its statements
    with the editions that publish each, the progress, the feeds; canonical and card tags;
    each language's name in its own direction inside rows laid out alike."""
    landing = Page(shared.html_dir / "index.html")
    assert meta(landing, "description") == meta(landing, "og:description") != []
    assert [link["href"] for link in landing.all("link", rel="canonical")] == [BASE]
    assert meta(landing, "og:type") == ["website"] and meta(landing, "og:url") == [BASE]
    hrefs = [a["href"] for a in landing.all("a")]
    assert "en/alpha.html" in hrefs and "en/beta.html" in hrefs
    # alpha is published in French and Arabic, beta in Arabic only.
    assert "fr/alpha.html" in hrefs and "ar/alpha.html" in hrefs and "ar/beta.html" in hrefs
    assert "fr/beta.html" not in hrefs
    assert "progress/index.html" in hrefs
    assert {"en/atom.xml", "fr/atom.xml", "ar/atom.xml"} <= set(hrefs)
    assert "Alpha statement" in landing.plain and "Fourth International" in landing.plain
    # The rows: the link is laid out as the page is; the name inside it is in its own
    # language and direction.
    rows = [a for a in landing.all("a") if a["href"] == "ar/index.html"]
    assert rows and "dir" not in rows[0]
    names = [span for span in landing.all("span") if span.get("lang") == "ar"]
    assert names and names[0]["dir"] == "rtl"


def test_a_published_translation_reads_side_by_side_with_its_original(shared: Project) -> None:
    """The parallel view: every block of the original beside its translation, each column in
    its language and direction, linked from the translated page (and not from the original,
    nor from a statement the edition does not publish)."""
    arabic = Page(shared.html_dir / "ar" / "alpha.html")
    assert "alpha.parallel.html" in [a["href"] for a in arabic.all("a")]
    assert "alpha.parallel.html" not in [a["href"] for a in
                                         Page(shared.html_dir / "en" / "alpha.html").all("a")]
    assert not (shared.html_dir / "fr" / "beta.parallel.html").exists()
    path = shared.html_dir / "ar" / "alpha.parallel.html"
    view = Page(path)
    assert (view.html["lang"], view.html["dir"]) == ("ar", "rtl")
    originals = [div for div in view.all("div") if div.get("class") == "original"]
    assert originals and all((d["lang"], d["dir"]) == ("en", "ltr") for d in originals)
    from editions.site.parallel_view import page_blocks

    blocks = page_blocks(shared.html_dir / "en" / "alpha.html")
    assert len(originals) == len(blocks) == len(page_blocks(shared.html_dir / "ar" / "alpha.html"))
    text = path.read_text(encoding="utf-8")
    columns = text[text.index('class="parallel-columns"'):]
    # Each original block sits in the same row as its translation, in order.
    assert columns.index("Alpha statement") < columns.index("Alpha AR-statement")
    assert "headerlink" not in text and "statement-meta" not in text


def test_the_progress_page_has_its_canonical_address_and_card(shared: Project) -> None:
    page = Page(shared.html_dir / "progress" / "index.html")
    assert [link["href"] for link in page.all("link", rel="canonical")] == [
        f"{BASE}progress/index.html"]
    assert meta(page, "description") and meta(page, "og:url") == [f"{BASE}progress/index.html"]
