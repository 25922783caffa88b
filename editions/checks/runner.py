"""Run the checks on a catalog or a whole project: one implementation for CLI, tests and build."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message

from .. import __version__, collector
from ..catalogs import (
    extract,
    needs_compiling,
    parse_catalog,
    source_words,
    summarise,
    template_ids,
    write_compiled,
)
from ..catalogs import state as entry_state
from ..errors import EditionsError
from ..project import Project
from ..storage import atomic_write, project_lock
from . import fidelity, glossary, markup, safety, typography
from .glossary import Term, load_glossary
from .registry import ERROR, OFF, Finding, ignored_checks, resolve_severity
from .segment import Segment

#: Each check of a segment, with the ids it reports. Counting errors alone (as the status and
#: the build's publication policy do), a run leaves out the checks that can report nothing but
#: warnings under the project's severities: the form of the translation, its typography.
SegmentCheck = Callable[[Segment], Iterable[tuple[str, str]]]
SEGMENT_CHECKS: tuple[tuple[SegmentCheck, tuple[str, ...]], ...] = (
    (markup.check, markup.REPORTS),
    (safety.check, safety.REPORTS),
    (fidelity.check, fidelity.REPORTS),
    (fidelity.check_form, fidelity.FORM_REPORTS),
    (typography.check, typography.REPORTS),
)
#: The cache of every finding, and that of the errors alone (each run keeps only its own).
CACHE_NAME = "checks-v3.json"
ERRORS_CACHE_NAME = "checks-errors-v3.json"
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
class CatalogTask:
    """Everything needed to check one catalog, small enough to send to a worker process."""

    path: Path
    display_path: str
    language: str
    statement: str
    source_language: str
    published: bool
    severity: tuple[tuple[str, str], ...]
    #: The statement's ``.pot`` and a digest of its bytes (which key the worker's copy of its
    #: segments), or None not to look for a stale catalog.
    template: tuple[Path, str] | None
    glossary_path: Path | None
    errors_only: bool = False
    compile_mo: bool = False
    #: Hosts a link of this language may point to besides the source's (conf.py's
    #: ``editions_link_hosts``).
    allowed_hosts: frozenset[str] = frozenset()


def check_catalog(
    path: Path,
    language: str,
    *,
    statement: str = "",
    source_language: str = "en",
    published: bool = False,
    severity: dict[str, str] | None = None,
    template_ids: Iterable[str] | None = None,
    terms: tuple[Term, ...] = (),
    display_path: str | None = None,
    errors_only: bool = False,
    allowed_hosts: Iterable[str] = (),
) -> tuple[list[Finding], int]:
    """Check one PO file; return its findings and the number of entries checked.

    ``template_ids`` are the segments the statement has now (from its ``.pot``), to find a
    stale catalog; ``published`` makes untranslated and fuzzy entries errors;
    ``errors_only`` reports errors alone, and runs only the checks that can report one;
    ``allowed_hosts`` are the hosts a translation's links may point to besides the source's.
    """
    findings, entries, _summary = _check_file(
        path, language, statement=statement, source_language=source_language,
        published=published, severity=severity, template_ids=template_ids, terms=terms,
        display_path=display_path, errors_only=errors_only,
        allowed_hosts=frozenset(h.lower() for h in allowed_hosts),
    )
    return findings, entries


def _check_file(
    path: Path,
    language: str,
    *,
    statement: str,
    source_language: str,
    published: bool,
    severity: dict[str, str] | None,
    template_ids: Iterable[str] | None,
    terms: tuple[Term, ...],
    display_path: str | None,
    errors_only: bool = False,
    compile_mo: bool = False,
    allowed_hosts: frozenset[str] = frozenset(),
) -> tuple[list[Finding], int, dict | None]:
    """``check_catalog``, plus the catalog's counts, read from the same parse (and, with
    ``compile_mo``, its ``.mo`` written from it where that is older)."""
    shown = display_path or str(path)
    overrides = severity or {}
    findings: list[Finding] = []

    def can_report_error(check_ids: tuple[str, ...]) -> bool:
        return any(resolve_severity(i, overrides, published) == ERROR for i in check_ids)

    segment_checks = [check for check, check_ids in SEGMENT_CHECKS
                      if not errors_only or can_report_error(check_ids)]
    if errors_only and not can_report_error(glossary.REPORTS):
        terms = ()

    def report(check_id: str, line: int, message: str, source: str = "",
               translation: str = "", flags: Iterable[str] = ()) -> None:
        if flags and check_id in ignored_checks(flags):  # (read only when there is a finding)
            return
        level = resolve_severity(check_id, overrides, published)
        if _reported(level, errors_only):
            findings.append(Finding(check_id, level, shown, line, message, language,
                                    statement, source, translation))

    try:
        data = path.read_bytes()
        catalog = parse_catalog(data, path, language, locations=False)
    except OSError as exc:
        report("po-syntax", 0, f"cannot read the catalog: {exc.strerror}")
        return findings, 0, None
    except EditionsError as exc:
        report("po-syntax", exc.line or 0, f"{exc.message} ({exc.hint})")
        return findings, 0, None
    # A shortcut across rooms, for speed: a file with no bidirectional control in its bytes
    # has none in any segment, so the safety check need not look for one segment by segment.
    bidi = bool(safety.BIDI_CONTROLS_UTF8.search(data))
    if compile_mo and needs_compiling(path):
        # Under the lock the build holds while its plan is made (the caller's, not taken
        # here: a worker process of the build would wait for its own parent). A catalog
        # that cannot be compiled here is compiled, and its failure reported, by its edition.
        with contextlib.suppress(EditionsError):
            write_compiled(catalog, path, display_path)
    entries = 0
    untranslated = []
    messages = list(catalog)
    for message in messages:
        if not message.id:
            continue
        entries += 1
        line = message.lineno or 0
        if isinstance(message.id, str):  # (nearly every entry: no plural forms to unpack)
            kind = ("untranslated" if not message.string else "fuzzy" if message.fuzzy
                    else "translated")
            forms: list[tuple[str, str, str]] | tuple[tuple[str, str, str]] = (
                (message.id, message.string, ""),)
        else:
            kind, forms = entry_state(message), _forms(message)
        if kind == "untranslated":
            untranslated.append(message)
            continue
        if kind == "fuzzy":
            report("fuzzy", line, "review this translation (its source changed), then remove "
                   "the fuzzy mark", _first(message.id), _first(message.string), message.flags)
            continue
        for source, translation, form in forms:
            segment = Segment(source, translation, language, source_language, bidi,
                              allowed_hosts)
            for check_id, text in segment_findings(segment, segment_checks, terms):
                report(check_id, line, text + form, source, translation, message.flags)
    if untranslated and published:
        for message in untranslated:
            report("untranslated", message.lineno or 0, "translate this segment" + (
                   " (every plural form)" if isinstance(message.id, tuple) else ""),
                   _first(message.id), "", message.flags)
    elif untranslated:
        words = sum(source_words(message) for message in untranslated)
        report("untranslated", untranslated[0].lineno or 0,
               f"{len(untranslated)} of {entries} segments ({words} words) are not translated "
               "yet; the first is here")
    if catalog.obsolete:
        first = min((m.lineno or 0) for m in catalog.obsolete.values())
        report("obsolete", first, f"{len(catalog.obsolete)} obsolete entries (#~) kept from "
               "removed segments: reuse what helps, then delete them")
    if template_ids is not None:
        missing = [msgid for msgid in template_ids if msgid not in catalog]
        if missing:
            report("stale-catalog", 1, f"{len(missing)} segments of the statement are missing "
                   "from this catalog: run 'editions update'", missing[0])
    return findings, entries, summarise(catalog, messages)


Result = tuple[list[Finding], int, dict | None]


def segment_findings(segment: Segment, segment_checks: Iterable[SegmentCheck],
                     terms: tuple[Term, ...]) -> Iterator[tuple[str, str]]:
    """(check id, message) of every problem of one translated segment: the one loop that a
    catalog's check and a single translation's share."""
    for check in segment_checks:
        yield from check(segment)
    yield from glossary.check(segment, terms)


def check_translation(project: Project, language: str, statement: str, source: str,
                      translation: str, flags: Iterable[str] = (), line: int = 0
                      ) -> list[Finding]:
    """The findings ``editions check`` would report for this translation of ``source`` in the
    statement's catalog (same ids, messages and severities): the workspace's live checks.
    An empty translation has none (it is counted as untranslated, not checked)."""
    if not translation:
        return []
    path = project.catalog_path(language, statement)
    shown = os.path.relpath(path, project.root)
    published = project.is_published(language, statement)
    overrides = dict(project.check_severity)
    glossary_path = project.locale_dir / language / "glossary.csv"
    try:
        terms = (_glossary(glossary_path, glossary_path.stat().st_mtime_ns)
                 if glossary_path.exists() else ())
    except EditionsError:
        terms = ()  # `editions check` reports the glossary; a live check does without it
    segment = Segment(source, translation, language, project.source_language,
                      allowed_hosts=project.link_hosts_of(language))
    ignored = ignored_checks(flags)
    findings = []
    for check_id, text in segment_findings(segment, [c for c, _ in SEGMENT_CHECKS], terms):
        level = resolve_severity(check_id, overrides, published)
        if check_id not in ignored and level != OFF:
            findings.append(Finding(check_id, level, shown, line, text, language, statement,
                                    source, translation))
    return findings


def _first(text: str | tuple[str, ...] | list[str]) -> str:
    return text if isinstance(text, str) else text[0]


def _forms(message: Message) -> list[tuple[str, str, str]]:
    """(source, translation, what to add to a finding) of each form of a plural entry:
    msgstr[0] translates the msgid, every other plural form the msgid_plural."""
    return [(message.id[0] if index == 0 else message.id[1], string,
             f" (plural form msgstr[{index}])") for index, string in enumerate(message.string)]


def _reported(level: str, errors_only: bool) -> bool:
    """Whether a finding at this severity is reported: errors alone when counting errors,
    else anything not turned off."""
    return level == ERROR if errors_only else level != OFF


@functools.lru_cache(maxsize=64)
def _glossary(path: Path, _mtime_ns: int) -> tuple[Term, ...]:
    """A language's glossary, read once per process (and again only if the file changes)."""
    return load_glossary(path)


