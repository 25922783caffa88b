"""Teams in the workspace, tried as an attacker would: invitations, roles per language, login
throttling, and every state-changing request without a session, with another language's
role or with a forged CSRF token: each refused, nothing changed on disk or in the database.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import unicodedata
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from editions.workspace import names, signin, team
from editions.workspace.models import Claim, Invitation, LoginFailure, NameKey, Role

from .conftest import (
    EDITIONS,
    PASSWORD,
    STATEMENT,
    _as,
    _entries,
    _po,
    _post,
    _url,
    _with_number,
    member,
    tree_digest,
)


def _seen(entry, translation: str | None = None, fuzzy: bool | None = None) -> dict:
    """What a review or revert form carries: the segment as the page showed it."""
    return {"expected_translation": entry.translation if translation is None else translation,
            "expected_fuzzy": str(entry.fuzzy if fuzzy is None else fuzzy)}


def test_once_a_team_exists_every_page_asks_for_a_login_and_no_post_gets_through(
        project, crew):
    entry = _with_number(project)
    anonymous = Client()
    for page in ["/", "/fr/", f"/fr/{STATEMENT}/", _url(entry), "/xx/"]:
        response = anonymous.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    before = tree_digest(project.root)
    assert _post(anonymous, entry, entry.translation + " !").status_code == 302
    assert anonymous.post(_url(entry) + "check", {"translation": "x"}).status_code == 302
    assert anonymous.post(f"/fr/{STATEMENT}/claim", {"pseudonym": "X"}).status_code == 302
    assert tree_digest(project.root) == before and not Claim.objects.exists()


@pytest.mark.parametrize("reached_as", ["proxy", "https", "network"])
def test_a_workspace_without_a_team_lets_in_no_one_it_does_not_know_is_alone(
        project, settings, reached_as):
    """Found: without a team every visitor administered the workspace, behind a reverse
    proxy too (every request then comes from loopback), so anyone who reached the proxy
    could add a language or bring in a statement. It is so only where the workspace
    answers to loopback names alone."""
    host = "translate.example.org" if reached_as != "network" else "192.168.1.10"
    settings.ALLOWED_HOSTS = [host, "testserver"]
    settings.SESSION_COOKIE_SECURE = reached_as == "https"
    visitor = Client(HTTP_HOST=host, REMOTE_ADDR="127.0.0.1",
                     **({"wsgi.url_scheme": "https", "HTTP_X_FORWARDED_PROTO": "https"}
                        if reached_as == "https" else {}))
    before = tree_digest(project.root)
    entry = _with_number(project)
    for page in ["/", "/desk/", "/fr/", f"/fr/{STATEMENT}/", _url(entry), "/builds/"]:
        assert visitor.get(page, secure=reached_as == "https").status_code == 403, page
    answer = visitor.post("/desk/languages/", {"code": "pt"}, secure=reached_as == "https")
    assert answer.status_code == 403
    assert tree_digest(project.root) == before
    # On its own machine, under its own names, the one person works as before.
    settings.ALLOWED_HOSTS, settings.SESSION_COOKIE_SECURE = ["127.0.0.1", "testserver"], False
    assert Client().get("/desk/").status_code == 200
    # A proxy that kept the loopback name (nginx's default Host) still says for whom it asks.
    for header in ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP"):
        proxied = Client(HTTP_HOST="127.0.0.1", **{header: "203.0.113.7"})
        assert proxied.get("/desk/").status_code == 403
        assert proxied.post("/desk/languages/", {"code": "pt"}).status_code == 403
    assert tree_digest(project.root) == before


def test_a_translator_works_in_their_language_only(project, crew):
    french = _as(crew["fr-translator"])
    html = french.get("/").content.decode()
    assert "/fr/" in html and "/ar/" not in html
    assert french.get("/ar/").status_code == 403
    arabic_entry = _entries(project, "ar")[1]
    before = tree_digest(project.root)
    response = _post(french, arabic_entry, "ترجمة مزورة", language="ar")
    assert response.status_code == 403
    assert french.post(f"/ar/{STATEMENT}/claim", {"pseudonym": "X"}).status_code == 403
    assert tree_digest(project.root) == before and not Claim.objects.exists()
    entry = _with_number(project)
    assert _post(french, entry, entry.translation + " Ensemble.").status_code == 302


def test_a_forged_csrf_token_is_refused_even_with_a_session(project, crew):
    client = Client(enforce_csrf_checks=True)
    client.force_login(crew["fr-reviewer"])
    entry = _with_number(project)
    before = tree_digest(project.root)
    response = client.post(_url(entry), {"translation": "x", "csrfmiddlewaretoken": "forged",
                                         "expected_translation": entry.translation,
                                         "expected_fuzzy": "False", "action": "save"})
    assert response.status_code == 403 and tree_digest(project.root) == before


def test_an_invitation_is_one_time_hashed_and_expires(project):
    token = team.invite("fr", Role.TRANSLATOR)
    assert not Invitation.objects.filter(token_hash__contains=token).exists()
    client = Client()
    response = client.post(f"/join/{token}/", {"username": "Mésange",
                                                "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user = Invitation.objects.get().used and team.get_user_model().objects.get()
    assert user.password.startswith("argon2$") and user.email == ""
    assert user.memberships.get().role == "translator"
    again = Client().post(f"/join/{token}/", {"username": "Autre",
                                              "password1": PASSWORD, "password2": PASSWORD})
    assert again.status_code == 404
    assert team.get_user_model().objects.count() == 1
    late = team.invite("fr", Role.REVIEWER)
    Invitation.objects.filter(used__isnull=True).update(expires=timezone.now()
                                                        - timedelta(minutes=1))
    assert Client().get(f"/join/{late}/").status_code == 404
    assert Client().get("/join/" + "A" * 43 + "/").status_code == 404
    assert Client().get("/join/../../etc/").status_code == 404


def test_a_coordinator_cancels_the_invitations_not_used_yet(project, crew):
    """Found: an invitation made twice by a double click left a live link nobody saw, and a
    link sent to the wrong person could not be taken back for seven days."""
    coordinator = _as(crew["fr-coordinator"])
    tokens = [re.search(r"/join/([\w-]{20,100})/", coordinator.post(
        "/team/fr/", {"role": Role.TRANSLATOR}).content.decode()).group(1) for _ in range(2)]
    arabic = team.invite("ar", Role.TRANSLATOR)
    page = coordinator.get("/team/fr/").content.decode()
    assert "2 invitations not used yet" in page and 'value="cancel-invitations"' in page
    assert all(Client().get(f"/join/{token}/").status_code == 200 for token in tokens)
    answer = coordinator.post("/team/fr/", {"action": "cancel-invitations"}, follow=True)
    assert "are cancelled: their links no longer work" in answer.content.decode()
    assert not Invitation.objects.filter(language="fr", used__isnull=True).exists()
    assert Client().get(f"/join/{arabic}/").status_code == 200  # (another team's: kept)
    assert all(Client().get(f"/join/{token}/").status_code == 404 for token in tokens)
    # Only a coordinator of the language cancels its invitations.
    assert _as(crew["ar-translator"]).post("/team/ar/", {
        "action": "cancel-invitations"}).status_code == 403
    assert Invitation.objects.filter(language="ar", used__isnull=True).exists()


def test_two_look_alike_names_joining_at_once_are_not_both_kept(project, monkeypatch):
    """Two joins at the same instant each look for a look-alike before the other's account
    exists (on PostgreSQL nothing makes the second wait): the database, which keeps every
    name's keys unique, refuses the second. On PostgreSQL too (the team tests run there)."""
    team.accept(team.pending_invitation(team.invite("fr")), "Camille", PASSWORD)
    monkeypatch.setattr(team, "name_taken", lambda *_args, **_kwargs: False)  # (not seen yet)
    for look_alike in ("C\u0430mille", "CAMILLE"):  # (a Cyrillic а; the same name in capitals)
        with pytest.raises(IntegrityError):
            team.accept(team.pending_invitation(team.invite("fr")), look_alike, PASSWORD)
    assert list(team.get_user_model().objects.values_list("username", flat=True)) == [
        "Camille"]
    assert NameKey.objects.count() == 2  # (the skeletons of "camille" and of "Camille")
    team.get_user_model().objects.get().delete()
    assert not NameKey.objects.exists()  # (a deleted account's name is free again)


