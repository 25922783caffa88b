"""What a volunteer meets on the way (issue 32): a used invitation link offers to sign in, a
conflict notice is read before the field takes the keyboard, and keyboard shortcuts are
listed only where a keyboard and the script are there, named as the volunteer's button is.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from editions.workspace import team

from .conftest import PASSWORD, STATEMENT, ServedProject, _as, _entries, _post, _url, _with_number
from .test_workspace_teams_browser import Workspace, invitation, team_workspace  # noqa: F401


def test_a_used_invitation_link_offers_to_sign_in(project):
    token = team.invite("fr", "translator")
    team.accept(team.pending_invitation(token), "Fauvette", PASSWORD)
    page = Client().get(f"/join/{token}/")
    assert page.status_code == 404
    assert 'href="/login/"' in page.content.decode()
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get(f"/join/{token}/").content.decode()
    assert "Vous avez déjà rejoint l’équipe avec ce lien" in french


def test_a_conflict_notice_has_the_focus_not_the_field(project, crew):
    entry = _with_number(project)
    reviewer = _as(crew["fr-reviewer"])
    assert _post(reviewer, entry, entry.translation + " Un.").status_code == 302
    answer = _post(_as(crew["fr-coordinator"]), entry, entry.translation + " Deux.")
    page = answer.content.decode()
    assert answer.status_code == 409
    assert 'class="conflict" role="alert" tabindex="-1" autofocus' in page
    field = page[page.index('<textarea name="translation"'):].split(">", 1)[0]
    assert "autofocus" not in field
    calm = _as(crew["fr-reviewer"]).get(_url(entry)).content.decode()
    assert "autofocus" in calm[calm.index('<textarea name="translation"'):].split(">", 1)[0]


def test_shortcuts_are_hidden_until_the_script_shows_them_and_name_the_button(project, crew):
    entry = _with_number(project)
    translator = _as(crew["fr-translator"]).get(_url(entry)).content.decode()
    shortcuts = translator[translator.index('id="shortcuts"') - 60:]
    assert 'id="shortcuts" hidden' in translator
    assert "Suggest and go to the next" in shortcuts and "Save and go to the next" not in \
        shortcuts and "needs work" not in shortcuts.split("</section>")[0]
    reviewer = _as(crew["fr-reviewer"]).get(_url(entry)).content.decode()
    assert "Save and go to the next" in reviewer[reviewer.index('id="shortcuts"'):]


def test_shortcuts_show_with_a_mouse_and_keyboard_not_on_a_touch_phone(
        workspace: ServedProject, browser: Any) -> None:
    from editions.catalogs import entries as catalog_entries

    entry = catalog_entries.read_entries(workspace.project, "fr", STATEMENT)[1]
    shown = {}
    for name, options in (("desktop", {"viewport": {"width": 1280, "height": 900}}),
                          ("phone", {"viewport": {"width": 360, "height": 740},
                                     "is_mobile": True, "has_touch": True})):
        context = browser.new_context(locale="fr-FR", **options)
        page = context.new_page()
        page.goto(workspace.url(f"/fr/{STATEMENT}/{entry.key}/"))
        page.wait_for_selector("#copy-source:not([hidden])", state="attached")
        shown[name] = page.locator("#shortcuts").is_visible()
        context.close()
    assert shown == {"desktop": True, "phone": False}


def test_nothing_is_wider_than_a_360_px_phone_in_any_interface_language(
        workspace: ServedProject, browser: Any) -> None:
    """Found: the segment list's search form overflowed at 390 px in French (446 px)."""
    from editions.catalogs import entries as catalog_entries

    entry = catalog_entries.read_entries(workspace.project, "fr", STATEMENT)[1]
    wide = {}
    for locale in ("en", "fr-FR", "es", "de", "ar", "uk"):
        context = browser.new_context(locale=locale, viewport={"width": 360, "height": 740},
                                      is_mobile=True, has_touch=True)
        page = context.new_page()
        for path in ("/", "/fr/", f"/fr/{STATEMENT}/", f"/fr/{STATEMENT}/{entry.key}/"):
            page.goto(workspace.url(path))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                wide[(locale, path)] = width
        context.close()
    assert not wide, wide


def test_after_suggesting_the_text_stays_in_the_field_with_its_checks(project, crew):
    """Found: after "Suggest" the field was empty and the checks said "Not translated yet"."""
    from editions.workspace.models import Suggestion

    entry = _with_number(project)
    translator = _as(crew["fr-translator"])
    mine = entry.translation + " Notre proposition."
    assert _post(translator, entry, mine).status_code == 302
    page = translator.get(_url(entry)).content.decode()
    field = page[page.index('<textarea name="translation"'):]
    assert field.split(">", 1)[1].lstrip("\n").startswith(mine.split(" ")[0])
    assert mine in field.split("</textarea>")[0] and 'id="own-suggestion"' in page
    checks = page.split('id="checks"')[1].split("</section>")[0]
    assert '<p class="ok">No problem found.</p>' in checks  # (not "Not translated yet.")
    # What the page carries as "what the volunteer saw" is still the file's translation.
    assert f'name="expected_translation" value="{entry.translation}"' in page.replace(
        "&#x27;", "'").replace("&quot;", '"')
    # Suggesting the same text again is the same suggestion.
    assert _post(translator, entry, mine).status_code == 302
    assert Suggestion.objects.count() == 1