@functools.lru_cache(maxsize=64)
def _template_ids(pot_path: Path, _digest: str) -> tuple[str, ...]:
    """The segments a statement has now, from its template: read once per process for all the
    languages of the statement (its catalogs go to the same worker), again if it changes."""
    return template_ids(pot_path)


def _run_task(task: CatalogTask) -> Result:
    terms = (_glossary(task.glossary_path, task.glossary_path.stat().st_mtime_ns)
             if task.glossary_path else ())
    return _check_file(
        task.path, task.language, statement=task.statement,
        source_language=task.source_language, published=task.published,
        severity=dict(task.severity),
        template_ids=_template_ids(*task.template) if task.template else None, terms=terms,
        display_path=task.display_path, errors_only=task.errors_only,
        compile_mo=task.compile_mo, allowed_hosts=task.allowed_hosts,
    )


def _run_tasks(tasks: list[CatalogTask]) -> list[Result]:
    return [_run_task(task) for task in tasks]


def ensure_templates(project: Project) -> Path:
    """The ``.pot`` templates of the current sources, extracted again only if a source changed
    (under the project lock, as ``editions update`` extracts them into the same folder)."""
    pot_dir = project.build_dir / "gettext"
    if _templates_current(project, pot_dir):
        return pot_dir
    with project_lock(project):
        return pot_dir if _templates_current(project, pot_dir) else extract(project)


