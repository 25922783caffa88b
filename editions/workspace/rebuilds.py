"""The readers' site rebuilt and deployed after the workspace changed a translation (an
accepted suggestion, a direct save, a revert) or a coordinator corrected or published a
statement: in the background, never in a volunteer's request.

``request_rebuild`` records the wish in the database (a ``Build`` row, shared by every
process of the workspace): requests made while one waits join it and push it back a little
(``EDITIONS_REBUILD_SETTLE`` seconds after the last, ``EDITIONS_REBUILD_LONGEST`` at most
after the first), so that changes made in quick succession make one build; requests made
while one runs make one more after it. ``run_due`` runs the one that is due, if no other
process is building: the site lock (``site.deploy.site_lock_path``) is the operating
system's, held for the whole build by the runner and by the build's own process, so that one
build at a time writes ``_build/`` whichever process runs it, and a killed runner leaves no
lock behind (its build, found "running" by the next runner, is recorded as interrupted).

The build runs in a process of its own (``python -m editions.site.deploy``): Sphinx keeps
state across a process, and a crash of the build is not a crash of the workspace. It
deploys only a build without a failed edition, each deploy switching the served site at once
(``site.deploy``).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import (
    DatabaseError,
    IntegrityError,
    OperationalError,
    close_old_connections,
    transaction,
)
from django.utils import timezone

from editions.project import Project
from editions.site.deploy import SiteOutcome, site_lock_path
from editions.storage import try_lock

from . import gitlog
from .models import Build

log = logging.getLogger("editions.workspace")

#: Runs a build and its deploy with the site lock's descriptor held; returns its outcome.
SiteBuilder = Callable[[Project, int], SiteOutcome]
#: How long a build's process may run before it is stopped (and the build failed).
BUILD_TIMEOUT = 30 * 60
#: The log of a build whose runner was stopped (the page says it in the reader's language).
INTERRUPTED = ("the workspace stopped during this build: it was not recorded whether it "
               "finished (the next build runs it again)")
#: Set when this process asks for a build: its watcher need not wait for its next look.
_asked = threading.Event()


def _merged(old: str, new: Iterable[str]) -> str:
    """Comma-separated values, the old ones first, each once."""
    values = [v for v in old.split(",") if v]
    return ",".join(values + [v for v in new if v and v not in values])


def request_rebuild(project: Project, languages: Iterable[str], reason: str,
                    settle: float | None = None) -> Build:
    """Ask for the site to be rebuilt because ``languages`` changed (``reason``: "accept",
    "save", "revert", "correction", "publication"…); returns the build that will do it.
    Cheap (a row written): any view may call it, under the project lock or not."""
    codes = [code for code in languages if code in project.editions]
    wait = timedelta(seconds=settings.EDITIONS_REBUILD_SETTLE if settle is None else settle)
    longest = timedelta(seconds=settings.EDITIONS_REBUILD_LONGEST)
    for _attempt in range(5):
        now = timezone.now()
        try:
            with transaction.atomic():
                waiting = (Build.objects.select_for_update()
                           .filter(status=Build.Status.REQUESTED).first())
                if waiting is None:
                    build = Build.objects.create(languages=",".join(codes), reasons=reason,
                                                 requested=now, due=now + wait)
                else:
                    waiting.languages = _merged(waiting.languages, codes)
                    waiting.reasons = _merged(waiting.reasons, [reason])
                    waiting.due = min(waiting.requested + longest, now + wait)
                    waiting.save(update_fields=["languages", "reasons", "due"])
                    build = waiting
        except IntegrityError:  # another process made the waiting one meanwhile: join it
            continue
        except OperationalError:  # (SQLite: the runner writing the same table just then)
            time.sleep(0.05 * (_attempt + 1))
            continue
        _asked.set()
        return build
    raise DatabaseError("could not record the rebuild request")


def request_quietly(project: Project, languages: Iterable[str], reason: str) -> None:
    """``request_rebuild`` after a write that is done already: a database that refuses the
    request must not turn a saved translation into an error page (one line is logged)."""
    try:
        request_rebuild(project, languages, reason)
    except DatabaseError as exc:
        log.error("the site's rebuild could not be requested: %s", exc)


def _claim_due() -> Build | None:
    """The waiting build, marked running, if it is due; None if none is. (The caller holds
    the site lock: a build found running was left by a runner that was stopped.)"""
    now = timezone.now()
    Build.objects.filter(status=Build.Status.RUNNING).update(
        status=Build.Status.FAILED, finished=now, log=INTERRUPTED)
    build = Build.objects.filter(status=Build.Status.REQUESTED, due__lte=now).first()
    if build is None or not Build.objects.filter(
            pk=build.pk, status=Build.Status.REQUESTED).update(
                status=Build.Status.RUNNING, started=now):
        return None
    build.refresh_from_db()
    return build


def build_in_child(project: Project, lock: int) -> SiteOutcome:
    """Build and deploy in a process of its own, which inherits the site lock ``lock``."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "editions.site.deploy", str(project.root)],
            pass_fds=(lock,), capture_output=True, text=True, timeout=BUILD_TIMEOUT,
            cwd=project.root)
    except subprocess.TimeoutExpired:
        return SiteOutcome(ok=False, problems=[
            f"the build took more than {BUILD_TIMEOUT // 60} minutes and was stopped"],
            notices=[{"code": "timeout", "minutes": str(BUILD_TIMEOUT // 60)}])
    lines = done.stdout.strip().splitlines()
    try:
        return SiteOutcome(**json.loads(lines[-1]))
    except (IndexError, ValueError, TypeError):
        said = [line for line in done.stderr.splitlines() if line.strip()]
        return SiteOutcome(ok=False, problems=[
            f"the build stopped (exit status {done.returncode})"
            + (f": {said[-1].strip()}" if said else "")],
            notices=[{"code": "stopped", "status": str(done.returncode)}])


#: How many finished builds are kept (the builds page shows the newest 20).
KEPT = 30


def _record(build: Build, outcome: SiteOutcome) -> None:
    build.status = Build.Status.SUCCEEDED if outcome.ok else Build.Status.FAILED
    build.finished = timezone.now()
    build.built = ",".join(outcome.built)
    build.deployed = "\n".join(outcome.deployed)
    build.log = "\n".join(" ".join(line.split()) for line in outcome.problems)
    build.notices = outcome.notices
    build.save(update_fields=["status", "finished", "built", "deployed", "log", "notices"])
    # Finished builds past the newest KEPT go: their times and languages, kept for ever,
    # would tell when each team worked.
    finished = Build.objects.filter(finished__isnull=False).order_by("-finished", "-pk")
    Build.objects.filter(pk__in=list(finished.values_list("pk", flat=True)[KEPT:])).delete()


def run_due(project: Project, builder: SiteBuilder = build_in_child) -> Build | None:
    """Run the build that is due, if no other process is building: the build, recorded
    with its outcome and log whatever happened to it; None if none ran."""
    with try_lock(site_lock_path(project)) as lock:
        if lock is None:
            return None
        build = _claim_due()
        if build is None:
            return None
        try:
            outcome = builder(project, lock)
        except Exception as exc:  # whatever a build does, the runner records it and goes on
            outcome = SiteOutcome(ok=False, problems=[f"{type(exc).__name__}: {exc}"],
                                  notices=[{"code": "crashed"}])
        _record(build, outcome)
        if outcome.ok:  # (the kept versions of published translations it refreshed)
            gitlog.commit_kept_versions(project, "The kept versions of published translations, "
                                  "refreshed by the site's build")
        return build


def _next_look(poll: float) -> float:
    """Seconds until the waiting build is due (at most ``poll``)."""
    waiting = Build.objects.filter(status=Build.Status.REQUESTED).values_list(
        "due", flat=True).first()
    if waiting is None:
        return poll
    return max(0.05, min(poll, (waiting - timezone.now()).total_seconds()))


def watch(project: Project, stop: threading.Event | None = None, poll: float = 2.0,
          builder: SiteBuilder = build_in_child) -> None:
    """Run each build when it is due, until ``stop`` is set: what the workspace's server
    runs in a thread, and ``editions workspace rebuild --watch`` in a process. Neither a
    failed build nor a database that does not answer for a while stops it."""
    stop = stop or threading.Event()
    while not stop.is_set():
        close_old_connections()
        try:
            ran = run_due(project, builder)
            wait = 0.0 if ran is not None else _next_look(poll)
        except Exception as exc:  # (the database restarting, a full disk): look again later
            log.error("the site's rebuild could not run: %s: %s", type(exc).__name__, exc)
            wait = poll
        if wait:
            _asked.wait(wait)
            _asked.clear()


def start_watching(project: Project) -> threading.Event:
    """``watch`` in a daemon thread of this process; set the event returned to stop it."""
    stop = threading.Event()
    threading.Thread(target=watch, args=(project, stop), name="editions-rebuild",
                     daemon=True).start()
    return stop
