"""Load on a team's workspace: simulated volunteers saving, suggesting and reviewing on the
same catalogs for a fixed time, against two server processes sharing one database and one
project tree, on SQLite and on PostgreSQL. Loopback only, bounded in time; prints figures:

    make bench-team          (or: python benchmarks/team_load.py --volunteers 50 --seconds 30)

A save the server acknowledged is lost if the catalog does not hold it at the end and no
later change (recorded in the history, with the conflict it was shown otherwise) replaced it.

First a login flood (issue 30, point 15): a few members read pages, first alone, then while
16 anonymous clients post wrong passwords to /login/ as fast as they are answered; members'
page latency (median, p95) is printed for both, with what the flood was answered. Then a
giant paste (point 1): a few members save, first alone, then while a reviewer pastes a
100,000-character word as a translation again and again; their save latency is printed for
both, with how fast each paste was answered.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.cookiejar
import json
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from editions.catalogs import entries as catalog_entries  # noqa: E402
from tests.conftest import EDITIONS, copy_real_project  # noqa: E402
from tests.test_workspace_postgres import throwaway_postgres  # noqa: E402

STATEMENT = "palestine-global-movement"
LANGUAGE = "fr"
PASSWORD = "a long passphrase of the team"


def make_team(root: Path, env: dict[str, str], volunteers: int) -> list[tuple[str, str]]:
    """Accounts made in a child process with the workspace's own functions (a fifth of them
    reviewers): [(name, role)]."""
    reviewers = max(1, volunteers // 5)
    code = f"""
import django, os
os.environ["EDITIONS_PROJECT_ROOT"] = {str(root)!r}
os.environ["DJANGO_SETTINGS_MODULE"] = "editions.workspace.settings"
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from editions.workspace import team
for number in range({volunteers}):
    role = "reviewer" if number < {reviewers} else "translator"
    team.accept(team.pending_invitation(team.invite({LANGUAGE!r}, role)), f"v{{number}}",
                {PASSWORD!r})
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=600)
    return [(f"v{n}", "reviewer" if n < reviewers else "translator") for n in range(volunteers)]


class Volunteer(threading.Thread):
    def __init__(self, name: str, role: str, bases: list[str], keys: list[str], until: float,
                 seed: int) -> None:
        super().__init__(daemon=True)
        self.name_, self.role, self.bases, self.keys, self.until = name, role, bases, keys, until
        self.rng = random.Random(seed)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.base = bases[seed % len(bases)]
        self.latencies: list[float] = []
        self.acknowledged: list[tuple[str, str]] = []  # (key, text) saved directly
        self.suggested = self.accepted = self.conflicts = self.errors = 0
        self.error_kinds: list[str] = []

    def _open(self, path: str, fields: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(f"{self.base}{path}", data=data,
                                         headers={"Origin": self.base})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()
        except OSError as error:  # a time-out: counted, and the volunteer goes on
            return 0, "", str(error)

    def _token(self, page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def sign_in(self) -> None:
        """As a person would: again a moment later while the workspace says it is busy (it
        checks one anonymous password at a time)."""
        _, _, page = self._open("/login/")
        for _ in range(100):
            _, _, answer = self._open("/login/", {"csrfmiddlewaretoken": self._token(page),
                                                  "username": self.name_, "password": PASSWORD})
            if "The workspace is busy" not in answer:
                return
            time.sleep(self.rng.uniform(0.2, 1.0))

    def save(self, path: str, page: str, text: str) -> tuple[int, str, str]:
        """Save ``text`` over the segment as ``page`` showed it (marked as needing work)."""
        found = {name: _unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))
                 for name in ("expected_translation", "expected_fuzzy", "source")}
        return self._open(path, {"csrfmiddlewaretoken": self._token(page), "translation": text,
                                 **found, "fuzzy": "on", "action": "save"})

    def run(self) -> None:
        self.sign_in()
        while time.monotonic() < self.until:
            key = self.rng.choice(self.keys)
            path = f"/{LANGUAGE}/{STATEMENT}/{key}/"
            status, _, page = self._open(path)
            if status != 200:
                self.errors += 1
                self.error_kinds.append(f"GET {status}")
                continue
            current = re.search(r'name="expected_translation" value="([^"]*)"', page).group(1)
            fuzzy = re.search(r'name="expected_fuzzy" value="([^"]*)"', page).group(1)
            if self.role == "reviewer" and "value=\"accept\"" in page and self.rng.random() < 0.5:
                number = re.search(rf"{key}/suggestions/(\d+)", page).group(1)
                status, _, answer = self._open(f"{path}suggestions/{number}", {
                    "csrfmiddlewaretoken": self._token(page), "action": "accept",
                    "expected_translation": _unescape(current), "expected_fuzzy": fuzzy})
                self.accepted += status == 200 and "Accepted and saved." in answer
                continue
            source = re.search(r'name="source" value="([^"]*)"', page).group(1)
            # (the current translation, with a mark of its own: every check still passes)
            text = f"{_unescape(current) or _unescape(source)} ({self.name_}-" \
                f"{self.rng.randrange(10**6)})"
            started = time.perf_counter()
            status, _url, answer = self.save(path, page, text)
            self.latencies.append(time.perf_counter() - started)
            if status == 409:
                self.conflicts += 1
            elif status == 200 and "Saved." in answer:
                self.acknowledged.append((key, text))
            elif status == 200 and "waits for a reviewer" in answer:
                self.suggested += 1
            else:
                self.errors += 1
                problem = re.search(r'class="error"[^>]*>([^<]*)<', answer)
                self.error_kinds.append(f"POST {status} {problem.group(1) if problem else ''}")


