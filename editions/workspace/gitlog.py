"""Optionally, each translation the workspace writes is committed to git (conf.py:
``editions_workspace_commits = True``), so that the project's history says what changed.

A project's history is often public and outlives any account: a commit is authored by the
language's team unless the volunteer chose, on their account page, to be named, and it is
dated to the day (midnight UTC), never to the second of a save.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
from pathlib import Path

from editions.project import Project
from editions.storage import project_lock

log = logging.getLogger(__name__)


def commit(project: Project, path: Path, author: str, message: str) -> bool:
    """Commit ``path`` alone, if the project asks for it and is a git work tree. A commit
    that cannot be made is logged and skipped: the PO file is written either way."""
    git = shutil.which("git")
    if not project.workspace_commits or git is None:
        return False
    name = author or "Parallel Editions workspace"
    day = f"{dt.datetime.now(dt.UTC).date().isoformat()}T00:00:00+0000"
    with project_lock(project):  # (no other writer between the add and the commit)
        result = subprocess.run(
            [git, "-C", str(project.root), "-c", f"user.name={name}",
             "-c", "user.email=workspace@invalid", "commit", "--quiet", "--no-verify",
             f"--author={name} <workspace@invalid>", "-m", message, "--",
             str(path.relative_to(project.root))],
            capture_output=True, text=True, timeout=60, check=False,
            env={**os.environ, "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day})
    if result.returncode:
        log.error("git commit of %s failed: %s", path.name, result.stderr.strip()[:300])
        return False
    return True
