"""Catalog integrity, second pass: what a careless user and an attacker still got through,
each tried the way it was found (the file or command a volunteer would produce)."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import polib
import pytest

from editions import catalogs
from editions.catalogs import entries as catalog_entries
from editions.catalogs import exchange
from editions.catalogs.validity import is_blank
from editions.checks import CheckRun, check_project
from editions.errors import EditionsError
from editions.project import Project

from .conftest import EDITIONS, copy_real_project, refused_cleanly, run, translate_beta, tree_digest

PALESTINE = "palestine-global-movement"
#: What shows as nothing: spaces of every kind, zero-width and bidi marks, fillers.
INVISIBLE = [" ", "\u00a0", "\u2009", "\u202f", "\u3000", "\u200b", "\u200e", "\u2060",
             "\ufeff", "\u3164", "\u2800", "\t", "\n"]
#: Controls no translation may bring in (C1 ones are valid in XML, so XLIFF carries them).
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x85",
            "\x9f"]


def blanks(count: int, seed: int = 24) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(INVISIBLE) for _ in range(rng.randint(1, 6)))
            for _ in range(count)]


@pytest.fixture
def exported(tiny: Project, tmp_path: Path) -> tuple[Project, Path, str]:
    """The tiny project's French beta statement, translated and reviewed, then exported."""
    catalogs.update(tiny)
    translate_beta(tiny)
    xliff = tmp_path / "fr.xlf"
    xliff.write_bytes(exchange.export_xliff(tiny, "fr", ["beta"]))
    return tiny, xliff, xliff.read_text(encoding="utf-8")


REVIEWED = "Un seul paragraphe, sans date."
TARGET = f'<target state="translated">{REVIEWED}</target>'


def _xml(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c in "\t\n" or ord(c) > 127 else c for c in text)


# 1. A blank translation never replaces a reviewed one, by any writer.
@pytest.mark.parametrize("target", [
    "<target state=\"translated\"> </target>",
    "<target state=\"translated\">\u00a0</target>",
    "<target state=\"translated\"><mrk mtype=\"seg\" mid=\"1\"> </mrk></target>",
    "<target state=\"translated\">\u200b</target>",
])
def test_a_blank_xliff_target_is_no_target(exported, target: str) -> None:
    project, xliff, text = exported
    xliff.write_text(text.replace(TARGET, target), encoding="utf-8")
    before = tree_digest(project.root)
    assert exchange.import_xliff(project, xliff) == []
    assert tree_digest(project.root) == before


def test_no_blank_text_replaces_a_translation_through_any_writer(exported) -> None:
    """A property over 60 random blank texts: through the XLIFF import and the workspace's
    one-entry writer, the reviewed translation stays."""
    project, xliff, text = exported
    [entry] = [e for e in catalog_entries.read_entries(project, "fr", "beta")
               if e.translation == REVIEWED]
    for blank in blanks(60):
        assert is_blank(blank)
        target = f'<target state="translated">{_xml(blank)}</target>'
        xliff.write_text(text.replace(TARGET, target), encoding="utf-8")
        assert exchange.import_xliff(project, xliff) == []
        with pytest.raises(EditionsError, match="empty translation"):
            catalog_entries.edit_entry(
                catalog_entries.StatementCatalog(project, "fr", "beta"),
                catalog_entries.Edit(entry.key, blank, fuzzy=False, expected=(REVIEWED, False)))
        assert polib.pofile(str(project.catalog_path("fr", "beta"))).find(
            entry.source).msgstr == REVIEWED
    assert not is_blank("\u200ba") and not is_blank("٠")


# 2. Control characters: refused where catalogs are read, so by every writer and command.
def test_a_nul_in_a_msgstr_is_named_by_check_export_and_build(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path / "real")
    path = project.catalog_path("fr", PALESTINE)
    po = polib.pofile(str(path))
    entry = po.translated_entries()[2]
    entry.msgstr = entry.msgstr[:10] + "\x00" + entry.msgstr[10:]
    po.save()
    line = next(number for number, text in enumerate(
        path.read_text(encoding="utf-8").splitlines(), 1) if "\x00" in text)
    report = check_project(project, ["fr"], [PALESTINE], use_cache=False,
                           run=CheckRun(stale=False))
    [finding] = [f for f in report.errors if f.check == "po-syntax"]
    assert "U+0000" in finding.message and 0 <= line - finding.line < 12  # (its entry)
    refused_cleanly(run(project, "export", "-l", "fr", PALESTINE, "-o",
                        str(tmp_path / "out.xlf")), "U+0000", f"{PALESTINE}.po:")
    assert not (tmp_path / "out.xlf").exists()
    refused_cleanly(run(project, "build", "-l", "fr"), "U+0000")


