"""A team in a real browser: two volunteers accept their invitations (printed by `editions
workspace invite`), a translator suggests, asks a question, a reviewer answers and accepts;
axe-core finds no violation on the pages a team sees."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polib
import pytest

from editions.catalogs import entries as catalog_entries
from editions.project import Project

from .conftest import (
    AXE,
    EDITIONS,
    PASSWORD,
    STATEMENT,
    copy_real_project,
    describe_violations,
    require_tool,
    serve_workspace,
)


@dataclass(frozen=True)
class Workspace:
    project: Project
    base_url: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def team_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("team")
    project = copy_real_project(root / "project")
    with serve_workspace(project, root / "state") as (base_url, env):
        yield Workspace(project, base_url, env)


def invitation(workspace: Workspace, *args: str) -> str:
    result = subprocess.run([EDITIONS, "--project", str(workspace.project.root), "workspace",
                             "invite", "--url", workspace.base_url, *args],
                            capture_output=True, text=True, timeout=120,
                            env=workspace.env)
    assert result.returncode == 0, result.stderr
    return re.search(r"(http://\S+/join/\S+/)", result.stdout).group(1)


def join(page: Any, link: str, name: str) -> None:
    page.goto(link)
    page.fill("#id_username", name)
    page.fill("#id_password1", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_selector(".account")


def test_a_suggestion_is_asked_about_answered_accepted_and_reverted(team_workspace: Workspace,
                                                           browser: Any) -> None:
    workspace = team_workspace
    translator_link = invitation(workspace, "-l", "fr", "--role", "translator")
    reviewer_link = invitation(workspace, "-l", "fr", "--role", "reviewer")
    contexts = [browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
                for width in (375, 1280)]
    translator, reviewer = (context.new_page() for context in contexts)
    try:
        assert "/login/" in translator.goto(f"{workspace.base_url}/fr/").url
        join(translator, translator_link, "Mésange")
        join(reviewer, reviewer_link, "Pivert")
        entry = next(e for e in catalog_entries.read_entries(workspace.project, "fr", STATEMENT)
                     if re.search(r"\d", e.source) and e.translation)
        url = f"{workspace.base_url}/fr/{STATEMENT}/{entry.key}/"
        translator.goto(url)
        text = entry.translation + " Nous le redisons."
        translator.fill("#id_translation", text)
        translator.click("button[value=save]")
        translator.wait_for_selector(".messages")
        translator.fill("#id_comment", "Faut-il garder « Nakba » ? <img src=x onerror="
                                       "\"document.title='pwned'\"> [x](javascript:alert(1))")
        translator.click("#comments-heading ~ form button[type=submit]")
        path = workspace.project.catalog_path("fr", STATEMENT)
        assert polib.pofile(str(path)).find(entry.source).msgstr == entry.translation
        reviewer.goto(url)
        assert "Faut-il garder" in reviewer.locator(".comments").inner_text()
        # Untrusted text is text: no element made of it, no script run.
        assert reviewer.locator(".comments img, .comments a[href^=javascript]").count() == 0
        assert reviewer.title() != "pwned"
        reviewer.click(".comments button[name=resolve]")
        reviewer.wait_for_selector(".comments li.resolved")
        assert "Nous le redisons." in reviewer.locator(".waiting").inner_text()
        reviewer.click(".waiting button[value=accept]")
        reviewer.wait_for_selector(".messages")
        assert polib.pofile(str(path)).find(entry.source).msgstr == text
        assert reviewer.locator(".waiting").count() == 0
        # A coordinator sees who changed what, and reverts it.
        coordinator = contexts[0].browser.new_context(locale="fr-FR")
        contexts.append(coordinator)
        page = coordinator.new_page()
        join(page, invitation(workspace, "-l", "fr", "--role", "coordinator"), "Chouette")
        page.goto(url)
        assert "Pivert" in page.locator(".history li").first.inner_text()
        page.locator(".history li").first.locator("button").click()
        page.wait_for_selector(".messages")
        assert polib.pofile(str(path)).find(entry.source).msgstr == entry.translation
    finally:
        for context in contexts:
            context.close()


@pytest.mark.parametrize("locale", ["fr-FR", "ar"])
def test_axe_on_the_pages_a_team_sees(team_workspace: Workspace, browser: Any,
                                      locale: str) -> None:
    axe = require_tool(AXE, "axe-core")
    workspace = team_workspace
    link = invitation(workspace, "-l", "ar", "--role", "coordinator")
    context = browser.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    try:
        pages = [f"{workspace.base_url}/login/", link]
        for address in pages:
            page.goto(address)
            page.add_script_tag(path=str(axe))
            results = page.evaluate("axe.run()")
            assert not results["violations"], describe_violations(results["violations"])
        join(page, link, f"Hudhud{locale[:2]}")
        entry = catalog_entries.read_entries(workspace.project, "ar", STATEMENT)[1]
        for address in [f"{workspace.base_url}/", f"{workspace.base_url}/ar/{STATEMENT}/",
                        f"{workspace.base_url}/team/ar/", f"{workspace.base_url}/account/",
                        f"{workspace.base_url}/ar/{STATEMENT}/{entry.key}/"]:
            page.goto(address)
            page.add_script_tag(path=str(axe))
            results = page.evaluate("axe.run()")
            assert not results["violations"], describe_violations(results["violations"])
    finally:
        context.close()


def test_an_accept_over_a_colleagues_newer_correction_shows_both_and_writes_nothing(
        team_workspace: Workspace, browser: Any) -> None:
    """Found (issue 30, point 7): reviewer B, on a page loaded before A's correction,
    accepted a suggestion; A's text was gone from the PO file, no conflict shown."""
    workspace = team_workspace
    contexts = [browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800})
                for _ in range(3)]
    translator, first, second = (context.new_page() for context in contexts)
    try:
        join(translator, invitation(workspace, "-l", "fr", "--role", "translator"), "Grive")
        join(first, invitation(workspace, "-l", "fr", "--role", "reviewer"), "Rouge-gorge")
        join(second, invitation(workspace, "-l", "fr", "--role", "reviewer"), "Bouvreuil")
        entry = [e for e in catalog_entries.read_entries(workspace.project, "fr", STATEMENT)
                 if e.translation and not e.fuzzy][2]
        url = f"{workspace.base_url}/fr/{STATEMENT}/{entry.key}/"
        translator.goto(url)
        translator.fill("#id_translation", entry.translation + " Suggéré.")
        translator.click("button[value=save]")
        translator.wait_for_selector(".messages")
        second.goto(url)  # (B reads the page, with the suggestion, before A's correction)
        first.goto(url)
        first.fill("#id_translation", entry.translation + " Corrigé par A.")
        first.click("button[value=save]")
        first.wait_for_selector(".messages")
        path = workspace.project.catalog_path("fr", STATEMENT)
        second.click(".waiting button[value=accept]")
        second.wait_for_selector("#current-version")
        assert "Corrigé par A." in second.locator("#current-version").inner_text()
        assert "Suggéré." in second.locator("#suggested-version").inner_text()
        assert polib.pofile(str(path)).find(entry.source).msgstr.endswith("Corrigé par A.")
        # Back on the segment, the page carries what the file holds now: the accept goes.
        second.goto(url)
        second.click(".waiting button[value=accept]")
        second.wait_for_selector(".messages")
        assert polib.pofile(str(path)).find(entry.source).msgstr.endswith("Suggéré.")
        assert "Bouvreuil" in second.locator(".history li").first.inner_text()
    finally:
        for context in contexts:
            context.close()
