"""The ``editions`` command: a thin layer of click commands over the library's functions."""

from __future__ import annotations

import functools
import multiprocessing.util
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

# The commands import what only they use (the site build, the importer, the exchange
# formats, the translation memory, a web server): every command starts faster, status first.
from . import catalogs, checks, collector, languages, progress, storage
from .checks import report as check_report
from .checks.messages import interface_language
from .errors import EditionsError
from .progress import publishing
from .progress import report as status_report
from .project import Project, load_project, workspace_address
from .storage import atomic_write
from .wording import counted

# On a terminal, its width; written to a file or a pipe, wide enough for the tables.
# (No emoji codes: a path or a word holding ":x:" is shown as it is. Whatever the command
# did not write itself goes through ``escape``: "[/x]" in a name is words, not markup.)
console = Console(highlight=False, emoji=False, width=None if sys.stdout.isatty() else 120)
err_console = Console(stderr=True, highlight=False, emoji=False)


def _fail(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an ``EditionsError`` into one line on stderr and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except EditionsError as exc:
            _fail(str(exc))
            sys.exit(1)
        except OSError as exc:  # a file the library did not expect to fail: still one line
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc} (check the file and its folder's permissions)")
            sys.exit(1)

    return wrapper


def finish(ctx: click.Context, status: int) -> None:
    """End a command that has said all it has to say with exit ``status``. Run as the
    ``editions`` program (``run``), end at once, without Python freeing the heap object by
    object on the way out (as mypy ends): that took a tenth of a large check's time. From a
    test (``main`` itself), exit as usual."""
    if ctx.obj.get("program"):
        sys.stdout.flush()
        sys.stderr.flush()
        # What multiprocessing leaves for the interpreter's exit goes first: the folder of
        # the workers' server's socket, in the system's temporary folder.
        multiprocessing.util._run_finalizers()
        os._exit(status)
    if status:
        sys.exit(status)


def run() -> None:
    """The ``editions`` program."""
    main(obj={"program": True})


def _project(ctx: click.Context) -> Project:
    return load_project(ctx.obj["root"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project", "root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder of the project (the one with conf.py). Default: found from the current folder.",
)
@click.version_option(package_name="parallel-editions")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Parallel Editions: statements in, translated parallel HTML editions out.

    \b
    Translators:   todo -l fr · check -l fr · suggest -l fr STATEMENT · tm search
                   export -l fr / import-translations FILE (XLIFF, for CAT tools)
    Coordinators:  import FILE · new "Title" · update · add-language CODE · status
                   publish -l fr STATEMENT (once its translation is complete)
    Publishers:    build (into _build/html/) · serve (preview on localhost:8000)
    Everyone:      workspace (translate in a browser, on localhost:8800)
    """
    collector.tune()
    storage.set_wait_notice(
        lambda notice: err_console.print(f"[yellow]{escape(notice)}[/]", soft_wrap=True))
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


@main.command()
@click.option("-l", "--language", "language_codes", multiple=True, metavar="LANG",
              help="Only this language (repeatable). Default: every declared language.")
@click.pass_context
@reports_errors
def update(ctx: click.Context, language_codes: tuple[str, ...]) -> None:
    """Extract segments and merge them into the PO catalogs, losing no translation.

    A changed segment keeps its old translation, marked fuzzy for review; a removed
    segment stays in the file as obsolete.
    """
    project = _project(ctx)
    with console.status("Extracting segments with Sphinx's gettext builder…"):
        results = catalogs.update(project, language_codes)
    _print_merged(project, results)
    unchanged = sum(result.status == "unchanged" for result in results)
    console.print(f"{counted(len(results), 'catalog')}: {len(results) - unchanged} written, "
                  f"{unchanged} unchanged.")


def _print_merged(project: Project, results: list[catalogs.MergeResult]) -> None:
    for result in results:
        path = escape(project.shown(result.path))
        if result.status == "created":
            console.print(f"[green]created[/]  {path} ({counted(result.added, 'segment')})")
        elif result.status == "updated":
            change = (f"+{result.added} −{result.removed}" if result.added or result.removed
                      else "segments moved")
            console.print(f"[yellow]updated[/]  {path} ({change})")


@main.command("add-language")
@click.argument("code")
@click.pass_context
@reports_errors
def add_language(ctx: click.Context, code: str) -> None:
    """Declare a new language CODE in conf.py (checked with babel) and create its catalogs."""
    with console.status("Extracting segments with Sphinx's gettext builder…"):
        project, results = catalogs.add_language(_project(ctx), code)
    code = project.languages[-1]
    _print_merged(project, results)
    console.print(
        f"Declared {languages.native_name(code)} ({languages.english_name(code)}, {code}, "
        f"{languages.direction(code)}) in conf.py."
    )


@main.command()
@click.option("-l", "--language", "language", required=True, metavar="LANG")
@click.argument("statements", nargs=-1, metavar="[STATEMENT]...")
@click.option("--all", "every_complete", is_flag=True,
              help="Every statement whose translation is complete.")
@click.option("--withdraw", is_flag=True, help="Take the statements off the published list.")
@click.pass_context
@reports_errors
def publish(ctx: click.Context, language: str, statements: tuple[str, ...],
            every_complete: bool, withdraw: bool) -> None:
    """Record in conf.py that STATEMENTs are published in a language.

    A statement can be published once its translation is complete (every segment
    translated, none fuzzy, no check error); from then on `editions check` and the tests
    hold it to stay complete. A new statement is published nowhere until this is run.
    """
    if not statements and not every_complete:
        raise click.UsageError("name the statements to publish, or give --all")
    if every_complete and withdraw:
        raise click.UsageError("--withdraw takes the statements it names, not --all")
    _declared, changed = publishing.publish(_project(ctx), language, list(statements),
                                             every_complete=every_complete, withdraw=withdraw)
    verb = "withdrew" if withdraw else "published"
    if changed:
        console.print(f"conf.py: {verb} {escape(', '.join(changed))} in {escape(language)}.")
    else:
        console.print(f"Nothing to change: conf.py already says so for {escape(language)}.")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="File name of the statement (a file with one statement only).")
@click.option("--author", help="Author or signatory body, where the text is not signed.")
@click.option("--original-language", metavar="LANG",
              help="Language the statement was written in. Default: conf.py's language.")
@click.option("--overwrite", is_flag=True, help="Replace a statement with the same slug.")
@click.pass_context
@reports_errors
def import_(ctx: click.Context, file: Path, slug: str | None, author: str | None,
            original_language: str | None, overwrite: bool) -> None:
    """Turn FILE (Markdown or plain text) into statement sources in source/.

    A title line, *emphasis*, **strong**, links, a signature and a date at the end; several
    statements separated by ---; paragraphs split by page breaks are joined again.
    """
    from .sources import importer

    project = _project(ctx)
    written = importer.import_file(project, file, slug=slug, author=author,
                                   original_language=original_language, overwrite=overwrite)
    for path in written:
        console.print(f"[green]wrote[/] {escape(project.shown(path))}")
    console.print("Now run 'editions update' to create its catalogs in every language.")


@main.command()
@click.argument("title")
@click.option("--author", required=True, help="Author or signatory body.")
@click.option("--date", help="Date of the statement, YYYY-MM-DD (leave out if it has none).")
@click.option("--slug", help="File name. Default: made from the title.")
@click.option("--original-language", metavar="LANG",
              help="Language it is written in. Default: conf.py's language.")
@click.pass_context
@reports_errors
def new(ctx: click.Context, title: str, author: str, date: str | None, slug: str | None,
        original_language: str | None) -> None:
    """Start a new statement called TITLE: a source skeleton the site lists at once."""
    from .sources import importer

    project = _project(ctx)
    path = importer.new_statement(project, title, author=author, date=date, slug=slug,
                                  original_language=original_language)
    console.print(f"[green]wrote[/] {escape(project.shown(path))}: write the text there, then "
                  "run 'editions update'.")


@main.command()
@click.option("-l", "--language", "language_codes", multiple=True, metavar="LANG",
              help="Only this edition (repeatable). Default: every edition.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Editions built at once, each in its own process. Default: one per core.")
@click.option("--strict", is_flag=True, help="Fail an edition on any Sphinx warning.")
@click.option("-v", "--verbose", is_flag=True, help="List the pages each edition wrote.")
@click.pass_context
@reports_errors
def build(ctx: click.Context, language_codes: tuple[str, ...], jobs: int | None,
          strict: bool, verbose: bool) -> None:
    """Build the HTML editions into _build/html/<lang>/ and the landing page."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .site import build as site_build

    project = _project(ctx)
    codes = project.require_languages(language_codes)
    with Progress(
        TextColumn("[bold]Building editions"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=True,
    ) as progress:
        task = progress.add_task("build", total=len(codes))
        report = site_build.build(
            project, codes, jobs=jobs, strict=strict,
            on_result=lambda _result: progress.advance(task),
        )
    for result in report.results:
        name = f"{languages.native_name(result.language)} ({result.language})"
        if result.status == "failed":
            console.print(f"[red]✗[/] {name}: failed")
            for error in result.errors:
                _fail(error)
        elif result.status == "up to date":
            console.print(f"[green]✓[/] {name}: up to date")
        else:
            console.print(
                f"[green]✓[/] {name}: {counted(len(result.pages), 'page')} written "
                f"in {result.seconds:.1f} s, "
                + ("and the edition's EPUB" if result.book
                   else "no EPUB: the edition publishes no statement yet")
            )
            if verbose and result.pages:
                console.print("    " + ", ".join(result.pages), soft_wrap=True)
        for warning in result.warnings:
            console.print(f"  [yellow]{escape(warning)}[/]", soft_wrap=True)
    for note in [*report.held, *report.notes]:
        console.print(f"[yellow]{escape(note)}[/]", soft_wrap=True)
    printed = (f", {counted(len(report.printed), 'print-ready PDF')} made"
               if report.printed else "")
    console.print(
        f"Built {sum(r.ok for r in report.results)} of {len(report.results)} editions "
        f"in {report.seconds:.1f} s{printed}. Open {report.landing_page.as_uri()} "
        f"or run 'editions serve'."
    )
    finish(ctx, 0 if report.ok else 1)


@main.command()
@click.option("-l", "--language", "language_codes", multiple=True, metavar="LANG",
              help="Only this language (repeatable). Default: every translation.")
@click.argument("statements", nargs=-1, metavar="[STATEMENT]...")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True, help="text for people, json for scripts, "
              "github for workflow annotations.")
@click.option("--no-cache", is_flag=True, help="Check every catalog again, even unchanged ones.")
@click.pass_context
@reports_errors
def check(ctx: click.Context, language_codes: tuple[str, ...], statements: tuple[str, ...],
          output_format: str, no_cache: bool) -> None:
    """Check translations: completeness, markup, safety, fidelity, typography, glossary.

    Prints `path:line: severity [check-id] message` for each finding and exits with
    status 1 when there is an error. Check ids are listed in README.md. The messages are
    in the language of LANGUAGE (or LC_ALL, LC_MESSAGES, LANG) where the checks have a
    translation for it (LANGUAGE=fr editions check); JSON keeps them in English.
    """
    project = _project(ctx)
    result = checks.check_project(project, language_codes, statements, use_cache=not no_cache)
    if output_format == "json":
        click.echo(check_report.to_json(result))
    elif output_format == "github":
        click.echo(check_report.to_github(result))
    else:
        check_report.print_text(result, console, interface_language())
    finish(ctx, 1 if result.errors else 0)


@main.command()
@click.option("-l", "--language", "language_codes", multiple=True, metavar="LANG",
              help="Only this language (repeatable). Default: every translation.")
@click.option("--format", "output_format",
              type=click.Choice(["table", "json", "markdown", "csv"]), default="table",
              show_default=True, help="table for people; json, markdown or csv for scripts.")
@click.option("--history", is_flag=True,
              help="Progress over time, from the git history of the catalogs.")
@click.option("--no-checks", is_flag=True, help="Leave out the check errors (faster, cold).")
@click.pass_context
@reports_errors
def status(ctx: click.Context, language_codes: tuple[str, ...], output_format: str,
           history: bool, no_checks: bool) -> None:
    """Progress per language and statement: segments and words translated, fuzzy, left."""
    project = _project(ctx)
    figures = progress.compute(project, language_codes, with_checks=not no_checks)
    series = progress.history(project, figures.languages) if history else None
    if output_format == "json":
        click.echo(status_report.to_json(figures, series))
    elif output_format == "csv":
        click.echo(status_report.to_csv(figures), nl=False)
    elif output_format == "markdown":
        click.echo(status_report.to_markdown(figures), nl=False)
    elif series is not None:
        status_report.history_table(series, console)
    else:
        status_report.table(figures, console)
    # (A catalog that cannot be counted is a failure for a script as for a reader.)
    finish(ctx, 1 if any(cell.error for cell in figures.cells.values()) else 0)


@main.command()
@click.option("-l", "--language", "language", required=True, metavar="LANG",
              help="The language to work on.")
@click.pass_context
@reports_errors
def todo(ctx: click.Context, language: str) -> None:
    """What is left to translate in one language: statements nearest to done first."""
    project = _project(ctx)
    (code,) = project.require_languages([language])
    if code == project.source_language:
        raise EditionsError(f"{code!r} is the source language: nothing to translate",
                            project.conf_py)
    status_report.todo(progress.compute(project, [code]), code, console)


@main.command()
@click.option("-l", "--language", "language", required=True, metavar="LANG")
@click.argument("statement")
@click.option("--limit", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Suggestions per segment.")
@click.pass_context
@reports_errors
def suggest(ctx: click.Context, language: str, statement: str, limit: int) -> None:
    """For each untranslated segment of STATEMENT, the closest translations already made.

    Each suggestion shows its similarity (0-100) and the statement it comes from: copy what
    fits into your PO editor, and adapt it.
    """
    from .catalogs import memory

    project = _project(ctx)
    code = _translation_language(project, language)
    path = project.catalog_path(code, project.statement_source(statement).stem)
    if not path.exists():
        raise EditionsError("no catalog yet", path, hint="run 'editions update'")
    entries = [entry for entry in memory.load_memory(project, code)
               if entry.statement != statement]
    catalog = catalogs.load_catalog(path, code)
    waiting = [m for m in catalog if m.id and (not m.string or m.fuzzy)]
    for message in waiting:
        console.print(f"[bold]{escape(project.shown(path))}:{message.lineno}[/] "
                      f"{escape(_short(message.id))}", soft_wrap=True)
        matches = memory.suggest(entries, message.id, limit=limit)
        for entry, score in matches:
            console.print(f"  [green]{score:5.1f}[/] {escape(_short(entry.translation))}  "
                          f"[dim]({entry.statement})[/]", soft_wrap=True)
        if not matches:
            console.print("  [dim]no close match in the memory[/]")
    console.print(f"{counted(len(waiting), 'segment')} to translate or review, "
                  f"{counted(len(entries), 'translation')} in the {code} memory.")


@main.command()
@click.option("-l", "--language", "language", required=True, metavar="LANG")
@click.argument("statements", nargs=-1, metavar="[STATEMENT]...")
@click.option("--format", "output_format", type=click.Choice(["xliff"]), default="xliff",
              show_default=True, help="XLIFF 1.2, which OmegaT, Trados and MateCat read.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write. Default: _build/exchange/<lang>.xlf")
@click.pass_context
@reports_errors
def export(ctx: click.Context, language: str, statements: tuple[str, ...], output_format: str,
           output: Path | None) -> None:
    """Export a language's catalogs (all statements, or those named) for a CAT tool."""
    from .catalogs import exchange

    project = _project(ctx)
    code = _translation_language(project, language)
    if output is not None and not output.parent.is_dir():  # (a mistyped folder: said)
        raise EditionsError(f"there is no folder {str(output.parent)!r} to write the file in",
                            output, hint="create it first, or give another -o")
    slugs = [project.statement_source(slug).stem for slug in statements]
    data = exchange.export_xliff(project, code, slugs or None)
    target = output or project.build_dir / "exchange" / f"{code}.xlf"
    atomic_write(target, data)
    console.print(f"[green]wrote[/] {escape(project.shown(target))}: translate it in your CAT "
                  "tool, then run 'editions import-translations' on the file it gives back.")


@main.command("import-translations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@reports_errors
def import_translations(ctx: click.Context, file: Path) -> None:
    """Bring translations back from an XLIFF FILE into the PO catalogs."""
    from .catalogs import exchange

    project = _project(ctx)
    results = exchange.import_xliff(project, file, _segment_errors(project))
    for result in results:
        if result.changed:
            console.print(f"[green]updated[/] {escape(project.shown(result.path))} "
                          f"({result.changed} segments)")
        for flagged in result.needs_work:
            where = f"{file}:{flagged.line}" if flagged.line else str(file)
            console.print(f"[yellow]needs work[/] {escape(where)}: "
                          f"{escape(repr(_short(flagged.source, 70)))}: "
                          f"{escape('; '.join(flagged.errors))}", soft_wrap=True)
        for gone in result.unmatched:
            where = f"{file}:{gone.line}" if gone.line else str(file)
            console.print(f"[yellow]not imported[/] {escape(where)}: the statement no longer "
                          f"has {escape(repr(_short(gone.source, 70)))}; the translation, to "
                          f"paste against the new segment:\n  {escape(gone.translation)}",
                          soft_wrap=True)
    imported = sum(result.changed for result in results)
    left = sum(len(result.unmatched) for result in results)
    flagged = sum(len(result.needs_work) for result in results)
    if flagged:
        console.print(f"{counted(flagged, 'segment')} sent as reviewed imported as needing "
                      "work: the check finds errors in them (above); correct them, then mark "
                      "them as reviewed.", soft_wrap=True)
    if left:
        console.print(f"Imported {counted(imported, 'segment')}; {counted(left, 'segment')} "
                      "not imported, as the statement changed since the export (their text "
                      "is above; 'editions export' gives the new segments).", soft_wrap=True)
    elif not results:
        console.print("Nothing to change: the catalogs already hold these translations.")


@main.group()
def tm() -> None:
    """The translation memory: every reviewed translation of a language."""


@tm.command("search")
@click.option("-l", "--language", "language", required=True, metavar="LANG")
@click.argument("text")
@click.pass_context
@reports_errors
def tm_search(ctx: click.Context, language: str, text: str) -> None:
    """Where TEXT was translated, and how (searched in sources and translations)."""
    from .catalogs import memory

    project = _project(ctx)
    code = _translation_language(project, language)
    if not text.strip():  # (empty, every entry would "contain" it)
        raise EditionsError("give the words to look for",
                            hint=f"for instance: editions tm search -l {code} 'solidarity'")
    found = memory.search(memory.load_memory(project, code), text)
    for entry in found:
        console.print(f"[bold]{entry.statement}[/]:{entry.line}", soft_wrap=True)
        console.print(f"  {escape(_short(entry.source))}", soft_wrap=True)
        console.print(f"  [green]{escape(_short(entry.translation))}[/]", soft_wrap=True)
    console.print(f"{counted(len(found), 'entry contains', 'entries contain')} "
                  f"{escape(repr(text))}.")


def _translation_language(project: Project, language: str) -> str:
    (code,) = project.require_languages([language])
    if code == project.source_language:
        raise EditionsError(f"{code!r} is the source language: it has no translations",
                            project.conf_py)
    return code


def _segment_errors(project: Project) -> Callable[..., list[str]]:
    """The XLIFF import's check (an ``exchange.SegmentCheck``) in ``project``: the errors
    ``editions check`` finds in one translation; the import passes the rest of what it needs."""
    rules: dict[tuple[str, str], checks.Rules] = {}  # (read once per catalog imported)

    def errors(language: str, statement: str, source: str, text: str,
               flags: tuple[str, ...], line: int) -> list[str]:
        if (language, statement) not in rules:
            rules[(language, statement)] = replace(
                checks.Rules.live(project, language, statement), errors_only=True)
        return [f"[{finding.check}] {finding.message}" for finding in
                rules[(language, statement)].check_text(source, text, flags, line)]
    return errors


def _short(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@main.command()
@click.option("--build", "and_build", is_flag=True,
              help="Build the editions first (deployed only if no edition fails).")
@click.pass_context
@reports_errors
def deploy(ctx: click.Context, and_build: bool) -> None:
    """Put the built site where conf.py's editions_deploy says: a served folder (switched
    at once, never half-written) and/or a git branch your CI publishes."""
    from .site import deploy as site_deploy

    project = _project(ctx)
    with storage.try_lock(site_deploy.site_lock_path(project)) as held:
        if held is None:
            raise EditionsError("another build or deploy of this site is running (the "
                                "workspace's?)", project.build_dir,
                                hint="run the command again when it has finished")
        if and_build:
            outcome = site_deploy.build_and_deploy(project)
            for problem in outcome.problems:
                console.print(f"[yellow]{escape(problem)}[/]", soft_wrap=True)
            places = outcome.deployed
        else:
            outcome, places = None, site_deploy.deploy(project)
    for place in places:
        console.print(f"[green]deployed[/] to {escape(place)}", soft_wrap=True)
    if outcome is not None and not outcome.ok:
        sys.exit(1)


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.pass_context
@reports_errors
def serve(ctx: click.Context, port: int, bind: str) -> None:
    """Serve the built site (_build/html) for a preview in a browser."""
    import http.server

    project = _project(ctx)
    if not (project.html_dir / "index.html").exists():
        raise EditionsError("the site is not built yet", project.html_dir,
                            hint="run 'editions build' first")
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=os.fspath(project.html_dir)
    )
    with http.server.ThreadingHTTPServer((bind, port), handler) as server:
        host, actual_port = server.server_address[:2]
        console.print(
            f"Serving {escape(str(project.html_dir))} on http://{host}:{actual_port}/ "
            "(Ctrl+C stops)",
            soft_wrap=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("Stopped.")


@main.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --open.")
@click.option("--port", type=click.IntRange(0, 65535), default=8800, show_default=True,
              help="Port to listen on (0: a free one, printed).")
@click.option("--open", "open_to_network", is_flag=True,
              help="Allow a non-loopback --host (behind your reverse proxy; see README).")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--no-rebuild", "no_rebuild", is_flag=True,
              help="Do not rebuild and deploy the site after changes (another process "
              "runs 'editions workspace rebuild --watch', or nobody should).")
@click.pass_context
@reports_errors
def workspace(ctx: click.Context, host: str, port: int, open_to_network: bool,
              threads: int, no_rebuild: bool) -> None:
    """Serve the translators' workspace: translate, check and review in a browser.

    It reads and writes the PO files of this project (the same ones Poedit, git and the
    build use) and keeps claims and the team in .workspace/ beside them. 'editions
    workspace invite' makes the team.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .workspace.server import is_loopback, serve

    project = _project(ctx)
    if not is_loopback(host) and not open_to_network:
        raise EditionsError(
            f"{host} is reachable from other machines",
            hint="add --open to serve it there, behind a reverse proxy with HTTPS, once "
            "'editions workspace invite' has made its team (README: 'Host the workspace for "
            "a team')",
        )
    serve(project, host, port, threads=threads, rebuild=not no_rebuild,
          announce=lambda line: console.print(line, soft_wrap=True, markup=False))


@workspace.command("rebuild")
@click.option("--watch", is_flag=True,
              help="Keep running: build each time the workspace asks (Ctrl+C stops).")
@click.pass_context
@reports_errors
def workspace_rebuild(ctx: click.Context, watch: bool) -> None:
    """Rebuild and deploy the site now (or, with --watch, whenever the workspace asks for
    it): for workspaces served by several processes, or with --no-rebuild."""
    from .workspace.server import configure

    project = _project(ctx)
    configure(project, "127.0.0.1")
    from .workspace import rebuilds

    if watch:
        console.print("Rebuilding the site whenever the workspace asks (Ctrl+C stops).")
        try:
            rebuilds.watch(project)
        except KeyboardInterrupt:
            console.print("Stopped.")
        return
    rebuilds.request_rebuild(project, project.editions, "manual", settle=0)
    build = rebuilds.run_due(project)
    if build is None:
        raise EditionsError("another build of this site is running", project.build_dir,
                            hint="the workspace's page Builds shows it; it is rebuilt again "
                            "after it, as asked")
    for line in build.log_lines:
        console.print(f"[yellow]{escape(line)}[/]", soft_wrap=True)
    console.print(f"Build {build.get_status_display()}.")
    if build.status != build.Status.SUCCEEDED:
        sys.exit(1)


@workspace.command("invite")
@click.option("-l", "--language", metavar="LANG", help="The language's team to join.")
@click.option("--role", type=click.Choice(["translator", "reviewer", "coordinator"]),
              default="translator", show_default=True)
@click.option("--admin", "administrator", is_flag=True,
              help="Invite a project administrator (every language) instead.")
@click.option("--days", type=click.IntRange(1, 90), default=7, show_default=True,
              help="Days before the link expires.")
@click.option("--url", default="", metavar="URL",
              help="Where the workspace is served. Default: conf.py's editions_workspace_url, "
              "else http://127.0.0.1:8800/.")
@click.pass_context
@reports_errors
def workspace_invite(ctx: click.Context, language: str | None, role: str,
                     administrator: bool, days: int, url: str) -> None:
    """Print a one-time link that makes its holder a member of a language's team.

    Once a workspace has a team, every page asks for a login.
    """
    from .workspace.server import configure

    project = _project(ctx)
    url = workspace_address(url, name="--url")
    if not administrator:
        if not language:
            raise EditionsError("say which language's team", hint="add -l LANG, or --admin")
        language = _translation_language(project, language)
    configure(project, "127.0.0.1")
    from .workspace import team

    token = team.invite(language or "", role, administrator=administrator, days=days)
    base = (url or project.workspace_url or "http://127.0.0.1:8800/").rstrip("/")
    who = "an administrator" if administrator else f"a {role} of the {language} team"
    console.print(f"One-time link for {who}, valid {counted(days, 'day')} (give it to one "
                  "person only, by a channel you trust):", soft_wrap=True)
    console.print(f"{base}/join/{token}/", soft_wrap=True, markup=False)


if __name__ == "__main__":
    main()
