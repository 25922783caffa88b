"""The proof of issue 33, end to end without a terminal: on a copy of the real project that
deploys to a folder, served by ``editions workspace`` with its rebuild runner, a French
coordinator brings a new statement in on the desk (preview, then confirm), a translator
suggests its three segments, a reviewer accepts them, and the site a static server serves
from the deployed folder shows the French page; the coordinator publishes it, and then
corrects the original: the published page stays, as its kept version under a notice. Every
step is a person in headless chromium with JavaScript off; the test prints the time from the
last accept, and from the publish click, to the page being served.

A second test opens every page of the desk, and the builds page, in French and Arabic at
360 and 1280 px: each in its language and direction, nothing wider than the screen, no word
of the English interface; with ``EDITIONS_SHOTS=/some/dir`` set, each is also written there
as a screenshot, for a person to look at.
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from editions.project import load_project

from .conftest import EDITIONS, copy_real_project, serve_workspace
from .test_workspace_proof_browser import english_on, source_words
from .test_workspace_teams_browser import Workspace, invitation, join

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1280, "height": 900}}
SHOTS = os.environ.get("EDITIONS_SHOTS", "")
#: How long a rebuild may take to reach the served site before the test says it did not.
LIMIT = 120.0

SLUG = "solidarity-with-the-nurses-of-lyon"
#: A statement as short as one can be: a title, one paragraph, a signature and a date.
PASTED = """\
Solidarity with the nurses of Lyon

The nurses of Lyon have been on strike for 12 days: we stand with them until they win.

Fourth International
3 April 2026
"""
PARAGRAPH = "The nurses of Lyon have been on strike for 12 days: we stand with them until they win."
#: Its French translation, segment by segment, as the translator types it.
FRENCH = {
    "Solidarity with the nurses of Lyon": "Solidarité avec les infirmières de Lyon",
    "Fourth International": "Quatrième Internationale",
    PARAGRAPH: "Les infirmières de Lyon sont en grève depuis 12 jours, et nous sommes à leurs "
               "côtés jusqu’à leur victoire.",
}
CORRECTED = PARAGRAPH.replace("12 days", "13 days")
#: What the served French page must hold (plain words: the build's typography may change
#: the punctuation around them).
SERVED = "sont en grève depuis 12 jours"


@dataclass(frozen=True)
class Site:
    """The workspace, and the deployed folder as a static web server serves it."""

    workspace: Workspace
    folder: Path
    url: str

    def page(self, path: str) -> str | None:
        """The text the served site answers at ``path``; None for an error (404…)."""
        try:
            with urllib.request.urlopen(f"{self.url}/{path}", timeout=10) as answer:
                return answer.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return None


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """(Each request is not worth a line of the test's output.)"""


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """A plain web server on loopback serving ``folder`` (the link each deploy switches: it
    is followed at each request, as nginx does): its address."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The real project deploying to ``www/editions``, its site built and deployed once (as
    whoever installs it does: readers have a site before anyone translates), then served
    by the workspace with its rebuild runner, and the folder by a static server."""
    root = tmp_path_factory.mktemp("p33")
    project = copy_real_project(root / "project")
    folder = root / "www" / "editions"
    with project.conf_py.open("a", encoding="utf-8") as conf:
        conf.write(f"\neditions_deploy = {{'folder': {str(folder)!r}, 'git': None}}\n")
    project = load_project(project.root)
    started = time.monotonic()
    subprocess.run([EDITIONS, "--project", str(project.root), "deploy", "--build"],
                   check=True, capture_output=True, timeout=900)
    print(f"\n(setup: the first build and deploy took {time.monotonic() - started:.0f} s)")
    with serve_workspace(project, root / "state", rebuild=True) as (base_url, env), \
            static_server(folder) as url:
        yield Site(Workspace(project, base_url, env), folder, url)


def waited(what: str, until: Callable[[], Any], limit: float = LIMIT) -> float:
    """Seconds until ``until()`` is true (looked at every 0.2 s); fails after ``limit``."""
    started = time.monotonic()
    while not until():
        if time.monotonic() - started > limit:
            pytest.fail(f"{what}: not after {limit:.0f} s")
        time.sleep(0.2)
    return time.monotonic() - started


def signed_in(browser: Any, site: Site, role: str, name: str, options: dict) -> Any:
    """A page of a new French member in ``role``, joined from their invitation, with
    JavaScript off."""
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, **options)
    page = context.new_page()
    join(page, invitation(site.workspace, "-l", "fr", "--role", role), name)
    return page


