"""When a file last changed, as its history says: the same date in every clone and deploy.

The date of the last commit that touched the file, where the project is a git work tree
and the file is committed as it is; its modification time elsewhere (a tarball, a tree never
committed, a change not committed yet), which a checkout resets.
Feeds and the sitemap date what readers see by it, so that a deploy changes no date.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .storage import keep_cache, read_json


def last_changed(root: Path, paths: Iterable[Path],
                 cache: Path | None = None) -> dict[Path, dt.datetime]:
    """Each existing path's last change (UTC), from ``git log`` over their folders.

    The log is asked for the folders the paths are in, not for each path (given the 1,800
    paths of a 200-statement archive in nine editions, git matched every one against every
    commit: after 3,000 workspace saves, 39 s), read newest first and stopped once every
    path has its date. With a ``cache`` file, the dates found are kept with the commit they
    hold for, and the next call reads only the commits made since (every accepted segment
    is a commit, and a rebuild)."""
    wanted = [path for path in paths if path.exists()]
    dates: dict[Path, dt.datetime] = {}
    if shutil.which("git") and wanted:
        try:
            top = Path(git_output(root, "rev-parse", "--show-toplevel").strip()).resolve()
            # (Each folder resolved once, not each path: 1,800 paths, 0.3 s.)
            folders = {folder: folder.resolve() for folder in {path.parent for path in wanted}}
            names = {(folders[path.parent] / path.name).relative_to(top).as_posix(): path
                     for path in wanted if folders[path.parent].is_relative_to(top)}
            committed = _commit_times(top, sorted(map(str, folders.values())), set(names),
                                      cache)
            changed = git_output(top, "-c", "core.quotePath=false", "status", "--porcelain",
                                 "--no-renames", "--untracked-files=no", "--",
                                 *map(str, folders.values()))
            uncommitted = {line[3:] for line in changed.splitlines()}
            dates = {names[name]: dt.datetime.fromtimestamp(when, dt.UTC)
                     for name, when in committed.items()
                     if when is not None and name not in uncommitted}
        except (OSError, subprocess.SubprocessError, ValueError):
            dates = {}
    for path in wanted:
        if path not in dates:
            dates[path] = dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC)
    return dates


def git_output(cwd: Path, *args: str) -> str:
    """What ``git args`` prints in ``cwd`` (``CalledProcessError`` if it fails)."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True, timeout=60).stdout


def is_ancestor(top: Path, commit: str, head: str) -> bool:
    """Whether ``commit`` is ``head`` or one of its ancestors (not where history was
    rewritten since, by an amend or a rebase): what a cache kept at ``commit`` needs to be
    extended to ``head`` by the commits between."""
    return bool(commit) and (commit == head or subprocess.run(
        ["git", "merge-base", "--is-ancestor", commit, head], cwd=top, capture_output=True,
        timeout=60).returncode == 0)


def _commit_times(top: Path, folders: list[str], names: set[str],
                  cache: Path | None) -> dict[str, int | None]:
    """Each name's newest commit time (None: never committed), from the cache where it
    holds them for an ancestor of HEAD, and the commits since; else from the whole log."""
    head = history_state(top)
    if not head:
        return {}
    kept = _load(cache) if cache else {}
    known = kept.get("times", {})
    since = kept.get("head", "")
    if names <= known.keys() and (since == head or is_ancestor(top, since, head)):
        times = {name: known[name] for name in names}
        if since != head:
            times.update(_read_log(top, folders, names, f"{since}..{head}"))
    else:
        times = {name: None for name in names}
        times.update(_read_log(top, folders, names, head))
    if cache and (since != head or not names <= known.keys()):
        keep_cache(cache, json.dumps({"head": head, "times": times}).encode())
    return times


def _load(cache: Path) -> dict:
    """The cache's record; an empty one where it is missing, damaged or from elsewhere."""
    try:
        kept = read_json(cache)
        times = kept["times"]
        if isinstance(kept["head"], str) and all(
                isinstance(name, str) and (when is None or isinstance(when, int))
                for name, when in times.items()):
            return kept
    except (KeyError, TypeError, AttributeError):
        pass
    return {}


def _read_log(top: Path, folders: list[str], names: set[str],
              revisions: str) -> dict[str, int]:
    """The time of the newest commit of ``revisions`` that touched each of ``names`` (those
    it touched), reading ``git log`` of ``folders`` until each has one."""
    times: dict[str, int] = {}
    with subprocess.Popen(
            ["git", "-c", "core.quotePath=false", "log", "--format=@%ct", "--name-only",
             "--no-renames", revisions, "--", *folders],
            cwd=top, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as log:
        assert log.stdout is not None
        when = None
        for line in log.stdout:
            line = line.rstrip("\n")
            if line.startswith("@"):
                when = int(line[1:])
            elif line in names and when is not None and line not in times:  # (newest first)
                times[line] = when
                if len(times) == len(names):
                    break
        log.kill()
    return times


def history_state(root: Path) -> str:
    """The commit the work tree is at ("" outside git): with the files' own times and sizes,
    all that ``last_changed``'s answer depends on."""
    git = shutil.which("git")
    if not git:
        return ""
    try:
        return subprocess.run([git, "rev-parse", "-q", "--verify", "HEAD"], cwd=root,
                              capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def commit_dates() -> dict[str, str]:
    """The environment a commit of the project is made with: dated to the day (midnight
    UTC), never to the second (a commit follows a volunteer's save or accept by seconds: a
    public history would tell when the team works)."""
    day = f"{dt.datetime.now(dt.UTC).date().isoformat()}T00:00:00+0000"
    return {"GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day}
