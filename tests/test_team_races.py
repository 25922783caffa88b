"""A team at work at the same moment, against the real server (issue 30, points 5 to 7):
members viewing while one saves, reviewers deciding one suggestion at once, a reviewer
accepting over a colleague's newer correction. What the history and the PO file say must be
what happened, once.
"""

from __future__ import annotations

import html
import http.cookiejar
import re
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from editions.catalogs import entries as catalog_entries
from editions.project import Project

from .conftest import PASSWORD, STATEMENT, copy_real_project, serve_workspace


@dataclass(frozen=True)
class Team:
    project: Project
    base: str
    database: Path


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    """The workspace served on loopback, with French reviewers r0…r3 and translator t0."""
    project = copy_real_project(tmp_path / "project")
    state = tmp_path / "state"
    with serve_workspace(project, state) as (base, env):
        code = f"""
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "editions.workspace.settings"
django.setup()
from editions.workspace import team
for name, role in [("r0", "reviewer"), ("r1", "reviewer"), ("r2", "reviewer"),
                   ("r3", "reviewer"), ("t0", "translator")]:
    team.accept(team.pending_invitation(team.invite("fr", role)), name, {PASSWORD!r})
"""
        subprocess.run([sys.executable, "-c", code], check=True, timeout=300,
                       env={**env, "EDITIONS_PROJECT_ROOT": str(project.root)})
        yield Team(project, base, state / "workspace.sqlite3")


class Member:
    """One browser: its own cookies, signed in."""

    def __init__(self, team: Team, name: str) -> None:
        self.base = team.base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.get("/login/")[1]
        self.post("/login/", page, {"username": name, "password": PASSWORD})

    def get(self, path: str) -> tuple[int, str]:
        return self._open(path, None)

    def post(self, path: str, page: str, fields: dict[str, str]) -> tuple[int, str]:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self._open(path, {"csrfmiddlewaretoken": token, **fields})

    def _open(self, path: str, fields: dict[str, str] | None) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(f"{self.base}{path}", data=data,
                                         headers={"Origin": self.base})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _hidden(page: str, name: str) -> str:
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def _entry(project: Project) -> catalog_entries.Entry:
    return next(e for e in catalog_entries.read_entries(project, "fr", STATEMENT)
                if e.translation and not e.fuzzy and len(e.source) > 60)


def _rows(database: Path, query: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def _save(member: Member, path: str, text: str) -> int:
    page = member.get(path)[1]
    return member.post(path, page, {
        "translation": text, "expected_translation": _hidden(page, "expected_translation"),
        "expected_fuzzy": _hidden(page, "expected_fuzzy"), "source": _hidden(page, "source"),
        "action": "save"})[0]


def test_members_viewing_while_one_saves_record_no_change_that_did_not_happen(team: Team):
    """Found: with a dozen viewers, the history showed anonymous reverts 'in the PO file'."""
    entry = _entry(team.project)
    path = f"/fr/{STATEMENT}/{entry.key}/"
    viewers = [Member(team, f"r{n % 3 + 1}") for n in range(12)]
    saver = Member(team, "r0")
    saves = 8
    done = threading.Event()

    def view(member: Member) -> None:
        while not done.is_set():
            assert member.get(path)[0] == 200
            member.get(f"/fr/{STATEMENT}/")

    threads = [threading.Thread(target=view, args=(viewer,)) for viewer in viewers]
    for thread in threads:
        thread.start()
    try:
        for number in range(saves):
            assert _save(saver, path, f"{entry.translation} (v{number})") == 200
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=120)
    changes = _rows(team.database, "SELECT via, after FROM workspace_change "
                                   f"WHERE key = '{entry.key}' ORDER BY id")
    assert changes == [("workspace", f"{entry.translation} (v{n})") for n in range(saves)]


def test_a_suggestion_decided_by_twenty_reviewers_at_once_is_decided_once(team: Team):
    entry = _entry(team.project)
    path = f"/fr/{STATEMENT}/{entry.key}/"
    suggested = f"{entry.translation} Une fois."
    assert _save(Member(team, "t0"), path, suggested) == 200
    number = _rows(team.database, "SELECT id FROM workspace_suggestion")[0][0]
    deciders = [Member(team, f"r{n % 4}") for n in range(20)]
    pages = [member.get(path)[1] for member in deciders]
    start, answers = threading.Barrier(len(deciders)), [""] * len(deciders)

    def decide(index: int) -> None:
        start.wait()
        action = "accept" if index % 2 else "reject"
        answers[index] = deciders[index].post(f"{path}suggestions/{number}", pages[index], {
            "action": action, "expected_translation": entry.translation,
            "expected_fuzzy": "False"})[1]

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(len(deciders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    told = [("accepted" if "Accepted and saved." in a else "rejected" if "Rejected." in a
             else "already" if "decided already" in a else "?") for a in answers]
    assert told.count("already") == 19 and "?" not in told, told
    status = _rows(team.database, "SELECT status FROM workspace_suggestion")[0][0]
    assert [t for t in told if t != "already"] == [status]
    written = polib.pofile(str(team.project.catalog_path("fr", STATEMENT))).find(entry.source)
    assert (written.msgstr == suggested) == (status == "accepted")
    assert len(_rows(team.database, "SELECT id FROM workspace_change")) == (
        status == "accepted")
