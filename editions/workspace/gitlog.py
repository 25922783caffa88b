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
from pathlib import Path

from editions.filedates import commit_dates
from editions.project import Project
from editions.storage import project_lock

log = logging.getLogger(__name__)


#: The project's own files, besides the catalogs each save commits: what the coordinator's
#: desk writes (conf.py, a statement in source/, catalogs, kept versions and glossaries in
#: locale/) and the kept versions a build refreshes.
PROJECT_FILES = ("conf.py", "source", "locale")
WORKSPACE = "Parallel Editions workspace"


def commit(project: Project, path: Path, author: str, message: str) -> bool:
    """Commit ``path`` alone, if the project asks for it and is a git work tree. A commit
    that cannot be made is logged and skipped: the PO file is written either way."""
    return _commit(project, [str(path.relative_to(project.root))], author or WORKSPACE,
                   message)


def commit_project(project: Project, message: str) -> bool:
    """Commit what changed in the project's own files (``PROJECT_FILES``), new files too,
    if the project asks for it: by the workspace, naming no one. Nothing changed: no commit."""
    return _commit(project, list(PROJECT_FILES), WORKSPACE, message, add=True)


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
            subprocess.run([*identity, "add", "--all", "--", *paths], capture_output=True,
                           timeout=60, check=False)
            staged = subprocess.run([*identity, "diff", "--cached", "--quiet", "--", *paths],
                                    capture_output=True, timeout=60, check=False)
            if staged.returncode == 0:
                return False  # (nothing changed)
        result = subprocess.run(
            [*identity, "commit", "--quiet", "--no-verify", f"--author={name} "
             "<workspace@invalid>", "-m", message, "--", *paths],
            capture_output=True, text=True, timeout=60, check=False, env=environment)
    if result.returncode:
        log.error("git commit of %s failed: %s", " ".join(paths), result.stderr.strip()[:300])
        return False
    return True
