"""Issue 30, points 3 and 4, each reproduced as it was found: what the server's log holds
after a bad request (an invitation's token, kilobytes of traceback), and what a sign-up tells
about the names that exist. The log is read where the project's LOGGING writes it: the
standard error of the real server (``editions workspace``), or its handler's stream.
"""

from __future__ import annotations

import http.cookiejar
import logging.config
import re
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.test import Client

from editions.workspace import team
from editions.workspace.models import Role

from .conftest import EDITIONS, PASSWORD, copy_real_project, member

TAKEN = "This display name is taken"


# -- point 3: the real server's log ------------------------------------------------------

@dataclass
class Served:
    base: str
    log: Path
    root: Path
    env: dict

    def invite(self, role: str) -> str:
        """A new invitation's token, made by the command a coordinator runs."""
        result = subprocess.run([EDITIONS, "--project", str(self.root), "workspace", "invite",
                                 "-l", "fr", "--role", role], capture_output=True, text=True,
                                env=self.env, timeout=120, check=True)
        return re.search(r"/join/([\w-]+)/", result.stdout).group(1)

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()


@pytest.fixture
def served(tmp_path):
    """The workspace served by ``editions workspace --port 0``, its standard error in a file."""
    project = copy_real_project(tmp_path / "served")
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path),
           "EDITIONS_WORKSPACE_STATE": str(tmp_path / "state")}
    log = tmp_path / "server.log"
    with log.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [EDITIONS, "--project", str(project.root), "workspace", "--port", "0"],
            stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)
    try:
        line = process.stdout.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert port, (line, log.read_text(encoding="utf-8"))
        yield Served(f"http://127.0.0.1:{port.group(1)}", log, project.root, env)
    finally:
        process.terminate()
        process.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser() -> urllib.request.OpenerDirector:
    """A browser with its cookies, that shows a redirection instead of following it."""
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect)


def _fetch(browser, url: str, body: bytes | None = None, headers: dict | None = None
           ) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with browser.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _csrf(browser, url: str) -> str:
    status, html = _fetch(browser, url)
    assert status == 200, status
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _join(served: Served, token: str, name: str) -> tuple[int, str]:
    browser = _browser()
    url = f"{served.base}/join/{token}/"
    form = {"csrfmiddlewaretoken": _csrf(browser, url), "username": name,
            "password1": PASSWORD, "password2": PASSWORD}
    return _fetch(browser, url, urlencode(form).encode(),
                  {"Content-Type": "application/x-www-form-urlencoded"})


def test_a_taken_name_is_a_form_error_and_the_log_hands_out_no_invitation(served):
    assert _join(served, served.invite("translator"), "Chouette")[0] == 302
    token = served.invite("coordinator")
    for name in ("CHOUETTE", "chouette", "Chouette"):
        status, html = _join(served, token, name)
        assert status == 200 and TAKEN in html, (name, status)
    # The invitation is still unused: its holder chooses another name and is in.
    assert _join(served, token, "Hibou")[0] == 302
    log = served.log.read_text(encoding="utf-8")
    assert token not in log and "Traceback" not in log


