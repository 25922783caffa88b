"""Site building: one Sphinx build per edition, in parallel processes, then the landing page.

Each edition keeps its own Sphinx environment under ``_build/doctrees/<lang>``, so Sphinx
rebuilds only what changed; an edition none of whose inputs changed is not even started.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.util.osutil import make_filename_from_project
from sphinx.util.tags import Tags

from .. import languages, sphinxapps, workers
from ..catalogs import compile_catalogs
from ..checks import sphinx_warnings
from ..checks.report import format_finding
from ..errors import EditionsError
from ..progress import Progress, by_day, history, policy, snapshots
from ..progress import compute as compute_progress
from ..project import Project
from ..storage import atomic_write, project_lock, write_if_changed
from .dashboard import write_progress_site
from .held import held_lines, held_overrides, write_held_catalogs
from .inputs import data_digest, files_digest
from .interface import SITE_ABOUT, interface_translations
from .landing import landing_page, write_landing_page
from .pages import pages_gone, remove_pages
from .parallel_view import write_parallel_views
from .printing import PdfQueue
from .sitemap import write_robots, write_sitemap
from .withdrawn import write_withdrawn_pages

STAMP_NAME = "editions-inputs.json"


@dataclass
class EditionResult:
    """What building one edition did."""

    language: str
    status: str  # "built", "up to date" or "failed"
    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    book: bool = True  # whether it has an EPUB (an edition that publishes nothing has none)
    #: The warnings placed on PO entries, as notices for the workspace's builds page
    #: (``checks.sphinx_warnings.Located.notice``).
    findings: list[dict[str, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass
class BuildReport:
    results: list[EditionResult]
    landing_page: Path
    seconds: float
    #: The print-ready PDFs this build wrote (those of unchanged pages are kept).
    printed: list[Path] = field(default_factory=list)
    #: What the build left out and why (the PDFs, where WeasyPrint cannot start).
    notes: list[str] = field(default_factory=list)
    #: One line per published page shown as its last published version (or taken out).
    held: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def warnings(self) -> list[str]:
        return [warning for result in self.results for warning in result.warnings]


def _fingerprint(project: Project, language: str, plan: dict, sources: str) -> str:
    """A digest of every input of one edition: its ``sources`` (the digest of ``source/``
    and conf.py, taken once per build), its catalogs, this package, and the publication plan
    (which editions publish which statement), with the kept versions of its statements."""
    catalogs = (sorted(project.catalog_dir(language).glob("*.po"))
                + sorted((project.locale_dir / language / snapshots.FOLDER).glob("*"))
                if language != project.source_language else [])
    return data_digest(edition_plan(plan, language), sources, files_digest(catalogs))


def edition_plan(plan: dict, language: str) -> dict:
    """What one edition's pages say of the plan: which editions publish each statement (its
    language switcher, its alternates), and the rest of its own language's entries (notice,
    percentage, title). A title or a percentage that changes in French rebuilds the French
    edition, not all of them (Sphinx writes every page of an edition whose plan changed)."""
    return {slug: {code: entry if code == language else {"published": entry.get("published")}
                   for code, entry in entries.items()}
            for slug, entries in plan.items()}


def _sources_digest(project: Project) -> str:
    """conf.py and every file under ``source/``, as one digest."""
    return files_digest([project.conf_py,
                         *sorted(p for p in project.srcdir.rglob("*") if p.is_file())])


def _sources_record(project: Project) -> Path:
    """The digest of the sources the last build that failed nowhere was made from."""
    return project.build_dir / "cache" / "sources-digest"


def _last_sources(project: Project) -> str:
    try:
        return _sources_record(project).read_text(encoding="utf-8")
    except OSError:
        return ""


def _stamp_path(project: Project, language: str) -> Path:
    return project.build_dir / "doctrees" / language / STAMP_NAME


def _overrides(project: Project, language: str, plan: dict) -> dict:
    """Per edition: its language, the plan, and the statements it does not publish excluded."""
    unpublished = [f"{slug}.rst" for slug in policy.unpublished(plan, language)]
    overrides = {
        "language": language,
        "editions_fast_build": True,
        "editions_template_cache": str(project.build_dir / "cache" / "templates"),
        **_plan_file(project, language, plan),
        # The catalogs are compiled beforehand, strictly and under the project lock: Sphinx
        # must not compile one on its own (leniently, and while a writer may be at work).
        "gettext_auto_build": False,
        "exclude_patterns": [*project.exclude_patterns, *unpublished],
        # The EPUB builder reuses the HTML build's environment: same "env" settings in both.
        "editions_epub_name": epub_name(project, language),
        "epub_basename": epub_name(project, language),
        "epub_title": f"{project.name} — {languages.native_name(language)}",
        # Sphinx backs the build info up as .buildinfo.bak when the configuration changed (a
        # catalog changed the publication plan): no file of the book, whatever --strict says.
        "epub_exclude_files": ["search.html", ".buildinfo.bak"],
        "epub_use_index": False,
        # The index lists the statements in a hidden toctree: the book's table of contents
        # (nav.xhtml, toc.ncx) lists them only from the hidden entries, and is then resolved
        # once, not three times (with the default, it named the index page alone).
        "epub_tocscope": "includehidden",
        # No general index: a statement has no index entries, so it would be an empty page.
        "html_use_index": False,
        "epub_show_urls": "no",
        "editions_statements_file": str(policy.statements_file(project, language)),
        **held_overrides(project, language, plan),
    }
    if project.base_url:
        # Canonical URLs, social cards and the feed use each edition's own address.
        overrides["html_baseurl"] = project.edition_url(language)
    # The book's identifier, the same in its package and its table of contents (Sphinx uses
    # epub_uid in both places, and as an XML name): the edition's address, as a name.
    uid = "book-" + re.sub(r"[^\w.-]+", "-", project.edition_url(language)
                           or f"{epub_name(project, language)}-{language}").strip("-")
    overrides.update(epub_uid=uid, epub_identifier=uid, epub_scheme="",
                     epub_contributor=project.name,
                     epub_description=_about(project, language))
    return overrides


def _plan_file(project: Project, language: str, plan: dict) -> dict[str, str]:
    """The edition's share of the plan, written where its pages read it
    (``_build/cache/plans/<lang>.json``), and its digest, the setting Sphinx compares
    (``sphinxext.plan``)."""
    text = json.dumps(edition_plan(plan, language), sort_keys=True, ensure_ascii=False)
    path = project.build_dir / "cache" / "plans" / f"{language}.json"
    write_if_changed(path, text.encode("utf-8"))
    return {"editions_plan_file": str(path),
            "editions_plan_digest": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def _about(project: Project, language: str) -> str:
    """What the book (the edition) is, in its language."""
    return interface_translations(language, project.build_dir / "cache").gettext(SITE_ABOUT)


def _published_statements(project: Project, plan: dict) -> list[dict]:
    """The original edition's statements, newest first, each with the editions that publish
    it (from what the builds left; none where the original edition was never built)."""
    statements = policy.built_statements(project, project.source_language)
    for statement in statements:
        statement["editions"] = [
            code for code in project.editions
            if code != project.source_language
            and plan.get(statement["slug"], {}).get(code, {}).get("published")
        ]
    return statements


def epub_name(project: Project, language: str) -> str:
    """The e-book's file name (without ".epub") in the edition's folder."""
    return f"{make_filename_from_project(project.name or 'editions')}-{language}"


def _run_sphinx(project: Project, language: str, strict: bool, plan: dict) -> EditionResult:
    """Build one edition with Sphinx in this process: its pages, then (if they were built
    and it publishes anything) its EPUB, with one application; collect the pages written and
    the warnings of both."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    sphinxapps.clean_slate()
    warnings = io.StringIO()
    pages: list[str] = []
    # As sphinx-build does: docutils registries are process-wide, keep each build's own.
    with patch_docutils(project.root), docutils_namespace():
        app = Sphinx(
            srcdir=project.srcdir, confdir=project.root,
            outdir=project.html_dir / language,
            doctreedir=project.build_dir / "doctrees" / language, buildername="html",
            confoverrides=_overrides(project, language, plan), status=None, warning=warnings,
        )
        app.connect("html-page-context", lambda _app, pagename, _template, _context, doctree: (
            pages.append(pagename) if doctree is not None and app.builder.name == "html"
            else None))
        app.build()
        result = _outcome(project, language, strict, app, warnings)
        result.pages = sorted(pages)
        if result.ok:
            result.book = policy.publishes_anything(plan, language)
            if result.book:
                _write_book(app, project, language)
                result = _outcome(project, language, strict, app, warnings)
                result.pages = sorted(pages)
            else:  # an edition that publishes nothing has no book (one left from before goes)
                (project.html_dir / language / f"{epub_name(project, language)}.epub").unlink(
                    missing_ok=True)
    return result


