"""The translators' workspace through Django's test client: pages, saves, conflicts, checks.

Each test works on a copy of the real project; the PO files are read back with polib (an
independent reader) and msgfmt to prove what a save wrote.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client

from editions.catalogs import entries as catalog_entries
from editions.catalogs import update
from editions.checks import Rules, check_catalog, check_translation
from editions.project import Project, load_project
from editions.workspace import preview

from .conftest import (
    EDITIONS,
    INTERFACE_LOCALE,
    STATEMENT,
    _entries,
    _po,
    _post,
    _url,
    _with_number,
    copy_real_project,
    msgfmt_check,
)


def _add_paragraph(project: Project, text: str) -> None:
    """A coordinator adds a paragraph to the statement and runs ``editions update``."""
    source = project.statement_source(STATEMENT)
    source.write_text(source.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{text}\n",
                      encoding="utf-8")
    update(project)


# -- pages ---------------------------------------------------------------------------------

def test_every_page_answers_with_a_policy_that_allows_no_other_host(project, client):
    entry = _entries(project)[0]
    pages = ["/", "/fr/", f"/fr/{STATEMENT}/", f"/fr/{STATEMENT}/?show=untranslated",
             f"/fr/{STATEMENT}/?show=fuzzy", f"/fr/{STATEMENT}/?show=errors&q=Gaza",
             _url(entry), "/ar/", f"/ar/{STATEMENT}/", _url(_entries(project, "ar")[0], "ar")]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, page
        assert "frame-ancestors 'none'" in policy
        assert response["Referrer-Policy"] == "same-origin"  # nothing to another host
        assert response["X-Frame-Options"] == "DENY"
        html = response.content.decode()
        # No asset, script or form from another host (links inside translated text are text).
        assert not re.search(r'(?:src|action)="(?!/)', html), page
        assert not re.search(r'<link[^>]+href="(?!/)', html), page


def test_languages_and_statements_show_progress_in_their_own_script(project, client):
    html = client.get("/").content.decode()
    assert "العربية" in html and "Українська" in html and "Français" in html
    assert 'lang="ar" dir="rtl"' in html
    html = client.get("/fr/").content.decode()
    assert f"/fr/{STATEMENT}/" in html
    assert "100 % of the words translated" in html


def test_segments_in_document_order_side_by_side_with_direction(project, client):
    items = _entries(project, "ar")
    html = client.get(f"/ar/{STATEMENT}/").content.decode()
    positions = [html.index(f"/{e.key}/") for e in items]
    assert positions == sorted(positions)
    assert html.count('class="translation" lang="ar" dir="rtl"') == len(items)
    assert html.count('class="source" lang="en" dir="ltr"') == len(items)
    segment = client.get(_url(items[0], "ar")).content.decode()
    assert re.search(r'<textarea name="translation"[^>]*lang="ar" dir="rtl"', segment)
    # Each side names its language as it writes itself, not by its code ("en", "ar").
    assert re.search(r'id="source-heading">[^<]*<span class="language-name" lang="en" '
                     r'dir="ltr">English</span>', segment)
    assert re.search(r'<span class="language-name" lang="ar" dir="rtl">العربية</span></h2>',
                     segment)


def test_unknown_language_statement_or_segment_is_a_404_not_a_traceback(project, client):
    for page in ["/xx/", "/en/", "/fr/nope/", f"/fr/{STATEMENT}/0123456789abcdef/",
                 "/fr/..%2F..%2Fetc/", f"/fr/{STATEMENT}/../../conf.py", "/fr/index/"]:
        assert client.get(page).status_code == 404, page


def test_filters_and_search(project, client):
    _add_paragraph(project, "A new paragraph about 1948 and the Nakba.")
    new = next(e for e in _entries(project) if e.source.startswith("A new paragraph"))
    html = client.get(f"/fr/{STATEMENT}/?show=untranslated").content.decode()
    assert f"/{new.key}/" in html and html.count('class="segment ') == 1
    html = client.get(f"/fr/{STATEMENT}/?q=nakba").content.decode()
    assert f"/{new.key}/" in html
    assert client.get(f"/fr/{STATEMENT}/?show=fuzzy").content.decode().count(
        'class="segment ') == 0
    assert client.get(f"/fr/{STATEMENT}/?show=bogus").status_code == 200


def test_a_broken_catalog_is_one_message_naming_the_file_and_line(project, client):
    path = project.catalog_path("fr", STATEMENT)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    response = client.get(f"/fr/{STATEMENT}/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "cannot be read" in html and f"{STATEMENT}.po:" in html and "Traceback" not in html


# -- saving --------------------------------------------------------------------------------

def test_a_save_writes_exactly_that_entry_and_msgfmt_accepts_it(project, client, msgfmt):
    entry = _with_number(project)
    before = {e.msgid: (e.msgstr, e.fuzzy) for e in _po(project)}
    text = entry.translation + " Nous le redisons."
    response = _post(client, entry, text)
    assert response.status_code == 302
    after = {e.msgid: (e.msgstr, e.fuzzy) for e in _po(project)}
    assert after.pop(entry.source) == (text, False)
    before.pop(entry.source)
    assert after == before
    assert msgfmt_check(msgfmt, project.catalog_path("fr", STATEMENT)).returncode == 0


def test_save_and_next_goes_to_the_next_segment_of_the_filter(project, client):
    _add_paragraph(project, "First new paragraph, one.")
    _add_paragraph(project, "Second new paragraph, two.")
    first, second = [e for e in _entries(project) if e.source.endswith(("one.", "two."))]
    response = _post(client, first, "Premier nouveau paragraphe, un.", action="next")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/{STATEMENT}/{second.key}/?show=all&q="


def test_a_stale_save_writes_nothing_and_shows_both_texts(project, client):
    entry = _with_number(project)
    theirs = entry.translation + " (version de Camille)"
    catalog_entries.edit_entry(
        catalog_entries.StatementCatalog(project, "fr", STATEMENT),
        catalog_entries.Edit(entry.key, theirs, fuzzy=False, expected=(entry.translation, False)))
    mine = entry.translation + " (ma version)"
    response = _post(client, entry, mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "(version de Camille)" in html and "(ma version)" in html
    assert _po(project).find(entry.source).msgstr == theirs
    # Saving again from the conflict page (it carries theirs as the starting point) wins.
    response = _post(client, entry, mine, expected=(theirs, False))
    assert response.status_code == 302
    assert _po(project).find(entry.source).msgstr == mine


def test_a_save_sent_twice_is_saved_once_and_no_conflict(project, client):
    """Found: a double click on Save answered the second with "someone changed this
    segment", both versions the same."""
    from editions.workspace.models import Change

    entry = _with_number(project)
    mine = entry.translation + " (ma version)"
    assert _post(client, entry, mine).status_code == 302
    assert _post(client, entry, mine).status_code == 302  # (the same form again)
    assert _po(project).find(entry.source).msgstr == mine
    assert Change.objects.filter(key=entry.key).count() == 1