def click(page: Any, selector: str) -> None:
    """Press what sends a form or follows a link, and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).first.click()


# -- the steps, each as a person in the browser --------------------------------------------

def bring_in(coordinator: Any, site: Site) -> None:
    """The desk → "Bring a statement in" → paste → preview (nothing written) → confirm."""
    coordinator.goto(f"{site.workspace.base_url}/desk/")
    click(coordinator, "a[href='/desk/import/']")
    coordinator.fill("#id_text", PASTED)
    coordinator.fill("#id_slug", SLUG)
    click(coordinator, "button[value=preview]")
    preview = coordinator.inner_text(".desk-preview")
    assert "Solidarity with the nurses of Lyon" in preview and PARAGRAPH in preview
    assert "Fourth International" in preview
    assert not (site.workspace.project.srcdir / f"{SLUG}.rst").exists()
    click(coordinator, "button[value=confirm]")
    assert coordinator.url.endswith(f"/desk/source/{SLUG}/")
    assert PARAGRAPH in coordinator.inner_text(".source-blocks")


def suggest_all(translator: Any, site: Site) -> None:
    """The statements → the new one → each segment's editor → its French → "Suggest"."""
    translator.goto(f"{site.workspace.base_url}/fr/")
    click(translator, f"a.card-title[href$='/{SLUG}/']")
    segments = translator.url
    for source, french in FRENCH.items():
        translator.goto(segments)
        click(translator, f"li.segment:has(.source:text-is({source!r})) .meta a")
        translator.fill("#id_translation", french)
        click(translator, "button[name=action][value=save]")
        assert translator.locator("#own-suggestion").is_visible(), source
        assert translator.locator("#checks li.finding.error").count() == 0, source


def accept_all(reviewer: Any, site: Site) -> None:
    """The new statement's segments → each one's editor → "Accept" the suggestion."""
    reviewer.goto(f"{site.workspace.base_url}/fr/{SLUG}/")
    segments = reviewer.url
    for source, french in FRENCH.items():
        reviewer.goto(segments)
        click(reviewer, f"li.segment:has(.source:text-is({source!r})) .meta a")
        assert french in reviewer.inner_text(".waiting")
        click(reviewer, ".waiting button[value=accept]")
        assert reviewer.locator(".waiting").count() == 0, source
        assert reviewer.input_value("#id_translation").strip() == french


def builds_settled(coordinator: Any, site: Site) -> bool:
    """The builds page, reloaded: True once no build waits or runs."""
    coordinator.goto(f"{site.workspace.base_url}/builds/")
    return coordinator.locator("li.build-requested, li.build-running").count() == 0


def release(site: Site) -> str:
    """The release the served folder points to now."""
    return os.path.realpath(site.folder)


def served_french(site: Site, *, held: bool = False, other_than: str = "") -> bool:
    """Whether the served site's French page of the statement shows its translation (and,
    with ``held``, the kept-version notice), from a release other than ``other_than``."""
    if other_than and release(site) == other_than:
        return False
    page = site.page(f"fr/{SLUG}.html")
    return page is not None and SERVED in page and ("held-notice" in page) == held


def publish(coordinator: Any, site: Site) -> None:
    """The desk's French publishing table: the statement has no reason left → "Publish"."""
    coordinator.goto(f"{site.workspace.base_url}/desk/fr/publish/")
    row = coordinator.locator(f"#row-{SLUG}")
    assert row.locator(".reasons").count() == 0
    with coordinator.expect_navigation():
        row.locator("button[value=publish]").click()
    assert coordinator.locator(f"#row-{SLUG} p.ok").is_visible()


def correct(coordinator: Any, site: Site) -> None:
    """The desk → the statement's original → "Correct" its paragraph → a new number."""
    coordinator.goto(f"{site.workspace.base_url}/desk/source/{SLUG}/")
    click(coordinator, f".source-blocks li.paragraph:has-text({PARAGRAPH!r}) a")
    coordinator.fill("#id_text", CORRECTED)
    click(coordinator, "button[type=submit].primary")
    assert CORRECTED in coordinator.inner_text(".source-blocks")


def all_builds_succeeded(coordinator: Any, site: Site, reasons: list[str]) -> None:
    """The builds page lists no failed build, and a succeeded one for each of ``reasons``
    (as the page says them in French)."""
    coordinator.goto(f"{site.workspace.base_url}/builds/")
    builds = coordinator.locator("ol.builds > li")
    assert coordinator.locator("ol.builds > li.build-failed").count() == 0, \
        coordinator.inner_text("ol.builds")
    succeeded = coordinator.locator("ol.builds > li.build-succeeded")
    assert succeeded.count() == builds.count() >= 3
    said = succeeded.all_inner_texts()
    for reason in reasons:
        assert any(reason in text for text in said), (reason, said)
    assert all("réussie" in text for text in said), said


