"""Sessions and the state folder, tried as a neighbour on the machine or a thief of the
database would: a session row read with plain sqlite3 signs nobody in, the state folder and
every file SQLite writes are the server user's alone, sessions end on the server 12 hours
after their last request and 7 days after sign-in, HTTPS mode marks every cookie Secure and
sends HSTS, and a deleted account leaves no session behind.

The tests on real files run the workspace's own start (``server.configure``) in a second
process, with the umask most systems have (022), as a coordinator's server would.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from editions.errors import EditionsError
from editions.workspace import server
from editions.workspace.models import Role

from .conftest import EDITIONS, PASSWORD, _environment, _second_process, member

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


# -- a stolen database is no session --------------------------------------------------------

SIGN_IN = """
team.accept(team.pending_invitation(team.invite("fr", Role.COORDINATOR)), "Chouette",
            sys.argv[2])
client = Client(HTTP_HOST="127.0.0.1")
signed_in = client.post("/login/", {"username": "Chouette", "password": sys.argv[2]})
print(json.dumps({"login": signed_in.status_code, "account": client.get("/account/").status_code,
                  "cookie": client.cookies["sessionid"].value}))
"""

PRESENT = """
answers = {}
for value in json.loads(sys.argv[2]):
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = value
    answers[value] = client.get("/account/").status_code
print(json.dumps(answers))
"""


def test_a_session_row_read_with_plain_sqlite_signs_nobody_in(project_and_state):
    project, state = project_and_state
    coordinator = _second_process(project, state, SIGN_IN, PASSWORD)
    assert coordinator["login"] == 302 and coordinator["account"] == 200
    # A neighbour on the machine reads every table that holds sessions, with plain sqlite3.
    database = sqlite3.connect(f"file:{state / 'workspace.sqlite3'}?mode=ro", uri=True)
    tables = [name for (name,) in database.execute(
        "select name from sqlite_master where type = 'table' and name like '%session%'")]
    found = {value for table in tables for row in database.execute(f"select * from {table}")
             for value in row if isinstance(value, str) and 8 <= len(value) <= 100}
    database.close()
    assert found, tables  # (the session is there: one row, at least its key's digest)
    # Each value found, presented as the session cookie by another process: nobody is in;
    # the real cookie, presented the same way, is (the probe itself works).
    answers = _second_process(project, state, PRESENT,
                              json.dumps([*sorted(found), coordinator["cookie"]]))
    assert answers[coordinator["cookie"]] == 200
    assert {value: answers[value] for value in found if answers[value] != 302} == {}
    assert coordinator["cookie"] not in found


# -- the state folder is the server user's alone --------------------------------------------

WRITE = """
before = {name: mode(os.path.join(os.environ["EDITIONS_WORKSPACE_STATE"], name))
          for name in ("", "secret_key", "workspace.sqlite3")}
client = Client(HTTP_HOST="127.0.0.1")
claimed = client.post("/fr/palestine-global-movement/claim", {"pseudonym": "Sova"})
state = os.environ["EDITIONS_WORKSPACE_STATE"]
after = {name: mode(os.path.join(state, name)) for name in
         ("", "secret_key", "workspace.sqlite3", "workspace.sqlite3-wal",
          "workspace.sqlite3-shm")}
print(json.dumps({"claimed": claimed.status_code, "before": before, "after": after}))
"""


def test_the_state_folder_its_database_and_sqlites_side_files_are_private(project_and_state):
    project, state = project_and_state
    modes = _second_process(project, state, WRITE)
    assert modes["claimed"] == 302  # (a session and a claim written)
    assert modes["before"] == {"": "0o700", "secret_key": "0o600",
                               "workspace.sqlite3": "0o600"}
    assert modes["after"] == {"": "0o700", "secret_key": "0o600", "workspace.sqlite3": "0o600",
                              "workspace.sqlite3-wal": "0o600",
                              "workspace.sqlite3-shm": "0o600"}
    for path in state.rglob("*"):  # the compiled interface too: nothing open to others
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_a_state_folder_left_open_is_repaired_and_said_once(project_and_state):
    """Repaired, not refused: older versions made it 0755 themselves, and refusing would stop
    every workspace at the upgrade over what the workspace can fix safely; the coordinator is
    told that its files were readable, to judge what may have been copied."""
    project, state = project_and_state
    _second_process(project, state, "print('{}')")
    for path in [state, *state.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    invite = [EDITIONS, "--project", str(project.root), "workspace", "invite", "-l", "fr"]
    result = subprocess.run(invite, capture_output=True, text=True, timeout=300,
                            env=_environment(state))
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(said) == 1 and str(state) in said[0] and "readable by other users" in said[0]
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    for path in state.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    again = subprocess.run(invite, capture_output=True, text=True, timeout=300,
                           env=_environment(state))
    assert again.returncode == 0 and again.stderr.strip() == ""


def test_a_state_folder_of_another_user_is_refused_with_one_message(tmp_path, monkeypatch):
    state = tmp_path / "state"
    state.mkdir(mode=0o755)
    state.chmod(0o755)
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    with pytest.raises(EditionsError) as refused:
        server.secure_state(state, None)
    assert "belongs to another user" in refused.value.message
    assert stat.S_IMODE(state.stat().st_mode) == 0o755  # (left as it was)


# -- sessions end on the server -------------------------------------------------------------

@pytest.fixture
def clock(monkeypatch):
    """Move the server's time: ``clock(hours=13)``."""
    start = timezone.now()

    def move(**delta: float) -> None:
        monkeypatch.setattr(timezone, "now", lambda: start + timedelta(**delta))

    return move


