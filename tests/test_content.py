"""The project's own content: the statements keep the seed's words, and every edition builds."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from editions import catalogs, progress
from editions.project import Project, load_project
from editions.site import build

from .conftest import REPO, SEED, copy_real_project, msgfmt_check

PROJECT = load_project(REPO)
CATALOGS = sorted(PROJECT.locale_dir.glob("*/LC_MESSAGES/*.po"))


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real project in a temporary folder, so tests never write into the repository."""
    return copy_real_project(tmp_path_factory.mktemp("real") / "project")


def words(text: str) -> list[str]:
    """Words with markup asterisks and link brackets removed: what a reader reads."""
    text = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", text)  # the seed's link with no target
    return text.replace("*", "").split()


def seed_statements() -> list[tuple[list[str], str]]:
    """Each statement of the seed: its words (headings and text), and its closing line."""
    statements = []
    for block in SEED.read_text(encoding="utf-8").split("\n---\n"):
        lines = [line.lstrip("#").strip() for line in block.strip().splitlines() if line.strip()]
        *body, closing = lines
        statements.append((words(" ".join(body)), closing))
    return statements


@pytest.mark.skipif(not SEED.exists(), reason=f"the seed file is not beside the repository: {SEED}")
def test_statements_keep_every_word_of_the_seed(copy: Project) -> None:
    pot_dir = catalogs.extract(copy)
    expected = {
        "palestine-global-movement": ("Fourth International", "13 July 2025", "2025-07-13"),
        "vietnam-ukraine-solidarity": ("Duncan Chapel", "Duncan Chapel", ""),
    }
    for (seed_words, closing), slug in zip(seed_statements(), expected, strict=True):
        author, seed_closing, iso_date = expected[slug]
        assert closing == seed_closing
        segments = [e.msgid for e in polib.pofile(str(pot_dir / f"{slug}.pot"))]
        assert segments[1] == author  # the signatory, as a translatable segment
        assert words(" ".join(segments[:1] + segments[2:])) == seed_words
        source = copy.statement_source(slug).read_text(encoding="utf-8")
        assert (f":date: {iso_date}" in source) == bool(iso_date)
        assert ":original-language: en" in source


def test_no_page_break_splits_a_paragraph() -> None:
    for slug in PROJECT.statements():
        for paragraph in PROJECT.statement_source(slug).read_text(encoding="utf-8").split("\n\n"):
            text = paragraph.strip()
            if text and not text.startswith(("..", ":", "*", "**")) and "\n" not in text:
                assert text[-1] in ".!?”\"" or text.endswith("South Africa"), text


def test_every_statement_has_a_catalog_in_every_language() -> None:
    expected = {(code, slug) for code in PROJECT.languages for slug in PROJECT.statements()}
    found = {(p.parent.parent.name, p.stem) for p in CATALOGS}
    assert found == expected


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_catalog_passes_msgfmt_check(path: Path, msgfmt: str) -> None:
    result = msgfmt_check(msgfmt, path)
    assert result.returncode == 0, result.stderr


def test_catalogs_are_current_with_the_sources(copy: Project) -> None:
    results = catalogs.update(copy)
    assert {r.status for r in results} == {"unchanged"}, [
        (str(r.path), r.status) for r in results if r.status != "unchanged"
    ]


def test_all_editions_build_without_a_single_warning(copy: Project) -> None:
    report = build.build(copy, strict=True)
    assert report.ok, [(r.language, r.errors, r.warnings) for r in report.results]
    assert [r.language for r in report.results] == ["en", "fr", "es", "de", "ar", "uk"]
    figures = progress.compute(copy)
    for result in report.results:
        for slug in copy.statements():
            published = result.language == "en" or figures.cell(result.language, slug).published
            page = copy.html_dir / result.language / f"{slug}.html"
            assert page.exists() == published, page