def test_a_statement_goes_from_the_desk_to_the_served_site_without_a_terminal(
        site: Site, browser: Any) -> None:
    coordinator = signed_in(browser, site, "coordinator", "Chouette Effraie", PHONE)
    translator = signed_in(browser, site, "translator", "Mésange Huppée", PHONE)
    reviewer = signed_in(browser, site, "reviewer", "Pivert Épeiche", LAPTOP)
    reader = browser.new_context(locale="fr-FR", java_script_enabled=False, **PHONE)
    try:
        assert site.page(f"fr/{SLUG}.html") is None  # (nothing yet of the new statement)
        bring_in(coordinator, site)
        suggest_all(translator, site)
        accept_all(reviewer, site)
        # A complete, reviewed translation reaches its edition at the threshold…
        accepted = waited("the accepted translation on the served site",
                          lambda: served_french(site))
        waited("the builds to settle", lambda: builds_settled(coordinator, site))
        before = release(site)
        clicked = time.monotonic()
        publish(coordinator, site)
        # …the publication rebuilds and deploys the site again (a new release, the page in
        # it)…
        published = waited("a new site after the publication",
                           lambda: served_french(site, other_than=before))
        since_click = time.monotonic() - clicked
        waited("the builds to settle", lambda: builds_settled(coordinator, site))
        # …and, published, the page stays when the original changes: its kept version,
        # under a notice, until the translation catches up.
        correct(coordinator, site)
        held = waited("the kept version after the correction",
                      lambda: served_french(site, held=True))
        waited("the builds to settle", lambda: builds_settled(coordinator, site))
        all_builds_succeeded(coordinator, site, [
            "une déclaration importée", "une suggestion acceptée",
            "une traduction publiée ou retirée", "une déclaration corrigée"])
        page = reader.new_page()
        page.goto(f"{site.url}/fr/{SLUG}.html")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert SERVED in page.inner_text("main")
        assert page.locator(".held-notice").is_visible()
    finally:
        for context in (coordinator.context, translator.context, reviewer.context, reader):
            context.close()
    print(f"\nlast accept → served: {accepted:.1f} s; publish click → served (rebuilt and "
          f"deployed again): {since_click:.1f} s ({published:.1f} s of polling); correction "
          f"→ kept version served: {held:.1f} s")


# -- the desk as its coordinators see it ----------------------------------------------------

#: Each language's coordinator, and the interface locale their browser asks for.
COORDINATORS = {"fr": ("Chevêche d’Athéna", "fr-FR"), "ar": ("بومة الصحراء", "ar")}
WIDTHS = {360: PHONE, 1280: LAPTOP}


def looked_at(page: Any, language: str, name: str, words: frozenset[str]) -> None:
    """The page speaks ``language`` in its direction, fits the screen and shows no word of
    the English interface; shot where asked."""
    width = page.viewport_size["width"]
    where = f"{name} at {width} px in {language}"
    assert page.evaluate("document.documentElement.lang") == language, where
    direction = "rtl" if language == "ar" else "ltr"
    assert page.evaluate("document.documentElement.dir") == direction, where
    assert page.evaluate("document.documentElement.scrollWidth") <= width, where
    english = english_on(page, language, words)
    assert not english, f"English on the {where}: {english}"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"coordinator-{language}-{width}-{name}.png"),
                        full_page=True)


def desk_pages(page: Any, base: str, language: str, slug: str) -> Iterator[str]:
    """Each page of the desk, opened in turn (the import's preview filled in): its name."""
    page.goto(f"{base}/desk/")
    yield "desk"
    page.goto(f"{base}/desk/import/")
    page.fill("#id_text", PASTED.replace("Lyon", "Marseille"))
    click(page, "button[value=preview]")
    assert page.locator(".desk-preview .preview-blocks").count() == 1
    yield "import-preview"
    page.goto(f"{base}/desk/source/{slug}/")
    yield "source"
    click(page, ".source-blocks li.paragraph a")
    yield "correct"
    page.goto(f"{base}/desk/{language}/publish/")
    assert page.locator(f"#row-{slug} .reasons li").count() >= 1  # (nothing translated)
    yield "publish"
    page.goto(f"{base}/desk/{language}/glossary/")
    yield "glossary"
    page.goto(f"{base}/builds/")
    assert page.locator("ol.builds > li").count() >= 1
    yield "builds"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_desk_in_french_and_arabic_on_a_phone_and_a_laptop(
        site: Site, browser: Any, language: str) -> None:
    """With a statement of its own brought in first (so that the publishing table gives
    reasons, and the builds page has builds), every page of the desk at both widths."""
    name, locale = COORDINATORS[language]
    contexts = [browser.new_context(locale=locale, java_script_enabled=False, **options)
                for options in WIDTHS.values()]
    slug = f"{SLUG}-{language}"
    try:
        page = contexts[0].new_page()
        join(page, invitation(site.workspace, "-l", language, "--role", "coordinator"), name)
        contexts[1].add_cookies(contexts[0].cookies())
        page.goto(f"{site.workspace.base_url}/desk/import/")
        page.fill("#id_text", PASTED.replace("Lyon", "Lyon and Marseille"))
        page.fill("#id_slug", slug)
        click(page, "button[value=preview]")
        click(page, "button[value=confirm]")
        words = source_words(site.workspace)
        for context in contexts:
            view = context.new_page()
            for shown in desk_pages(view, site.workspace.base_url, language, slug):
                looked_at(view, language, shown, words)
    finally:
        for context in contexts:
            context.close()