def _signed_in(user) -> Client:
    client = Client()
    assert client.post("/login/", {"username": user.get_username(),
                                   "password": PASSWORD}).status_code == 302
    assert client.get("/account/").status_code == 200
    return client


def _session_row():
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = list(store.get_model_class().objects.all())
    assert len(rows) == 1
    return rows[0]


def test_a_session_idle_for_more_than_12_hours_is_refused(project, clock):
    client = _signed_in(member("fr", Role.COORDINATOR, "Chouette"))
    clock(hours=11, minutes=59)
    assert client.get("/account/").status_code == 200
    clock(hours=11, minutes=59 + 12 * 60 + 1)  # 12 h 01 min after that request
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_requests_renew_a_session_without_a_write_each(project, clock):
    client = _signed_in(member("fr", Role.COORDINATOR, "Chouette"))
    clock(minutes=2)
    first = _session_row().expire_date
    assert client.get("/account/").status_code == 200
    assert _session_row().expire_date == first  # (2 minutes on: nothing written)
    for hours in range(6, 6 * 27, 6):  # a request every 6 hours, for 6 days and a half
        clock(hours=hours)
        assert client.get("/account/").status_code == 200, hours


def test_a_session_signed_in_more_than_7_days_ago_is_refused(project, clock):
    client = _signed_in(member("fr", Role.COORDINATOR, "Chouette"))
    for hours in range(6, 7 * 24, 6):  # never idle, up to 7 days
        clock(hours=hours)
        assert client.get("/account/").status_code == 200, hours
    clock(hours=7 * 24, minutes=1)
    assert client.get("/account/").status_code == 302
    assert client.get("/fr/").status_code == 302  # (no page at all, not only the account's)


def test_the_7_days_count_from_the_sign_in_not_from_the_sessions_start(project, clock):
    member("fr", Role.COORDINATOR, "Chouette")
    client = Client()
    session = client.session  # (a browser's session before it signs in: a claim, a language)
    session["visited"] = True
    session.save()
    for hours in range(6, 6 * 24 + 1, 6):  # kept alive without an account for 6 days
        clock(hours=hours)
        assert client.get("/login/").status_code == 200
    assert client.post("/login/", {"username": "Chouette", "password": PASSWORD}
                       ).status_code == 302
    for hours in range(6 * 24 + 6, 8 * 24, 6):  # 7 days after its start, 2 after sign-in
        clock(hours=hours)
        assert client.get("/account/").status_code == 200, hours


# -- HTTPS mode --------------------------------------------------------------------------------

HTTPS = """
from django.conf import settings
team.accept(team.pending_invitation(team.invite("fr", Role.TRANSLATOR)), "Sova", sys.argv[2])
client = Client(HTTP_HOST="ws.example.org", HTTP_X_FORWARDED_PROTO="https")
page = client.get("/login/")
signed_in = client.post("/login/", {"username": "Sova", "password": sys.argv[2]})
language = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
cookies = {}
for response in (page, signed_in, language):
    for name, morsel in response.cookies.items():
        cookies[name] = bool(morsel["secure"])
print(json.dumps({
    "hsts": page.get("Strict-Transport-Security"),
    "settings": [settings.SECURE_HSTS_SECONDS > 0, settings.SESSION_COOKIE_SECURE,
                 settings.CSRF_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SECURE],
    "cookies": cookies}))
"""


def test_https_mode_sends_hsts_and_every_cookie_secure(project_and_state):
    project, state = project_and_state
    found = _second_process(project, state, HTTPS, PASSWORD, EDITIONS_WORKSPACE_HTTPS="1",
                            EDITIONS_WORKSPACE_HOSTS="ws.example.org")
    assert found["settings"] == [True, True, True, True]
    assert found["hsts"] and found["hsts"].startswith("max-age=")
    assert int(found["hsts"].removeprefix("max-age=").split(";")[0]) >= 180 * 24 * 3600
    assert set(found["cookies"]) == {"csrftoken", "sessionid", "django_language",
                                     "workspace_device"}
    assert all(found["cookies"].values()), found["cookies"]


# -- nothing outlives an account --------------------------------------------------------------

def test_deleting_an_account_ends_its_sessions_in_every_browser(project):
    user = member("fr", Role.TRANSLATOR, "Mésange")
    other = member("fr", Role.TRANSLATOR, "Pivert")
    laptop, phone, colleague = _signed_in(user), _signed_in(user), _signed_in(other)
    assert laptop.post("/account/", {"password": PASSWORD}).status_code == 302
    response = phone.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    left = [row.get_decoded().get("_auth_user_id") for row in
            store.get_model_class().objects.all()]
    assert left == [str(other.pk)]  # the phone's session is gone, not merely refused
    assert colleague.get("/account/").status_code == 200
