"""When a file last changed: its newest commit, else (uncommitted, or outside git) its time."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

from editions.filedates import last_changed

from .conftest import git


def _at(day: str) -> dict[str, str]:
    return {"GIT_AUTHOR_DATE": f"{day}T12:00:00+0000", "GIT_COMMITTER_DATE": f"{day}T12:00:00+0000"}


def test_each_file_is_dated_by_its_newest_commit_or_else_by_its_time(tmp_path: Path) -> None:
    """Asked of a project in a subfolder of its repository, among commits touching other
    files of the same folders, a file changed since its last commit, one never committed."""
    root = tmp_path / "project"
    names = ["source/a.rst", "source/b.rst", "source/other.rst",
             "locale/fr/LC_MESSAGES/a.po", "locale/fr/LC_MESSAGES/b.po"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("first\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first", **_at("2025-01-01"))
    for day, changed in (("2025-02-01", ["source/b.rst", "locale/fr/LC_MESSAGES/a.po"]),
                         ("2025-03-01", ["source/other.rst"]),
                         ("2025-04-01", ["locale/fr/LC_MESSAGES/b.po"])):
        for name in changed:
            (root / name).write_text(day, encoding="utf-8")
        git(tmp_path, "commit", "-qam", day, **_at(day))
    (root / "locale/fr/LC_MESSAGES/b.po").write_text("not committed yet", encoding="utf-8")
    new = root / "source" / "new.rst"
    new.write_text("never committed", encoding="utf-8")
    for path in ((root / "locale/fr/LC_MESSAGES/b.po"), new):
        os.utime(path, (1_700_000_000, 1_700_000_000))

    wanted = [root / "source/a.rst", root / "source/b.rst", root / "locale/fr/LC_MESSAGES/a.po",
              root / "locale/fr/LC_MESSAGES/b.po", new, root / "source" / "missing.rst"]
    days = {path.relative_to(root).as_posix(): when.date().isoformat()
            for path, when in last_changed(root, wanted).items()}
    assert days == {"source/a.rst": "2025-01-01", "source/b.rst": "2025-02-01",
                    "locale/fr/LC_MESSAGES/a.po": "2025-02-01",
                    "locale/fr/LC_MESSAGES/b.po": "2023-11-14", "source/new.rst": "2023-11-14"}
    assert dt.datetime.fromtimestamp(1_700_000_000, dt.UTC).date().isoformat() == "2023-11-14"


def test_with_a_cache_only_the_commits_made_since_are_read(tmp_path: Path,
                                                           monkeypatch) -> None:
    """Each accepted segment is a commit and a rebuild: the sitemap's dates are read from
    the commits made since the last build, not from the whole history each time. History
    rewritten, or a cache damaged, is read whole again."""
    from editions import filedates

    root = tmp_path
    for name in ("source/a.rst", "source/b.rst"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("first\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first", **_at("2025-01-01"))
    read: list[str] = []
    real_read = filedates._read_log
    monkeypatch.setattr(filedates, "_read_log", lambda *args: read.append(args[-1]) or real_read(
        *args))
    cache = tmp_path / "cache" / "dates.json"
    wanted = [root / "source/a.rst", root / "source/b.rst"]

    def days() -> dict[str, str]:
        return {path.name: when.date().isoformat()
                for path, when in last_changed(root, wanted, cache).items()}

    def head() -> str:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()

    assert days() == {"a.rst": "2025-01-01", "b.rst": "2025-01-01"}
    first = head()
    assert days() == {"a.rst": "2025-01-01", "b.rst": "2025-01-01"}
    assert read == [first]  # (nothing committed since: nothing read)
    (root / "source/a.rst").write_text("second\n", encoding="utf-8")
    git(root, "commit", "-qam", "second", **_at("2025-02-01"))
    assert days() == {"a.rst": "2025-02-01", "b.rst": "2025-01-01"}
    assert read[-1] == f"{first}..{head()}"
    git(root, "commit", "-q", "--amend", "-m", "second, reworded", **_at("2025-03-01"))
    assert days() == {"a.rst": "2025-03-01", "b.rst": "2025-01-01"}
    assert read[-1] == head()  # (the cached commit is no ancestor any more: read whole)
    cache.write_text(json.dumps({"head": head(), "times": {"source/a.rst": "x"}}))
    assert days() == {"a.rst": "2025-03-01", "b.rst": "2025-01-01"}
    assert read[-1] == head()