def _templates_current(project: Project, pot_dir: Path) -> bool:
    for slug in project.statements():
        pot = pot_dir / f"{slug}.pot"
        if not pot.exists() or pot.stat().st_mtime_ns < project.statement_source(
            slug
        ).stat().st_mtime_ns:
            return False
    return True


def _template(pot_path: Path) -> tuple[Path, str]:
    """A statement's template and the digest of its bytes (of its absence, if it has none)."""
    return pot_path, _digest(pot_path.read_bytes() if pot_path.exists() else b"no template")


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def check_project(
    project: Project,
    language_codes: Iterable[str] | None = None,
    statements: Iterable[str] | None = None,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    stale: bool = True,
    errors_only: bool = False,
    compile_mo: bool = False,
    executor: Executor | None = None,
) -> CheckReport:
    """Check every catalog of the requested languages and statements (all by default).

    ``stale=False`` skips comparing catalogs with freshly extracted templates (which runs
    Sphinx's gettext builder when a source changed): the build does, since a stale catalog
    does not stop a statement from being published. ``errors_only`` reports errors alone,
    sooner: what the status counts and the publication policy weighs. ``compile_mo`` writes
    each catalog it reads into the ``.mo`` the build needs, where that is older, from the
    same parse (a catalog found in the cache is left to the build to compile).
    """
    started = time.perf_counter()
    codes = [c for c in project.require_languages(tuple(language_codes or ()))
             if c != project.source_language]
    slugs = list(statements or ()) or project.statements()
    for slug in slugs:
        project.statement_source(slug)  # an unknown statement is a clear error
    pot_dir = ensure_templates(project) if stale else None
    overrides = tuple(sorted(project.check_severity))
    cache_path = project.build_dir / "cache" / (ERRORS_CACHE_NAME if errors_only else CACHE_NAME)
    cache = _load_cache(cache_path) if use_cache else {}
    report = CheckReport()
    pending: list[tuple[str, CatalogTask]] = []
    templates = {slug: _template(pot_dir / f"{slug}.pot") for slug in slugs} if pot_dir else {}
    glossaries = {code: project.locale_dir / code / "glossary.csv" for code in codes}
    glossary_bytes = {code: path.read_bytes() if path.exists() else b""
                      for code, path in glossaries.items()}
    fresh: dict[str, dict] = {}
    here = Path.cwd()
    with _Checker(jobs, executor) as checker:
        # Statement by statement, so that work can go out while the rest is looked at.
        for slug in slugs:
            for code in codes:
                path = project.catalog_path(code, slug)
                shown = os.path.relpath(path, here) if path.is_absolute() else str(path)
                published = project.is_published(code, slug)
                try:
                    data = path.read_bytes()
                except FileNotFoundError:
                    level = resolve_severity("missing-catalog", dict(overrides), published)
                    if _reported(level, errors_only):
                        report.findings.append(Finding(
                            "missing-catalog", level, shown, 0,
                            "this statement has no catalog here: run 'editions update'", code,
                            slug,
                        ))
                    continue
                report.catalogs += 1
                template = templates.get(slug)
                hosts = project.link_hosts_of(code)
                key = _digest(
                    data, template[1].encode() if template else b"no template",
                    glossary_bytes[code],
                    json.dumps([overrides, published, code, shown, sorted(hosts)]).encode(),
                )
                if key in cache:
                    fresh[key] = cache[key]
                    report.cached += 1
                    continue
                task = CatalogTask(
                    path, shown, code, slug, project.source_language, published, overrides,
                    template, glossaries[code] if glossary_bytes[code] else None, errors_only,
                    compile_mo, hosts,
                )
                pending.append((key, task))
                checker.add(task)
        results = checker.results()
    for (key, task), (findings, entries, summary) in zip(pending, results, strict=True):
        fresh[key] = {"entries": entries, "findings": [f.as_dict() for f in findings],
                      "summary": summary, "language": task.language,
                      "statement": task.statement}
    for entry in fresh.values():
        report.entries += entry["entries"]
        report.findings.extend(Finding(**f) for f in entry["findings"])
        if entry["summary"]:
            report.summaries[(entry["language"], entry["statement"])] = entry["summary"]
    if use_cache:
        atomic_write(cache_path, json.dumps(fresh).encode())
    report.findings.sort(key=lambda f: (f.path, f.line, f.check))
    report.seconds = time.perf_counter() - started
    return report


