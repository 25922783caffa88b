"""Putting the built site where readers get it, as ``conf.py``'s ``editions_deploy`` says: a
folder a web server serves, and/or a git branch the team's CI publishes from.

A reader never sees a half-written site. The served folder is a symbolic link: each site is
copied whole into a release folder beside it (``.<name>.releases/<time>``), and only then
is the link switched to it, by renaming a new link over the old one (``os.replace``: one
atomic step of the file system). A request sees the old site or the new one, never a mix;
a deploy killed midway leaves an unfinished release that nothing points to (the next
deploy removes it). The release before the newest is kept, for readers still downloading
from it.

``build_and_deploy`` is what ``editions deploy --build`` and the workspace's rebuilds run;
its caller holds the site lock (``site_lock``), so that one build at a time writes
``_build/``. Run as ``python -m editions.site.deploy ROOT``, it prints its outcome as one
line of JSON (the workspace runs it so, in a process of its own).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..errors import EditionsError
from ..filedates import commit_dates
from ..project import Project, load_project

#: The lock one build-and-deploy at a time holds (``storage.try_lock``), in ``_build/``.
SITE_LOCK = ".site.lock"
#: Where a release is copied before it is complete: nothing ever points to such a folder.
PARTIAL = ".partial"
#: Who the site's commits are by: no volunteer is named.
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Parallel Editions", "GIT_AUTHOR_EMAIL": "editions@localhost",
                "GIT_COMMITTER_NAME": "Parallel Editions",
                "GIT_COMMITTER_EMAIL": "editions@localhost"}
GIT_TIMEOUT = 300


#: What may go wrong in a build and its deploy, as the workspace's builds page says it in
#: its reader's language (``SiteOutcome.notices``); the problems' lines say the same in the
#: command's English, with the particulars (Sphinx's own lines, a path, an error).
NOTICES = ("edition-failed", "edition-warnings", "finding", "not-deployed", "deploy-failed",
           "pdf-left-out", "timeout", "stopped", "crashed")


@dataclass
class SiteOutcome:
    """What a build and its deploy did: whether all went well, one line per problem, the
    editions rebuilt and left as they were, and where the site went."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deployed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: What went wrong, each a code of ``NOTICES`` and its values ({"code": "edition-failed",
    #: "language": "fr"}): for a page to say in its reader's language, above the lines.
    #: A "finding" (a translation Sphinx could not use) carries the finding itself: see
    #: ``checks.sphinx_warnings.Located.notice``.
    notices: list[dict[str, object]] = field(default_factory=list)


def site_lock_path(project: Project) -> Path:
    return project.build_dir / SITE_LOCK


def releases_of(folder: Path) -> Path:
    """The folder beside ``folder`` that holds its releases."""
    return folder.parent / f".{folder.name}.releases"


