"""Issue 30, point 11, reproduced as it was found: "Cаmille" (a Cyrillic а) joined next to
"Camille" and the team page showed both the same; a signed-in translator claimed a statement
under another member's name. Names are people's: any script, with spaces, one of each under
case folding and Unicode's confusable skeletons (UTS #39).
"""

from __future__ import annotations

import json

import polib
import pytest
from django.db import IntegrityError
from django.test import Client

from editions.progress.claims import claims_path
from editions.workspace import team
from editions.workspace.forms import ClaimForm
from editions.workspace.models import Claim, Role

from .conftest import INTERFACE_LOCALE, PASSWORD, STATEMENT, _as, member

TAKEN = "This display name is taken"
CYRILLIC_CAMILLE = "C\u0430mille"  # U+0430 CYRILLIC SMALL LETTER A


def _join(name: str, role: str = Role.TRANSLATOR) -> tuple[int, str, Client]:
    """Join the French team from an invitation, through the form a browser posts."""
    client = Client()
    response = client.post(f"/join/{team.invite('fr', role)}/", {
        "username": name, "password1": PASSWORD, "password2": PASSWORD})
    return response.status_code, response.content.decode(), client


def _names() -> list[str]:
    return sorted(team.get_user_model().objects.values_list("username", flat=True))


def test_a_look_alike_or_a_case_variant_of_a_members_name_cannot_join(project):
    assert _join("Camille")[0] == 302
    for name in (CYRILLIC_CAMILLE, "CAMILLE", "camille", "  Camille ", "Cami\u217Cle"):
        status, html, _client = _join(name)  # (U+217C is SMALL ROMAN NUMERAL FIFTY)
        assert status == 200 and TAKEN in html, name
    assert _names() == ["Camille"]
    coordinator = member("fr", Role.COORDINATOR, "Chouette")
    team_page = _as(coordinator).get("/team/fr/").content.decode()
    assert team_page.count("<bdi>Camille</bdi>") == 1 and CYRILLIC_CAMILLE not in team_page


def test_the_database_finds_a_look_alike_made_meanwhile(project):
    """Two joins at once both pass the form's check: the second account is refused where it
    is made (``team._create``), nothing of it kept, as an exact duplicate already is."""
    member("fr", Role.TRANSLATOR, "Camille")
    with pytest.raises(IntegrityError):
        team.sign_up("fr", CYRILLIC_CAMILLE, PASSWORD)
    invitation = team.pending_invitation(team.invite("fr"))
    with pytest.raises(IntegrityError):
        team.accept(invitation, "CAMILLE", PASSWORD)
    assert _names() == ["Camille"]  # and the invitation stays unused:
    invitation.refresh_from_db()
    assert invitation.used is None


