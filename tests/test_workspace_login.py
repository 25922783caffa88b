"""Signing in, tried as a stranger guessing passwords, a crowd flooding the login and a
neighbour reading the database would (issue 30, points 8, 9 and 15): a stranger's wrong
passwords never keep out a browser that signed in to the account before (device cookies),
guessing stays bounded, nothing typed at a failed login is kept anywhere, failures go with
the account and are in its export, and the hashing work of anonymous attempts is bounded
per process, the surplus answered "busy" without hashing while members work on.
"""

from __future__ import annotations

import json
import os
import queue
import re
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.test import Client

from editions.workspace import signin
from editions.workspace.models import LoginFailure, Role

from .conftest import PASSWORD, _as, _second_process, member

#: What a volunteer might type into the name field by mistake (lower case: casefolding it
#: would leave it as it is).
PASSPHRASE = "ferns whisper under seven blue lanterns"


def _login(client: Client, name: str, password: str) -> tuple[int, str]:
    response = client.post("/login/", {"username": name, "password": password})
    return response.status_code, response.content.decode()


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# -- 9. nothing typed is kept ----------------------------------------------------------------

FAIL_WITH_THE_PASSPHRASE_AS_NAME = """
team.accept(team.pending_invitation(team.invite("fr", Role.TRANSLATOR)), "Mésange",
            sys.argv[2])
client = Client(HTTP_HOST="127.0.0.1")
typed_as_name = client.post("/login/", {"username": sys.argv[2], "password": "Mésange"})
wrong = client.post("/login/", {"username": "Mésange", "password": "not it"})
print(json.dumps({"typed_as_name": typed_as_name.status_code, "wrong": wrong.status_code,
                  "signed_in": "_auth_user_id" in client.session}))
"""


