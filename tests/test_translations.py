"""The real translations: their completion state, read from the catalogs, cannot regress."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from editions import progress
from editions.checks import load_glossary
from editions.project import load_project

from .conftest import REPO, copy_real_project

PROJECT = load_project(REPO)
PALESTINE, VIETNAM = "palestine-global-movement", "vietnam-ukraine-solidarity"

#: (language, statement): the lowest share of source words that has a translation (reviewed,
#: or fuzzy after an editor changed the source). Only a floor: a volunteer who finishes a
#: translation, or an editor whose correction turns segments fuzzy, breaks nothing here; that
#: published statements stay complete and clean is the publication gate's business
#: (test_translation_quality.py).
MINIMUM = {
    ("fr", PALESTINE): 1.0,
    ("fr", VIETNAM): 1.0,
    ("es", PALESTINE): 1.0,
    ("es", VIETNAM): 1.0,
    ("ar", PALESTINE): 1.0,
    ("ar", VIETNAM): 0.35,
    ("uk", VIETNAM): 1.0,
    ("uk", PALESTINE): 0.0,
    ("de", PALESTINE): 0.2,
    ("de", VIETNAM): 0.0,
}


IDS = [f"{code}/{slug}" for code, slug in sorted(MINIMUM)]
FIGURES = progress.compute(PROJECT, with_checks=False, use_cache=False)


def kept_share(figures: progress.Figures) -> float:
    return (figures.translated_words + figures.fuzzy_words) / figures.words


@pytest.mark.parametrize(("code", "slug"), sorted(MINIMUM), ids=IDS)
def test_no_translation_was_lost(code: str, slug: str) -> None:
    figures = FIGURES.cell(code, slug).figures
    assert kept_share(figures) >= MINIMUM[(code, slug)], (
        f"{figures.translated_words + figures.fuzzy_words} of {figures.words} words have a "
        "translation"
    )


def test_progress_and_an_edited_source_break_nothing_here(tmp_path) -> None:
    """A volunteer finishes the Arabic Vietnam statement; an editor's correction leaves a
    French segment fuzzy: the floors above still hold."""
    project = copy_real_project(tmp_path / "project")
    path = project.catalog_path("ar", VIETNAM)
    catalog = polib.pofile(str(path))
    for entry in catalog.untranslated_entries():
        entry.msgstr = "ترجمة " + str(len(entry.msgid))
    catalog.save()
    path = project.catalog_path("fr", PALESTINE)
    catalog = polib.pofile(str(path))
    catalog.translated_entries()[3].flags.append("fuzzy")
    catalog.save()
    figures = progress.compute(project, with_checks=False, use_cache=False)
    assert figures.cell("ar", VIETNAM).figures.percent == 100.0
    assert figures.cell("fr", PALESTINE).figures.fuzzy == 1
    for (code, slug), minimum in MINIMUM.items():
        assert kept_share(figures.cell(code, slug).figures) >= minimum


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


def test_interface_translations_cannot_break_or_change_a_page(tmp_path) -> None:
    """The pages put interface translations in as HTML and fill them with %: a translation
    with other tags, a stray quote or a bare per cent sign is left out (English shows), and
    none of the shipped catalogs has one."""
    from babel.messages.pofile import read_po
    from babel.support import Translations

    from editions.interface_catalogs import compile_if_newer, unsafe_translations

    package = Path(__file__).parent.parent / "editions"
    shipped = sorted((package / "site" / "locale").rglob("*.po"))
    shipped += sorted((package / "workspace" / "locale").rglob("*.po"))
    assert len(shipped) >= 10
    for path in shipped:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=path.parts[-3])
        assert not unsafe_translations(catalog), (path, unsafe_translations(catalog)[0].id)

    po = tmp_path / "editions.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Statement"\nmsgstr "Déclaration\\" onfocus=\\"alert(1)"\n\n'
        'msgid "Badges"\nmsgstr "Badges <img src=https://tracker.example/p.png>"\n\n'
        'msgid "Done"\nmsgstr "100 % fait"\n\n'
        'msgid "%(num)s words left"\nmsgstr "%(nombre)s mots restants"\n\n'
        'msgid "How to help"\nmsgstr "Comment aider"\n', encoding="utf-8")
    mo = tmp_path / "fr" / "LC_MESSAGES" / "editions.mo"
    compile_if_newer(po, mo, "fr")
    translations = Translations.load(str(tmp_path), ["fr"], "editions")
    for english in ("Statement", "Badges", "Done", "%(num)s words left"):
        assert translations.gettext(english) == english
    assert translations.gettext("How to help") == "Comment aider"
