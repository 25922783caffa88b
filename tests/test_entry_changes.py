"""One way to change an entry: the workspace, the XLIFF import and the update's pre-fill take a
translation by the same rules (blank text, control characters, line breaks, ``#|``, comments,
fuzzy), and the import runs the per-segment check the workspace runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Message

from editions import catalogs
from editions.catalogs import entries as catalog_entries
from editions.catalogs import exchange
from editions.catalogs.memory import MemoryEntry
from editions.checks import check_translation
from editions.errors import EditionsError
from editions.project import Project

from .conftest import _po, run

NUMBERS = "The first paragraph speaks of 77 years of struggle."
EDITED = "The second paragraph will be edited by a test."
REWORDED = "The second paragraph was edited by a test."
ONE_LINE = "Only one paragraph, and no date."


def _target(text: str, source: str, target: str) -> str:
    """The export with ``source``'s target (empty or not) replaced."""
    start = text.index(f"<source>{source}</source>")
    end = text.index("\n", text.index("<target", start))
    return text[:start] + f"<source>{source}</source>\n        {target}" + text[end:]


@pytest.fixture
def fuzzy_with_previous(tiny: Project) -> Project:
    """alpha's second paragraph translated and reviewed, then reworded: fuzzy, with ``#|``."""
    catalogs.update(tiny)
    po = _po(tiny, statement="alpha")
    po.find(EDITED).msgstr = "Le deuxième paragraphe sera modifié par un test."
    po.save()
    source = tiny.statement_source("alpha")
    source.write_text(source.read_text().replace(EDITED, REWORDED))
    catalogs.update(tiny)
    entry = _po(tiny, statement="alpha").find(REWORDED)
    assert entry.fuzzy and entry.previous_msgid == EDITED
    return tiny


def _export(project: Project, tmp_path: Path, statement: str) -> tuple[Path, str]:
    xliff = tmp_path / "fr.xlf"
    xliff.write_bytes(exchange.export_xliff(project, "fr", [statement]))
    return xliff, xliff.read_text()


def test_an_xliff_import_marks_a_translation_with_an_error_as_needing_work(
        tiny: Project, tmp_path: Path) -> None:
    """As the workspace does: the check ``editions check`` runs, an error kept out of the
    published edition, and the segment named in the import's report."""
    catalogs.update(tiny)
    wrong = "Le premier paragraphe parle de 78 ans de lutte."
    assert any(f.severity == "error" for f in check_translation(
        tiny, "fr", "alpha", NUMBERS, wrong))
    xliff, text = _export(tiny, tmp_path, "alpha")
    xliff.write_text(_target(text, NUMBERS, f'<target state="translated">{wrong}</target>'))
    result = run(tiny, "import-translations", str(xliff))
    assert result.exit_code == 0, result.output
    entry = _po(tiny, statement="alpha").find(NUMBERS)
    assert entry.msgstr == wrong and entry.fuzzy
    assert "needs work" in result.output and "77" in result.output
    assert f"{xliff}:" in result.output  # the segment's line in the file
    # A clean one is taken as reviewed; a second import of the same file changes nothing.
    right = "Le premier paragraphe parle de 77 ans de lutte."
    xliff.write_text(_target(text, NUMBERS, f'<target state="translated">{right}</target>'))
    result = run(tiny, "import-translations", str(xliff))
    assert "needs work" not in result.output
    assert not _po(tiny, statement="alpha").find(NUMBERS).fuzzy
    assert "Nothing to change" in run(tiny, "import-translations", str(xliff)).output


def test_reviewing_a_fuzzy_entry_drops_its_previous_text_in_every_path(
        fuzzy_with_previous: Project, tmp_path: Path) -> None:
    project = fuzzy_with_previous
    xliff, text = _export(project, tmp_path, "alpha")
    taken = "Le deuxième paragraphe a été modifié par un test."
    xliff.write_text(_target(text, REWORDED, f'<target state="translated">{taken}</target>'))
    exchange.import_xliff(project, xliff)
    entry = _po(project, statement="alpha").find(REWORDED)
    assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == (taken, False, None)
    assert "#|" not in project.catalog_path("fr", "alpha").read_text()


def test_a_fuzzy_entry_keeps_its_previous_text_while_it_stays_fuzzy(
        fuzzy_with_previous: Project, tmp_path: Path) -> None:
    project = fuzzy_with_previous
    xliff, text = _export(project, tmp_path, "alpha")
    xliff.write_text(_target(text, REWORDED, '<target state="needs-review-translation">'
                             'Le deuxième paragraphe, modifié.</target>'))
    exchange.import_xliff(project, xliff)
    assert _po(project, statement="alpha").find(REWORDED).previous_msgid == EDITED
    [entry] = [e for e in catalog_entries.read_entries(project, "fr", "alpha")
               if e.source == REWORDED]
    catalog_entries.edit_entry(
        catalog_entries.StatementCatalog(project, "fr", "alpha"),
        catalog_entries.Edit(entry.key, "Le deuxième, modifié.", fuzzy=True,
                             expected=(entry.translation, True)))
    assert _po(project, statement="alpha").find(REWORDED).previous_msgid == EDITED


