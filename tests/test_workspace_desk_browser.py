"""The coordinator's desk in a real browser, with JavaScript off, on a 360 px phone: an
administrator brings a statement in (preview, then confirm), corrects a paragraph of it,
opens the publishing table and the glossary; every page in the interface language, nothing
wider than the screen. With ``EDITIONS_SHOTS=/some/dir``, the pages are also written there
as screenshots at 360 and 1280 px, for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, copy_real_project, serve_workspace
from .test_workspace_desk import PASTED
from .test_workspace_teams_browser import Workspace, invitation

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1280, "height": 900}}
SHOTS = os.environ.get("EDITIONS_SHOTS", "")
NAMES = {"fr": "Chouette Hulotte", "ar": "بومة بيضاء"}
SLUG = "solidarity-with-the-dockers-of-genoa"


@pytest.fixture(scope="module")
def desk_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("desk")
    project = copy_real_project(root / "project")
    with serve_workspace(project, root / "state") as (base_url, env):
        yield Workspace(project, base_url, env)


def _look(page: Any, language: str, name: str) -> None:
    """The page is in the interface language and fits the screen; shot where asked."""
    assert page.locator("html").get_attribute("lang") == language
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"desk-{language}-{width}-{name}.png"),
                        full_page=True)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_administrator_uses_the_desk_on_a_phone_without_javascript(
        desk_workspace: Workspace, browser: Any, language: str) -> None:
    link = invitation(desk_workspace, "--admin")
    phone = browser.new_context(locale=language, java_script_enabled=False, **PHONE)
    laptop = browser.new_context(locale=language, java_script_enabled=False, **LAPTOP)
    page = phone.new_page()
    try:
        page.goto(link)
        page.fill("#id_username", NAMES[language])
        page.fill("#id_password1", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        laptop.add_cookies(phone.cookies())
        wide = laptop.new_page()
        base = desk_workspace.base_url
        for view in (page, wide):
            view.goto(f"{base}/desk/")
            _look(view, language, "desk")
        slug = f"{SLUG}-{language}"
        page.goto(f"{base}/desk/import/")
        page.fill("#id_text", PASTED)
        page.fill("#id_slug", slug)
        with page.expect_navigation():
            page.click("button[value=preview]")
        assert "every one of them with dismissal." in page.inner_text(".preview-blocks")
        assert not (desk_workspace.project.srcdir / f"{slug}.rst").exists()
        _look(page, language, "preview")
        wide.goto(f"{base}/desk/import/")
        wide.fill("#id_text", PASTED)
        wide.click("button[value=preview]")
        _look(wide, language, "preview")
        with page.expect_navigation():
            page.click("button[value=confirm]")
        assert (desk_workspace.project.srcdir / f"{slug}.rst").exists()
        assert page.url.endswith(f"/desk/source/{slug}/")
        page.click(".source-blocks li.paragraph a")
        _look(page, language, "correct")
        page.fill("#id_text", "We call on every union and every council to do the same.")
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert "every council" in (desk_workspace.project.srcdir / f"{slug}.rst").read_text(
            encoding="utf-8")
        _look(page, language, "source")
        for name in ("publish", "glossary"):
            for view in (page, wide):
                view.goto(f"{base}/desk/{language}/{name}/")
                _look(view, language, name)
    finally:
        phone.close()
        laptop.close()
