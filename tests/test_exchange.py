"""XLIFF 1.2 round trip with CAT tools: faithful, byte-stable, and safe on bad input."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from editions import catalogs
from editions.catalogs import exchange
from editions.errors import EditionsError
from editions.project import Project

from .conftest import refused_cleanly, run


@pytest.fixture
def translated(tiny: Project) -> Project:
    catalogs.update(tiny)
    po = polib.pofile(str(tiny.catalog_path("fr", "beta")))
    po.find("Beta statement").msgstr = "Déclaration bêta"
    entry = po.find("Only one paragraph, and no date.")
    entry.msgstr = "Un seul paragraphe, sans date."
    entry.flags.append("fuzzy")
    entry.tcomment = "à relire par l’équipe"
    po.save()
    return tiny


def snapshot(project: Project) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(project.locale_dir.rglob("*.po"))}


def test_round_trip_with_no_edit_changes_no_byte(translated: Project, tmp_path: Path) -> None:
    before = snapshot(translated)
    xliff = tmp_path / "fr.xlf"
    xliff.write_bytes(exchange.export_xliff(translated, "fr"))
    text = xliff.read_text()
    assert 'state="needs-review-translation"' in text  # fuzzy travels
    assert '<note from="translator">à relire par l’équipe</note>' in text
    assert exchange.import_xliff(translated, xliff) == []
    assert snapshot(translated) == before


def test_edits_come_back_with_their_state_and_notes(translated: Project, tmp_path) -> None:
    xliff = tmp_path / "fr.xlf"
    xliff.write_bytes(exchange.export_xliff(translated, "fr", ["beta"]))
    text = xliff.read_text().replace(
        '<target state="needs-review-translation">Un seul paragraphe, sans date.</target>',
        '<target state="translated">Un seul paragraphe, et pas de date.</target>',
    ).replace('<target state="new" />', '<target state="translated">Duncan Chapel</target>', 1)
    xliff.write_text(text)
    [result] = exchange.import_xliff(translated, xliff)
    assert result.changed == 2
    po = polib.pofile(str(translated.catalog_path("fr", "beta")))
    entry = po.find("Only one paragraph, and no date.")
    assert entry.msgstr == "Un seul paragraphe, et pas de date." and not entry.fuzzy
    assert entry.tcomment == "à relire par l’équipe"
    assert po.find("Duncan Chapel").msgstr == "Duncan Chapel"


def test_an_empty_target_never_erases_a_reviewed_translation(translated, tmp_path) -> None:
    xliff = tmp_path / "fr.xlf"
    xliff.write_bytes(exchange.export_xliff(translated, "fr", ["beta"]))
    xliff.write_text(xliff.read_text().replace(">Déclaration bêta<", "><"))
    exchange.import_xliff(translated, xliff)
    po = polib.pofile(str(translated.catalog_path("fr", "beta")))
    assert po.find("Beta statement").msgstr == "Déclaration bêta"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('target-language="fr"', 'target-language="ar"'),
         "the file is for 'ar', its catalog for 'fr'"),
        (lambda t: t[: len(t) // 2], "not a complete XLIFF file"),
        (lambda t: t.replace("LC_MESSAGES/beta.po", "LC_MESSAGES/../../../../x.po"),
         "unknown catalog"),
    ],
)
def test_bad_files_are_refused_and_change_nothing(translated, tmp_path, edit, message) -> None:
    before = snapshot(translated)
    xliff = tmp_path / "fr.xlf"
    exported = exchange.export_xliff(translated, "fr").decode()
    edited = edit(exported.replace(
        "Un seul paragraphe, sans date.", "Un seul paragraphe, modifié."
    ))
    xliff.write_text(edited)
    with pytest.raises(EditionsError) as caught:
        exchange.import_xliff(translated, xliff)
    assert message in str(caught.value)
    assert snapshot(translated) == before


def test_export_is_the_same_whatever_else_registered_a_namespace(
    translated: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ElementTree's namespace prefixes are global to the process: the sitemap, feeds or any
    library may register their own default namespace before an export."""
    from xml.etree import ElementTree

    first = exchange.export_xliff(translated, "fr")
    monkeypatch.setattr(ElementTree, "_namespace_map", dict(ElementTree._namespace_map))
    ElementTree.register_namespace("", "http://www.sitemaps.org/schemas/sitemap/0.9")
    again = exchange.export_xliff(translated, "fr")
    assert again == first
    assert b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"' in again


def test_a_segment_sent_back_twice_is_refused_naming_both_lines(translated, tmp_path) -> None:
    """Found: the later of two units with one id silently won, and the first was named."""
    before = snapshot(translated)
    xliff = tmp_path / "fr.xlf"
    text = exchange.export_xliff(translated, "fr", ["beta"]).decode()
    start = text.index("<trans-unit")
    unit = text[start:text.index("</trans-unit>", start) + len("</trans-unit>")]
    twice = text.replace(unit, unit + "\n" + unit.replace("Déclaration bêta", "Autre"), 1)
    xliff.write_text(twice)
    first = twice[:twice.index(unit)].count("\n") + 1
    second = first + unit.count("\n") + 1
    with pytest.raises(EditionsError) as caught:
        exchange.import_xliff(translated, xliff)
    assert f"is in this file twice (lines {first}, {second})" in str(caught.value)
    assert f"fr.xlf:{second}" in str(caught.value)
    assert snapshot(translated) == before
    # Another statement's unit with the same id (the same sentence) is not among the lines.
    both = exchange.export_xliff(translated, "fr", ["alpha", "beta"]).decode()
    alpha_end = both.index("</file>")
    xliff.write_text(both[:alpha_end] + unit.replace("Déclaration bêta", "Même") + "\n"
                     + both[alpha_end:].replace(unit, unit + "\n" + unit, 1))
    with pytest.raises(EditionsError) as caught:
        exchange.import_xliff(translated, xliff)
    assert str(caught.value).count(",") >= 1 and "twice (lines" in str(caught.value)
    lines = str(caught.value).split("(lines ")[1].split(")")[0].split(", ")
    assert len(lines) == 2 and all(int(line) > both[:alpha_end].count("\n") + 2
                                   for line in lines), str(caught.value)


def test_an_entry_xml_cannot_carry_is_named_and_no_file_written(translated, tmp_path) -> None:
    """Found: a NUL in a catalog's source text made an XLIFF file no tool could read, not
    even this one's import."""
    path = translated.catalog_path("fr", "beta")
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgid "Duncan Chapel"', 'msgid "Duncan\x01Chapel"'), encoding="utf-8")
    line = next(number for number, text in enumerate(
        path.read_text(encoding="utf-8").splitlines(), start=1) if "Duncan" in text)
    with pytest.raises(EditionsError) as caught:
        exchange.export_xliff(translated, "fr")
    assert f"beta.po:{line}: this entry holds a control character (U+0001)" in str(caught.value)
    result = run(translated, "export", "-l", "fr", "-o", str(tmp_path / "no" / "fr.xlf"))
    refused_cleanly(result, "there is no folder")
    assert not (tmp_path / "no").exists()