class _Checker:
    """Runs catalog tasks, given statement by statement: in this process, and, once there are
    enough of them to be worth it, in ``jobs - 1`` worker processes too.

    Work goes out by statement: its catalogs share their source segments and template, so a
    process analyses each source segment and reads the template once for all languages. The
    workers start as soon as there is enough work for them, while the caller looks for more.
    """

    def __init__(self, jobs: int | None, executor: Executor | None) -> None:
        self.jobs = jobs or os.cpu_count() or 1
        self.executor = executor
        self.stack = contextlib.ExitStack()
        self.pool: Executor | None = None
        self.batches: list[list[CatalogTask]] = []
        self.futures: dict[int, Future[list[Result]]] = {}
        self.tasks = 0
        # Batches go to the workers from the front, one at a time each, and this process
        # takes them from the back once every task is in: they meet with no batch waiting
        # in a worker's queue while another process is idle. (A lock, for the callbacks
        # that send the next batch run in the executor's thread.)
        self.lock = threading.RLock()
        self.sent = 0  # batches [0, sent) went to the workers
        self.complete = 0  # batches [0, complete) will take no more tasks
        self.end: int | None = None  # batches [end, …) are this process's own
        self.in_flight = 0

    def __enter__(self) -> _Checker:
        self.stack.callback(gc.set_threshold, *gc.get_threshold())
        collector.put_off_full_collections()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stack.close()

    def add(self, task: CatalogTask) -> None:
        """Take one more task; a statement's tasks come one after the other."""
        last = self.batches[-1] if self.batches else []
        if not last or (len(last) >= BATCH_SIZE and last[-1].statement != task.statement):
            self.complete = len(self.batches)
            self._send()
            self.batches.append([])
        self.batches[-1].append(task)
        self.tasks += 1
        if self.pool is None and self.jobs > 1 and self.tasks >= PARALLEL_THRESHOLD:
            self.pool = self.executor or self._start_workers()
            self._send()

    def _start_workers(self) -> Executor:
        context = _worker_context()
        if context.get_start_method() == "fork":
            # What exists now (modules, the project) lives to the end: the collector need not
            # go through it again in either process, nor a worker's copy of it be written to.
            gc.freeze()
            self.stack.callback(gc.unfreeze)
        pool = ProcessPoolExecutor(self.jobs - 1, mp_context=context,
                                   initializer=collector.put_off_full_collections)
        # Once the results are in, the workers exit (none is left behind: the command may end
        # at once, see ``cli.finish``).
        self.stack.callback(pool.shutdown, wait=True, cancel_futures=True)
        return pool

    def _send(self) -> None:
        """Give each idle worker the next complete batch this process has not taken."""
        with self.lock:
            limit = self.complete if self.end is None else min(self.complete, self.end)
            while self.pool is not None and self.in_flight < self.jobs - 1 and self.sent < limit:
                number = self.sent
                self.sent += 1
                self.in_flight += 1
                future = self.pool.submit(_run_tasks, self.batches[number])
                self.futures[number] = future
                future.add_done_callback(self._done)  # (at once, if it is done already)

    def _done(self, _future: Future[list[Result]]) -> None:
        with self.lock:
            self.in_flight -= 1
            self._send()

    def results(self) -> list[Result]:
        """The results of every task, in the order they were added."""
        with self.lock:
            self.complete = self.end = len(self.batches)
            self._send()
        outputs: dict[int, list[Result]] = {}
        # This process is the last of the jobs: while the workers start (a spawned one
        # imports the checks anew), and then alongside them, it takes the batches none has
        # been given, from the end of the queue back to where they are.
        while True:
            with self.lock:
                if self.end <= self.sent:
                    break
                self.end -= 1
                number = self.end
            outputs[number] = _run_tasks(self.batches[number])
        for number, future in self.futures.items():
            outputs[number] = future.result()
        return [result for number in range(len(self.batches)) for result in outputs[number]]


def _worker_context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe (Linux, and no other thread to be copied mid-step): a forked
    worker starts at once, with the checks imported. Elsewhere spawn, which imports them anew."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _load_cache(path: Path) -> dict[str, dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
