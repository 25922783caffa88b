"""The real translations: their completion state, read from the catalogs, cannot regress."""

from __future__ import annotations

import csv
import re

import polib
import pytest

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


def entries(code: str, slug: str) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(PROJECT.catalog_path(code, slug))) if not e.obsolete]


def roman(number: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for value, numeral in numerals:
        count, number = divmod(number, value)
        result += numeral * count
    return result


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize(("code", "slug"), sorted(COMPLETION), ids=IDS)
def test_completion_state(code: str, slug: str) -> None:
    catalog = entries(code, slug)
    total = sum(words(e.msgid) for e in catalog)
    done = sum(words(e.msgid) for e in catalog if e.msgstr and not e.fuzzy)
    lowest, highest = COMPLETION[(code, slug)]
    assert lowest <= done / total <= highest, f"{done} of {total} words translated"
    assert not [e.msgid for e in catalog if e.fuzzy]


@pytest.mark.parametrize(("code", "slug"), sorted(COMPLETION), ids=IDS)
def test_translated_segments_keep_markup_and_numbers(code: str, slug: str) -> None:
    for entry in entries(code, slug):
        if not entry.msgstr:
            continue
        for mark in ("**", "*"):
            if entry.msgid.startswith(mark) and entry.msgid.endswith(mark):
                assert entry.msgstr.startswith(mark) and entry.msgstr.endswith(mark), entry.msgstr
                break
        for number in re.findall(r"\d+", entry.msgid):
            # Spanish and French write centuries in Roman numerals: "21st century", "siglo XXI".
            assert number in entry.msgstr or roman(int(number)) in entry.msgstr, (
                number, entry.msgstr
            )
        if words(entry.msgid) > 3:
            assert entry.msgstr != entry.msgid, f"a copy of the English: {entry.msgid[:60]}"


@pytest.mark.parametrize("code", PROJECT.languages)
def test_headers_name_the_team_not_a_person(code: str) -> None:
    for slug in PROJECT.statements():
        metadata = polib.pofile(str(PROJECT.catalog_path(code, slug))).metadata
        assert metadata["Language"] == code
        assert metadata["Language-Team"] == metadata["Last-Translator"]
        assert metadata["Language-Team"].endswith(" translation team")


def uses(translation: str, rendering: str) -> bool:
    """Whether every word of the rendering occurs, allowing for inflected endings."""
    text = translation.casefold()
    return all(
        word[: max(3, len(word) * 2 // 3)] in text for word in rendering.casefold().split()
    )


@pytest.mark.parametrize("code", PROJECT.languages)
def test_glossary_has_the_documented_format_and_is_used(code: str) -> None:
    path = PROJECT.locale_dir / code / "glossary.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["term", "translation", "note"]
        rows = list(reader)
    assert len(rows) >= 25
    assert all(row["term"].strip() and row["translation"].strip() for row in rows)
    # Where a translated segment's source names a glossary term, the rendering is used.
    checked = 0
    for slug in PROJECT.statements():
        for entry in entries(code, slug):
            if not entry.msgstr:
                continue
            for row in rows:
                if re.search(rf"\b{re.escape(row['term'])}\b", entry.msgid):
                    checked += 1
                    assert uses(entry.msgstr, row["translation"]), (row["term"], entry.msgstr)
    assert checked > 0