def _write_book(app, project: Project, language: str) -> None:  # type: ignore[no-untyped-def]
    """Write the edition's EPUB with ``app``, whose HTML build left the environment in
    memory: the EPUB builder takes it over (a second application loaded it again from disk
    and set every extension up again: a third of a book's time where one page changed).
    The book is written in ``_build/epub/<lang>`` and copied whole into the edition."""
    html_tags = ("html", "format_html", "builder_html")
    # As in a build of its own: no ``only:: builder_html`` content in books. New tags, not
    # the same with some removed: Sphinx's remember how each condition came out.
    app.tags = Tags([tag for tag in app.tags if tag not in html_tags])
    # (What sphinx.application.Sphinx.__init__ does after making its builder; pinned by
    # tests/test_dependency_internals.py.)
    app.outdir = type(app.outdir)(project.build_dir / "epub" / language)
    app.outdir.mkdir(parents=True, exist_ok=True)
    app.builder = app.create_builder("epub")
    app._post_init_env()
    app._init_builder()
    app.build()
    if app.statuscode == 0:
        name = f"{epub_name(project, language)}.epub"
        atomic_write(project.html_dir / language / name, (app.outdir / name).read_bytes())


def _outcome(project: Project, language: str, strict: bool, app,  # type: ignore[no-untyped-def]
             warnings: io.StringIO) -> EditionResult:
    """What Sphinx reported so far: its warnings, located in the catalogs where they can be,
    and whether the build failed (an error, or a warning where ``strict``)."""
    from sphinx.util.console import strip_colors

    located = sphinx_warnings.locate(project, language, [
        strip_colors(line) for line in warnings.getvalue().splitlines() if line.strip()
    ])
    warning_lines = [
        format_finding(item.finding) if isinstance(item, sphinx_warnings.Located) else item
        for item in located
    ]
    failed = app.statuscode != 0 or (strict and bool(warning_lines))
    return EditionResult(
        language=language, status="failed" if failed else "built", warnings=warning_lines,
        errors=["Sphinx reported an error"] if app.statuscode else [],
        findings=[item.notice() for item in located
                  if isinstance(item, sphinx_warnings.Located)],
    )


