"""Check a project's catalogs: the templates they are compared with, the cache of what was
found (by each catalog's content), and the catalogs shared out among worker processes.

The CLI (``editions check``), the status and the build's publication plan all call
``check_project``; each catalog is checked by ``catalog.check_file``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, collector
from ..catalogs import extract_statements, template_ids
from ..project import Project
from ..storage import atomic_write, project_lock, read_json
from ..workers import Batches, Batching
from .catalog import Result, check_file
from .entry import Rules, cached_glossary
from .messages import Quoted, msg
from .registry import Finding

#: The cache of every finding, and that of the errors alone (each run keeps only its own);
#: named by the form of the findings they keep (v5: counted messages keep their plural).
CACHE_NAME = "checks-v5.json"
ERRORS_CACHE_NAME = "checks-errors-v5.json"
#: Below this many catalogs to check, worker processes cost more than they save.
PARALLEL_THRESHOLD = 64
#: Catalogs sent to a worker at a time (whole statements): enough to make the round trip
#: worthwhile, few enough that the processes finish together.
BATCH_SIZE = 8


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    entries: int = 0
    catalogs: int = 0
    cached: int = 0
    seconds: float = 0.0
    #: (language, statement) → the catalog's counts and title, from the same parse.
    summaries: dict[tuple[str, str], dict] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


@dataclass(frozen=True)
class CheckRun:
    """How ``check_project`` runs, besides what it checks."""

    #: Processes to check in (this one included); default: one per core.
    jobs: int | None = None
    #: Worker processes to use (the build's pool) rather than starting some.
    executor: Executor | None = None
    #: Errors alone, sooner: what the status counts and the publication policy weighs.
    errors_only: bool = False
    #: Write each catalog read into the ``.mo`` the build needs, where that is older, from the
    #: same parse (a catalog found in the cache is left to the build to compile).
    compile_mo: bool = False
    #: Compare catalogs with freshly extracted templates (which runs Sphinx's gettext builder
    #: when a source changed); the build does not: a stale catalog does not stop a statement
    #: from being published.
    stale: bool = True


@dataclass(frozen=True)
class CatalogTask:
    """Everything needed to check one catalog, small enough to send to a worker process."""

    path: Path
    #: Its rules, but for the glossary's terms, which the worker reads (once per process).
    rules: Rules
    #: The statement's ``.pot`` and a digest of its bytes (which key the worker's copy of its
    #: segments), or None not to look for a stale catalog.
    template: tuple[Path, str] | None
    glossary_path: Path | None
    compile_mo: bool = False


def check_project(project: Project, language_codes: Iterable[str] | None = None,
                  statements: Iterable[str] | None = None, *, use_cache: bool = True,
                  run: CheckRun | None = None) -> CheckReport:
    """Check every catalog of the requested languages and statements (all by default),
    each one again only if it, its template, its glossary or the settings changed."""
    started = time.perf_counter()
    run = run or CheckRun()
    codes = [c for c in project.require_languages(tuple(language_codes or ()))
             if c != project.source_language]
    slugs = list(statements or ()) or project.statements()
    for slug in slugs:
        project.statement_source(slug)  # an unknown statement is a clear error
    cache_path = project.build_dir / "cache" / (
        ERRORS_CACHE_NAME if run.errors_only else CACHE_NAME)
    check = _ProjectCheck(project, run, _load_cache(cache_path) if use_cache else {})
    report = check.run(codes, slugs)
    if use_cache:
        atomic_write(cache_path, json.dumps(check.fresh).encode())
        _forget_older_caches(cache_path)
    report.findings.sort(key=lambda f: (f.path, f.line, f.check))
    report.seconds = time.perf_counter() - started
    return report


class _ProjectCheck:
    """One run of ``check_project``: what it found, by each catalog's cache key."""

    def __init__(self, project: Project, run: CheckRun, cache: dict[str, dict]) -> None:
        self.project = project
        self.run_as = run
        self.cache = cache
        self.pot_dir = ensure_templates(project) if run.stale else None
        self.overrides = tuple(sorted(project.check_severity))
        self.report = CheckReport()
        self.fresh: dict[str, dict] = {}
        self.pending: list[tuple[str, CatalogTask]] = []
        self.here = Path.cwd()

    def run(self, codes: list[str], slugs: list[str]) -> CheckReport:
        """Check the catalogs, statement by statement (so that work can go out while the rest
        is looked at); return what they hold, from this run or the cache."""
        templates = ({slug: _template(self.pot_dir / f"{slug}.pot") for slug in slugs}
                     if self.pot_dir else {})
        glossaries = {code: self.project.glossary_path(code) for code in codes}
        glossary_bytes = {code: path.read_bytes() if path.exists() else b""
                          for code, path in glossaries.items()}
        batching = Batching(BATCH_SIZE, PARALLEL_THRESHOLD, _statement_of)
        with _full_collections_put_off(), Batches(_run_tasks, self.run_as.jobs,
                                                  self.run_as.executor, batching) as batches:
            for slug in slugs:
                for code in codes:
                    task = self._task(code, slug, templates.get(slug),
                                      (glossaries[code], glossary_bytes[code]))
                    if task is not None:
                        batches.add(task)
            results = batches.results()
        for (key, task), result in zip(self.pending, results, strict=True):
            self.fresh[key] = _cache_entry(task, result)
        return self._report()

    def _task(self, code: str, slug: str, template: tuple[Path, str] | None,
              glossary: tuple[Path, bytes]) -> CatalogTask | None:
        """The task of checking one catalog, None where there is nothing to check (its
        findings are in the cache, or it is missing)."""
        project, run = self.project, self.run_as
        path = project.catalog_path(code, slug)
        rules = Rules(code, slug, project.is_published(code, slug), dict(self.overrides),
                      run.errors_only, source_language=project.source_language,
                      allowed_hosts=project.link_hosts_of(code),
                      path=os.path.relpath(path, self.here) if path.is_absolute() else str(path))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            missing = rules.finding("missing-catalog", 0, msg(
                "this statement has no catalog here: run %(command)s",
                command=Quoted("'editions update'")))
            self.report.findings += [missing] if missing else []
            return None
        self.report.catalogs += 1
        key = _digest(
            data, template[1].encode() if template else b"no template", glossary[1],
            json.dumps([self.overrides, rules.published, code, rules.path,
                        sorted(rules.allowed_hosts)]).encode(),
        )
        if key in self.cache:
            self.fresh[key] = self.cache[key]
            self.report.cached += 1
            return None
        task = CatalogTask(path, rules, template, glossary[0] if glossary[1] else None,
                           run.compile_mo)
        self.pending.append((key, task))
        return task

    def _report(self) -> CheckReport:
        report = self.report
        for entry in self.fresh.values():
            report.entries += entry["entries"]
            report.findings.extend(Finding(**f) for f in entry["findings"])
            if entry["summary"]:
                report.summaries[(entry["language"], entry["statement"])] = entry["summary"]
        return report


