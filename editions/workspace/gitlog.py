"""Optionally, each translation the workspace writes is committed to git (conf.py:
``editions_workspace_commits = True``), so that the project's history says what changed.

A project's history is often public and outlives any account: a commit is authored by the
language's team unless the volunteer chose, on their account page, to be named, and it is
dated to the day (midnight UTC), never to the second of a save.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from editions.filedates import commit_dates
from editions.progress.snapshots import FOLDER
from editions.project import Project
from editions.storage import project_lock

log = logging.getLogger(__name__)


WORKSPACE = "Parallel Editions workspace"


def commit(project: Project, path: Path, author: str, message: str) -> bool:
    """Commit ``path`` alone, if the project asks for it and is a git work tree. A commit
    that cannot be made is logged and skipped: the PO file is written either way."""
    return _commit(project, [str(path.relative_to(project.root))], author or WORKSPACE,
                   message)


def commit_written(project: Project, paths: Iterable[Path], message: str) -> bool:
    """Commit what the workspace wrote at ``paths`` (files or folders, new or removed ones
    too), by the workspace, naming no one, if the project asks for it; nothing changed: no
    commit. Only those paths: a file somebody edited by hand and has not committed is
    theirs to commit or drop, never swept into the workspace's commit."""
    return _commit(project, [path.relative_to(project.root).as_posix() for path in paths],
                   WORKSPACE, message, add=True)


def commit_kept_versions(project: Project, message: str) -> bool:
    """Commit the kept versions of published translations (``locale/<lang>/published/``),
    which a site build refreshes, and nothing else."""
    return commit_written(project, [project.locale_dir / code / FOLDER
                                    for code in project.languages], message)


def _commit(project: Project, paths: list[str], name: str, message: str,
            add: bool = False) -> bool:
    git = shutil.which("git")
    if not project.workspace_commits or git is None:
        return False
    identity = [git, "-C", str(project.root), "-c", f"user.name={name}",
                "-c", "user.email=workspace@invalid"]
    environment = {**os.environ, **commit_dates()}
    with project_lock(project):  # (no other writer between the add and the commit)
        if add:
            for path in paths:  # (one by one: git adds nothing if one path is unknown)
                subprocess.run([*identity, "add", "--all", "--", path], capture_output=True,
                               timeout=60, check=False)
            staged = subprocess.run([*identity, "diff", "--cached", "--relative", "--name-only",
                                     "-z", "--",
                                     *paths], capture_output=True, text=True, timeout=60,
                                    check=False).stdout.split("\0")
            paths = [path for path in staged if path]
            if not paths:
                return False  # (nothing changed)
        result = subprocess.run(
            [*identity, "commit", "--quiet", "--no-verify", f"--author={name} "
             "<workspace@invalid>", "-m", message, "--", *paths],
            capture_output=True, text=True, timeout=60, check=False, env=environment)
    if result.returncode:
        log.error("git commit of %s failed: %s", " ".join(paths), result.stderr.strip()[:300])
        return False
    return True
