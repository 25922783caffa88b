"""The workspace on PostgreSQL, as a team's server may run it: the test starts its own
PostgreSQL (Debian's, which ``make test`` installs) in a temporary folder on loopback, runs
``editions workspace`` against it, claims a statement and saves a translation over HTTP.
"""

from __future__ import annotations

import contextlib
import glob
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from editions.catalogs import entries as catalog_entries

from .conftest import EDITIONS, copy_real_project

STATEMENT = "vietnam-ukraine-solidarity"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the ``postgres`` user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Debian's PostgreSQL in a temporary folder on a free loopback port, stopped and
    removed afterwards: its URL, or ``LookupError`` where PostgreSQL is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise LookupError("PostgreSQL is not installed (make test installs it with apt-get)")
    bin_dir = Path(found[-1]).parent
    # Not under pytest's temporary folder, which only root may enter.
    folder = Path(tempfile.mkdtemp(prefix="editions-postgres-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        os.chmod(folder, 0o700)
    try:
        subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U",
                                     "editions", "--auth=trust", "-E", "UTF8",
                                     "--locale=C.UTF-8"]),
                       check=True, capture_output=True, timeout=120)
        port = _free_port()
        subprocess.run(_as_postgres([
            str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
            f"-h 127.0.0.1 -p {port} -k {folder} -c max_connections=200", "start"]),
            check=True, capture_output=True, timeout=120)
        yield f"postgres://editions@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "stop"]), capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    try:
        with throwaway_postgres() as url:
            yield url
    except LookupError as missing:
        pytest.skip(str(missing))


def test_the_workspace_runs_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed (the test extra has it)")
    project = copy_real_project(tmp_path / "project")
    env = {**os.environ, "EDITIONS_WORKSPACE_DATABASE_URL": postgres_url,
           "EDITIONS_WORKSPACE_STATE": str(tmp_path / "state"),
           "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen([EDITIONS, "--project", str(project.root), "workspace", "--port",
                               "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, env=env)
    try:
        line = server.stdout.readline()
        base = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        assert base, line + server.stdout.read(3000)
        base = base.group(1)
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

        def post(path: str, fields: dict[str, str]) -> str:
            page = opener.open(f"{base}{path}", timeout=30).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
            request = urllib.request.Request(f"{base}{path}", data=data,
                                             headers={"Origin": base})
            return opener.open(request, timeout=30).read().decode()

        # The claim is kept in PostgreSQL...
        page = opener.open(f"{base}/uk/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        request = urllib.request.Request(
            f"{base}/uk/{STATEMENT}/claim", headers={"Origin": base},
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": token,
                                         "pseudonym": "Kalyna-7"}).encode())
        assert "Kalyna-7" in opener.open(request, timeout=30).read().decode()
        rows = subprocess.run(["psql", postgres_url, "-Atc",
                               "select holder, language from workspace_claim"],
                              capture_output=True, text=True, check=True).stdout
        assert rows.strip() == "Kalyna-7|uk"
        # ... and a save still goes to the PO file, the single source of truth.
        entry = next(e for e in catalog_entries.read_entries(project, "uk", STATEMENT)
                     if e.translation)
        post(f"/uk/{STATEMENT}/{entry.key}/", {
            "translation": entry.translation + " Разом.", "expected_translation":
            entry.translation, "expected_fuzzy": str(entry.fuzzy), "source": entry.source,
            "action": "save"})
        saved = polib.pofile(str(project.catalog_path("uk", STATEMENT))).find(entry.source)
        assert saved.msgstr == entry.translation + " Разом."
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_workspace_and_team_tests_pass_on_postgresql(postgres_url: str) -> None:
    """The same tests as on SQLite, every one, with PostgreSQL as the database (pytest-django
    makes its test database there)."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (the test extra has it)")
    if os.environ.get("EDITIONS_WORKSPACE_DATABASE_URL"):
        pytest.skip("already running on PostgreSQL")
    here = Path(__file__).parent
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
         str(here / "test_workspace.py"), str(here / "test_workspace_teams.py")],
        cwd=here.parent, capture_output=True, text=True, timeout=900,
        env={**os.environ, "EDITIONS_WORKSPACE_DATABASE_URL": postgres_url})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", result.stdout) and " failed" not in result.stdout
