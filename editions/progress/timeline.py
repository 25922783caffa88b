"""The progress timeline: each language's percentage after each commit touching a catalog,
from git (the public progress page's chart, ``editions status --history``).

A workspace commits each save, so a long-lived archive has thousands of commits, and every
accepted segment is a commit and a rebuild. Each version of a catalog is counted once (its
words kept by its blob, ``_build/cache/history-words.json``), and the series is kept with the
commit it reaches (``_build/cache/history-series.json``): a build reads only the commits made
since the last one.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..catalogs import parse_catalog, summarise
from ..errors import EditionsError
from ..filedates import git_output, history_state, is_ancestor
from ..project import Project
from ..storage import keep_cache, read_json
from .figures import Figures

HISTORY_CACHE = "history-words.json"
SERIES_CACHE = "history-series.json"


@dataclass(frozen=True)
class Point:
    commit: str
    date: str
    percent: float


def history(
    project: Project, language_codes: Iterable[str] | None = None
) -> dict[str, list[Point]]:
    """Per language, its percentage of words translated after each commit touching a
    catalog; a tree with no git history gives no series."""
    codes = tuple(c for c in project.require_languages(tuple(language_codes or ()))
                  if c != project.source_language)
    every = tuple(code for code in project.languages if code != project.source_language)
    try:
        top = Path(git_output(project.root, "rev-parse", "--show-toplevel").strip())
        head = history_state(top)
        if not head:  # (no commit yet)
            return {}
        series = _series(project, top, head, every)
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    return {code: [Point(*point) for point in series.points[code]] for code in codes
            if series.points.get(code)}


@dataclass
class _Series:
    """The series up to ``head``, with what extending it needs: each catalog's words and
    translated words as last committed, and each language's totals."""

    head: str
    codes: list[str]
    statements: list[str]
    current: dict[str, list[int]] = field(default_factory=dict)  # "code slug" → [w, t]
    totals: dict[str, list[int]] = field(default_factory=dict)
    points: dict[str, list[list]] = field(default_factory=dict)  # code → [commit, date, %]

    def extend(self, commits: list[tuple[str, str, list[_Version]]],
               words: dict[_Version, tuple[int, int]]) -> None:
        for commit, date, versions in commits:
            for version in versions:
                key = f"{version.code} {version.slug}"
                old, new = self.current.get(key, [0, 0]), words[version]
                self.current[key] = list(new)
                total = self.totals.setdefault(version.code, [0, 0])
                total[0] += new[0] - old[0]
                total[1] += new[1] - old[1]
            for code in sorted({version.code for version in versions}):
                total_words, translated = self.totals[code]
                percent = Figures(words=total_words, translated_words=translated).percent
                self.points.setdefault(code, []).append([commit[:10], date, round(percent, 1)])


def _series(project: Project, top: Path, head: str, codes: tuple[str, ...]) -> _Series:
    """The series at ``head``: kept, extended by the commits made since, or read whole (the
    kept one is for other languages or statements, or its commit is no ancestor of
    ``head`` any more: history rewritten)."""
    statements = sorted(project.statements())
    path = project.build_dir / "cache" / SERIES_CACHE
    kept = _load_series(path)
    if kept and (kept.codes, kept.statements) == (list(codes), statements) and (
            is_ancestor(top, kept.head, head)):
        series, revisions = kept, f"{kept.head}..{head}"
    else:
        series, revisions = _Series("", list(codes), statements), head
    if series.head != head:
        log = git_output(top, "log", "--reverse", "--format=@%H %cI", "--raw", "--no-abbrev",
                   "--no-renames", revisions, "--", str(project.locale_dir.relative_to(top)))
        commits = _catalog_commits(log, set(codes), set(statements))
        series.extend(commits, _words_of_versions(
            project, top, {version for _commit, _date, versions in commits
                           for version in versions}))
        series.head = head
        keep_cache(path, json.dumps(asdict(series)).encode())
    return series


