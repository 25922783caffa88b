"""``editions update``: catalogs created with proper headers, and no translation ever lost."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from editions import catalogs
from editions.errors import EditionsError
from editions.project import Project

from .conftest import msgfmt_check


def translate(path: Path, translations: dict[str, str]) -> None:
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.save()


def test_update_creates_one_catalog_per_statement_and_language(tiny: Project, msgfmt: str) -> None:
    results = catalogs.update(tiny)
    assert sorted(r.status for r in results) == ["created"] * 4
    for code in ("fr", "ar"):
        for slug in ("alpha", "beta"):
            path = tiny.catalog_path(code, slug)
            po = polib.pofile(str(path))
            assert po.metadata["Language"] == code
            assert po.metadata["Plural-Forms"] == get_plural(code).plural_forms
            assert "charset=utf-8" in po.metadata["Content-Type"]
            assert po.metadata["Language-Team"].endswith("translation team")
            check = msgfmt_check(msgfmt, path)
            assert check.returncode == 0, check.stderr
    alpha = [e.msgid for e in polib.pofile(str(tiny.catalog_path("fr", "alpha")))]
    assert alpha[:3] == [
        "Alpha statement", "Fourth International", "*A short standfirst in italics.*"
    ]
    assert not (tiny.locale_dir / "fr" / "LC_MESSAGES" / "index.po").exists()


def test_update_of_unchanged_sources_writes_nothing(tiny: Project) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "alpha")
    before = path.read_bytes(), path.stat().st_mtime_ns
    results = catalogs.update(tiny)
    assert {r.status for r in results} == {"unchanged"}
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_changed_segment_keeps_its_translation_as_fuzzy(tiny: Project) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "alpha")
    old = "The second paragraph will be edited by a test."
    translate(path, {old: "Le deuxième paragraphe sera modifié par un test."})
    source = tiny.statement_source("alpha")
    source.write_text(source.read_text().replace(old, "The second paragraph was edited by a test."))

    catalogs.update(tiny, ["fr"])

    entry = polib.pofile(str(path)).find("The second paragraph was edited by a test.")
    assert entry is not None
    assert entry.fuzzy
    assert entry.msgstr == "Le deuxième paragraphe sera modifié par un test."
    assert entry.previous_msgid == old


def test_removed_segment_stays_obsolete_across_updates_and_comes_back(tiny: Project) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "alpha")
    removed = "The third paragraph will be removed by a test."
    translate(path, {removed: "Le troisième paragraphe sera supprimé par un test."})
    source = tiny.statement_source("alpha")
    original = source.read_text()
    source.write_text(original.replace(removed, ""))

    catalogs.update(tiny)
    obsolete = {e.msgid: e.msgstr for e in polib.pofile(str(path)).obsolete_entries()}
    assert obsolete[removed] == "Le troisième paragraphe sera supprimé par un test."

    # Another change later must not drop the obsolete translation.
    source.write_text(source.read_text().replace("77 years", "78 years"))
    catalogs.update(tiny)
    obsolete = {e.msgid: e.msgstr for e in polib.pofile(str(path)).obsolete_entries()}
    assert removed in obsolete

    # The paragraph comes back: so does its translation, ready to publish.
    source.write_text(original)
    catalogs.update(tiny)
    entry = polib.pofile(str(path)).find(removed)
    assert entry is not None and not entry.obsolete and not entry.fuzzy
    assert entry.msgstr == "Le troisième paragraphe sera supprimé par un test."


@pytest.mark.parametrize(
    ("broken", "line"),
    [
        ('msgstr "Bonjour\n', None),  # string never closed
        ('msgstrr "Bonjour"\n', None),  # unknown keyword
    ],
)
def test_a_broken_catalog_is_reported_with_its_line_and_no_catalog_is_written(
    tiny: Project, broken: str, line: int | None
) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    text = path.read_text().replace('msgid "Beta statement"\nmsgstr ""\n',
                                    'msgid "Beta statement"\n' + broken)
    path.write_text(text)
    expected_line = text.splitlines().index(broken.rstrip("\n")) + 1
    before = path.read_bytes()
    source = tiny.statement_source("beta")
    source.write_text(source.read_text() + "\nA new paragraph.\n")

    arabic = tiny.catalog_path("ar", "beta").read_bytes()

    with pytest.raises(EditionsError) as caught:
        catalogs.update(tiny)

    assert caught.value.line == expected_line
    assert str(caught.value).startswith(f"{path}:{expected_line}: ")
    assert "no catalog was written" in str(caught.value)
    assert path.read_bytes() == before
    assert tiny.catalog_path("ar", "beta").read_bytes() == arabic  # all or nothing


def test_load_catalog_rejects_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "é"\n'.encode("latin-1"))
    with pytest.raises(EditionsError) as caught:
        catalogs.load_catalog(path)
    assert caught.value.line == 5


def test_atomic_save_leaves_no_temporary_file(tiny: Project) -> None:
    catalogs.update(tiny)
    folder = tiny.catalog_dir("fr")
    assert sorted(p.name for p in folder.iterdir()) == ["alpha.po", "beta.po"]


def _translate(path: Path, translation: str) -> None:
    po = polib.pofile(str(path))
    po[0].msgstr = translation
    po.save()


def test_a_catalog_is_compiled_when_its_mo_is_missing_older_or_empty(tiny: Project) -> None:
    catalogs.update(tiny)
    path = tiny.catalog_path("fr", "beta")
    _translate(path, "Déclaration bêta")
    assert catalogs.compile_catalogs(tiny, "fr") == []
    mo = path.with_suffix(".mo")
    assert polib.mofile(str(mo)).find(polib.pofile(str(path))[0].msgid).msgstr == (
        "Déclaration bêta")
    compiled = mo.stat().st_mtime_ns
    assert not catalogs.needs_compiling(path)
    mo.write_bytes(b"")  # as a crash can leave it: newer than its catalog, but empty
    assert catalogs.needs_compiling(path)
    catalogs.compile_catalogs(tiny, "fr")
    assert mo.stat().st_size > 0 and mo.stat().st_mtime_ns >= compiled


def test_the_checks_compile_what_they_read_and_not_a_broken_catalog(tiny: Project) -> None:
    from editions.checks import CheckRun, check_project

    catalogs.update(tiny)
    _translate(tiny.catalog_path("fr", "alpha"), "Déclaration alpha")
    broken = tiny.catalog_path("fr", "beta")
    broken.write_text(broken.read_text() + 'msgid "x"\nmsgstr "not closed\n')
    report = check_project(tiny, ["fr"], use_cache=False,
                           run=CheckRun(errors_only=True, compile_mo=True))
    assert [f.check for f in report.findings if f.statement == "beta"] == ["po-syntax"]
    assert polib.mofile(str(tiny.catalog_path("fr", "alpha").with_suffix(".mo")))
    assert not broken.with_suffix(".mo").exists()
    without = check_project(tiny, ["ar"], use_cache=False)
    assert without.catalogs == 2
    assert not list(tiny.catalog_dir("ar").glob("*.mo"))  # only when asked


def test_a_catalog_read_without_locations_is_otherwise_the_same() -> None:
    """The checks read catalogs without their ``#:`` lines: every other part of every entry,
    its line number included, must be what the full reading gives."""
    from editions.catalogs.pofile import parse_catalog

    paths = sorted((Path(__file__).parent / "corpus").rglob("*.po"))
    paths += sorted((Path(__file__).parent.parent / "locale").rglob("*.po"))
    assert len(paths) > 10
    for path in paths:
        data = path.read_bytes()
        full = parse_catalog(data, path)
        lean = parse_catalog(data, path, locations=False)
        assert any(m.locations for m in full) or "#:" not in data.decode()
        assert not any(m.locations for m in lean)

        def rest(catalog):
            return [(m.id, m.string, m.context, m.lineno, sorted(m.flags), m.auto_comments,
                     m.user_comments, m.previous_id) for m in catalog]
        assert rest(lean) == rest(full), path
        assert ([(m.id, m.string, m.lineno) for m in lean.obsolete.values()]
                == [(m.id, m.string, m.lineno) for m in full.obsolete.values()])


_TEMPLATE = r'''# SOME DESCRIPTIVE TITLE.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#: ../source/a.rst:1
msgid "Plain"
msgstr ""

#: ../source/a.rst:3
msgid ""
"Two lines with a \"quote\", a tab\t, "
"and a backslash \\ end"
msgstr ""

msgid "one file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

msgid "Plain"
msgstr ""

#~ msgid "Gone"
#~ msgstr ""

#| msgid "Before"
msgid "msgid in the text"
msgstr ""
'''
_IDS = ("Plain", 'Two lines with a "quote", a tab\t, and a backslash \\ end',
        "msgid in the text")
# Layouts a gettext builder does not write, each read by babel (the ids it gives).
_LAYOUTS = {
    "CRLF": (lambda text: text.replace("\n", "\r\n"), _IDS),
    "indented": (lambda text: text.replace('\nmsgid "Plain"', '\n  msgid "Plain"'), _IDS),
    "a space after a string": (lambda text: text.replace('tab\\t, "\n', 'tab\\t, " \n'), _IDS),
    "a blank line inside a msgid": (
        lambda text: text.replace('tab\\t, "\n', 'tab\\t, "\n\n'), _IDS),
    "a context": (lambda text: text.replace('msgid "one file"', 'msgctxt "m"\nmsgid "Plain"\n'
                                            'msgstr ""\n\nmsgid "one file"'),
                  ("Plain", _IDS[1], "Plain", _IDS[2])),
    "a plural of a singular id": (
        lambda text: text.replace('msgid "one file"', 'msgid "Plain"'), (_IDS[1], _IDS[2])),
}


def _babel_ids(text: str) -> tuple[str, ...]:
    from io import BytesIO

    from babel.messages.pofile import read_po

    return tuple(m.id for m in read_po(BytesIO(text.encode())) if m.id and isinstance(m.id, str))


def test_template_ids_read_as_gettext_lays_them_out_without_babel(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from editions.catalogs import pofile, template_ids

    path = tmp_path / "a.pot"
    path.write_text(_TEMPLATE, encoding="utf-8")
    assert _babel_ids(_TEMPLATE) == _IDS
    monkeypatch.setattr(pofile.PoFileParser, "parse", None)  # (babel is not asked)
    assert template_ids(path) == _IDS


@pytest.mark.parametrize("layout", sorted(_LAYOUTS))
def test_template_ids_are_babels_whatever_the_layout(tmp_path: Path, layout: str) -> None:
    """A template's msgids are what babel reads in it: read from its msgid lines where it is
    laid out as gettext writes one, by babel itself where not."""
    from editions.catalogs import template_ids

    change, expected = _LAYOUTS[layout]
    text = change(_TEMPLATE)
    assert text != _TEMPLATE
    path = tmp_path / "a.pot"
    path.write_bytes(text.encode())
    assert _babel_ids(text) == expected
    assert template_ids(path) == expected