@pytest.mark.parametrize("name", ["Marie Dupont", "ليلى حسن", "Олена Коваль", "O'Brien-Nkosi"])
def test_names_in_any_script_with_spaces_join_and_sign_in(project, name):
    status, _html, _client = _join(name)
    assert status == 302, name
    assert _names() == [name]
    client = Client()
    # Typed again with other spaces (a double one, a no-break one): the same name.
    typed = f" {name.replace(' ', '  ', 1)} ".replace(" ", "\u00a0", 1)
    response = client.post("/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    page = client.get("/fr/").content.decode()
    assert f"<bdi>{name.replace(chr(39), '&#x27;')}</bdi>" in page


def test_a_name_is_kept_with_single_spaces_and_nfkc(project):
    assert _join("  Marie \t Dupont ")[0] == 302
    assert _join("Ｌｅｉｌａ")[0] == 302  # full-width letters: the ordinary ones
    assert _names() == ["Leila", "Marie Dupont"]


@pytest.mark.parametrize("name", [
    "Camille\u202e", "\u202eCamille", "Cami\u200dlle", "Cam\u200bille", "Cami\ufe0flle",
    "Cam\u0007ille", "\u0301Camille", "Camille \u2764", "<b>Camille</b>", "", "   "])
def test_invisible_or_direction_changing_characters_or_symbols_are_refused(project, name):
    """(A guard rather than a reproduction: the former rule refused these too, and the new
    one, which lets spaces and every script in, must keep refusing them.)"""
    status, _html, _client = _join(name)
    assert status == 200 and not _names()


def test_a_signed_in_translator_claims_under_their_own_name(project, crew):
    mesange = _as(crew["fr-translator"])
    response = mesange.post(f"/fr/{STATEMENT}/claim", {"pseudonym": "Pivert"})
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.holder == "Mésange" and claim.user == crew["fr-translator"]
    public = json.loads(claims_path(project).read_text(encoding="utf-8"))
    assert [row["holder"] for row in public] == ["Mésange"]
    page = mesange.get("/fr/").content.decode()  # no pseudonym asked, the claimer named
    assert "<bdi>Mésange</bdi> is translating it." in page and 'name="pseudonym"' not in page
    # Another member cannot take it over, whatever name they send.
    chouette = _as(crew["fr-coordinator"])
    chouette.post(f"/fr/{STATEMENT}/claim", {"pseudonym": "Mésange"})
    assert Claim.objects.get().user == crew["fr-translator"]
    # The claim is the volunteer's, from another browser too; it goes with their account.
    assert _as(crew["fr-translator"]).post(f"/fr/{STATEMENT}/claim", {
        "action": "release"}).status_code == 302
    assert not Claim.objects.exists()
    mesange.post(f"/fr/{STATEMENT}/claim", {})
    crew["fr-translator"].delete()
    assert not Claim.objects.exists()


def test_a_pseudonym_never_takes_a_members_name(project, crew):
    """The pseudonym path (the one person at the loopback, without accounts) checks the
    same rule: tried here with members present, as it would be if a team began meanwhile."""
    for pseudonym in ("Pivert", "PIVERT", "P\u0456vert", " Pivert "):  # U+0456: Cyrillic і
        form = ClaimForm({"pseudonym": pseudonym})
        assert not form.is_valid() and form.has_error("pseudonym", "taken"), pseudonym
    assert ClaimForm({"pseudonym": "Rossignol"}).is_valid()


def test_name_taken_compares_case_folded_skeletons(project):
    member("fr", Role.TRANSLATOR, "Camille")
    member("ar", Role.TRANSLATOR, "Straße")
    member("ar", Role.TRANSLATOR, "Ilse")
    member("ar", Role.TRANSLATOR, "ليلى حسن")
    for look_alike in (CYRILLIC_CAMILLE, "CAMILLE", "STRASSE", "llse", "ILSE", "ﻟﻴﻠﻰ ﺣﺴﻦ",
                       "\u0421\u0430mille"):  # (Arabic presentation forms; Cyrillic С, а)
        assert team.name_taken(look_alike), look_alike
    for other in ("Camilla", "Marie Dupont", "ليلى حسين", "Strasser"):
        assert not team.name_taken(other), other
    from editions.workspace import names  # (here: the module is new with this test)

    assert names.skeleton("\u0430") == "a" and names.skeleton("m") == "rn"


@pytest.mark.parametrize("language", ["fr", "es", "de", "ar", "uk"])
def test_the_new_messages_speak_the_volunteers_language(project, crew, language):
    catalog = polib.pofile(str(INTERFACE_LOCALE / language / "LC_MESSAGES" / "django.po"))
    note = catalog.find("To tell the others you are translating a statement, claim it: everyone "
                        "sees your display name, <bdi>%(name)s</bdi>, here and on the progress "
                        "page.").msgstr
    page = _as(crew["fr-translator"]).get("/fr/", HTTP_ACCEPT_LANGUAGE=language)
    assert note.replace("%(name)s", "Mésange") in page.content.decode()
    refused = catalog.find("Use letters, digits, punctuation and single spaces, beginning with "
                           "a letter or a digit: no symbol and nothing invisible.").msgstr
    response = Client().post(f"/join/{team.invite('fr')}/", {
        "username": "Camille \u2764", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language)
    assert refused in response.content.decode()