def test_update_between_load_and_save_loses_nothing(project, client):
    entry = _with_number(project)
    source = project.statement_source(STATEMENT)
    text = source.read_text(encoding="utf-8")
    first_words = " ".join(entry.source.split()[:4])
    assert first_words in text
    source.write_text(text.replace(first_words, first_words + " indeed", 1), encoding="utf-8")
    update(project)
    mine = entry.translation + " (en cours)"
    response = _post(client, entry, mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed while you worked" in html and "(en cours)" in html
    nearest = next(e for e in _entries(project) if "indeed" in e.source)
    assert f"/{nearest.key}/" in html
    # Taking the text to the new segment shows it in the field, to review and save.
    response = client.post(_url(nearest), {
        "translation": mine, "expected_translation": nearest.translation,
        "expected_fuzzy": str(nearest.fuzzy), "source": nearest.source, "action": "draft"})
    assert response.status_code == 200 and "(en cours)" in response.content.decode()
    assert "(en cours)" not in project.catalog_path("fr", STATEMENT).read_text("utf-8")


def test_a_translation_with_errors_is_saved_only_as_needing_work(project, client):
    entry = _with_number(project)
    number = re.search(r"\d+", entry.source).group()
    broken = entry.translation.replace(number, "")
    assert broken != entry.translation
    response = _post(client, entry, broken)
    assert response.status_code == 400
    assert "numbers" in response.content.decode()
    assert _po(project).find(entry.source).msgstr == entry.translation
    response = _post(client, entry, broken, fuzzy=True)
    assert response.status_code == 302
    saved = _po(project).find(entry.source)
    assert saved.msgstr == broken and saved.fuzzy


@pytest.mark.parametrize("blank", [" ", "\u00a0", "\n", " \t ", "\u200b"])
def test_a_blank_translation_never_replaces_a_reviewed_one(project, client, blank):
    entry = _with_number(project)
    response = _post(client, entry, blank)
    assert response.status_code == 400
    assert _po(project).find(entry.source).msgstr == entry.translation
    if not blank.strip():  # (the checks say what the live checks say: nothing written yet)
        assert '<p class="todo">' in response.content.decode()
        assert '<p class="ok">' not in response.content.decode()


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_a_control_character_is_refused_naming_it(project, client, char):
    entry = _with_number(project)
    response = _post(client, entry, entry.translation + char + "x", fuzzy=True)
    assert response.status_code == 400
    html = response.content.decode()
    # (A NUL is refused by Django's form itself, with its own message.)
    assert f"U+{ord(char):04X}" in html or (char == "\x00" and "Null characters" in html)
    assert _po(project).find(entry.source).msgstr == entry.translation


def test_a_line_break_the_source_lacks_is_refused_from_any_browser(project, client):
    # Sphinx joins a paragraph's lines: a line break in a translation is an Enter pressed in
    # the field, whatever the browser sends for it.
    _add_paragraph(project, "A paragraph on one line.")
    entry = next(e for e in _entries(project) if e.source.startswith("A paragraph on one"))
    for text in ["Un paragraphe\r\nsur deux lignes.", "Un paragraphe\rsur deux lignes."]:
        response = _post(client, entry, text)
        assert response.status_code == 400 and "line break" in response.content.decode()
    assert not _po(project).find(entry.source).msgstr


def test_a_forged_post_without_the_csrf_token_is_refused(project):
    entry = _with_number(project)
    client = Client(enforce_csrf_checks=True)
    response = _post(client, entry, "forgé")
    assert response.status_code == 403
    assert _po(project).find(entry.source).msgstr == entry.translation


# -- live checks, preview, diff ------------------------------------------------------------

def test_live_checks_are_editions_checks_findings(project, client, tmp_path):
    entry = _with_number(project)
    number = re.search(r"\d+", entry.source).group()
    broken = entry.translation.replace(number, "") + " « ouvert"
    data = client.post(_url(entry) + "check", {"translation": broken}).json()
    live = {(f["check"], f["severity"], f["message"]) for f in data["findings"]}
    assert any(check == "numbers" for check, _, _ in live)
    # The same translation in the catalog, checked by `editions check`'s engine.
    path = project.catalog_path("fr", STATEMENT)
    catalog_entries.edit_entry(
        catalog_entries.StatementCatalog(project, "fr", STATEMENT),
        catalog_entries.Edit(entry.key, broken, fuzzy=False, expected=(entry.translation, False)))
    findings, _count = check_catalog(path, Rules("fr", STATEMENT, published=True))
    line = _po(project).find(entry.source).linenum
    from_file = {(f.check, f.severity, f.message) for f in findings
                 if f.source == entry.source}
    assert live == from_file
    assert check_translation(project, "fr", STATEMENT, entry.source, broken)
    assert line > 0


def test_the_preview_renders_markup_and_keeps_no_code(project, client):
    entry = _entries(project)[0]
    data = client.post(_url(entry) + "check", {
        "translation": "Un *mot* et `un lien <https://exemple.org>`_ "
                       "<script>alert(1)</script> `x <javascript:alert(1)>`_"}).json()
    html = data["preview"]
    assert "<em>mot</em>" in html and 'href="https://exemple.org"' in html
    assert "<script" not in html and "javascript:" not in html
    for hostile in [".. raw:: html\n\n   <script>alert(1)</script>",
                    ".. image:: https://tracker.example/pixel.png",
                    ".. include:: /etc/passwd", ":raw-html:`<img src=x onerror=alert(1)>`"]:
        rendered = preview.render(hostile)
        assert "<script" not in rendered and "<img" not in rendered
        assert "root:" not in rendered and not re.search(r"<[^>]*onerror", rendered)


def test_a_fuzzy_segment_shows_what_changed_in_its_source(project, client):
    entry = _with_number(project)
    source = project.statement_source(STATEMENT)
    words = entry.source.split()
    text = source.read_text(encoding="utf-8")
    assert words[2] in text
    changed = " ".join([*words[:2], "solemnly", *words[2:]])
    source.write_text(text.replace(" ".join(words[:3]), " ".join(
        [*words[:2], "solemnly", words[2]]), 1), encoding="utf-8")
    update(project)
    fuzzy = next(e for e in _entries(project) if e.fuzzy and "solemnly" in e.source)
    assert fuzzy.previous_source and changed.startswith(" ".join(words[:2]))
    html = client.get(_url(fuzzy)).content.decode()
    assert "<ins>solemnly</ins>" in html
    assert catalog_entries.word_diff("a b c", "a x c") == [
        ("same", "a"), ("removed", "b"), ("added", "x"), ("same", "c")]


def test_glossary_terms_and_memory_suggestions_are_offered(project, client):
    glossary = project.locale_dir / "fr" / "glossary.csv"
    terms = glossary.read_text(encoding="utf-8-sig").splitlines()[1:]
    term = terms[0].split(",")[0]
    entry = next((e for e in _entries(project) if term.casefold() in e.source.casefold()),
                 None)
    if entry is None:
        pytest.skip(f"no segment of {STATEMENT} uses the glossary's first term {term!r}")
    html = client.get(_url(entry)).content.decode()
    assert 'id="glossary-heading"' in html and term in html
    _add_paragraph(project, entry.source + " Again.")
    new = next(e for e in _entries(project) if e.source.endswith(" Again."))
    html = client.get(_url(new)).content.decode()
    assert entry.translation in html and "Alt+1" in html


# -- claims --------------------------------------------------------------------------------

def test_a_claim_is_seen_by_everyone_and_held_by_one(project, client):
    url = f"/uk/{STATEMENT}/claim"
    assert client.post(url, {"pseudonym": "Kalyna-7"}).status_code == 302
    other = Client()
    assert "Kalyna-7</bdi> is translating it." in other.get("/uk/").content.decode()
    other.post(url, {"pseudonym": "Sova"})
    assert "Sova</bdi> is translating" not in other.get("/uk/").content.decode()
    other.post(url, {"action": "release"})  # not theirs to release
    assert "Kalyna-7" in other.get("/uk/").content.decode()
    client.post(url, {"action": "release"})
    assert "Kalyna-7" not in other.get("/uk/").content.decode()
    assert client.post(url, {"pseudonym": ""}).status_code == 302
    assert "is translating it" not in other.get("/uk/").content.decode()


# -- the server ----------------------------------------------------------------------------

def test_the_workspace_command_serves_on_loopback_and_stops(tmp_path):
    import urllib.request

    project = copy_real_project(tmp_path / "served")
    process = subprocess.Popen(
        [EDITIONS, "--project", str(project.root), "workspace", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path),
             "EDITIONS_WORKSPACE_STATE": str(tmp_path / "state")},
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        with urllib.request.urlopen(f"http://127.0.0.1:{match.group(1)}/fr/", timeout=30) as r:
            assert r.status == 200
            assert "default-src 'self'" in r.headers["Content-Security-Policy"]
            assert "Français" in r.read().decode()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert (tmp_path / "state" / "workspace.sqlite3").exists()


def test_a_non_loopback_host_needs_to_be_asked_for(tmp_path):
    project = copy_real_project(tmp_path / "served")
    result = subprocess.run(
        [EDITIONS, "--project", str(project.root), "workspace", "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "--open" in result.stderr and "Traceback" not in result.stderr
    assert load_project(project.root).languages


# -- the interface's own languages ---------------------------------------------------------

@pytest.mark.parametrize("language", ["fr", "es", "de", "ar", "uk"])
def test_the_interface_speaks_the_volunteers_language(project, client, language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    catalog = polib.pofile(str(INTERFACE_LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert catalog.find("Languages").msgstr in html
    assert catalog.find("Languages").msgstr != "Languages"


@pytest.mark.parametrize("language", ["fr", "es", "de", "ar", "uk"])
def test_interface_catalogs_are_complete_and_valid(language, msgfmt):
    path = INTERFACE_LOCALE / language / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(path))
    assert catalog.percent_translated() == 100 and not catalog.fuzzy_entries()
    assert msgfmt_check(msgfmt, path).returncode == 0


def test_claims_are_published_for_the_progress_page(project, client):
    from editions.progress.claims import current_claims

    client.post(f"/uk/{STATEMENT}/claim", {"pseudonym": "Kalyna-7"})
    claims = current_claims(project)
    assert claims[("uk", STATEMENT)].holder == "Kalyna-7"
    client.post(f"/uk/{STATEMENT}/claim", {"action": "release"})
    assert current_claims(project) == {}


# -- what an attacker's review found (each as it was reproduced) ---------------------------

def test_a_broken_glossary_leaves_pages_and_saves_working(project, client):
    glossary = project.locale_dir / "fr" / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "bad,\n", encoding="utf-8")
    entry = _with_number(project)
    assert client.get(_url(entry)).status_code == 200
    assert client.post(_url(entry) + "check", {"translation": "x"}).status_code == 200
    assert _post(client, entry, entry.translation + " !").status_code == 302


def test_a_save_into_an_unreadable_catalog_keeps_the_text_and_hides_server_paths(project,
                                                                                   client):
    entry = _with_number(project)
    path = project.catalog_path("fr", STATEMENT)
    path.write_text("<<<<<<< HEAD\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    response = _post(client, entry, "Mon texte à garder")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Mon texte à garder" in html and f"locale/fr/LC_MESSAGES/{STATEMENT}.po:" in html
    assert str(project.root) not in html
    assert str(project.root) not in client.get("/fr/").content.decode()


def test_behind_an_https_proxy_the_forms_origin_is_trusted():
    code = ("from django.conf import settings; import django; django.setup(); "
            "print(settings.CSRF_TRUSTED_ORIGINS, settings.SECURE_PROXY_SSL_HEADER, "
            "'testserver' in settings.ALLOWED_HOSTS)")
    env = {**__import__("os").environ, "EDITIONS_WORKSPACE_HTTPS": "1",
           "EDITIONS_WORKSPACE_HOSTS": "ws.example.org"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    assert result.stdout.split("\n")[0] == (
        "['https://ws.example.org'] ('HTTP_X_FORWARDED_PROTO', 'https') False")


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\u3164", "\u2800", "\u00ad"])
def test_invisible_text_never_replaces_a_reviewed_translation(project, client, invisible):
    entry = _with_number(project)
    assert _post(client, entry, invisible).status_code == 400
    assert _po(project).find(entry.source).msgstr == entry.translation


def test_a_translation_of_spaces_in_the_file_can_still_be_corrected(project, client):
    entry = _with_number(project)
    po = _po(project)
    po.find(entry.source).msgstr = "   "
    po.save()
    assert _post(client, entry, "Corrigé.", fuzzy=True, expected=("   ", False)).status_code == 302
    assert _po(project).find(entry.source).msgstr == "Corrigé."


def test_an_empty_context_and_none_are_two_entries_with_two_keys(project):
    path = project.catalog_path("fr", STATEMENT)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgctxt ""\nmsgid "Dup"\n'
                    'msgstr "Un"\n\nmsgid "Dup"\nmsgstr "Deux"\n', encoding="utf-8")
    twins = [e for e in _entries(project) if e.source == "Dup"]
    assert len(twins) == 2 and twins[0].key != twins[1].key
    second = next(e for e in twins if e.translation == "Deux")
    catalog_entries.edit_entry(
        catalog_entries.StatementCatalog(project, "fr", STATEMENT),
        catalog_entries.Edit(second.key, "Deux !", fuzzy=False, expected=("Deux", False)))
    assert sorted(e.translation for e in _entries(project) if e.source == "Dup") == [
        "Deux !", "Un"]


def test_claims_keep_no_session_key_and_lapsed_ones_are_forgotten(project, client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from editions.workspace.models import Claim

    client.post(f"/uk/{STATEMENT}/claim", {"pseudonym": "Kalyna-7"})
    claim = Claim.objects.get()
    assert claim.session_key and claim.session_key != client.session.session_key
    assert "Kalyna-7" not in str(dict(client.session))
    Claim.objects.update(renewed=timezone.now() - timedelta(hours=100))
    Client().post(f"/fr/{STATEMENT}/claim", {"pseudonym": "Sova"})
    assert list(Claim.objects.values_list("holder", flat=True)) == ["Sova"]


@pytest.mark.parametrize("name", ["\u202eecilA", "Al\u2067ice", "\u200b", "a\u0000b"])
def test_a_pseudonym_with_invisible_or_direction_characters_is_refused(project, client, name):
    from editions.workspace.models import Claim

    client.post(f"/uk/{STATEMENT}/claim", {"pseudonym": name})
    assert not Claim.objects.exists()


def test_hostile_markup_in_the_preview_is_text_and_no_box(project, client):
    entry = _entries(project)[0]
    nested = "".join("  " * depth + f"level {depth}\n\n" for depth in range(300))
    response = client.post(_url(entry) + "check", {"translation": nested})
    assert response.status_code == 200
    html = preview.render(".. container:: conflict error\n\n   Fake conflict")
    assert "class=" not in html
    assert "x" * 20_000 in preview.render("x" * 20_000)  # past docutils' default limit


def test_pages_stay_out_of_the_cache_and_prefetch_nothing(project, client):
    response = client.get(f"/fr/{STATEMENT}/")
    assert response["Cache-Control"] == "no-store"
    assert response["X-DNS-Prefetch-Control"] == "off"


def test_listening_on_every_address_needs_the_names_it_answers_to(tmp_path):
    project = copy_real_project(tmp_path / "served")
    env = {k: v for k, v in __import__("os").environ.items()
           if k not in ("EDITIONS_WORKSPACE_HOSTS", "DJANGO_SETTINGS_MODULE")}
    result = subprocess.run(
        [EDITIONS, "--project", str(project.root), "workspace", "--host", "0.0.0.0",
         "--open"], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    assert "EDITIONS_WORKSPACE_HOSTS" in result.stderr and "Traceback" not in result.stderr