def _unescape(text: str) -> str:
    return html.unescape(text)


def run(database: str, volunteers: int, seconds: float, workers: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="editions-load-"))
    servers = []
    try:
        project = copy_real_project(root / "project")
        env = {**os.environ, "EDITIONS_WORKSPACE_STATE": str(root / "state")}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if database:
            env["EDITIONS_WORKSPACE_DATABASE_URL"] = database
        team = make_team(project.root, env, volunteers)
        for number in range(workers):
            servers.append(_serve(project, env, root / f"server-{number}.log", threads=16))
        bases = [base for _server, base in servers]
        keys = _keys(project)
        until = time.monotonic() + seconds
        crowd = [Volunteer(name, role, bases, keys, until, seed)
                 for seed, (name, role) in enumerate(team)]
        for volunteer in crowd:
            volunteer.start()
        for volunteer in crowd:
            volunteer.join(seconds + 120)
        lost = _lost(project, env, crowd)
        path = project.catalog_path(LANGUAGE, STATEMENT)
        msgfmt = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        latencies = sorted(t for v in crowd for t in v.latencies)
        kind = "PostgreSQL" if database else "SQLite"
        p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0
        print(f"{kind}: {volunteers} volunteers, {workers} server processes, {seconds:.0f} s: "
              f"{sum(len(v.acknowledged) for v in crowd)} saves acknowledged, "
              f"{sum(v.suggested for v in crowd)} suggestions, "
              f"{sum(v.accepted for v in crowd)} accepted, "
              f"{sum(v.conflicts for v in crowd)} conflicts shown, "
              f"{sum(v.errors for v in crowd)} errors; lost updates: {lost}; msgfmt --check: "
              f"{'passes' if msgfmt.returncode == 0 else msgfmt.stderr.strip()}; save latency "
              f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms",
              flush=True)
        kinds = sorted({kind for v in crowd for kind in v.error_kinds})
        if kinds:
            print(f"  errors: {kinds[:5]}", flush=True)
        for log in sorted(root.glob("server-*.log")):
            causes = sorted(set(re.findall(r"^(\w+(?:\.\w+)*(?:Error|Exception)\b.*)$",
                                           log.read_text(), re.MULTILINE)))
            if causes:
                print(f"  {log.name}: {causes[:3]}", flush=True)
    finally:
        for server, _base in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def _lost(project, env: dict[str, str], crowd: list[Volunteer]) -> int:
    """Acknowledged saves neither in the catalog nor replaced by a later recorded change."""
    code = f"""
import django, os, json
os.environ["EDITIONS_PROJECT_ROOT"] = {str(project.root)!r}
os.environ["DJANGO_SETTINGS_MODULE"] = "editions.workspace.settings"
django.setup()
from editions.workspace.models import Change
print(json.dumps([[c.key, c.after] for c in Change.objects.order_by("pk")]))
"""
    changes = json.loads(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                        capture_output=True, text=True).stdout)
    final = {e.key: e.translation
             for e in catalog_entries.read_entries(project, LANGUAGE, STATEMENT)}
    position = {}
    for index, (key, after) in enumerate(changes):
        position.setdefault((key, after), index)
    last = {key: index for index, (key, _after) in enumerate(changes)}
    lost = 0
    for volunteer in crowd:
        for key, text in volunteer.acknowledged:
            index = position.get((key, text))
            if index is None or (final.get(key) != text and last.get(key, -1) <= index):
                lost += 1
    return lost