def _everything_in(database: Path) -> list[str]:
    """Every text value of every table, read with plain sqlite3 (as a neighbour would)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as reader:
        tables = [name for (name,) in reader.execute(
            "select name from sqlite_master where type = 'table'")]
        return [value for table in tables for row in reader.execute(f'select * from "{table}"')
                for value in row if isinstance(value, str)]


def test_a_passphrase_typed_as_the_name_is_kept_nowhere(project_and_state):
    """Found: a failed login recorded the name typed, a passphrase at times, in clear."""
    project, state = project_and_state
    answers = _second_process(project, state, FAIL_WITH_THE_PASSPHRASE_AS_NAME, PASSPHRASE)
    assert answers == {"typed_as_name": 200, "wrong": 200, "signed_in": False}
    database = state / "workspace.sqlite3"
    values = _everything_in(database)
    assert "Mésange" in values  # (the probe reads the tables that matter)
    assert [v for v in values if PASSPHRASE in v.casefold()] == []
    # Nor in the files' bytes (free pages, the write-ahead log): it was never written.
    for path in state.glob("workspace.sqlite3*"):
        assert PASSPHRASE.encode() not in path.read_bytes(), path.name


OLD_ROW_THEN_MIGRATE = """
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
call_command("migrate", "workspace", "0011_claim_user", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("INSERT INTO workspace_loginfailure (username, at) VALUES (%s, %s)",
                   [sys.argv[2], timezone.now()])
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
call_command("migrate", verbosity=0)
print(json.dumps({"migrated": True}))
"""


def test_the_names_an_older_workspace_recorded_are_erased_by_its_migration(project_and_state):
    project, state = project_and_state
    assert _second_process(project, state, OLD_ROW_THEN_MIGRATE, PASSPHRASE)["migrated"]
    assert [v for v in _everything_in(state / "workspace.sqlite3") if PASSPHRASE in v] == []
    for path in state.glob("workspace.sqlite3*"):
        assert PASSPHRASE.encode() not in path.read_bytes(), path.name


OLD_WITHDRAWAL_THEN_MIGRATE = """
import datetime as dt
from django.core.management import call_command
from django.db import connection
call_command("migrate", "workspace", "0014_builds", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("INSERT INTO workspace_withdrawal (language, statement, reason, at) "
                   "VALUES ('fr', 'vietnam', 'A mistake.', %s)",
                   [dt.datetime(2026, 3, 8, 23, 59, 58, tzinfo=dt.timezone.utc)])
call_command("migrate", verbosity=0)
from editions.workspace.models import Withdrawal
print(json.dumps({"at": str(Withdrawal.objects.get().at)}))
"""


def test_an_older_workspace_s_withdrawals_keep_their_day_and_lose_their_time(
        project_and_state):
    """A withdrawal's time to the second could be matched with a server's log to name who
    withdrew it; the page says only the day, and only the day is kept."""
    project, state = project_and_state
    assert _second_process(project, state, OLD_WITHDRAWAL_THEN_MIGRATE) == {"at": "2026-03-08"}
    assert [v for v in _everything_in(state / "workspace.sqlite3") if "23:59" in v] == []


OLD_ACCOUNTS_THEN_MIGRATE = """
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", "workspace", "0015_withdrawal_day", verbosity=0)
users = get_user_model().objects
for name in ("Camille", "C\\u0430mille", "Mésange"):  # (the second made by the old race)
    users.create_user(username=name, password=sys.argv[2])
call_command("migrate", verbosity=0)
from editions.workspace import team
print(json.dumps({"taken": [team.name_taken(name) for name in ("CAMILLE", "Mesange", "Mésange")],
                  "keys": {user.username: user.name_keys.count()
                           for user in users.order_by("pk")}}))
"""


def test_an_older_workspace_s_names_are_kept_unique_after_its_migration(project_and_state):
    """The accounts made before the names' keys were kept get theirs; of two look-alikes an
    older race let in, the older account keeps the keys they share."""
    project, state = project_and_state
    assert _second_process(project, state, OLD_ACCOUNTS_THEN_MIGRATE, PASSPHRASE) == {
        "taken": [True, False, True], "keys": {"Camille": 2, "C\u0430mille": 0, "Mésange": 2}}


# -- 8. a stranger cannot lock a volunteer out -----------------------------------------------

def test_a_strangers_wrong_passwords_never_keep_out_a_browser_that_signed_in_before(project):
    """Found: five wrong passwords locked the account for everyone, the owner included."""
    member("fr", Role.TRANSLATOR, "Mésange")
    laptop = Client()
    assert _login(laptop, "Mésange", PASSWORD)[0] == 302
    laptop.post("/logout/")
    assert not _signed_in(laptop)

    stranger = Client()
    for guess in range(12):
        assert _login(stranger, "Mésange", f"guess {guess}")[0] == 200
    assert _login(stranger, "Mésange", PASSWORD)[0] == 200 and not _signed_in(stranger)

    assert _login(laptop, "Mésange", PASSWORD)[0] == 302 and _signed_in(laptop)
    fresh = Client()
    status, page = _login(fresh, "Mésange", PASSWORD)
    assert status == 200 and not _signed_in(fresh) and "do not sign in" in page
    # Guessing is bounded: the refused guesses were not even tried, and are not kept.
    assert LoginFailure.objects.filter(device="").count() == signin.MAX_FAILURES


def test_a_strangers_guesses_never_keep_a_volunteer_from_deleting_their_account(project):
    """Found: deleting one's account counted the password against the strangers' lane, so
    five guesses from anywhere, every quarter of an hour, kept a volunteer in danger from
    deleting it. A signed-in volunteer's tries are counted by their session, bounded all
    the same, and never added to the strangers' count."""
    from django.contrib.auth import get_user_model

    owner = member("fr", Role.TRANSLATOR, "Mésange")
    laptop = Client()
    assert _login(laptop, "Mésange", PASSWORD)[0] == 302
    stranger = Client()
    for guess in range(signin.MAX_FAILURES + 2):
        _login(stranger, "Mésange", f"guess {guess}")
    # Someone at the laptop left open guesses: bounded by this session's own count.
    for guess in range(signin.MAX_DEVICE_FAILURES):
        page = laptop.post("/account/", {"password": f"guess {guess}"})
        assert "This is not your password." in page.content.decode()
    page = laptop.post("/account/", {"password": PASSWORD})
    assert "Too many wrong passwords" in page.content.decode()
    assert LoginFailure.objects.filter(device="").count() == signin.MAX_FAILURES
    # The volunteer, in another session of theirs, deletes their account whatever others did.
    phone = Client()
    phone.force_login(owner)
    assert phone.post("/account/", {"password": PASSWORD}).status_code == 302
    assert not get_user_model().objects.filter(pk=owner.pk).exists()


def test_a_trusted_browser_has_its_own_bound_and_a_forged_cookie_is_no_trust(project):
    member("fr", Role.TRANSLATOR, "Mésange")
    member("fr", Role.TRANSLATOR, "Pivert")
    laptop, phone, pivert = Client(), Client(), Client()
    for client, name in ((laptop, "Mésange"), (phone, "Mésange"), (pivert, "Pivert")):
        assert _login(client, name, PASSWORD)[0] == 302
        client.post("/logout/")
    cookie = laptop.cookies[signin.DEVICE_COOKIE]  # (a script cannot read it; 90 days)
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
    assert int(cookie["max-age"]) == 90 * 24 * 3600 and "Mésange" not in cookie.value
    # Found: the cookie began with the account's number, for whoever holds the computer.
    user = signin.account("Mésange")
    tag = cookie.value.split(":")[0]  # (the tag, the nonce, the time, the signature)
    assert re.fullmatch(r"[0-9a-f]{32}", tag) and str(user.pk) not in cookie.value.split(":")
    # Someone with the laptop guesses: stopped after its own five, without touching the phone.
    for guess in range(signin.MAX_DEVICE_FAILURES):
        _login(laptop, "Mésange", f"guess {guess}")
    status, page = _login(laptop, "Mésange", PASSWORD)
    assert status == 200 and "Too many wrong passwords" in page and not _signed_in(laptop)
    assert _login(phone, "Mésange", PASSWORD)[0] == 302
    # Another account's cookie, or an altered one, is a stranger's browser for Mésange.
    for _ in range(signin.MAX_FAILURES):
        _login(pivert, "Mésange", "guess")
    forged = Client()
    forged.cookies[signin.DEVICE_COOKIE] = phone.cookies[signin.DEVICE_COOKIE].value[:-2] + "xx"
    for client in (pivert, forged):
        status, page = _login(client, "Mésange", PASSWORD)
        assert status == 200 and "do not sign in" in page and not _signed_in(client)
    assert _login(pivert, "Pivert", PASSWORD)[0] == 302  # (its own account: trusted)


def test_failures_go_with_the_account_and_are_in_its_export(project):
    """Found: failures were kept by the name typed, outside the volunteer's export."""
    user = member("fr", Role.TRANSLATOR, "Mésange")
    stranger = Client()
    _login(stranger, "Mésange", "guess one")
    _login(stranger, "Mésange", "guess two")
    _login(stranger, "Nobody at all", "guess three")  # (no account: nothing recorded)
    assert LoginFailure.objects.count() == 2
    laptop = Client()
    assert _login(laptop, "Mésange", PASSWORD)[0] == 302
    data = json.loads(laptop.get("/account/?download=1").content)
    assert [f["from_a_browser_that_signed_in_before"] for f in data["failed_logins"]] == [
        False, False]
    assert all(f["at"] for f in data["failed_logins"]) and "guess" not in json.dumps(data)
    response = laptop.post("/account/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not LoginFailure.objects.exists() and not type(user).objects.filter(pk=user.pk).exists()
    assert response.cookies[signin.DEVICE_COOKIE].value == ""  # (the browser forgets it too)


# -- 15. a login flood cannot slow the team down ----------------------------------------------

class Gate:
    """Argon2, held shut for attempts whose password starts with "flood": counts the checks
    that reach the hasher and how many run at once."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.lock, self.calls, self.inside, self.most = threading.Lock(), 0, 0, 0
        self.priorities: set[int] = set()  # (the nice values of the threads that hashed)
        self.entered, self.open = threading.Semaphore(0), threading.Event()
        encode, verify = Argon2PasswordHasher.encode, Argon2PasswordHasher.verify
        monkeypatch.setattr(Argon2PasswordHasher, "encode",
                            lambda hasher, password, salt: self._held(
                                password, lambda: encode(hasher, password, salt)))
        monkeypatch.setattr(Argon2PasswordHasher, "verify",
                            lambda hasher, password, encoded: self._held(
                                password, lambda: verify(hasher, password, encoded)))

    def _held(self, password: str, work):
        if not password.startswith("flood"):
            return work()
        with self.lock:
            self.priorities.add(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
            self.calls += 1
            self.inside += 1
            self.most = max(self.most, self.inside)
        self.entered.release()
        self.open.wait(60)
        with self.lock:
            self.inside -= 1
        return work()


@pytest.mark.django_db(transaction=True)
def test_a_login_flood_hashes_within_the_bound_and_members_do_not_wait(project, monkeypatch):
    """Found: 16 anonymous clients slowed a member's page from 0.02 s to 1.6 s."""
    member("fr", Role.TRANSLATOR, "Mésange")
    reader = _as(member("fr", Role.REVIEWER, "Pivert"))
    laptop = Client()
    assert _login(laptop, "Mésange", PASSWORD)[0] == 302
    laptop.post("/logout/")
    gate = Gate(monkeypatch)
    answers: queue.Queue[str] = queue.Queue()

    def attempt(number: int) -> None:
        try:
            name = "Mésange" if number % 2 else f"nobody {number}"
            status, page = _login(Client(), name, f"flood {number}")
            answers.put("busy" if "The workspace is busy" in page else
                        "refused" if status == 200 and "do not sign in" in page else str(status))
        finally:
            connection.close()

    flood = [threading.Thread(target=attempt, args=(n,)) for n in range(16)]
    for thread in flood:
        thread.start()
    try:
        for _ in range(signin.ANONYMOUS_SLOTS):
            assert gate.entered.acquire(timeout=60)
        # The slots are held: every other attempt is answered "busy" now, without hashing.
        early = [answers.get(timeout=60) for _ in range(16 - signin.ANONYMOUS_SLOTS)]
        assert early == ["busy"] * len(early) and gate.calls == signin.ANONYMOUS_SLOTS
        # Meanwhile a member's page does not wait, nor does the owner's browser sign-in
        # (its own lane); a browser without the cookie is told to try again.
        assert reader.get("/fr/").status_code == 200
        assert _login(laptop, "Mésange", PASSWORD)[0] == 302
        status, page = _login(Client(), "Mésange", PASSWORD)
        assert status == 429 and "The workspace is busy" in page  # (answered for nothing)
    finally:
        gate.open.set()
        for thread in flood:
            thread.join(60)
    assert [answers.get_nowait() for _ in range(signin.ANONYMOUS_SLOTS)] == [
        "refused"] * signin.ANONYMOUS_SLOTS
    assert gate.most == signin.ANONYMOUS_SLOTS and gate.calls == signin.ANONYMOUS_SLOTS
    if sys.platform == "linux":  # (the lowest priority: members' requests come first)
        assert gate.priorities == {19}
    assert _login(Client(), "nobody", "flood again")[0] == 200 and gate.calls == \
        signin.ANONYMOUS_SLOTS + 1  # (free again once the checks are done)
