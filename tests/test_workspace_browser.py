"""The workspace in a real browser (Playwright driving Debian's chromium), as volunteers use it:
keyboard only, in French on a laptop and in Arabic on a 375 px phone, with axe-core on every
page of both interfaces. The server is ``editions workspace`` itself, started on loopback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import polib
import pytest

from .conftest import (
    AXE,
    NEW_PARAGRAPHS,
    SCREENSHOTS,
    STATEMENT,
    ServedProject,
    _entries,
    describe_violations,
    msgfmt_check,
    require_tool,
)

FRENCH = [
    "En 2024, 300 délégués de 12 pays se sont réunis en solidarité.",
    "L’assemblée a appelé à la fin de l’occupation.",
    "L’assemblée a appelé à la fin de l’occupation de Gaza.",
]
ARABIC = [
    "في عام 2024، اجتمع 300 مندوب من 12 دولة تضامنًا.",
    "دعت الجمعية إلى إنهاء الاحتلال.",
    "دعت الجمعية إلى إنهاء الاحتلال في غزة.",
]


@pytest.fixture
def new_page(browser: Any, workspace: ServedProject) -> Iterator[Any]:
    """Pages at a width and in an interface language; every request they make is recorded,
    and any to another host fails the test."""
    contexts, requests = [], []

    def make(width: int = 1280, locale: str = "fr-FR", bypass_csp: bool = False) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale,
                                      bypass_csp=bypass_csp)
        context.on("request", lambda request: requests.append(request.url))
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    elsewhere = [url for url in requests if not url.startswith(workspace.base_url)]
    assert not elsewhere, f"requests to another host: {elsewhere[:5]}"


def _translate_three_by_keyboard(page: Any, workspace: ServedProject, language: str,
                                 texts: list[str]) -> None:
    """Open the untranslated segments, translate the three with the keyboard alone: the
    first is typed with a number missing, the live check says so, then it is corrected."""
    response = page.goto(workspace.url(f"/{language}/{STATEMENT}/?show=untranslated"))
    assert response.ok
    assert page.locator("ol.segments > li").count() == 3
    for _ in range(60):  # Tab to the first segment's link, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-first')"):
            break
    else:
        pytest.fail("the first segment's link is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_translation:focus")
    expect = pytest.importorskip("playwright.sync_api").expect  # (its waits need no eval)
    # Nothing written yet is said in the muted colour, not in the green of "no problem".
    expect(page.locator("#checks p.todo")).to_be_visible()
    dropped = texts[0].replace("300 ", "")
    page.keyboard.type(dropped)
    page.wait_for_selector("#checks .finding.error[data-check='numbers']")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    expect(page.locator("#checks p.todo")).to_be_visible()
    page.keyboard.type(texts[0])
    expect(page.locator("#checks .finding.error")).to_have_count(0)
    expect(page.locator("#checks p.ok")).to_be_visible()
    expect(page.locator("#preview")).to_contain_text(texts[0])
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#id_translation:focus")
    page.keyboard.type(texts[1])
    page.keyboard.press("Control+Enter")
    # The third is the second with two words more: the memory offers the second's
    # translation, inserted with Alt+1, then completed.
    page.wait_for_selector("#id_translation:focus")
    expect(page.locator(".suggestion-text").first).to_have_text(texts[1])
    page.keyboard.press("Alt+1")
    expect(page.locator("#id_translation")).to_have_value(texts[1])
    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.type(texts[2][len(texts[1]) - 1:])
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(rf"/{language}/{STATEMENT}/\?"))  # the list: all done


def _assert_holds_exactly(workspace: ServedProject, language: str, before: dict[str, str],
                          texts: list[str], msgfmt: str) -> None:
    path = workspace.project.catalog_path(language, STATEMENT)
    after = {e.msgid: e.msgstr for e in polib.pofile(str(path)) if not e.obsolete}
    for source, text in zip(NEW_PARAGRAPHS, texts, strict=True):
        assert after.pop(source) == text
        before.pop(source)
    assert after == before
    assert not [e for e in polib.pofile(str(path)).fuzzy_entries() if e.msgid in NEW_PARAGRAPHS]
    assert msgfmt_check(msgfmt, path).returncode == 0


def test_french_volunteer_translates_three_segments_with_the_keyboard(
        workspace: ServedProject, new_page: Any, msgfmt: str) -> None:
    path = workspace.project.catalog_path("fr", STATEMENT)
    before = {e.msgid: e.msgstr for e in polib.pofile(str(path)) if not e.obsolete}
    page = new_page(1280, "fr-FR")
    _translate_three_by_keyboard(page, workspace, "fr", FRENCH)
    assert page.locator("html").get_attribute("lang") == "fr"
    _assert_holds_exactly(workspace, "fr", before, FRENCH, msgfmt)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(workspace.url(f"/fr/{STATEMENT}/{_entries(workspace.project, 'fr')[3].key}/"))
    page.screenshot(path=str(SCREENSHOTS / "workspace-fr-1280.png"), full_page=True)


def test_arabic_volunteer_on_a_phone_right_to_left(workspace: ServedProject, new_page: Any,
                                                   msgfmt: str) -> None:
    path = workspace.project.catalog_path("ar", STATEMENT)
    before = {e.msgid: e.msgstr for e in polib.pofile(str(path)) if not e.obsolete}
    page = new_page(375, "ar")
    page.goto(workspace.url(f"/ar/{STATEMENT}/"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    _translate_three_by_keyboard(page, workspace, "ar", ARABIC)
    _assert_holds_exactly(workspace, "ar", before, ARABIC, msgfmt)
    entry = _entries(workspace.project, "ar")[2]
    page.goto(workspace.url(f"/ar/{STATEMENT}/{entry.key}/"))
    field = page.locator("#id_translation")
    assert field.evaluate("field => getComputedStyle(field).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The shortcuts: copy the source, toggle "needs work", back to the list.
    page.keyboard.press("Alt+C")
    assert field.input_value() == entry.source
    checked = page.locator("#id_fuzzy").is_checked()
    page.keyboard.press("Alt+W")
    assert page.locator("#id_fuzzy").is_checked() is not checked
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workspace-ar-375.png"), full_page=True)
    page.keyboard.press("Alt+L")
    page.wait_for_selector("ol.segments")


def test_two_browsers_on_one_segment_both_texts_survive(workspace: ServedProject,
                                                        new_page: Any) -> None:
    entry = next(e for e in _entries(workspace.project, "es") if e.translation)
    url = workspace.url(f"/es/{STATEMENT}/{entry.key}/")
    first, second = new_page(1280, "es-ES"), new_page(375, "es-ES")
    first.goto(url)
    second.goto(url)
    first.fill("#id_translation", entry.translation + " (primera)")
    first.click("button[value=save]")
    first.wait_for_selector(".messages")
    second.fill("#id_translation", entry.translation + " (segunda)")
    second.click("button[value=save]")
    second.wait_for_selector(".conflict")
    assert "(primera)" in second.locator("#their-version").inner_text()
    assert second.locator("#id_translation").input_value().endswith("(segunda)")
    saved = polib.pofile(str(workspace.project.catalog_path("es", STATEMENT))).find(entry.source)
    assert saved.msgstr.endswith("(primera)")
    second.click("button[value=save]")  # yours over theirs, knowingly
    second.wait_for_selector(".messages")
    saved = polib.pofile(str(workspace.project.catalog_path("es", STATEMENT))).find(entry.source)
    assert saved.msgstr.endswith("(segunda)")


def _pages(workspace: ServedProject) -> list[str]:
    fr = _entries(workspace.project, "fr")
    ar = _entries(workspace.project, "ar")
    return ["/", "/fr/", f"/fr/{STATEMENT}/", f"/fr/{STATEMENT}/?show=errors",
            f"/fr/{STATEMENT}/{fr[1].key}/", "/ar/", f"/ar/{STATEMENT}/",
            f"/ar/{STATEMENT}/{ar[1].key}/", "/fr/no-such-statement/", "/login/",
            "/join/" + "x" * 43 + "/", "/builds/"]


@pytest.mark.parametrize("locale", ["fr-FR", "ar"])
def test_axe_finds_no_violation_on_any_page(workspace: ServedProject, new_page: Any,
                                            locale: str) -> None:
    axe = require_tool(AXE, "axe-core")
    page = new_page(1280, locale, bypass_csp=True)  # (to inject axe itself)
    for path in _pages(workspace):
        page.goto(workspace.url(path))
        page.add_script_tag(path=str(axe))
        results = page.evaluate("axe.run()")
        assert results["passes"], "axe-core checked nothing"
        assert not results["violations"], f"{path}:\n{describe_violations(results['violations'])}"
