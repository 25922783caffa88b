"""A careless user's input (found by a review that tried it): whatever a name, a path or a
broken file holds, the command says it as it is, in one message, and never counts what it
cannot read as done."""

from __future__ import annotations

import json

from editions import catalogs
from editions.project import Project

from .conftest import refused_cleanly, run


def test_brackets_and_colons_in_what_is_typed_are_words_not_markup(tiny: Project) -> None:
    """Found: "[/x]" in a message was read as the terminal's markup (a traceback), and
    ":x:" as an emoji code."""
    for command in (["check", "-l", "[/x]"], ["status", "-l", "[/x]"], ["todo", "-l", "[/x]"],
                    ["add-language", "[/x]"], ["todo", "-l", ":x:"]):
        result = run(tiny, *command)
        refused_cleanly(result, command[-1])
        assert "❌" not in result.output


def test_a_catalog_that_cannot_be_read_counts_as_nothing_done(tiny: Project) -> None:
    """Found: a broken or missing catalog showed as 100 % done, with exit status 0."""
    catalogs.update(tiny)
    broken = tiny.catalog_path("fr", "beta")
    broken.write_text(broken.read_text(encoding="utf-8") + "\n[/bold] oops\n",
                      encoding="utf-8")
    tiny.catalog_path("ar", "alpha").unlink()

    shown = run(tiny, "status")
    assert shown.exit_code == 1 and "Traceback" not in shown.output, shown.output
    assert "holds '[/bold]'" in shown.output and "not counted:" in shown.output
    assert "no catalog: run 'editions update'" in shown.output
    data = json.loads(run(tiny, "status", "--format", "json").output)
    cells = {(cell["language"], cell["statement"]): cell for cell in data["cells"]}
    for cell in (cells[("fr", "beta")], cells[("ar", "alpha")]):
        assert cell["error"] and cell["percent"] == 0.0 and cell["words"] > 0, cell
    todo = run(tiny, "todo", "-l", "fr")
    assert todo.exit_code == 0 and "holds '[/bold]'" in todo.output, todo.output


def test_a_title_typed_over_two_lines_is_one_title(tiny: Project) -> None:
    """Found: ``editions new $'Ti\\ntle'`` wrote a statement without a title."""
    result = run(tiny, "new", "Our\nappeal", "--author", "The Collective")
    assert result.exit_code == 0, result.output
    source = (tiny.srcdir / "our-appeal.rst").read_text(encoding="utf-8")
    assert source.startswith("Our appeal\n==========\n"), source


def test_a_folder_where_a_catalog_should_be_is_one_clear_line(tiny: Project) -> None:
    """Found: the hint read "(; no catalog was written)"."""
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    path.unlink()
    path.mkdir()
    result = run(tiny, "update")
    refused_cleanly(result, "a folder stands where the catalog should be",
                    "no catalog was written")
    assert "(;" not in result.output


def test_a_new_language_is_the_one_typed_or_none(tiny: Project) -> None:
    """Found: 'und' declared American English (a translation into the source language),
    'iw' Hebrew of Israel beside Hebrew, 'root' a language named "root", 'sr@latin' Serbian
    named in Cyrillic: babel reads each as another language than typed."""
    before = tiny.conf_py.read_bytes()
    for code, said in (("und", "names no language"), ("root", "names no language"),
                       ("iw", "'iw' is an old code for Hebrew (use 'he')"),
                       ("sr@latin", "'sr_Latn'")):
        refused_cleanly(run(tiny, "add-language", code), said)
    assert tiny.conf_py.read_bytes() == before


def test_a_declared_language_typed_another_way_is_that_language(tiny: Project) -> None:
    """Found: '-l FR' was "not declared", with the hint to add FR (then refused as
    declared already); conf.py declaring a language twice was taken silently."""
    catalogs.update(tiny)
    assert run(tiny, "todo", "-l", "FR").exit_code == 0
    assert run(tiny, "status", "-l", "Ar", "--format", "json").exit_code == 0
    tiny.conf_py.write_text(tiny.conf_py.read_text(encoding="utf-8").replace(
        "editions_languages = ['fr', 'ar']", "editions_languages = ['fr', 'ar', 'fr']"),
        encoding="utf-8")
    refused_cleanly(run(tiny, "status"), "'fr' is in editions_languages twice")
    tiny.conf_py.write_text(tiny.conf_py.read_text(encoding="utf-8").replace(
        "['fr', 'ar', 'fr']", "['fr', 'ar', 'FR']"), encoding="utf-8")
    refused_cleanly(run(tiny, "status"), "'FR' is in editions_languages twice")


def test_searching_the_memory_for_nothing_is_said(tiny: Project) -> None:
    """Found: 'tm search ""' listed every entry as containing ''."""
    catalogs.update(tiny)
    refused_cleanly(run(tiny, "tm", "search", "-l", "fr", " "), "give the words to look for")


def test_unreadable_catalogs_count_as_not_done_on_a_fresh_clone_too(tiny: Project) -> None:
    """Found by a review: without the templates (a fresh clone: _build/ is not committed) an
    unreadable catalog still showed as 100 %; a folder in its place ended the command."""
    import shutil

    catalogs.update(tiny)
    shutil.rmtree(tiny.build_dir)
    broken = tiny.catalog_path("fr", "beta")
    broken.write_text('msgid "unclosed\n', encoding="utf-8")
    folder = tiny.catalog_path("ar", "beta")
    folder.unlink()
    folder.mkdir()
    shown = run(tiny, "status", "--no-checks", "--format", "json")
    assert shown.exit_code == 1 and "Traceback" not in shown.output, shown.output
    cells = {(cell["language"], cell["statement"]): cell
             for cell in json.loads(shown.output)["cells"]}
    for key in (("fr", "beta"), ("ar", "beta")):
        assert cells[key]["percent"] == 0.0 and cells[key]["words"] > 0, cells[key]
    assert "a folder stands where the catalog should be" in cells[("ar", "beta")]["error"]