def _load_series(path: Path) -> _Series | None:
    """The kept series; None where it is missing, damaged or of another shape."""
    try:
        series = _Series(**read_json(path))
        for pair in (*series.current.values(), *series.totals.values()):
            if len(pair) != 2 or not all(isinstance(number, int) for number in pair):
                return None
        for points in series.points.values():
            for commit, date, percent in points:
                if not (isinstance(commit, str) and isinstance(date, str)
                        and isinstance(percent, int | float)):
                    return None
        return series if isinstance(series.head, str) else None
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def by_day(series: dict[str, list[Point]]) -> dict[str, list[Point]]:
    """The series as the public progress page shows it: each day's last point, dated to the
    day. With workspace commits a point is a volunteer's save: its time to the second would
    say when they worked."""
    days: dict[str, list[Point]] = {}
    for code, points in series.items():
        kept: dict[str, Point] = {}
        for point in points:
            kept[point.date[:10]] = Point(point.commit, point.date[:10], point.percent)
        days[code] = list(kept.values())
    return days


@dataclass(frozen=True)
class _Version:
    """One committed version of a language's catalog of a statement."""

    code: str
    slug: str
    path: str
    blob: str  # all zeros where the commit deleted it


def _catalog_commits(log: str, codes: set[str], statements: set[str]
                     ) -> list[tuple[str, str, list[_Version]]]:
    """The commits of ``git log --raw`` that touch a catalog of one of ``codes`` for one of
    ``statements``, oldest first, with the versions they leave."""
    commits: list[tuple[str, str, list[_Version]]] = []
    for line in log.splitlines():
        if line.startswith("@"):
            commit, date = line[1:].split(" ", 1)
            commits.append((commit, date, []))
        elif line.startswith(":") and line.endswith(".po") and commits:
            fields_, _, name = line.partition("\t")
            parts = Path(name).parts
            if len(parts) >= 3 and parts[-3] in codes and Path(name).stem in statements:
                commits[-1][2].append(_Version(parts[-3], Path(name).stem, name,
                                               fields_.split()[3]))
    return [commit for commit in commits if commit[2]]


def _words_of_versions(project: Project, top: Path, versions: set[_Version]
                       ) -> dict[_Version, tuple[int, int]]:
    """Each version's words and translated words: from the cache where it has them, else
    read with one ``git cat-file`` process (none, when nothing new was committed)."""
    path = project.build_dir / "cache" / HISTORY_CACHE
    cached = read_json(path)
    cached = cached if isinstance(cached, dict) else {}
    known = {key: value for key, value in cached.items()
             if isinstance(value, list) and len(value) == 2
             and all(isinstance(number, int) for number in value)}
    missing = {version for version in versions if f"{version.code} {version.blob}" not in known}
    if missing:
        with subprocess.Popen(["git", "cat-file", "--batch"], cwd=top, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE) as batch:
            for version in sorted(missing, key=lambda version: version.blob):
                known[f"{version.code} {version.blob}"] = list(_words_at(batch, version))
            if batch.stdin:
                batch.stdin.close()
    if missing or len(known) != len(cached):
        keep_cache(path, json.dumps(known, sort_keys=True).encode())
    return {version: (known[f"{version.code} {version.blob}"][0],
                      known[f"{version.code} {version.blob}"][1]) for version in versions}


def _words_at(batch: subprocess.Popen, version: _Version) -> tuple[int, int]:
    """The words and translated words of one committed catalog (none if deleted or
    unreadable)."""
    assert batch.stdin and batch.stdout
    if not version.blob.strip("0"):
        return 0, 0
    batch.stdin.write(f"{version.blob}\n".encode())
    batch.stdin.flush()
    header = batch.stdout.readline().split()
    if len(header) < 3 or header[1] != b"blob":
        return 0, 0
    data = batch.stdout.read(int(header[2]) + 1)[:-1]
    try:
        summary = summarise(parse_catalog(data, version.path, version.code, locations=False))
    except EditionsError:
        return 0, 0
    return summary["words"], summary["translated_words"]

