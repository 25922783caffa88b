"""The readers' site of the real project, as readers get it: served over HTTP to a real browser.

The project's own sources and catalogs are built once, in a temporary copy, then:

* a keyboard-only reader goes from the landing page to the Arabic edition (right to left),
  opens a statement and switches to its French counterpart; screenshots at phone and desktop
  widths show the pages do not scroll sideways;
* axe-core, in that browser, finds no serious or critical accessibility violation;
* the Nu Html Checker (vnu.jar, with the machine's Java) finds no error in any page;
* every edition's Atom feed parses as Atom, and its EPUB passes a structural check.

`make test` installs what this needs (chromium, Java, and axe-core and vnu-jar from npm into
tests/site-tools/node_modules); where something is missing, the tests say what and are skipped.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import polib
import pytest

from editions.project import load_project
from editions.site import build
from editions.site.build import epub_name

from .conftest import (
    AXE,
    REPO,
    SCREENSHOTS,
    VNU,
    ServedProject,
    check_epub_structure,
    describe_violations,
    png_size,
    require_tool,
)

STATEMENT = "palestine-global-movement"  # published in Arabic and in French
MAX_TABS = 30  # a keyboard reader should not need more to reach a language on the landing page
BLOCKING_IMPACTS = {"serious", "critical"}


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without writing a line per request to the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProject]:
    """The real project (conf.py, source/, locale/) built in a copy, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("reader-site")
    shutil.copy(REPO / "conf.py", root / "conf.py")
    for folder in ("source", "locale"):
        shutil.copytree(REPO / folder, root / folder)
    project = load_project(root)
    report = build.build(project)
    assert report.ok, [(result.language, result.errors) for result in report.results]
    handler = functools.partial(QuietHandler, directory=str(project.html_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: any free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedProject(project, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """A factory of pages at a given width, each in a fresh context closed after the test."""
    contexts = []

    def make(width: int = 1280, javascript: bool = True) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      java_script_enabled=javascript)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def open_page(page: Any, site: ServedProject, path: str) -> None:
    response = page.goto(site.url(path))
    assert response is not None and response.ok, f"{path}: {response and response.status}"


def article_direction(page: Any) -> str:
    return page.eval_on_selector("main article", "article => getComputedStyle(article).direction")


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until the focused element matches ``selector``, as a keyboard reader does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"{selector} is not reachable in {MAX_TABS} presses of Tab on {page.url}")


def test_keyboard_reader_reaches_arabic_then_french(site: ServedProject, new_page: Any) -> None:
    """Tab and Enter only, with JavaScript turned off: the landing page, the Arabic edition, a
    statement, and the language switcher to its French counterpart."""
    page = new_page(javascript=False)
    open_page(page, site, "index.html")
    tab_to(page, 'a[hreflang="ar"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/index.html")
    assert page.url.endswith("/ar/index.html")
    assert page.evaluate("[document.documentElement.lang, document.dir]") == ["ar", "rtl"]
    assert article_direction(page) == "rtl"

    tab_to(page, f'main article a[href="{STATEMENT}.html"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/ar/{STATEMENT}.html")
    assert article_direction(page) == "rtl"

    tab_to(page, 'nav.language-switcher a[hreflang="fr"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/fr/{STATEMENT}.html")
    assert page.url.endswith(f"/fr/{STATEMENT}.html")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert article_direction(page) == "ltr"


def test_a_statement_downloads_only_its_page_and_stylesheets(
    site: ServedProject, new_page: Any
) -> None:
    page = new_page(375)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, site, f"ar/{STATEMENT}.html")
    page.wait_for_load_state("networkidle")
    kinds = sorted({url.split("?")[0].rsplit(".", 1)[-1] for url in requested})
    # No script, no font, no image but the site's icon (193 bytes; without it, browsers ask
    # for a /favicon.ico that is not there).
    assert kinds == ["css", "html", "svg"], requested
    assert [url for url in requested if url.endswith(".svg")] == [site.url("icon.svg")]


def test_search_finds_a_statement_in_its_edition(site: ServedProject, new_page: Any) -> None:
    """The one page that runs a script: Sphinx's search, over the edition's own index."""
    page = new_page()
    open_page(page, site, "fr/search.html?q=Gaza")
    results = page.locator(f'#search-results a[href*="{STATEMENT}.html"]')
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 1


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_fit_phone_and_desktop_widths(site: ServedProject, new_page: Any, width: int) -> None:
    page = new_page(width)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("landing", "index.html"), ("ar-statement", f"ar/{STATEMENT}.html"),
                       ("fr-statement", f"fr/{STATEMENT}.html"),
                       ("progress", "progress/index.html")):
        open_page(page, site, path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} scrolls sideways at {width} px ({scroll_width} px)"
        shot = SCREENSHOTS / f"reader-{name}-{width}.png"
        shot.unlink(missing_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        assert png_size(shot)[0] == width
        assert shot.stat().st_size > 10_000, f"{shot} looks blank"  # a rendered page


def test_progress_page_names_right_to_left_languages_right_to_left(
    site: ServedProject, new_page: Any
) -> None:
    """The coordinators' matrix (in the source language) sets each language's own direction."""
    page = new_page(375)
    open_page(page, site, "progress/index.html")
    assert page.locator("table#matrix").is_visible()
    direction = "element => getComputedStyle(element).direction"
    assert page.eval_on_selector('th#ar span[lang="ar"]', direction) == "rtl"
    assert page.eval_on_selector('th#fr span[lang="fr"]', direction) == "ltr"


@pytest.mark.parametrize("width", [375, 1280])
def test_progress_page_says_when_its_matrix_scrolls_sideways(
    site: ServedProject, new_page: Any, width: int
) -> None:
    """A phone shows no scroll bar: the languages the matrix hides to the side are announced."""
    page = new_page(width)
    open_page(page, site, "progress/index.html")
    overflows = page.eval_on_selector(
        ".scroll", "region => region.scrollWidth > region.clientWidth"
    )
    assert overflows == (width == 375)  # five languages fit a desktop, not a phone
    hint = page.locator("#sideways")
    assert hint.is_visible() == overflows
    if overflows:
        assert hint.inner_text().startswith("5 languages: scroll")


@pytest.mark.parametrize("path", [
    "index.html", "en/index.html", f"en/{STATEMENT}.html", f"ar/{STATEMENT}.html",
    "progress/index.html", "progress/ar.html", f"ar/{STATEMENT}.parallel.html",
    f"fr/{STATEMENT}.parallel.html",
])
def test_axe_finds_no_serious_violation(site: ServedProject, new_page: Any, path: str) -> None:
    axe = require_tool(AXE, "axe-core")
    page = new_page()
    open_page(page, site, path)
    page.add_script_tag(path=str(axe))
    results = page.evaluate("axe.run()")
    assert results["passes"], "axe-core checked nothing"
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{path}:\n{describe_violations(blocking)}"


def site_pages(site: ServedProject) -> list[Path]:
    """Every page of the site: landing, progress, and each edition's pages."""
    html_dir = site.project.html_dir
    pages = sorted(html_dir.rglob("*.html"))
    found = {page.relative_to(html_dir).as_posix() for page in pages}
    expected = {"index.html", "progress/index.html"}
    expected |= {f"{code}/index.html" for code in site.project.editions}
    assert expected <= found, expected - found
    return pages


def test_every_page_has_one_viewport(site: ServedProject) -> None:
    """Sphinx's layout and docutils each write one; with two, browsers silently take the last."""
    counts = {page: page.read_text(encoding="utf-8").count('<meta name="viewport"')
              for page in site_pages(site)}
    assert {page: n for page, n in counts.items() if n != 1} == {}


CANARY = "<!DOCTYPE html><html lang=en><head></head><body><p>No title.</p></body></html>"


def test_every_page_is_valid_html(site: ServedProject, tmp_path: Path) -> None:
    vnu = require_tool(VNU, "vnu-jar")
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed (make test installs default-jre-headless)")
    html_dir = site.project.html_dir
    pages = site_pages(site)
    canary = tmp_path / "canary.html"  # proves the checker reports what it finds
    canary.write_text(CANARY, encoding="utf-8")

    run = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", "--stdout",
         str(canary), *map(str, pages)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(run.stdout)["messages"]
    errors = [m for m in messages if m["type"] in {"error", "non-document-error"}]
    canary_url = f"file:{canary}"
    assert any(m.get("url") == canary_url for m in errors), run.stdout[:2000] + run.stderr
    errors = [m for m in errors if m.get("url") != canary_url]
    report = "\n".join(
        f"{m.get('url', '?').removeprefix(f'file:{html_dir}/')}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in errors[:20]
    )
    assert not errors, f"{len(errors)} errors from the Nu Html Checker:\n{report}"


def test_every_edition_has_a_valid_feed_and_epub(site: ServedProject) -> None:
    """The real project's Atom feeds parse as Atom and its EPUBs pass the structural check."""
    project = site.project
    for code in project.editions:
        if code != project.source_language and not any(
            project.is_published(code, slug) for slug in project.statements()
        ):
            # An edition that publishes nothing yet (German) offers no empty feed or book.
            assert not (project.html_dir / code / "atom.xml").exists(), code
            assert not list((project.html_dir / code).glob("*.epub")), code
            continue
        feed = feedparser.parse((project.html_dir / code / "atom.xml").read_bytes())
        assert not feed.bozo and feed.version == "atom10", (code, feed.get("bozo_exception"))
        published = {entry.link.rsplit("/", 1)[1][:-5] for entry in feed.entries}
        pages = {path.stem for path in (project.html_dir / code).glob("*.html")
                 if not path.name.endswith(".parallel.html")}  # (beside a statement's page)
        assert published == pages - {"index", "search", "genindex"}, code
        check_epub_structure(project.html_dir / code / f"{epub_name(project, code)}.epub",
                             code, published | {"index"})


#: Sphinx's interface strings that its own catalogs leave in English for some of our
#: languages (they are the same words in none of them).
ENGLISH_INTERFACE = {
    "Link to this heading",
    "Searching for multiple words only shows matches that contain all words.",
    "Please activate JavaScript to enable the search functionality.",
    "Full index on one page", "Table of Contents", "Search Results",
}


class Shown(HTMLParser):
    """Every text and every attribute a reader is shown or read aloud, whitespace folded."""

    def __init__(self) -> None:
        super().__init__()
        self.said: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.said.update(" ".join((value or "").split()) for name, value in attrs
                         if name in {"title", "aria-label", "placeholder", "value", "alt"})

    def handle_data(self, data: str) -> None:
        self.said.add(" ".join(data.split()))


def test_no_page_of_another_edition_shows_sphinx_s_english(site: ServedProject) -> None:
    """Item 4 of issue 18: tooltips, the search page's help and the index heading were
    English in the Arabic and Ukrainian editions; so were the search script's messages."""
    project = site.project
    for code in project.editions:
        if code == project.source_language:
            continue
        english = ENGLISH_INTERFACE | ({"Index", "Search"} if code in {"ar", "uk"} else set())
        for page in sorted((project.html_dir / code).glob("*.html")):
            shown = Shown()
            shown.feed(page.read_text(encoding="utf-8"))
            assert not shown.said & english, (page.name, code, shown.said & english)
        script = (project.html_dir / code / "_static" / "translations.js").read_text("utf-8")
        messages = json.loads(script[script.index("(") + 1:script.rindex(")")])["messages"]
        for message in ("Searching", "Preparing search...", "Search Results"):
            assert messages.get(message), (code, message)


def test_no_page_of_another_edition_shows_one_of_our_english_strings(site: ServedProject
                                                                    ) -> None:
    """Every interface string of ours (editions.po, Sphinx's gaps) that a language translates
    otherwise: none is shown, as a text or an attribute, on that edition's pages or its
    progress page."""
    project = site.project
    catalogs = Path(build.__file__).parent / "locale"
    checked = 0
    for code in project.editions:
        if code == project.source_language:
            continue
        english = set()
        for name in ("editions.po", "sphinx.po"):
            path = catalogs / code / "LC_MESSAGES" / name
            if path.exists():
                english |= {entry.msgid for entry in polib.pofile(str(path))
                            if entry.msgstr and entry.msgstr != entry.msgid
                            and "%" not in entry.msgid and "<" not in entry.msgid}
        pages = [*sorted((project.html_dir / code).glob("*.html")),
                 project.html_dir / "progress" / f"{code}.html"]
        for page in pages:
            shown = Shown()
            shown.feed(page.read_text(encoding="utf-8"))
            assert not shown.said & english, (page.name, code, shown.said & english)
            checked += 1
    assert checked > 10


def test_emphasis_is_not_slanted_in_a_script_without_italics(
    site: ServedProject, new_page: Any
) -> None:
    """Item 5 of issue 18: Arabic has no italic; its emphasis is set in bold, while French
    keeps its italics."""
    page = new_page(375)
    styles = {}
    for code in ("ar", "fr"):
        open_page(page, site, f"{code}/{STATEMENT}.html")
        styles[code] = page.evaluate(
            "[...document.querySelectorAll('article em, .body em')].map(e => "
            "[getComputedStyle(e).fontStyle, getComputedStyle(e).fontWeight])")
        assert styles[code], code  # the statement has emphasis to look at
    assert all(style == "normal" and int(weight) >= 700 for style, weight in styles["ar"])
    assert all(style == "italic" for style, _weight in styles["fr"])


EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def test_every_e_book_passes_epubcheck(site: ServedProject) -> None:
    """Item 1 of issue 18: each edition's EPUB passes epubcheck (Debian's, which ``make test``
    installs), pages right to left in Arabic, and says what it is and who made it."""
    import zipfile

    java = shutil.which("java")
    if java is None or not EPUBCHECK.exists():
        pytest.skip("epubcheck or Java is not installed (make test installs them on Debian)")
    books = sorted(site.project.html_dir.glob("*/*.epub"))
    assert len(books) >= 4
    from concurrent.futures import ThreadPoolExecutor

    def check(book: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([java, "-jar", str(EPUBCHECK), str(book)], capture_output=True,
                              text=True, timeout=300)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(check, books))
    for book, result in zip(books, results, strict=True):
        assert result.returncode == 0, (book.name, result.stdout[-2000:], result.stderr[-2000:])
        with zipfile.ZipFile(book) as archive:
            package = archive.read(next(name for name in archive.namelist()
                                        if name.endswith("content.opf"))).decode("utf-8")
        assert "unknown" not in package, book.name
        direction = "rtl" if book.parent.name == "ar" else "ltr"
        assert f'page-progression-direction="{direction}"' in package, book.name


UKRAINE_FORMS = ["Україна", "України", "Україні", "Україну", "Україною", "Україно"]


def test_ukrainian_forms_meet_in_the_index() -> None:
    """Russian's stemmer, which Ukrainian borrows, knows no "і": "Україні" stemmed apart from
    "Україна" until Ukrainian letters were read as Russian's nearest."""
    from editions.sphinxext.search import search_language

    ukrainian = search_language("uk")({})
    assert {ukrainian.stem(form) for form in UKRAINE_FORMS} == {"украин"}
    assert ukrainian.stem("В’єтнам") != ukrainian.stem("Україна")


def test_the_query_is_stemmed_as_the_index_was(site: ServedProject, new_page: Any) -> None:
    """The search page's JavaScript stemmer gives each Ukrainian form the stem the index has."""
    from editions.sphinxext.search import search_language

    ukrainian = search_language("uk")({})
    page = new_page()
    open_page(page, site, "uk/search.html")
    stems = page.evaluate("(forms) => forms.map((form) => new Stemmer().stemWord(form))",
                          UKRAINE_FORMS)
    assert stems == [ukrainian.stem(form) for form in UKRAINE_FORMS]


@pytest.mark.parametrize(("code", "query", "statement"), [
    ("uk", "Україна", "vietnam-ukraine-solidarity"),  # the text has України, Україною …
    ("ar", "الفلسطينيون", STATEMENT),  # the text has الفلسطيني, الفلسطينيين …
    ("fr", "genocide", STATEMENT),  # the text has génocide
])
def test_search_finds_inflected_and_unaccented_forms(
    site: ServedProject, new_page: Any, code: str, query: str, statement: str
) -> None:
    """Item 3 of issue 18: each edition's search stems in its own language (snowball's,
    Russian's for Ukrainian) and folds accents, in the index as in the query."""
    page = new_page()
    open_page(page, site, f"{code}/search.html?q={query}")
    results = page.locator(f'#search-results a[href*="{statement}.html"]')
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 1