@pytest.mark.parametrize("char", CONTROLS)
def test_no_writer_takes_a_control_character(exported, char: str) -> None:
    project, xliff, text = exported
    [entry] = [e for e in catalog_entries.read_entries(project, "fr", "beta")
               if e.translation == REVIEWED]
    before = tree_digest(project.root)
    with pytest.raises(EditionsError, match=f"U\\+{ord(char):04X}"):
        catalog_entries.edit_entry(
            catalog_entries.StatementCatalog(project, "fr", "beta"),
            catalog_entries.Edit(entry.key, "Un" + char + "seul", fuzzy=False,
                                 expected=(REVIEWED, False)))
    if ord(char) >= 0x7f:  # (XML 1.0 itself refuses the others, even as &#…;)
        target = f'<target state="translated">Un&#{ord(char)};seul</target>'
        xliff.write_text(text.replace(TARGET, target), encoding="utf-8")
        result = run(project, "import-translations", str(xliff))
        refused_cleanly(result, f"U+{ord(char):04X}", "fr.xlf:")
    assert tree_digest(project.root) == before


def test_a_tab_or_control_the_source_has_may_stand_in_its_translation(tiny: Project) -> None:
    from editions.catalogs.validity import control_problem

    assert control_problem("a\tb", "x\ty") == ""
    assert "U+0009" in str(control_problem("a b", "x\ty"))
    assert control_problem("a b", "x\ny") == ""  # Sphinx reads it as a space
    assert "line break" in str(control_problem("a b", "x\ny", inner_line_breaks=False))


# 3. Every setting of conf.py is validated where conf.py is read: one line, no traceback.
@pytest.mark.parametrize(("line", "named", "expected"), [
    ("editions_published = None", "editions_published is None", "dict of lists"),
    ("editions_check_severity = None", "editions_check_severity is None", "dict of check"),
    ("editions_publication = {'languages': {'fr': None}}",
     "editions_publication['languages']['fr'] is None", "must be a dict"),
    ("editions_languages = 'fr'", "editions_languages is str 'fr'", "list of language codes"),
    ("editions_languages = ['fr', None]", "editions_languages is list", "language codes"),
    ("editions_workspace_url = 3", "editions_workspace_url is int 3", "an address"),
    ("html_baseurl = None", "html_baseurl is None", "an address"),
    ("editions_published = {'fr': None}", "editions_published['fr']", "list of statement"),
    ("raise ValueError('a mistake')", "conf.py stopped with ValueError: a mistake",
     "correct that line"),
])
def test_a_setting_of_the_wrong_type_is_named_in_one_line(tmp_path: Path, line: str,
                                                          named: str, expected: str) -> None:
    project = copy_real_project(tmp_path / "real")
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8") + line + "\n",
                               encoding="utf-8")
    for command in (["status"], ["check"], ["update"], ["build", "-l", "fr"]):
        result = run(project, *command)
        refused_cleanly(result, named, expected, "conf.py")
        assert len(result.output.strip().splitlines()) == 1, result.output


# 8. Unclear messages: one plain line each, what is wrong, where, what to do.
def test_a_path_given_as_a_language_is_not_sent_to_add_language(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path / "real")
    result = run(project, "update", "-l", "../fr")
    refused_cleanly(result, "'../fr' is not a language code", "declared codes: en, fr")
    assert "add-language" not in result.output


def test_an_xliff_entity_declaration_is_explained(exported) -> None:
    project, xliff, text = exported
    xliff.write_text(text.replace('<?xml version="1.0" encoding="utf-8"?>', "").replace(
        "<xliff", '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<xliff', 1),
        encoding="utf-8")
    result = run(project, "import-translations", str(xliff))
    refused_cleanly(result, "declares XML entities", "nothing was changed")
    assert "EntitiesForbidden" not in result.output


def test_an_empty_po_file_is_said_to_be_empty(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path / "real")
    project.catalog_path("fr", PALESTINE).write_bytes(b"")
    result = run(project, "update", "-l", "fr")
    refused_cleanly(result, f"{PALESTINE}.po:1: the file is empty", "git checkout")
    assert "header" not in result.output


# 5. The header fields Poedit writes survive every writer (update, import, the workspace).
POEDIT_FIELDS = ('"X-Generator: Poedit 3.4.2\\n"\n"X-Poedit-Basepath: ../../..\\n"\n'
                 '"X-Poedit-SearchPath-0: source\\n"\n')


def test_poedit_header_fields_survive_update_and_a_workspace_save(tmp_path: Path,
                                                                  msgfmt: str) -> None:
    project = copy_real_project(tmp_path / "real")
    path = project.catalog_path("fr", PALESTINE)
    text = path.read_text(encoding="utf-8")
    marker = '"Content-Transfer-Encoding: 8bit\\n"\n'
    path.write_text(text.replace(marker, marker + POEDIT_FIELDS, 1), encoding="utf-8")
    source = project.statement_source(PALESTINE)
    source.write_text(source.read_text(encoding="utf-8") + "\nA paragraph added later.\n",
                      encoding="utf-8")
    run(project, "update", "-l", "fr")
    assert "A paragraph added later." in path.read_text(encoding="utf-8")
    entry = next(e for e in catalog_entries.read_entries(project, "fr", PALESTINE)
                 if e.source == "A paragraph added later.")
    catalog_entries.edit_entry(
        catalog_entries.StatementCatalog(project, "fr", PALESTINE),
        catalog_entries.Edit(entry.key, "Un paragraphe ajouté plus tard.", fuzzy=False,
                             expected=("", False)))
    metadata = polib.pofile(str(path)).metadata
    assert metadata["X-Generator"] == "Poedit 3.4.2"
    assert metadata["X-Poedit-Basepath"] == "../../.."
    assert metadata["X-Poedit-SearchPath-0"] == "source"
    assert list(metadata).count("X-Generator") == 1
    from .conftest import msgfmt_check

    assert msgfmt_check(msgfmt, path).returncode == 0


