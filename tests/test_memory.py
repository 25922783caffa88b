"""The translation memory: pre-fill on update (fuzzy, never published unreviewed), suggestions
and concordance search."""

from __future__ import annotations

import polib

from editions import catalogs, progress
from editions.catalogs import memory
from editions.project import Project

from .conftest import run

SHARED = "The first paragraph speaks of 77 years of struggle."


def test_update_prefills_an_exact_match_as_fuzzy(tiny: Project) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "alpha")
    po = polib.pofile(str(path))
    po.find(SHARED).msgstr = "Le premier paragraphe parle de 77 ans de lutte."
    po.save()
    beta = tiny.statement_source("beta")
    beta.write_text(beta.read_text() + f"\n{SHARED}\n")

    catalogs.update(tiny)

    entry = polib.pofile(str(tiny.catalog_path("fr", "beta"))).find(SHARED)
    assert entry.msgstr == "Le premier paragraphe parle de 77 ans de lutte."
    assert entry.fuzzy  # reviewed by a volunteer before it is published
    assert "translation memory (alpha)" in entry.tcomment
    assert polib.pofile(str(tiny.catalog_path("ar", "beta"))).find(SHARED).msgstr == ""
    figures = progress.compute(tiny, with_checks=False).cell("fr", "beta").figures
    assert figures.fuzzy == 1 and not progress.compute(tiny).cell("fr", "beta").published


def test_suggest_and_search(tiny: Project) -> None:
    catalogs.update(tiny)
    po = polib.pofile(str(tiny.catalog_path("fr", "alpha")))
    po.find(SHARED).msgstr = "Le premier paragraphe parle de 77 ans de lutte."
    po.save()
    entries = memory.load_memory(tiny, "fr")
    [(best, score)] = memory.suggest(entries, "The first paragraph speaks of 78 years of struggle.")
    assert best.statement == "alpha" and 90 < score < 100
    assert memory.search(entries, "77 ANS") == [best]

    beta = tiny.statement_source("beta")
    beta.write_text(beta.read_text() + "\nThe first paragraph speaks of 78 years of struggle.\n")
    catalogs.update(tiny)
    result = run(tiny, "suggest", "-l", "fr", "beta")
    assert result.exit_code == 0, result.output
    assert "Le premier paragraphe parle de 77 ans de lutte." in result.output
    assert "(alpha)" in result.output
    found = run(tiny, "tm", "search", "-l", "fr", "lutte")
    assert "1 entry contains 'lutte'" in found.output
    assert run(tiny, "suggest", "-l", "en", "beta").exit_code == 1
    assert "unknown statement 'gamma'" in run(tiny, "suggest", "-l", "fr", "gamma").stderr