def deploy_to_folder(site: Path, folder: Path) -> Path:
    """Copy ``site`` into a new release beside ``folder``, then switch ``folder`` (a link)
    to it at once; the releases but this one and the one before are removed. Returns the
    release."""
    releases = releases_of(folder)
    if folder.exists() and not folder.is_symlink():
        if not folder.is_dir() or any(folder.iterdir()):
            raise EditionsError(
                "the deploy folder is not the link each deploy switches", folder,
                hint=f"move it away (mv {folder} {folder}.old): the next deploy makes "
                f"{folder} a link to the newest site, which your web server serves as before")
        folder.rmdir()  # (an empty folder made for it: nothing is served from it yet)
    try:
        releases.mkdir(parents=True, exist_ok=True)
        now = time.time_ns()  # (one reading: its second and its fraction agree)
        name = (time.strftime("%Y%m%d-%H%M%S", time.localtime(now // 10**9))
                + f"-{now % 10**9:09d}")
        staging = releases / f"{name}{PARTIAL}"
        shutil.copytree(site, staging, symlinks=True)
        release = staging.rename(releases / name)
        link = folder.parent / f".{folder.name}.link{PARTIAL}"
        link.unlink(missing_ok=True)
        link.symlink_to(os.path.relpath(release, folder.parent))
        os.replace(link, folder)  # the one step a reader could notice: old site, then new
    except OSError as exc:
        raise EditionsError(f"cannot deploy the site: {exc.strerror or exc}", folder,
                            hint="check that its folder exists and is writable") from exc
    _prune(releases, served=release)
    return release


def _prune(releases: Path, served: Path) -> None:
    """Remove unfinished releases and every complete one but ``served`` and the newest other
    (the one before, for readers still downloading from it). ``served`` is known by itself,
    not by its name: a clock set back between two deploys would make it the oldest."""
    others = sorted(p for p in releases.iterdir()
                    if p.is_dir() and p.suffix != PARTIAL and p != served)
    for old in others[:-1]:
        # Renamed first, at once: a request still reading a retired release finds it gone,
        # never half-deleted; what a failed removal leaves is removed by the next deploy.
        with contextlib.suppress(OSError):
            old.rename(old.with_name(old.name + PARTIAL))
    for unfinished in [p for p in releases.iterdir() if p.suffix == PARTIAL]:
        shutil.rmtree(unfinished, ignore_errors=True)


def _git(work: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args], cwd=work, capture_output=True,
            text=True, timeout=GIT_TIMEOUT, env={**os.environ, **GIT_IDENTITY, **commit_dates(),
                                                 "GIT_TERMINAL_PROMPT": "0"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EditionsError(f"git {args[0]} did not finish: {exc}", work,
                            hint="check that git is installed and the remote reachable") from exc
    if check and result.returncode:
        said = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])
        raise EditionsError(f"git {args[0]} failed: {said[-1]}", work,
                            hint="check editions_deploy['git'] in conf.py and that this "
                            "machine may push there")
    return result


def deploy_to_git(site: Path, remote: str, branch: str, work: Path) -> bool:
    """Commit ``site`` on top of ``branch`` of ``remote`` (a clone kept in ``work``) and push
    it; False if the branch held this site already. GitHub Pages is told not to run Jekyll,
    which would hide Sphinx's ``_static`` folder."""
    work.mkdir(parents=True, exist_ok=True)
    if not (work / ".git").is_dir():
        _git(work, "init", "-q")
    if _git(work, "fetch", "-q", "--depth", "1", remote, branch, check=False).returncode == 0:
        _git(work, "reset", "-q", "--soft", "FETCH_HEAD")  # (on top of what others pushed)
    for child in work.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    shutil.copytree(site, work, symlinks=True, dirs_exist_ok=True)
    (work / ".nojekyll").touch()
    _git(work, "add", "-A")
    head = _git(work, "rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0
    if head and _git(work, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return False
    _git(work, "commit", "-q", "-m", "The site, as Parallel Editions built it")
    _git(work, "push", "-q", remote, f"HEAD:refs/heads/{branch}")
    return True


def shown_remote(remote: str) -> str:
    """A git remote as a page or a log may show it: without the password or token an
    address may carry (``https://user:token@host/…``), which lets this machine push."""
    parts = urlsplit(remote)
    if not parts.scheme or "@" not in parts.netloc:
        return remote  # (a path, or user@host:path, which holds no secret)
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def deploy(project: Project) -> list[str]:
    """Put the built site (``_build/html``) where conf.py says: one line for each place it
    went. The caller holds the site lock."""
    site = project.html_dir
    if not (site / "index.html").is_file():
        raise EditionsError("there is no built site to deploy", site,
                            hint="run 'editions build' first (or 'editions deploy --build')")
    if project.deploy_folder is None and project.deploy_git is None:
        raise EditionsError("conf.py does not say where to deploy the site", project.conf_py,
                            hint="set editions_deploy = {'folder': '/srv/www/editions', "
                            "'git': None} (README: 'Publish the site')")
    done: list[str] = []
    if project.deploy_folder is not None:
        deploy_to_folder(site, project.deploy_folder)
        done.append(f"folder {project.deploy_folder}")
    if project.deploy_git is not None:
        remote, branch = project.deploy_git
        pushed = deploy_to_git(site, remote, branch, project.build_dir / "deploy-git")
        done.append(f"git {shown_remote(remote)} {branch}" + ("" if pushed else " (unchanged)"))
    return done


def build_and_deploy(project: Project) -> SiteOutcome:
    """Build every edition (those whose inputs did not change are skipped at once: one
    French correction can change the English pages' language links too), then, if the
    build is clean of errors, deploy it. The problems are one line each."""
    from .build import build

    report = build(project)
    outcome = SiteOutcome(
        ok=report.ok, seconds=report.seconds,
        built=[r.language for r in report.results if r.status == "built"],
        unchanged=[r.language for r in report.results if r.status == "up to date"],
        problems=[*(f"{r.language}: {error}" for r in report.results for error in r.errors),
                  *report.warnings, *report.notes],
        notices=[notice for r in report.results if not r.ok or r.warnings for notice in (
            {"code": "edition-failed" if not r.ok else "edition-warnings",
             "language": r.language}, *r.findings)])
    if report.notes:
        outcome.notices.append({"code": "pdf-left-out"})
    if not report.ok:
        outcome.problems.append("not deployed: an edition failed (readers keep the site "
                                "as it was)")
        outcome.notices.append({"code": "not-deployed"})
    elif project.deploy_folder is not None or project.deploy_git is not None:
        try:
            outcome.deployed = deploy(project)
        except EditionsError as exc:
            outcome.ok = False
            outcome.problems.append(str(exc))
            outcome.notices.append({"code": "deploy-failed"})
    return outcome


def main(argv: list[str]) -> int:
    """``python -m editions.site.deploy ROOT``: build and deploy, the outcome as JSON on
    the last line (the site lock is its caller's, handed down with its descriptor)."""
    try:
        outcome = build_and_deploy(load_project(argv[0]))
    except EditionsError as exc:
        outcome = SiteOutcome(ok=False, problems=[str(exc)], notices=[{"code": "crashed"}])
    sys.stdout.write("\n" + json.dumps(asdict(outcome)) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover - run by the workspace's rebuilds
    raise SystemExit(main(sys.argv[1:]))