def test_an_unreadable_request_is_a_400_and_one_short_line_at_most(served):
    token = served.invite("coordinator")
    url = f"{served.base}/join/{token}/"
    browser = _browser()
    form = {"csrfmiddlewaretoken": _csrf(browser, url), "username": "Hibou",
            "password1": PASSWORD, "password2": PASSWORD}
    before = len(served.lines())
    for _ in range(20):
        status, _html = _fetch(browser, url, urlencode(form).encode("utf-16"), {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-16"})
        assert status == 400
    assert len(served.lines()) - before <= 20
    # Too many fields, and a Host the workspace does not answer to (django.security.*).
    many = urlencode({**form, **{f"f{n}": "x" for n in range(1001)}}).encode()
    for body, headers in [(many, {"Content-Type": "application/x-www-form-urlencoded"}),
                          (None, {"Host": "evil.example"})]:
        before = len(served.lines())
        assert _fetch(browser, url, body, headers)[0] == 400
        assert len(served.lines()) - before <= 1
    lines = served.lines()
    assert all(len(line) <= 300 for line in lines), lines
    log = "\n".join(lines)
    assert token not in log and "Traceback" not in log
    assert _join(served, token, "Hibou")[0] == 302  # (the invitation is still unused)


def test_a_server_error_is_one_line_without_the_token(project, tmp_path, monkeypatch):
    """A 500 on /join/<token>/, logged through the project's own LOGGING (its console
    handler writing to a file here)."""
    token = team.invite("fr", Role.COORDINATOR)

    def broken(_token):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(team, "pending_invitation", broken)
    path = tmp_path / "errors.log"
    config = django_settings.LOGGING
    with path.open("w", encoding="utf-8") as stream:
        logging.config.dictConfig({**config, "handlers": {"console": {
            **config["handlers"]["console"], "stream": stream}}})
        try:
            assert Client(raise_request_exception=False).get(
                f"/join/{token}/").status_code == 500
        finally:
            logging.config.dictConfig(config)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 300, lines
    assert "Internal Server Error: /join/" in lines[0] and "RuntimeError" in lines[0]
    assert token not in lines[0] and token[:12] not in lines[0]


def test_the_workspace_s_own_errors_are_one_line_without_the_token(tmp_path):
    """Found: the workspace's own loggers (the rebuilds, the git log) had no handler, so
    Python's last resort wrote their errors whole: several lines, a /join/ token."""
    token = "Z" * 43
    path = tmp_path / "errors.log"
    config = django_settings.LOGGING
    with path.open("w", encoding="utf-8") as stream:
        logging.config.dictConfig({**config, "handlers": {"console": {
            **config["handlers"]["console"], "stream": stream}}})
        try:
            for name in ("editions.workspace", "editions.workspace.gitlog"):
                logging.getLogger(name).error("the site's rebuild could not run: %s",
                                              f"first line\nhttp://x/join/{token}/\n" * 40)
        finally:
            logging.config.dictConfig(config)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(len(line) <= 300 for line in lines), lines
    assert token not in path.read_text(encoding="utf-8")


# -- point 4: which names exist ------------------------------------------------------------

def _open_spanish(project) -> None:
    project.conf_py.write_text(project.conf_py.read_text(encoding="utf-8")
                               + "\neditions_open_signup = ['es']\n", encoding="utf-8")


def _sign_up(name: str, password: str = PASSWORD):
    return Client().post("/join/es/", {"username": name, "password1": password})


def test_a_taken_name_is_told_only_once_the_rest_of_the_form_is_valid(project, crew):
    _open_spanish(project)
    member("ar", Role.TRANSLATOR, "Strasse")
    taken = ["Chouette", "chouette", "CHOUETTE", "mésange", "STRAßE"]
    for password in ["", "1234567890", "short"]:
        answers = set()
        for name in [*taken, "Rossignol"]:
            response = _sign_up(name, password)
            assert response.status_code == 200, name
            errors = response.context["form"].errors
            assert "username" not in errors, (name, errors)
            answers.add(repr(sorted(errors.items())))
        assert len(answers) == 1, answers  # the same answer for a taken and a free name
    for name in taken:
        response = _sign_up(name)
        assert response.status_code == 200 and TAKEN in response.content.decode(), name
    assert team.name_taken("STRAßE") and not team.name_taken("Rossignol")
    assert _sign_up("Rossignol").status_code == 302
    assert team.get_user_model().objects.count() == len(crew) + 2


def test_sign_up_on_an_open_team_is_bounded_for_everyone_together(project, crew,
                                                                     monkeypatch):
    from editions.workspace.models import SignupBound

    _open_spanish(project)
    monkeypatch.setattr(team, "SIGNUP_BURST", 3)
    for name in ("chouette", "CHOUETTE", "Chouette"):  # three complete attempts, by anyone
        assert TAKEN in _sign_up(name).content.decode()
    for name in ("Rossignol", "chouette"):  # then no one learns anything, for a while
        response = _sign_up(name)
        assert response.status_code == 200 and "joining right now" in \
            response.content.decode() and TAKEN not in response.content.decode()
    assert not team.get_user_model().objects.filter(username="Rossignol").exists()
    # An incomplete form takes no turn and still says what is wrong with it.
    assert "password1" in _sign_up("Rossignol", "short").context["form"].errors
    # An invitation is not bounded by the open team's turns.
    assert Client().post(f"/join/{team.invite('es')}/", {
        "username": "Hibou", "password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    # A turn comes back after SIGNUP_INTERVAL; nothing about who asked is kept.
    bucket = SignupBound.objects.get(language="es")
    bucket.updated -= team.SIGNUP_INTERVAL + timedelta(seconds=1)
    bucket.save()
    assert _sign_up("Rossignol").status_code == 302
    assert {field.name for field in SignupBound._meta.get_fields()} == {
        "id", "language", "turns", "updated"}