def _stamped_inputs(project: Project, language: str) -> str | None:
    """The fingerprint of the inputs the last successful build of this edition saw."""
    stamp = _stamp_path(project, language)
    if not stamp.exists() or not (project.html_dir / language / "index.html").exists():
        return None
    try:
        return json.loads(stamp.read_text()).get("inputs")
    except (OSError, ValueError):
        return None


def build_edition(
    project: Project, language: str, strict: bool = False, plan: dict | None = None,
    fingerprint: str | None = None,
) -> EditionResult:
    """Build one edition in this process: its pages, then its EPUB. ``fingerprint`` is its
    inputs' as they were before the build (taken now if not given)."""
    plan = plan or {}
    fingerprint = fingerprint or _fingerprint(project, language, plan,
                                              _sources_digest(project))
    return _finish(project, write_edition(project, language, strict, plan), plan, fingerprint)


def write_edition(project: Project, language: str, strict: bool, plan: dict) -> EditionResult:
    """Check and compile the edition's catalogs, then write its pages and its EPUB."""
    started = time.perf_counter()
    if language != project.source_language:
        try:
            errors = compile_catalogs(project, language)
            write_held_catalogs(project, language, plan)
        except EditionsError as exc:  # the project lock could not be taken, a kept catalog
            errors = [exc]
        if errors:
            return EditionResult(
                language, "failed", errors=[str(error) for error in errors],
                seconds=time.perf_counter() - started,
            )
    try:
        result = _run_sphinx(project, language, strict, plan)
    except Exception as exc:  # one edition's failure must not stop the others
        result = EditionResult(language, "failed", errors=[_unexpected(exc, language)])
    result.seconds = time.perf_counter() - started
    return result


def _unexpected(exc: Exception, language: str) -> str:
    """An error Sphinx or an extension raised: said in one line, with what to do."""
    if isinstance(exc, EditionsError):
        return str(exc)
    return (f"{type(exc).__name__}: {exc} (while building the {language!r} edition: run "
            f"'editions check -l {language}', and report this error if the catalogs are "
            "clean)")


def _finish(project: Project, result: EditionResult, plan: dict,
            fingerprint: str) -> EditionResult:
    """Stamp the edition's inputs if it built cleanly."""
    stamp = _stamp_path(project, result.language)
    if result.ok and not result.warnings:
        atomic_write(stamp, json.dumps({"inputs": fingerprint}).encode())
    else:
        stamp.unlink(missing_ok=True)  # warnings are shown again on the next build
    return result


@dataclass(frozen=True)
class _Editions:
    """What building any edition of one build takes, sent with each of its tasks to a worker."""

    project: Project
    strict: bool
    plan: dict
    fingerprints: dict[str, str]

    def write(self, language: str) -> EditionResult:
        return write_edition(self.project, language, self.strict, self.plan)

    def finish(self, language: str, result: EditionResult) -> EditionResult:
        return _finish(self.project, result, self.plan, self.fingerprints[language])