def test_the_one_rule_for_previous_text_blank_text_and_line_breaks() -> None:
    """The function every writer calls, on babel messages: what the pre-fill meets too."""
    reviewed = Message(EDITED, "Traduit.", flags={"fuzzy"}, previous_id=["Before."])
    assert catalog_entries.apply_translation(reviewed, "Traduit.", fuzzy=False).changed
    assert (reviewed.fuzzy, reviewed.previous_id) == (False, [])
    # A translation made for the segment as it is now has nothing it was made from.
    filled = Message(EDITED, "", previous_id=["Before."])
    assert catalog_entries.apply_translation(filled, "Rempli.", fuzzy=True).changed
    assert (filled.fuzzy, filled.previous_id) == (True, [])
    # A text that shows nothing is no text, and never replaces one.
    for blank in ("\u00a0", " \u200b "):
        empty = Message(EDITED, "")
        assert not catalog_entries.apply_translation(empty, blank, fuzzy=True).changed
        assert (empty.string, empty.fuzzy) == ("", False)
    with pytest.raises(catalog_entries.Refused, match="empty translation"):
        catalog_entries.apply_translation(reviewed, " ", fuzzy=False)
    # Line ends as a PO file holds them; a line break the source lacks is refused.
    two_lines = Message("One\nparagraph.", "")
    catalog_entries.apply_translation(two_lines, "Un\r\nparagraphe.", fuzzy=False)
    assert two_lines.string == "Un\nparagraphe."
    with pytest.raises(catalog_entries.Refused, match="line break"):
        catalog_entries.apply_translation(Message(EDITED, ""), "Un\nde plus.", fuzzy=False)


def test_an_xliff_target_with_a_line_break_its_source_lacks_is_refused(
        tiny: Project, tmp_path: Path) -> None:
    """As the workspace refuses it (an Enter pressed in a one-line segment)."""
    catalogs.update(tiny)
    xliff, text = _export(tiny, tmp_path, "beta")
    xliff.write_text(_target(text, ONE_LINE, '<target state="translated">Un seul\n'
                             'paragraphe, sans date.</target>'))
    before = tiny.catalog_path("fr", "beta").read_bytes()
    result = run(tiny, "import-translations", str(xliff))
    assert result.exit_code == 1 and "line break" in result.output, result.output
    assert "nothing was changed" in result.output
    assert tiny.catalog_path("fr", "beta").read_bytes() == before


def test_notes_are_taken_as_the_comment_lines_a_catalog_holds(
        tiny: Project, tmp_path: Path) -> None:
    """A note of several lines becomes as many translator comments, so that importing the
    same file again changes nothing."""
    catalogs.update(tiny)
    xliff, text = _export(tiny, tmp_path, "beta")
    xliff.write_text(_target(text, ONE_LINE, '<target state="translated">Un seul paragraphe, '
                             'sans date.</target>\n        <note from="translator">à relire\n'
                             '\n   par l’équipe  </note>'))
    [result] = exchange.import_xliff(tiny, xliff)
    assert result.changed == 1
    assert _po(tiny, statement="beta").find(ONE_LINE).tcomment == "à relire\npar l’équipe"
    assert exchange.import_xliff(tiny, xliff) == []
    long_note = "une note bien plus longue qu’une ligne de catalogue, " * 3
    xliff.write_text(xliff.read_text().replace("par l’équipe  ", long_note))
    [result] = exchange.import_xliff(tiny, xliff)
    assert result.changed == 1 and len(
        _po(tiny, statement="beta").find(ONE_LINE).tcomment.split()) > 20
    assert exchange.import_xliff(tiny, xliff) == []


def test_the_update_prefills_only_what_a_volunteer_could_have_saved(tiny: Project) -> None:
    """A memory translation that shows nothing, or holds a line break its source lacks, is
    not pre-filled; an exact one is, fuzzy, with its comment."""
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    path.unlink()
    template = catalogs.load_catalog(tiny.build_dir / "gettext" / "beta.pot")
    for text, filled in (("\u00a0", False), ("Un seul\nparagraphe.", False),
                         ("Un seul paragraphe.", True)):
        memory = {ONE_LINE: MemoryEntry(ONE_LINE, text, "alpha", 1)}
        _result, catalog = catalogs.plan_merge(path, template, "fr", memory)
        message = catalog[ONE_LINE]
        assert (message.string == text, message.fuzzy) == (filled, filled), text
        assert any("translation memory" in c for c in message.user_comments) == filled


def test_the_workspace_refuses_what_the_import_refuses(tiny: Project) -> None:
    catalogs.update(tiny)
    [entry] = [e for e in catalog_entries.read_entries(tiny, "fr", "beta")
               if e.source == ONE_LINE]
    with pytest.raises(EditionsError, match="line break"):
        catalog_entries.edit_entry(
            catalog_entries.StatementCatalog(tiny, "fr", "beta"),
            catalog_entries.Edit(entry.key, "Un\nseul.", fuzzy=False, expected=("", False)))


def test_a_fuzzy_entry_sent_back_unchanged_as_reviewed_with_an_error_is_unchanged() -> None:
    """An XLIFF re-imported as it was: the check keeps the entry needing work, as it is, so
    nothing is counted or written."""
    message = Message("77 years.", "78 ans.", flags=["fuzzy"])
    applied = catalog_entries.apply_translation(message, "78 ans.", fuzzy=False,
                                                check=lambda _text: ["[numbers] 77"])
    assert not applied.changed and applied.errors and message.fuzzy