def test_names_keys_are_made_anew_when_the_rules_that_make_them_change(project, monkeypatch):
    """Keys made under older Unicode data or an older confusables table would let a name
    pass that the new rules find alike: the workspace makes them anew at its start."""
    team.accept(team.pending_invitation(team.invite("fr")), "Mésange", PASSWORD)
    assert not team.name_taken("Mesange")
    real_keys = names.keys
    monkeypatch.setattr(names, "keys", lambda name: real_keys(name) | real_keys(
        unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode()))
    assert not team.name_taken("Mesange")  # (the kept keys are the old rules')
    monkeypatch.setattr(names, "rules", lambda: "keys 2; unaccented too")
    team.keep_name_keys()
    assert team.name_taken("Mesange")
    assert set(NameKey.objects.values_list("rules", flat=True)) == {"keys 2; unaccented too"}


def test_a_look_alike_let_in_before_takes_the_keys_when_the_older_account_goes(project):
    users = team.get_user_model().objects
    older, younger = (users.create_user(username=name, password=PASSWORD)
                      for name in ("Camille", "C\u0430mille"))  # (as an older race let in)
    team.keep_name_keys()
    assert older.name_keys.count() == 2 and younger.name_keys.count() == 0
    team.delete_account(older)
    assert younger.name_keys.count() == 2 and team.name_taken("CAMILLE")