def _build_editions(editions: _Editions, pending: list[str], pool: Executor | None,
                    done: Callable[[EditionResult], None]) -> None:
    """Build the editions whose inputs changed, each (its pages, then its EPUB) a task of the
    pool; meanwhile this process writes the sitemap and robots.txt, which depend on none.

    First, every file of each page an edition no longer publishes goes, in this process
    (before the EPUB builder packs what its folder holds; the PDF record is this process's).
    An edition not rebuilt has the plan and sources its last build had, and so no such page.
    """
    project, plan = editions.project, editions.plan
    for code in pending:
        remove_pages(project, code, pages_gone(project, code, plan))

    def write_site_pages() -> None:
        write_sitemap(project, plan)
        write_robots(project)

    if pool is None or len(pending) <= 1:
        for code in pending:
            done(build_edition(project, code, editions.strict, plan,
                               editions.fingerprints[code]))
        write_site_pages()
    else:
        workers.each(pool, pending, editions.write,
                     lambda code, result: done(editions.finish(code, result)),
                     meanwhile=write_site_pages)


def build(
    project: Project,
    language_codes: Iterable[str] | None = None,
    *,
    jobs: int | None = None,
    strict: bool = False,
    on_result: Callable[[EditionResult], None] | None = None,
) -> BuildReport:
    """Build the requested editions (all by default), ``jobs`` at a time, and the landing page.

    Editions whose inputs did not change are skipped without starting a process; the others
    are built in separate processes (Sphinx holds global state), at most ``jobs`` at once.
    """
    started = time.perf_counter()
    codes = project.require_languages(tuple(language_codes or ()))
    results: list[EditionResult] = []
    printer: PdfQueue | None = None

    def done(result: EditionResult) -> None:
        results.append(result)
        if printer is not None and result.status == "built":
            printer.add([result.language])  # (its PDFs made while other editions build)
        if on_result:
            on_result(result)

    jobs = max(1, jobs or os.cpu_count() or 1)
    with contextlib.ExitStack() as stack:
        # One pool of worker processes for the checks behind the plan, the editions and the
        # PDFs; processes start only when work is submitted to them.
        pool = None if jobs == 1 else stack.enter_context(workers.pool(jobs))
        sources = _sources_digest(project)
        if pool is not None and len(codes) > 1 and sources != _last_sources(project):
            # A source changed: every edition will be written. The workers start now, while
            # this process finds what to build.
            workers.start_soon(pool)
        progress, plan = _figures_and_plan(project, pool)
        fingerprints = {code: _fingerprint(project, code, plan, sources) for code in codes}
        pending = [code for code in codes
                   if _stamped_inputs(project, code) != fingerprints[code]]
        for code in codes:
            if code not in pending:
                done(EditionResult(code, "up to date"))
        # Translations first, the source edition (no catalogs to apply, the quickest) last.
        pending.sort(key=lambda code: code == project.source_language)
        if project.print_pdf:
            printer = PdfQueue(project, pool, only=policy.publishing_editions(project, plan))
            if pending:
                printer.prepare()
        _build_editions(_Editions(project, strict, plan, fingerprints), pending, pool, done)
        if all(result.ok for result in results) and set(codes) == set(project.editions):
            write_if_changed(_sources_record(project), sources.encode())
        printed, notes = _write_site_pages(project, plan, progress, printer)
    order = {code: index for index, code in enumerate(codes)}
    results.sort(key=lambda result: order[result.language])
    return BuildReport(results, landing_page(project), time.perf_counter() - started,
                       printed, notes, held_lines(project, progress) if progress else [])


def _figures_and_plan(project: Project, pool: Executor | None) -> tuple[Progress | None, dict]:
    """The figures of every catalog and the publication plan they make.

    The checks behind the plan read every catalog: they compile it too, from that parse, in
    the pool's processes, under the lock this process holds meanwhile (a writer that replaced
    a catalog between its reading and its .mo would leave a stale .mo). Each published
    statement that passes now is kept as the version its edition shows while a later one
    does not (from the catalogs as the checks read them)."""
    with project_lock(project):
        progress = (compute_progress(project, compile_mo=True, executor=pool)
                    if project.languages else None)
        if progress:
            snapshots.refresh(project, progress)
    return progress, policy.plan(project, progress) if progress else {}


def _write_site_pages(project: Project, plan: dict, progress: Progress | None,
                      printer: PdfQueue | None) -> tuple[list[Path], list[str]]:
    """What the whole site shows, once the editions are built: the landing page (the
    statements the editions' builds found), the parallel views (pairing the pages they
    wrote), the PDFs (those of editions not rebuilt too), the progress pages. Returns the
    PDFs written and what was left out."""
    write_landing_page(project, plan, _published_statements(project, plan))
    write_parallel_views(project, plan)
    write_withdrawn_pages(project, plan)
    if printer is not None:
        printer.add(project.editions)  # (printed while the progress pages are written)
    try:
        if progress:  # (its rows are the statements' titles, as the builds found them)
            write_progress_site(project, progress, by_day(history(project)))
    finally:  # (what was printed is recorded, whatever happened)
        printed = printer.finish() if printer is not None else ([], [])
    return printed
