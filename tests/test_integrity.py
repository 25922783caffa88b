"""Catalog integrity on the ordinary paths: each test is one way main lost or broke a catalog,
or wrote outside the project, before the catalog layer was hardened (issue 14)."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest

from editions import catalogs, progress
from editions.catalogs import exchange
from editions.checks import check_project
from editions.errors import EditionsError
from editions.project import Project, load_project

from .conftest import (
    EDITIONS,
    copy_real_project,
    msgfmt_check,
    refused_cleanly,
    run,
    translate_beta,
    tree_digest,
)

PALESTINE = "palestine-global-movement"


@pytest.fixture
def real(tmp_path: Path) -> Project:
    return copy_real_project(tmp_path / "real")


# 1. A normal edit of a long paragraph, then update: the catalogs stay valid.
def test_rewording_a_long_paragraph_keeps_the_catalog_valid_and_the_previous_text(
    real: Project, msgfmt: str
) -> None:
    source = real.statement_source(PALESTINE)
    text = source.read_text(encoding="utf-8")
    old = next(p for p in text.split("\n\n") if p.startswith("For 77 years"))
    source.write_text(text.replace("have been trying", "have tried", 1), encoding="utf-8")
    result = run(real, "update", "-l", "fr")
    assert result.exit_code == 0, result.output
    path = real.catalog_path("fr", PALESTINE)
    check = msgfmt_check(msgfmt, path)
    assert check.returncode == 0, check.stderr
    entry = polib.pofile(str(path)).find(old.replace("have been trying", "have tried", 1))
    assert entry.fuzzy and entry.previous_msgid == old  # the text it was translated from
    assert entry.msgstr.startswith("Depuis 77 ans")
    assert "#| msgid \"\"\n#| \"For 77 years" in path.read_text(encoding="utf-8")
    report = check_project(real, ["fr"], [PALESTINE], use_cache=False)
    assert "po-syntax" not in {finding.check for finding in report.findings}
    # The previous text survives the next update, as msgmerge keeps it.
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph.\n",
                      encoding="utf-8")
    catalogs.update(real, ["fr"])
    again = polib.pofile(str(path)).find(old.replace("have been trying", "have tried", 1))
    assert again.fuzzy and again.previous_msgid == old
    assert msgfmt_check(msgfmt, path).returncode == 0


# 2. Two writers at once: the second waits for the first (see test_concurrency.py for races).
def test_a_second_writer_waits_for_the_first(tiny: Project) -> None:
    from editions.storage import project_lock

    catalogs.update(tiny)
    source = tiny.statement_source("beta")
    source.write_text(source.read_text() + "\nA paragraph added while another writes.\n")
    with project_lock(tiny):
        update = subprocess.Popen([EDITIONS, "--project", str(tiny.root), "update"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            update.wait(timeout=1.5)
            pytest.fail("update wrote while another writer held the lock")
        except subprocess.TimeoutExpired:
            pass
        assert "A paragraph added" not in tiny.catalog_path("fr", "beta").read_text()
    _out, err = update.communicate(timeout=60)
    assert update.returncode == 0, err
    assert "waiting for" in err and "to finish writing this project" in err
    assert "A paragraph added" in tiny.catalog_path("fr", "beta").read_text()


# 3. No write outside the project, whatever the slug.
@pytest.mark.parametrize("slug", ["../../x", "ABSOLUTE", "Upper-Case", "a--b", "ça",
                                  "x/../../y", ".hidden", "-dash", "index"])
def test_import_and_new_refuse_a_slug_that_is_not_one(tiny: Project, tmp_path: Path,
                                                      slug: str) -> None:
    if slug == "ABSOLUTE":  # a path outside the project, whose writes the digest would see
        slug = str(tmp_path / "outside")
    statement = tmp_path / "statement.md"
    statement.write_text("# A title\n\nOne paragraph.\n\nFourth International\n")
    before = tree_digest(tmp_path)
    refused_cleanly(run(tiny, "import", str(statement), "--slug", slug))
    refused_cleanly(run(tiny, "new", "A title", "--author", "Fourth International",
                        "--slug", slug))
    assert tree_digest(tmp_path) == before
    assert sorted(p.name for p in tmp_path.rglob("*.rst")) == ["alpha.rst", "beta.rst",
                                                               "index.rst"]


def test_a_source_file_named_as_no_slug_is_an_error_to_rename(tiny: Project) -> None:
    (tiny.srcdir / "My Statement.rst").write_text("Title\n=====\n")
    result = run(tiny, "status")
    refused_cleanly(result, "My Statement.rst", "is not a statement name", "my-statement")


def test_statement_arguments_are_slugs(tiny: Project) -> None:
    catalogs.update(tiny)
    refused_cleanly(run(tiny, "check", "-l", "fr", "../../../etc/passwd"),
                    "is not a statement name")
    refused_cleanly(run(tiny, "suggest", "-l", "fr", "../beta"), "is not a statement name")


# 4. XLIFF: inline elements are mapped or refused; an empty target erases nothing.
@pytest.fixture
def exported(tiny: Project, tmp_path: Path) -> tuple[Project, Path, str]:
    catalogs.update(tiny)
    po = polib.pofile(str(tiny.catalog_path("fr", "beta")))
    entry = po.find("Only one paragraph, and no date.")
    entry.msgstr, entry.flags = "Un seul paragraphe, sans date.", ["fuzzy"]
    po.save()
    xliff = tmp_path / "fr.xlf"
    xliff.write_bytes(exchange.export_xliff(tiny, "fr", ["beta"]))
    return tiny, xliff, xliff.read_text()


def _with_target(text: str, source: str, target: str) -> str:
    start = text.index(f"<source>{source}</source>")
    end = text.index("</target>", start) + len("</target>")
    return text[:start] + f"<source>{source}</source>\n        {target}" + text[end:]


def test_an_inline_tag_with_no_markup_to_map_to_is_refused_with_its_segment(exported) -> None:
    project, xliff, text = exported
    xliff.write_text(_with_target(text, "Beta statement",
                                  '<target>Début <g id="1">gras</g> fin</target>'))
    before = tree_digest(project.root)
    result = run(project, "import-translations", str(xliff))
    refused_cleanly(result, "<g id='1'>", "segment", "nothing was changed")
    line = xliff.read_text().splitlines().index(
        next(text for text in xliff.read_text().splitlines() if "Beta statement" in text)) + 1
    assert f"fr.xlf:{line - 1}:" in result.output or f"fr.xlf:{line}:" in result.output
    assert tree_digest(project.root) == before


def test_segmented_and_native_code_targets_come_back_as_text_and_markup(exported) -> None:
    project, xliff, text = exported
    text = _with_target(text, "Beta statement",
                        '<target state="translated"><mrk mtype="seg" mid="1">Déclaration '
                        '<ph id="1">*</ph>bêta<ph id="2">*</ph></mrk></target>')
    xliff.write_text(text)
    [result] = exchange.import_xliff(project, xliff)
    assert result.changed == 1
    entry = polib.pofile(str(project.catalog_path("fr", "beta"))).find("Beta statement")
    assert entry.msgstr == "Déclaration *bêta*"


def test_an_empty_target_never_erases_a_fuzzy_translation(exported) -> None:
    project, xliff, text = exported
    xliff.write_text(text.replace(">Un seul paragraphe, sans date.<", "><"))
    before = tree_digest(project.root)
    assert exchange.import_xliff(project, xliff) == []
    assert tree_digest(project.root) == before
    entry = polib.pofile(str(project.catalog_path("fr", "beta"))).find(
        "Only one paragraph, and no date.")
    assert entry.msgstr == "Un seul paragraphe, sans date." and entry.fuzzy


# 5. A header that lies about the encoding is named, and no command rewrites the file.
def test_a_charset_header_that_lies_is_named_and_nothing_is_rewritten(real: Project) -> None:
    path = real.catalog_path("fr", PALESTINE)
    path.write_bytes(path.read_bytes().replace(b"charset=utf-8", b"charset=ISO-8859-1"))
    before = tree_digest(real.root)
    report = check_project(real, ["fr"], [PALESTINE], use_cache=False)
    [finding] = [f for f in report.findings if f.path.endswith(f"{PALESTINE}.po")]
    assert finding.check == "po-syntax" and "ISO-8859-1" in finding.message
    assert "charset=UTF-8" in finding.message
    refused_cleanly(run(real, "update", "-l", "fr"), "ISO-8859-1", "no catalog was written")
    refused_cleanly(run(real, "build", "-l", "fr"), "ISO-8859-1")
    assert tree_digest(real.root) == before


def test_a_file_in_another_encoding_says_which_its_header_claims(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes('msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
                     'msgid "a"\nmsgstr "é"\n'.encode("latin-1"))
    with pytest.raises(EditionsError, match=r"not UTF-8 \(its header says ISO-8859-1\)"):
        catalogs.load_catalog(path)


# 6. What msgfmt refuses, the tool refuses, with a message a volunteer can act on.
def test_a_duplicate_entry_is_refused_by_check_update_and_build(real: Project,
                                                                msgfmt: str) -> None:
    path = real.catalog_path("fr", PALESTINE)
    text = path.read_text(encoding="utf-8")
    first = text.index("\n\n#:") + 2
    entry = text[first: text.index("\n\n", first) + 2]
    path.write_text(text + "\n" + entry, encoding="utf-8")
    assert msgfmt_check(msgfmt, path).returncode != 0
    before = tree_digest(real.root)
    report = check_project(real, ["fr"], [PALESTINE], use_cache=False)
    [finding] = [f for f in report.findings if f.check == "po-syntax"]
    assert "a second entry for the same source text" in finding.message
    assert finding.line > text.count("\n")
    refused_cleanly(run(real, "update", "-l", "fr"), "a second entry")
    refused_cleanly(run(real, "build", "-l", "fr"), "a second entry")
    assert tree_digest(real.root) == before


def test_a_byte_order_mark_is_named(real: Project) -> None:
    path = real.catalog_path("fr", PALESTINE)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(EditionsError, match="byte-order mark") as caught:
        catalogs.load_catalog(path)
    assert caught.value.line == 1 and "without BOM" in caught.value.hint


# 7. No crash on a correct :download: role; no traceback, and nothing half-done, on a
#    read-only locale/.
def test_a_correct_download_role_builds_in_every_edition(tiny: Project) -> None:
    (tiny.srcdir / "notes.txt").write_text("notes\n")
    source = tiny.statement_source("beta")
    source.write_text(source.read_text() + "\nRead the :download:`notes <notes.txt>`.\n")
    catalogs.update(tiny)
    translate_beta(tiny, {"Read the :download:`notes <notes.txt>`.":
                          "Lisez les :download:`notes <notes.txt>`."})
    result = run(tiny, "build", "-l", "fr")
    assert result.exit_code == 0, result.output
    page = (tiny.html_dir / "fr" / "beta.html").read_text()
    assert 'download="" href="_downloads/' in page and "Lisez les" in page


@pytest.fixture
def read_only_locale(tiny: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """locale/ made read-only: for real, and (root ignores permissions) for this process."""
    catalogs.update(tiny)
    locale = tiny.locale_dir.resolve()
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        folder = Path(kwargs.get("dir") or "").resolve()
        if folder == locale or locale in folder.parents:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr("editions.storage.tempfile.mkstemp", mkstemp)
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if locale in self.resolve().parents and not self.exists():
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    for folder in [locale, *locale.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o555)
    yield tiny
    for folder in [locale, *locale.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o755)


def test_a_read_only_locale_gives_one_message_and_changes_nothing(read_only_locale) -> None:
    project = read_only_locale
    source = project.statement_source("beta")
    source.write_text(source.read_text() + "\nA new paragraph.\n")
    before = tree_digest(project.root)
    refused_cleanly(run(project, "update"), "cannot write the file", "Permission denied",
                    "nothing was changed")
    refused_cleanly(run(project, "add-language", "de"), "Permission denied")
    assert load_project(project.root).languages == ("fr", "ar")  # conf.py untouched
    build = run(project, "build", "-l", "fr")
    refused_cleanly(build, "beta.mo", "Permission denied")
    assert tree_digest(project.root) == before


# 8. Plural entries are checked form by form and counted; bidi controls are an error.
def test_plural_entries_are_checked_form_by_form_and_counted(tiny: Project) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    # (babel's French has three forms, CLDR's "one", "many" and "other")
    path.write_text(path.read_text() + '\nmsgid "an *article*"\nmsgid_plural "*articles*"\n'
                    'msgstr[0] "un *article"\nmsgstr[1] "des *articles*"\n'
                    'msgstr[2] "des *articles*"\n')
    report = check_project(tiny, ["fr"], ["beta"], use_cache=False)
    [syntax] = [f for f in report.findings if f.check == "rst-syntax"]
    assert "plural form msgstr[0]" in syntax.message
    figures = progress.compute(tiny, ["fr"], use_cache=False).cell("fr", "beta").figures
    assert figures.segments == 4 and figures.translated == 1


def test_bidi_controls_the_source_lacks_are_a_safety_error(tiny: Project) -> None:
    catalogs.update(tiny)
    po = polib.pofile(str(tiny.catalog_path("fr", "beta")))
    po.find("Beta statement").msgstr = "Déclaration \u202ebêta"
    po.save()
    report = check_project(tiny, ["fr"], ["beta"], use_cache=False)
    [finding] = [f for f in report.findings if f.check == "unsafe-bidi"]
    assert finding.severity == "error" and "U+202E" in finding.message


# 9. A signature followed at once by its date.
def test_a_signature_line_then_its_date_line_are_author_and_date(tiny: Project,
                                                                 tmp_path: Path) -> None:
    statement = tmp_path / "appeal.md"
    statement.write_text("# An appeal\n\nWe call on every union to act.\n\n"
                         "Fourth International\n14 April 2025\n")
    result = run(tiny, "import", str(statement))
    assert result.exit_code == 0, result.output
    text = (tiny.srcdir / "an-appeal.rst").read_text()
    assert ":author: Fourth International\n   :date: 2025-04-14" in text
    assert "14 April" not in text.split(":original-language:")[1]


# 10. A new statement does not break the gate of the languages that publish others.
def test_a_new_statement_is_published_nowhere_until_a_coordinator_publishes_it(
    real: Project,
) -> None:
    result = run(real, "new", "A new appeal", "--author", "Fourth International")
    assert result.exit_code == 0, result.output
    assert run(real, "update").exit_code == 0
    report = check_project(real, use_cache=False)
    assert not [f for f in report.errors if f.statement == "a-new-appeal"]
    refused_cleanly(run(real, "publish", "-l", "fr", "a-new-appeal"),
                    "is not complete in 'fr'", "to translate")
    before = real.conf_py.read_bytes()
    published = run(real, "publish", "-l", "fr", "--all")
    assert published.exit_code == 0 and "Nothing to change" in published.output
    assert real.conf_py.read_bytes() == before


def test_publishing_a_complete_statement_records_it_in_conf_py(tiny: Project) -> None:
    catalogs.update(tiny)
    translate_beta(tiny)
    result = run(tiny, "publish", "-l", "fr", "--all")
    assert result.exit_code == 0, result.output
    assert load_project(tiny.root).published == (("fr", ("beta",)),)
    assert "editions_published = {\n    'fr': ['beta'],\n}" in tiny.conf_py.read_text()
    withdrawn = run(tiny, "publish", "-l", "fr", "--withdraw", "beta")
    assert withdrawn.exit_code == 0 and load_project(tiny.root).published == ()


def test_a_withdrawal_is_written_into_conf_py_whole_or_not_at_all(tiny: Project,
                                                                   monkeypatch,
                                                                   caplog) -> None:
    """Found: withdrawing wrote conf.py twice (the withdrawn list, then the published one);
    a second write that failed left the statement in both lists. Found after: the kept
    version was deleted before conf.py was written, so a failed write left the statement
    published without the version its edition shows."""
    from editions import project as project_module
    from editions.progress import publishing
    from editions.progress.snapshots import kept_paths

    catalogs.update(tiny)
    translate_beta(tiny)
    publishing.publish(tiny, "fr", ["beta"])
    before = tiny.conf_py.read_bytes()
    kept = {path: path.read_bytes() for path in kept_paths(tiny, "fr", "beta")}
    assert kept
    real_write = project_module.atomic_write

    def failing_to_unpublish(path, data, **kwargs):  # type: ignore[no-untyped-def]
        if b"editions_published = {}" in data:  # (the write that takes it off the list)
            raise EditionsError("disk full", path)
        real_write(path, data, **kwargs)

    monkeypatch.setattr(project_module, "atomic_write", failing_to_unpublish)
    with pytest.raises(EditionsError):
        publishing.publish(load_project(tiny.root), "fr", ["beta"], withdraw=True)
    monkeypatch.undo()
    assert tiny.conf_py.read_bytes() == before, "conf.py was half-changed"
    assert {path: path.read_bytes() for path in kept} == kept, "the kept version was lost"
    # A kept version that cannot be removed once conf.py is written: the withdrawal is done
    # and says so (the desk then records it and rebuilds), the file left is in the log.
    def failing_forget(*args):  # type: ignore[no-untyped-def]
        raise EditionsError("disk full", "kept")

    monkeypatch.setattr(publishing, "forget", failing_forget)
    with caplog.at_level(logging.WARNING, logger="editions.progress.publishing"):
        _project, done = publishing.publish(load_project(tiny.root), "fr", ["beta"],
                                            withdraw=True)
    assert done == ["beta"]
    assert load_project(tiny.root).published == ()
    assert load_project(tiny.root).withdrawn == (("fr", ("beta",)),)
    assert "could not be removed (kept: disk full)" in caplog.text
    assert all(path.exists() for path in kept)  # (shown by nothing; replaced if published)
    monkeypatch.undo()
    publishing.publish(load_project(tiny.root), "fr", ["beta"])
    _project, done = publishing.publish(load_project(tiny.root), "fr", ["beta"], withdraw=True)
    assert done == ["beta"] and not any(path.exists() for path in kept)


def test_editions_published_star_is_refused_with_what_to_do(tiny: Project) -> None:
    tiny.conf_py.write_text(tiny.conf_py.read_text() + "editions_published = {'fr': '*'}\n")
    refused_cleanly(run(tiny, "status"), "editions_published['fr'] is '*'",
                    "editions publish -l fr --all")


def test_the_lock_file_is_ignored_by_git() -> None:
    from .conftest import REPO

    ignored = subprocess.run(["git", "check-ignore", "-q", ".editions.lock"], cwd=REPO,
                             check=False)
    assert ignored.returncode == 0 or not (REPO / ".git").exists()


# --- Found by an attacker's review of the above ------------------------------------------
def test_babels_guessed_format_flags_never_reach_a_catalog(tiny: Project, msgfmt: str) -> None:
    """babel flags "{demands}" python-brace-format and "70% of" python-format: msgfmt would
    then refuse a translation that renames the placeholder (prose has none)."""
    source = tiny.statement_source("beta")
    source.write_text(source.read_text() + "\nWrite your own {demands} on 70% of the banner.\n")
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    entry = po.find("Write your own {demands} on 70% of the banner.")
    assert not [flag for flag in entry.flags if flag.endswith("-format")]
    entry.msgstr = "Écrivez vos {revendications} sur 70 % de la banderole."
    po.save()
    catalogs.update(tiny)
    assert msgfmt_check(msgfmt, path).returncode == 0
    declared = path.read_text().replace(
        '#: ../../source/beta.rst', '#, python-format\n#: ../../source/beta.rst', 1)
    catalog = catalogs.parse_catalog(declared.encode(), path)  # a flag the file declares stays
    assert any("python-format" in m.flags for m in catalog)


def test_conf_py_is_edited_at_the_right_place_and_keeps_its_line_endings(tiny: Project) -> None:
    text = tiny.conf_py.read_text().replace('language = "en"', '# Languages\f\nlanguage = "en"')
    tiny.conf_py.write_bytes(text.replace("\n", "\r\n").encode())
    before = tiny.conf_py.read_bytes()
    assert run(tiny, "add-language", "it").exit_code == 0
    after = tiny.conf_py.read_bytes()
    assert after == before.replace(b"['fr', 'ar']", b"['fr', 'ar', 'it']")
    assert load_project(tiny.root).languages == ("fr", "ar", "it")


def test_a_header_comment_with_a_page_break_or_line_separator_is_written_back(
    tiny: Project, msgfmt: str,
) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    text = path.read_text().replace("# Maintained by", "# Paris\u2028group.\fMaintained by", 1)
    path.write_text(text)
    source = tiny.statement_source("beta")
    source.write_text(source.read_text() + "\nOne more paragraph.\n")
    catalogs.update(tiny)  # (babel's wrapper writes the form feed as a space, as before)
    assert "# Paris\u2028group. Maintained by" in path.read_text()
    assert msgfmt_check(msgfmt, path).returncode == 0


@pytest.mark.parametrize("header", [
    '"Content-type: text/plain; charset=ISO-8859-1\\n"',
    '"Content-Type: text/plain; "\n"charset=ISO-8859-1\\n"',
    '"Content-Type: text/plain; charset= ISO-8859-1\\n"',
])
def test_every_way_of_declaring_another_charset_is_refused(tmp_path: Path, header: str) -> None:
    path = tmp_path / "x.po"
    path.write_text(f'msgid ""\nmsgstr ""\n{header}\n\nmsgid "a"\nmsgstr "é"\n')
    with pytest.raises(EditionsError, match="ISO-8859-1"):
        catalogs.load_catalog(path)


def test_a_header_line_babel_would_stop_at_is_refused(tiny: Project) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("ar", "beta")
    text = path.read_text()
    path.write_text(text.replace('"MIME-Version', '"Reviewed by: a volunteer\\n"\n"MIME-Version'))
    with pytest.raises(EditionsError, match="not 'Name: value'") as caught:
        catalogs.load_catalog(path)
    assert path.read_text().splitlines()[caught.value.line - 1].startswith('"Reviewed by')


def test_an_empty_context_is_kept_and_a_context_with_no_msgid_refused(tmp_path: Path) -> None:
    text = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgctxt ""\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n')
    catalog = catalogs.parse_catalog(text.encode(), "x.po")
    assert catalogs.serialize(catalog).decode().count('msgctxt ""') == 1
    with pytest.raises(EditionsError, match=r"a context \(msgctxt\) and no source text"):
        catalogs.parse_catalog((text + '\nmsgctxt "x"\nmsgid ""\nmsgstr "y"\n').encode(), "x.po")


def test_an_xliff_import_keeps_comments_takes_every_file_and_names_a_bad_target(
    exported,
) -> None:
    project, xliff, text = exported
    path = project.catalog_path("fr", "beta")
    po = polib.pofile(str(path))
    po.find("Beta statement").tcomment = "checked with the Paris group"
    po.save()
    text = exchange.export_xliff(project, "fr", ["beta"]).decode()
    bare = re.sub(r'\s*<note from="translator">.*?</note>', "", text)
    bare = _with_target(bare, "Duncan Chapel", '<target state="translated">Duncan Chapel</target>'
                        '<alt-trans><target>D. C.</target><note>TM match 85%</note></alt-trans>')
    first, second = bare.index("<file"), bare.index("</file>") + len("</file>")
    doubled = bare[:second] + _with_target(
        bare[first:second], "Beta statement",
        '<target state="translated">Déclaration bêta</target>') + bare[second:]
    xliff.write_text(doubled)
    exchange.import_xliff(project, xliff)
    entries = {e.msgid: e for e in polib.pofile(str(path))}
    assert entries["Beta statement"].tcomment == "checked with the Paris group"
    assert entries["Beta statement"].msgstr == "Déclaration bêta"  # from the second <file>
    assert entries["Duncan Chapel"].msgstr == "Duncan Chapel" and not entries[
        "Duncan Chapel"].tcomment  # the first <file>'s; the TM match's note is no comment
    xliff.write_text(_with_target(text, "Duncan Chapel",
                                  '<target state="translated">\n  D. Chapel\n</target>'))
    before = tree_digest(project.root)
    refused_cleanly(run(project, "import-translations", str(xliff)), "segment",
                    "line break", "nothing was changed")
    assert tree_digest(project.root) == before


def test_a_fuzzy_entry_back_from_obsolete_keeps_the_text_it_was_translated_from(
    tiny: Project,
) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "alpha")
    old = "The second paragraph will be edited by a test."
    po = polib.pofile(str(path))
    po.find(old).msgstr = "Le deuxième paragraphe sera modifié par un test."
    po.save()
    source = tiny.statement_source("alpha")
    edited = source.read_text().replace(old, "The second paragraph was edited by a test.")
    source.write_text(edited)
    catalogs.update(tiny)
    source.write_text(edited.replace("The second paragraph was edited by a test.", ""))
    catalogs.update(tiny)
    source.write_text(edited)
    catalogs.update(tiny)
    entry = polib.pofile(str(path)).find("The second paragraph was edited by a test.")
    assert entry.fuzzy and entry.previous_msgid == old


@pytest.mark.parametrize(("title", "slug"), [("A" * 90 + " statement", "a" * 60),
                                             ("Search", "search-statement"),
                                             ("Genindex", "genindex-statement")])
def test_a_slug_made_from_a_title_is_always_a_slug(tiny: Project, title: str, slug: str) -> None:
    result = run(tiny, "new", title, "--author", "Fourth International")
    assert result.exit_code == 0, result.output
    assert (tiny.srcdir / f"{slug}.rst").exists() and slug in tiny.statements()
    refused_cleanly(run(tiny, "new", "T", "--author", "X", "--slug", "search"),
                    "a page every edition has already")


def test_an_isolate_the_translation_leaves_open_is_a_safety_error(tiny: Project) -> None:
    from editions.checks.safety import check
    from editions.checks.segment import Segment

    source = "Vote for \u2067أحمد\u2069 today."
    assert not list(check(Segment(source, "Votez pour \u2067أحمد\u2069 aujourd’hui.", "fr")))
    [(check_id, message)] = list(check(Segment(source, "Votez pour \u2067أحمد aujourd’hui.", "fr")))
    assert check_id == "unsafe-bidi" and "leaves open" in str(message)


def test_a_date_gettext_writes_otherwise_is_named_with_its_line(tmp_path: Path) -> None:
    text = ('msgid ""\nmsgstr ""\n"PO-Revision-Date: 2024-10-15 12:00:00+0200\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    with pytest.raises(EditionsError, match="PO-Revision-Date") as caught:
        catalogs.parse_catalog(text.encode(), "x.po")
    assert caught.value.line == 3


def test_kept_versions_that_cannot_all_be_saved_leave_every_file_as_it_was(tiny: Project
                                                                          ) -> None:
    """Found: a kept version's files were written all or none, but the ones to delete were
    deleted afterwards, outside that: a deletion that failed left the new catalog beside the
    old source it no longer matched."""
    from editions.catalogs.store import save_kept_versions

    catalogs.update(tiny)
    folder = tiny.locale_dir / "fr" / "published"
    folder.mkdir(parents=True)
    kept = folder / "alpha.po"
    kept.write_bytes(tiny.catalog_path("fr", "alpha").read_bytes())
    source = folder / "alpha.rst"
    source.write_text("Alpha, as published.\n", encoding="utf-8")
    undeletable = folder / "beta.rst"
    undeletable.mkdir()  # (what cannot be unlinked: a folder where a file was)
    before = {path: path.read_bytes() for path in (kept, source)}
    changed = tiny.catalog_path("fr", "alpha").read_bytes().replace(b'msgstr ""', b'msgstr "x"', 1)
    with pytest.raises(EditionsError, match=r"beta\.rst"):
        save_kept_versions(tiny, {kept: changed, source: None, undeletable: None})
    assert {path: path.read_bytes() for path in (kept, source)} == before
    assert sorted(path.name for path in folder.iterdir()) == ["alpha.po", "alpha.rst", "beta.rst"]


def test_ctrl_c_between_two_renames_leaves_every_catalog_as_it_was(tiny: Project,
                                                                   monkeypatch) -> None:
    """Found: an interruption (Ctrl-C) between the renames of a multi-catalog write left
    some catalogs new, others old, and the staged files behind: only an OSError was
    rolled back. Every catalog is now as it was, and no staged file is left."""
    from editions import storage

    catalogs.update(tiny)
    paths = [tiny.catalog_path(code, slug) for code in ("fr", "ar") for slug in ("alpha", "beta")]
    before = {path: path.read_bytes() for path in paths}
    renames = []
    real_replace = os.replace

    def interrupted(source, target):
        renames.append(target)
        if len(renames) == 3:
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(storage.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        storage.write_all({path: data + b"\n# changed\n" for path, data in before.items()})
    monkeypatch.undo()
    assert {path: path.read_bytes() for path in paths} == before
    assert not [path for path in tiny.locale_dir.rglob("*") if path.name.endswith(".tmp")]


def test_an_interruption_while_the_old_catalogs_are_read_leaves_no_staged_file(
        tiny: Project, monkeypatch) -> None:
    """Found by a review: the old catalogs were read outside the rollback, so Ctrl-C there
    left every staged file behind."""
    from pathlib import Path

    from editions import storage

    catalogs.update(tiny)
    paths = [tiny.catalog_path("fr", slug) for slug in ("alpha", "beta")]
    before = {path: path.read_bytes() for path in paths}

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "is_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        storage.write_all({path: data + b"\n# changed\n" for path, data in before.items()})
    monkeypatch.undo()
    assert {path: path.read_bytes() for path in paths} == before
    assert not [path for path in tiny.locale_dir.rglob("*") if path.name.endswith(".tmp")]