# 4. A strict build still succeeds after a catalog changed (Sphinx's .buildinfo.bak).
def test_a_strict_build_after_a_catalog_changed_succeeds(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path / "real")

    def build() -> subprocess.CompletedProcess[str]:  # (a process each, as a user runs it)
        return subprocess.run([EDITIONS, "--project", str(project.root), "build", "--strict",
                               "-l", "fr"], capture_output=True, text=True, timeout=600)

    assert build().returncode == 0
    path = project.catalog_path("fr", PALESTINE)
    po = polib.pofile(str(path))
    entry = next(e for e in po.translated_entries() if " Gaza" in e.msgstr)
    entry.msgstr = entry.msgstr.replace(" Gaza", " Gaza-ville", 1)
    po.save()
    result = build()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Gaza-ville" in (project.html_dir / "fr" / f"{PALESTINE}.html").read_text("utf-8")


# 6. An import takes what still matches and hands back, with its text, what does not.
def test_an_import_after_update_takes_what_matches_and_reports_the_rest(tiny: Project,
                                                                       tmp_path: Path) -> None:
    catalogs.update(tiny)
    xliff = tmp_path / "fr.xlf"
    xliff.write_bytes(exchange.export_xliff(tiny, "fr", ["alpha"]))
    text = xliff.read_text(encoding="utf-8")
    translations = {
        "The first paragraph speaks of 77 years of struggle.":
            "Le premier paragraphe parle de 77 ans de lutte.",
        "The second paragraph will be edited by a test.":
            "Le deuxième paragraphe sera modifié par un test.",
        "The third paragraph will be removed by a test.":
            "Le troisième paragraphe sera supprimé par un test.",
        "A heading": "Un intertitre",
    }
    for source, translation in translations.items():
        text = re.sub(rf"<source>{re.escape(source)}</source>\s*<target[^>]*?(/>|>.*?</target>)",
                      f'<source>{source}</source><target state="translated">{translation}'
                      "</target>", text, count=1, flags=re.DOTALL)
        assert translation in text
    xliff.write_text(text, encoding="utf-8")
    alpha = tiny.srcdir / "alpha.rst"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace(
        "will be edited by a test", "was edited by a coordinator"), encoding="utf-8")
    catalogs.update(tiny)
    result = run(tiny, "import-translations", str(xliff))
    assert result.exit_code == 0, result.output
    assert "Imported 3 segments; 1 segment not imported" in " ".join(result.output.split())
    assert "Le deuxième paragraphe sera modifié par un test." in result.output
    po = polib.pofile(str(tiny.catalog_path("fr", "alpha")))
    assert po.find("A heading").msgstr == "Un intertitre"
    assert po.find("The first paragraph speaks of 77 years of struggle.").msgstr.startswith("Le")
    assert not po.find("The second paragraph was edited by a coordinator.").msgstr


# 7. A moved paragraph: the catalog follows the source's order, with current references.
def test_a_moved_paragraph_moves_in_the_catalog_with_its_reference(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path / "real")
    slug = "vietnam-ukraine-solidarity"
    source = project.statement_source(slug)
    paragraphs = source.read_text(encoding="utf-8").split("\n\n")
    plain = [i for i, text in enumerate(paragraphs)
             if len(text) > 200 and not text.startswith((" ", ".."))]
    first, last = plain[0], plain[-1]
    paragraphs[first], paragraphs[last] = paragraphs[last], paragraphs[first]
    source.write_text("\n\n".join(paragraphs), encoding="utf-8")
    before = {e.msgid: e.msgstr for e in polib.pofile(str(project.catalog_path("fr", slug)))}
    result = run(project, "update", "-l", "fr")
    assert "segments moved" in result.output and "1 written" in result.output
    catalog = polib.pofile(str(project.catalog_path("fr", slug)))
    lines = source.read_text(encoding="utf-8").split("\n")
    body = [e for e in catalog if len(e.msgid) > 200]
    for entry in body:
        assert lines[int(entry.occurrences[0][1]) - 1].startswith(entry.msgid[:40])
    assert [int(e.occurrences[0][1]) for e in catalog] == sorted(
        int(e.occurrences[0][1]) for e in catalog)
    assert {e.msgid: e.msgstr for e in catalog} == before  # nothing lost, nothing fuzzy
    assert "0 written" in run(project, "update", "-l", "fr").output