def _cache_entry(task: CatalogTask, result: Result) -> dict:
    findings, entries, summary = result
    return {"entries": entries, "findings": [f.as_dict() for f in findings],
            "summary": summary, "language": task.rules.language,
            "statement": task.rules.statement}


def _statement_of(task: CatalogTask) -> str:
    """What a batch keeps together: a statement's catalogs share their source segments and
    template, so a process analyses each source segment and reads the template once for all
    languages."""
    return task.rules.statement


@contextlib.contextmanager
def _full_collections_put_off() -> Iterator[None]:
    """``collector.put_off_full_collections`` while catalogs are checked, then the collector
    as it was."""
    thresholds = gc.get_threshold()
    collector.put_off_full_collections()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _run_tasks(tasks: list[CatalogTask]) -> list[Result]:
    """Check a batch of catalogs (in this process or a worker)."""
    return [_run_task(task) for task in tasks]


def _run_task(task: CatalogTask) -> Result:
    rules = task.rules
    if task.glossary_path:
        rules = dataclasses.replace(rules, terms=cached_glossary(task.glossary_path))
    return check_file(task.path, rules,
                      _template_ids(*task.template) if task.template else None,
                      task.compile_mo)


@functools.lru_cache(maxsize=64)
def _template_ids(pot_path: Path, _digest: str) -> tuple[str, ...]:
    """The segments a statement has now, from its template: read once per process for all the
    languages of the statement (its catalogs go to the same worker), again if it changes."""
    return template_ids(pot_path)


def ensure_templates(project: Project) -> Path:
    """The ``.pot`` templates of the current sources, extracted again only for the statements
    whose source changed (under the project lock, as ``editions update`` extracts them into
    the same folder)."""
    pot_dir = project.build_dir / "gettext"
    if not _stale_templates(project, pot_dir):
        return pot_dir
    with project_lock(project):
        stale = _stale_templates(project, pot_dir)
        written = extract_statements(project, stale) if stale else set()
        # Each template extracted is dated as its source was when found stale (Sphinx leaves
        # one whose segments are the same as it was): current from now on, unless its
        # source changes again, even while Sphinx was at work.
        for slug in written & set(stale):
            with contextlib.suppress(FileNotFoundError):
                os.utime(pot_dir / f"{slug}.pot", ns=(stale[slug], stale[slug]))
        return pot_dir


def _stale_templates(project: Project, pot_dir: Path) -> dict[str, int]:
    """The statements whose template is missing or older than their source, with the time
    of their source."""
    stale = {}
    for slug in project.statements():
        source = project.statement_source(slug).stat().st_mtime_ns
        try:
            current = (pot_dir / f"{slug}.pot").stat().st_mtime_ns >= source
        except FileNotFoundError:
            current = False
        if not current:
            stale[slug] = source
    return stale


def _template(pot_path: Path) -> tuple[Path, str]:
    """A statement's template and the digest of its bytes (of its absence, if it has none)."""
    return pot_path, _digest(pot_path.read_bytes() if pot_path.exists() else b"no template")


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _forget_older_caches(cache_path: Path) -> None:
    """Remove the caches of older forms (``checks-v4.json`` once ``v5`` is kept): they hold
    findings, with the texts of segments, that nothing reads any more."""
    for older in cache_path.parent.glob("checks*-v*.json"):
        if (older.name not in (CACHE_NAME, ERRORS_CACHE_NAME)
                and re.fullmatch(r"checks(-errors)?-v\d+\.json", older.name)):
            older.unlink(missing_ok=True)


def _load_cache(path: Path) -> dict[str, dict]:
    kept = read_json(path)
    return kept if isinstance(kept, dict) else {}