def test_a_reviewer_sees_what_a_suggestion_changes_and_its_checks(project, crew):
    """Found: a pending suggestion was shown without its checks nor what it changes."""
    import re

    entry = _with_number(project)
    number = re.search(r"\d+", entry.source).group()
    translator = _as(crew["fr-translator"])
    assert _post(translator, entry, entry.translation + " Ensemble.").status_code == 302
    page = _as(crew["fr-reviewer"]).get(_url(entry)).content.decode()
    waiting = page.split('id="suggestions-heading"')[1].split("</section>")[0]
    assert "<ins>Ensemble.</ins>" in waiting or "Ensemble.</ins>" in waiting
    assert "No problem found." in waiting
    # A suggestion whose number went missing carries the numbers check's error.
    from editions.workspace.models import Suggestion

    Suggestion.objects.create(language="fr", statement=STATEMENT, key=entry.key,
                              source=entry.source, text=entry.translation.replace(number, ""),
                              author=crew["fr-translator"])
    page = _as(crew["fr-reviewer"]).get(_url(entry)).content.decode()
    waiting = page.split('id="suggestions-heading"')[1].split("</section>")[0]
    assert 'class="finding error"' in waiting and "<del>" in waiting


def test_pages_name_a_statement_by_its_title_not_its_file(project, crew):
    """Found: breadcrumbs, page titles and the team page showed the statement's file name."""
    entry = _with_number(project)
    title = _entries(project)[0]
    shown = title.translation if title.translation and not title.fuzzy else title.source
    coordinator = _as(crew["fr-coordinator"])
    assert _post(coordinator, entry, entry.translation + " !").status_code == 302
    pages = {"segment": coordinator.get(_url(entry)).content.decode(),
             "list": coordinator.get(f"/fr/{STATEMENT}/").content.decode(),
             "team": coordinator.get("/team/fr/").content.decode()}
    for name, page in pages.items():
        visible = page.replace(f"/{STATEMENT}/", "")  # (addresses keep the file's name)
        assert STATEMENT not in visible, name
        assert shown in page, name


def test_joining_takes_one_password_and_keeps_what_was_typed(project):
    """Found: 'Marie Dupont' refused, and both password fields emptied on any error."""
    token = team.invite("fr", "translator")
    page = Client().get(f"/join/{token}/").content.decode()
    assert 'name="password1"' in page and 'name="password2"' not in page
    assert 'class="reveal"' in page
    typed = {"username": "Marie Dupont", "password1": "court"}
    answer = Client().post(f"/join/{token}/", typed)
    body = answer.content.decode()
    assert answer.status_code == 200 and 'value="court"' in body and 'value="Marie Dupont"' in body
    answer = Client().post(f"/join/{token}/", {**typed, "password1": PASSWORD})
    assert answer.status_code == 302
    assert team.get_user_model().objects.filter(username="Marie Dupont").exists()


def test_a_password_may_be_shown_to_read_it_back(team_workspace: Workspace,  # noqa: F811
                                                browser: Any) -> None:
    link = invitation(team_workspace, "-l", "fr", "--role", "translator")
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(link)
        page.fill("#id_password1", PASSWORD)
        assert page.get_attribute("#id_password1", "type") == "password"
        page.click("button.reveal")
        assert page.get_attribute("#id_password1", "type") == "text"
        assert page.get_attribute("button.reveal", "aria-pressed") == "true"
        assert "Masquer" in page.inner_text("button.reveal")
        page.click("button.reveal")
        assert page.get_attribute("#id_password1", "type") == "password"
    finally:
        context.close()


def test_joining_speaks_the_volunteers_language_and_states_its_own_name_rule(project):
    """Found in Arabic: the password error in English; in every language the name's help
    said 'letters, digits and @/./+/-/_ only', which is not the rule."""
    token = team.invite("ar", "translator")
    arabic = Client(HTTP_ACCEPT_LANGUAGE="ar")
    body = arabic.post(f"/join/{token}/", {"username": "ليلى حسن", "password1": "court"}
                       ).content.decode()
    assert "too short" not in body and "قصيرة جدًا" in body
    assert "@/./+/-/_" not in body and "أي نظام كتابة" in body


@pytest.mark.parametrize(("interface", "expected", "capitalised"), [
    ("fr", "traduire en <span lang=\"fr\">arabe</span>", "Arabe"),
    ("es", "traducir al <span lang=\"es\">árabe</span>", "Árabe"),
    ("en", "translate into <span lang=\"en\">Arabic</span>", None),
])
def test_an_invitation_names_the_language_as_a_sentence_of_the_interface_does(
        project, interface, expected, capitalised):
    """Found in French: "traduire en Français", the language's menu name (in its own
    language, capitalised) dropped into a sentence."""
    token = team.invite("ar", "translator")
    body = Client(HTTP_ACCEPT_LANGUAGE=interface).get(f"/join/{token}/").content.decode()
    assert expected in body
    assert "العربية</span>" not in body.split("<main", 1)[-1]
    if capitalised:
        assert f">{capitalised}</span>" not in body


def test_headings_put_the_colon_where_each_language_does(project, crew):
    """Found in French: "Français: déclarations", the colon glued in the template."""
    client = _as(crew["fr-reviewer"])
    client.cookies["django_language"] = "fr"
    statements = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'Français</span>\u00a0: déclarations</h1>' in statements
    coordinator = _as(crew["fr-coordinator"])
    coordinator.cookies["django_language"] = "fr"
    team_page = coordinator.get("/team/fr/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Équipe\u00a0: <span" in team_page
