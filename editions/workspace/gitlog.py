"""Optionally, each translation the workspace writes is committed to git with the volunteer's
display name as author (conf.py: ``editions_workspace_commits = True``), so that the
project's history says who translated what, as the workspace's own history does."""

from __future__ import annotations

import logging
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
    with project_lock(project):  # (no other writer between the add and the commit)
        result = subprocess.run(
            [git, "-C", str(project.root), "-c", f"user.name={name}",
             "-c", "user.email=workspace@invalid", "commit", "--quiet", "--no-verify",
             f"--author={name} <workspace@invalid>", "-m", message, "--",
             str(path.relative_to(project.root))],
            capture_output=True, text=True, timeout=60, check=False)
    if result.returncode:
        log.error("git commit of %s failed: %s", path.name, result.stderr.strip()[:300])
        return False
    return True