class Reader(threading.Thread):
    """A signed-in member opening segment pages, each page's latency kept with its time."""

    def __init__(self, name: str, base: str, keys: list[str], until: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.volunteer = Volunteer(name, "reviewer", [base], keys, until, seed)
        self.timed: list[tuple[float, float]] = []  # (when it started, how long it took)

    def run(self) -> None:
        volunteer = self.volunteer
        volunteer.sign_in()
        while time.monotonic() < volunteer.until:
            key = volunteer.rng.choice(volunteer.keys)
            started = time.monotonic()
            status, _, _ = volunteer._open(f"/{LANGUAGE}/{STATEMENT}/{key}/")
            if status == 200:
                self.timed.append((started, time.monotonic() - started))


class Flooder(threading.Thread):
    """An anonymous client trying passwords as fast as it is answered."""

    def __init__(self, base: str, names: list[str], since: float, until: float,
                 seed: int) -> None:
        super().__init__(daemon=True)
        self.browser = Volunteer(f"flood{seed}", "translator", [base], [], until, seed)
        self.names, self.since = names, since
        self.answers: dict[str, int] = {}

    def run(self) -> None:
        browser = self.browser
        time.sleep(max(0.0, self.since - time.monotonic()))
        _, _, page = browser._open("/login/")
        token = browser._token(page)
        while time.monotonic() < browser.until:
            status, _, answer = browser._open("/login/", {
                "csrfmiddlewaretoken": token, "username": browser.rng.choice(self.names),
                "password": f"guess {browser.rng.randrange(10**9)}"})
            kind = ("busy" if "The workspace is busy" in answer else
                    "refused" if status == 200 else str(status))
            self.answers[kind] = self.answers.get(kind, 0) + 1


def _flood(base: str, names: list[str], since: float, until: float,
           results: multiprocessing.Queue) -> None:
    """16 flooders (in a process of their own); what they were answered, by kind.

    Their process runs at the lowest priority: a real flood comes from other machines, and
    only what it costs the server should weigh on the members' pages measured here."""
    os.nice(19)
    flooders = [Flooder(base, names, since, until, seed) for seed in range(16)]
    for thread in flooders:
        thread.start()
    answers: dict[str, int] = {}
    for thread in flooders:
        thread.join(until - time.monotonic() + 120)
        for kind, count in thread.answers.items():
            answers[kind] = answers.get(kind, 0) + count
    results.put(answers)


def flood(members: int, seconds: float) -> None:
    """Members' page latency without, then with, 16 anonymous clients flooding /login/
    (one server process, 8 threads, as ``editions workspace`` runs by default)."""
    with _one_server(members, "flood") as (names, base, keys):
        start = time.monotonic() + 5  # (time for the members to sign in)
        since, until = start + seconds, start + 2 * seconds
        readers = [Reader(name, base, keys, until, seed) for seed, name in enumerate(names)]
        # (the flood from another process: its threads do not take the readers' GIL turns)
        results: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
        flooding = multiprocessing.get_context("fork").Process(
            target=_flood, args=(base, [*names, "nobody", "admin"], since, until, results))
        flooding.start()
        for thread in readers:
            thread.start()
        for thread in readers:
            thread.join(2 * seconds + 120)
        answers = results.get(timeout=120)
        flooding.join(30)

        quiet = [t for r in readers for when, t in r.timed if start <= when < since]
        flooded = [t for r in readers for when, t in r.timed if when >= since]
        print(f"Login flood: {members} members reading pages, {seconds:.0f} s alone: "
              f"{_figures(quiet)}; {seconds:.0f} s with 16 anonymous clients posting wrong "
              f"passwords: {_figures(flooded)}; the flood was answered {answers}", flush=True)


class Saver(threading.Thread):
    """A reviewer saving segments one after another, each save's latency kept with its
    time; or, as the paster, pasting a 100,000-character word over one segment."""

    def __init__(self, name: str, base: str, keys: list[str], until: float, seed: int,
                 paste: float | None = None) -> None:
        super().__init__(daemon=True)
        self.volunteer = Volunteer(name, "reviewer", [base], keys, until, seed)
        self.paste = paste  # (when the paster starts; None for a member)
        self.timed: list[tuple[float, float, int]] = []  # (started, took, status)

    def run(self) -> None:
        volunteer = self.volunteer
        volunteer.sign_in()
        if self.paste is not None:
            time.sleep(max(0.0, self.paste - time.monotonic()))
        while time.monotonic() < volunteer.until:
            path = f"/{LANGUAGE}/{STATEMENT}/{volunteer.rng.choice(volunteer.keys)}/"
            status, _, page = volunteer._open(path)
            if status != 200:
                continue
            source = _unescape(re.search(r'name="source" value="([^"]*)"', page).group(1))
            text = "a" * 100_000 if self.paste is not None else (
                f"{source} ({volunteer.rng.randrange(10**6)})")
            started = time.monotonic()
            status, _, _ = volunteer.save(path, page, text)
            self.timed.append((started, time.monotonic() - started, status))


def _figures(times: list[float]) -> str:
    times = sorted(times)
    if not times:
        return "none"
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return (f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {times[-1] * 1000:.0f} ms ({len(times)})")


def paste(members: int, seconds: float) -> None:
    """Members' save latency without, then with, a reviewer pasting a 100,000-character word
    as a translation, again as soon as answered (issue 30, point 1: once 55 s under the
    project lock, every other save waiting behind it)."""
    with _one_server(members + 1, "paste") as (names, base, keys):
        start = time.monotonic() + 5  # (time for the members to sign in)
        since, until = start + seconds, start + 2 * seconds
        savers = [Saver(name, base, keys, until, seed) for seed, name in
                  enumerate(names[:members])]
        paster = Saver(names[members], base, keys, until, members, paste=since)
        for thread in [*savers, paster]:
            thread.start()
        for thread in [*savers, paster]:
            thread.join(2 * seconds + 120)
        alone = [t for s in savers for when, t, _ in s.timed if start <= when < since]
        pasted = [t for s in savers for when, t, _ in s.timed if when >= since]
        statuses = sorted({status for _, _, status in paster.timed})
        print(f"Giant paste: {members} members saving, {seconds:.0f} s alone: save "
              f"{_figures(alone)}; {seconds:.0f} s while a reviewer pastes a 100,000-character "
              f"word again and again: save {_figures(pasted)}; each paste answered in "
              f"{_figures([t for _, t, _ in paster.timed])}, status {statuses}", flush=True)


@contextlib.contextmanager
def _one_server(volunteers: int, kind: str) -> Iterator[tuple[list[str], str, list[str]]]:
    """A copy of the project with a team of ``volunteers`` reviewers and translators, served
    by one ``editions workspace`` process: the names, its address and the segments' keys;
    stopped and removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix=f"editions-{kind}-"))
    server = None
    try:
        project = copy_real_project(root / "project")
        env = {**os.environ, "EDITIONS_WORKSPACE_STATE": str(root / "state")}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        names = [name for name, _role in make_team(project.root, env, volunteers)]
        server, base = _serve(project, env, root / "server.log")
        yield names, base, _keys(project)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def _keys(project) -> list[str]:
    """The segments of the statement the team works on."""
    return [e.key for e in catalog_entries.read_entries(project, LANGUAGE, STATEMENT)]


def _serve(project, env: dict[str, str], log: Path, threads: int = 8
           ) -> tuple[subprocess.Popen, str]:
    """``editions workspace`` on a free loopback port (one process, ``threads`` threads; its
    output to a file: a pipe nobody reads would stop it once full): it and its address."""
    with log.open("w") as output:
        server = subprocess.Popen([EDITIONS, "--project", str(project.root), "workspace",
                                   "--port", "0", "--threads", str(threads)],
                                  stdout=output, stderr=subprocess.STDOUT, env=env)
    for _ in range(600):
        found = re.search(r"(http://127\.0\.0\.1:\d+)", log.read_text())
        if found:
            return server, found.group(1)
        time.sleep(0.1)
    server.terminate()
    raise RuntimeError(f"the workspace did not start: {log.read_text()[-500:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--flood-seconds", type=float, default=10,
                        help="each phase of the login flood (without, then with it)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-postgres", action="store_true")
    options = parser.parse_args()
    flood(1, options.flood_seconds)  # (one member: the page as a person sees it)
    flood(4, options.flood_seconds)  # (four reading as fast as they can: the server's share)
    paste(4, options.flood_seconds)
    run("", options.volunteers, options.seconds, options.workers)
    if not options.no_postgres:
        try:
            with throwaway_postgres() as url:
                run(url, options.volunteers, options.seconds, options.workers)
        except LookupError as missing:
            print(f"PostgreSQL: skipped ({missing})")


if __name__ == "__main__":
    main()