def test_a_weak_password_or_a_hidden_name_is_refused(project):
    token = team.invite("fr", Role.TRANSLATOR)
    for name, password in [("Mésange", "1234567890"), ("Mé\u202esange", PASSWORD)]:
        response = Client().post(f"/join/{token}/", {"username": name, "password1": password,
                                                     "password2": password})
        assert response.status_code == 200
    assert not team.get_user_model().objects.exists()


def test_display_names_render_inert(project):
    token = team.invite("fr", Role.TRANSLATOR)
    client = Client()
    name = "<script>x</script>"
    response = client.post(f"/join/{token}/", {"username": name, "password1": PASSWORD,
                                                "password2": PASSWORD})
    if response.status_code == 200:  # Django's username rules refuse it: inert either way
        assert "<script>x" not in response.content.decode()
        return
    html = client.get("/fr/").content.decode()
    assert "<script>x</script>" not in html


def test_login_is_throttled_per_account_and_keeps_no_address(project, crew):
    client = Client()
    for _ in range(signin.MAX_FAILURES):
        client.post("/login/", {"username": "Pivert", "password": "wrong guess"})
    response = client.post("/login/", {"username": "Pivert", "password": PASSWORD})
    assert response.status_code == 200 and "do not sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session
    field_names = {field.name for field in LoginFailure._meta.get_fields()}
    assert field_names == {"id", "user", "device", "at"}
    LoginFailure.objects.update(at=timezone.now() - signin.FAILURE_WINDOW - timedelta(seconds=1))
    response = client.post("/login/", {"username": "Pivert", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_the_invite_command_prints_a_link_that_is_kept_only_as_a_hash(project_and_state):
    project, state = project_and_state
    environment = {k: v for k, v in __import__("os").environ.items()
                   if k != "EDITIONS_WORKSPACE_DATABASE_URL"}  # (its own SQLite, read below)
    result = subprocess.run(
        [EDITIONS, "--project", str(project.root), "workspace", "invite", "-l", "fr",
         "--role", "reviewer", "--url", "https://translate.example.org"],
        capture_output=True, text=True, timeout=120,
        env={**environment, "EDITIONS_WORKSPACE_STATE": str(state)})
    assert result.returncode == 0, result.stderr
    token = re.search(r"https://translate\.example\.org/join/([\w-]+)/", result.stdout).group(1)
    rows = sqlite3.connect(state / "workspace.sqlite3").execute(
        "select token_hash, language, role from workspace_invitation").fetchall()
    assert len(rows) == 1 and rows[0][1:] == ("fr", "reviewer") and token not in rows[0][0]
    refused = subprocess.run([EDITIONS, "--project", str(project.root), "workspace", "invite",
                              "-l", "xx"], capture_output=True, text=True, timeout=120,
                             env={**environment, "EDITIONS_WORKSPACE_STATE": str(state)})
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    # Found: a link nobody should follow was printed as the workspace's address; and a
    # damaged database ended in Django's traceback.
    for command, said in ((["--url", "javascript:alert(1)"], "--url 'javascript:alert(1)' is "
                           "not an http(s) address"), ([], "the workspace's database cannot "
                                                           "be used: file is not a database")):
        if not command:
            (state / "workspace.sqlite3").write_bytes(b"garbage" * 200)
        refused = subprocess.run([EDITIONS, "--project", str(project.root), "workspace",
                                  "invite", "-l", "fr", *command], capture_output=True,
                                 text=True, timeout=120,
                                 env={**environment, "EDITIONS_WORKSPACE_STATE": str(state)})
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert said in refused.stderr and "/join/" not in refused.stdout, refused.stderr


# -- suggestions and review ---------------------------------------------------------------

def test_a_translators_save_is_a_suggestion_a_reviewer_accepts(project, crew):
    from editions.workspace.models import Suggestion

    entry = _with_number(project)
    before = tree_digest(project.root)
    translator = _as(crew["fr-translator"])
    assert "Suggest and go to the next" in translator.get(_url(entry)).content.decode()
    text = entry.translation + " Nous le redisons."
    assert _post(translator, entry, text).status_code == 302
    assert tree_digest(project.root) == before  # nothing in the PO file yet
    suggestion = Suggestion.objects.get()
    assert suggestion.author == crew["fr-translator"] and suggestion.status == "pending"
    assert f"/{entry.key}/" in translator.get(f"/fr/{STATEMENT}/?show=suggested").content.decode()
    decide = f"{_url(entry)}suggestions/{suggestion.pk}"
    # Neither its author, nor another language's translator, nor a forged id decides it.
    assert translator.post(decide, {"action": "accept"}).status_code == 403
    assert _as(crew["ar-translator"]).post(decide, {"action": "accept"}).status_code == 403
    reviewer = _as(crew["fr-reviewer"])
    other = _entries(project)[0]
    assert reviewer.post(f"{_url(other)}suggestions/{suggestion.pk}",
                         {"action": "accept", **_seen(other)}).status_code == 404
    assert tree_digest(project.root) == before
    page = reviewer.get(_url(entry)).content.decode()
    assert "Nous le redisons." in page and "Mésange" in page and ">Accept<" in page
    assert reviewer.post(decide, {"action": "accept", **_seen(entry)}).status_code == 302
    assert _po(project).find(entry.source).msgstr == text
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.decided_by == crew["fr-reviewer"]
    again = reviewer.post(decide, {"action": "accept", **_seen(entry, text)}, follow=True)
    assert "decided already" in again.content.decode()


def test_a_rejected_suggestion_changes_nothing_and_errors_are_not_suggested(project, crew):
    from editions.workspace.models import Suggestion

    entry = _with_number(project)
    translator = _as(crew["fr-translator"])
    number = re.search(r"\d+", entry.source).group()
    assert _post(translator, entry, entry.translation.replace(number, ""),
                 fuzzy=True).status_code == 400
    assert not Suggestion.objects.exists()
    _post(translator, entry, entry.translation + " !")
    suggestion = Suggestion.objects.get()
    before = tree_digest(project.root)
    _as(crew["fr-reviewer"]).post(f"{_url(entry)}suggestions/{suggestion.pk}",
                                  {"action": "reject"})
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected" and tree_digest(project.root) == before


def test_a_language_may_let_its_translators_write_directly(project, crew, settings):
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8")
                               + "\neditions_direct_translation = ['fr']\n", encoding="utf-8")
    entry = _with_number(project)
    _post(_as(crew["fr-translator"]), entry, entry.translation + " Directement.")
    assert _po(project).find(entry.source).msgstr.endswith(" Directement.")


def test_a_deleted_volunteers_suggestion_stays_unnamed(project, crew):
    from editions.workspace.models import Suggestion

    entry = _with_number(project)
    _post(_as(crew["fr-translator"]), entry, entry.translation + " !")
    crew["fr-translator"].delete()
    suggestion = Suggestion.objects.get()
    assert suggestion.author is None and suggestion.author_name == "a former volunteer"


# -- comments ------------------------------------------------------------------------------

def test_a_comment_is_seen_by_the_team_and_resolved_by_a_reviewer(project, crew):
    from editions.workspace.models import Comment

    entry = _with_number(project)
    url = _url(entry) + "comments"
    translator = _as(crew["fr-translator"])
    question = "« Nakba » : faut-il le traduire ? <script>alert(1)</script>"
    assert translator.post(url, {"text": question}).status_code == 302
    assert translator.post(url, {"text": question}).status_code == 302  # (sent twice: one)
    page = _as(crew["fr-reviewer"]).get(_url(entry)).content.decode()
    assert "faut-il le traduire" in page and "<script>alert(1)" not in page
    # Not seen, not written, not resolved from another language's team.
    arabic = _as(crew["ar-translator"])
    assert arabic.get(_url(entry)).status_code == 403
    assert arabic.post(url, {"text": "x"}).status_code == 403
    comment = Comment.objects.get()
    assert arabic.post(url, {"resolve": comment.pk}).status_code == 403
    assert Client().post(url, {"text": "anonyme"}).status_code == 302  # to the login page
    assert Comment.objects.count() == 1
    assert translator.post(url, {"text": " \u200b "}).status_code == 302
    assert Comment.objects.count() == 1  # a blank comment is refused
    other = member("fr", Role.TRANSLATOR, "Grive")
    assert _as(other).post(url, {"resolve": comment.pk}).status_code == 403
    assert _as(crew["fr-reviewer"]).post(url, {"resolve": comment.pk}).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved


# -- history and revert --------------------------------------------------------------------

def test_every_change_is_recorded_and_a_coordinator_reverts_one(project, crew):
    import polib

    from editions.workspace.models import Change

    entry = _with_number(project)
    coordinator = _as(crew["fr-coordinator"])
    assert coordinator.get(_url(entry)).status_code == 200  # (the workspace sees the file)
    reviewer = _as(crew["fr-reviewer"])
    mine = entry.translation + " Ensemble."
    assert _post(reviewer, entry, mine).status_code == 302
    change = Change.objects.get()
    assert (change.author, change.via, change.before, change.after) == (
        crew["fr-reviewer"], "workspace", entry.translation, mine)
    # A change made outside (git pull, Poedit, a CLI command) is found and recorded too.
    path = project.catalog_path("fr", STATEMENT)
    po = polib.pofile(str(path))
    po.find(entry.source).msgstr = "Écrasé par un git pull."
    po.save()
    page = coordinator.get(_url(entry)).content.decode()
    found = Change.objects.get(via="file")
    assert found.author is None and found.before == mine and "Écrasé" in page
    revert = f"{_url(entry)}history/{found.pk}/revert"
    # Only a coordinator of the language reverts.
    for who in ("fr-translator", "fr-reviewer", "ar-translator"):
        assert _as(crew[who]).post(revert).status_code == 403
    assert Client().post(revert).status_code == 302  # to the login page
    assert _po(project).find(entry.source).msgstr == "Écrasé par un git pull."
    other = _entries(project)[0]
    assert coordinator.post(f"{_url(other)}history/{found.pk}/revert").status_code == 404
    reverted = coordinator.post(revert, _seen(entry, "Écrasé par un git pull."), follow=True)
    assert "Reverted." in reverted.content.decode()
    assert _po(project).find(entry.source).msgstr == mine
    last = Change.objects.order_by("-at", "-pk").first()
    assert (last.via, last.author, last.after) == ("revert", crew["fr-coordinator"], mine)
    # Found: the same revert sent again (or of a change already undone) said "Reverted."
    # though nothing was written.
    again = coordinator.post(revert, _seen(entry, mine), follow=True)
    assert "It reads as before already: nothing was changed." in again.content.decode()
    assert Change.objects.order_by("-at", "-pk").first() == last


def test_reverting_a_first_translation_marks_it_instead_of_erasing_it(project, crew):
    from editions.catalogs import update
    from editions.workspace.models import Change

    source = project.statement_source(STATEMENT)
    source.write_text(source.read_text(encoding="utf-8") + "\nA late paragraph.\n",
                      encoding="utf-8")
    update(project)
    entry = next(e for e in _entries(project) if e.source == "A late paragraph.")
    reviewer = _as(crew["fr-reviewer"])
    reviewer.get(_url(entry))
    _post(reviewer, entry, "Un paragraphe tardif.")
    change = Change.objects.get()
    _as(crew["fr-coordinator"]).post(f"{_url(entry)}history/{change.pk}/revert",
                                     _seen(entry, "Un paragraphe tardif."))
    saved = _po(project).find(entry.source)
    assert saved.msgstr == "Un paragraphe tardif." and saved.fuzzy


def test_a_languages_page_counts_the_suggestions_waiting(project, crew):
    entry = _with_number(project)
    _post(_as(crew["fr-translator"]), entry, entry.translation + " !")
    html = _as(crew["fr-reviewer"]).get("/fr/").content.decode()
    assert f"/fr/{STATEMENT}/?show=suggested" in html and "1 suggestion<" in html
    from editions.progress.claims import waiting_for_review

    assert waiting_for_review(project) == {("fr", STATEMENT): 1}  # (for the progress page)


# -- a volunteer's own data ----------------------------------------------------------------

def test_a_volunteer_downloads_then_deletes_their_data(project, crew):
    import json

    from editions.workspace.models import Comment, Suggestion

    entry = _with_number(project)
    translator = _as(crew["fr-translator"])
    _post(translator, entry, entry.translation + " !")
    translator.post(_url(entry) + "comments", {"text": "Une question."})
    data = json.loads(translator.get("/account/?download=1").content)
    assert data["display_name"] == "Mésange" and data["memberships"] == [
        {"language": "fr", "role": "translator"}]
    assert data["suggestions"][0]["text"].endswith(" !")
    assert data["comments"][0]["text"] == "Une question."
    assert "email" not in json.dumps(data) and "ip" not in data
    assert translator.post("/account/", {"password": "wrong"}).status_code == 200
    assert team.get_user_model().objects.filter(username="Mésange").exists()
    assert translator.post("/account/", {"password": PASSWORD}).status_code == 302
    assert not team.get_user_model().objects.filter(username="Mésange").exists()
    assert Suggestion.objects.get().author is None and Comment.objects.get().author is None
    assert Client().get("/account/").status_code == 302  # to the login page


# -- the coordinator's page ----------------------------------------------------------------

def test_a_coordinator_invites_from_the_browser_and_sees_the_team_at_work(project, crew):
    entry = _with_number(project)
    _post(_as(crew["fr-translator"]), entry, entry.translation + " !")
    _as(crew["fr-translator"]).post(f"/fr/{STATEMENT}/claim", {"pseudonym": "Mésange"})
    coordinator = _as(crew["fr-coordinator"])
    page = coordinator.get("/team/fr/").content.decode()
    assert "Mésange" in page and "Pivert" in page and "Hudhud" not in page
    assert "Every statement is translated and reviewed." in page  # (French is complete)
    german = _as(member("de", Role.COORDINATOR, "Eule")).get("/team/de/").content.decode()
    assert f"/de/{STATEMENT}/?show=untranslated" in german and " untranslated, " in german
    assert f"/fr/{STATEMENT}/?show=suggested" in page
    response = coordinator.post("/team/fr/", {"role": "reviewer"})
    link = re.search(r"http://testserver/join/([\w-]+)/", response.content.decode()).group(1)
    assert team.pending_invitation(link).role == "reviewer"
    assert coordinator.post("/team/fr/", {"role": "administrator"}).status_code == 200
    assert Invitation.objects.filter(used__isnull=True).count() == 1  # (no such role)
    # A coordinator releases anyone's claim in their language.
    coordinator.post(f"/fr/{STATEMENT}/claim", {"action": "release"})
    assert not Claim.objects.exists()
    # No one else sees this page.
    for who in ("fr-translator", "fr-reviewer", "ar-translator"):
        assert _as(crew[who]).get("/team/fr/").status_code == 403
        assert _as(crew[who]).post("/team/fr/", {"role": "coordinator"}).status_code == 403
    assert Client().get("/team/fr/").status_code == 302
    assert Invitation.objects.filter(used__isnull=True).count() == 1


def test_the_team_page_asks_the_database_as_often_for_a_large_team_as_for_a_small_one(
        project, crew):
    """Found: two queries per member (their last change, their last suggestion)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from editions.workspace.models import Change

    coordinator = _as(crew["fr-coordinator"])
    entry = _with_number(project)
    _post(_as(crew["fr-translator"]), entry, entry.translation + " !")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = coordinator.get("/team/fr/")
        assert page.status_code == 200
        return len(captured)

    small = queries()
    for number in range(5):
        member("fr", Role.TRANSLATOR, f"Roitelet {number}")
    assert queries() == small
    # Each still says when they last worked: the translator by a suggestion (no change of
    # theirs is in the file yet), the new members not at all.
    members = dict(re.findall(r"<li><bdi>([^<]+)</bdi>([^<]*)</li>",
                              coordinator.get("/team/fr/").content.decode()))
    assert not Change.objects.filter(author=crew["fr-translator"]).exists()
    assert "last work" in members["Mésange"], members
    assert "last work" not in members["Roitelet 0"], members


def test_open_sign_up_only_where_conf_py_allows_it(project, crew):
    from editions.workspace.models import Membership

    fields = {"username": "Nouvelle", "password1": PASSWORD, "password2": PASSWORD}
    assert Client().post("/join/es/", fields).status_code == 404
    assert "/join/es/" not in Client().get("/login/").content.decode()
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8")
                               + "\neditions_open_signup = ['es']\n", encoding="utf-8")
    assert "/join/es/" in Client().get("/login/").content.decode()
    assert Client().post("/join/fr/", fields).status_code == 404
    client = Client()
    assert client.post("/join/es/", fields).status_code == 302
    membership = Membership.objects.get(user__username="Nouvelle")
    assert (membership.language, membership.role) == ("es", "translator")
    assert client.get("/es/").status_code == 200 and client.get("/fr/").status_code == 403


def test_accepted_translations_may_be_committed_with_the_volunteers_name(project, crew):
    from editions.workspace.models import Preferences

    Preferences.objects.create(user=crew["fr-reviewer"], named_in_commits=True)
    git = ["git", "-C", str(project.root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "-c", "user.name=t", "-c", "user.email=t@invalid", "add", "."],
                   check=True)
    subprocess.run([*git, "-c", "user.name=t", "-c", "user.email=t@invalid", "commit", "-qm",
                    "start"], check=True)
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8")
                               + "\neditions_workspace_commits = True\n", encoding="utf-8")
    subprocess.run([*git, "-c", "user.name=t", "-c", "user.email=t@invalid", "commit", "-qam",
                    "commits on"], check=True)
    entry = _with_number(project)
    _post(_as(crew["fr-reviewer"]), entry, entry.translation + " Ensemble.")
    last = subprocess.run([*git, "log", "-1", "--format=%an|%s", "--name-only"],
                          capture_output=True, text=True, check=True).stdout
    assert last.startswith(f"Pivert|fr: {STATEMENT}, translation of")
    assert f"locale/fr/LC_MESSAGES/{STATEMENT}.po" in last
    assert subprocess.run([*git, "status", "--porcelain", "locale"], capture_output=True,
                          text=True).stdout == ""


# -- every state-changing endpoint, as an attacker tries it ---------------------------------

def _state(project) -> tuple:
    from editions.workspace.models import Change, Comment, Membership, Suggestion

    return (tree_digest(project.root), Claim.objects.count(), Suggestion.objects.filter(
        status="pending").count(), Comment.objects.filter(resolved=False).count(),
        Change.objects.count(), Invitation.objects.count(), Membership.objects.count(),
        team.get_user_model().objects.count())


def _endpoints(project, crew) -> list[tuple[str, str, dict]]:
    """(name, path, form) of every POST that changes something, aimed at French."""
    from editions.workspace.models import Change, Comment, Suggestion

    entry = _with_number(project)
    suggestion = Suggestion.objects.create(language="fr", statement=STATEMENT, key=entry.key,
                                           source=entry.source, text=entry.translation + " !",
                                           author=crew["fr-translator"])
    comment = Comment.objects.create(language="fr", statement=STATEMENT, key=entry.key,
                                     author=crew["fr-translator"], text="?")
    change = Change.objects.create(language="fr", statement=STATEMENT, key=entry.key,
                                   source=entry.source, before="x", after=entry.translation,
                                   via="file")
    url = _url(entry)
    return [
        ("save", url, {"translation": entry.translation + " ?", "expected_translation":
                       entry.translation, "expected_fuzzy": "False", "source": entry.source,
                       "action": "save"}),
        ("claim", f"/fr/{STATEMENT}/claim", {"pseudonym": "X"}),
        ("accept", f"{url}suggestions/{suggestion.pk}", {"action": "accept", **_seen(entry)}),
        ("comment", f"{url}comments", {"text": "forged"}),
        ("resolve", f"{url}comments", {"resolve": str(comment.pk)}),
        ("revert", f"{url}history/{change.pk}/revert", _seen(entry)),
        ("invite", "/team/fr/", {"role": "coordinator"}),
    ]


def test_every_state_changing_request_is_refused_to_whoever_does_not_belong(project, crew):
    endpoints = _endpoints(project, crew)
    before = _state(project)
    outsider = _as(crew["ar-translator"])
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(crew["fr-coordinator"])
    for name, path, form in endpoints:
        anonymous = Client().post(path, form)
        assert anonymous.status_code == 302 and "/login/" in anonymous["Location"], name
        assert outsider.post(path, form).status_code == 403, name
        assert forged.post(path, {**form, "csrfmiddlewaretoken": "forged"}).status_code == 403
        for elsewhere in (path.replace("/fr/", "/xx/", 1),
                          path.replace(f"/{STATEMENT}/", "/no-such-statement/", 1),
                          path.replace(f"/{STATEMENT}/", "/..%2F..%2Fconf.py/", 1)):
            if elsewhere != path:
                assert _as(crew["fr-coordinator"]).post(elsewhere, form).status_code in (
                    403, 404), (name, elsewhere)
    # A translator approves nothing, reverts nothing, invites no one.
    translator = _as(crew["fr-translator"])
    for name, path, form in endpoints:
        if name in ("accept", "revert", "invite"):
            assert translator.post(path, form).status_code == 403, name
    assert _state(project) == before
