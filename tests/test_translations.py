"""The real translations: their completion state, read from the catalogs, cannot regress."""

from __future__ import annotations

import polib
import pytest

from editions import progress
from editions.checks import load_glossary
from editions.project import load_project

from .conftest import REPO

PROJECT = load_project(REPO)
PALESTINE, VIETNAM = "palestine-global-movement", "vietnam-ukraine-solidarity"

#: (language, statement): (lowest, highest) share of source words translated.
COMPLETION = {
    ("fr", PALESTINE): (1.0, 1.0),
    ("fr", VIETNAM): (1.0, 1.0),
    ("es", PALESTINE): (1.0, 1.0),
    ("es", VIETNAM): (1.0, 1.0),
    ("ar", PALESTINE): (1.0, 1.0),
    ("ar", VIETNAM): (0.35, 0.65),  # about half: the edition shows a translation in progress
    ("uk", VIETNAM): (1.0, 1.0),
    ("uk", PALESTINE): (0.0, 0.0),  # not started
    ("de", PALESTINE): (0.2, 0.45),  # about a third
    ("de", VIETNAM): (0.0, 0.0),
}


IDS = [f"{code}/{slug}" for code, slug in sorted(COMPLETION)]
FIGURES = progress.compute(PROJECT, with_checks=False, use_cache=False)


@pytest.mark.parametrize(("code", "slug"), sorted(COMPLETION), ids=IDS)
def test_completion_state(code: str, slug: str) -> None:
    figures = FIGURES.cell(code, slug).figures
    lowest, highest = COMPLETION[(code, slug)]
    assert lowest <= figures.percent / 100 <= highest, (
        f"{figures.translated_words} of {figures.words} words translated"
    )
    assert figures.fuzzy == 0


@pytest.mark.parametrize("code", PROJECT.languages)
def test_headers_name_the_team_not_a_person(code: str) -> None:
    for slug in PROJECT.statements():
        metadata = polib.pofile(str(PROJECT.catalog_path(code, slug))).metadata
        assert metadata["Language"] == code
        assert metadata["Language-Team"] == metadata["Last-Translator"]
        assert metadata["Language-Team"].endswith(" translation team")


@pytest.mark.parametrize("code", PROJECT.languages)
def test_glossary_has_the_documented_format_and_enough_terms(code: str) -> None:
    """Markup, numbers and the glossary's use are checked by `editions check` (the gate in
    test_translation_quality.py); here, that each language has its glossary."""
    terms = load_glossary(PROJECT.locale_dir / code / "glossary.csv")
    assert len(terms) >= 25
